package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/rules"
	"github.com/deskplan/deskplan/planner/store"
	"github.com/deskplan/deskplan/planner/xlsx"
)

type checkOptions struct {
	g        *globalOptions
	io       *IOStreams
	File     string // a roster workbook; "" with Selector.Version
	Selector rosterSelector
	JSON     bool
}

// newCheckCmd makes "deskplan check" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newCheckCmd(g *globalOptions, ios *IOStreams, runF func(*checkOptions) error) *cobra.Command {
	o := &checkOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "check [ROSTER.xlsx]",
		Short: "Check a roster, perhaps edited by hand, against every rule",
		Long: `Check a roster against every hard rule (availability, contract hours and days, rest,
breaks, opening hours, mentors beside trainees, a coordinator on duty...) and show the service
it delivers on the data in the store: a roster workbook written by deskplan export (its Week
sheet, after someone moved shifts by hand), or a stored version (--version N), checked under
the settings it was planned with (--current-settings: under today's settings).

In the Week sheet each day cell holds "HH:MM-HH:MM LINE", e.g. "07:30-13:30 LLN", pooled
"07:30-13:30 LLN+MONS", and a break "(break 11:00-11:30)" on a second line or the same one;
an empty cell is a day off. "7:30", "7h30" and extra spaces are fine. The ID column says whose
row it is; the other columns are ignored (status and contracts come from the store).

Exit codes: 0 the roster keeps every rule; 3 it breaks some (each listed with its rule, day,
time and Week cell); 2 the workbook cannot be read (each bad cell named, e.g. Week!E5).`,
		Example: `  deskplan check roster.xlsx
  deskplan check --version 3
  deskplan check roster.xlsx --json | jq '.violations[] | [.rule, .cell, .message]'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{err: fmt.Errorf("%s takes one roster workbook, got %d arguments", cmd.CommandPath(), len(args)), cmd: cmd}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o := *o
			if err := o.Selector.check(cmd); err != nil {
				return err
			}
			if len(args) == 1 {
				o.File = args[0]
			}
			switch {
			case o.File != "" && o.Selector.Version > 0:
				return usageError{err: fmt.Errorf("check a workbook or --version, not both"), cmd: cmd}
			case o.File == "" && o.Selector.Version == 0:
				return usageError{err: fmt.Errorf("check needs a roster workbook (ROSTER.xlsx) or --version N"), cmd: cmd}
			}
			if runF != nil {
				return runF(&o)
			}
			return runCheck(cmd.Context(), o, ios.Out)
		},
	}
	f := cmd.Flags()
	o.Selector.addFlags(f, false)
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

// checkOutput is the --json form of a check.
type checkOutput struct {
	Roster     rosterHeader          `json:"roster"`
	File       string                `json:"file,omitempty"`
	Clean      bool                  `json:"clean"`
	Violations []checkViolation      `json:"violations"`
	Unmet      []checkViolation      `json:"unmet"`
	Days       []planner.DayReport   `json:"days"`
	Lines      []planner.LineReport  `json:"lines"`
	Slots      []planner.SlotReport  `json:"slots"`
	Staff      []planner.StaffReport `json:"staff"`
	Service    serviceTotals         `json:"service"`
	Shifts     []planner.Shift       `json:"shifts"`
}

// checkViolation is a rule broken, with the Week cell where it shows (checking a workbook).
type checkViolation struct {
	planner.Violation
	Cell string `json:"cell,omitempty"`
}

type serviceTotals struct {
	Calls        float64 `json:"calls"`
	ServiceLevel float64 `json:"service_level"`
	ASA          float64 `json:"asa_seconds"`
	PAbandon     float64 `json:"p_abandon"`
	PaidHours    float64 `json:"paid_hours"`
	SlotsShort   int     `json:"slots_short"`
	LateCalls    float64 `json:"late_calls"`
}

// weeklyRules are the rules whose violation is about a person's week, not a day.
var weeklyRules = map[string]bool{rules.RuleMaxHoursWeek: true, rules.RuleMinHoursWeek: true, rules.RuleMaxDaysWeek: true,
	rules.RuleTrainingHours: true}

func runCheck(ctx context.Context, o checkOptions, out io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	var (
		r  *planner.Roster
		ds *planner.Dataset
		rf *xlsx.RosterFile
	)
	if o.File != "" {
		if rf, err = xlsx.OpenRosterContext(ctx, o.File); err != nil {
			return err
		}
		if ds, err = desk.ScenarioDataset(ctx, st, o.Selector.scenarioFor(rf.Scenario())); err != nil {
			return err
		}
		if r, err = rf.Roster(ds); err != nil {
			return err
		}
	} else {
		if r, err = o.Selector.roster(ctx, st); err != nil {
			return err
		}
		if ds, err = o.Selector.evaluation().Dataset(ctx, st, r); err != nil {
			return err
		}
	}
	rep, err := optimize.Evaluate(ds, r)
	if err != nil {
		return fmt.Errorf("evaluating the roster: %w", err)
	}
	located := func(vs []planner.Violation) []checkViolation {
		out := make([]checkViolation, len(vs))
		for i, v := range vs {
			out[i].Violation = v
			if rf != nil {
				if p, ok := rf.Place(v.StaffID, v.Date, weeklyRules[v.Rule]); ok {
					out[i].Cell = fmt.Sprintf("%s!%s%d", p.Sheet, p.Col, p.Row)
				}
			}
		}
		return out
	}
	hard, soft := located(rep.Violations), located(rep.Unmet)
	if o.JSON {
		res := checkOutput{Roster: header(r), File: o.File, Clean: len(hard) == 0, Violations: hard, Unmet: soft,
			Days: rep.Days, Lines: rep.Lines, Slots: rep.Slots, Staff: rep.Staff, Shifts: r.Shifts,
			Service: serviceTotals{Calls: rep.Calls, ServiceLevel: rep.ServiceLevel, ASA: rep.ASA, PAbandon: rep.PAbandon,
				PaidHours: rep.PaidHours, SlotsShort: rep.SlotsShort, LateCalls: rep.LateCalls}}
		if err := writeJSON(out, res); err != nil {
			return err
		}
	} else if err := printCheck(out, ds, r, rep, hard, soft, o.File); err != nil {
		return err
	}
	if len(hard) > 0 {
		return &rulesError{Version: r.Version, Violations: rep.Violations}
	}
	return nil
}

// printCheck writes the rules broken and the service a roster delivers per day.
func printCheck(w io.Writer, ds *planner.Dataset, r *planner.Roster, rep *planner.Report, hard, soft []checkViolation, file string) error {
	from := ""
	if file != "" {
		from = ", read from " + file
	}
	fmt.Fprintf(w, "Roster v%d for session %s, %s to %s%s\n", r.Version, r.SessionID, r.From, r.To, from)
	st := ds.Settings
	fmt.Fprintf(w, "Target: %g%% of calls answered within %ds\n\n", st.TargetPercent, st.TargetSeconds)
	if err := printDays(w, rep, st); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nCalls not answered within %ds (predicted): %.1f of %.0f\n", st.TargetSeconds, rep.LateCalls, rep.Calls)
	if len(hard) == 0 {
		fmt.Fprintln(w, "\nRules: no violation")
	} else {
		fmt.Fprintf(w, "\nRules: %d violation(s)\n", len(hard))
		if err := printViolations(w, hard, file != ""); err != nil {
			return err
		}
	}
	if len(soft) > 0 {
		fmt.Fprintf(w, "\nWishes and training not met: %d\n", len(soft))
		return printViolations(w, soft, file != "")
	}
	return nil
}

// printViolations writes a table of violations, with the Week cell of each when withCell.
func printViolations(w io.Writer, vs []checkViolation, withCell bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if withCell {
		fmt.Fprint(tw, "  CELL\t")
	} else {
		fmt.Fprint(tw, "  ")
	}
	fmt.Fprintln(tw, "RULE\tDAY\tTIME\tSTAFF\tMESSAGE")
	for _, v := range vs {
		day, clock, who := "", "", v.StaffID
		if !v.Date.IsZero() {
			day = v.Date.Weekday().String()[:3] + " " + v.Date.String()
			if weeklyRules[v.Rule] {
				day = "week of " + v.Date.String()
			}
		}
		if v.Time != 0 {
			clock = v.Time.String()
		}
		if withCell {
			cell := v.Cell
			if cell == "" {
				cell = "-"
			}
			fmt.Fprintf(tw, "  %s\t", cell)
		} else {
			fmt.Fprint(tw, "  ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.Rule, dash(day), dash(clock), dash(who), v.Msg)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
