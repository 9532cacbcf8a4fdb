package sim_test

import (
	"context"
	"fmt"

	"github.com/deskplan/deskplan/planner/sim"
)

// A morning of four half-hour slots on one line: 40 calls per slot of 6 minutes each
// (8 Erlangs), callers who hang up after 3 minutes on average. Eleven agents are on the
// phone, one of them a trainee at half speed; in the third slot agent 4 is on a break. The
// first slot gains from the empty desk at opening, the third loses from the break.
func ExampleSimulate() {
	line := sim.Line{Calls: []float64{40, 40, 40, 40}, AHT: 360, Patience: 180}
	var team []sim.Agent
	for id := 1; id <= 10; id++ {
		team = append(team, sim.Agent{ID: id, Lines: []int{0}, Speed: 1})
	}
	team = append(team, sim.Agent{ID: 11, Lines: []int{0}, Speed: 0.5})
	var onBreak []sim.Agent
	for _, a := range team {
		if a.ID != 4 {
			onBreak = append(onBreak, a)
		}
	}
	day := sim.Day{Slot: 1800, Lines: []sim.Line{line}, Agents: [][]sim.Agent{team, team, onBreak, team}}

	r, err := sim.Simulate(context.Background(), []sim.Day{day}, sim.Options{Replications: 1000, Seed: 1, Target: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	for s := range r.Slots[0] {
		m := r.Slot(0, s, 0).PerCall
		fmt.Printf("slot %d: service level %.3f ± %.3f, abandoned %.3f\n", s, m.ServiceLevel.Mean, m.ServiceLevel.HalfWidth, m.Abandoned.Mean)
	}
	m := r.Day(0)
	fmt.Printf("morning: %.1f calls, service level %.3f ± %.3f, ASA %.1f s\n", m.Calls.Mean, m.ServiceLevel.Mean, m.ServiceLevel.HalfWidth, m.ASA.Mean)
	// Output:
	// slot 0: service level 0.909 ± 0.008, abandoned 0.030
	// slot 1: service level 0.844 ± 0.011, abandoned 0.054
	// slot 2: service level 0.771 ± 0.012, abandoned 0.081
	// slot 3: service level 0.855 ± 0.010, abandoned 0.050
	// morning: 159.6 calls, service level 0.849 ± 0.005, ASA 9.4 s
}
