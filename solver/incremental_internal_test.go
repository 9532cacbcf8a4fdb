package solver

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
)

// FuzzIncremental checks that the incremental evaluation of the search agrees with Check,
// and the fast worker-rule test with the checker, on random models and random rosters.
func FuzzIncremental(f *testing.F) {
	for seed := range uint64(20) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, 3))
		m := randomModel(rng, 8+rng.IntN(10), 3+rng.IntN(4), 1+rng.IntN(3), seed%2 == 0)
		checkIncremental(t, m, rng)
	})
}

// checkIncremental makes 400 random changes to a roster of m and checks, after each, that set
// and marginal agree with the change of score, and every 20 changes that the incremental
// objective and hard shortfall agree with Check and that the fast worker-rule test agrees with
// the checker.
func checkIncremental(t *testing.T, m *Model, rng *rand.Rand) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	p := newPrep(m)
	st := newState(p)
	forb := m.forbiddenMatrix()
	tc := make([]int, len(m.Types))
	for step := range 400 {
		w, d := rng.IntN(p.nW), rng.IntN(p.nD)
		o := int32(Off)
		if al := p.allowed[w][d]; len(al) > 0 && rng.IntN(3) > 0 {
			o = al[rng.IntN(len(al))]
		}
		if rng.IntN(10) == 0 {
			// an option the worker may not work
			o = int32(rng.IntN(len(m.Options[d])))
		}
		before := st.score()
		var want float64
		if o != Off && st.assign[w][d] == Off {
			want = st.marginal(w, d, o)
		}
		delta := st.set(w, d, o)
		if diff := st.score() - before - delta; diff > 1e-6 || diff < -1e-6 {
			t.Fatalf("step %d: set returned %v, score moved by %v", step, delta, st.score()-before)
		}
		if want != 0 && (delta-want > 1e-6 || want-delta > 1e-6) {
			t.Fatalf("step %d: marginal %v, set %v", step, want, delta)
		}
		if step%20 != 0 {
			continue
		}
		sol := Solution{Assign: st.copyAssign()}
		rep, err := m.Check(sol)
		if err != nil {
			t.Fatal(err)
		}
		if d := rep.Objective - st.soft; d > 1e-6 || d < -1e-6 {
			t.Fatalf("step %d: incremental objective %v, Check %v", step, st.soft, rep.Objective)
		}
		coupling := 0
		for _, v := range rep.Violations {
			if v.Rule == RuleCover || v.Rule == RuleSupervision {
				coupling++
			}
		}
		if (coupling > 0) != (st.hard > 0) {
			t.Fatalf("step %d: hard shortfall %v, Check coupling violations %d", step, st.hard, coupling)
		}
		for w := range m.Workers {
			fast := p.rowFeasible(w, st.assign[w], tc)
			slow := len(m.checkWorker(w, sol.Assign[w], forb)) == 0
			if fast != slow {
				t.Fatalf("worker %d row %v: rowFeasible %v, checkWorker %v", w, sol.Assign[w], fast, m.checkWorker(w, sol.Assign[w], forb))
			}
		}
	}
	st.recompute()
	rep, _ := m.Check(Solution{Assign: st.copyAssign()})
	if d := rep.Objective - st.soft; d > 1e-6 || d < -1e-6 {
		t.Fatalf("after recompute: %v, Check %v", st.soft, rep.Objective)
	}
}

// TestDeterministic runs the same search twice, with two goroutines and an effort budget.
func TestDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	m := randomModel(rng, 14, 6, 2, true)
	run := func() Solution {
		sol, err := Solve(context.Background(), m, Options{Seed: 7, Workers: 2, MaxIterations: 150, Epoch: 30})
		if err != nil && sol.Assign == nil {
			t.Fatal(err)
		}
		return sol
	}
	a, b := run(), run()
	for w := range a.Assign {
		if !slices.Equal(a.Assign[w], b.Assign[w]) {
			t.Fatalf("worker %d: %v then %v", w, a.Assign[w], b.Assign[w])
		}
	}
	if a.Objective != b.Objective {
		t.Fatalf("objective %v then %v", a.Objective, b.Objective)
	}
	c, _ := Solve(context.Background(), m, Options{Seed: 7, Workers: 1, MaxIterations: 150})
	rep, err := m.Check(c)
	if err != nil || rep.Objective != c.Objective {
		t.Fatalf("Check %v, solution %v (%v)", rep.Objective, c.Objective, err)
	}
}

// TestRandomModelsSolve solves random models with every feature and checks the result.
func TestRandomModelsSolve(t *testing.T) {
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 11))
		m := randomModel(rng, 7+rng.IntN(8), 3+rng.IntN(4), 1+rng.IntN(3), true)
		sol, err := Solve(context.Background(), m, Options{Seed: seed, MaxIterations: 100})
		if err != nil {
			if _, ok := err.(*InfeasibleError); ok {
				continue
			}
			t.Fatal(err)
		}
		rep, err := m.Check(sol)
		if err != nil || !rep.Feasible() || rep.Objective != sol.Objective {
			t.Fatalf("seed %d: Check %+v (%v), solution %v", seed, rep.Violations, err, sol.Objective)
		}
		if sol.Bound > sol.Objective+1e-6 {
			t.Fatalf("seed %d: bound %v above objective %v", seed, sol.Bound, sol.Objective)
		}
	}
}

// TestMarginalsMatchMarginal checks the batched, memoised marginals against marginal, bit for
// bit, on random states of models whose options overlap on cells with up to four different
// coefficients (the cache keeps two per cell and computes the rest directly).
func TestMarginalsMatchMarginal(t *testing.T) {
	coefs := []float64{1, 0.5, 0.25, 0}
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 11))
		m := randomModel(rng, 5+rng.IntN(6), 4+rng.IntN(4), 1+rng.IntN(3), true)
		for d := range m.Options {
			for o := range m.Options[d] {
				var cov []Coverage
				for range 1 + rng.IntN(4) {
					cov = append(cov, Coverage{Cell: rng.IntN(len(m.Cells)), Coef: coefs[rng.IntN(len(coefs))]})
				}
				m.Options[d][o].Cover = cov
			}
		}
		checkMarginals(t, m, rng, seed)
	}
}

// checkMarginals makes 200 random changes to a roster of m and checks, at every day taken
// off, the batched marginals of the day's options against marginal, bit for bit.
func checkMarginals(t *testing.T, m *Model, rng *rand.Rand, seed uint64) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	p := newPrep(m)
	st := newState(p)
	var mc margCache
	for step := range 200 {
		w, d := rng.IntN(p.nW), rng.IntN(p.nD)
		al := p.allowed[w][d]
		if rng.IntN(2) == 0 && len(al) > 0 {
			st.set(w, d, al[rng.IntN(len(al))])
			continue
		}
		st.set(w, d, Off)
		got := make([]float64, len(al))
		st.marginals(w, d, al, got, &mc)
		for i, o := range al {
			if want := st.marginal(w, d, o); got[i] != want {
				t.Fatalf("seed %d step %d: marginals[%d] = %v, marginal = %v", seed, step, i, got[i], want)
			}
		}
	}
}

// TestReoptNeverWorsens checks that re-optimising a worker whose row keeps its rules never
// raises the score, also when the type limits are priced by Lagrangian penalties (every limit
// out of the DP state here) and the DP's roster under those penalties costs more than the old
// row, and that reopt reports the change of score it made.
func TestReoptNeverWorsens(t *testing.T) {
	worse := 0
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 11))
		m := randomModel(rng, 14, 5, 2, seed%2 == 0)
		for w := range m.Workers {
			if m.Workers[w].MaxShifts == nil {
				m.Workers[w].MaxShifts = []int{2, 0}
			}
		}
		if err := m.Validate(); err != nil {
			t.Fatal(err)
		}
		p := newPrep(m)
		specs := make([]*wspec, p.nW)
		for w := range specs {
			specs[w] = newWSpec(p, w, 1)
		}
		s := newSearcher(p, specs, seed, 0)
		s.construct(context.Background(), context.Background(), nil, nil, false)
		for step := range 300 {
			w := rng.IntN(p.nW)
			a, b := -1, -1
			if rng.IntN(2) == 0 {
				a = rng.IntN(p.nD)
				b = min(p.nD-1, a+rng.IntN(7))
			}
			feasible := p.rowFeasible(w, s.st.assign[w], s.tcnt)
			before := s.st.score()
			delta := s.reopt(w, a, b)
			if diff := s.st.score() - before - delta; diff > 1e-6 || diff < -1e-6 {
				t.Fatalf("seed %d step %d: reopt returned %v, score moved by %v", seed, step, delta, s.st.score()-before)
			}
			if feasible && delta > 1e-6 {
				worse++
				t.Errorf("seed %d step %d: reopt of worker %d (days %d..%d) raised the score by %v", seed, step, w, a, b, delta)
			}
			if feasible && !p.rowFeasible(w, s.st.assign[w], s.tcnt) {
				t.Fatalf("seed %d step %d: reopt broke worker %d's rules", seed, step, w)
			}
		}
		if worse > 5 {
			t.FailNow()
		}
	}
}
