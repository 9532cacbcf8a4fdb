package lp

import (
	"context"
	"errors"
	"math"
	"testing"
)

// byteSource hands out fuzz bytes, then zeros.
type byteSource []byte

func (b *byteSource) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

// fuzzProblem builds a problem and a point x0 that satisfies it.
func fuzzProblem(data []byte) (*Problem, []float64, int) {
	src := byteSource(data)
	var p Problem
	n := 1 + src.next()%7
	m := src.next() % 7
	maxIter := src.next() % 8 // 0 means default
	x0 := make([]float64, n)
	for j := 0; j < n; j++ {
		t := src.next()
		v := float64(src.next()%9 - 4)
		lo, hi := math.Inf(-1), math.Inf(1)
		switch t % 5 {
		case 0:
			lo = v - float64(t/5%3)
		case 1:
			hi = v + float64(t/5%3)
		case 2:
			lo, hi = v-float64(t/5%3), v+float64(t/15%3)
		case 3:
			lo, hi = v, v
		}
		x0[j] = v
		p.AddVar(lo, hi, float64(src.next()%11-5))
	}
	for i := 0; i < m; i++ {
		var idx []int
		var val []float64
		act := 0.0
		for j := 0; j < n; j++ {
			a := float64(src.next()%7 - 3)
			if a != 0 {
				idx = append(idx, j)
				val = append(val, a)
				act += a * x0[j]
			}
		}
		t := src.next()
		lo, hi := math.Inf(-1), math.Inf(1)
		switch t % 4 {
		case 0:
			lo = act - float64(t/4%3)
		case 1:
			hi = act + float64(t/4%3)
		case 2:
			lo, hi = act, act
		case 3:
			lo, hi = act-float64(t/4%3), act+float64(t/16%3)
		}
		p.AddRow(lo, hi, idx, val)
	}
	return &p, x0, maxIter
}

func FuzzSolve(f *testing.F) {
	f.Add([]byte{3, 2, 0, 0, 1, 4, 0, 3, 2, 1, 5, 2, 5, 1, 4, 2, 3, 1, 0, 6})
	f.Add([]byte{6, 6, 3, 2, 8, 1, 1, 0, 9, 4, 4, 3, 7, 2, 1, 0, 0, 5, 6, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{1, 0, 0, 4, 4, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, x0, maxIter := fuzzProblem(data)
		res, err := Solve(context.Background(), p, Options{MaxIterations: maxIter})
		obj0 := checkAgainstFeasible(t, p, x0, res, err)
		if err == nil {
			checkOptimal(t, p, res)
			if res.Objective > obj0+1e-6*(1+math.Abs(obj0)) {
				t.Fatalf("Objective = %g above feasible x0's %g", res.Objective, obj0)
			}
		}
	})
}

// checkAgainstFeasible checks a Solve result against x0, a feasible point of p: the problem is
// not infeasible, and the bound is not above x0's objective, which it returns.
func checkAgainstFeasible(t *testing.T, p *Problem, x0 []float64, res *Result, err error) float64 {
	t.Helper()
	obj0 := 0.0
	for j, v := range x0 {
		obj0 += p.cost[j] * v
	}
	if errors.Is(err, ErrInfeasible) {
		t.Fatalf("Solve() err = %v, but x0 = %v is feasible", err, x0)
	}
	if res == nil {
		t.Fatalf("Solve() = nil, %v", err)
	}
	if res.Bound > obj0+1e-6*(1+math.Abs(obj0)) {
		t.Fatalf("Bound = %g above the objective %g of feasible x0 = %v (err %v)", res.Bound, obj0, x0, err)
	}
	return obj0
}
