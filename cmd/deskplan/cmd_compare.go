package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/store"
	"github.com/deskplan/deskplan/planner/xlsx"
)

type compareOptions struct {
	g         *globalOptions
	io        *IOStreams
	Session   string
	Week      string
	TimeLimit time.Duration
	Effort    int
	Seed      int64
	JSON      bool
	Output    string
	Demand    string // mean or a quantile such as p80; "": the demand_quantile setting
	Force     bool   // replace the workbook if it exists
}

// newCompareCmd makes "deskplan compare" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newCompareCmd(g *globalOptions, ios *IOStreams, runF func(*compareOptions) error) *cobra.Command {
	o := &compareOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "compare SCENARIO [SCENARIO...]",
		Short: "Plan several scenarios alike and show them side by side",
		Long: `Plan each scenario ("base" is the data itself) for the same session and week with the same
seed, in parallel, and show per day and in total: calls answered within the target, service
level, ASA, abandonment, paid hours, cost (rate_* settings), slots short and trainee hours
beside a mentor; then, for each person, the shifts that differ from the first scenario.
The rosters are not saved. Without --week, the session's first week is planned.

With --demand p80 (or the demand_quantile setting), each scenario is planned twice, for the
mean forecast ("base") and for its 80% quantile ("base p80"), and every roster is reported at
the mean forecast and again at p80 (the rows "... at p80"): the paid hours and cost say what
planning for p80 costs, the service at the mean and at p80 what it buys. One scenario is then
enough.`,
		Example: `  deskplan compare base plus20 lean --session jan-2027
  deskplan compare base plus20 --week 2027-01-11 --effort 2000 -o compare.xlsx
  deskplan compare base --demand p80 --session jan-2027 --week 2027-01-04`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 {
				return usageError{err: fmt.Errorf("%s needs a scenario (base is the data itself)", cmd.CommandPath()), cmd: cmd}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.TimeLimit <= 0 {
				return flagError(cmd, "time-limit", "must be positive, got %v", o.TimeLimit)
			}
			if o.Effort < 0 {
				return flagError(cmd, "effort", "must not be negative")
			}
			if err := checkDemand(cmd, o.Demand); err != nil {
				return err
			}
			if err := refuseOverwrite(cmd, o.Force, o.Output); err != nil {
				return err
			}
			week, err := weekFlag(cmd, o.Week)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runCompare(cmd.Context(), cmd, args, week, *o, ios.Out, ios.ErrOut)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Session, "session", "", "exam session id (default: the session that starts last)")
	f.StringVar(&o.Week, "week", "", "plan the week of this date, YYYY-MM-DD (default: the session's first week)")
	f.DurationVar(&o.TimeLimit, "time-limit", 2*time.Minute, "time the optimiser may take for each scenario")
	f.IntVar(&o.Effort, "effort", optimize.DefaultEffort, "deterministic search budget per scenario (moves): the same seed and effort give the same result; 0: time limit only")
	f.Int64Var(&o.Seed, "seed", 1, "random seed, the same for every scenario")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	f.StringVarP(&o.Output, "output", "o", "", "also write the comparison workbook (.xlsx)")
	demandFlag(f, &o.Demand)
	forceFlag(f, &o.Force)
	return cmd
}

// defaultSession returns the session id to use when --session is not given: the one that
// starts last.
func defaultSession(ds *planner.Dataset, id string) (planner.Session, error) {
	if id != "" {
		s, ok := ds.Session(id)
		if !ok {
			return s, fmt.Errorf("--session: %w", planner.UnknownSessionError(ds, id))
		}
		return s, nil
	}
	if len(ds.Sessions) == 0 {
		return planner.Session{}, &planner.InputError{Problems: []planner.Problem{{Msg: planner.NoSessionYet}}}
	}
	sess := ds.Sessions[0]
	for _, s := range ds.Sessions {
		if s.FirstDay.After(sess.FirstDay) {
			sess = s
		}
	}
	return sess, nil
}

// loadScenarios opens the store and returns each named scenario's data.
func loadScenarios(ctx context.Context, g *globalOptions, names []string) ([]optimize.ScenarioData, error) {
	st, err := store.Open(ctx, g.DB)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return desk.Scenarios(ctx, st, names)
}

func runCompare(ctx context.Context, cmd *cobra.Command, names []string, week calendar.Date, opts compareOptions, out, errw io.Writer) error {
	scs, err := loadScenarios(ctx, opts.g, names)
	if err != nil {
		return err
	}
	sess, err := defaultSession(scs[0].Dataset, opts.Session)
	if err != nil {
		return err
	}
	q := demandOf(scs[0].Dataset, opts.Demand)
	if len(names) < 2 && q == planner.MeanDemand {
		return usageError{err: fmt.Errorf("%s needs two scenarios or more, or a --demand quantile to set against the mean, got %d", cmd.CommandPath(), len(names)), cmd: cmd}
	}
	warnNoSpread(errw, scs[0].Dataset, sess.ID, q)
	if week.IsZero() {
		week = sess.FirstDay
	}
	status := newStatusLine(opts.io, opts.JSON)
	defer status.Close()
	status.Set(-1, "planning %d scenarios for the week of %s", len(scs), week.Monday())
	cmp, err := optimize.Compare(ctx, scs, optimize.CompareRequest{SessionID: sess.ID, Week: week, Seed: opts.Seed,
		TimeLimit: opts.TimeLimit, Effort: opts.Effort, Demand: q,
		Progress: func(p optimize.CompareProgress) { status.Set(p.Done, "%s", compareWords(p)) }})
	status.Close()
	if err != nil {
		return err
	}
	return writeResult(out, cmp, opts.JSON, opts.Output, "Comparison",
		func(w io.Writer) error { return xlsx.WriteComparison(w, cmp) },
		func(w io.Writer) error { return printComparison(w, cmp) })
}

// formatFigure prints a figure of the comparison table by its unit.
func formatFigure(v float64, unit string) string {
	switch {
	case math.IsNaN(v):
		return "-"
	case unit == "%" || unit == "h":
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.0f", v)
	}
}

func printComparison(w io.Writer, c *optimize.Comparison) error {
	fmt.Fprintf(w, "Scenarios on session %s, %s to %s (seed %d)\n", c.SessionID, c.From, c.To, c.Seed)
	for _, s := range c.Scenarios {
		if s.Error != "" {
			fmt.Fprintf(w, "  %s: not planned: %s\n", s.Name, s.Error)
		}
	}
	if first := c.Scenarios[0].Dataset; first != nil {
		st := first.Settings
		fmt.Fprintf(w, "Target (of %s): %g%% of calls answered within %ds\n", c.Scenarios[0].Name, st.TargetPercent, st.TargetSeconds)
	}
	if c.Demand != planner.MeanDemand {
		fmt.Fprintf(w, "Each scenario planned for the mean forecast and for its %s (\"NAME %s\"); figures at the mean forecast, and at %s in the rows that say so\n",
			c.Demand, c.Demand, c.Demand)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := func(first string) {
		fmt.Fprintf(tw, "\n%s\t", first)
		for _, s := range c.Scenarios {
			fmt.Fprintf(tw, "%s\t", s.Name)
		}
		fmt.Fprintln(tw)
	}
	var day calendar.Date
	header("TOTAL")
	for i, r := range c.Rows() {
		if r.Date != day || i == 0 && !r.Date.IsZero() {
			day = r.Date
			header(strings.ToUpper(r.Date.Weekday().String()[:3]) + " " + r.Date.String())
		}
		fmt.Fprintf(tw, "%s\t", r.Label())
		for _, v := range r.Values {
			fmt.Fprintf(tw, "%s\t", formatFigure(v, r.Unit))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(c.Scenarios) > 1 {
		fmt.Fprintf(w, "\nShifts that differ from %s:\n", c.Scenarios[0].Name)
		if len(c.Staff) == 0 {
			fmt.Fprintln(w, "  none")
		}
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		var people []*planner.Dataset // who answers which lines
		for _, s := range c.Scenarios {
			people = append(people, s.Dataset)
		}
		for _, p := range c.Staff {
			for i, ch := range p.Changes {
				who := ""
				if i == 0 {
					who = fmt.Sprintf("%s\t%s\t%s", p.Scenario, p.StaffID, p.Name)
				} else {
					who = "\t\t"
				}
				fmt.Fprintf(tw, "  %s\t%s %s\t%s\t%s\t->\t%s\n", who, ch.Date.Weekday().String()[:3], ch.Date, ch.Kind, shiftText(ch.Before, people...), shiftText(ch.After, people...))
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// shiftText is a shift as "07:30-15:30 LLN (break 12:00-12:30)", or "off"; a pooled shift
// names its person's lines ("LLN+MONS"), found in people (planner.ShiftLineLabel).
func shiftText(s *planner.Shift, people ...*planner.Dataset) string {
	if s == nil {
		return "off"
	}
	t := fmt.Sprintf("%s-%s %s", s.Start, s.End, planner.ShiftLineLabel(*s, people...))
	if s.BreakEnd > s.BreakStart {
		t += fmt.Sprintf(" (break %s-%s)", s.BreakStart, s.BreakEnd)
	}
	return t
}

// compareWords says how a comparison stands: "1 of 4 plans done, 40 s left; planning plus20,
// lean".
func compareWords(p optimize.CompareProgress) string {
	s := fmt.Sprintf("%d of %d plans done", p.Finished, p.Plans)
	if p.Left > 0 {
		s += ", " + timeLeft(p.Left)
	}
	if len(p.Running) > 0 {
		s += "; planning " + strings.Join(p.Running, ", ")
	}
	return s
}
