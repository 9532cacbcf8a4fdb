package planner

import (
	"math"
	"time"

	"github.com/deskplan/deskplan/solver"
)

// Progress is how far a running plan has come, in the desk's terms: the calls of the horizon,
// what the best roster found so far leaves unanswered within the target, and the share of the
// search budget spent.
type Progress struct {
	// Elapsed is the time since the optimiser started.
	Elapsed time.Duration
	// Calls is the calls forecast over the horizon, at the demand planned for.
	Calls float64
	// Objective is the optimiser's value of the best roster so far: its expected calls not
	// answered within the target plus small costs (paid hours, fairness, wishes, training);
	// +Inf before the first roster. Bound is a lower bound of the objective.
	Objective, Bound float64
	// Feasible is true once the best roster keeps every hard rule.
	Feasible bool
	// Done is the share of the search budget spent, 0 to 1: the effort, or the time limit
	// when it comes first.
	Done float64
	// Left is an estimate of the time until the search stops (0 when it cannot be told yet).
	Left time.Duration
}

// ServiceLevel is a low estimate of the share of calls the best roster so far answers within
// the target: 1 - Objective/Calls. The objective adds small costs to the calls answered late,
// so the roster's service level (Evaluate) is this or a little more. It is 0 before the first
// roster and 1 when the horizon has no calls.
func (p Progress) ServiceLevel() float64 {
	if p.Calls <= 0 {
		return 1
	}
	if math.IsInf(p.Objective, 0) || math.IsNaN(p.Objective) {
		return 0
	}
	return min(1, max(0, 1-p.Objective/p.Calls))
}

// solverProgress turns the optimiser's reports into Progress for req.Progress (nil when the
// request asks for none). calls is the horizon's forecast calls, budget the moves of all search
// goroutines (0: none) and limit the optimiser's time limit (0: none).
func solverProgress(report func(Progress), calls float64, budget int, limit time.Duration) func(solver.Progress) {
	if report == nil {
		return nil
	}
	// searchFrom is when the moves began: the reports before them (construction, bound) have
	// made none, and the time they took says nothing of the moves' pace
	searchFrom := time.Duration(-1)
	return func(sp solver.Progress) {
		p := Progress{Elapsed: sp.Elapsed, Calls: calls, Objective: sp.Objective, Bound: sp.Bound, Feasible: sp.Feasible}
		if sp.Iterations == 0 || searchFrom < 0 {
			searchFrom = sp.Elapsed
		}
		if budget > 0 {
			p.Done = min(1, float64(sp.Iterations)/float64(budget))
			if moving := sp.Elapsed - searchFrom; p.Done > 0 && moving > 0 {
				p.Left = time.Duration(float64(moving) * (1 - p.Done) / p.Done)
			}
		}
		// the time limit stops the search when it comes before the effort is spent (as far as
		// the pace of the moves tells)
		if left := max(0, limit-sp.Elapsed); limit > 0 && (budget <= 0 || (p.Left > 0 && left < p.Left)) {
			p.Done, p.Left = min(1, float64(sp.Elapsed)/float64(limit)), left
		}
		report(p)
	}
}
