package optimize

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Swap returns a copy of roster r in which staff member from's shift on day goes to staff
// member to; when to has a shift that day too, from takes it in exchange. Each shift keeps its
// times, line and break (a pooled shift answers its new person's lines). The copy is a new
// draft (Version 0, no creation time, no objective or bound, Method "swap", its plan record
// naming the swap); r is not changed. Whether the result keeps the rules is for Check to say. It is an *InputError when from has no shift on
// day, day is outside the roster, or from and to are the same person.
func Swap(r *planner.Roster, day calendar.Date, from, to string) (*planner.Roster, error) {
	bad := func(format string, args ...any) error {
		return &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf(format, args...)}}}
	}
	switch {
	case from == to:
		return nil, bad("a swap needs two people: %s is given twice", from)
	case day.Before(r.From) || day.After(r.To):
		return nil, bad("%s is outside roster v%d (%s to %s)", day, r.Version, r.From, r.To)
	}
	out := *r
	out.Version, out.Status, out.Method, out.CreatedAt = 0, planner.Draft, "swap", time.Time{}
	out.Objective, out.LowerBound = math.NaN(), math.NaN() // the search's figures were the original's
	// the plan record stays (the demand and need to report on), naming the swap
	out.Plan.SwapOf, out.Plan.SwapDate, out.Plan.SwapFrom, out.Plan.SwapTo = r.Version, day, from, to
	out.Shifts = slices.Clone(r.Shifts)
	gave, took := -1, -1
	for i, s := range out.Shifts {
		if s.Date != day {
			continue
		}
		switch s.StaffID {
		case from:
			if gave >= 0 {
				return nil, bad("%s has two shifts on %s in roster v%d: swap them by hand (deskplan check)", from, day, r.Version)
			}
			gave = i
		case to:
			if took >= 0 {
				return nil, bad("%s has two shifts on %s in roster v%d: swap them by hand (deskplan check)", to, day, r.Version)
			}
			took = i
		}
	}
	if gave < 0 {
		return nil, bad("%s has no shift on %s in roster v%d", from, day, r.Version)
	}
	out.Shifts[gave].StaffID = to
	if took >= 0 {
		out.Shifts[took].StaffID = from
	}
	return &out, nil
}
