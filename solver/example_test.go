package solver_test

import (
	"context"
	"fmt"

	"github.com/deskplan/deskplan/solver"
)

// A desk open five days with an early (e) and a late (l) shift, each wanting one person on
// duty, and four staff who may work at most three days in the week, one of them a mentor. A cover rule wants the mentor kind on duty on Monday's early shift. The search is
// bounded by counted moves (MaxIterations), not by the clock, so the same seed gives the same
// roster on any machine.
func ExampleSolve() {
	const mentor = 1 << 0
	m := &solver.Model{Days: 5, Types: []string{"early", "late"}}
	m.Options = make([][]solver.Option, m.Days)
	for d := range m.Days {
		for t, start := range []int{7*60 + 30, 13*60 + 30} {
			m.Cells = append(m.Cells, solver.Cell{
				Name:    fmt.Sprintf("day %d %s", d, m.Types[t]),
				Penalty: solver.Linear(1, 10, 2), // 10 per person short, 2 per person over
			})
			m.Options[d] = append(m.Options[d], solver.Option{Type: t, Start: start, Length: 360,
				Cover: []solver.Coverage{{Cell: len(m.Cells) - 1, Coef: 1}}})
		}
	}
	for w := range 4 {
		wk := solver.Worker{Name: fmt.Sprintf("p%d", w+1), Weight: 1, MaxDaysPerWeek: 3}
		if w == 0 {
			wk.Kinds = mentor
		}
		m.Workers = append(m.Workers, wk)
	}
	m.Covers = []solver.CoverRule{{Name: "mentor on Monday morning", Cells: []int{0}, Kinds: mentor, Min: 1}}

	sol, err := solver.Solve(context.Background(), m, solver.Options{Seed: 1, MaxIterations: 200})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("objective %g, gap %g, feasible %v\n", sol.Objective, sol.Gap(), sol.Feasible)
	fmt.Println("    Mon Tue Wed Thu Fri")
	for w, row := range sol.Assign {
		fmt.Print(m.Workers[w].Name)
		for _, o := range row {
			if o == solver.Off {
				fmt.Print("   -")
			} else {
				fmt.Print("   ", m.Types[o][:1])
			}
		}
		fmt.Println()
	}
	// Output:
	// objective 0, gap 0, feasible true
	//     Mon Tue Wed Thu Fri
	// p1   e   l   -   -   -
	// p2   -   -   e   e   e
	// p3   -   -   l   l   l
	// p4   l   e   -   -   -
}
