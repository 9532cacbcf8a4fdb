package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/deskplan/deskplan/planner"
)

// planOutput is the --json form of a planned roster and its report.
type planOutput struct {
	Roster     rosterHeader          `json:"roster"`
	Shifts     []planner.Shift       `json:"shifts"`
	Slots      []planner.SlotReport  `json:"slots"`
	Days       []planner.DayReport   `json:"days"`
	Lines      []planner.LineReport  `json:"lines"`
	Staff      []planner.StaffReport `json:"staff"`
	Objective  float64               `json:"objective"`
	LowerBound float64               `json:"lower_bound"`
	Gap        float64               `json:"gap"`
	Violations []planner.Violation   `json:"violations"`
	Unmet      []planner.Violation   `json:"unmet"`
	// Changes lists, with plan --keep, the people whose shifts differ from the kept roster
	// (planner.DiffRosters).
	Changes []planner.StaffDiff `json:"changes,omitzero"`
}

type rosterHeader struct {
	Version  int    `json:"version"`
	Session  string `json:"session"`
	Scenario string `json:"scenario,omitempty"`
	From     string `json:"from"`
	To       string `json:"to"`
	Seed     int64  `json:"seed"`
	Status   string `json:"status"`
	Method   string `json:"method"`
	Demand   string `json:"demand"` // the demand it was planned for: mean, p80...
}

func newPlanOutput(r *planner.Roster, rep *planner.Report) planOutput {
	out := planOutput{
		Roster: rosterHeader{Version: r.Version, Session: r.SessionID, Scenario: r.Scenario,
			From: r.From.String(), To: r.To.String(), Seed: r.Seed, Status: string(r.Status), Method: r.Method,
			Demand: planner.RosterDemand(r).String()},
		Shifts: r.Shifts, Slots: rep.Slots, Days: rep.Days, Lines: rep.Lines, Staff: rep.Staff,
		Objective: r.Objective, LowerBound: r.LowerBound, Gap: gap(r.Objective, r.LowerBound),
		Violations: rep.Violations, Unmet: rep.Unmet,
	}
	if out.Shifts == nil {
		out.Shifts = []planner.Shift{}
	}
	if out.Violations == nil {
		out.Violations = []planner.Violation{}
	}
	if out.Unmet == nil {
		out.Unmet = []planner.Violation{}
	}
	return out
}

// gap is the relative distance of the objective above the lower bound, 0 when they meet.
func gap(obj, lb float64) float64 {
	if obj <= lb || obj == 0 {
		return 0
	}
	return (obj - lb) / obj
}

// printDays writes the tables of the service a roster delivers per day, with its total, and
// per line: a line below the target st sets is marked, and one far below it gets a warning.
func printDays(w io.Writer, rep *planner.Report, st planner.Settings) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "DAY\tCALLS\tSERVICE\tASA\tABANDON\tPAID HOURS\tSLOTS SHORT\t")
	for _, d := range rep.Days {
		fmt.Fprintf(tw, "%s %s\t%.0f\t%.1f%%\t%.0fs\t%.1f%%\t%.1f\t%d\t\n", d.Date.Weekday().String()[:3], d.Date, d.Calls, 100*d.ServiceLevel, d.ASA, 100*d.PAbandon, d.PaidHours, d.SlotsShort)
	}
	fmt.Fprintf(tw, "total\t%.0f\t%.1f%%\t%.0fs\t%.1f%%\t%.1f\t%d\t\n", rep.Calls, 100*rep.ServiceLevel, rep.ASA, 100*rep.PAbandon, rep.PaidHours, rep.SlotsShort)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rep.Lines) < 2 {
		return nil
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "LINE\tCALLS\tSERVICE\tASA\tABANDON\tSLOTS UNANSWERED\t")
	var far []planner.LineReport
	for _, l := range rep.Lines {
		mark := ""
		switch below, farBelow := l.TargetGap(st); {
		case farBelow:
			mark = "  << far below target"
			far = append(far, l)
		case below:
			mark = "  < below target"
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%.1f%%\t%.0fs\t%.1f%%\t%d\t%s\n", l.Line, l.Calls, 100*l.ServiceLevel, l.ASA, 100*l.PAbandon, l.SlotsUnanswered, mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, l := range far {
		fmt.Fprintf(w, "Warning: line %s answers %.1f%% of its calls within %ds, far below the %g%% target\n", l.Line, 100*l.ServiceLevel, st.TargetSeconds, st.TargetPercent)
	}
	return nil
}

// printRules writes the rules a roster breaks: the hard rules, then the soft ones it misses.
func printRules(w io.Writer, hard, soft []planner.Violation) {
	if len(hard) == 0 {
		fmt.Fprintln(w, "\nRules: no violation")
	} else {
		fmt.Fprintf(w, "\nRules: %d violation(s)\n", len(hard))
		for _, v := range hard {
			fmt.Fprintf(w, "  [%s] %s\n", v.Rule, v.Msg)
		}
	}
	if len(soft) > 0 {
		fmt.Fprintf(w, "Wishes and training not met: %d\n", len(soft))
		for _, v := range soft {
			fmt.Fprintf(w, "  [%s] %s\n", v.Rule, v.Msg)
		}
	}
}

// printSummary writes the human summary of a roster: per day, the worst slots, per person,
// the violations and the objective.
func printSummary(w io.Writer, ds *planner.Dataset, r *planner.Roster, rep *planner.Report) error {
	fmt.Fprintf(w, "Roster v%d for session %s, %s to %s (seed %d, %s, %s)\n", r.Version, r.SessionID, r.From, r.To, r.Seed, r.Method, r.Status)
	st := ds.Settings
	fmt.Fprintf(w, "Target: %g%% of calls answered within %ds\n", st.TargetPercent, st.TargetSeconds)
	if q := planner.RosterDemand(r); q != planner.MeanDemand {
		fmt.Fprintf(w, "Demand: planned for %s of the forecast; the calls and service below are at %s\n", q, q)
	}
	fmt.Fprintln(w)
	if err := printDays(w, rep, st); err != nil {
		return err
	}
	var tw *tabwriter.Writer
	if worst := rep.WorstSlots(5); len(worst) > 0 {
		fmt.Fprintln(w, "\nWorst slots:")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  DATE\tTIME\tLINE\tCALLS\tNEEDED\tSTAFFED\tSERVICE")
		for _, s := range worst {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%.1f\t%d\t%.1f\t%.1f%%\n", s.Date, s.Time, s.Line, s.Calls, s.Needed, s.Effective, 100*s.ServiceLevel)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\nHours against contract:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  STAFF\tNAME\tSTATUS\tSHIFTS\tHOURS\tCONTRACT\tBESIDE A MENTOR")
	for _, s := range rep.Staff {
		mentor := ""
		switch s.Status {
		case planner.StatusNew:
			mentor = fmt.Sprintf("%g of %gh training", s.BesideMentor, s.TrainingAsked)
		case planner.StatusTrainee:
			mentor = fmt.Sprintf("%gh", s.BesideMentor)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%.1f\t%g-%g\t%s\n", s.StaffID, s.Name, s.Status, s.Shifts, s.Hours, s.MinHours, s.MaxHours, mentor)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	printRules(w, rep.Violations, rep.Unmet)
	fmt.Fprintf(w, "\nCalls not answered within %ds (predicted): %.1f of %.0f\n", st.TargetSeconds, rep.LateCalls, rep.Calls)
	fmt.Fprintf(w, "Objective %.2f, lower bound %.2f, gap %.1f%% (%s)\n", r.Objective, r.LowerBound, 100*gap(r.Objective, r.LowerBound), r.Method)
	return nil
}
