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
//	res, err := lp.Solve(ctx, &p, lp.Options{})
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
// original costs are restored and a primal simplex (devex pricing, Harris
// ratio test; after 10 degenerate pivots in a row it expands the bounds of
// the basic variables, and of those that enter later, by small random
// amounts, and after 50 more Bland's rule takes over) finishes the solve or
// proves the problem unbounded. Expanded bounds are restored at the end of
// the primal simplex; if that leaves the basis primal infeasible, the dual
// simplex cleans up and the primal simplex runs again. Infeasibility is
// proved by a row of the dual simplex that no entering variable and no
// bound flip can make feasible, confirmed on a fresh factorisation.
//
// The basis inverse is kept in product form (an eta file). It is
// recomputed from scratch every 100 updates or when the eta file has grown
// threefold, by a sparse LU factorisation of the basis (right-looking
// Gaussian elimination; pivots chosen by Markowitz count among the columns
// of fewest entries, singletons first, with a threshold of 0.1 relative to
// the column), whose factors are stored as etas; columns without an
// acceptable pivot (below 1e-7) are dependent and replaced by logicals.
// Updates append one eta per basis change.
//
// # Warm start
//
// Options.Start makes the simplex start from a given basis instead of the
// all-logical one, typically the Result.Basis of an earlier solve of a
// problem that has since changed: variables added (AddVar, AddCol; they
// start nonbasic at their lower bound, as does any variable the basis does
// not list), bounds of rows or variables changed ([Problem.SetRowBounds],
// [Problem.SetVarBounds]), costs changed ([Problem.SetCost]); rows added
// after the basis was taken start with their logical basic. Solve
// factorises the basic columns of the start basis as refactorisation does
// (dependent ones become nonbasic and logicals fill the missing positions,
// so a basis with too many, too few or singular basic columns is repaired),
// puts every nonbasic variable at the bound its status names (at the other
// bound, or at zero, when that one is infinite), computes the basic
// variables, and proceeds as from the all-logical basis: bound flips and
// cost shifts make the start dual feasible, the dual simplex makes it
// primal feasible, the true costs are restored and the primal simplex
// finishes. The common cases thus take the short path. After changed row
// bounds the start stays dual feasible and the dual simplex alone
// re-optimises. After added columns the start stays primal feasible, the
// cost shifts concern only new columns of negative reduced cost, the dual
// phase has nothing to do and the primal simplex re-optimises. The start
// changes the path only: the status, the optimal value (up to degeneracy,
// not always the same optimal vertex) and the validity of Result.Bound are
// those of a cold solve, and the solve stays deterministic. Solve keeps no
// state between calls: a warm start costs one factorisation of the start
// basis and nothing else.
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
// 5e-7*(1+|c_j|)*(1+u), and a bound expansion of the primal simplex
// 1e-6*(1+|bound|)*(1+u), u uniform in [0,1) from fixed-seed generators, so
// solves are deterministic. A primal step below 1e-11 counts as
// degenerate.
//
// Solve panics only on programmer errors (index out of range, mismatched
// slice lengths in the builder); properties of the data (infeasible,
// unbounded, NaN coefficients) are reported as errors.
package lp
