package planner

import (
	"cmp"
	"slices"

	"github.com/deskplan/deskplan/planner/calendar"
)

// Closure is a span of days on which the desk is closed whatever the opening days say: a
// public holiday, a building closure. A closed day has no demand and no shifts.
type Closure struct {
	FirstDay calendar.Date `json:"first_day"`
	LastDay  calendar.Date `json:"last_day"` // equal to FirstDay for a single day
	Note     string        `json:"note,omitempty"`
}

// Contains reports whether the closure covers day d.
func (c Closure) Contains(d calendar.Date) bool {
	return !d.Before(c.FirstDay) && !d.After(c.LastDay)
}

// String is "2027-01-01 (New Year's Day)" or "2027-07-19 to 2027-07-23".
func (c Closure) String() string {
	s := c.FirstDay.String()
	if c.LastDay != c.FirstDay {
		s += " to " + c.LastDay.String()
	}
	if c.Note != "" {
		s += " (" + c.Note + ")"
	}
	return s
}

// ClosedOn returns the closure that covers day d (the first in Dataset order), or false.
func (d *Dataset) ClosedOn(day calendar.Date) (Closure, bool) {
	for _, c := range d.Closures {
		if c.Contains(day) {
			return c, true
		}
	}
	return Closure{}, false
}

// OpenOn reports whether the desk opens on day: an open day of the week (Settings.OpenDays)
// that no closure covers.
func (d *Dataset) OpenOn(day calendar.Date) bool {
	if !d.Settings.IsOpen(day.Weekday()) {
		return false
	}
	_, closed := d.ClosedOn(day)
	return !closed
}

// ClosuresBetween returns the closures that cover a day of from..to, in date order.
func (d *Dataset) ClosuresBetween(from, to calendar.Date) []Closure {
	var out []Closure
	for _, c := range d.Closures {
		if !c.LastDay.Before(from) && !c.FirstDay.After(to) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Closure) int {
		return cmp.Or(a.FirstDay.Compare(b.FirstDay), a.LastDay.Compare(b.LastDay))
	})
	return out
}

// ClosedDays returns every day a closure covers, in date order without repeats.
func (d *Dataset) ClosedDays() []calendar.Date {
	var out []calendar.Date
	for _, c := range d.Closures {
		for day := c.FirstDay; !day.After(c.LastDay); day = day.AddDays(1) {
			out = append(out, day)
		}
	}
	slices.SortFunc(out, func(a, b calendar.Date) int { return a.Compare(b) })
	return slices.Compact(out)
}
