package demo_test

import (
	"fmt"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
)

// A 40-person desk on 15-minute slots over a two-week session, as the benchmarks use it.
func ExampleSynthetic() {
	ds, err := demo.Synthetic(demo.SyntheticSpec{Staff: 40, SlotMinutes: 15, Weeks: 2, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	count := map[planner.Status]int{}
	coordinators := 0
	for _, s := range ds.Staff {
		count[s.Status]++
		if s.HasRole(planner.RoleCoordinator) {
			coordinators++
		}
	}
	sess := ds.Sessions[0]
	fmt.Printf("session %s: %s to %s\n", sess.ID, sess.FirstDay, sess.LastDay)
	fmt.Printf("%d staff: %d mentors (%d coordinators), %d qualified, %d trainees, %d new\n", len(ds.Staff),
		count[planner.StatusMentor], coordinators, count[planner.StatusQualified], count[planner.StatusTrainee], count[planner.StatusNew])
	fmt.Printf("%d forecast rows on %d-minute slots\n", len(ds.Forecast), ds.Settings.SlotMinutes)
	// Output:
	// session synth: 2027-01-04 to 2027-01-16
	// 40 staff: 9 mentors (3 coordinators), 18 qualified, 10 trainees, 3 new
	// 1152 forecast rows on 15-minute slots
}
