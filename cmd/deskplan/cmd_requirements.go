package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/planner/scenario"
	"github.com/deskplan/deskplan/planner/store"
)

type requirementsOptions struct {
	g        *globalOptions
	io       *IOStreams
	Session  string
	Week     string
	Line     string
	Method   string
	Scenario string // the requirements of a what-if scenario
	Demand   string // mean or a quantile such as p80; "": the demand_quantile setting
	JSON     bool
	CSV      bool
}

// newRequirementsCmd makes "deskplan requirements" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newRequirementsCmd(g *globalOptions, ios *IOStreams, runF func(*requirementsOptions) error) *cobra.Command {
	o := &requirementsOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "requirements",
		Short: "Agents needed per day, slot and line from the stored forecast",
		Long: `Turn the stored forecast of a session into the agents needed per day, slot and line to
meet the service target of the settings (Erlang A when callers' patience is known, Erlang C
otherwise), raised for the occupancy cap; "rostered" adds the shrinkage.

--method lagged (the default) staffs each slot for the calls its agents really meet: the
arrivals lagged by one handle time, so the slot after an exam-start spike keeps its agents;
--method sipp staffs each slot on its own.

--demand p80 staffs for the 80% quantile of the forecast instead of its mean: each day of each
line raised to the calls that only one day in five exceeds (from the spread forecast build
gives the forecast), every slot by the same factor. The default is the demand_quantile
setting (mean unless set).`,
		Example: `  deskplan requirements --session jan-2027 --week 2027-01-04
  deskplan requirements --session jan-2027 --week 2027-01-04 --scenario plus20
  deskplan requirements --session jan-2027 --week 2027-01-04 --demand p80
  deskplan requirements --session jan-2027 --line LLN --csv > lln.csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o := *o
			if o.Session == "" {
				return flagError(cmd, "session", "is required (see deskplan session list)")
			}
			week, err := weekFlag(cmd, o.Week)
			if err != nil {
				return err
			}
			m, err := queue.ParseMethod(o.Method)
			if err != nil {
				return flagError(cmd, "method", "%q is not sipp or lagged", o.Method)
			}
			if o.JSON && o.CSV {
				return flagError(cmd, "csv", "cannot be used with --json")
			}
			if err := checkDemand(cmd, o.Demand); err != nil {
				return err
			}
			if runF != nil {
				return runF(&o)
			}
			return runRequirements(cmd.Context(), o, week, m, ios.Out, ios.ErrOut)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Session, "session", "", "exam session id (required)")
	f.StringVar(&o.Week, "week", "", "only the week (Monday to Sunday) of this date, YYYY-MM-DD")
	f.StringVar(&o.Line, "line", "", "only this line")
	f.StringVar(&o.Method, "method", queue.DefaultMethod.String(), "slot load: lagged or sipp")
	f.StringVar(&o.Scenario, "scenario", scenario.Base, "the requirements of this what-if scenario (see deskplan scenario list)")
	demandFlag(f, &o.Demand)
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	f.BoolVar(&o.CSV, "csv", false, "print CSV (one row per day, slot and line)")
	return cmd
}

// requirementRow is the need of one line in one slot.
type requirementRow struct {
	Date     calendar.Date  `json:"date"`
	Slot     calendar.Clock `json:"slot"`
	Line     string         `json:"line"`
	Calls    float64        `json:"calls"`
	AHT      float64        `json:"aht_seconds"`
	Load     float64        `json:"load_erlangs"`
	Agents   int            `json:"agents"`
	Rostered int            `json:"rostered_agents"`
	Demand   string         `json:"demand"` // the demand the calls are: mean, p80...
}

func runRequirements(ctx context.Context, o requirementsOptions, week calendar.Date, m queue.Method, out, errw io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	ds, err := desk.ScenarioDataset(ctx, st, o.Scenario)
	st.Close()
	if err != nil {
		return err
	}
	sess, ok := ds.Session(o.Session)
	if !ok {
		return &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("--session: unknown session %q", o.Session)}}}
	}
	if o.Line != "" && !slices.Contains(ds.LineIDs(), o.Line) {
		return &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("--line: unknown line %q (lines: %v)", o.Line, ds.LineIDs())}}}
	}
	from, to, err := planner.Horizon(sess, week)
	if err != nil {
		return &planner.InputError{Problems: []planner.Problem{{Msg: "--week: " + err.Error()}}}
	}
	q := demandOf(ds, o.Demand)
	warnNoSpread(errw, ds, sess.ID, q)
	d, err := planner.BuildDemandAt(ds, sess.ID, from, to, q)
	if err != nil {
		return err
	}
	needs, err := planner.ComputeNeedsContext(ctx, d, ds.Settings, m)
	if err != nil {
		return err
	}
	rows := requirementRows(d, needs, o.Line, q)
	switch {
	case o.JSON:
		if rows == nil {
			rows = []requirementRow{}
		}
		return writeJSON(out, rows)
	case o.CSV:
		return writeRequirementsCSV(out, rows)
	}
	if err := printRequirementsHeader(out, o, ds, sess.ID, from, to, d, q, m); err != nil {
		return err
	}
	for _, line := range d.Lines {
		if o.Line != "" && line != o.Line {
			continue
		}
		if err := printRequirementsLine(out, d, from, rows, line, ds.Settings.Shrinkage > 0); err != nil {
			return err
		}
	}
	return nil
}

// requirementRows returns a row per open day, line (only line when not empty) and slot of
// demand d (at quantile q) with the agents needs says it needs.
func requirementRows(d *planner.Demand, needs *planner.Needs, line string, q planner.DemandQuantile) []requirementRow {
	var rows []requirementRow
	for di, day := range d.Days {
		if !d.Open[di] {
			continue
		}
		for li, l := range d.Lines {
			if line != "" && l != line {
				continue
			}
			for si, c := range d.Slots {
				ld := d.Load[di][si][li]
				rows = append(rows, requirementRow{Date: day, Slot: c, Line: l, Calls: ld.Calls, AHT: ld.AHT,
					Load:   ld.Calls * ld.AHT / float64(d.SlotMinutes*60),
					Agents: needs.Agents[di][si][li], Rostered: needs.Rostered[di][si][li], Demand: q.String()})
			}
		}
	}
	return rows
}

// writeRequirementsCSV writes rows as CSV, with a header.
func writeRequirementsCSV(out io.Writer, rows []requirementRow) error {
	w := csv.NewWriter(out)
	w.Write([]string{"date", "slot", "line", "calls", "aht_seconds", "load_erlangs", "agents", "rostered_agents"})
	for _, r := range rows {
		w.Write([]string{r.Date.String(), r.Slot.String(), r.Line, num(r.Calls), num(r.AHT),
			strconv.FormatFloat(r.Load, 'f', 3, 64), strconv.Itoa(r.Agents), strconv.Itoa(r.Rostered)})
	}
	w.Flush()
	return w.Error()
}

// printRequirementsHeader prints what the tables of demand d (at quantile q, of session
// sessionID from from to to) are: the scenario, the service target and method m, the demand against the mean
// forecast, what the cells show and the closures of the week.
func printRequirementsHeader(out io.Writer, o requirementsOptions, ds *planner.Dataset, sessionID string, from, to calendar.Date, d *planner.Demand, q planner.DemandQuantile, m queue.Method) error {
	set := ds.Settings
	if o.Scenario != scenario.Base {
		fmt.Fprintf(out, "Scenario %s\n", o.Scenario)
	}
	fmt.Fprintf(out, "Agents needed for %g%% of calls answered within %ds (max occupancy %g%%, shrinkage %g%%, method %s)\n",
		set.TargetPercent, set.TargetSeconds, 100*set.MaxOccupancy, 100*set.Shrinkage, m)
	if q != planner.MeanDemand {
		mean, err := planner.BuildDemand(ds, sessionID, from, to)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Demand: %s of the forecast, %.1f calls (the mean forecast: %.1f, %+.1f%%)\n", q, d.Calls(), mean.Calls(),
			100*(d.Calls()/max(mean.Calls(), 1e-9)-1))
	}
	if set.Shrinkage > 0 {
		fmt.Fprintln(out, "Cells show agents on the phone / agents to roster.")
	}
	for _, c := range ds.ClosuresBetween(from, to) {
		fmt.Fprintf(out, "Closed: %s\n", c)
	}
	return nil
}

// printRequirementsLine prints the table of line: the agents needed per slot and open day of
// demand d (from from), with the agents to roster when shrink.
func printRequirementsLine(out io.Writer, d *planner.Demand, from calendar.Date, rows []requirementRow, line string, shrink bool) error {
	fmt.Fprintf(out, "\nLine %s\n", line)
	tw := tabwriter.NewWriter(out, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "SLOT\t")
	var days []calendar.Date
	for di, day := range d.Days {
		if d.Open[di] {
			days = append(days, day)
			fmt.Fprintf(tw, "%s %02d/%02d\t", day.Weekday().String()[:3], day.Day, int(day.Month))
		}
	}
	fmt.Fprintln(tw)
	cell := map[[2]int]requirementRow{}
	for _, r := range rows {
		if r.Line == line {
			cell[[2]int{r.Date.Sub(from), int(r.Slot)}] = r
		}
	}
	for _, c := range d.Slots {
		fmt.Fprintf(tw, "%s\t", c)
		for _, day := range days {
			r := cell[[2]int{day.Sub(from), int(c)}]
			if shrink {
				fmt.Fprintf(tw, "%d/%d\t", r.Agents, r.Rostered)
			} else {
				fmt.Fprintf(tw, "%d\t", r.Agents)
			}
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
