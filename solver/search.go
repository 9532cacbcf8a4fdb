package solver

import (
	"context"
	"math"
	"math/rand/v2"
)

// searcher is one search goroutine.
type searcher struct {
	p     *prep
	specs []*wspec
	rng   *rand.Rand
	st    *state
	sc    dpScratch
	in    dpInput
	mc    margCache
	lam   [][]float64 // per worker Lagrangian penalty per type
	wePen []float64   // per worker weekend penalty
	tcnt  []int

	best      [][]int32
	bestScore float64
	bestSoft  float64
	bestHard  float64

	cg *colGen      // for randomized dives (nil: none)
	bp *branchPrice // branch-and-price, a budget per epoch (nil: none)
	// diveWait is the number of epochs before the next dive; diveBackoff the wait after the
	// last dive (doubled by each dive that does not improve the roster, reset by one that does)
	diveWait, diveBackoff int
	diveRounds            int // column-generation rounds after each fixing step of a dive
	dps, dpsRun           int // DPs solved by the moves so far, and by the last epoch's moves
	// deepDives: the root converged quickly and dives take diveRoundsConverged rounds; else
	// each dive is followed by moves of the same effort (diveDue: the effort of this
	// goroutine's own DPs, s.sc.work, that the next dive waits for): on a large model a
	// shallow dive costs as much as many moves, and the moves need their share of the time;
	// where dives are deep they are the better use of it (docs/solver-tuning.md).
	deepDives bool
	diveDue   int64
	lahc      []float64
	lahcPos   int
	stale     int
	dives     int // dives made (every guideEvery-th is guided by the best roster)

	// forceDay (-1: none) and forceCell: reopt must work, on that day, an option covering
	// that cell (the first link of an ejection chain, eject.go)
	forceDay, forceCell int
	penBefore           []float64 // eject's copy of the cell penalties
	ej                  ejectShare
}

func newSearcher(p *prep, specs []*wspec, seed uint64, idx int) *searcher {
	s := &searcher{p: p, specs: specs, rng: rand.New(rand.NewPCG(seed, uint64(idx)*0x9e3779b97f4a7c15+1))}
	s.st = newState(p)
	s.lam = make([][]float64, p.nW)
	s.wePen = make([]float64, p.nW)
	s.tcnt = make([]int, len(p.m.Types))
	s.in.off = make([]float64, p.nD)
	s.in.opt = make([][]float64, p.nD)
	s.bestScore = math.Inf(1)
	s.bestSoft = math.Inf(1)
	s.forceDay = -1
	s.ej.p = tune.peject
	return s
}

func (s *searcher) saveBest() {
	sc := s.st.score()
	if sc < s.bestScore-1e-9 {
		s.bestScore, s.bestSoft, s.bestHard = sc, s.st.soft, s.st.hard
		if s.best == nil {
			s.best = make([][]int32, s.p.nW)
			for w := range s.best {
				s.best[w] = make([]int32, s.p.nD)
			}
		}
		for w := range s.best {
			copy(s.best[w], s.st.assign[w])
		}
		s.stale = 0
	}
}

func (s *searcher) bestAssign() [][]int {
	out := make([][]int, len(s.best))
	for w, row := range s.best {
		out[w] = make([]int, len(row))
		for d, o := range row {
			out[w][d] = int(o)
		}
	}
	return out
}

func (s *searcher) adopt(o *searcher) {
	for w := range o.best {
		s.st.setRow(w, o.best[w])
	}
	s.st.recompute()
	s.saveBest()
	s.resetLAHC()
}

func (s *searcher) resetLAHC() {
	n := 200
	if s.lahc == nil {
		s.lahc = make([]float64, n)
	}
	for i := range s.lahc {
		s.lahc[i] = s.st.score()
	}
}

// construct builds a first roster: the rows of initial that keep their worker's rules (and,
// with fromFallback, the fallback rows for the others), then each worker in random order gets
// its best roster given the others so far, twice. The time limit (ctx) may end that only once
// every row keeps its worker's rules: before each worker, and within a DP that re-optimises a
// row that already does. stop (the caller's context) ends it at once. A row that still breaks
// its worker's rules at the end gets the worker's fallback row (precheck's, repaired by
// fallbackRow if need be), so that the roster keeps every worker's rules.
func (s *searcher) construct(stop, ctx context.Context, initial [][]int, fallback [][]int32, fromFallback bool) {
	p := s.p
	if initial != nil && len(initial) == p.nW {
		for w, row := range initial {
			if len(row) != p.nD {
				continue
			}
			r := make([]int32, p.nD)
			for d, o := range row {
				r[d] = int32(o)
				if o != Off && (o < 0 || o >= len(p.m.Options[d])) {
					r[d] = Off
				}
			}
			if p.rowFeasible(w, r, s.tcnt) {
				s.st.setRow(w, r)
			}
		}
	}
	if fromFallback {
		for w, r := range fallback {
			if r != nil && !p.rowFeasible(w, s.st.assign[w], s.tcnt) {
				s.st.setRow(w, r)
			}
		}
	}
	// bad counts the rows that break their worker's rules
	bad := 0
	for w := range p.nW {
		if !p.rowFeasible(w, s.st.assign[w], s.tcnt) {
			bad++
		}
	}
	order := s.rng.Perm(p.nW)
	for pass := 0; pass < 2 && (pass == 0 || ctx.Err() == nil); pass++ {
		for _, w := range order {
			if ctx.Err() != nil && (pass > 0 || bad == 0) {
				break
			}
			s.sc.ctx = ctx
			wasBad := !p.rowFeasible(w, s.st.assign[w], s.tcnt)
			if wasBad {
				s.sc.ctx = stop
			}
			s.reopt(w, -1, -1)
			if wasBad && p.rowFeasible(w, s.st.assign[w], s.tcnt) {
				bad--
			}
		}
	}
	s.sc.ctx = stop
	for w := range p.nW {
		if fallback == nil || p.rowFeasible(w, s.st.assign[w], s.tcnt) {
			continue
		}
		if r := fallbackRow(p, s.specs[w], fallback[w], &s.in, &s.sc, s.tcnt); r != nil {
			s.st.setRow(w, r)
		}
	}
	s.st.recompute()
	s.saveBest()
	s.resetLAHC()
}

// run makes n moves.
func (s *searcher) run(ctx context.Context, n int) {
	st := s.st
	if s.lahc == nil {
		s.resetLAHC()
	}
	u := undo{snap: make([][]int32, 0, 8), snapW: make([]int, 0, 8)}
	for it := 0; it < n; it++ {
		if it&7 == 0 && ctx.Err() != nil {
			return
		}
		cur := st.score()
		tryChain, made := s.move(&u)
		if !made {
			continue // nothing changed, nothing counted
		}
		s.accept(cur, tryChain, &u)
	}
	// limit floating-point drift
	st.recompute()
}

// undo holds the rows a move changed, as they were before it.
type undo struct {
	snap  [][]int32
	snapW []int
	dps0  int // the searcher's DPs before the move
}

// save records worker w's row before the move changes it.
func (u *undo) save(st *state, w int) {
	u.snapW = append(u.snapW, w)
	u.snap = append(u.snap, append([]int32(nil), st.assign[w]...))
}

// move makes one random move, recording in u the rows it changes, and reports whether an
// ejection chain was tried and whether a move was made (a swap may find none to make).
func (s *searcher) move(u *undo) (tryChain, made bool) {
	st := s.st
	r := s.rng.Float64()
	tryChain = r < s.ej.p
	// the other moves share the rest as before; a chain that cannot be made (r < 0
	// then) gives way to a re-optimisation
	r = (r - s.ej.p) / (1 - s.ej.p)
	u.dps0 = s.dps
	u.snap, u.snapW = u.snap[:0], u.snapW[:0]
	save := func(w int) { u.save(st, w) }
	chain := tryChain && s.ejectChain(save)
	switch {
	case chain:
	case r < tune.p1: // one worker, whole horizon
		w := s.rng.IntN(s.p.nW)
		save(w)
		s.reopt(w, -1, -1)
	case r < tune.pchain:
		s.chainStep(save)
	case r < tune.p2: // ruin and recreate several workers on a window
		s.ruinStep(save, u)
	default: // swap a block of days between two workers
		return tryChain, s.swapStep(save)
	}
	return tryChain, true
}

// accept keeps the move just made if late acceptance takes it (its score at most the score
// before it, cur, or the one lahc remembers), else undoes it; it restarts from the best roster
// after tune.stale moves without improvement.
func (s *searcher) accept(cur float64, tryChain bool, u *undo) {
	st := s.st
	nw := st.score()
	v := s.lahc[s.lahcPos]
	accept := nw <= cur+1e-9 || nw <= v+1e-9
	// A chain tried and not made (the re-optimisation in its place) counts as a chain,
	// so that the share of chains pays for the attempts that fail (docs/solver-tuning.md).
	s.ej.record(tryChain, cur-nw, s.dps-u.dps0)
	if accept {
		if nw < cur-1e-9 {
			s.stale = 0
		}
		s.saveBest()
	} else {
		for i, w := range u.snapW {
			st.setRow(w, u.snap[i])
		}
	}
	s.lahc[s.lahcPos] = st.score()
	s.lahcPos = (s.lahcPos + 1) % len(s.lahc)
	s.stale++
	if s.stale > tune.stale {
		// restart from the best
		for w := range s.best {
			st.setRow(w, s.best[w])
		}
		s.resetLAHC()
		s.stale = 0
	}
}

// treeStep spends the goroutine's share of an epoch on its branch-and-price tree, if it has
// one still open, and offers the rosters the tree meets. The share is as many pricing DPs as
// the moves of the last epoch solved: about half of the goroutine's time, whatever the size
// of the model, and deterministic.
func (s *searcher) treeStep(ctx context.Context) {
	if s.bp == nil || s.bp.done() {
		return
	}
	inc := math.Inf(1)
	if s.bestHard == 0 {
		inc = s.bestSoft
	}
	budget := max(1, s.dpsRun/max(1, len(s.bp.g.classes)))
	for _, r := range s.bp.step(ctx, inc, budget) {
		s.offer(r)
	}
}

// maybeDive runs a randomized dive from the root LP solution x and offers its roster, unless
// the goroutine has no column generation or is waiting. A dive and its polish cost hundreds of
// DPs on a large model: after each dive that does not improve the roster, the goroutine waits
// twice as many epochs (at most maxDiveBackoff) before the next one, and unless dives are
// deep it also waits until its moves have spent the dive's effort (colGen.effort). Once the
// goroutine's best roster is within guideGap of bound, every guideEvery-th dive is guided by it.
func (s *searcher) maybeDive(ctx context.Context, x [][]float64, bound float64) {
	if s.cg == nil {
		return
	}
	if s.diveWait > 0 {
		s.diveWait--
		return
	}
	if s.sc.work < s.diveDue {
		return
	}
	e0 := s.cg.effort()
	s.dives++
	r := s.cg.dive(ctx, x, s.diveRounds, s.rng, s.diveGuide(bound))
	cost := s.cg.effort() - e0
	if r != nil && s.offer(r) {
		s.diveBackoff = 0
	} else {
		s.diveBackoff = min(2*s.diveBackoff+1, maxDiveBackoff)
	}
	s.diveWait = s.diveBackoff
	if !s.deepDives {
		// the moves get as much effort as the dive took before the next one
		s.diveDue = s.sc.work + cost
	}
}

// diveGuide returns the roster that guides the goroutine's current dive (s.dives counts it),
// or nil: every guideEvery-th dive is guided by the best roster, if that keeps every hard
// rule and is within guideGap of bound.
func (s *searcher) diveGuide(bound float64) [][]int32 {
	if s.dives%guideEvery != 0 || s.best == nil || s.bestHard != 0 || Gap(s.bestSoft, bound) > guideGap {
		return nil
	}
	return s.best
}

// offer replaces the current roster by r, polished by re-optimising each worker, if that is
// better (r must satisfy the worker rules), and reports whether it did.
func (s *searcher) offer(r [][]int32) bool {
	p, st := s.p, s.st
	for w, row := range r {
		if row == nil || !p.rowFeasible(w, row, s.tcnt) {
			return false
		}
	}
	cur := st.score()
	old := make([][]int32, p.nW)
	for w := range old {
		old[w] = append([]int32(nil), st.assign[w]...)
	}
	for w, row := range r {
		st.setRow(w, row)
	}
	// polish: re-optimise every worker given the others, twice
	for range 2 {
		for _, w := range s.rng.Perm(p.nW) {
			s.reopt(w, -1, -1)
		}
	}
	if st.score() < cur-1e-9 {
		s.saveBest()
		s.resetLAHC()
		return true
	}
	for w, row := range old {
		st.setRow(w, row)
	}
	return false
}
