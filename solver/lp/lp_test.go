package lp

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

var inf = math.Inf(1)

type row struct {
	lo, hi float64
	idx    []int
	val    []float64
}

type lpCase struct {
	name   string
	lo, hi []float64
	cost   []float64
	rows   []row
	want   float64 // optimum, if err == nil
	err    error
}

func (tc lpCase) problem() *Problem {
	var p Problem
	for j := range tc.cost {
		p.AddVar(tc.lo[j], tc.hi[j], tc.cost[j])
	}
	for _, r := range tc.rows {
		p.AddRow(r.lo, r.hi, r.idx, r.val)
	}
	return &p
}

func rep(v float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

var smallCases = []lpCase{
	{
		name: "wyndor",
		lo:   rep(0, 2), hi: rep(inf, 2), cost: []float64{-3, -5},
		rows: []row{
			{-inf, 4, []int{0}, []float64{1}},
			{-inf, 12, []int{1}, []float64{2}},
			{-inf, 18, []int{0, 1}, []float64{3, 2}},
		},
		want: -36,
	},
	{
		// Beale's example: Dantzig's rule with the textbook ratio test cycles.
		name: "beale cycling",
		lo:   rep(0, 4), hi: rep(inf, 4), cost: []float64{-0.75, 20, -0.5, 6},
		rows: []row{
			{-inf, 0, []int{0, 1, 2, 3}, []float64{0.25, -8, -1, 9}},
			{-inf, 0, []int{0, 1, 2, 3}, []float64{0.5, -12, -0.5, 3}},
			{-inf, 1, []int{2}, []float64{1}},
		},
		want: -1.25,
	},
	{
		// Degenerate: many rows tight at the optimum vertex.
		name: "degenerate vertex",
		lo:   rep(0, 3), hi: rep(inf, 3), cost: []float64{-1, -1, -1},
		rows: []row{
			{-inf, 1, []int{0, 1, 2}, []float64{1, 1, 1}},
			{-inf, 1, []int{0, 1}, []float64{1, 1}},
			{-inf, 1, []int{1, 2}, []float64{1, 1}},
			{-inf, 1, []int{0, 2}, []float64{1, 1}},
			{-inf, 1, []int{0}, []float64{1}},
		},
		want: -1,
	},
	{
		name: "covering",
		lo:   rep(0, 3), hi: rep(inf, 3), cost: []float64{2, 3, 4},
		rows: []row{
			{3, inf, []int{0, 1}, []float64{1, 1}},
			{2, inf, []int{1, 2}, []float64{1, 1}},
			{1, inf, []int{0, 2}, []float64{1, 1}},
		},
		want: 8, // x = (1, 2, 0)
	},
	{
		name: "infeasible",
		lo:   rep(0, 2), hi: rep(1, 2), cost: []float64{1, 1},
		rows: []row{{5, inf, []int{0, 1}, []float64{1, 1}}},
		err:  ErrInfeasible,
	},
	{
		name: "infeasible equalities",
		lo:   rep(-inf, 2), hi: rep(inf, 2), cost: []float64{1, 1},
		rows: []row{
			{1, 1, []int{0, 1}, []float64{1, 1}},
			{2, 2, []int{0, 1}, []float64{1, 1}},
		},
		err: ErrInfeasible,
	},
	{
		name: "infeasible bounds",
		lo:   []float64{2}, hi: []float64{1}, cost: []float64{1},
		err: ErrInfeasible,
	},
	{
		name: "unbounded",
		lo:   rep(0, 2), hi: rep(inf, 2), cost: []float64{-1, 0},
		rows: []row{{-inf, 1, []int{0, 1}, []float64{1, -1}}},
		err:  ErrUnbounded,
	},
	{
		name: "unbounded free variable",
		lo:   []float64{-inf}, hi: []float64{inf}, cost: []float64{1},
		err: ErrUnbounded,
	},
	{
		name: "equality rows",
		lo:   rep(0, 3), hi: rep(inf, 3), cost: []float64{1, 2, 3},
		rows: []row{
			{1, 1, []int{0, 1, 2}, []float64{1, 1, 1}},
			{0, 0, []int{0, 1}, []float64{1, -1}},
		},
		want: 1.5,
	},
	{
		name: "free variables",
		lo:   []float64{-inf, 1}, hi: []float64{inf, 5}, cost: []float64{1, 0},
		rows: []row{{2, 2, []int{0, 1}, []float64{1, -1}}}, // y - x = 2
		want: 3,
	},
	{
		name: "free variable pulled both ways",
		lo:   []float64{-inf, -inf}, hi: []float64{inf, inf}, cost: []float64{1, -1},
		rows: []row{
			{-3, inf, []int{0}, []float64{1}},
			{-inf, 4, []int{1}, []float64{1}},
			{-inf, 10, []int{0, 1}, []float64{-1, 1}},
		},
		want: -7,
	},
	{
		name: "fixed variable",
		lo:   []float64{2, 0}, hi: []float64{2, inf}, cost: []float64{0, -1},
		rows: []row{{-inf, 5, []int{0, 1}, []float64{1, 1}}},
		want: -3,
	},
	{
		name: "range row",
		lo:   rep(0, 2), hi: rep(inf, 2), cost: []float64{-1, -1},
		rows: []row{{2, 4, []int{0, 1}, []float64{1, 1}}},
		want: -4,
	},
	{
		name: "no rows",
		lo:   []float64{-2, 0}, hi: []float64{3, 1}, cost: []float64{1, -2},
		want: -4,
	},
	{
		name: "empty",
		want: 0,
	},
	{
		name: "upper bounded vars with negative costs",
		lo:   rep(0, 3), hi: rep(1, 3), cost: []float64{-3, -2, -4},
		rows: []row{{-inf, 2, []int{0, 1, 2}, []float64{1, 1, 1}}},
		want: -7,
	},
	{
		name: "1e30 means infinity",
		lo:   []float64{-1e30, 0}, hi: []float64{1e30, 1e30}, cost: []float64{1, 1},
		rows: []row{{-5, 1e30, []int{0, 1}, []float64{1, -1}}},
		want: -5,
	},
	{
		name: "unbounded with 1e30 bounds",
		lo:   []float64{0}, hi: []float64{1e30}, cost: []float64{-1},
		err: ErrUnbounded,
	},
	{
		name: "duplicate indices summed",
		lo:   rep(0, 1), hi: rep(inf, 1), cost: []float64{1},
		rows: []row{{4, inf, []int{0, 0}, []float64{1, 1}}},
		want: 2,
	},
}

func TestSolveSmall(t *testing.T) {
	for _, tc := range smallCases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.problem()
			res, err := Solve(context.Background(), p, Options{})
			if !errors.Is(err, tc.err) {
				t.Fatalf("Solve() err = %v, want %v", err, tc.err)
			}
			if tc.err != nil {
				return
			}
			if math.Abs(res.Objective-tc.want) > 1e-7*(1+math.Abs(tc.want)) {
				t.Errorf("Solve() objective = %.12g, want %g", res.Objective, tc.want)
			}
			checkOptimal(t, p, res)
		})
	}
}

// checkOptimal checks feasibility of res.X, the objective, and the bound.
func checkOptimal(t *testing.T, p *Problem, res *Result) {
	t.Helper()
	const tol = 1e-6
	obj := 0.0
	for j, v := range res.X {
		if v < p.lo[j]-tol || v > p.hi[j]+tol {
			t.Errorf("x[%d] = %g outside [%g, %g]", j, v, p.lo[j], p.hi[j])
		}
		obj += p.cost[j] * v
	}
	act := make([]float64, p.NumRows())
	for k, v := range p.ev {
		act[p.ei[k]] += v * res.X[p.ej[k]]
	}
	for i, a := range act {
		if a < p.rlo[i]-tol*(1+math.Abs(p.rlo[i])) || a > p.rhi[i]+tol*(1+math.Abs(p.rhi[i])) {
			t.Errorf("row %d = %g outside [%g, %g]", i, a, p.rlo[i], p.rhi[i])
		}
	}
	if math.Abs(obj-res.Objective) > tol*(1+math.Abs(obj)) {
		t.Errorf("Objective = %g, c'X = %g", res.Objective, obj)
	}
	if res.Bound > res.Objective+tol*(1+math.Abs(obj)) {
		t.Errorf("Bound = %.12g above objective %.12g", res.Bound, res.Objective)
	}
	if math.Abs(res.Bound-res.Objective) > tol*(1+math.Abs(obj)) {
		t.Errorf("Bound = %.12g, want optimum %.12g", res.Bound, res.Objective)
	}
}

// TestSolveRandomSelf solves random problems, with frequent
// refactorisation as well, and checks each optimum for feasibility, bound
// and agreement between the two runs.
func TestSolveRandomSelf(t *testing.T) {
	count := 400
	if testing.Short() {
		count = 100
	}
	for seed := uint64(1); seed <= uint64(count); seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		p := randomProblem(rng, 40, 30)
		res, err := Solve(context.Background(), p, Options{})
		testRefactorEvery = 3
		res2, err2 := Solve(context.Background(), p, Options{})
		testRefactorEvery = 0
		if !errors.Is(err2, err) {
			t.Errorf("seed %d: Solve() err = %v, with refactorisation every 3 updates %v", seed, err, err2)
			continue
		}
		if err != nil {
			continue
		}
		checkOptimal(t, p, res)
		checkOptimal(t, p, res2)
		if math.Abs(res.Objective-res2.Objective) > 1e-6*(1+math.Abs(res.Objective)) {
			t.Errorf("seed %d: objective %g, with refactorisation every 3 updates %g", seed, res.Objective, res2.Objective)
		}
	}
}

func TestSolveStopped(t *testing.T) {
	for _, p := range []*Problem{coveringProblem(3, 1400, 600), rosterProblem(3, 8, 7, 10)} {
		testStopped(t, p)
	}
}

func testStopped(t *testing.T, p *Problem) {
	full, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1, 10, 50, 200} {
		res, err := Solve(context.Background(), p, Options{MaxIterations: limit})
		if !errors.Is(err, ErrIterationLimit) || res.Status != Stopped {
			t.Fatalf("Solve(MaxIterations %d) = %v, %v, want %v", limit, res.Status, err, ErrIterationLimit)
		}
		if res.Bound > full.Objective+1e-6 || math.IsInf(res.Bound, 0) {
			t.Errorf("Solve(MaxIterations %d).Bound = %g, want finite <= optimum %g", limit, res.Bound, full.Objective)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Solve(ctx, p, Options{})
	if !errors.Is(err, context.Canceled) || res.Bound > full.Objective+1e-6 {
		t.Errorf("Solve(cancelled) = %v, bound %g, want %v, bound <= %g", err, res.Bound, context.Canceled, full.Objective)
	}
}

func TestSolveInvalid(t *testing.T) {
	var p Problem
	p.AddVar(0, 1, math.NaN())
	if _, err := Solve(context.Background(), &p, Options{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Solve(NaN cost) err = %v, want %v", err, ErrInvalid)
	}
}
