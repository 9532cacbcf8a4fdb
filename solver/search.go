package solver

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Options tunes Solve. The zero value is a single-threaded search that runs until ctx is done.
type Options struct {
	// TimeLimit stops the search after this wall-clock time (0: none). If by then no roster
	// keeps every hard rule, the search goes on for up to a quarter of TimeLimit more to find
	// one. The construction of a first roster runs to its end whatever the clock (see Solve).
	TimeLimit time.Duration
	// MaxIterations is a deterministic effort budget: the number of moves each search
	// goroutine makes (0: none). With MaxIterations (and no earlier TimeLimit or ctx stop),
	// the result depends only on the model, Seed and Workers. A wall-clock stop may end the
	// search at a different move on a loaded machine, hence with another solution.
	MaxIterations int
	// Seed seeds the pseudo-random generators.
	Seed uint64
	// Workers is the number of search goroutines (0 or 1: one). They run independent searches
	// that exchange their best solution at deterministic epoch barriers.
	Workers int
	// Epoch is the number of moves of each goroutine between two exchanges (0: 20).
	Epoch int
	// BoundIterations limits the subgradient iterations of the Lagrangian lower bound
	// (0: 300; negative: no bound beyond the trivial one).
	BoundIterations int
	// Initial, if set, is a roster to start from (rows that break a worker's rules are
	// rebuilt).
	Initial [][]int
	// NoDive skips the diving heuristic that builds the first roster from the LP.
	NoDive bool
	// Progress, if set, is called from the goroutine that called Solve at each epoch barrier
	// and when the search stops.
	Progress func(Progress)
}

// Progress reports the state of a running search.
type Progress struct {
	Elapsed    time.Duration
	Objective  float64 // best objective so far (+Inf if none)
	Bound      float64 // best lower bound so far
	Feasible   bool
	Iterations int // moves made by all goroutines
}

// Solve searches for a roster of minimum objective. It returns the best solution found when
// ctx is done, the time limit is reached or the effort budget is spent, with a lower bound.
// The returned solution has been verified with Check: Feasible is true only if no hard rule is
// broken. When no feasible roster exists or the search, having spent its effort, found none,
// the error is an *InfeasibleError naming the rule, workers, days or cells at fault (and the
// solution, if any, is the least infeasible one found). When the time limit or ctx stopped the
// search before it found one, the error is a *StoppedError instead: that proves nothing. Solve
// returns other errors for invalid models.
//
// The clock does not interrupt the construction of a first roster: the pre-check's DP of each
// worker (which proves a worker without any roster), then the rows of opt.Initial, and each
// search goroutine's re-optimisation of every worker in turn (twice), until every worker's
// row keeps the worker's rules: the time limit may end the construction then, not before. A
// worker whose rules the re-optimisation could not keep gets the pre-check's roster. On a
// model too large for its DPs (over maxDPLabels, Curtois 21-24) the construction starts from
// the pre-check's rosters, and so may stop at once. ctx stops everything, the construction
// included, within a day of one worker's DP.
func Solve(ctx context.Context, m *Model, opt Options) (Solution, error) {
	start := time.Now()
	if err := m.Validate(); err != nil {
		return Solution{}, err
	}
	stop := ctx // the caller's: it ends the construction too
	// grace is the search's context once the time limit is up and no roster keeps the hard
	// rules yet: the search goes on for up to graceShare of TimeLimit more to find one (a
	// caller's cancellation still stops it at once).
	grace := ctx
	if opt.TimeLimit > 0 {
		var cancel, gcancel context.CancelFunc
		grace, gcancel = context.WithTimeout(ctx, opt.TimeLimit+opt.TimeLimit/graceShare)
		defer gcancel()
		ctx, cancel = context.WithTimeout(ctx, opt.TimeLimit)
		defer cancel()
	}
	p := newPrep(m)
	specs := make([]*wspec, p.nW)
	huge := false
	for w := range specs {
		specs[w] = newWSpec(p, w, searchExactStates)
		huge = huge || specs[w].large
	}
	nw := max(opt.Workers, 1)
	// On a model whose DPs are over maxDPLabels, every worker's fallback roster is made to keep
	// the worker's rules here, on every core, while the clock cannot stop it: a goroutine of
	// the construction may be stopped before it reaches half of the workers.
	fallback, err := precheck(stop, p, specs, nw, huge)
	if err != nil {
		if stop.Err() != nil {
			return Solution{Bound: math.Inf(-1)}, &StoppedError{Cause: stop.Err()}
		}
		return Solution{Bound: math.Inf(-1)}, err
	}
	epoch := opt.Epoch
	if epoch <= 0 {
		epoch = 20
	}

	// Lower bound and a first roster from column generation (the LP relaxation of the
	// roster-choice master problem) and diving.
	var bmu sync.Mutex
	bound := trivialBound(p)
	setBound := func(b float64) {
		b = roundBound(p, b)
		bmu.Lock()
		if b > bound {
			bound = b
		}
		bmu.Unlock()
	}
	searchers := make([]*searcher, nw)
	for i := range searchers {
		searchers[i] = newSearcher(p, specs, opt.Seed, i)
	}
	// Construction (deterministic, per goroutine, unless the clock ends it).
	var wg sync.WaitGroup
	for _, s := range searchers {
		wg.Add(1)
		go func() { defer wg.Done(); s.construct(stop, ctx, opt.Initial, fallback, huge) }()
	}
	wg.Wait()
	if opt.Progress != nil {
		// the constructed roster, before the bound: on a large desk the bound takes a while
		b := pickBest(searchers)
		opt.Progress(Progress{Elapsed: time.Since(start), Objective: b.bestSoft, Bound: bound,
			Feasible: b.bestHard == 0})
	}

	cgOK := false
	// rootQuick: the root's column generation ended by itself (converged, or its rounds
	// spent), with a bound, within a quarter of the time limit (or without one)
	rootQuick := false
	var g *colGen
	var rootX [][]float64
	if opt.BoundIterations >= 0 && ctx.Err() == nil {
		rounds := opt.BoundIterations
		if rounds == 0 {
			rounds = 300
		}
		cgctx := ctx
		if opt.TimeLimit > 0 {
			var cancel context.CancelFunc
			cgctx, cancel = context.WithTimeout(ctx, opt.TimeLimit*4/10)
			defer cancel()
		}
		g = newColGen(p, pricingSpecs(p, specs))
		g.par = nw // the root's pricing uses every core (clones for the dives price alone)
		g.seed(searchers[0].best)
		rootL := math.Inf(-1)
		cgStart := time.Now()
		g.rootRun = true
		x, _, ok := g.run(cgctx, rounds, func(L float64) { rootL = max(rootL, L); setBound(L) })
		g.rootRun = false // the dives' and the tree's column generation (clones) do not stop
		rootX = x
		cgOK = ok && !g.degenerate
		rootQuick = ok && cgctx.Err() == nil && rootL > math.Inf(-1) &&
			(opt.TimeLimit <= 0 || time.Since(cgStart) <= opt.TimeLimit/4)
		if ok && !opt.NoDive && cgctx.Err() == nil {
			r := g.dive(cgctx, x, diveRounds, nil, nil)
			if r != nil {
				for _, s := range searchers {
					s.offer(r)
				}
			}
		}
	}
	var ubMu sync.Mutex
	ub := math.Inf(1)
	getUB := func() float64 { ubMu.Lock(); defer ubMu.Unlock(); return ub }
	bctx, bcancel := context.WithCancel(ctx)
	var bwg sync.WaitGroup
	// The subgradient bound prices every worker exactly at each step, like the root: not
	// after a degenerate root, whose rounds were that slow.
	if opt.BoundIterations >= 0 && !cgOK && (g == nil || !g.degenerate) {
		bwg.Add(1)
		go func() {
			defer bwg.Done()
			lagrangeBound(bctx, p, specs, 300, getUB, setBound)
		}()
	}
	getBound := func() float64 { bmu.Lock(); defer bmu.Unlock(); return bound }
	if cgOK && !opt.NoDive {
		for _, s := range searchers {
			s.cg = g.clone()
			s.diveRounds = diveRounds
			if rootQuick {
				s.diveRounds = diveRoundsConverged
				s.deepDives = true
				// no ejection chains beside exact dives and the tree: on Curtois 7 they
				// cost the last point (1057 with seeds 1-3; 1056 without, seed 1)
				s.ej = ejectShare{off: true}
			} else {
				s.cg.diveCap = g.effort() / diveCapDiv
			}
		}
		if rootQuick && canBranch(g) {
			// the last goroutine also searches the branch-and-price tree
			searchers[nw-1].bp = newBranchPrice(g)
		}
	}
	best := pickBest(searchers)
	ubMu.Lock()
	ub = best.bestScore
	ubMu.Unlock()
	iters := 0
	report := func() {
		if opt.Progress != nil {
			b := best
			opt.Progress(Progress{Elapsed: time.Since(start), Objective: b.bestSoft, Bound: getBound(),
				Feasible: b.bestHard == 0, Iterations: iters})
		}
	}
	report()
	proven := func() bool { return best.bestHard == 0 && best.bestSoft <= getBound()+1e-9 }
	searchCtx := func() context.Context {
		if best.bestHard > 0 {
			return grace
		}
		return ctx
	}
	for !proven() && searchCtx().Err() == nil && (opt.MaxIterations <= 0 || iters/nw < opt.MaxIterations) {
		sctx := searchCtx()
		n := epoch
		if opt.MaxIterations > 0 {
			n = min(n, opt.MaxIterations-iters/nw)
		}
		// the bound for the dives' guide: read once, so that every goroutine sees the same
		bnd := getBound()
		// busy counts the goroutines still in their epoch. Without an effort budget, one
		// that is done goes on with moves, one at a time, until none is: a chain takes many
		// DPs, a capped dive seconds, and waiting for them left the second core idle much
		// of the time (Curtois 13, 60 s, 2 goroutines: 159% of the CPU, now 187%, the rest
		// being its root's master LP). Not where dives are exact (the root converged): there
		// the dives and the tree do the work, and moves beside them cost 7 its last point
		// (1057 and 1060 with seed 1; 1056 without). With a budget, every goroutine makes
		// exactly n moves, so that runs repeat.
		var busy atomic.Int32
		busy.Store(int32(nw))
		for _, s := range searchers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.sc.ctx = sctx
				s.treeStep(sctx)
				s.maybeDive(sctx, rootX, bnd)
				dps := s.dps
				s.run(sctx, n)
				s.dpsRun = s.dps - dps // the tree's budget: not the moves made while waiting
				busy.Add(-1)
				for opt.MaxIterations <= 0 && !s.deepDives && busy.Load() > 0 && sctx.Err() == nil {
					s.run(sctx, 1) // one at a time: the others need not wait long
				}
			}()
		}
		wg.Wait()
		iters += n * nw
		best = pickBest(searchers)
		for _, s := range searchers {
			if s.bp != nil && s.bp.proved() && best.bestHard == 0 {
				// every node was pruned against a roster no better than best
				setBound(best.bestSoft)
			}
		}
		for _, s := range searchers {
			if s != best && best.bestScore < s.bestScore {
				s.adopt(best)
			}
		}
		ubMu.Lock()
		ub = best.bestScore
		ubMu.Unlock()
		report()
	}
	stopped := searchCtx().Err()
	bcancel()
	bwg.Wait()
	sol := Solution{Assign: best.bestAssign(), Bound: getBound()}
	rep, err := m.Check(sol)
	if err != nil {
		return sol, err
	}
	sol.Objective = rep.Objective
	sol.Feasible = rep.Feasible()
	if sol.Bound > sol.Objective && sol.Feasible {
		sol.Bound = sol.Objective
	}
	report()
	if !sol.Feasible {
		inf := infeasibleFromReport(&rep)
		if stopped != nil {
			if stop.Err() != nil {
				stopped = stop.Err()
			}
			return sol, &StoppedError{Cause: stopped, Broken: inf}
		}
		return sol, inf
	}
	return sol, nil
}

// graceShare: once the time limit is up with no roster that keeps every hard rule, the search
// goes on for up to 1/graceShare of the limit more to find one.
const graceShare = 4

// StoppedError reports that the time limit or the caller's context stopped the search before
// it found a roster that keeps every hard rule. It proves nothing about the model: a longer
// search may find one. errors.Is(err, context.DeadlineExceeded) tells a time limit (the
// Options' or ctx's), errors.Is(err, context.Canceled) a cancellation.
type StoppedError struct {
	Cause error // the context's error
	// Broken names the first hard rule the best roster found breaks, and where (nil when the
	// search was stopped before it had a roster at all).
	Broken *InfeasibleError
}

func (e *StoppedError) Error() string {
	why := "the time limit"
	if errors.Is(e.Cause, context.Canceled) {
		why = "cancellation"
	}
	s := "solver: stopped by " + why + " before a roster keeping every hard rule was found"
	if e.Broken != nil {
		s += "; the best so far breaks " + e.Broken.Rule
		if e.Broken.Reason != "" {
			s += ": " + e.Broken.Reason
		}
	}
	return s
}

// Unwrap returns the context's error.
func (e *StoppedError) Unwrap() error { return e.Cause }

func pickBest(ss []*searcher) *searcher {
	b := ss[0]
	for _, s := range ss[1:] {
		if s.bestScore < b.bestScore {
			b = s
		}
	}
	return b
}

func infeasibleFromReport(rep *Report) *InfeasibleError {
	v := rep.Violations[0]
	e := &InfeasibleError{Rule: v.Rule, Name: v.Name, Reason: "the search found no roster without broken hard rules; first: " + v.String()}
	seenW, seenD, seenC := map[int]bool{}, map[int]bool{}, map[int]bool{}
	for _, x := range rep.Violations {
		if x.Rule != v.Rule || x.Name != v.Name {
			continue
		}
		if x.Worker >= 0 && !seenW[x.Worker] {
			seenW[x.Worker] = true
			e.Workers = append(e.Workers, x.Worker)
		}
		if x.Day >= 0 && !seenD[x.Day] {
			seenD[x.Day] = true
			e.Days = append(e.Days, x.Day)
		}
		if x.Cell >= 0 && !seenC[x.Cell] {
			seenC[x.Cell] = true
			e.Cells = append(e.Cells, x.Cell)
		}
	}
	return e
}

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
	// goroutine's own DPs, s.sc.work, that the next dive waits for). Curtois, 60 s, seed 1
	// (seed 2), without / with that wait: 19: 4743 (5639) / 4526 (4702), 13: 5187 / 5040, 15:
	// 4811 / 4776. On 8, whose root converges in 1 s, the wait gave 1410 instead of 1315.
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

// reopt gives worker w its best roster given the others, changing days a..b only (a < 0:
// every day), and returns the change of score. The worker's row always stays feasible: if
// the DP finds nothing (or only rosters breaking a type limit) the row is left unchanged.
func (s *searcher) reopt(w, a, b int) float64 {
	p, st := s.p, s.st
	sp := s.specs[w]
	old := append([]int32(nil), st.assign[w]...)
	oldFeasible := p.rowFeasible(w, old, s.tcnt)
	delta := 0.0
	for d := range p.nD {
		if a < 0 || (d >= a && d <= b) {
			delta += st.set(w, d, Off)
		}
	}
	for d := range p.nD {
		al := p.allowed[w][d]
		if cap(s.in.opt[d]) < len(al) {
			s.in.opt[d] = make([]float64, len(al))
		}
		row := s.in.opt[d][:len(al)]
		s.in.opt[d] = row
		if a >= 0 && (d < a || d > b) {
			// fixed day
			cur := st.assign[w][d]
			for i, o := range al {
				if o == cur {
					row[i] = 0
				} else {
					row[i] = math.Inf(1)
				}
			}
			if cur == Off {
				s.in.off[d] = 0
			} else {
				s.in.off[d] = math.Inf(1)
			}
			continue
		}
		s.in.off[d] = 0
		st.marginals(w, d, al, row, &s.mc)
		if d == s.forceDay {
			// an ejection chain's first link: the day must be worked on the cell
			s.in.off[d] = math.Inf(1)
			for i, o := range al {
				if !p.covers(d, o, s.forceCell) {
					row[i] = math.Inf(1)
				}
			}
		}
	}
	if s.lam[w] == nil {
		s.lam[w] = make([]float64, len(p.m.Types))
	}
	// The multipliers persist between calls and decay, so that usually one DP suffices.
	for t := range s.lam[w] {
		s.lam[w][t] *= 0.7
	}
	s.wePen[w] *= 0.7
	var roster []int32
	tries := 6
	if !oldFeasible {
		tries = 30 // the row must become feasible: insist
	}
	for try := 0; try < tries; try++ {
		if len(sp.limitedTypes) > 0 {
			s.in.typePen = s.lam[w]
		} else {
			s.in.typePen = nil
		}
		s.in.wePen = s.wePen[w]
		s.dps++
		r, _, ok := sp.solveDP(p, &s.in, &s.sc)
		if !ok {
			break
		}
		// check the Lagrangian-handled limits
		wk := &p.m.Workers[w]
		weekends := sp.weStart + rosterCounts(p, r, s.tcnt)
		bad := false
		for _, t := range sp.limitedTypes {
			if s.tcnt[t] > wk.MaxShifts[t] {
				bad = true
				s.lam[w][t] = math.Max(2*s.lam[w][t], p.hardW/1000)
			}
		}
		if sp.weTracked && !sp.weExact {
			if weekends > sp.weMax {
				bad = true
				s.wePen[w] = math.Max(2*s.wePen[w], p.hardW/1000)
			}
		}
		if !bad {
			roster = r
			break
		}
	}
	if roster == nil || (a >= 0 && !p.rowFeasible(w, roster, s.tcnt)) {
		if roster == nil || oldFeasible {
			delta += st.setRow(w, old)
			return delta
		}
	}
	delta += st.setRow(w, roster)
	if delta > 1e-9 && oldFeasible && s.forceDay < 0 {
		// The DP's roster costs more than the old row: the Lagrangian penalties that kept
		// a type limit (or terms the option costs do not see) misled it. Keep the old row,
		// which the DP would have chosen had it priced exactly. Before this, polishing a
		// dive's roster on Curtois 14 (type limits out of the search's DP state) took it
		// from 2,712 to 8,793.
		delta += st.setRow(w, old)
	}
	return delta
}

// run makes n moves.
func (s *searcher) run(ctx context.Context, n int) {
	p, st := s.p, s.st
	if s.lahc == nil {
		s.resetLAHC()
	}
	snap := make([][]int32, 0, 8)
	snapW := make([]int, 0, 8)
	for it := 0; it < n; it++ {
		if it&7 == 0 && ctx.Err() != nil {
			return
		}
		cur := st.score()
		r := s.rng.Float64()
		tryChain := r < s.ej.p
		// the other moves share the rest as before; a chain that cannot be made (r < 0
		// then) gives way to a re-optimisation
		r = (r - s.ej.p) / (1 - s.ej.p)
		dps0 := s.dps

		snap, snapW = snap[:0], snapW[:0]
		save := func(w int) {
			snapW = append(snapW, w)
			snap = append(snap, append([]int32(nil), st.assign[w]...))
		}
		chain := tryChain && s.ejectChain(save)
		switch {
		case chain:
		case r < tune.p1: // one worker, whole horizon
			w := s.rng.IntN(p.nW)
			save(w)
			s.reopt(w, -1, -1)
		case r < tune.pchain:
			ws, a, b := s.pickChain()
			for _, w := range ws {
				save(w)
			}
			if s.cg != nil && s.rng.IntN(2) == 0 {
				s.chainMove(ws[:min(2, len(ws))], 0, p.nD-1, true)
			} else {
				s.chainMove(ws, a, b, false)
			}
		case r < tune.p2: // ruin and recreate several workers on a window
			ws, a, b := s.pickRuin()
			for _, w := range ws {
				save(w)
			}
			for _, w := range ws {
				for d := a; d <= b; d++ {
					st.set(w, d, Off)
				}
			}
			for i := len(ws) - 1; i >= 0; i-- {
				s.reopt(ws[i], a, b)
			}
			// the rows must be feasible: reopt restores infeasible rows only if the DP fails
			for i, w := range ws {
				if !p.rowFeasible(w, st.assign[w], s.tcnt) {
					st.setRow(w, snap[i])
				}
			}
		default: // swap a block of days between two workers
			if p.nW < 2 {
				continue
			}
			w1 := s.rng.IntN(p.nW)
			w2 := s.rng.IntN(p.nW - 1)
			if w2 >= w1 {
				w2++
			}
			a := s.rng.IntN(p.nD)
			b := min(p.nD-1, a+s.rng.IntN(min(p.nD, 10)))
			r1 := append([]int32(nil), st.assign[w1]...)
			r2 := append([]int32(nil), st.assign[w2]...)
			same := true
			for d := a; d <= b; d++ {
				if r1[d] != r2[d] {
					same = false
				}
				r1[d], r2[d] = r2[d], r1[d]
			}
			if same || !p.rowFeasible(w1, r1, s.tcnt) || !p.rowFeasible(w2, r2, s.tcnt) {
				continue
			}
			save(w1)
			save(w2)
			for d := a; d <= b; d++ {
				st.set(w1, d, r1[d])
				st.set(w2, d, r2[d])
			}
		}
		nw := st.score()
		v := s.lahc[s.lahcPos]
		accept := nw <= cur+1e-9 || nw <= v+1e-9
		// A chain tried and not made (the re-optimisation in its place) counts as a chain:
		// counted as another move, Curtois 13 (60 s, seed 1) gave 3240 instead of 2927.
		s.ej.record(tryChain, cur-nw, s.dps-dps0)
		if accept {
			if nw < cur-1e-9 {
				s.stale = 0
			}
			s.saveBest()
		} else {
			for i, w := range snapW {
				st.setRow(w, snap[i])
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
	// limit floating-point drift
	st.recompute()
}

// window returns a random window of days.
func (s *searcher) window() (int, int) {
	nD := s.p.nD
	if s.rng.IntN(4) == 0 {
		return 0, nD - 1
	}
	l := 3 + s.rng.IntN(min(nD, 14))
	l = min(l, nD)
	a := s.rng.IntN(nD - l + 1)
	return a, a + l - 1
}

// tune holds the move probabilities and parameters of the local search (measured on the
// Curtois instances).
var tune = struct { // read-only
	stale          int     // moves without improvement before a restart from the best
	peject         float64 // initial share of ejection chains (eject.go; ejectShare adapts it)
	p1, pchain, p2 float64 // then cumulative probabilities: reopt, chain, ruin (the rest: swap)
	ptarget        float64 // probability that a ruin targets a bad cell
}{5000, 0.1, 0.25, 0.5, 0.65, 0.5}

// badCells returns the cells whose penalty is above its minimum and that some worker can
// cover; with short, only those that more staff would help (not the over-staffed ones).
func (s *searcher) badCells(short bool) []int {
	p, st := s.p, s.st
	var bad []int
	for c, pen := range st.cellPen {
		if pen <= p.cellMinPen[c]+1e-9 || len(p.coverers[c]) == 0 {
			continue
		}
		if short && p.m.Cells[c].Penalty.Value(st.staff[c]+0.5) >= pen-1e-9 {
			continue
		}
		bad = append(bad, c)
	}
	return bad
}

// pickRuin chooses the workers and the window of a ruin-and-recreate move: often around a
// cell whose penalty is above its minimum, with workers who could cover it.
func (s *searcher) pickRuin() ([]int, int, int) {
	p := s.p
	k := 2 + s.rng.IntN(min(3, max(p.nW-1, 1)))
	k = min(k, p.nW)
	if s.rng.Float64() < tune.ptarget {
		bad := s.badCells(false)
		if len(bad) > 0 {
			c := bad[s.rng.IntN(len(bad))]
			d := p.cellDay[c]
			cand := p.coverers[c]
			ws := make([]int, 0, k)
			seen := map[int]bool{}
			for range 1 + s.rng.IntN(2) {
				w := int(cand[s.rng.IntN(len(cand))])
				if !seen[w] {
					seen[w] = true
					ws = append(ws, w)
				}
			}
			for len(ws) < k {
				w := s.rng.IntN(p.nW)
				if !seen[w] {
					seen[w] = true
					ws = append(ws, w)
				}
			}
			r := 1 + s.rng.IntN(7)
			return ws, max(0, d-r), min(p.nD-1, d+r)
		}
	}
	ws := s.rng.Perm(p.nW)[:k]
	a, b := s.window()
	return ws, a, b
}

// chainMove re-optimises workers ws jointly on days a..b: for each worker it builds a few
// candidate rosters (its best roster given the others, and its best roster with one day of the
// window forced to each other choice) and then tries every combination, keeping the best.
// This finds the ejection chains a single-worker move cannot: one worker takes a shift that
// another gives up.
func (s *searcher) chainMove(ws []int, a, b int, pool bool) {
	st := s.st
	cur := st.score()
	k := len(ws)
	old := make([][]int32, k)
	for i, w := range ws {
		old[i] = append([]int32(nil), st.assign[w]...)
	}
	for _, w := range ws {
		for d := a; d <= b; d++ {
			st.set(w, d, Off)
		}
	}
	limit := 24
	if k > 2 {
		limit = 10
	}
	cands := make([][][]int32, k)
	for i, w := range ws {
		if pool {
			cands[i] = s.poolCandidates(w, old[i], limit*2)
		} else {
			cands[i] = s.candidates(w, a, b, old[i], limit)
		}
	}
	best := math.Inf(1)
	choice := make([]int, k)
	bestChoice := make([]int, k)
	var rec func(i int)
	rec = func(i int) {
		if i == k {
			if sc := st.score(); sc < best-1e-9 {
				best = sc
				copy(bestChoice, choice)
			}
			return
		}
		w := ws[i]
		for j, c := range cands[i] {
			for d := a; d <= b; d++ {
				st.set(w, d, c[d])
			}
			choice[i] = j
			rec(i + 1)
		}
	}
	rec(0)
	apply := best < cur-1e-9
	if !apply && best <= cur+1e-9 && s.rng.IntN(2) == 0 {
		apply = true // a sideways move
	}
	for i, w := range ws {
		row := old[i]
		if apply {
			row = cands[i][bestChoice[i]]
		}
		for d := a; d <= b; d++ {
			st.set(w, d, row[d])
		}
	}
}

// candidates returns up to limit feasible rosters of worker w that differ from its current
// row only on days a..b, cheapest first (given the current state, where w is off on a..b);
// the old row is always included.
func (s *searcher) candidates(w, a, b int, old []int32, limit int) [][]int32 {
	p, st := s.p, s.st
	sp := s.specs[w]
	in := &s.in
	for d := range p.nD {
		al := p.allowed[w][d]
		if cap(in.opt[d]) < len(al) {
			in.opt[d] = make([]float64, len(al))
		}
		row := in.opt[d][:len(al)]
		in.opt[d] = row
		if d < a || d > b {
			for i, o := range al {
				if o == old[d] {
					row[i] = 0
				} else {
					row[i] = math.Inf(1)
				}
			}
			if old[d] == Off {
				in.off[d] = 0
			} else {
				in.off[d] = math.Inf(1)
			}
			continue
		}
		in.off[d] = 0
		st.marginals(w, d, al, row, &s.mc)
	}
	in.typePen, in.wePen = nil, 0
	type cand struct {
		r    []int32
		cost float64
	}
	var out []cand
	seen := map[string]bool{}
	key := func(r []int32) string {
		bs := make([]byte, 0, 2*(b-a+1))
		for d := a; d <= b; d++ {
			bs = append(bs, byte(r[d]+1), byte((r[d]+1)>>8))
		}
		return string(bs)
	}
	addC := func(r []int32, c float64) {
		kk := key(r)
		if seen[kk] || !p.rowFeasible(w, r, s.tcnt) {
			return
		}
		seen[kk] = true
		out = append(out, cand{r, c})
	}
	addC(old, math.Inf(-1))
	s.dps++
	r0, c0, ok := sp.solveDP(p, in, &s.sc)
	if ok {
		addC(r0, c0)
		saveOff := make([]float64, b-a+1)
		saveOpt := make([][]float64, b-a+1)
		for d := a; d <= b; d++ {
			saveOff[d-a] = in.off[d]
			saveOpt[d-a] = append([]float64(nil), in.opt[d]...)
		}
		for d := a; d <= b; d++ {
			al := p.allowed[w][d]
			// with many options, force only the day off and the cheapest few
			xs := make([]int, 0, len(al)+1)
			xs = append(xs, -1)
			for i := range al {
				xs = append(xs, i)
			}
			if len(al) > maxForced {
				cheap := xs[1:]
				sort.SliceStable(cheap, func(i, j int) bool { return saveOpt[d-a][cheap[i]] < saveOpt[d-a][cheap[j]] })
				xs = xs[:1+maxForced]
			}
			for _, x := range xs {
				choice := int32(Off)
				if x >= 0 {
					choice = al[x]
				}
				if choice == r0[d] {
					continue
				}
				// force day d to choice
				if x < 0 {
					in.off[d] = saveOff[d-a]
				} else {
					in.off[d] = math.Inf(1)
				}
				for i := range al {
					if i == x {
						in.opt[d][i] = saveOpt[d-a][i]
					} else {
						in.opt[d][i] = math.Inf(1)
					}
				}
				s.dps++
				if r, c, ok := sp.solveDP(p, in, &s.sc); ok {
					addC(r, c)
				}
				in.off[d] = saveOff[d-a]
				copy(in.opt[d], saveOpt[d-a])
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].cost < out[j].cost })
	if len(out) > limit {
		out = out[:limit]
	}
	rs := make([][]int32, len(out))
	for i, c := range out {
		rs[i] = c.r
	}
	return rs
}

// pickChain chooses the workers and window of a chain move.
func (s *searcher) pickChain() ([]int, int, int) {
	p := s.p
	k := 2
	if p.nW > 2 && s.rng.IntN(4) == 0 {
		k = 3
	}
	k = min(k, p.nW)
	bad := s.badCells(false)
	var ws []int
	seen := map[int]bool{}
	d := s.rng.IntN(p.nD)
	if len(bad) > 0 {
		c := bad[s.rng.IntN(len(bad))]
		d = p.cellDay[c]
		cand := p.coverers[c]
		w := int(cand[s.rng.IntN(len(cand))])
		seen[w] = true
		ws = append(ws, w)
	}
	for len(ws) < k {
		w := s.rng.IntN(p.nW)
		if !seen[w] {
			seen[w] = true
			ws = append(ws, w)
		}
	}
	l := 2 + s.rng.IntN(min(6, p.nD))
	l = min(l, p.nD)
	a := max(0, min(d-s.rng.IntN(l), p.nD-l))
	return ws, a, a + l - 1
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

// poolCandidates returns the worker's current row and up to limit random columns of its class
// from the column-generation pool: rosters the LP found attractive.
func (s *searcher) poolCandidates(w int, old []int32, limit int) [][]int32 {
	g := s.cg
	k := g.classOf[w]
	out := [][]int32{old}
	cols := g.cols[k]
	if len(cols) <= limit {
		for _, c := range cols {
			out = append(out, c.roster)
		}
		return out
	}
	for _, i := range s.rng.Perm(len(cols))[:limit] {
		out = append(out, cols[i].roster)
	}
	return out
}

// maxDiveBackoff caps the epochs between two dives. Curtois instances, 60 s, 2 goroutines
// (cap 15 / cap 3): 8: 1315 / 1313, 13: 6079 / 5801, 14: 1525 / 1713, 15: 7432 / 7700,
// 17: 5875 / 5776, 18: 4811 / 4597 (4618 without backoff), 19: 6723 / 6916.
const maxDiveBackoff = 3

// diveRounds is the number of column-generation rounds after each fixing step of a dive.
// Curtois, 60 s, 2 goroutines (2 rounds / 6): 6 helps the middle-sized instances (8: 1313 /
// 1304, 12: 4626 / 4300, 14: 1713 / 1493, 17: 5776 / 5758, 18: 4597 / 4531) but a dive then
// never ends within the limit on the largest (13: 5801 / 10744, 15: 7700 / 13063, 19: 6916 /
// 14380). Capping each dive at the root's simplex iterations did not rescue them (13: 10744,
// 19: 7440): a budget would have to count the pricing DPs too. So a dive takes
// diveRoundsConverged rounds when the root's column generation ended by itself within a
// quarter of the time limit (the middle sizes: 12 in 7 s of 60), and diveRounds otherwise
// (the largest: 13 and 19 never converge, 15 takes 10-24 s). For those middle sizes, 6 / 10
// / 20 rounds gave 12: 4300 / 4179 / 4049, 8: 1304 / 1309 / 1304, 17: 5758 / 5760 / 5754,
// 18: 4654 / - / 4510, 9: 442 / - / 441 (6 is still proved optimal, in 25 s instead of 14).
const (
	diveRounds          = 2
	diveRoundsConverged = 20
)

// diveCapDiv: a shallow dive (the root did not converge quickly) spends at most the root's
// effort divided by diveCapDiv on column generation, then fixes the remaining workers from
// the LP values it has. Uncapped, the first dive on Curtois 13 could outlast the minute in
// both goroutines (seed 2: 10310, the constructed roster). Curtois 60 s, seeds 1 / 2, no cap /
// root effort over 8 / over 4: 13: 5040 / 10310, 5367 / 4989, - / 4713; 19: 4360 / 4794,
// 4590 / 5053, 5105 / 4824; 15 (seed 1): 4650, 4882, 4590.
const diveCapDiv = 4

// maxForced is the number of options (the cheapest) forced on a day to build chain
// candidates when a day has more.
const maxForced = 6
