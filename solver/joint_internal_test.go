package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// withJoints gives each day of m with two or more cells a joint over them, whose penalty rewards
// staff in both cells together (so it is neither separable nor convex), and an option per
// day that covers all of them at once, like a person who answers two phone lines.
func withJoints(rng *rand.Rand, m *Model) *Model {
	for d := range m.Options {
		var cells []int
		for _, o := range m.Options[d] {
			for _, c := range o.Cover {
				cells = append(cells, c.Cell)
			}
		}
		if len(cells) < 2 {
			continue
		}
		a := 1 + 3*rng.Float64()
		m.Joints = append(m.Joints, Joint{Name: "day", Cells: cells, Penalty: func(x []float64) float64 {
			v := 0.0
			for i := 1; i < len(x); i++ {
				v += a * math.Max(0, 2-x[0]) * math.Max(0, 2-x[i])
			}
			return v + 0.5*math.Abs(math.Sin(3*x[0]))
		}})
		both := Option{Type: 0, Start: 480, Length: 240}
		for _, c := range cells {
			both.Cover = append(both.Cover, Coverage{Cell: c, Coef: 1})
		}
		m.Options[d] = append(m.Options[d], both)
		for w := range m.Workers {
			if al := m.Workers[w].Allowed; al != nil && al[d] != nil && len(al[d]) > 0 {
				al[d] = append(al[d], len(m.Options[d])-1)
			}
		}
	}
	return m
}

// FuzzIncrementalJoints is FuzzIncremental on models with joints.
func FuzzIncrementalJoints(f *testing.F) {
	for seed := range uint64(12) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, 13))
		m := randomModel(rng, 6+rng.IntN(8), 3+rng.IntN(4), 2+rng.IntN(2), seed%2 == 0)
		checkIncremental(t, withJoints(rng, m), rng)
	})
}

// TestJointMarginals checks the batched, memoised marginals against marginal, bit for bit, on
// models with joints.
func TestJointMarginals(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 17))
		checkMarginals(t, withJoints(rng, randomModel(rng, 5+rng.IntN(5), 4+rng.IntN(3), 2+rng.IntN(2), true)), rng, seed)
	}
}

// TestJointGuidesSearch solves a day with one worker and three options: one per cell and one
// covering both. The cells cost nothing on their own; the joint costs 3 unless both cells are
// staffed, so only the option covering both is worth working.
func TestJointGuidesSearch(t *testing.T) {
	m := &Model{Days: 1, Types: []string{"day"},
		Cells: []Cell{{Name: "a"}, {Name: "b"}},
		Options: [][]Option{{
			{Start: 480, Length: 240, Cover: []Coverage{{Cell: 0, Coef: 1}}},
			{Start: 480, Length: 240, Cover: []Coverage{{Cell: 1, Coef: 1}}},
			{Start: 480, Length: 240, Cover: []Coverage{{Cell: 0, Coef: 1}, {Cell: 1, Coef: 1}}},
		}},
		Joints: []Joint{{Name: "both", Cells: []int{0, 1}, Penalty: func(x []float64) float64 {
			if x[0] >= 1 && x[1] >= 1 {
				return 0
			}
			return 3
		}}},
		Workers: []Worker{{Weight: 1, CostPerMinute: 0.001}},
	}
	sol, err := Solve(context.Background(), m, Options{Seed: 1, MaxIterations: 20})
	if err != nil {
		t.Fatal(err)
	}
	if got := sol.Assign[0][0]; got != 2 {
		t.Fatalf("worker works option %d, want 2 (both cells); objective %v", got, sol.Objective)
	}
	rep, err := m.Check(sol)
	if err != nil || math.Abs(rep.Objective-sol.Objective) > 1e-9 || rep.Joints != 0 {
		t.Fatalf("Check = %+v (%v), solution objective %v", rep, err, sol.Objective)
	}
}

// TestJointsSolve solves random models with joints: the result keeps every rule, its
// objective is what Check says, and the bound (which leaves joints out) stays below it.
func TestJointsSolve(t *testing.T) {
	for seed := range uint64(6) {
		rng := rand.New(rand.NewPCG(seed, 19))
		m := withJoints(rng, randomModel(rng, 7+rng.IntN(5), 3+rng.IntN(3), 2, true))
		sol, err := Solve(context.Background(), m, Options{Seed: seed, MaxIterations: 60, Workers: 2})
		if err != nil {
			if _, ok := err.(*InfeasibleError); ok {
				continue
			}
			t.Fatal(err)
		}
		rep, err := m.Check(sol)
		if err != nil || !rep.Feasible() || math.Abs(rep.Objective-sol.Objective) > 1e-9 {
			t.Fatalf("seed %d: Check %+v (%v), solution %v", seed, rep.Violations, err, sol.Objective)
		}
		if sol.Bound > sol.Objective+1e-6 {
			t.Fatalf("seed %d: bound %v above objective %v", seed, sol.Bound, sol.Objective)
		}
	}
}

// TestJointValidate rejects joints that share a cell, name a bad cell or have no penalty.
func TestJointValidate(t *testing.T) {
	pen := func([]float64) float64 { return 0 }
	for _, tc := range []struct {
		name   string
		joints []Joint
	}{
		{"shared cell", []Joint{{Cells: []int{0}, Penalty: pen}, {Cells: []int{0, 1}, Penalty: pen}}},
		{"bad cell", []Joint{{Cells: []int{2}, Penalty: pen}}},
		{"no penalty", []Joint{{Cells: []int{0}}}},
		{"no cell", []Joint{{Penalty: pen}}},
	} {
		m := &Model{Days: 1, Types: []string{"d"}, Cells: []Cell{{}, {}}, Options: [][]Option{{}}, Joints: tc.joints}
		if err := m.Validate(); err == nil {
			t.Errorf("%s: Validate accepted %+v", tc.name, tc.joints)
		}
	}
	var buf nopWriter
	m := &Model{Days: 1, Types: []string{"d"}, Cells: []Cell{{}}, Options: [][]Option{{}}, Joints: []Joint{{Cells: []int{0}, Penalty: pen}}}
	if err := WriteLP(&buf, m); err == nil {
		t.Error("WriteLP accepted a model with a joint")
	}
}

type nopWriter struct{}

func (nopWriter) Write(b []byte) (int, error) { return len(b), nil }
