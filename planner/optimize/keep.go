package optimize

import (
	"slices"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/solver"
)

// DefaultChangeWeight is the cost of changing a person's announced day when re-planning
// against a kept roster (PlanRequest.Keep), in the unit of the main objective: calls not
// answered within the target. A change must win back more than this to be made.
const DefaultChangeWeight = 2.0

// keep adds to the model, for each person and open day of the horizon, a soft request to keep
// the kept roster's shift (or day off), of the given weight, and returns the kept roster as the
// warm start. A kept shift that is no longer possible (the person is gone, unavailable, or the
// option no longer exists) cannot be kept: the planner moves it, at that cost.
func (hm *helpdeskModel) keep(kept []planner.Shift, weight float64) [][]int {
	if weight <= 0 {
		weight = DefaultChangeWeight
	}
	d := hm.p.demand
	m := hm.m
	initial := hm.assignment(kept)
	worked := map[planner.StaffDay]bool{}
	for _, sh := range kept {
		worked[planner.StaffDay{StaffID: sh.StaffID, Date: sh.Date}] = true
	}
	for wi, s := range hm.p.ds.Staff {
		for di, day := range d.Days {
			if !d.Open[di] {
				continue
			}
			k := initial[wi][di]
			switch {
			case k != solver.Off:
				m.Requests = append(m.Requests, solver.Request{Worker: wi, Day: di, Options: []int{k}, On: true, Weight: weight})
			case worked[planner.StaffDay{StaffID: s.ID, Date: day}]:
				// an announced shift that matches no option any more: it changes whatever
				// the plan does
			case len(m.Workers[wi].Allowed[di]) > 0:
				m.Requests = append(m.Requests, solver.Request{Worker: wi, Day: di, Options: slices.Clone(m.Workers[wi].Allowed[di]), On: false, Weight: weight})
			}
		}
	}
	return initial
}
