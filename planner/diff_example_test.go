package planner_test

import (
	"fmt"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

func ExampleDiffRosters() {
	shift := func(staff, day, start, end string) planner.Shift {
		return planner.Shift{StaffID: staff, Date: calendar.MustDate(day), Start: calendar.MustClock(start), End: calendar.MustClock(end), Line: "LLN"}
	}
	v1 := &planner.Roster{Version: 1, From: calendar.MustDate("2027-01-04"), To: calendar.MustDate("2027-01-10"), Shifts: []planner.Shift{
		shift("ana", "2027-01-04", "07:30", "13:30"),
		shift("ana", "2027-01-05", "07:30", "13:30"),
		shift("bob", "2027-01-04", "13:30", "19:30"),
	}}
	v2 := &planner.Roster{Version: 2, From: v1.From, To: v1.To, Shifts: []planner.Shift{
		shift("ana", "2027-01-04", "07:30", "13:30"), // unchanged
		shift("ana", "2027-01-05", "09:00", "15:00"), // moved
		shift("bob", "2027-01-06", "13:30", "19:30"), // bob's Monday removed, Wednesday added
	}}
	ds := &planner.Dataset{Staff: []planner.Staff{{ID: "ana", Name: "Ana"}, {ID: "bob", Name: "Bob"}}}
	d := planner.DiffRosters(v1, v2, ds)
	fmt.Printf("%d unchanged, %d added, %d removed, %d moved\n", d.Unchanged, d.Added, d.Removed, d.Moved)
	for _, p := range d.Staff {
		fmt.Printf("%s: %gh -> %gh\n", p.Name, p.HoursBefore, p.HoursAfter)
		for _, c := range p.Changes {
			fmt.Println(" ", c.Date, c.Kind)
		}
	}
	// Output:
	// 1 unchanged, 1 added, 1 removed, 1 moved
	// Ana: 12h -> 12h
	//   2027-01-05 moved
	// Bob: 6h -> 6h
	//   2027-01-04 removed
	//   2027-01-06 added
}
