package planner_test

import (
	"context"
	"testing"

	"deskplan/planner"
)

func countChanges(cs []planner.StaffChanges) int {
	n := 0
	for _, c := range cs {
		n += len(c.Changes)
	}
	return n
}

// TestKeepChangesNothing re-plans against a roster with nothing changed: not a shift moves.
// With a person gone, only what must change does, and fewer shifts than a fresh plan moves.
func TestKeepChangesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("plans several rosters")
	}
	ctx := context.Background()
	ds := tinyDesk()
	req := planner.PlanRequest{SessionID: "jan", Seed: 1, Effort: 300}
	v1, _, err := planner.Plan(ctx, ds, req)
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []int64{1, 7} {
		keep := req
		keep.Keep, keep.Seed = v1, seed
		v2, _, err := planner.Plan(ctx, ds, keep)
		if err != nil {
			t.Fatal(err)
		}
		if cs := planner.RosterChanges(ds, v1, v2); len(cs) != 0 {
			t.Errorf("seed %d: re-planning the same data changed %+v", seed, cs)
		}
	}

	busy, err := planner.Scenario{Name: "busy", Changes: []planner.Change{mustChange(t, "calls", "2027-01-05:+40%")}}.Apply(ds)
	if err != nil {
		t.Fatal(err)
	}
	keep := req
	keep.Keep = v1
	kept, _, err := planner.Plan(ctx, busy, keep)
	if err != nil {
		t.Fatal(err)
	}
	fresh, _, err := planner.Plan(ctx, busy, planner.PlanRequest{SessionID: "jan", Seed: 5, Effort: 300})
	if err != nil {
		t.Fatal(err)
	}
	nk, nf := countChanges(planner.RosterChanges(busy, v1, kept)), countChanges(planner.RosterChanges(busy, v1, fresh))
	if nk > nf {
		t.Errorf("re-planning with --keep changed %d shifts, a fresh plan %d", nk, nf)
	}
	t.Logf("busier Tuesday: %d shifts changed with keep, %d by a fresh plan", nk, nf)
}
