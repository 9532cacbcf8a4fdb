package lp

import (
	"context"
	"math"
)

// Solve minimises the problem p with the options opt; the zero Options means the defaults.
//
// On success the status is Optimal and err is nil. Otherwise err is
// ErrInfeasible, ErrUnbounded, ErrIterationLimit, ErrNumerical, ErrInvalid
// or ctx.Err(), and the result (nil only for ErrInvalid) still carries a
// valid Bound and the iteration count. Solve does not modify p.
func Solve(ctx context.Context, p *Problem, opt Options) (*Result, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if opt.Start != nil {
		if err := opt.Start.validate(p); err != nil {
			return nil, err
		}
	}
	o := opt
	if o.PrimalTol <= 0 {
		o.PrimalTol = 1e-9
	}
	if o.DualTol <= 0 {
		o.DualTol = 1e-9
	}
	if o.MaxIterations <= 0 {
		o.MaxIterations = 20*(len(p.lo)+len(p.rlo)) + 10000
	}
	res := &Result{}
	for j := range p.lo {
		if p.lo[j] > p.hi[j] {
			res.Status, res.Bound = Infeasible, math.Inf(1)
			return res, ErrInfeasible
		}
	}
	for i := range p.rlo {
		if p.rlo[i] > p.rhi[i] {
			res.Status, res.Bound = Infeasible, math.Inf(1)
			return res, ErrInfeasible
		}
	}
	s := newSimplex(ctx, p, o)
	res.Status = s.run()
	res.Iterations = s.iter
	res.Basis = s.basis()
	switch res.Status {
	case Infeasible:
		res.Bound = math.Inf(1)
		return res, ErrInfeasible
	case Unbounded:
		res.Bound = math.Inf(-1)
		return res, ErrUnbounded
	case Stopped:
		res.Bound = max(s.bestBound, s.safeBound(s.prices(s.cw)))
		return res, s.err
	}
	// Optimal: report x, prices and reduced costs for the true costs.
	y := append([]float64(nil), s.prices(s.c)...)
	res.X = append([]float64(nil), s.x[:s.n]...)
	res.Duals = y
	res.ReducedCosts = make([]float64, s.n)
	obj := 0.0
	for j := 0; j < s.n; j++ {
		res.ReducedCosts[j] = s.c[j] - s.dot(j, y)
		obj += s.c[j] * s.x[j]
	}
	res.Objective = obj
	res.Bound = s.safeBound(append([]float64(nil), y...))
	return res, nil
}

// safeBound returns the Lagrangian bound L(y) of the package documentation,
// after repairing y so that no reduced cost has the wrong sign at an
// infinite bound, minus a bound on its rounding error. y is modified.
func (s *simplex) safeBound(y []float64) float64 {
	ymax := 0.0
	for _, v := range y {
		ymax = max(ymax, math.Abs(v))
	}
	if !s.repairPrices(y, ymax) {
		return math.Inf(-1)
	}
	return s.lagrangeValue(y, ymax)
}

const (
	// roundEps is the unit roundoff of float64.
	roundEps = 0x1p-52
	// zeroTol: a reduced cost below zeroTol*(|c_j| + |y|_inf sum_i |a_ij|)
	// in magnitude is taken as zero at an infinite bound.
	zeroTol = 1e-12
)

// priceScale returns |c_j| + ymax sum_i |a_ij|, the scale of variable j's
// reduced cost at prices of magnitude up to ymax.
func (s *simplex) priceScale(j int, ymax float64) float64 {
	t := 0.0
	for k := s.cs[j]; k < s.cs[j+1]; k++ {
		t += math.Abs(s.cv[k])
	}
	return math.Abs(s.c[j]) + ymax*t
}

// repairPrices moves the prices y, one row at a time and by as little as
// possible, so that no reduced cost or price has the wrong sign at an
// infinite bound (up to five passes); ymax is the largest |y_i| before. It
// reports false if some variable cannot be repaired.
func (s *simplex) repairPrices(y []float64, ymax float64) bool {
	n, m := s.n, s.m
	for pass := 0; pass < 5; pass++ {
		bad := false
		for i := 0; i < m; i++ {
			if (y[i] > 0 && math.IsInf(s.lb[n+i], -1)) || (y[i] < 0 && math.IsInf(s.ub[n+i], 1)) {
				y[i] = 0
			}
		}
		for j := 0; j < n; j++ {
			dj := s.c[j] - s.dot(j, y)
			tiny := zeroTol * s.priceScale(j, ymax)
			if math.Abs(dj) <= tiny {
				continue // zero up to rounding
			}
			var need float64 // sign d_j must have
			switch {
			case math.IsInf(s.lb[j], -1) && math.IsInf(s.ub[j], 1):
				need = 0
			case dj < 0 && math.IsInf(s.ub[j], 1):
				need = 1
			case dj > 0 && math.IsInf(s.lb[j], -1):
				need = -1
			default:
				continue
			}
			bad = true
			// Move the price of one row, by as little as possible, so
			// that d_j gets the needed sign and that row's price keeps a
			// sign allowed by its bounds.
			bi, best := -1, 0.0
			for k := s.cs[j]; k < s.cs[j+1]; k++ {
				i := s.ci[k]
				yi := y[i] + (dj-need*tiny)/s.cv[k]
				if (yi > 0 && math.IsInf(s.lb[n+i], -1)) || (yi < 0 && math.IsInf(s.ub[n+i], 1)) {
					continue
				}
				if a := math.Abs(s.cv[k]); a > best {
					bi, best = k, a
				}
			}
			if bi < 0 {
				return false
			}
			y[s.ci[bi]] += (dj - need*tiny) / s.cv[bi]
		}
		if !bad {
			break
		}
	}
	return true
}

// lagrangeValue returns L(y) evaluated with compensated summation, minus a
// bound on its rounding error; -Inf if a price or reduced cost meets an
// infinite bound.
func (s *simplex) lagrangeValue(y []float64, ymax float64) float64 {
	n, m := s.n, s.m
	const eps = roundEps
	var sum, comp, errb, abs float64
	add := func(t float64) {
		// Neumaier summation
		u := sum + t
		if math.Abs(sum) >= math.Abs(t) {
			comp += (sum - u) + t
		} else {
			comp += (t - u) + sum
		}
		sum = u
		abs += math.Abs(t)
	}
	for j := 0; j < n; j++ {
		dj, sj := s.c[j], math.Abs(s.c[j])
		for k := s.cs[j]; k < s.cs[j+1]; k++ {
			t := s.cv[k] * y[s.ci[k]]
			dj -= t
			sj += math.Abs(t)
		}
		var b float64
		switch {
		case dj > 0:
			b = s.lb[j]
		case dj < 0:
			b = s.ub[j]
		default:
			continue
		}
		if math.IsInf(b, 0) {
			if math.Abs(dj) <= zeroTol*s.priceScale(j, ymax) {
				continue // zero up to rounding
			}
			return math.Inf(-1)
		}
		add(dj * b)
		errb += 2 * eps * float64(s.cs[j+1]-s.cs[j]+1) * sj * math.Abs(b)
	}
	for i := 0; i < m; i++ {
		var b float64
		switch {
		case y[i] > 0:
			b = s.lb[n+i]
		case y[i] < 0:
			b = s.ub[n+i]
		default:
			continue
		}
		if math.IsInf(b, 0) {
			return math.Inf(-1)
		}
		add(y[i] * b)
	}
	total := sum + comp
	return total - errb - 4*eps*abs
}
