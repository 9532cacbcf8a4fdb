package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"

	"github.com/deskplan/deskplan/solver/lp"
)

// Column generation over rosters. The master LP chooses, for each class of identical
// workers, a convex combination of rosters (columns) and, for each cell, the effective staff
// split into the linear segments of its penalty:
//
//	min  sum_r cost_r l_r + sum_{c,k} slope_ck s_ck
//	s.t. sum_k s_ck - sum_r a_rc l_r = fixed_c   (dual y_c)   for every cell with a penalty
//	     sum_{r of class g} l_r = n_g              (dual mu_g)  for every class
//	     0 <= s_ck <= length of segment k,  l_r >= 0
//
// The pricing problem of class g is the roster DP with option costs own + sum_c y_c a_oc; the
// Lagrangian value L(y) = sum_c min_x (f_c(x) - y_c x) + sum_g n_g DP_g(y) is a valid lower
// bound at every iteration. Coupling and fairness penalties (non-negative) are dropped, and
// type limits the DP handles by Lagrangian penalties are relaxed, so the bound stays valid.
//
// The master is rebuilt at every round but solved from the basis of the last solve (lp's warm
// start): new columns enter at zero and the primal simplex brings them in; a dive changes
// fixed_c and n_g, which the dual simplex repairs. Columns keep their basis status through
// g.cols; a column that leaves the LP (retired, or of a class a dive has filled up) leaves a
// gap that the LP fills with a logical, so basic columns are never retired, and a filled class
// keeps its basic columns (at zero) for the next solve. Every dive starts from the root basis.

type cgColumn struct {
	roster []int32
	cost   float64 // own cost: requests and option costs
	cells  []int32
	amount []float64
	age    int // master solves in a row with a zero value; retired from the LP at maxAge
}

// maxAge is the number of master solves a column may stay at zero before it leaves the LP
// (it comes back if the pricing finds it again), which keeps the LP small.
const maxAge = 6

type colGen struct {
	p       *prep
	specs   []*wspec
	classes [][]int // identical workers
	classOf []int
	count   []int // workers of the class still free
	cols    [][]cgColumn
	seen    []map[string]int // roster key -> column index
	fixed   []float64        // staff fixed by diving, per cell
	xmax    []float64
	rowOf   []int        // cell -> master row (-1: no penalty)
	work    []*priceWork // per pricing goroutine
	out     []priced     // per class, the last pricing
	prices  [][]float64  // per day and option, its value at the duals being priced
	par     int          // pricing goroutines (0 or 1: the caller's)
	isInt   bool
	lam     [][]float64 // per class, Lagrangian penalty per limited type
	wePen   []float64   // per class, weekend penalty
	// The basis of the last master solve, and the master variable of each column in it (per
	// class and column, -1: not in the LP): the next solve starts from it. Both are replaced,
	// never modified, so clones may share them.
	basis    *lp.Basis
	basisVar [][]int
	noWarm   bool  // tests: solve every master from scratch
	lpIters  int   // simplex iterations of the master solves
	lpWork   int64 // and their sum of iterations times rows
	// diveCap, if positive, caps the effort of a dive's column generation; past it the dive
	// fixes the remaining workers from the LP values as they are
	diveCap int64
	// Branching rules (branch.go), per worker and day; nil: none. Only a clone that
	// branch-and-price owns sets them, and only for workers alone in their class.
	rule     [][]dayRule
	ruleDays [][]int // per worker, the days with a rule
	dead     bool    // the last pricing found a class with no roster under the rules
	rounds   int     // master solves so far
	// degenerate: run stopped because the master's simplex needed more than degenerateRatio
	// pivots per row per round (see run)
	degenerate bool
	masterRows int  // rows of the last master
	rootRun    bool // run applies the degeneracy test (the root's column generation only)
}

// The degeneracy test of the root's column generation. Over its first degenerateRounds
// rounds after the first, the master's simplex of a model whose column generation converges
// makes a few pivots per row per round at most; a master that makes many more is stalling on
// degenerate pivots at an unchanged objective, and its column generation gets nowhere within
// the time limit (no bound above zero, a dive's roster worse than the local search's). Above
// degenerateRatio the root gives up, and the local search gets the time
// (docs/solver-tuning.md has the measurements).
const (
	degenerateRounds = 4
	degenerateRatio  = 8
)

// degenerate reports whether a master of the given rows that took iters simplex iterations
// over the given rounds (re-solves from the previous basis) pivots more than degenerateRatio
// times per row per round.
func degenerate(iters, rounds, rows int) bool {
	return iters > degenerateRatio*rounds*rows
}

func newColGen(p *prep, specs []*wspec) *colGen {
	g := &colGen{p: p, specs: specs, classes: workerClasses(p)}
	g.count = make([]int, len(g.classes))
	g.classOf = make([]int, p.nW)
	for k, c := range g.classes {
		for _, w := range c {
			g.classOf[w] = k
		}
	}
	g.cols = make([][]cgColumn, len(g.classes))
	g.seen = make([]map[string]int, len(g.classes))
	for i, c := range g.classes {
		g.count[i] = len(c)
		g.seen[i] = map[string]int{}
	}
	g.fixed = make([]float64, p.nC)
	g.xmax = p.xmax
	g.lam = make([][]float64, len(g.classes))
	g.wePen = make([]float64, len(g.classes))
	g.isInt = integral(p)
	return g
}

func rosterKey(r []int32) string {
	b := make([]byte, 0, 2*len(r))
	for _, o := range r {
		b = append(b, byte(o+1), byte((o+1)>>8))
	}
	return string(b)
}

// addColumn adds roster r (of a worker of class k) if new.
func (g *colGen) addColumn(k int, r []int32) bool {
	key := rosterKey(r)
	if i, ok := g.seen[k][key]; ok {
		if g.cols[k][i].age >= maxAge {
			g.cols[k][i].age = 0 // bring a retired column back
			return true
		}
		return false
	}
	g.seen[k][key] = len(g.cols[k])
	p, m := g.p, g.p.m
	w := g.classes[k][0]
	col := cgColumn{roster: append([]int32(nil), r...)}
	wt := m.Workers[w].Weight
	acc := map[int32]float64{}
	for d, o := range r {
		col.cost += p.reqCost(w, d, o)
		if o == Off {
			continue
		}
		col.cost += p.optCost(w, d, o)
		for _, cv := range m.Options[d][o].Cover {
			acc[int32(cv.Cell)] += wt * cv.Coef
		}
	}
	for _, c := range sortedKeys(acc) {
		col.cells = append(col.cells, c)
		col.amount = append(col.amount, acc[c])
	}
	g.cols[k] = append(g.cols[k], col)
	return true
}

// solveMaster solves the restricted master LP; it returns the LP value, the duals y (per
// cell) and mu (per class), and the column values.
func (g *colGen) solveMaster(ctx context.Context) (obj float64, y, mu []float64, x [][]float64, err error) {
	p, m := g.p, g.p.m
	var pr lp.Problem
	const big = 1e6
	if g.rowOf == nil {
		g.rowOf = make([]int, p.nC)
	}
	constant := 0.0
	for c := range m.Cells {
		f := &m.Cells[c].Penalty
		g.rowOf[c] = -1
		constant += f.At0
		if len(f.Slopes) == 0 {
			continue
		}
		var idx []int
		var val []float64
		prev := 0.0
		for k, sl := range f.Slopes {
			hi := math.Max(g.xmax[c]-prev, 0) + 1
			if k < len(f.Breaks) {
				hi = f.Breaks[k] - prev
				prev = f.Breaks[k]
			}
			idx = append(idx, pr.AddVar(0, hi, sl))
			val = append(val, 1)
		}
		g.rowOf[c] = pr.AddRow(g.fixed[c], g.fixed[c], idx, val)
	}
	convRow := make([]int, len(g.classes))
	for k := range g.classes {
		// an artificial column keeps the master feasible: it covers nothing at a big cost
		a := pr.AddVar(0, math.Inf(1), big)
		convRow[k] = pr.AddRow(float64(g.count[k]), float64(g.count[k]), []int{a}, []float64{1})
	}
	nFixed := pr.NumVars() // segments and artificials keep their index from solve to solve
	colVar := make([][]int, len(g.classes))
	for k, cols := range g.cols {
		colVar[k] = make([]int, len(cols))
		for ci, col := range cols {
			// A class that a dive has filled up keeps only the columns that were basic: at
			// zero now, they keep the basis of the last solve (nearly) valid.
			if col.age >= maxAge || (g.count[k] == 0 && !g.wasBasic(k, ci)) || !g.obeys(k, col.roster) {
				colVar[k][ci] = -1
				continue
			}
			rows := []int{convRow[k]}
			vals := []float64{1}
			for i, c := range col.cells {
				if r := g.rowOf[c]; r >= 0 {
					rows = append(rows, r)
					vals = append(vals, -col.amount[i])
				}
			}
			colVar[k][ci] = pr.AddCol(0, math.Inf(1), col.cost, rows, vals)
		}
	}

	g.rounds++
	res, err := lp.Solve(ctx, &pr, g.startBasis(&pr, nFixed, colVar))
	if err != nil {
		g.basis, g.basisVar = nil, nil
		return 0, nil, nil, nil, err
	}
	g.basis, g.basisVar = res.Basis, colVar
	g.lpIters += res.Iterations
	g.lpWork += int64(res.Iterations) * int64(pr.NumRows())
	g.masterRows = pr.NumRows()
	y = make([]float64, p.nC)
	for c, r := range g.rowOf {
		if r >= 0 {
			y[c] = res.Duals[r]
		}
	}
	mu = make([]float64, len(g.classes))
	x = make([][]float64, len(g.classes))
	for k := range g.classes {
		mu[k] = res.Duals[convRow[k]]
		x[k] = make([]float64, len(g.cols[k]))
		for i, j := range colVar[k] {
			if j < 0 {
				continue
			}
			x[k][i] = res.X[j]
			if g.count[k] == 0 {
				continue
			}
			if x[k][i] > 1e-9 || res.Basis.Vars[j] == lp.Basic {
				g.cols[k][i].age = 0
			} else {
				g.cols[k][i].age++
			}
		}
	}
	return res.Objective + constant, y, mu, x, nil
}

// wasBasic reports whether column i of class k was basic in the last master solve.
func (g *colGen) wasBasic(k, i int) bool {
	if g.basis == nil || k >= len(g.basisVar) || i >= len(g.basisVar[k]) {
		return false
	}
	j := g.basisVar[k][i]
	return j >= 0 && g.basis.Vars[j] == lp.Basic
}

// startBasis maps the basis of the last master solve onto the master pr, whose first nFixed
// variables are those of every master and whose columns are colVar. Columns new to the LP
// start nonbasic at zero; those that left it (retired, or of a class that a dive filled up)
// are missing from the basis, which the LP repairs with logicals.
func (g *colGen) startBasis(pr *lp.Problem, nFixed int, colVar [][]int) lp.Options {
	b := g.basis
	if g.noWarm {
		return lp.Options{}
	}
	if b == nil || len(b.Rows) != pr.NumRows() || len(b.Vars) < nFixed {
		return lp.Options{}
	}
	start := &lp.Basis{Vars: make([]lp.VarStatus, pr.NumVars()), Rows: b.Rows}
	copy(start.Vars, b.Vars[:nFixed])
	for k, vars := range colVar {
		if k >= len(g.basisVar) {
			break
		}
		old := g.basisVar[k]
		for i, j := range vars {
			if j >= 0 && i < len(old) && old[i] >= 0 {
				start.Vars[j] = b.Vars[old[i]]
			}
		}
	}
	return lp.Options{Start: start}
}

// price solves the pricing DP of every class with free workers at duals y. It returns the
// Lagrangian bound L(y) (over the free workers, plus the fixed part given by fixedCost),
// whether a column of negative reduced cost was added and, if dir is not nil, the slope of
// L along dir (a subgradient's inner product with dir). With g.par > 1, the classes are
// priced by that many goroutines; the columns are added in class order, so the result does
// not depend on g.par.
func (g *colGen) price(ctx context.Context, y, mu, dir []float64) (bound float64, added bool, slope float64) {
	p, m := g.p, g.p.m
	g.dead = false
	L := 0.0
	for c := range m.Cells {
		f := &m.Cells[c].Penalty
		// min over x >= fixed_c of f(x) - y_c (x - fixed_c)
		L += pwlMinFrom(f, y[c], g.fixed[c], g.fixed[c]+g.xmax[c])
		if dir != nil {
			slope -= (pwlArgminFrom(f, y[c], g.fixed[c], g.fixed[c]+g.xmax[c]) - g.fixed[c]) * dir[c]
		}
	}
	if len(g.out) < len(g.classes) {
		g.out = make([]priced, len(g.classes))
	}
	g.prices = optionPrices(p, y, g.prices)
	par := max(1, min(g.par, len(g.classes)))
	for len(g.work) < par {
		g.work = append(g.work, newPriceWork(p))
	}
	if par == 1 {
		for k := range g.classes {
			g.out[k] = g.priceClass(ctx, k, y, mu, dir, g.work[0])
		}
	} else {
		var wg sync.WaitGroup
		for t := range par {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := t; k < len(g.classes); k += par {
					g.out[k] = g.priceClass(ctx, k, y, mu, dir, g.work[t])
				}
			}()
		}
		wg.Wait()
	}
	for k := range g.classes {
		o := &g.out[k]
		if g.count[k] == 0 {
			continue
		}
		if o.fail || ctx.Err() != nil {
			g.dead = o.fail && ctx.Err() == nil
			return math.Inf(-1), false, 0
		}
		L += o.piece * float64(g.count[k])
		slope += o.slope * float64(g.count[k])
		if o.col != nil && g.addColumn(k, o.col) {
			added = true
		}
	}
	return L, added, slope
}

// priced is the outcome of the pricing of one class: its piece of the Lagrangian bound and
// of the slope, and the roster to add as a column (nil: none); fail: no roster at all.
type priced struct {
	piece, slope float64
	col          []int32
	fail         bool
}

// priceWork is the scratch space of one pricing goroutine.
type priceWork struct {
	in   dpInput
	sc   dpScratch
	tcnt []int
}

func newPriceWork(p *prep) *priceWork {
	return &priceWork{in: dpInput{off: make([]float64, p.nD), opt: make([][]float64, p.nD)}, tcnt: make([]int, len(p.m.Types))}
}

// priceClass solves the pricing DP of class k (see price).
func (g *colGen) priceClass(ctx context.Context, k int, y, mu, dir []float64, ws *priceWork) (out priced) {
	p, m := g.p, g.p.m
	if g.count[k] == 0 {
		return out
	}
	if ctx.Err() != nil {
		out.fail = true
		return out
	}
	w := g.classes[k][0]
	wt := m.Workers[w].Weight
	in := &ws.in
	ws.sc.ctx = ctx
	g.setReducedCosts(w, in)
	sp := g.specs[w]
	wk := &m.Workers[w]
	if g.lam[k] == nil {
		g.lam[k] = make([]float64, len(m.Types))
	}
	lam := g.lam[k]
	for t := range lam {
		lam[t] *= 0.7
	}
	g.wePen[k] *= 0.7
	// Limits outside the DP state are priced by Lagrangian penalties: for any
	// lam >= 0, DP_lam - sum_t lam_t*max_t is a lower bound of the class's best
	// feasible roster, and a roster within the limits is a valid column.
	out.piece = math.Inf(-1)
	tcnt := ws.tcnt
	lagr := len(sp.limitedTypes) > 0 || (sp.weTracked && !sp.weExact)
	for try := 0; try < 8; try++ {
		in.typePen, in.wePen = nil, 0
		if lagr {
			in.typePen, in.wePen = lam, g.wePen[k]
		}
		r, v, ok := sp.solveDP(p, in, &ws.sc)
		if !ok {
			out.fail = true
			return out
		}
		lb := v
		for _, t := range sp.limitedTypes {
			lb -= lam[t] * float64(wk.MaxShifts[t])
		}
		if sp.weTracked && !sp.weExact {
			lb -= g.wePen[k] * float64(sp.weMax-sp.weStart)
		}
		if lb > out.piece && dir != nil {
			out.slope = coverageSlope(m, r, wt, dir) // the subgradient of this piece
		}
		out.piece = math.Max(out.piece, lb)
		if !lagr || p.rowFeasible(w, r, tcnt) {
			// the true reduced cost of r: v minus the penalties it paid
			rc := v
			if lagr {
				we := rosterCounts(p, r, tcnt)
				for _, t := range sp.limitedTypes {
					rc -= lam[t] * float64(tcnt[t])
				}
				rc -= g.wePen[k] * float64(we)
			}
			if mu == nil || rc-mu[k] < -1e-7*math.Max(1, math.Abs(rc)) {
				out.col = append([]int32(nil), r...)
			}
			break
		}
		// raise the penalties of the broken limits
		we := sp.weStart + rosterCounts(p, r, tcnt)
		for _, t := range sp.limitedTypes {
			if tcnt[t] > wk.MaxShifts[t] {
				lam[t] = math.Max(2*lam[t], p.hardW/1000)
			}
		}
		if sp.weTracked && !sp.weExact && we > sp.weMax {
			g.wePen[k] = math.Max(2*g.wePen[k], p.hardW/1000)
		}
	}
	return out
}

// setReducedCosts fills the pricing DP's input for worker w: each option's request and option
// costs plus the worker's weight times the option's price at the master's duals (g.prices),
// and the coupling rules' terms.
func (g *colGen) setReducedCosts(w int, in *dpInput) {
	p := g.p
	wt := p.m.Workers[w].Weight
	for d := range p.nD {
		al := p.allowed[w][d]
		if cap(in.opt[d]) < len(al) {
			in.opt[d] = make([]float64, len(al))
		}
		in.opt[d] = in.opt[d][:len(al)]
		in.off[d] = p.reqOff[w][d]
		for i, o := range al {
			in.opt[d][i] = p.reqCost(w, d, o) + p.optCost(w, d, o) + wt*g.prices[d][o]
		}
	}
	if g.rule != nil {
		g.applyRules(w, in)
	}
}

// coverageSlope returns the coverage of roster r by a worker of weight wt along the
// direction dir over the cells.
func coverageSlope(m *Model, r []int32, wt float64, dir []float64) float64 {
	slope := 0.0
	for d, o := range r {
		if o == Off {
			continue
		}
		for _, cv := range m.Options[d][o].Cover {
			slope += wt * cv.Coef * dir[cv.Cell]
		}
	}
	return slope
}

// pwlArgminFrom returns an x in [lo,hi] minimising f(x) - pi*(x-lo).
func pwlArgminFrom(f *PWL, pi, lo, hi float64) float64 {
	bx, best := lo, f.Value(lo)
	for _, b := range f.Breaks {
		if b > lo && b < hi {
			if v := f.Value(b) - pi*(b-lo); v < best-1e-12 {
				bx, best = b, v
			}
		}
	}
	if v := f.Value(hi) - pi*(hi-lo); v < best-1e-12 {
		bx = hi
	}
	return bx
}

// pwlMinFrom returns min over lo<=x<=hi of f(x) - pi*(x-lo).
func pwlMinFrom(f *PWL, pi, lo, hi float64) float64 {
	best := f.Value(lo)
	for _, b := range f.Breaks {
		if b > lo && b < hi {
			best = math.Min(best, f.Value(b)-pi*(b-lo))
		}
	}
	return math.Min(best, f.Value(hi)-pi*(hi-lo))
}

// run performs column generation until no column prices out, maxIter rounds, or ctx is
// done, reporting every improved bound. It returns the last master solution. Duals are
// smoothed (Wentges): pricing happens at a point between the stability center (the duals of
// the best bound so far) and the current LP duals, and at the LP duals when that finds no
// column. The weight of the center adapts (Pessoa et al. 2018): it drops when the
// subgradient at the pricing point leans towards the LP duals, and grows otherwise.
func (g *colGen) run(ctx context.Context, maxIter int, report func(float64)) (x [][]float64, lpObj float64, ok bool) {
	best := math.Inf(-1)
	var center, dir []float64
	alpha := 0.5
	iters0 := 0 // the simplex iterations of the first solve, from scratch
	for it := 0; it < maxIter && ctx.Err() == nil; it++ {
		obj, y, mu, xs, err := g.solveMaster(ctx)
		if err != nil {
			break
		}
		x, lpObj, ok = xs, obj, true
		if it == 0 {
			iters0 = g.lpIters
		} else if g.rootRun && it == degenerateRounds && degenerate(g.lpIters-iters0, it, g.masterRows) {
			g.degenerate = true
			break
		}
		added := false
		if center != nil {
			ys := make([]float64, len(y))
			dir = append(dir[:0], y...)
			for c := range y {
				ys[c] = alpha*center[c] + (1-alpha)*y[c]
				dir[c] -= center[c]
			}
			L, add, slope := g.price(ctx, ys, mu, dir)
			added = add
			if L > best {
				best, center = L, ys
				if report != nil {
					report(L)
				}
			}
			if slope > 0 {
				alpha = math.Max(0, alpha-0.1)
			} else {
				alpha = math.Min(0.9, alpha+0.1)
			}
		}
		if !added {
			L, add, _ := g.price(ctx, y, mu, nil)
			added = add
			if L > best || center == nil {
				best, center = math.Max(L, best), y
				if report != nil {
					report(L)
				}
			}
		}
		if !added || obj-best <= 1e-6*math.Max(1, math.Abs(obj)) {
			break
		}
	}
	return x, lpObj, ok
}

// dive fixes columns with the largest LP values (all the near-integral ones at once, else
// the largest), re-running column generation for a few rounds after each step, and returns
// the resulting roster (or nil). Once its column generation has spent g.diveCap (if set),
// it fixes the remaining workers from the last LP values without re-pricing. With rng, the
// LP values are perturbed at each step; with rng and a guide roster (the incumbent), the
// dive first fixes the guide's rows that the LP uses for a random part of the workers.
func (g *colGen) dive(ctx context.Context, x [][]float64, rounds int, rng *rand.Rand, guide [][]int32) [][]int32 {
	// each dive starts from the basis of the root master (its row bounds change)
	basis, basisVar := g.basis, g.basisVar
	defer func() {
		g.reset()
		g.basis, g.basisVar = basis, basisVar
	}()
	dv := &dive{g: g, out: make([][]int32, g.p.nW), free: make([][]int, len(g.classes))}
	for k, c := range g.classes {
		dv.free[k] = append([]int(nil), c...)
	}
	e0 := g.effort()
	if guide != nil && rng != nil {
		x = dv.fixGuide(x, rng, guide)
	}
	for {
		dv.fixStep(x, rng)
		if dv.done() || ctx.Err() != nil {
			break
		}
		if g.diveCap > 0 && g.effort()-e0 > g.diveCap {
			dv.fixRest(x)
			break
		}
		nx, _, ok := g.run(ctx, rounds, nil)
		if !ok {
			break
		}
		x = nx
	}
	if !dv.done() {
		return nil
	}
	return dv.out
}

// dive is the state of one dive: the rows fixed so far, and the free workers of each class.
type dive struct {
	g    *colGen
	out  [][]int32
	free [][]int
}

// fracCol is a column k, i of LP value v.
type fracCol struct {
	k, i int
	v    float64
}

// fix gives column i of class k to the class's next free worker, and fixes its cells' staff
// in the master.
func (dv *dive) fix(k, i int) {
	g := dv.g
	col := g.cols[k][i]
	w := dv.free[k][0]
	dv.free[k] = dv.free[k][1:]
	dv.out[w] = col.roster
	g.count[k]--
	for j, c := range col.cells {
		g.fixed[c] += col.amount[j]
	}
}

// fillFirst gives the free workers of each class the class's first column.
func (dv *dive) fillFirst() {
	g := dv.g
	for k := range g.classes {
		for g.count[k] > 0 && len(g.cols[k]) > 0 {
			dv.fix(k, 0)
		}
	}
}

// done reports whether every worker has a row.
func (dv *dive) done() bool {
	for k := range dv.g.classes {
		if dv.g.count[k] > 0 {
			return false
		}
	}
	return true
}

// fixGuide fixes, for a random part of the workers, the guide's row where the LP uses it
// (RINS: where the incumbent and the LP agree), and returns the LP values less those fixed.
func (dv *dive) fixGuide(x [][]float64, rng *rand.Rand, guide [][]int32) [][]float64 {
	g := dv.g
	x = slices.Clone(x)
	for k := range x {
		x[k] = slices.Clone(x[k])
	}
	for k, cls := range g.classes {
		for _, w := range cls {
			if g.count[k] == 0 || guide[w] == nil {
				continue
			}
			i, ok := g.seen[k][rosterKey(guide[w])]
			if ok && i < len(x[k]) && x[k][i] > guideMinLP && rng.Float64() < guideFix {
				dv.fix(k, i) // the class's next free worker: same rules, same row
				x[k][i]--
			}
		}
	}
	return x
}

// fixStep fixes every column of LP value near 1 or more; if there is none, the largest
// fractional ones (perturbed with rng), 1/diveFixDiv of the free workers; if none is
// positive, each class's first column.
func (dv *dive) fixStep(x [][]float64, rng *rand.Rand) {
	g := dv.g
	fixedAny := false
	var frac []fracCol
	nFree := 0
	for k := range g.classes {
		for i, v := range x[k] {
			for v >= 1-1e-6 && g.count[k] > 0 {
				dv.fix(k, i)
				v--
				fixedAny = true
			}
			if v > 1e-6 {
				frac = append(frac, fracCol{k, i, v})
			}
		}
		nFree += g.count[k]
	}
	if fixedAny {
		return
	}
	if rng != nil {
		for i := range frac {
			frac[i].v *= 0.3 + rng.Float64()
		}
	}
	sort.SliceStable(frac, func(a, b int) bool { return frac[a].v > frac[b].v })
	n := max(1, nFree/diveFixDiv)
	for _, f := range frac {
		if n == 0 {
			break
		}
		if g.count[f.k] > 0 {
			dv.fix(f.k, f.i)
			n--
			fixedAny = true
		}
	}
	if !fixedAny {
		dv.fillFirst() // classes without a positive column
	}
}

// fixRest ends a dive over its effort cap: the free workers follow the LP values as they are,
// largest first, then each class's first columns.
func (dv *dive) fixRest(x [][]float64) {
	g := dv.g
	var rest []fracCol
	for k := range g.classes {
		for i, v := range x[k] {
			if v > 1e-6 && g.count[k] > 0 {
				rest = append(rest, fracCol{k, i, v})
			}
		}
	}
	sort.SliceStable(rest, func(a, b int) bool { return rest[a].v > rest[b].v })
	for _, f := range rest {
		if g.count[f.k] > 0 {
			dv.fix(f.k, f.i)
		}
	}
	dv.fillFirst()
}

// seed adds the rosters of a solution as columns.
func (g *colGen) seed(assign [][]int32) {
	for k, cls := range g.classes {
		for _, w := range cls {
			if assign[w] != nil && g.p.rowFeasible(w, assign[w], make([]int, len(g.p.m.Types))) {
				g.addColumn(k, assign[w])
			}
		}
	}
}

// clone returns an independent copy for another goroutine (columns and the master basis are
// shared: they are replaced, never modified). The clone prices in its own goroutine.
func (g *colGen) clone() *colGen {
	c := *g
	c.count = append([]int(nil), g.count...)
	c.cols = make([][]cgColumn, len(g.cols))
	c.seen = make([]map[string]int, len(g.seen))
	for k := range g.cols {
		c.cols[k] = append([]cgColumn(nil), g.cols[k]...)
		c.seen[k] = make(map[string]int, len(g.seen[k]))
		for key, i := range g.seen[k] {
			c.seen[k][key] = i
		}
	}
	c.fixed = append([]float64(nil), g.fixed...)
	c.lam = make([][]float64, len(g.lam))
	for k := range g.lam {
		c.lam[k] = append([]float64(nil), g.lam[k]...)
	}
	c.wePen = append([]float64(nil), g.wePen...)
	c.rowOf = append([]int(nil), g.rowOf...)
	c.work, c.out, c.prices, c.par = nil, nil, nil, 1
	return &c
}

// lpRowIterLabels is the cost of one simplex iteration per master row, in DP label
// expansions (dpScratch.work), the ratio of their measured times (docs/solver-tuning.md), so
// that the counted effort of column generation and of DPs compare.
const lpRowIterLabels = 20

// effort returns the deterministic effort the column generation has spent so far: its
// pricing DPs' label expansions plus its simplex iterations at lpRowIterLabels per row.
func (g *colGen) effort() int64 {
	e := g.lpWork * lpRowIterLabels
	for _, ws := range g.work {
		e += ws.sc.work
	}
	return e
}

// reset undoes the fixings of a dive.
func (g *colGen) reset() {
	for k, c := range g.classes {
		g.count[k] = len(c)
	}
	clear(g.fixed)
}

// sortedKeys is a helper for deterministic map iteration.
func sortedKeys(m map[int32]float64) []int32 {
	ks := make([]int32, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	return ks
}

// A guided dive first fixes, for each worker with probability guideFix, the incumbent's row
// if the LP gives it at least guideMinLP (see dive). Every guideEvery-th dive of a search
// goroutine is guided, once its best roster is within guideGap of the bound: guiding is a
// polish of a good roster, and from a poor one it only narrows the dives. The values are
// measured (docs/solver-tuning.md).
const (
	guideEvery = 2
	guideFix   = 0.4
	guideMinLP = 0.5
	guideGap   = 0.01
)

// diveFixDiv: a dive step fixes about 1/diveFixDiv of the free workers when no column is
// integral.
const diveFixDiv = 8
