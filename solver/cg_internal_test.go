package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// cgModel is a random model whose pricing is exact (no type or weekend limits, which the
// pricing relaxes), so that column generation converges to the master LP's optimum.
func cgModel(seed uint64) *Model {
	rng := rand.New(rand.NewPCG(seed, 3))
	m := randomModel(rng, 14, 6+rng.IntN(4), 2, false)
	for w := range m.Workers {
		m.Workers[w].MaxShifts = nil
		m.Workers[w].MaxWeekends = 0
	}
	return m
}

func newTestColGen(t *testing.T, m *Model) *colGen {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	p := newPrep(m)
	specs := make([]*wspec, p.nW)
	for w := range specs {
		specs[w] = newWSpec(p, w, searchExactStates)
	}
	if _, err := precheck(context.Background(), p, specs, 2, false); err != nil {
		return nil
	}
	return newColGen(p, specs)
}

// TestColGenWarmStart runs column generation with the masters warm-started from the last
// basis, with cold masters, and with parallel pricing: all converge to the same LP value
// and bound, and the warm start takes fewer simplex iterations.
func TestColGenWarmStart(t *testing.T) {
	var warmIters, coldIters int
	for seed := range uint64(12) {
		m := cgModel(seed)
		var objs, bounds []float64
		for _, mode := range []string{"warm", "cold", "parallel"} {
			g := newTestColGen(t, m)
			if g == nil {
				break
			}
			g.noWarm = mode == "cold"
			if mode == "parallel" {
				g.par = 3
			}
			best := math.Inf(-1)
			_, obj, ok := g.run(context.Background(), 500, func(b float64) { best = max(best, b) })
			if !ok {
				t.Fatalf("seed %d %s: column generation failed", seed, mode)
			}
			objs, bounds = append(objs, obj), append(bounds, best)
			switch mode {
			case "warm":
				warmIters += g.lpIters
			case "cold":
				coldIters += g.lpIters
			}
		}
		for i := 1; i < len(objs); i++ {
			if math.Abs(objs[i]-objs[0]) > 1e-6*math.Max(1, math.Abs(objs[0])) {
				t.Errorf("seed %d: master LP value %g (warm), %g (cold), %g (parallel)", seed, objs[0], objs[1], objs[2])
			}
		}
		if len(bounds) > 0 && bounds[0] > objs[0]+1e-6*math.Max(1, math.Abs(objs[0])) {
			t.Errorf("seed %d: bound %g above the LP value %g", seed, bounds[0], objs[0])
		}
	}
	t.Logf("simplex iterations: warm %d, cold %d", warmIters, coldIters)
	if warmIters >= coldIters {
		t.Errorf("warm-started masters took %d simplex iterations, cold ones %d", warmIters, coldIters)
	}
}

// TestColGenDive dives from the root master: the dive returns a roster, leaves the root
// basis in place, and is the same from a clone and from the original.
func TestColGenDive(t *testing.T) {
	for seed := range uint64(6) {
		g, x := rootAfter(t, seed, convergedRootRounds)
		if g == nil {
			continue
		}
		root := g.basis
		c := g.clone()
		r1 := c.dive(context.Background(), x, 2, rand.New(rand.NewPCG(seed, 1)), nil)
		if g.basis != root || c.basis != root {
			t.Errorf("seed %d: a dive changed the root basis", seed)
		}
		r2 := g.clone().dive(context.Background(), x, 2, rand.New(rand.NewPCG(seed, 1)), nil)
		if r1 == nil {
			t.Errorf("seed %d: dive found no roster", seed)
			continue
		}
		if !slices.EqualFunc(r1, r2, slices.Equal) {
			t.Errorf("seed %d: two dives from the same state differ", seed)
		}
		sol := Solution{Assign: make([][]int, len(r1))}
		for w, r := range r1 {
			for _, o := range r {
				sol.Assign[w] = append(sol.Assign[w], int(o))
			}
		}
		if rep, err := g.p.m.Check(sol); err != nil || !rep.Feasible() {
			t.Errorf("seed %d: Check(dive roster) = %v, %v, want feasible", seed, rep.Violations, err)
		}
	}
}

// rootAfter returns the column generation of cgModel(seed) after at most rounds rounds, and
// its master's values (nil if the model has no roster). A few rounds leave a fractional
// master, as a large model's root cut by the clock (shallowRootRounds); many converge.
func rootAfter(t *testing.T, seed uint64, rounds int) (*colGen, [][]float64) {
	t.Helper()
	g := newTestColGen(t, cgModel(seed))
	if g == nil {
		return nil, nil
	}
	x, _, ok := g.run(context.Background(), rounds, nil)
	if !ok {
		t.Fatalf("seed %d: column generation failed", seed)
	}
	return g, x
}

const (
	shallowRootRounds   = 3
	convergedRootRounds = 500
)

// TestDiveWaitsForMoves checks that, where dives are not deep (the root did not converge
// quickly), a goroutine's next dive waits until its moves have spent as much effort as the
// last dive, and then comes.
func TestDiveWaitsForMoves(t *testing.T) {
	ctx := context.Background()
	tested := 0
	for seed := range uint64(12) {
		g, x := rootAfter(t, seed, shallowRootRounds)
		if g == nil {
			continue
		}
		s := newSearcher(g.p, g.specs, seed, 0)
		s.construct(ctx, ctx, nil, nil, false)
		s.cg, s.diveRounds = g.clone(), diveRounds
		e0 := s.cg.effort()
		s.maybeDive(ctx, x, math.Inf(-1))
		cost := s.cg.effort() - e0
		if cost == 0 {
			continue // the dive fixed every worker at once
		}
		tested++
		if s.diveDue != s.sc.work+cost {
			t.Fatalf("seed %d: a dive of effort %d, next dive due at %d with moves at %d", seed, cost, s.diveDue, s.sc.work)
		}
		s.diveWait = 0
		e1 := s.cg.effort()
		s.maybeDive(ctx, x, math.Inf(-1))
		if s.cg.effort() != e1 {
			t.Fatalf("seed %d: dived again before the moves spent the dive's effort", seed)
		}
		for s.sc.work < s.diveDue {
			s.run(ctx, 20)
		}
		s.diveWait = 0
		s.maybeDive(ctx, x, math.Inf(-1))
		if s.cg.effort() == e1 {
			t.Fatalf("seed %d: no dive once the moves spent the dive's effort", seed)
		}
	}
	if tested < 3 {
		t.Fatalf("only %d models had a dive with any effort", tested)
	}
}

// TestDiveCap checks that a dive over its effort cap still returns a whole roster that keeps
// every worker's rules, with no more column-generation effort than the uncapped dive (less
// when that one takes several steps).
func TestDiveCap(t *testing.T) {
	ctx := context.Background()
	tested := 0
	for seed := range uint64(12) {
		g, x := rootAfter(t, seed, shallowRootRounds)
		if g == nil {
			continue
		}
		free, capped := g.clone(), g.clone()
		capped.diveCap = 1
		f0, c0 := free.effort(), capped.effort()
		rf := free.dive(ctx, x, diveRounds, nil, nil)
		rc := capped.dive(ctx, x, diveRounds, nil, nil)
		if rf == nil || rc == nil {
			t.Fatalf("seed %d: dive returned no roster (uncapped %v, capped %v)", seed, rf != nil, rc != nil)
		}
		tc := make([]int, len(g.p.m.Types))
		for w, row := range rc {
			if row == nil || !g.p.rowFeasible(w, row, tc) {
				t.Fatalf("seed %d: capped dive gave worker %d row %v", seed, w, row)
			}
		}
		// the capped dive stops after its first column-generation step
		fe, ce := free.effort()-f0, capped.effort()-c0
		if ce > fe {
			t.Fatalf("seed %d: capped dive spent %d, uncapped %d", seed, ce, fe)
		}
		if ce < fe {
			tested++
		}
	}
	if tested < 3 {
		t.Fatalf("only %d models had a dive the cap shortened", tested)
	}
}

// zeroSource makes rand.Rand.Float64 return 0: a guided dive then fixes every guide row the
// LP gives at least guideMinLP.
type zeroSource struct{}

func (zeroSource) Uint64() uint64 { return 0 }

// TestGuidedDive checks that a guided dive fixes the guide's rows the LP uses, returns rows
// that keep every worker's rules, and leaves the root's LP values (shared by every dive of
// the search) as they were.
func TestGuidedDive(t *testing.T) {
	ctx := context.Background()
	tested := 0
	for seed := range uint64(12) {
		g, x := rootAfter(t, seed, convergedRootRounds)
		if g == nil {
			continue
		}
		m := g.p.m
		// the guide: an unguided dive's roster, where each worker alone in its class that
		// the LP gives a fractional column over guideMinLP has that column instead
		guide := g.clone().dive(ctx, x, 2, rand.New(rand.NewPCG(seed, 1)), nil)
		if guide == nil {
			t.Fatalf("seed %d: no roster", seed)
		}
		want := map[int][]int32{}
		for k, cls := range g.classes {
			if len(cls) != 1 {
				continue
			}
			for i, v := range x[k] {
				if v > guideMinLP && v < 1-1e-6 {
					guide[cls[0]] = g.cols[k][i].roster
					want[cls[0]] = g.cols[k][i].roster
				}
			}
		}
		before := make([][]float64, len(x))
		for k := range x {
			before[k] = slices.Clone(x[k])
		}
		r := g.clone().dive(ctx, x, 2, rand.New(zeroSource{}), guide)
		if !slices.EqualFunc(x, before, slices.Equal) {
			t.Fatalf("seed %d: a guided dive changed the LP values it started from", seed)
		}
		if r == nil {
			t.Fatalf("seed %d: guided dive found no roster", seed)
		}
		tc := make([]int, len(m.Types))
		for w, row := range r {
			if !g.p.rowFeasible(w, row, tc) {
				t.Fatalf("seed %d: worker %d row %v breaks a rule", seed, w, row)
			}
		}
		for w, row := range want {
			if !slices.Equal(r[w], row) {
				t.Fatalf("seed %d: worker %d has %v, not the guide's row %v (LP value over %g)", seed, w, r[w], row, guideMinLP)
			}
		}
		if len(want) > 0 {
			tested++
		}
	}
	if tested < 3 {
		t.Fatalf("only %d models had a fractional column over %g", tested, guideMinLP)
	}
}

// TestDiveGuide checks when a dive is guided: every guideEvery-th dive, by a best roster that
// keeps the hard rules and is within guideGap of the bound.
func TestDiveGuide(t *testing.T) {
	best := [][]int32{{0, Off}}
	for _, tc := range []struct {
		name       string
		dives      int
		soft, hard float64
		bound      float64
		best       [][]int32
		wantGuided bool
	}{
		{"guided", guideEvery, 100, 0, 100 * (1 - guideGap), best, true},
		{"proved", 2 * guideEvery, 100, 0, 100, best, true},
		{"not its turn", guideEvery + 1, 100, 0, 100, best, false},
		{"gap too wide", guideEvery, 100, 0, 100*(1-guideGap) - 1, best, false},
		{"no bound", guideEvery, 100, 0, math.Inf(-1), best, false},
		{"breaks a rule", guideEvery, 100, 1, 100, best, false},
		{"no roster yet", guideEvery, math.Inf(1), 0, 100, nil, false},
	} {
		s := &searcher{dives: tc.dives, bestSoft: tc.soft, bestHard: tc.hard, best: tc.best}
		if got := s.diveGuide(tc.bound) != nil; got != tc.wantGuided {
			t.Errorf("%s: guided %v, want %v", tc.name, got, tc.wantGuided)
		}
	}
}
