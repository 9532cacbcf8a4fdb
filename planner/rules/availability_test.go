package rules

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// availDataset is a desk open Mon-Sat 07:30-19:30 in Brussels with one session and the given
// availability rules.
func availDataset(rules ...planner.Availability) *planner.Dataset {
	return &planner.Dataset{
		Settings: planner.DefaultSettings(),
		Staff: []planner.Staff{
			{ID: "ana", Name: "Ana", Status: planner.StatusMentor},
			{ID: "bo", Name: "Bo", Status: planner.StatusQualified},
		},
		Sessions:     []planner.Session{{ID: "jan-2027", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-30")}},
		Availability: rules,
	}
}

func mustIndex(t testing.TB, ds *planner.Dataset) *planner.AvailabilityIndex {
	t.Helper()
	ix, err := planner.NewAvailabilityIndex(ds)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// clock is calendar.MustClock, short for tables.
func clock(s string) calendar.Clock { return calendar.MustClock(s) }

func TestAvailabilityViolations(t *testing.T) {
	ds := availDataset(
		planner.Availability{StaffID: "ana", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "own exam"},
		planner.Availability{StaffID: "bo", Kind: planner.Available, From: clock("09:00"), To: clock("17:00")},
	)
	ix := mustIndex(t, ds)
	r := &planner.Roster{From: calendar.MustDate("2027-01-04"), To: calendar.MustDate("2027-01-10"), Shifts: []planner.Shift{
		{StaffID: "ana", Date: calendar.MustDate("2027-01-08"), Start: clock("07:30"), End: clock("13:30"), Line: "LLN"},
		{StaffID: "ana", Date: calendar.MustDate("2027-01-09"), Start: clock("07:30"), End: clock("13:30"), Line: "LLN"},
		{StaffID: "bo", Date: calendar.MustDate("2027-01-09"), Start: clock("08:00"), End: clock("12:00"), Line: "LLN"},
		{StaffID: "bo", Date: calendar.MustDate("2027-01-08"), Start: clock("09:00"), End: clock("17:00"), Line: "LLN"},
		{StaffID: "bo", Date: calendar.MustDate("2027-01-10"), Start: clock("09:00"), End: clock("17:00"), Line: "LLN"}, // Sunday: opening hours' rule
	}}
	var got []string
	for _, v := range availabilityViolations(ix, ds, r) {
		if v.Rule != RuleAvailability {
			t.Errorf("violation rule %q, want %q", v.Rule, RuleAvailability)
		}
		got = append(got, v.Msg)
	}
	want := []string{
		`2027-01-09: Ana (ana)'s shift 07:30-13:30 is outside availability: unavailable 07:30-19:30 (RRULE FREQ=WEEKLY;BYDAY=SA, note "own exam")`,
		`2027-01-09: Bo (bo)'s shift 08:00-12:00 is outside availability: not available 07:30-09:00 (outside the available rules)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Violations (-want +got):\n%s", diff)
	}
}
