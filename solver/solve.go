package solver

import (
	"context"
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Options tunes Solve. The zero value means the defaults: a single search goroutine, seed 0,
// the root's column generation for the bound and dives, and no limit: the search runs until
// ctx is done or the roster is proved optimal.
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
	// BoundIterations limits the column-generation rounds of the root's LP relaxation, which
	// gives the lower bound and the LP the dives start from (0: 300). When that LP is
	// unusable (a degenerate master, or no LP solution in time), a subgradient Lagrangian
	// bound runs beside the search instead. Negative: neither, and no dives: the bound is the
	// trivial one.
	BoundIterations int
	// Initial, if set, is a roster to start from (rows that break a worker's rules are
	// rebuilt).
	Initial [][]int
	// NoDive skips the dives, which build rosters from the LP relaxation: the first one after
	// the root's column generation, those of the search goroutines, and the branch-and-price
	// tree. The root's column generation still gives the lower bound.
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
// model too large for its DPs (a worker whose DP would hold more than 2^24 labels over the
// horizon) the construction starts from the pre-check's rosters, and so may stop at once. ctx
// stops everything, the construction included, within a day of one worker's DP.
func Solve(ctx context.Context, m *Model, opt Options) (Solution, error) {
	start := time.Now()
	if err := m.Validate(); err != nil {
		return Solution{}, err
	}
	r := newSolveRun(ctx, m, opt, start)
	defer r.release()
	fallback, err := r.prepare()
	if err != nil {
		if r.stop.Err() != nil {
			return Solution{Bound: math.Inf(-1)}, &StoppedError{Cause: r.stop.Err()}
		}
		return Solution{Bound: math.Inf(-1)}, err
	}
	r.construct(fallback)
	r.rootBound()
	bctx, bcancel := context.WithCancel(r.ctx)
	var bwg sync.WaitGroup
	r.startLagrange(bctx, &bwg)
	r.equip()
	r.best = pickBest(r.searchers)
	r.setUB(r.best.bestScore)
	r.report()
	r.search()
	stopped := r.searchCtx().Err()
	bcancel()
	bwg.Wait()
	return r.finish(stopped)
}

// solveRun is the state of one call of Solve, shared by its steps.
type solveRun struct {
	m     *Model
	opt   Options
	start time.Time
	// stop is the caller's context: it ends the construction too. ctx adds the time limit.
	// grace is the search's context once the time limit is up and no roster keeps the hard
	// rules yet: the search goes on for up to graceShare of TimeLimit more to find one (a
	// caller's cancellation still stops it at once).
	stop, ctx, grace context.Context
	cancels          []context.CancelFunc // called by release, when Solve returns

	p         *prep
	specs     []*wspec
	huge      bool // some worker's DP is over maxDPLabels
	nw        int  // search goroutines
	epoch     int  // moves of each goroutine between two exchanges
	searchers []*searcher
	best      *searcher // the searcher with the best roster at the last barrier
	iters     int       // moves made by all goroutines

	bmu   sync.Mutex
	bound float64 // best lower bound so far
	ubMu  sync.Mutex
	ub    float64 // score of the best roster, for the subgradient bound

	// the root's column generation
	g     *colGen
	rootX [][]float64 // the root's LP solution, where dives start
	cgOK  bool        // the root ended with an LP solution and was not degenerate
	// rootQuick: the root's column generation ended by itself (converged, or its rounds
	// spent), with a bound, within a quarter of the time limit (or without one)
	rootQuick bool
}

func newSolveRun(ctx context.Context, m *Model, opt Options, start time.Time) *solveRun {
	r := &solveRun{m: m, opt: opt, start: start, stop: ctx, ctx: ctx, grace: ctx, ub: math.Inf(1)}
	if opt.TimeLimit > 0 {
		grace, gcancel := context.WithTimeout(ctx, opt.TimeLimit+opt.TimeLimit/graceShare)
		limited, cancel := context.WithTimeout(ctx, opt.TimeLimit)
		r.grace, r.ctx = grace, limited
		r.cancels = append(r.cancels, gcancel, cancel)
	}
	return r
}

// release cancels the contexts the run made, the last made first.
func (r *solveRun) release() {
	for i := len(r.cancels) - 1; i >= 0; i-- {
		r.cancels[i]()
	}
}

// prepare builds the prepared model and every worker's DP, and runs the pre-check, which
// returns each worker's fallback roster.
func (r *solveRun) prepare() ([][]int32, error) {
	r.p = newPrep(r.m)
	r.specs = make([]*wspec, r.p.nW)
	for w := range r.specs {
		r.specs[w] = newWSpec(r.p, w, searchExactStates)
		r.huge = r.huge || r.specs[w].large
	}
	r.nw = max(r.opt.Workers, 1)
	// On a model whose DPs are over maxDPLabels, every worker's fallback roster is made to keep
	// the worker's rules here, on every core, while the clock cannot stop it: a goroutine of
	// the construction may be stopped before it reaches half of the workers.
	fallback, err := precheck(r.stop, r.p, r.specs, r.nw, r.huge)
	if err != nil {
		return nil, err
	}
	r.epoch = r.opt.Epoch
	if r.epoch <= 0 {
		r.epoch = 20
	}
	r.bound = trivialBound(r.p)
	return fallback, nil
}

// setBound raises the lower bound to b (rounded), if that is higher.
func (r *solveRun) setBound(b float64) {
	b = roundBound(r.p, b)
	r.bmu.Lock()
	if b > r.bound {
		r.bound = b
	}
	r.bmu.Unlock()
}

func (r *solveRun) getBound() float64 { r.bmu.Lock(); defer r.bmu.Unlock(); return r.bound }

func (r *solveRun) setUB(ub float64) { r.ubMu.Lock(); r.ub = ub; r.ubMu.Unlock() }

func (r *solveRun) getUB() float64 { r.ubMu.Lock(); defer r.ubMu.Unlock(); return r.ub }

// construct makes the search goroutines and has each build its first roster (deterministic,
// unless the clock ends it), then reports the best one.
func (r *solveRun) construct(fallback [][]int32) {
	r.searchers = make([]*searcher, r.nw)
	for i := range r.searchers {
		r.searchers[i] = newSearcher(r.p, r.specs, r.opt.Seed, i)
	}
	var wg sync.WaitGroup
	for _, s := range r.searchers {
		wg.Add(1)
		go func() { defer wg.Done(); s.construct(r.stop, r.ctx, r.opt.Initial, fallback, r.huge) }()
	}
	wg.Wait()
	if r.opt.Progress != nil {
		// the constructed roster, before the bound: on a large desk the bound takes a while
		b := pickBest(r.searchers)
		r.opt.Progress(Progress{Elapsed: time.Since(r.start), Objective: b.bestSoft, Bound: r.bound,
			Feasible: b.bestHard == 0})
	}
}

// rootBound runs the root's column generation (the LP relaxation of the roster-choice master
// problem), which raises the lower bound, and a first dive from its LP solution, whose roster
// every goroutine is offered. It spends at most BoundIterations rounds and 40% of the time
// limit.
func (r *solveRun) rootBound() {
	opt := r.opt
	if opt.BoundIterations < 0 || r.ctx.Err() != nil {
		return
	}
	rounds := opt.BoundIterations
	if rounds == 0 {
		rounds = 300
	}
	cgctx := r.ctx
	if opt.TimeLimit > 0 {
		var cancel context.CancelFunc
		cgctx, cancel = context.WithTimeout(r.ctx, opt.TimeLimit*4/10)
		r.cancels = append(r.cancels, cancel)
	}
	g := newColGen(r.p, pricingSpecs(r.p, r.specs))
	r.g = g
	g.par = r.nw // the root's pricing uses every core (clones for the dives price alone)
	g.seed(r.searchers[0].best)
	rootL := math.Inf(-1)
	cgStart := time.Now()
	g.rootRun = true
	x, _, ok := g.run(cgctx, rounds, func(L float64) { rootL = max(rootL, L); r.setBound(L) })
	g.rootRun = false // the dives' and the tree's column generation (clones) do not stop
	r.rootX = x
	r.cgOK = ok && !g.degenerate
	r.rootQuick = ok && cgctx.Err() == nil && rootL > math.Inf(-1) &&
		(opt.TimeLimit <= 0 || time.Since(cgStart) <= opt.TimeLimit/4)
	if ok && !opt.NoDive && cgctx.Err() == nil {
		d := g.dive(cgctx, x, diveRounds, nil, nil)
		if d != nil {
			for _, s := range r.searchers {
				s.offer(d)
			}
		}
	}
}

// startLagrange starts the subgradient bound in a goroutine (done on wg) when the root's
// column generation gave no usable LP. It prices every worker exactly at each step, like the
// root: not after a degenerate root, whose rounds were that slow.
func (r *solveRun) startLagrange(ctx context.Context, wg *sync.WaitGroup) {
	if r.opt.BoundIterations < 0 || r.cgOK || (r.g != nil && r.g.degenerate) {
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		lagrangeBound(ctx, r.p, r.specs, 300, r.getUB, r.setBound)
	}()
}

// equip gives every goroutine its clone of the root's column generation, for dives, and the
// last one the branch-and-price tree when the root converged quickly.
func (r *solveRun) equip() {
	if !r.cgOK || r.opt.NoDive {
		return
	}
	g := r.g
	for _, s := range r.searchers {
		s.cg = g.clone()
		s.diveRounds = diveRounds
		if r.rootQuick {
			s.diveRounds = diveRoundsConverged
			s.deepDives = true
			// no ejection chains beside exact dives and the tree: they cost more than
			// they find there
			s.ej = ejectShare{off: true}
		} else {
			s.cg.diveCap = g.effort() / diveCapDiv
		}
	}
	if r.rootQuick && canBranch(g) {
		// the last goroutine also searches the branch-and-price tree
		r.searchers[r.nw-1].bp = newBranchPrice(g)
	}
}

// report calls the Progress callback, if any, with the best roster and bound so far.
func (r *solveRun) report() {
	if r.opt.Progress != nil {
		b := r.best
		r.opt.Progress(Progress{Elapsed: time.Since(r.start), Objective: b.bestSoft, Bound: r.getBound(),
			Feasible: b.bestHard == 0, Iterations: r.iters})
	}
}

// proven reports whether the best roster keeps every hard rule and meets the lower bound.
func (r *solveRun) proven() bool {
	return r.best.bestHard == 0 && r.best.bestSoft <= r.getBound()+1e-9
}

// searchCtx is the context of the search: with the grace period while no roster keeps every
// hard rule.
func (r *solveRun) searchCtx() context.Context {
	if r.best.bestHard > 0 {
		return r.grace
	}
	return r.ctx
}

// search runs epochs until the best roster is proved optimal, the search's context is done or
// the effort budget is spent. After each epoch the goroutines adopt the best roster.
func (r *solveRun) search() {
	opt := r.opt
	for !r.proven() && r.searchCtx().Err() == nil && (opt.MaxIterations <= 0 || r.iters/r.nw < opt.MaxIterations) {
		n := r.epoch
		if opt.MaxIterations > 0 {
			n = min(n, opt.MaxIterations-r.iters/r.nw)
		}
		r.runEpoch(r.searchCtx(), n)
		r.iters += n * r.nw
		r.best = pickBest(r.searchers)
		for _, s := range r.searchers {
			if s.bp != nil && s.bp.proved() && r.best.bestHard == 0 {
				// every node was pruned against a roster no better than best
				r.setBound(r.best.bestSoft)
			}
		}
		for _, s := range r.searchers {
			if s != r.best && r.best.bestScore < s.bestScore {
				s.adopt(r.best)
			}
		}
		r.setUB(r.best.bestScore)
		r.report()
	}
}

// runEpoch has every goroutine take its tree step and dive, if due, then make n moves.
func (r *solveRun) runEpoch(sctx context.Context, n int) {
	// the bound for the dives' guide: read once, so that every goroutine sees the same
	bnd := r.getBound()
	// busy counts the goroutines still in their epoch. Without an effort budget, one that is
	// done goes on with moves, one at a time, until none is: a chain takes many DPs, a capped
	// dive seconds, and waiting for them would leave the other cores idle. Not where dives
	// are exact (the root converged): there the dives and the tree do the work. With a
	// budget, every goroutine makes exactly n moves, so that runs repeat.
	var busy atomic.Int32
	busy.Store(int32(r.nw))
	var wg sync.WaitGroup
	for _, s := range r.searchers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.sc.ctx = sctx
			s.treeStep(sctx)
			s.maybeDive(sctx, r.rootX, bnd)
			dps := s.dps
			s.run(sctx, n)
			s.dpsRun = s.dps - dps // the tree's budget: not the moves made while waiting
			busy.Add(-1)
			for r.opt.MaxIterations <= 0 && !s.deepDives && busy.Load() > 0 && sctx.Err() == nil {
				s.run(sctx, 1) // one at a time: the others need not wait long
			}
		}()
	}
	wg.Wait()
}

// finish checks the best roster from scratch and returns it, with the error that says why it
// breaks a hard rule, if it does: stopped is the search context's error when it ended.
func (r *solveRun) finish(stopped error) (Solution, error) {
	sol := Solution{Assign: r.best.bestAssign(), Bound: r.getBound()}
	rep, err := r.m.Check(sol)
	if err != nil {
		return sol, err
	}
	sol.Objective = rep.Objective
	sol.Feasible = rep.Feasible()
	if sol.Bound > sol.Objective && sol.Feasible {
		sol.Bound = sol.Objective
	}
	r.report()
	if !sol.Feasible {
		inf := infeasibleFromReport(&rep)
		if stopped != nil {
			if r.stop.Err() != nil {
				stopped = r.stop.Err()
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
