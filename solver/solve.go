package solver

import (
	"context"
	"errors"
	"math"
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
