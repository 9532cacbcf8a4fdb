package solver_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/deskplan/deskplan/solver"
)

// stopModel is a model whose empty roster breaks every worker's rules (a minimum of paid
// minutes) and a hard cover rule (someone of kind 1 in every cell of type 0), so that only the
// construction makes a roster that keeps the hard rules.
func stopModel() *solver.Model {
	m := base(14, 4, 2)
	for w := range m.Workers {
		m.Workers[w].MinMinutes = 6 * 480
		m.Workers[w].MaxMinutes = 9 * 480
		m.Workers[w].MaxConsecutive = 5
		m.Workers[w].Kinds = 1
	}
	var cells []int
	for d := range m.Days {
		cells = append(cells, d*2)
	}
	m.Covers = []solver.CoverRule{{Name: "lead", Cells: cells, Kinds: 1, Min: 1}}
	return m
}

// TestSolveTinyLimitConstructs: whatever the time limit, the construction runs to its end, so
// a model with rosters gets one that keeps the hard rules.
func TestSolveTinyLimitConstructs(t *testing.T) {
	for _, limit := range []time.Duration{time.Nanosecond, time.Millisecond} {
		sol, err := solver.Solve(context.Background(), stopModel(), solver.Options{TimeLimit: limit, Seed: 1, Workers: 2})
		if err != nil || !sol.Feasible {
			t.Fatalf("TimeLimit %v: feasible %v, err %v; want a roster that keeps the hard rules", limit, sol.Feasible, err)
		}
	}
}

// TestSolveStopped: a search stopped by a deadline or a cancellation before it has a roster
// returns a *StoppedError that wraps the context's error, not an infeasibility.
func TestSolveStopped(t *testing.T) {
	past, cancel1 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel1()
	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	for _, tc := range []struct {
		ctx  context.Context
		want error
	}{{past, context.DeadlineExceeded}, {cancelled, context.Canceled}} {
		_, err := solver.Solve(tc.ctx, stopModel(), solver.Options{Seed: 1})
		var se *solver.StoppedError
		if !errors.As(err, &se) || !errors.Is(err, tc.want) || errors.Is(err, solver.ErrInfeasible) {
			t.Fatalf("Solve: %v; want a *StoppedError wrapping %v", err, tc.want)
		}
		if err.Error() == "" {
			t.Fatal("empty message")
		}
	}
}

// TestSolveCancelKeepsBest: cancelled once the construction is done (at its first progress
// report), Solve returns the constructed roster without an error.
func TestSolveCancelKeepsBest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sol, err := solver.Solve(ctx, stopModel(), solver.Options{Seed: 1, Workers: 2, MaxIterations: 1000000,
		Progress: func(solver.Progress) { cancel() }})
	if err != nil || !sol.Feasible || sol.Assign == nil {
		t.Fatalf("feasible %v, err %v; want the constructed roster", sol.Feasible, err)
	}
}
