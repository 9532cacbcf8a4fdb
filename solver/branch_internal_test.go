package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteOptimum returns the optimum of a tiny model by enumerating every combination of
// rosters that keep the worker rules.
func bruteOptimum(t *testing.T, m *Model) float64 {
	t.Helper()
	p := newPrep(m)
	tcnt := make([]int, len(m.Types))
	rows := make([][][]int, len(m.Workers))
	for w := range rows {
		row := make([]int32, m.Days)
		var rec func(d int)
		rec = func(d int) {
			if d == m.Days {
				if p.rowFeasible(w, row, tcnt) {
					r := make([]int, m.Days)
					for i, o := range row {
						r[i] = int(o)
					}
					rows[w] = append(rows[w], r)
				}
				return
			}
			row[d] = Off
			rec(d + 1)
			for _, o := range p.allowed[w][d] {
				row[d] = o
				rec(d + 1)
			}
		}
		rec(0)
	}
	assign := make([][]int, len(m.Workers))
	best := math.Inf(1)
	var rec func(w int)
	rec = func(w int) {
		if w == len(m.Workers) {
			rep, err := m.Check(Solution{Assign: assign})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Feasible() && rep.Objective < best {
				best = rep.Objective
			}
			return
		}
		for _, r := range rows[w] {
			assign[w] = r
			rec(w + 1)
		}
	}
	rec(0)
	return best
}

// treeOptimum runs branch-and-price alone, from no incumbent, until the tree is exhausted
// (or 10000 steps): it returns the best roster's objective (+Inf: none), whether the tree
// proved it, and the nodes processed. Every roster the tree meets must keep the rules.
func treeOptimum(t *testing.T, m *Model, g *colGen) (best float64, proved bool, nodes int) {
	t.Helper()
	if _, _, ok := g.run(context.Background(), 500, nil); !ok {
		t.Fatal("column generation failed")
	}
	b := newBranchPrice(g)
	inc := math.Inf(1)
	for steps := 0; !b.done() && steps < 10000; steps++ {
		for _, r := range b.step(context.Background(), inc, 1) {
			sol := Solution{Assign: make([][]int, len(r))}
			for w, row := range r {
				for _, o := range row {
					sol.Assign[w] = append(sol.Assign[w], int(o))
				}
			}
			rep, err := m.Check(sol)
			if err != nil || !rep.Feasible() {
				t.Fatalf("a roster of the tree breaks a rule: %v %v", rep.Violations, err)
			}
			inc = min(inc, rep.Objective)
		}
	}
	return inc, b.proved(), b.nodes
}

// exactModel is a random model without the limits that the pricing handles by penalties
// (which could leave a class without a column): the tree is exact on it.
func exactModel(seed uint64, stream uint64, days, workers int) *Model {
	rng := rand.New(rand.NewPCG(seed, stream))
	m := randomModel(rng, days, workers, 2, false)
	for w := range m.Workers {
		m.Workers[w].MaxShifts = nil
		m.Workers[w].MaxWeekends = 0
	}
	return m
}

// TestBranchAndPriceExact runs branch-and-price alone, from no incumbent, on tiny random
// models: the tree must be exhausted, and the best roster it meets must be optimal (the
// brute-force optimum), which proves the pruning, the branching rules in the pricing and in
// the master, and the test for solved nodes.
func TestBranchAndPriceExact(t *testing.T) {
	branched := 0
	for seed := range uint64(40) {
		days, workers := 7, 2
		if seed%2 == 1 {
			days, workers = 5, 3
		}
		m := exactModel(seed, 11, days, workers)
		g := newTestColGen(t, m)
		if g == nil || !canBranch(g) {
			continue
		}
		want := bruteOptimum(t, m)
		got, proved, nodes := treeOptimum(t, m, g)
		if !proved {
			t.Errorf("seed %d: tree not exhausted after %d nodes", seed, nodes)
			continue
		}
		if nodes > 1 {
			branched++
		}
		if got != want && math.Abs(got-want) > 1e-6 {
			t.Errorf("seed %d: branch-and-price best %v, optimum %v (%d nodes)", seed, got, want, nodes)
		}
	}
	t.Logf("%d models needed branching", branched)
	if branched < 5 {
		t.Errorf("only %d models needed branching: the test does not exercise the tree", branched)
	}
}

// TestSolveProvesWithBranching solves models on which branch-and-price applies: Solve must
// return the optimum with a bound equal to it (the exhausted tree proves it), and the same
// roster on every run.
func TestSolveProvesWithBranching(t *testing.T) {
	proved := 0 // with a gap at the root
	for seed := range uint64(16) {
		m := exactModel(seed, 13, 10, 4)
		g := newTestColGen(t, m)
		if g == nil || !canBranch(g) {
			continue
		}
		want, ok, _ := treeOptimum(t, m, g)
		if !ok {
			continue
		}
		root := newTestColGen(t, m)
		rootL := math.Inf(-1)
		root.run(context.Background(), 500, func(L float64) { rootL = max(rootL, L) })
		gap := roundBound(root.p, rootL) < want-1e-6 // the root's bound alone proves nothing
		opt := Options{Seed: 3, Workers: 2, MaxIterations: 2000, Epoch: 10}
		a, err := Solve(context.Background(), m, opt)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		b, _ := Solve(context.Background(), m, opt)
		if math.Abs(a.Objective-want) > 1e-6 {
			t.Errorf("seed %d: objective %v, optimum %v", seed, a.Objective, want)
		}
		if a.Bound > a.Objective+1e-9 {
			t.Errorf("seed %d: bound %v above the objective %v", seed, a.Bound, a.Objective)
		}
		if a.Bound >= a.Objective-1e-9 && gap {
			proved++
		}
		for w := range a.Assign {
			if !slices.Equal(a.Assign[w], b.Assign[w]) {
				t.Fatalf("seed %d: worker %d: %v then %v", seed, w, a.Assign[w], b.Assign[w])
			}
		}
	}
	t.Logf("%d models with a gap at the root proved optimal", proved)
	if proved < 3 {
		t.Errorf("only %d models with a gap at the root proved optimal", proved)
	}
}
