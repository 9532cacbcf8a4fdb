package optimize

import (
	"context"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// TestGreedyStops: a cancelled context stops the greedy construction (between days of the
// coordinator phase and between shifts after it), which otherwise gives shifts.
func TestGreedyStops(t *testing.T) {
	ds := tinyDesk("2027-01-04", "2027-01-09")
	prob, err := newProblem(context.Background(), ds, "s", calendar.MustDate("2027-01-04"), calendar.MustDate("2027-01-09"), 0, planner.MeanDemand)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(greedy(context.Background(), context.Background(), prob.greedyInput())); n == 0 {
		t.Fatal("greedy gave no shift")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if n := len(greedy(ctx, ctx, prob.greedyInput())); n != 0 {
		t.Fatalf("greedy with a cancelled context gave %d shifts", n)
	}
}
