package rules_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/rules"
)

// TestRuleBook walks the rule book: for each rule, the rule-book desk's roster (which keeps
// every rule) is changed so that it breaks that rule and no other, and Check must name that
// rule alone, at the right person, day and time.
func TestRuleBook(t *testing.T) {
	c := calendar.MustClock
	mon, tue, wed := calendar.MustDate("2027-01-04"), calendar.MustDate("2027-01-05"), calendar.MustDate("2027-01-06")
	// edit returns the roster's shift of staff on day.
	edit := func(r *planner.Roster, staff string, day calendar.Date) *planner.Shift {
		for i := range r.Shifts {
			if r.Shifts[i].StaffID == staff && r.Shifts[i].Date == day {
				return &r.Shifts[i]
			}
		}
		t.Fatalf("no shift of %s on %s", staff, day)
		return nil
	}
	add := func(r *planner.Roster, staff string, day calendar.Date, start, end, line string) {
		r.Shifts = append(r.Shifts, planner.Shift{StaffID: staff, Date: day, Start: c(start), End: c(end), Line: line})
	}
	staff := func(ds *planner.Dataset, id string) *planner.Staff {
		i := slices.IndexFunc(ds.Staff, func(s planner.Staff) bool { return s.ID == id })
		return &ds.Staff[i]
	}
	type place struct {
		staff, line string
		date        calendar.Date
		time        string
	}
	tests := []struct {
		rule   string
		break_ func(ds *planner.Dataset, r *planner.Roster)
		msg    string
		at     place
	}{
		{rules.RuleUnknownStaff, func(ds *planner.Dataset, r *planner.Roster) { add(r, "zed", mon, "07:30", "13:30", "LLN") },
			`unknown staff id "zed"`, place{staff: "zed", date: mon}},
		{rules.RuleLine, func(ds *planner.Dataset, r *planner.Roster) { edit(r, "quentin", mon).Line = "MONS" },
			"Quentin (quentin) does not answer line MONS", place{staff: "quentin", date: mon, line: "MONS"}},
		{rules.RuleOneShift, func(ds *planner.Dataset, r *planner.Roster) {
			edit(r, "quentin", mon).End = c("10:30")
			add(r, "quentin", mon, "13:30", "16:30", "LLN")
		}, "Quentin (quentin) has two shifts", place{staff: "quentin", date: mon}},
		{rules.RuleOpening, func(ds *planner.Dataset, r *planner.Roster) { add(r, "quentin", wed, "07:30", "13:30", "LLN") },
			"outside opening hours", place{staff: "quentin", date: wed, time: "07:30"}},
		{rules.RuleGrid, func(ds *planner.Dataset, r *planner.Roster) { edit(r, "quentin", mon).End = c("13:15") },
			"13:15 is not on the 30-minute slot grid", place{staff: "quentin", date: mon, time: "13:15"}},
		{rules.RuleTemplate, func(ds *planner.Dataset, r *planner.Roster) {
			s := edit(r, "quentin", mon)
			s.Start, s.End = c("08:00"), c("14:00")
		}, "starts at 08:00, which no shift template allows", place{staff: "quentin", date: mon, time: "08:00"}},
		{rules.RuleTemplate, func(ds *planner.Dataset, r *planner.Roster) {
			s := edit(r, "quentin", mon)
			s.End, s.BreakStart, s.BreakEnd = c("16:00"), c("12:00"), c("12:30")
		}, "lasts 8.5h, where the templates starting at 07:30 allow day 2h-8h", place{staff: "quentin", date: mon, time: "07:30"}},
		{rules.RuleMinShift, func(ds *planner.Dataset, r *planner.Roster) { edit(r, "quentin", mon).End = c("10:00") },
			"pays 2.5h, less than the 3h minimum", place{staff: "quentin", date: mon, time: "07:30"}},
		{rules.RuleMaxHoursDay, func(ds *planner.Dataset, r *planner.Roster) { staff(ds, "quentin").MaxHoursDay = 5 },
			"works 6h, above the 5h a day", place{staff: "quentin", date: mon}},
		{rules.RuleBreak, func(ds *planner.Dataset, r *planner.Roster) { edit(r, "quentin", mon).End = c("15:00") },
			"has no 30-minute break", place{staff: "quentin", date: mon}},
		{rules.RuleBreak, func(ds *planner.Dataset, r *planner.Roster) {
			s := edit(r, "quentin", mon)
			s.End, s.BreakStart, s.BreakEnd = c("15:00"), c("10:00"), c("10:30")
		}, "has its break 10:00-10:30 outside the window 11:00-14:30", place{staff: "quentin", date: mon, time: "10:00"}},
		{rules.RuleMaxHoursWeek, func(ds *planner.Dataset, r *planner.Roster) { staff(ds, "quentin").MaxHoursWeek = 5 },
			"works 6h, above the contract's 5h", place{staff: "quentin", date: mon}},
		{rules.RuleMinHoursWeek, func(ds *planner.Dataset, r *planner.Roster) { edit(r, "rita", mon).End = c("16:30") },
			"Rita (rita) works 3h, below the contract's 6h", place{staff: "rita", date: mon}},
		{rules.RuleMaxDaysWeek, func(ds *planner.Dataset, r *planner.Roster) {
			staff(ds, "quentin").MaxDaysWeek = 1
			add(r, "quentin", tue, "07:30", "13:30", "LLN")
		}, "works 2 days, above the contract's 1", place{staff: "quentin", date: mon}},
		{rules.RuleMinRest, func(ds *planner.Dataset, r *planner.Roster) {
			ds.Settings.MinRestHours = 13
			s := edit(r, "quentin", mon)
			s.Start, s.End = c("13:30"), c("19:30")
			add(r, "quentin", tue, "07:30", "13:30", "LLN")
		}, "rests only 12h", place{staff: "quentin", date: tue, time: "07:30"}},
		{rules.RuleAvailability, func(ds *planner.Dataset, r *planner.Roster) {
			ds.Availability = append(ds.Availability, planner.Availability{StaffID: "quentin", Kind: planner.Unavailable,
				FirstDay: mon, LastDay: mon, From: c("07:30"), To: c("10:00"), Note: "dentist"})
		}, "dentist", place{staff: "quentin", date: mon, time: "07:30"}},
		{rules.RuleCoordinator, func(ds *planner.Dataset, r *planner.Roster) { staff(ds, "bruno").Roles = nil },
			"2027-01-04 13:30-19:30: no coordinator on duty", place{date: mon, time: "13:30"}},
		{rules.RuleLineFloor, func(ds *planner.Dataset, r *planner.Roster) { edit(r, "bruno", tue).Line = "LLN" },
			"nobody answers line MONS", place{date: tue, time: "13:30", line: "MONS"}},
		{rules.RuleMentor, func(ds *planner.Dataset, r *planner.Roster) { edit(r, "anne", mon).Line = "MONS" },
			"Tom (tom, trainee) is on line LLN with no mentor of that line on duty", place{staff: "tom", date: mon, time: "08:30", line: "LLN"}},
		{rules.RuleMentorRatio, func(ds *planner.Dataset, r *planner.Roster) {
			s := edit(r, "tom", mon)
			s.Date = tue
		}, "2 trainees and new staff on duty beside 1 mentor(s), above 1 per mentor", place{date: tue, time: "08:30"}},
		{rules.RuleTrainingHours, func(ds *planner.Dataset, r *planner.Roster) { staff(ds, "nora").TrainingHours = 6 },
			"Nora (nora, new) gets 4h of the 6h of shadowing", place{staff: "nora", date: mon}},
		{rules.RuleWishes, func(ds *planner.Dataset, r *planner.Roster) {
			ds.Availability = append(ds.Availability, planner.Availability{StaffID: "quentin", Kind: planner.Prefer,
				FirstDay: tue, LastDay: tue, From: c("07:30"), To: c("13:30"), Note: "mornings"})
		}, "Quentin (quentin) prefers 07:30-13:30", place{staff: "quentin", date: tue}},
	}
	ds, r := demo.RuleBookDesk()
	if vs := rules.Check(ds, r); len(vs) > 0 {
		t.Fatalf("the rule-book desk's roster breaks rules: %v", vs)
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.rule] = true
		t.Run(tt.rule+" "+tt.msg, func(t *testing.T) {
			ds, r := demo.RuleBookDesk()
			tt.break_(ds, r)
			planner.SortShifts(r.Shifts)
			vs := rules.Check(ds, r)
			if len(vs) == 0 {
				t.Fatalf("Check found nothing, want %s", tt.rule)
			}
			rule, _ := rules.Named(tt.rule)
			for _, v := range vs {
				if v.Rule != tt.rule {
					t.Errorf("Check names %s (%s), want only %s", v.Rule, v.Msg, tt.rule)
				}
				if v.Soft == rule.Hard {
					t.Errorf("%s: Soft = %v, want %v", v.Rule, v.Soft, !rule.Hard)
				}
			}
			v := vs[0]
			if !strings.Contains(v.Msg, tt.msg) {
				t.Errorf("message %q, want it to contain %q", v.Msg, tt.msg)
			}
			want := tt.at
			var gotTime string
			if v.Time != 0 {
				gotTime = v.Time.String()
			}
			if weekly := tt.rule == rules.RuleMinHoursWeek || tt.rule == rules.RuleMaxHoursWeek ||
				tt.rule == rules.RuleMaxDaysWeek || tt.rule == rules.RuleTrainingHours; weekly {
				want.date = want.date.Monday()
			}
			if v.StaffID != want.staff || v.Date != want.date || gotTime != want.time || v.Line != want.line {
				t.Errorf("place = staff %q date %s time %q line %q, want %q %s %q %q", v.StaffID, v.Date, gotTime, v.Line,
					want.staff, want.date, want.time, want.line)
			}
		})
	}
	for _, rule := range rules.Book {
		if !covered[rule.Name] {
			t.Errorf("rule %s has no case that breaks it alone", rule.Name)
		}
	}
}
