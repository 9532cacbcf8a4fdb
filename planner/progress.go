package planner

import (
	"math"
	"time"
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
