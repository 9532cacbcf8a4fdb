package lp

import (
	"context"
	"math"
	"slices"
)

// Nonbasic states of a variable.
const (
	stBasic int8 = iota
	stLower      // at lb (also fixed variables)
	stUpper      // at ub
	stFree       // free nonbasic, at 0
)

const (
	pivTol        = 1e-9 // smallest pivot accepted by the ratio tests
	refactorPivot = 1e-7 // smallest pivot accepted when refactorising
	maxEtaGrowth  = 3    // refactorise early when the eta file grows this much
	pertBase      = 5e-7 // relative size of the cost perturbation
	infBound      = 1e30 // bounds beyond this are infinite
	pertBound     = 1e-6 // relative size of the bound expansion of the primal simplex
	perturbAfter  = 10   // degenerate primal pivots in a row that start the expansion
	blandAfter    = 50   // degenerate primal pivots in a row (expanded) that start Bland's rule
	// a primal step below this counts as degenerate
	degenerateStep = 1e-11
)

// result codes of the phases
type code int

const (
	cOptimal code = iota
	cInfeasible
	cUnbounded
	cStopped
	cLostFeasibility
)

type simplex struct {
	m, n, nt int // rows, structurals, total variables (n+m)

	// structural columns, compressed by column and by row
	cs, ci []int
	cv     []float64
	rs, rc []int
	rv     []float64

	lb, ub []float64 // bounds of all variables; logical n+i is row i
	c, cw  []float64 // true and working (perturbed, shifted) costs
	x, d   []float64 // values and reduced costs (for cw)
	head   []int     // basic variable per position
	pos    []int     // position of a basic variable, -1 if nonbasic
	st     []int8

	f             etaFile
	lw            luFactor
	w             []float64 // dual steepest-edge weights per position
	dw            []float64 // primal devex weights per variable
	staleDSE      bool      // w was not updated by the primal simplex
	sinceRefactor int
	refactorEvery int // updates between refactorisations
	baseNNZ       int // eta nonzeros right after the last refactorisation

	tolP, tolD float64
	iter       int
	maxIter    int
	ctx        context.Context
	err        error   // why the solve stopped
	bestBound  float64 // best safe bound seen at refactorisations
	startBasis *Basis  // Options.Start

	// bound perturbation of the primal simplex against stalling: the true bounds of the
	// variables whose bounds are expanded (listed in expanded)
	perturbing bool
	lb0, ub0   []float64
	isExpanded []bool
	expanded   []int
	prng       uint64

	// work space
	col, col2, rho, tau []float64
	alpha               []float64 // pivot row, indexed by variable
	mark                []bool
	nz                  []int
	cand                []cand
	flipList            []int
	group               []cand
	wv                  []float64
}

type cand struct {
	j     int
	ratio float64
	a     float64 // |alpha_j|
}

func newSimplex(ctx context.Context, p *Problem, o Options) *simplex {
	m, n := len(p.rlo), len(p.lo)
	nt := n + m
	s := &simplex{m: m, n: n, nt: nt, ctx: ctx, bestBound: math.Inf(-1)}
	s.tolP, s.tolD = o.PrimalTol, o.DualTol
	s.maxIter = o.MaxIterations
	s.startBasis = o.Start
	s.refactorEvery = 100
	if testRefactorEvery > 0 {
		s.refactorEvery = testRefactorEvery
	}
	s.buildColumns(p)
	s.buildRows()
	s.setBounds(p)
	s.allocWork()
	return s
}

// buildColumns stores the matrix of p by columns (cs, ci, cv), duplicates summed and explicit
// zeros dropped.
func (s *simplex) buildColumns(p *Problem) {
	m, n := s.m, s.n
	cnt := make([]int, n+1)
	for _, j := range p.ej {
		cnt[j+1]++
	}
	for j := 0; j < n; j++ {
		cnt[j+1] += cnt[j]
	}
	ci := make([]int, len(p.ej))
	cv := make([]float64, len(p.ej))
	next := slices.Clone(cnt[:n])
	for k, j := range p.ej {
		ci[next[j]] = p.ei[k]
		cv[next[j]] = p.ev[k]
		next[j]++
	}
	s.cs = make([]int, n+1)
	last := make([]int, m)
	for i := range last {
		last[i] = -1
	}
	out := 0
	for j := 0; j < n; j++ {
		s.cs[j] = out
		for k := cnt[j]; k < cnt[j+1]; k++ {
			i := ci[k]
			if last[i] >= s.cs[j] {
				cv[last[i]] += cv[k]
				continue
			}
			last[i] = out
			ci[out], cv[out] = i, cv[k]
			out++
		}
	}
	s.cs[n] = out
	// drop explicit zeros
	out = 0
	for j := 0; j < n; j++ {
		b, e := s.cs[j], s.cs[j+1]
		s.cs[j] = out
		for k := b; k < e; k++ {
			if cv[k] != 0 {
				ci[out], cv[out] = ci[k], cv[k]
				out++
			}
		}
	}
	s.cs[n] = out
	s.ci, s.cv = ci[:out], cv[:out]
}

// buildRows stores the matrix by rows too (rs, rc, rv).
func (s *simplex) buildRows() {
	m, n, out := s.m, s.n, len(s.ci)
	s.rs = make([]int, m+1)
	for _, i := range s.ci {
		s.rs[i+1]++
	}
	for i := 0; i < m; i++ {
		s.rs[i+1] += s.rs[i]
	}
	s.rc = make([]int, out)
	s.rv = make([]float64, out)
	rn := slices.Clone(s.rs[:m])
	for j := 0; j < n; j++ {
		for k := s.cs[j]; k < s.cs[j+1]; k++ {
			i := s.ci[k]
			s.rc[rn[i]] = j
			s.rv[rn[i]] = s.cv[k]
			rn[i]++
		}
	}
}

// setBounds sets the bounds of the variables and of the rows' logicals, bounds of magnitude
// infBound or more being infinite, and the costs.
func (s *simplex) setBounds(p *Problem) {
	nt, n := s.nt, s.n
	s.lb = make([]float64, nt)
	s.ub = make([]float64, nt)
	s.c = make([]float64, nt)
	copy(s.lb, p.lo)
	copy(s.ub, p.hi)
	copy(s.lb[n:], p.rlo)
	copy(s.ub[n:], p.rhi)
	copy(s.c, p.cost)
	for j := range s.lb {
		// treat the customary 1e30 "infinity" as infinite
		if s.lb[j] <= -infBound {
			s.lb[j] = math.Inf(-1)
		}
		if s.ub[j] >= infBound {
			s.ub[j] = math.Inf(1)
		}
	}
	s.cw = slices.Clone(s.c)
}

// allocWork allocates the simplex's values and work vectors.
func (s *simplex) allocWork() {
	m, nt := s.m, s.nt
	s.x = make([]float64, nt)
	s.d = make([]float64, nt)
	s.head = make([]int, m)
	s.pos = make([]int, nt)
	s.st = make([]int8, nt)
	s.w = make([]float64, m)
	s.wv = make([]float64, nt)
	s.col = make([]float64, m)
	s.col2 = make([]float64, m)
	s.rho = make([]float64, m)
	s.tau = make([]float64, m)
	s.alpha = make([]float64, nt)
	s.mark = make([]bool, nt)
}

// setColumn adds column j of [A -I] to the dense vector v.
func (s *simplex) setColumn(v []float64, j int, scale float64) {
	if j >= s.n {
		v[j-s.n] -= scale
		return
	}
	for k := s.cs[j]; k < s.cs[j+1]; k++ {
		v[s.ci[k]] += scale * s.cv[k]
	}
}

// dot returns a_j'v for column j of [A -I].
func (s *simplex) dot(j int, v []float64) float64 {
	if j >= s.n {
		return -v[j-s.n]
	}
	t := 0.0
	for k := s.cs[j]; k < s.cs[j+1]; k++ {
		t += s.cv[k] * v[s.ci[k]]
	}
	return t
}

// setNonbasic puts j at a bound (or zero if free), preferring the bound
// that suits the sign of its reduced cost dj.
func (s *simplex) setNonbasic(j int, dj float64) {
	l, u := s.lb[j], s.ub[j]
	s.pos[j] = -1
	switch {
	case l == u:
		s.st[j], s.x[j] = stLower, l
	case !math.IsInf(l, -1) && (math.IsInf(u, 1) || dj >= 0):
		s.st[j], s.x[j] = stLower, l
	case !math.IsInf(u, 1):
		s.st[j], s.x[j] = stUpper, u
	default:
		s.st[j], s.x[j] = stFree, 0
	}
}

// setStatus makes j nonbasic with status v, at the other bound (or zero)
// when the bound v names is infinite.
func (s *simplex) setStatus(j int, v VarStatus) {
	l, u := s.lb[j], s.ub[j]
	s.pos[j] = -1
	switch {
	case v == AtUpper && !math.IsInf(u, 1):
		s.st[j], s.x[j] = stUpper, u
	case !math.IsInf(l, -1):
		s.st[j], s.x[j] = stLower, l
	case !math.IsInf(u, 1):
		s.st[j], s.x[j] = stUpper, u
	default:
		s.st[j], s.x[j] = stFree, 0
	}
	if l == u {
		s.st[j] = stLower
	}
}

// start sets up the starting basis (b, or the all-logical basis if b is
// nil) and perturbs the costs.
func (s *simplex) start(b *Basis) {
	n := s.n
	var basic []int
	if b == nil {
		for j := 0; j < n; j++ {
			s.setNonbasic(j, s.c[j])
		}
		for j := n; j < s.nt; j++ {
			basic = append(basic, j)
		}
	} else {
		for j := 0; j < s.nt; j++ {
			v := AtLower
			if j < n && j < len(b.Vars) {
				v = b.Vars[j]
			} else if j >= n {
				v = Basic
				if j-n < len(b.Rows) {
					v = b.Rows[j-n]
				}
			}
			if v == Basic {
				basic = append(basic, j)
				s.st[j] = stBasic
				continue
			}
			s.setStatus(j, v)
		}
	}
	rng := uint64(0x9e3779b97f4a7c15)
	for j := 0; j < n; j++ {
		if s.st[j] == stBasic || s.lb[j] == s.ub[j] || s.st[j] == stFree {
			continue
		}
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		u := float64(rng>>11) / (1 << 53)
		xi := pertBase * (1 + math.Abs(s.c[j])) * (1 + u)
		if s.st[j] == stLower {
			s.cw[j] += xi
		} else {
			s.cw[j] -= xi
		}
	}
	for j := range s.wv {
		s.wv[j] = 1
	}
	s.factor(basic)
	s.computePrimal()
	s.computeDual()
	if s.makeDualFeasible() {
		s.computePrimal()
	}
}

// refactor recomputes the eta file for the current basis from scratch.
// Structural columns that turn out dependent are replaced by logicals.
func (s *simplex) refactor() {
	for i, j := range s.head {
		s.wv[j] = s.w[i]
	}
	s.factor(s.head)
}

// factor computes the eta file of a basis made of the variables in basic
// (any number of them) and sets head, pos and the DSE weights (from wv).
// Logicals in basic take their own row; structurals, in order of count,
// take a row by threshold pivoting, and those that cannot (dependent, or
// no row left) become nonbasic. Rows left over get their logical.
func (s *simplex) factor(basic []int) {
	m, n := s.m, s.n
	s.f.reset(m)
	newHead := make([]int, m)
	for i := range newHead {
		newHead[i] = -1
	}
	var structs []int
	for _, j := range basic {
		if j >= n {
			newHead[j-n] = j
		} else {
			structs = append(structs, j)
		}
	}
	slices.Sort(structs)
	for _, j := range s.lu(structs, newHead) {
		s.setNonbasic(j, s.d[j])
	}
	for r := range newHead {
		if newHead[r] < 0 {
			j := n + r
			newHead[r] = j
			s.wv[j] = 1
		}
	}
	s.head = newHead
	for i, j := range s.head {
		s.pos[j] = i
		s.st[j] = stBasic
		s.w[i] = max(s.wv[j], 1e-6)
	}
	s.sinceRefactor = 0
	s.baseNNZ = s.f.nnz()
}

// basis returns the current basis.
func (s *simplex) basis() *Basis {
	b := &Basis{Vars: make([]VarStatus, s.n), Rows: make([]VarStatus, s.m)}
	for j, st := range s.st {
		v := AtLower
		switch st {
		case stBasic:
			v = Basic
		case stUpper:
			if s.lb[j] != s.ub[j] {
				v = AtUpper
			}
		case stFree:
			v = AtZero
		}
		if j < s.n {
			b.Vars[j] = v
		} else {
			b.Rows[j-s.n] = v
		}
	}
	return b
}

// computePrimal recomputes the basic variables from the nonbasic ones.
func (s *simplex) computePrimal() {
	v := s.col
	clear(v)
	for j := 0; j < s.nt; j++ {
		if s.pos[j] < 0 && s.x[j] != 0 {
			s.setColumn(v, j, -s.x[j])
		}
	}
	s.f.ftran(v)
	for i, j := range s.head {
		s.x[j] = v[i]
	}
}

// prices returns y = B^-T cost_B in s.rho.
func (s *simplex) prices(cost []float64) []float64 {
	v := s.rho
	for i, j := range s.head {
		v[i] = cost[j]
	}
	s.f.btran(v)
	return v
}

// computeDual recomputes the reduced costs for the working costs.
func (s *simplex) computeDual() {
	y := s.prices(s.cw)
	for j := 0; j < s.nt; j++ {
		if s.pos[j] >= 0 {
			s.d[j] = 0
		} else {
			s.d[j] = s.cw[j] - s.dot(j, y)
		}
	}
}

// makeDualFeasible removes dual infeasibilities by bound flips where the
// other bound is finite and by cost shifts otherwise. It reports whether
// any variable was flipped (so the primal values must be recomputed).
func (s *simplex) makeDualFeasible() bool {
	flipped := false
	for j := 0; j < s.nt; j++ {
		if s.pos[j] >= 0 || s.lb[j] == s.ub[j] {
			continue
		}
		dj := s.d[j]
		switch s.st[j] {
		case stLower:
			if dj >= -s.tolD {
				continue
			}
			if !math.IsInf(s.ub[j], 1) {
				s.st[j], s.x[j] = stUpper, s.ub[j]
				flipped = true
				continue
			}
		case stUpper:
			if dj <= s.tolD {
				continue
			}
			if !math.IsInf(s.lb[j], -1) {
				s.st[j], s.x[j] = stLower, s.lb[j]
				flipped = true
				continue
			}
		case stFree:
			if math.Abs(dj) <= s.tolD {
				continue
			}
		}
		s.cw[j] -= dj
		s.d[j] = 0
	}
	return flipped
}

func (s *simplex) rebuild() {
	s.refactor()
	s.computePrimal()
	s.computeDual()
}

func (s *simplex) needRefactor() bool {
	return s.sinceRefactor >= s.refactorEvery ||
		(s.sinceRefactor > 10 && s.f.nnz() > maxEtaGrowth*(s.baseNNZ+s.m))
}

// stop reports whether the solve must stop (cancellation, iteration limit).
func (s *simplex) stop() bool {
	if s.iter >= s.maxIter {
		s.err = ErrIterationLimit
		return true
	}
	if s.iter&31 == 0 && s.ctx != nil {
		if err := s.ctx.Err(); err != nil {
			s.err = err
			return true
		}
	}
	return false
}

// infeas returns the signed bound violation of x_j: negative below lb,
// positive above ub, zero within tolerance.
func (s *simplex) infeas(j int) float64 {
	v := s.x[j]
	if l := s.lb[j]; v < l-s.tolP*(1+math.Abs(l)) {
		return v - l
	}
	if u := s.ub[j]; v > u+s.tolP*(1+math.Abs(u)) {
		return v - u
	}
	return 0
}

// computeRow sets s.alpha[j] = rho'a_j for every nonbasic j and lists them in s.nz.
func (s *simplex) computeRow(rho []float64) {
	alpha, mark, pos := s.alpha, s.mark, s.pos
	for _, j := range s.nz {
		alpha[j] = 0
		mark[j] = false
	}
	nz := s.nz[:0]
	n := s.n
	rs, rc, rv := s.rs, s.rc, s.rv
	for i, ri := range rho {
		if ri < 1e-14 && ri > -1e-14 {
			continue
		}
		if j := n + i; pos[j] < 0 {
			alpha[j] = -ri
			mark[j] = true
			nz = append(nz, j)
		}
		cols, vals := rc[rs[i]:rs[i+1]], rv[rs[i]:rs[i+1]]
		for k, j := range cols {
			if pos[j] >= 0 {
				continue
			}
			if !mark[j] {
				mark[j] = true
				nz = append(nz, j)
			}
			alpha[j] += ri * vals[k]
		}
	}
	s.nz = nz
}

// pivot makes q basic in position r in place of p, which leaves at state
// st, with col = B^-1 a_q. It updates the eta file and, unless wr < 0, the
// DSE weights (tau = B^-1 rho, wr = |rho|^2).
func (s *simplex) pivot(r, q int, col []float64, wr float64, leaveSt int8) {
	p := s.head[r]
	ar := col[r]
	if wr >= 0 {
		for i, ai := range col {
			if i == r || ai == 0 {
				continue
			}
			k := ai / ar
			w := s.w[i] + k*(k*wr-2*s.tau[i])
			s.w[i] = max(w, k*k*wr, 1e-6)
		}
		s.w[r] = max(wr/(ar*ar), 1e-6)
	}
	s.f.push(r, col)
	s.head[r] = q
	s.pos[q] = r
	s.st[q] = stBasic
	s.pos[p] = -1
	s.st[p] = leaveSt
	s.sinceRefactor++
}

// dualPhase runs the dual simplex on the working costs.
func (s *simplex) dualPhase() code {
	if s.staleDSE {
		for i := range s.w {
			s.w[i] = 1
		}
		s.staleDSE = false
	}
	for {
		if s.stop() {
			return cStopped
		}
		if s.needRefactor() {
			s.refreshDual()
			s.bestBound = max(s.bestBound, s.safeBound(s.prices(s.cw)))
		}
		r := s.leavingRow()
		if r < 0 {
			if s.sinceRefactor > 0 {
				s.refreshDual()
				continue
			}
			return cOptimal
		}
		p := s.head[r]
		delta := s.infeas(p)
		target, leaveSt := s.lb[p], stLower
		if delta > 0 {
			target, leaveSt = s.ub[p], stUpper
		}
		rho := s.rho
		clear(rho)
		rho[r] = 1
		s.f.btran(rho)
		s.computeRow(rho)
		q, nflip := s.dualRatio(delta, s.tolP*(1+math.Abs(target)))
		if q < 0 {
			if s.sinceRefactor > 0 {
				s.refreshDual()
				continue
			}
			return cInfeasible
		}
		// entering column
		col := s.col2
		clear(col)
		s.setColumn(col, q, 1)
		s.f.ftran(col)
		if ar := col[r]; math.Abs(ar-s.alpha[q]) > 1e-7*(1+math.Abs(ar)) || math.Abs(ar) < pivTol {
			if s.sinceRefactor > 0 {
				s.refreshDual()
				continue
			}
			if math.Abs(ar) < pivTol {
				s.err = ErrNumerical
				return cStopped
			}
		}
		if nflip > 0 {
			s.applyFlips()
		}
		s.dualUpdate(r, p, q, target, col)
		// DSE
		wr := 0.0
		for _, v := range rho {
			wr += v * v
		}
		copy(s.tau, rho)
		s.f.ftran(s.tau)
		s.pivot(r, q, col, wr, leaveSt)
		s.iter++
	}
}

// refreshDual refactorises the basis, restores dual feasibility and, if that
// succeeded, recomputes the primal values.
func (s *simplex) refreshDual() {
	s.rebuild()
	if s.makeDualFeasible() {
		s.computePrimal()
	}
}

// leavingRow chooses the dual simplex's leaving row: the largest primal
// infeasibility squared over its steepest-edge weight, -1 if none is beyond
// the tolerance.
func (s *simplex) leavingRow() int {
	r, best := -1, 0.0
	x, lb, ub, w, tolP := s.x, s.lb, s.ub, s.w, s.tolP
	for i, j := range s.head {
		v := x[j]
		var inf float64
		if l := lb[j]; v < l {
			if inf = l - v; inf <= tolP*(1+math.Abs(l)) {
				continue
			}
		} else if u := ub[j]; v > u {
			if inf = v - u; inf <= tolP*(1+math.Abs(u)) {
				continue
			}
		} else {
			continue
		}
		if sc := inf * inf / w[i]; sc > best {
			r, best = i, sc
		}
	}
	return r
}

// applyFlips moves the variables of the ratio test's flip list to their other
// bound and updates the basic values.
func (s *simplex) applyFlips() {
	v := s.col
	clear(v)
	for _, j := range s.flipList {
		var dx float64
		if s.st[j] == stLower {
			dx = s.ub[j] - s.lb[j]
			s.st[j], s.x[j] = stUpper, s.ub[j]
		} else {
			dx = s.lb[j] - s.ub[j]
			s.st[j], s.x[j] = stLower, s.lb[j]
		}
		s.setColumn(v, j, dx)
	}
	s.f.ftran(v)
	for i, j := range s.head {
		s.x[j] -= v[i]
	}
}

// dualUpdate updates the reduced costs and the primal values for the basis
// change in which q, of column col, enters at row r and p leaves at target.
func (s *simplex) dualUpdate(r, p, q int, target float64, col []float64) {
	// dual update
	thd := s.d[q] / s.alpha[q]
	for _, j := range s.nz {
		s.d[j] -= thd * s.alpha[j]
	}
	s.d[q] = 0
	s.d[p] = -thd
	// primal update
	thp := (s.x[p] - target) / col[r]
	for i, j := range s.head {
		if col[i] != 0 {
			s.x[j] -= thp * col[i]
		}
	}
	s.x[q] += thp
	s.x[p] = target
}

// dualRatio is the bound-flipping ratio test with Harris tolerances for
// leaving infeasibility delta (ptol: primal tolerance of the leaving
// variable). It returns the entering variable (-1 if none: the row proves
// infeasibility) and the number of variables to flip, listed in s.flipList.
func (s *simplex) dualRatio(delta, ptol float64) (int, int) {
	sgn := 1.0
	if delta < 0 {
		sgn = -1
	}
	cs := s.cand[:0]
	alpha, d, st, lb, ub := s.alpha, s.d, s.st, s.lb, s.ub
	for _, j := range s.nz {
		a := sgn * alpha[j]
		switch st[j] {
		case stLower:
			if a >= pivTol && lb[j] != ub[j] {
				cs = append(cs, cand{j, max(d[j], 0) / a, a})
			}
		case stUpper:
			if a <= -pivTol && lb[j] != ub[j] {
				cs = append(cs, cand{j, max(-d[j], 0) / -a, -a})
			}
		case stFree:
			if a >= pivTol || a <= -pivTol {
				cs = append(cs, cand{j, math.Abs(d[j]) / math.Abs(a), math.Abs(a)})
			}
		}
	}
	s.cand = cs
	// A candidate whose flip alone would use up the slope ends the search
	// at the latest at its Harris bound: drop candidates beyond that.
	slope := math.Abs(delta)
	stop := math.Inf(1)
	for _, cd := range cs {
		if cd.a*(ub[cd.j]-lb[cd.j]) >= slope-ptol {
			stop = min(stop, (math.Abs(d[cd.j])+s.tolD)/cd.a)
		}
	}
	if !math.IsInf(stop, 1) {
		out := 0
		for _, cd := range cs {
			if cd.ratio <= stop {
				cs[out] = cd
				out++
			}
		}
		cs = cs[:out]
	}
	// Take candidates in order of ratio (from a heap) in groups: a group is
	// every candidate within the Harris bound of those before it. Flip the
	// group if the slope stays positive, else choose the entering variable
	// from it (largest |alpha|).
	s.flipList = s.flipList[:0]
	h := candHeap(cs)
	h.init()
	for len(h) > 0 {
		thmax := math.Inf(1)
		group := s.group[:0]
		for len(h) > 0 && h[0].ratio <= thmax {
			cd := h.pop()
			group = append(group, cd)
			thmax = min(thmax, (math.Abs(s.d[cd.j])+s.tolD)/cd.a)
		}
		s.group = group
		drop, best := 0.0, 0
		for t, cd := range group {
			if cd.ratio > thmax {
				// beyond the final Harris bound: back to the heap
				h.push(cd)
				continue
			}
			drop += cd.a * (s.ub[cd.j] - s.lb[cd.j])
			if cd.a > group[best].a || group[best].ratio > thmax {
				best = t
			}
		}
		if slope-drop > ptol && !math.IsInf(drop, 1) {
			slope -= drop
			for _, cd := range group {
				if cd.ratio <= thmax {
					s.flipList = append(s.flipList, cd.j)
				}
			}
			continue
		}
		return group[best].j, len(s.flipList)
	}
	return -1, 0
}

// candHeap is a binary min-heap of candidates by ratio (ties by index).
type candHeap []cand

func (h candHeap) less(a, b int) bool {
	return h[a].ratio < h[b].ratio || (h[a].ratio == h[b].ratio && h[a].j < h[b].j)
}

func (h candHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

func (h candHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *candHeap) pop() cand {
	old := *h
	top := old[0]
	n := len(old) - 1
	old[0] = old[n]
	*h = old[:n]
	h.down(0)
	return top
}

func (h *candHeap) push(c cand) {
	*h = append(*h, c)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if !a.less(i, p) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

// primalPhase runs the primal simplex on the working costs from a primal
// feasible basis.
func (s *simplex) primalPhase() code {
	degenerate := 0
	// devex reference weights of the pricing
	if s.dw == nil {
		s.dw = make([]float64, s.nt)
	}
	for j := range s.dw {
		s.dw[j] = 1
	}
	for {
		if s.stop() {
			return cStopped
		}
		if s.needRefactor() && !s.refreshPrimal() {
			return cLostFeasibility
		}
		bland := degenerate > blandAfter
		q := s.enteringVar(bland)
		if q < 0 {
			if s.sinceRefactor > 0 {
				if !s.refreshPrimal() {
					return cLostFeasibility
				}
				continue
			}
			return cOptimal
		}
		dir := 1.0
		if s.d[q] > 0 {
			dir = -1
		}
		col := s.col2
		clear(col)
		s.setColumn(col, q, 1)
		s.f.ftran(col)
		thmax := s.harrisBound(col, dir)
		rng := s.ub[q] - s.lb[q]
		if math.IsInf(thmax, 1) && math.IsInf(rng, 1) {
			if s.sinceRefactor > 0 {
				s.rebuild()
				continue
			}
			return cUnbounded
		}
		if rng <= thmax {
			s.flipEntering(q, dir, rng, col)
			s.iter++
			degenerate = 0
			continue
		}
		r, th, leaveSt := s.harrisLeaving(col, dir, thmax, bland)
		if r < 0 {
			s.err = ErrNumerical
			return cStopped
		}
		p := s.head[r]
		rho := s.rho
		clear(rho)
		rho[r] = 1
		s.f.btran(rho)
		s.computeRow(rho)
		if math.Abs(col[r]-s.alpha[q]) > 1e-7*(1+math.Abs(col[r])) && s.sinceRefactor > 0 {
			s.rebuild()
			continue
		}
		if th <= degenerateStep {
			degenerate++
			if degenerate == perturbAfter && !s.perturbing {
				s.startPerturbation()
				degenerate = 0
			}
		} else {
			degenerate = 0
		}
		s.primalUpdate(r, p, q, dir, th, leaveSt, col)
		// the dual steepest-edge weights are not kept up to date here (it would cost an
		// ftran per iteration): the next dual phase starts them afresh
		s.pivot(r, q, col, -1, leaveSt)
		s.staleDSE = true
		if s.perturbing {
			s.expand(q)
		}
		s.iter++
	}
}

// refreshPrimal refactorises the basis and reports whether it is still
// primal feasible.
func (s *simplex) refreshPrimal() bool {
	s.rebuild()
	for _, j := range s.head {
		if s.infeas(j) != 0 {
			return false
		}
	}
	return true
}

// enteringVar chooses the primal simplex's entering variable: the largest
// reduced cost of the right sign squared over its devex weight, or with bland
// the first one of the right sign; -1 if none is beyond the tolerance.
func (s *simplex) enteringVar(bland bool) int {
	q, best := -1, 0.0
	for j := 0; j < s.nt; j++ {
		if s.pos[j] >= 0 || s.lb[j] == s.ub[j] {
			continue
		}
		dj := s.d[j]
		var v float64
		switch s.st[j] {
		case stLower:
			v = -dj
		case stUpper:
			v = dj
		case stFree:
			v = math.Abs(dj)
		}
		if v <= s.tolD {
			continue
		}
		if bland {
			return j
		}
		if v = v * v / s.dw[j]; v > best {
			q, best = j, v
		}
	}
	return q
}

// harrisBound is the first pass of the Harris ratio test: the largest step
// along dir times the entering column col that keeps every basic variable
// within its bounds widened by the primal tolerance.
func (s *simplex) harrisBound(col []float64, dir float64) float64 {
	thmax := math.Inf(1)
	for i, ai := range col {
		if ai < pivTol && ai > -pivTol {
			continue
		}
		j := s.head[i]
		dl := -dir * ai
		if dl < 0 && !math.IsInf(s.lb[j], -1) {
			thmax = min(thmax, (s.x[j]-s.lb[j]+s.tolP*(1+math.Abs(s.lb[j])))/-dl)
		} else if dl > 0 && !math.IsInf(s.ub[j], 1) {
			thmax = min(thmax, (s.ub[j]-s.x[j]+s.tolP*(1+math.Abs(s.ub[j])))/dl)
		}
	}
	return thmax
}

// flipEntering moves the entering variable q to its other bound, rng away,
// and updates the basic values.
func (s *simplex) flipEntering(q int, dir, rng float64, col []float64) {
	if s.st[q] == stLower {
		s.st[q], s.x[q] = stUpper, s.ub[q]
	} else {
		s.st[q], s.x[q] = stLower, s.lb[q]
	}
	for i, j := range s.head {
		s.x[j] -= dir * rng * col[i]
	}
}

// harrisLeaving is the second pass of the Harris ratio test: among the rows
// whose ratio is within thmax, the one of largest pivot (with bland, ties go
// to the lowest variable). It returns the row (-1 if none), the step and the
// bound the leaving variable goes to.
func (s *simplex) harrisLeaving(col []float64, dir, thmax float64, bland bool) (r int, th float64, leaveSt int8) {
	r, ra := -1, 0.0
	for i, ai := range col {
		if ai < pivTol && ai > -pivTol {
			continue
		}
		j := s.head[i]
		dl := -dir * ai
		var ratio float64
		var ls int8
		if dl < 0 && !math.IsInf(s.lb[j], -1) {
			ratio, ls = max(s.x[j]-s.lb[j], 0)/-dl, stLower
		} else if dl > 0 && !math.IsInf(s.ub[j], 1) {
			ratio, ls = max(s.ub[j]-s.x[j], 0)/dl, stUpper
		} else {
			continue
		}
		if ratio <= thmax && (math.Abs(ai) > ra || (bland && math.Abs(ai) == ra && j < s.head[r])) {
			r, ra, th, leaveSt = i, math.Abs(ai), ratio, ls
		}
	}
	return r, th, leaveSt
}

// primalUpdate makes the primal step th along dir of the basis change in which
// q, of column col, enters at row r and p leaves to its bound leaveSt, and
// updates the reduced costs and the devex weights.
func (s *simplex) primalUpdate(r, p, q int, dir, th float64, leaveSt int8, col []float64) {
	target := s.lb[p]
	if leaveSt == stUpper {
		target = s.ub[p]
	}
	for i, j := range s.head {
		if col[i] != 0 {
			s.x[j] -= dir * th * col[i]
		}
	}
	s.x[q] += dir * th
	s.x[p] = target
	thd := s.d[q] / col[r]
	for _, j := range s.nz {
		s.d[j] -= thd * s.alpha[j]
	}
	// devex: weights of the nonbasic variables, and of the leaving one
	wq, ar := s.dw[q], col[r]
	for _, j := range s.nz {
		if k := s.alpha[j] / ar; k*k*wq > s.dw[j] {
			s.dw[j] = k * k * wq
		}
	}
	s.dw[p] = max(wq/(ar*ar), 1)
	if s.dw[p] > 1e6 || wq > 1e6 {
		for j := range s.dw {
			s.dw[j] = 1
		}
	}
	s.d[q] = 0
	s.d[p] = -thd
}

// startPerturbation makes the primal simplex expand, by small random amounts, the bounds of
// every basic variable and of every variable that enters the basis from now on. Expanding
// the bounds of a basic variable keeps the basis primal feasible and separates the ties that
// make degenerate pivots.
func (s *simplex) startPerturbation() {
	s.perturbing = true
	if s.lb0 == nil {
		s.lb0 = make([]float64, s.nt)
		s.ub0 = make([]float64, s.nt)
		s.isExpanded = make([]bool, s.nt)
		s.prng = 0x2545f4914f6cdd1d
	}
	for _, j := range s.head {
		s.expand(j)
	}
}

// expand expands the finite bounds of j, once.
func (s *simplex) expand(j int) {
	if s.isExpanded[j] || s.lb[j] == s.ub[j] {
		return
	}
	s.isExpanded[j] = true
	s.expanded = append(s.expanded, j)
	s.lb0[j], s.ub0[j] = s.lb[j], s.ub[j]
	for _, b := range []*float64{&s.lb[j], &s.ub[j]} {
		if math.IsInf(*b, 0) {
			continue
		}
		s.prng ^= s.prng << 13
		s.prng ^= s.prng >> 7
		s.prng ^= s.prng << 17
		u := float64(s.prng>>11) / (1 << 53)
		xi := pertBound * (1 + math.Abs(*b)) * (1 + u)
		if b == &s.lb[j] {
			*b -= xi
		} else {
			*b += xi
		}
	}
}

// endPerturbation restores the true bounds, moves the nonbasic variables onto them and
// recomputes the basic variables. It reports whether the basis is still primal feasible.
func (s *simplex) endPerturbation() bool {
	if !s.perturbing {
		return true
	}
	s.perturbing = false
	for _, j := range s.expanded {
		s.lb[j], s.ub[j] = s.lb0[j], s.ub0[j]
		s.isExpanded[j] = false
		if s.pos[j] < 0 {
			switch s.st[j] {
			case stLower:
				s.x[j] = s.lb[j]
			case stUpper:
				s.x[j] = s.ub[j]
			}
		}
	}
	s.expanded = s.expanded[:0]
	s.computePrimal()
	for _, j := range s.head {
		if s.infeas(j) != 0 {
			return false
		}
	}
	return true
}

// run drives the phases. It returns the final status.
func (s *simplex) run() Status {
	s.start(s.startBasis)
	for round := 0; round < 20; round++ {
		switch s.dualPhase() {
		case cInfeasible:
			return Infeasible
		case cStopped:
			return Stopped
		}
		// Optimal for the working costs: restore the true costs.
		copy(s.cw, s.c)
		s.computeDual()
		c := s.primalPhase()
		if !s.endPerturbation() && c == cOptimal {
			c = cLostFeasibility // optimal for the expanded bounds only: clean up
		}
		switch c {
		case cOptimal:
			return Optimal
		case cUnbounded:
			return Unbounded
		case cStopped:
			return Stopped
		}
		// lost primal feasibility: back to the dual with shifted costs
		if s.makeDualFeasible() {
			s.computePrimal()
		}
	}
	s.err = ErrNumerical
	return Stopped
}

// testRefactorEvery overrides the refactorisation interval in tests.
var testRefactorEvery = 0
