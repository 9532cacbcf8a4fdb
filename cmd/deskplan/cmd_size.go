package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/scenario"
	"github.com/deskplan/deskplan/planner/store"
	"github.com/deskplan/deskplan/planner/xlsx"
)

type sizeOptions struct {
	g         *globalOptions
	io        *IOStreams
	Session   string
	Week      string
	Target    string
	Mix       string
	Contract  string
	Share     float64
	MaxExtra  int
	Scenario  string
	TimeLimit time.Duration
	Effort    int
	Seed      int64
	JSON      bool
	Output    string
	Force     bool // replace the workbook if it exists
}

// newSizeCmd makes "deskplan size" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newSizeCmd(g *globalOptions, ios *IOStreams, runF func(*sizeOptions) error) *cobra.Command {
	o := &sizeOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "size",
		Short: "Find how many extra staff the desk needs to meet the service target",
		Long: `Find the fewest extra staff, hired by the mix, with which the planned roster of a week (by
default the session's busiest) meets the service target every day, and with --share in that
share of the slots too. Greedy rosters screen every headcount quickly (the curve of service
level against headcount); the optimiser confirms the answer. Then the weeks before the busiest
week are planned with that team, and each trainee's hours beside a mentor are shown.`,
		Example: `  deskplan size --session jan-2027 --target 80/60s
  deskplan size --session jan-2027 --target 90/30s --mix qualified:2,trainee:1 --contract 15h --share 0.8 -o size.xlsx`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := o.request(cmd)
			if err != nil {
				return err
			}
			if err := refuseOverwrite(cmd, o.Force, o.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runSize(cmd.Context(), req, *o, ios.Out, ios.ErrOut)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Session, "session", "", "exam session id (default: the session that starts last)")
	f.StringVar(&o.Week, "week", "", "size the week of this date, YYYY-MM-DD (default: the session's busiest week)")
	f.StringVar(&o.Target, "target", "", "service target PERCENT/SECONDS, e.g. 80/60s (default: the settings')")
	f.StringVar(&o.Mix, "mix", "qualified:1", "statuses of the extra staff and their weights, e.g. qualified:2,trainee:1")
	f.StringVar(&o.Contract, "contract", "20h", "weekly contract of each extra person, e.g. 20h")
	f.Float64Var(&o.Share, "share", 0, "also require this share (0-1) of the slots with calls to meet the target")
	f.IntVar(&o.MaxExtra, "max-extra", 40, "give up above this many extra staff")
	f.StringVar(&o.Scenario, "scenario", scenario.Base, "size this what-if scenario")
	f.DurationVar(&o.TimeLimit, "time-limit", 2*time.Minute, "time the optimiser may take for each confirming plan")
	f.IntVar(&o.Effort, "effort", optimize.DefaultEffort, "deterministic search budget of each confirming plan (moves): the same seed and effort give the same result; 0: time limit only")
	f.Int64Var(&o.Seed, "seed", 1, "random seed")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	f.StringVarP(&o.Output, "output", "o", "", "also write the sizing workbook (.xlsx) with the curve and its chart")
	forceFlag(f, &o.Force)
	return cmd
}

func (o sizeOptions) request(cmd *cobra.Command) (optimize.SizeRequest, error) {
	req := optimize.SizeRequest{SessionID: o.Session, Seed: o.Seed, TimeLimit: o.TimeLimit, Effort: o.Effort, Share: o.Share, MaxExtra: o.MaxExtra}
	if o.Week != "" {
		d, err := calendar.ParseDate(o.Week)
		if err != nil {
			return req, flagError(cmd, "week", "%v", err)
		}
		req.Week = d
	}
	if o.Target != "" {
		c, err := scenario.ParseChange("target", o.Target)
		if err != nil {
			return req, flagError(cmd, "target", "%q is not PERCENT/SECONDS, e.g. 80/60s", o.Target)
		}
		ds := &planner.Dataset{Settings: planner.DefaultSettings()}
		if ds, err = (scenario.Scenario{Changes: []scenario.Change{c}}).Apply(ds); err != nil {
			return req, flagError(cmd, "target", "%v", err)
		}
		req.TargetPercent, req.TargetSeconds = ds.Settings.TargetPercent, ds.Settings.TargetSeconds
	}
	mix, err := optimize.ParseMix(o.Mix)
	if err != nil {
		return req, flagError(cmd, "mix", "%v", err)
	}
	req.Mix = mix
	h, err := strconv.ParseFloat(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(o.Contract)), "h"), 64)
	if err != nil || h < 1 || h > 80 {
		return req, flagError(cmd, "contract", "%q is not a number of hours 1..80, e.g. 20h", o.Contract)
	}
	req.ContractHours = h
	if o.Share < 0 || o.Share > 1 {
		return req, flagError(cmd, "share", "must be between 0 and 1, got %v", o.Share)
	}
	if o.TimeLimit <= 0 {
		return req, flagError(cmd, "time-limit", "must be positive, got %v", o.TimeLimit)
	}
	if o.MaxExtra < 1 || o.MaxExtra > 500 {
		return req, flagError(cmd, "max-extra", "must be 1..500, got %d", o.MaxExtra)
	}
	return req, nil
}

func runSize(ctx context.Context, req optimize.SizeRequest, opts sizeOptions, out, errw io.Writer) error {
	st, err := store.Open(ctx, opts.g.DB)
	if err != nil {
		return err
	}
	ds, err := desk.ScenarioDataset(ctx, st, opts.Scenario)
	st.Close()
	if err != nil {
		return err
	}
	sess, err := defaultSession(ds, req.SessionID)
	if err != nil {
		return err
	}
	req.SessionID = sess.ID
	status := newStatusLine(opts.io, opts.JSON)
	defer status.Close()
	status.Set(-1, "sizing session %s: reading the forecast", sess.ID)
	target := ds.Settings.TargetSeconds
	if req.TargetSeconds > 0 {
		target = req.TargetSeconds
	}
	req.Progress = func(p optimize.SizeProgress) {
		done := -1.0
		if p.Plan != nil {
			done = p.Plan.Done
		}
		status.Set(done, "%s", sizeWords(p, target))
	}
	res, err := optimize.Size(ctx, ds, req)
	status.Close()
	if err != nil {
		return err
	}
	return writeResult(out, res, opts.JSON, opts.Output, "Sizing",
		func(w io.Writer) error { return xlsx.WriteSize(w, res) },
		func(w io.Writer) error { return printSize(w, res) })
}

func printSize(w io.Writer, r *optimize.SizeResult) error {
	fmt.Fprintf(w, "Sizing session %s, %s to %s, for %g%% of calls answered within %ds every day", r.SessionID, r.From, r.To, r.TargetPercent, r.TargetSeconds)
	if r.Share > 0 {
		fmt.Fprintf(w, " and in %g%% of the slots", 100*r.Share)
	}
	fmt.Fprintf(w, "\nExtra staff: contracts of %gh a week, mix %s\n", r.ContractHours, mixText(r.Mix))
	if r.Extra >= 0 {
		fmt.Fprintf(w, "Answer: %d extra staff (%s)\n", r.Extra, r.Staff)
	} else {
		fmt.Fprintf(w, "Answer: none: even %d extra staff do not meet the target\n", len(r.Curve)-1)
	}
	fmt.Fprintf(w, "Capacity screen: %d extra staff give the contract hours the need of every slot asks for\n\n", r.CapacityBound)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "EXTRA\tSTAFF\tMETHOD\tSERVICE\tWORST DAY\tSLOTS MET\tPAID HOURS\tCOST\tMEETS\t")
	for _, p := range append(append([]optimize.SizePoint{}, r.Curve...), r.Confirmed...) {
		meets := "no"
		if p.Meets {
			meets = "yes"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.1f%%\t%.1f%%\t%.0f%%\t%.1f\t%.0f\t%s\t\n", p.Extra, p.Staff, p.Method, 100*p.ServiceLevel, 100*p.WorstDay, 100*p.SlotShare, p.PaidHours, p.Cost, meets)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nTraining: hours beside a mentor before the busiest week (%s)\n", r.BusiestWeek)
	if len(r.TrainingWeeks) == 0 {
		fmt.Fprintln(w, "  the busiest week is the session's first: no week before it is planned")
		return nil
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "  STAFF\tNAME\tSTATUS")
	for _, wk := range r.TrainingWeeks {
		fmt.Fprintf(tw, "\tWEEK %s", wk)
	}
	fmt.Fprintln(tw, "\tTOTAL")
	for _, t := range r.Training {
		fmt.Fprintf(tw, "  %s\t%s\t%s", t.StaffID, t.Name, t.Status)
		for _, wk := range r.TrainingWeeks {
			fmt.Fprintf(tw, "\t%.1f", t.Weeks[wk.String()])
		}
		fmt.Fprintf(tw, "\t%.1f\n", t.Hours)
	}
	return tw.Flush()
}

func mixText(mix []optimize.MixPart) string {
	s := make([]string, len(mix))
	for i, m := range mix {
		s[i] = fmt.Sprintf("%s:%d", m.Status, m.Weight)
	}
	return strings.Join(s, ",")
}

// sizeWords says how a sizing stands: "screening 8 extra staff with quick rosters",
// "confirming 3 extra staff: 12 s left, at least 91.0% of calls answered within 60 s",
// "training figures, planning week 2 of 4: ...".
func sizeWords(p optimize.SizeProgress, targetSeconds int) string {
	var s string
	switch p.Step {
	case optimize.SizeScreening:
		return fmt.Sprintf("screening %d extra staff with quick rosters", p.Extra)
	case optimize.SizeConfirming:
		s = fmt.Sprintf("confirming %d extra staff", p.Extra)
	default:
		s = fmt.Sprintf("training figures, planning week %d of %d", p.Week, p.Weeks)
	}
	if p.Plan != nil {
		s += ": " + planWords(*p.Plan, targetSeconds)
	}
	return s
}
