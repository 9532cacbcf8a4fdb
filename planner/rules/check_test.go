package rules

import (
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
)

func sh(staff, date, start, end, line string) planner.Shift {
	return planner.Shift{StaffID: staff, Date: calendar.MustDate(date), Start: calendar.MustClock(start), End: calendar.MustClock(end), Line: line}
}

// TestCheckRules breaks each hard rule on purpose and expects Check to name it.
func TestCheckRules(t *testing.T) {
	withBreak := func(s planner.Shift, from, to string) planner.Shift {
		s.BreakStart, s.BreakEnd = calendar.MustClock(from), calendar.MustClock(to)
		return s
	}
	tests := []struct {
		name   string
		shifts []planner.Shift
		rule   string // the one rule expected among the violations ("" for none besides coordinator)
		msg    string // a fragment of its message
	}{
		{"unknown staff", []planner.Shift{sh("zed", "2027-01-04", "07:30", "12:30", "LLN")}, RuleUnknownStaff, `unknown staff id "zed"`},
		{"line not answered", []planner.Shift{sh("bob", "2027-01-04", "07:30", "12:30", "MONS")}, RuleLine, "does not answer line MONS"},
		{"two shifts a day", []planner.Shift{sh("bob", "2027-01-04", "07:30", "10:30", "LLN"), sh("bob", "2027-01-04", "13:30", "16:30", "LLN")}, RuleOneShift, "two shifts"},
		{"closed on sunday", []planner.Shift{sh("bob", "2027-01-10", "07:30", "12:30", "LLN")}, RuleOpening, "outside opening hours"},
		{"before opening", []planner.Shift{sh("bob", "2027-01-04", "07:00", "12:30", "LLN")}, RuleOpening, "outside opening hours"},
		{"off the grid", []planner.Shift{sh("bob", "2027-01-04", "07:45", "12:45", "LLN")}, RuleGrid, "not on the 30-minute slot grid"},
		{"too short", []planner.Shift{sh("bob", "2027-01-04", "07:30", "09:30", "LLN")}, RuleMinShift, "pays 2h, less than the 3h minimum"},
		{"too long a day", []planner.Shift{withBreak(sh("bob", "2027-01-04", "07:30", "14:30", "LLN"), "11:00", "11:30")}, RuleMaxHoursDay, "above the 6h a day"},
		{"no break", []planner.Shift{sh("ana", "2027-01-04", "07:30", "15:30", "LLN")}, RuleBreak, "has no 30-minute break"},
		{"week hours", []planner.Shift{
			sh("bob", "2027-01-04", "07:30", "13:30", "LLN"), sh("bob", "2027-01-06", "07:30", "13:30", "LLN"),
			sh("bob", "2027-01-08", "07:30", "13:30", "LLN"), sh("bob", "2027-01-09", "07:30", "10:30", "LLN")}, RuleMaxHoursWeek, "above the contract's 20h"},
		{"week days", []planner.Shift{
			sh("bob", "2027-01-04", "07:30", "10:30", "LLN"), sh("bob", "2027-01-05", "13:30", "16:30", "LLN"),
			sh("bob", "2027-01-06", "13:30", "16:30", "LLN"), sh("bob", "2027-01-07", "13:30", "16:30", "LLN")}, RuleMaxDaysWeek, "works 4 days, above the contract's 3"},
		{"rest", []planner.Shift{sh("ana", "2027-01-04", "13:30", "19:30", "LLN"), sh("ana", "2027-01-05", "07:30", "12:30", "LLN")}, RuleMinRest, "rests only 12h"},
		{"availability", []planner.Shift{sh("bob", "2027-01-05", "07:30", "12:30", "LLN")}, RuleAvailability, "FREQ=WEEKLY;BYDAY=TU"},
		{"trainee alone", []planner.Shift{sh("tia", "2027-01-04", "07:30", "12:30", "LLN")}, RuleMentor, "Tia (tia, trainee) is on line LLN with no mentor of that line on duty"},
		{"new hire alone", []planner.Shift{sh("ned", "2027-01-04", "07:30", "12:30", "LLN")}, RuleMentor, "Ned (ned, new) is on line LLN with no mentor"},
		{"trainee on other line than mentor", []planner.Shift{sh("ana", "2027-01-04", "07:30", "12:30", "MONS"), sh("tia", "2027-01-04", "07:30", "12:30", "LLN")}, RuleMentor, "07:30-12:30: Tia"},
		{"no coordinator", []planner.Shift{sh("bob", "2027-01-04", "07:30", "12:30", "LLN")}, RuleCoordinator, "2027-01-04 07:30-19:30: no coordinator on duty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := demo.SmallDesk()
			ds.Settings.MinRestHours = 13 // so that a 19:30 end and 07:30 start breaks it
			r := &planner.Roster{SessionID: "jan", From: calendar.MustDate("2027-01-04"), To: calendar.MustDate("2027-01-10"), Shifts: tt.shifts}
			vs := Check(ds, r)
			var found bool
			for _, v := range vs {
				if v.Rule == tt.rule && strings.Contains(v.Msg, tt.msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("Check() = %v, want a %s violation containing %q", vs, tt.rule, tt.msg)
			}
		})
	}
}

// TestCheckClean: a trainee and a new hire beside a pooled mentor, contracts and availability
// kept: only the coordinator gaps are reported.
func TestCheckClean(t *testing.T) {
	ds := demo.SmallDesk()
	var shifts []planner.Shift
	for d := calendar.MustDate("2027-01-04"); !d.After(calendar.MustDate("2027-01-08")); d = d.AddDays(1) {
		s := sh("ana", d.String(), "07:30", "15:00", planner.PooledLine)
		s.BreakStart, s.BreakEnd = calendar.MustClock("12:00"), calendar.MustClock("12:30")
		shifts = append(shifts, s)
	}
	shifts = append(shifts, sh("tia", "2027-01-04", "08:00", "12:00", "LLN"), sh("ned", "2027-01-05", "09:00", "12:00", "LLN"))
	r := &planner.Roster{SessionID: "jan", From: calendar.MustDate("2027-01-04"), To: calendar.MustDate("2027-01-08"), Shifts: shifts}
	vs := Check(ds, r)
	for _, v := range vs {
		if v.Rule != RuleCoordinator {
			t.Errorf("unexpected violation %s: %s", v.Rule, v.Msg)
		}
	}
	// the only coordinator is on break 12:00-12:30 and gone from 15:00: two gaps a weekday
	if got := len(vs); got != 10 {
		t.Errorf("Check() gave %d coordinator violations, want 10 (12:00-12:30 and 15:00-19:30 each weekday): %v", got, vs)
	}
}
