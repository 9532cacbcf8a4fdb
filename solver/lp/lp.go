// Package lp solves linear programs with a bounded-variable revised simplex
// method and reports a lower bound on the optimum that stays valid when the
// solve is stopped early.
//
// A problem is
//
//	minimise    c'x
//	subject to  rlo_i <= a_i x <= rhi_i   for every row i
//	            lo_j  <= x_j  <= hi_j     for every variable j
//
// where any bound may be infinite (math.Inf; bounds of magnitude 1e30 or
// more count as infinite) and a row or variable with equal bounds is an
// equality or a fixed variable. Problems are built with
// [Problem.AddVar], [Problem.AddRow] and [Problem.AddCol] and solved with
// [Solve]:
//
//	var p lp.Problem
//	x := p.AddVar(0, math.Inf(1), 2)
//	y := p.AddVar(0, math.Inf(1), 3)
//	p.AddRow(4, math.Inf(1), []int{x, y}, []float64{1, 1}) // x + y >= 4
//	res, err := lp.Solve(ctx, &p, nil)
//
// # Algorithm
//
// Every row gets a logical variable s_i = a_i x with bounds [rlo_i, rhi_i],
// so the constraints become Ax - s = 0 with bounds on all variables and the
// all-logical basis is a valid starting basis. Solve runs a dual simplex
// (dual steepest-edge pricing, bound-flipping ratio test, Harris tolerances,
// random cost perturbation against stalling) from that basis. Dual
// infeasibilities that cannot be removed by moving a variable to its other
// bound are removed by shifting costs; once the shifted problem is optimal the
// original costs are restored and a primal simplex (Dantzig pricing, Harris
// ratio test, Bland's rule after 50 degenerate pivots in a row) finishes
// the solve or proves the problem unbounded. Infeasibility is proved by a
// row of the dual simplex that no entering variable and no bound flip can
// make feasible, confirmed on a fresh factorisation. The basis inverse is
// kept in product form (an eta file), recomputed from scratch every 100
// updates or when the eta file has grown threefold; the recomputation
// orders columns by count and picks pivots with a threshold (0.1) and a
// fewest-remaining-entries rule, and replaces dependent columns by logicals.
//
// # Bound
//
// Result.Bound is the safe dual bound: for any row prices y, with reduced
// costs d = c - A'y (logical variables have reduced cost y_i),
//
//	L(y) = sum_j min(lo_j d_j, hi_j d_j) + sum_i min(rlo_i y_i, rhi_i y_i)
//
// is a lower bound on c'x for every feasible x (weak duality over the box),
// whatever the accuracy of y. Solve evaluates L with the original costs at
// the current prices. Before that it moves prices, one row at a time and by
// as little as possible, so that no reduced cost or price has the wrong sign
// at an infinite bound (a price of a row without a lower bound is set to 0
// if positive, and so on); a reduced cost within 1e-12*(|c_j| + |y|max *
// sum_i |a_ij|) of zero counts as zero there, as it cannot be told from
// zero in floating point. From the sum it subtracts a bound on the rounding
// error of its evaluation. The bound is thus valid up to that 1e-12
// relative level, whatever the solver did before; in particular it does not
// rely on the simplex having converged. The dual simplex keeps prices dual
// feasible, so a stopped solve still returns a finite bound that improves
// with the iterations, and at optimality the bound equals the optimum to
// the tolerances.
//
// # Tolerances
//
// A basic variable is feasible if it is within PrimalTol*(1+|bound|) of its
// bounds (default 1e-9); a reduced cost is optimal if its wrong-signed part
// is at most DualTol (absolute, default 1e-9). The ratio tests use Harris'
// two passes with these tolerances and reject pivots below 1e-9 in
// magnitude; refactorisation rejects pivots below 1e-7 (and replaces the
// column by a logical variable). The cost perturbation is
// 5e-7*(1+|c_j|)*(1+u), u uniform in [0,1) from a fixed-seed generator, so
// solves are deterministic.
//
// Solve panics only on programmer errors (index out of range, mismatched
// slice lengths in the builder); properties of the data (infeasible,
// unbounded, NaN coefficients) are reported as errors.
package lp

import (
	"errors"
	"fmt"
	"math"
)

// Errors returned by Solve. ErrInvalid comes wrapped with the offending
// variable, row or coefficient; compare with errors.Is.
var (
	ErrInfeasible     = errors.New("lp: problem is infeasible")
	ErrUnbounded      = errors.New("lp: problem is unbounded")
	ErrIterationLimit = errors.New("lp: iteration limit reached")
	ErrNumerical      = errors.New("lp: numerical difficulties")
	ErrInvalid        = errors.New("lp: invalid problem")
)

// Status describes the outcome of Solve.
type Status int

const (
	// Optimal: X is optimal within the tolerances and Bound is (up to the
	// tolerances) the optimal objective.
	Optimal Status = iota
	// Infeasible: no x satisfies the constraints. Bound is +Inf.
	Infeasible
	// Unbounded: the objective is unbounded below. Bound is -Inf.
	Unbounded
	// Stopped: the solve was cancelled or reached the iteration limit
	// (or gave up on numerical trouble); Bound is the best safe bound found
	// and X is not meaningful.
	Stopped
)

func (s Status) String() string {
	switch s {
	case Optimal:
		return "optimal"
	case Infeasible:
		return "infeasible"
	case Unbounded:
		return "unbounded"
	case Stopped:
		return "stopped"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Problem is a linear program under construction. The zero value is an
// empty problem ready to use. Variables and rows are numbered from 0 in the
// order they are added.
type Problem struct {
	lo, hi, cost []float64 // per variable
	rlo, rhi     []float64 // per row
	ei, ej       []int     // coefficient triplets: row, variable, value
	ev           []float64
}

// AddVar adds a variable with bounds [lo, hi] and objective coefficient
// cost and returns its index. Use math.Inf for missing bounds.
func (p *Problem) AddVar(lo, hi, cost float64) int {
	p.lo = append(p.lo, lo)
	p.hi = append(p.hi, hi)
	p.cost = append(p.cost, cost)
	return len(p.lo) - 1
}

// AddRow adds the row lo <= sum_k val[k]*x[idx[k]] <= hi and returns its
// index. Repeated indices are summed. It panics if idx and val differ in
// length or an index is not a variable.
func (p *Problem) AddRow(lo, hi float64, idx []int, val []float64) int {
	if len(idx) != len(val) {
		panic("lp: AddRow: len(idx) != len(val)")
	}
	r := len(p.rlo)
	for k, j := range idx {
		if j < 0 || j >= len(p.lo) {
			panic(fmt.Sprintf("lp: AddRow: variable %d out of range [0,%d)", j, len(p.lo)))
		}
		p.ei = append(p.ei, r)
		p.ej = append(p.ej, j)
		p.ev = append(p.ev, val[k])
	}
	p.rlo = append(p.rlo, lo)
	p.rhi = append(p.rhi, hi)
	return r
}

// AddCol adds a variable like AddVar, with coefficient vals[k] in the
// existing row rows[k], and returns its index. It panics if rows and vals
// differ in length or a row index is out of range.
func (p *Problem) AddCol(lo, hi, cost float64, rows []int, vals []float64) int {
	if len(rows) != len(vals) {
		panic("lp: AddCol: len(rows) != len(vals)")
	}
	j := p.AddVar(lo, hi, cost)
	for k, r := range rows {
		if r < 0 || r >= len(p.rlo) {
			panic(fmt.Sprintf("lp: AddCol: row %d out of range [0,%d)", r, len(p.rlo)))
		}
		p.ei = append(p.ei, r)
		p.ej = append(p.ej, j)
		p.ev = append(p.ev, vals[k])
	}
	return j
}

// NumVars returns the number of variables.
func (p *Problem) NumVars() int { return len(p.lo) }

// NumRows returns the number of rows.
func (p *Problem) NumRows() int { return len(p.rlo) }

// Options tunes Solve. A nil *Options or a zero field means the default.
type Options struct {
	// MaxIterations limits simplex iterations; default 20*(rows+vars)+10000.
	MaxIterations int
	// PrimalTol is the (relative) primal feasibility tolerance; default 1e-9.
	PrimalTol float64
	// DualTol is the (absolute) dual feasibility (optimality) tolerance;
	// default 1e-9.
	DualTol float64
}

// Result is the outcome of Solve.
type Result struct {
	Status Status
	// Objective is c'X (meaningful when Status is Optimal).
	Objective float64
	// X holds the variable values.
	X []float64
	// Duals holds the row prices y (one per row): for a minimisation, y_i >= 0
	// when row i is held at its lower bound and <= 0 at its upper bound.
	Duals []float64
	// ReducedCosts holds c_j - a_j'y per variable.
	ReducedCosts []float64
	// Iterations counts simplex iterations: basis changes, plus bound
	// flips of the entering variable in the primal simplex (the bound
	// flips inside the dual ratio test are not counted).
	Iterations int
	// Bound is a lower bound on the optimal objective, valid whatever the
	// status (see the package documentation): +Inf if infeasible, -Inf if
	// unbounded or if no finite bound is known.
	Bound float64
}

func (p *Problem) validate() error {
	bad := func(v float64) bool { return math.IsNaN(v) }
	for j := range p.lo {
		if bad(p.lo[j]) || bad(p.hi[j]) || math.IsNaN(p.cost[j]) || math.IsInf(p.cost[j], 0) {
			return fmt.Errorf("%w: variable %d has a NaN bound or a non-finite cost", ErrInvalid, j)
		}
		if math.IsInf(p.lo[j], 1) || math.IsInf(p.hi[j], -1) {
			return fmt.Errorf("%w: variable %d has bounds [%g, %g]", ErrInvalid, j, p.lo[j], p.hi[j])
		}
	}
	for i := range p.rlo {
		if bad(p.rlo[i]) || bad(p.rhi[i]) || math.IsInf(p.rlo[i], 1) || math.IsInf(p.rhi[i], -1) {
			return fmt.Errorf("%w: row %d has bounds [%g, %g]", ErrInvalid, i, p.rlo[i], p.rhi[i])
		}
	}
	for k, v := range p.ev {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: coefficient of variable %d in row %d is %g", ErrInvalid, p.ej[k], p.ei[k], v)
		}
	}
	return nil
}
