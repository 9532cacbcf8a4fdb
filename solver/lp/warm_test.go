package lp

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// restrict returns the problem made of the first nv variables and nr rows of p.
func restrict(p *Problem, nv, nr int) *Problem {
	var q Problem
	for j := 0; j < nv; j++ {
		q.AddVar(p.lo[j], p.hi[j], p.cost[j])
	}
	for i := 0; i < nr; i++ {
		q.AddRow(p.rlo[i], p.rhi[i], nil, nil)
	}
	for k, j := range p.ej {
		if j < nv && p.ei[k] < nr {
			q.ei = append(q.ei, p.ei[k])
			q.ej = append(q.ej, j)
			q.ev = append(q.ev, p.ev[k])
		}
	}
	return &q
}

// clone returns a deep copy of p.
func clone(p *Problem) *Problem {
	return &Problem{
		lo: slices.Clone(p.lo), hi: slices.Clone(p.hi), cost: slices.Clone(p.cost),
		rlo: slices.Clone(p.rlo), rhi: slices.Clone(p.rhi),
		ei: slices.Clone(p.ei), ej: slices.Clone(p.ej), ev: slices.Clone(p.ev),
	}
}

// sameOutcome checks that the warm-started solve of p agrees with a cold one.
func sameOutcome(t *testing.T, name string, p *Problem, warm *Result, werr error) {
	t.Helper()
	cold, cerr := Solve(context.Background(), p, Options{})
	switch {
	case cerr == nil && werr == nil:
		if math.Abs(cold.Objective-warm.Objective) > 1e-6*(1+math.Abs(cold.Objective)) {
			t.Errorf("%s: warm objective %.10g, cold %.10g", name, warm.Objective, cold.Objective)
		}
		checkOptimal(t, p, warm)
		checkBasis(t, name, p, warm.Basis)
	case errors.Is(cerr, ErrInfeasible) || errors.Is(cerr, ErrUnbounded):
		if !errors.Is(werr, cerr) {
			t.Errorf("%s: warm err = %v, cold %v", name, werr, cerr)
		}
	default:
		t.Errorf("%s: warm err = %v, cold err = %v", name, werr, cerr)
	}
	if cerr == nil && warm != nil && warm.Bound > cold.Objective+1e-6*(1+math.Abs(cold.Objective)) {
		t.Errorf("%s: warm Bound %.10g above the optimum %.10g", name, warm.Bound, cold.Objective)
	}
}

// checkBasis checks that b is a basis of p: one status per variable and row, m basic, and
// nonbasic variables at finite bounds (zero only for free variables).
func checkBasis(t *testing.T, name string, p *Problem, b *Basis) {
	t.Helper()
	if b == nil || len(b.Vars) != p.NumVars() || len(b.Rows) != p.NumRows() {
		t.Fatalf("%s: basis %v does not fit %d variables and %d rows", name, b, p.NumVars(), p.NumRows())
	}
	basic := 0
	check := func(what string, k int, v VarStatus, lo, hi float64) {
		switch v {
		case Basic:
			basic++
		case AtLower:
			if math.IsInf(lo, -1) {
				t.Errorf("%s: %s %d at an infinite lower bound", name, what, k)
			}
		case AtUpper:
			if math.IsInf(hi, 1) {
				t.Errorf("%s: %s %d at an infinite upper bound", name, what, k)
			}
		case AtZero:
			if !math.IsInf(lo, -1) || !math.IsInf(hi, 1) {
				t.Errorf("%s: %s %d at zero but not free: [%g, %g]", name, what, k, lo, hi)
			}
		}
	}
	for j, v := range b.Vars {
		check("variable", j, v, p.lo[j], p.hi[j])
	}
	for i, v := range b.Rows {
		check("row", i, v, p.rlo[i], p.rhi[i])
	}
	if basic != p.NumRows() {
		t.Errorf("%s: %d basic, want %d", name, basic, p.NumRows())
	}
}

// TestWarmStartOptimalBasis re-solves every small case from its own optimal basis: no pivot
// is needed.
func TestWarmStartOptimalBasis(t *testing.T) {
	for _, tc := range smallCases {
		if tc.err != nil {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			p := tc.problem()
			res, err := Solve(context.Background(), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkBasis(t, "cold", p, res.Basis)
			warm, err := Solve(context.Background(), p, Options{Start: res.Basis})
			if err != nil {
				t.Fatalf("Solve(Start: optimal basis) err = %v", err)
			}
			if warm.Iterations != 0 {
				t.Errorf("Solve(Start: optimal basis) took %d iterations, want 0", warm.Iterations)
			}
			if !slices.Equal(warm.Basis.Vars, res.Basis.Vars) || !slices.Equal(warm.Basis.Rows, res.Basis.Rows) {
				t.Errorf("Solve(Start: optimal basis).Basis = %v, want %v", warm.Basis, res.Basis)
			}
			sameOutcome(t, tc.name, p, warm, err)
		})
	}
}

// modification changes p (built from rng) after its first solve; the warm start reuses
// the basis of that solve.
type modification struct {
	name string
	// apply returns the problem to solve first and the modified problem.
	apply func(rng *rand.Rand, p *Problem) (first, second *Problem)
}

var modifications = []modification{
	{"add columns", func(rng *rand.Rand, p *Problem) (*Problem, *Problem) {
		return restrict(p, rng.IntN(p.NumVars()+1), p.NumRows()), p
	}},
	{"add rows", func(rng *rand.Rand, p *Problem) (*Problem, *Problem) {
		return restrict(p, p.NumVars(), rng.IntN(p.NumRows()+1)), p
	}},
	{"add columns and rows", func(rng *rand.Rand, p *Problem) (*Problem, *Problem) {
		return restrict(p, rng.IntN(p.NumVars()+1), rng.IntN(p.NumRows()+1)), p
	}},
	{"row bounds", func(rng *rand.Rand, p *Problem) (*Problem, *Problem) {
		q := clone(p)
		for i := range q.rlo {
			if rng.IntN(3) > 0 {
				continue
			}
			d := float64(rng.IntN(5) - 2)
			lo, hi := q.rlo[i]+d, q.rhi[i]+d
			if rng.IntN(4) == 0 { // an equality, as a dive makes
				if math.IsInf(hi, 1) {
					hi = lo
				} else {
					lo = hi
				}
			}
			q.SetRowBounds(i, lo, hi)
		}
		return p, q
	}},
	{"variable bounds", func(rng *rand.Rand, p *Problem) (*Problem, *Problem) {
		q := clone(p)
		for j := range q.lo {
			switch rng.IntN(5) {
			case 0:
				v := float64(rng.IntN(5) - 2)
				q.SetVarBounds(j, v, v) // fixed, as a dive does
			case 1:
				q.SetVarBounds(j, math.Inf(-1), q.hi[j])
			case 2:
				if !math.IsInf(q.lo[j], -1) {
					q.SetVarBounds(j, q.lo[j], q.lo[j]+float64(rng.IntN(3)))
				}
			}
		}
		return p, q
	}},
	{"costs", func(rng *rand.Rand, p *Problem) (*Problem, *Problem) {
		q := clone(p)
		for j := range q.cost {
			if rng.IntN(2) == 0 {
				q.SetCost(j, float64(rng.IntN(11)-5))
			}
		}
		return p, q
	}},
}

func TestWarmStartRandom(t *testing.T) {
	count := 300
	if testing.Short() {
		count = 80
	}
	for _, md := range modifications {
		t.Run(md.name, func(t *testing.T) {
			for seed := uint64(1); seed <= uint64(count); seed++ {
				rng := rand.New(rand.NewPCG(seed, 5))
				p := randomProblem(rng, 30, 20)
				first, second := md.apply(rng, p)
				res, err := Solve(context.Background(), first, Options{})
				if res == nil {
					t.Fatalf("seed %d: Solve(first) = nil, %v", seed, err)
				}
				checkBasis(t, "first", first, res.Basis)
				warm, werr := Solve(context.Background(), second, Options{Start: res.Basis})
				sameOutcome(t, "seed "+itoa(seed), second, warm, werr)
				again, _ := Solve(context.Background(), second, Options{Start: res.Basis})
				if werr == nil && !slices.Equal(again.X, warm.X) {
					t.Errorf("seed %d: two warm solves differ: %v, %v", seed, warm.X, again.X)
				}
			}
		})
	}
}

// TestWarmStartGarbage starts from random statuses: too many or too few basic variables,
// nonbasic at infinite bounds, dependent basic columns.
func TestWarmStartGarbage(t *testing.T) {
	count := 300
	if testing.Short() {
		count = 80
	}
	for seed := uint64(1); seed <= uint64(count); seed++ {
		rng := rand.New(rand.NewPCG(seed, 6))
		p := randomProblem(rng, 30, 20)
		if seed%3 == 0 && p.NumVars() > 0 {
			// a duplicate column: basic with its original, the basis is singular
			j := rng.IntN(p.NumVars())
			var rows []int
			var vals []float64
			for k, jj := range p.ej {
				if jj == j {
					rows = append(rows, p.ei[k])
					vals = append(vals, p.ev[k])
				}
			}
			p.AddCol(p.lo[j], p.hi[j], p.cost[j], rows, vals)
		}
		b := &Basis{Vars: make([]VarStatus, rng.IntN(p.NumVars()+1)), Rows: make([]VarStatus, rng.IntN(p.NumRows()+1))}
		for j := range b.Vars {
			b.Vars[j] = VarStatus(rng.IntN(4))
		}
		for i := range b.Rows {
			b.Rows[i] = VarStatus(rng.IntN(4))
		}
		if seed%3 == 0 && len(b.Vars) == p.NumVars() {
			b.Vars[len(b.Vars)-1] = Basic
		}
		warm, err := Solve(context.Background(), p, Options{Start: b})
		sameOutcome(t, "seed "+itoa(seed), p, warm, err)
	}
}

// TestWarmStartStructured replays a column generation and a dive on the covering and roster
// problems: each re-solve starts from the last basis.
func TestWarmStartStructured(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    *Problem
	}{
		{"covering", coveringProblem(4, 600, 250)},
		{"roster", rosterProblem(4, 6, 7, 8)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seq := cgSequence(tc.p, 40)
			var start *Basis
			for k, p := range seq {
				res, err := Solve(context.Background(), p, Options{Start: start})
				sameOutcome(t, "step "+itoa(uint64(k)), p, res, err)
				if err != nil {
					return
				}
				start = res.Basis
			}
			// dive: fix variables one at a time, as rounding heuristics do
			p := clone(tc.p)
			res, err := Solve(context.Background(), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 1))
			for step := 0; step < 10; step++ {
				j := rng.IntN(p.NumVars())
				v := math.Min(math.Round(res.X[j]+0.5), p.hi[j])
				p.SetVarBounds(j, v, v)
				warm, werr := Solve(context.Background(), p, Options{Start: res.Basis})
				sameOutcome(t, "dive step "+itoa(uint64(step)), p, warm, werr)
				if werr != nil {
					return
				}
				res = warm
			}
		})
	}
}

// cgSequence returns the problems of a column generation over the columns of p: the first
// keeps the columns that have a single entry (slacks), each next one adds up to batch of the
// columns that price out at the optimal duals of the one before, the last is p restricted to
// the columns needed.
func cgSequence(p *Problem, batch int) []*Problem {
	cols := columnsOf(p)
	var order []int // variables in the order they enter
	in := make([]bool, p.NumVars())
	for j, c := range cols {
		if len(c.rows) == 1 {
			order = append(order, j)
			in[j] = true
		}
	}
	var seq []*Problem
	for {
		q := subset(p, cols, order)
		seq = append(seq, q)
		res, err := Solve(context.Background(), q, Options{})
		if err != nil {
			return seq
		}
		type priced struct {
			j int
			d float64
		}
		var neg []priced
		for j, c := range cols {
			if in[j] {
				continue
			}
			d := p.cost[j]
			for k, i := range c.rows {
				d -= c.vals[k] * res.Duals[i]
			}
			if d < -1e-7 {
				neg = append(neg, priced{j, d})
			}
		}
		if len(neg) == 0 {
			return seq
		}
		slices.SortStableFunc(neg, func(a, b priced) int {
			if a.d < b.d {
				return -1
			}
			if a.d > b.d {
				return 1
			}
			return 0
		})
		for _, pc := range neg[:min(batch, len(neg))] {
			order = append(order, pc.j)
			in[pc.j] = true
		}
	}
}

type column struct {
	rows []int
	vals []float64
}

func columnsOf(p *Problem) []column {
	cols := make([]column, p.NumVars())
	for k, j := range p.ej {
		cols[j].rows = append(cols[j].rows, p.ei[k])
		cols[j].vals = append(cols[j].vals, p.ev[k])
	}
	return cols
}

// subset returns the problem with all rows of p and its variables listed in order.
func subset(p *Problem, cols []column, order []int) *Problem {
	var q Problem
	for i := range p.rlo {
		q.AddRow(p.rlo[i], p.rhi[i], nil, nil)
	}
	for _, j := range order {
		q.AddCol(p.lo[j], p.hi[j], p.cost[j], cols[j].rows, cols[j].vals)
	}
	return &q
}

func TestWarmStartInvalid(t *testing.T) {
	var p Problem
	p.AddVar(0, 1, 1)
	p.AddRow(0, 1, []int{0}, []float64{1})
	for _, b := range []*Basis{
		{Vars: make([]VarStatus, 2)},
		{Rows: make([]VarStatus, 2)},
		{Vars: []VarStatus{Basic + 1}},
		{Rows: []VarStatus{-1}},
	} {
		if _, err := Solve(context.Background(), &p, Options{Start: b}); !errors.Is(err, ErrInvalid) {
			t.Errorf("Solve(Start: %v) err = %v, want %v", b, err, ErrInvalid)
		}
	}
}

func FuzzWarmStart(f *testing.F) {
	f.Add([]byte{3, 2, 0, 0, 1, 4, 0, 3, 2, 1, 5, 2, 5, 1, 4, 2, 3, 1, 0, 6}, []byte{3, 0, 1, 3, 3, 2, 0})
	f.Add([]byte{6, 6, 3, 2, 8, 1, 1, 0, 9, 4, 4, 3, 7, 2, 1, 0, 0, 5, 6, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9}, []byte{9, 3, 3, 3, 3, 3, 3, 3, 3})
	f.Add([]byte{1, 0, 0, 4, 4, 0}, []byte{})
	f.Fuzz(func(t *testing.T, data, basis []byte) {
		p, x0, maxIter := fuzzProblem(data)
		src := byteSource(basis)
		b := &Basis{Vars: make([]VarStatus, src.next()%(p.NumVars()+1)), Rows: make([]VarStatus, src.next()%(p.NumRows()+1))}
		for j := range b.Vars {
			b.Vars[j] = VarStatus(src.next() % 4)
		}
		for i := range b.Rows {
			b.Rows[i] = VarStatus(src.next() % 4)
		}
		res, err := Solve(context.Background(), p, Options{MaxIterations: maxIter, Start: b})
		checkAgainstFeasible(t, p, x0, res, err)
		if err == nil {
			checkOptimal(t, p, res)
			checkBasis(t, "warm", p, res.Basis)
			cold, cerr := Solve(context.Background(), p, Options{})
			if cerr == nil && math.Abs(cold.Objective-res.Objective) > 1e-6*(1+math.Abs(cold.Objective)) {
				t.Fatalf("warm objective %g, cold %g", res.Objective, cold.Objective)
			}
		}
	})
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }
