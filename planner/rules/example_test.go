package rules_test

import (
	"fmt"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/rules"
)

// A roster that keeps every rule, with one shift added for someone not in the team.
func ExampleCheck() {
	ds, r := demo.RuleBookDesk()
	day := r.From
	r.Shifts = append(r.Shifts, planner.Shift{StaffID: "zoe", Date: day,
		Start: calendar.MustClock("08:00"), End: calendar.MustClock("12:00"), Line: ds.Lines[0].ID})
	for _, v := range rules.Check(ds, r) {
		fmt.Printf("%s (hard: %v): %s\n", v.Rule, !v.Soft, v.Msg)
	}
	// Output:
	// unknown-staff (hard: true): 2027-01-04: shift 08:00-12:00 is given to unknown staff id "zoe"
}
