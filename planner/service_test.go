package planner_test

import (
	"context"
	"math"
	"testing"

	"deskplan/planner"
	"deskplan/planner/demo"
	"deskplan/planner/sim"
)

// TestClaimMatchesSimulation checks the service Evaluate claims against the discrete-event
// simulation of the same roster (package sim, which uses no queueing formula): within 1.5
// points per day and 1 point over the week, for a planned demo week and for the half-day rota
// a manager would make of the same people (pooled coordinators, trainees beside mentors).
func TestClaimMatchesSimulation(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1]
	r, _, err := planner.Plan(context.Background(), ds, planner.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: 1, Effort: 20, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, roster := range []*planner.Roster{r, managerRota(t, ds, r)} {
		rep, err := planner.Evaluate(ds, roster)
		if err != nil {
			t.Fatal(err)
		}
		s, err := planner.Simulate(context.Background(), ds, roster, sim.Options{Replications: 300, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range planner.CheckService(rep, s) {
			if c.Line != "" {
				continue
			}
			limit := 1.5
			if c.Date.IsZero() {
				limit = 1
			}
			if math.Abs(c.Gap()) > limit {
				t.Errorf("%s roster, %s: claimed %.2f%%, simulated %.2f%% ± %.2f: %+.2f points, beyond %g",
					roster.Method, c.Date, 100*c.Claimed, 100*c.Simulated, 100*c.HalfWidth, c.Gap(), limit)
			}
		}
	}
}
