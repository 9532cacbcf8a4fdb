package lp_test

import (
	"context"
	"fmt"
	"math"

	"github.com/deskplan/deskplan/solver/lp"
)

// Cover two time slots with staff at least cost: an early shift covers
// slot 0, a late shift slot 1 and a long shift both.
func Example() {
	inf := math.Inf(1)
	var p lp.Problem
	early := p.AddVar(0, inf, 4)
	late := p.AddVar(0, inf, 4)
	long := p.AddVar(0, inf, 7)
	p.AddRow(3, inf, []int{early, long}, []float64{1, 1}) // slot 0 needs 3
	p.AddRow(2, inf, []int{late, long}, []float64{1, 1})  // slot 1 needs 2

	res, err := lp.Solve(context.Background(), &p, lp.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("cost %.4g, bound %.4g\n", res.Objective, res.Bound)
	fmt.Printf("early %.4g, late %.4g, long %.4g\n", res.X[early], res.X[late], res.X[long])
	fmt.Printf("slot prices %.4g %.4g\n", res.Duals[0], res.Duals[1])
	// Output:
	// cost 18, bound 18
	// early 1, late 0, long 2
	// slot prices 4 3
}

// Column generation re-solves a master problem after adding columns: starting from the last
// basis, the simplex only has to bring the new columns in.
func ExampleOptions_start() {
	inf := math.Inf(1)
	var p lp.Problem
	// cover three slots, each needing 2 staff; a slack per slot costs 10 a person short
	for range 3 {
		p.AddRow(2, inf, nil, nil)
	}
	for i := range 3 {
		p.AddCol(0, inf, 10, []int{i}, []float64{1})
	}
	res, err := lp.Solve(context.Background(), &p, lp.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("slacks only: cost %.4g, slot prices %.4g\n", res.Objective, res.Duals)

	// pricing found two shifts: slots 0-1 and slots 1-2, at cost 3 each
	p.AddCol(0, inf, 3, []int{0, 1}, []float64{1, 1})
	p.AddCol(0, inf, 3, []int{1, 2}, []float64{1, 1})
	res, err = lp.Solve(context.Background(), &p, lp.Options{Start: res.Basis})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("with shifts: cost %.4g after %d iterations\n", res.Objective, res.Iterations)
	fmt.Println("basis of the shifts:", res.Basis.Vars[3:])
	// Output:
	// slacks only: cost 60, slot prices [10 10 10]
	// with shifts: cost 12 after 3 iterations
	// basis of the shifts: [basic basic]
}
