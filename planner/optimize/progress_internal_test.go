package optimize

import (
	"math"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/solver"
)

func TestSolverProgress(t *testing.T) {
	var got []planner.Progress
	report := func(p planner.Progress) { got = append(got, p) }
	// 2 goroutines of 100 moves; the moves begin after 2 s (construction and bound)
	f := solverProgress(report, 1000, 200, time.Minute)
	for _, sp := range []solver.Progress{
		{Elapsed: time.Second, Objective: math.Inf(1)},
		{Elapsed: 2 * time.Second, Objective: 150, Bound: 40, Feasible: true},
		{Elapsed: 4 * time.Second, Objective: 90, Bound: 45, Feasible: true, Iterations: 50},
		{Elapsed: 57 * time.Second, Objective: 80, Bound: 45, Feasible: true, Iterations: 100},
	} {
		f(sp)
	}
	want := []struct {
		done    float64
		left    time.Duration
		service float64
	}{
		{0, 0, 0},                     // no roster yet, nothing known of the pace
		{0, 0, 0.85},                  // before the moves
		{0.25, 6 * time.Second, 0.91}, // 50 of 200 moves in 2 s: 150 more take 6 s
		{0.95, 3 * time.Second, 0.92}, // the time limit comes first: 3 s of 60 left
	}
	if len(got) != len(want) {
		t.Fatalf("%d reports, want %d", len(got), len(want))
	}
	for i, w := range want {
		p := got[i]
		if math.Abs(p.Done-w.done) > 1e-9 || p.Left != w.left || math.Abs(p.ServiceLevel()-w.service) > 1e-9 {
			t.Errorf("report %d: done %g, left %v, service %g; want %g, %v, %g", i, p.Done, p.Left, p.ServiceLevel(), w.done, w.left, w.service)
		}
	}
	if solverProgress(nil, 1, 1, 0) != nil {
		t.Error("no report asked, yet a callback")
	}
	if sl := (planner.Progress{Calls: 0, Objective: 3}).ServiceLevel(); sl != 1 {
		t.Errorf("no calls: service %g, want 1", sl)
	}
}
