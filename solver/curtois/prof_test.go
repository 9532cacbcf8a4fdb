package curtois

import (
	"context"
	"os"
	"testing"
	"time"

	"deskplan/solver"
)

func TestProf(t *testing.T) {
	f := os.Getenv("PROF_INST")
	if f == "" {
		t.Skip()
	}
	in, err := ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	m := in.Model()
	start := time.Now()
	sol, err := solver.Solve(context.Background(), m, solver.Options{TimeLimit: 10 * time.Second, Seed: 1, BoundIterations: -1, Progress: func(p solver.Progress) { t.Logf("%v %v %v", p.Elapsed, p.Objective, p.Iterations) }})
	t.Log(sol.Objective, err, time.Since(start))
	t.Log(solver.DbgCounters())
}

func TestDbgChain(t *testing.T) {
	f := os.Getenv("CHAIN_ROSTER")
	if f == "" {
		t.Skip()
	}
	in, _ := ReadFile("/work/shared/benchmarks/curtois/Instance2.txt")
	r, _ := os.Open(f)
	a, err := in.ReadRoster(r)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(solver.DbgChain(in.Model(), a, 14))
}
