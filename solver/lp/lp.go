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

// SetVarBounds sets the bounds of variable j. It panics if j is out of
// range.
func (p *Problem) SetVarBounds(j int, lo, hi float64) {
	p.lo[j], p.hi[j] = lo, hi
}

// SetCost sets the objective coefficient of variable j. It panics if j is
// out of range.
func (p *Problem) SetCost(j int, cost float64) {
	p.cost[j] = cost
}

// SetRowBounds sets the bounds of row i. It panics if i is out of range.
func (p *Problem) SetRowBounds(i int, lo, hi float64) {
	p.rlo[i], p.rhi[i] = lo, hi
}

// NumVars returns the number of variables.
func (p *Problem) NumVars() int { return len(p.lo) }

// NumRows returns the number of rows.
func (p *Problem) NumRows() int { return len(p.rlo) }

// Options tunes Solve. The zero value, or a zero field, means the default.
type Options struct {
	// MaxIterations limits simplex iterations; default 20*(rows+vars)+10000.
	MaxIterations int
	// PrimalTol is the (relative) primal feasibility tolerance; default 1e-9.
	PrimalTol float64
	// DualTol is the (absolute) dual feasibility (optimality) tolerance;
	// default 1e-9.
	DualTol float64
	// Start, if not nil, is the basis the simplex starts from instead of
	// the all-logical one: usually Result.Basis of an earlier solve of a
	// related problem (see "Warm start" in the package documentation).
	// Solve does not modify it.
	Start *Basis
}

// VarStatus is the status of a variable, or of a row's logical variable,
// in a simplex basis.
type VarStatus int8

const (
	// AtLower: nonbasic at its lower bound. It is the zero value, so
	// variables that a Basis does not list start there.
	AtLower VarStatus = iota
	// AtUpper: nonbasic at its upper bound.
	AtUpper
	// AtZero: nonbasic at zero (a free variable).
	AtZero
	// Basic: in the basis.
	Basic
)

func (v VarStatus) String() string {
	switch v {
	case AtLower:
		return "lower"
	case AtUpper:
		return "upper"
	case AtZero:
		return "zero"
	case Basic:
		return "basic"
	}
	return fmt.Sprintf("VarStatus(%d)", int(v))
}

// Basis is a simplex basis: the status of every variable and of every
// row's logical variable s_i = a_i x (AtLower: the row is at its lower
// bound rlo_i). A basis of a problem with m rows has m Basic entries, and
// Solve reports a nonbasic fixed variable or equality row as AtLower. As a
// start basis (Options.Start) any statuses are accepted and repaired.
type Basis struct {
	Vars []VarStatus // per variable
	Rows []VarStatus // per row
}

// Clone returns a deep copy of b (nil if b is nil).
func (b *Basis) Clone() *Basis {
	if b == nil {
		return nil
	}
	return &Basis{Vars: append([]VarStatus(nil), b.Vars...), Rows: append([]VarStatus(nil), b.Rows...)}
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
	// Basis is the final basis of the simplex, whatever the status (nil
	// only when the problem was rejected before the simplex ran: invalid,
	// or a variable or row with lower bound above upper). Pass it as
	// Options.Start to re-solve a modified problem.
	Basis *Basis
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

func (b *Basis) validate(p *Problem) error {
	if len(b.Vars) > len(p.lo) || len(b.Rows) > len(p.rlo) {
		return fmt.Errorf("%w: start basis has %d variables and %d rows, the problem %d and %d",
			ErrInvalid, len(b.Vars), len(b.Rows), len(p.lo), len(p.rlo))
	}
	for _, s := range [2][]VarStatus{b.Vars, b.Rows} {
		for k, v := range s {
			if v < AtLower || v > Basic {
				return fmt.Errorf("%w: start basis entry %d has status %v", ErrInvalid, k, v)
			}
		}
	}
	return nil
}
