package optimize_test

import (
	"context"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/scenario"
)

func countChanges(d *planner.RosterDiff) int { return d.Added + d.Removed + d.Moved }

// TestKeepChangesNothing re-plans against a roster with nothing changed: not a shift moves.
// With a person gone, only what must change does, and fewer shifts than a fresh plan moves.
func TestKeepChangesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("plans several rosters")
	}
	ctx := context.Background()
	ds := demo.TinyDesk()
	req := optimize.PlanRequest{SessionID: "jan", Seed: 1, Effort: 300}
	v1, _, err := optimize.Plan(ctx, ds, req)
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []int64{1, 7} {
		keep := req
		keep.Keep, keep.Seed = v1, seed
		v2, _, err := optimize.Plan(ctx, ds, keep)
		if err != nil {
			t.Fatal(err)
		}
		if d := planner.DiffRosters(v1, v2, ds); d.Changed() || len(d.Staff) != 0 || d.Unchanged != len(v1.Shifts) {
			t.Errorf("seed %d: re-planning the same data changed %+v", seed, d)
		}
	}

	busy, err := scenario.Scenario{Name: "busy", Changes: []scenario.Change{mustChange(t, "calls", "2027-01-05:+40%")}}.Apply(ds)
	if err != nil {
		t.Fatal(err)
	}
	keep := req
	keep.Keep = v1
	kept, _, err := optimize.Plan(ctx, busy, keep)
	if err != nil {
		t.Fatal(err)
	}
	fresh, _, err := optimize.Plan(ctx, busy, optimize.PlanRequest{SessionID: "jan", Seed: 5, Effort: 300})
	if err != nil {
		t.Fatal(err)
	}
	nk, nf := countChanges(planner.DiffRosters(v1, kept, busy)), countChanges(planner.DiffRosters(v1, fresh, busy))
	if nk > nf {
		t.Errorf("re-planning with --keep changed %d shifts, a fresh plan %d", nk, nf)
	}
	t.Logf("busier Tuesday: %d shifts changed with keep, %d by a fresh plan", nk, nf)
}
