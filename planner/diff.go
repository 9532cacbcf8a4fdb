package planner

import (
	"cmp"
	"slices"

	"github.com/deskplan/deskplan/planner/calendar"
)

// The kinds of change of a person's day between two rosters.
const (
	ShiftAdded   = "added"   // off before, on duty after
	ShiftRemoved = "removed" // on duty before, off after
	ShiftMoved   = "moved"   // on duty in both, at other times, on another line or with another break
)

// ShiftChange is a person's day that differs between two rosters: the shift before and after
// (nil: off that day).
type ShiftChange struct {
	Kind   string        `json:"kind"` // ShiftAdded, ShiftRemoved or ShiftMoved
	Date   calendar.Date `json:"date"`
	Before *Shift        `json:"before"`
	After  *Shift        `json:"after"`
}

// StaffDiff is what changed for one person between two rosters: the days that differ, how
// many of each kind, and the paid hours in each roster over the days compared.
type StaffDiff struct {
	StaffID     string        `json:"staff"`
	Name        string        `json:"name"` // "" when no dataset knows the person any more
	Added       int           `json:"added"`
	Removed     int           `json:"removed"`
	Moved       int           `json:"moved"`
	HoursBefore float64       `json:"hours_before"`
	HoursAfter  float64       `json:"hours_after"`
	Changes     []ShiftChange `json:"changes"`
}

// RosterDiff is the difference between two rosters, person by person, over the days both
// cover.
type RosterDiff struct {
	Before int           `json:"before"` // the versions compared (0 for a roster not stored)
	After  int           `json:"after"`
	From   calendar.Date `json:"from"` // the days compared: those both rosters cover
	To     calendar.Date `json:"to"`
	// Unchanged counts the shifts that are the same in both rosters.
	Unchanged int `json:"unchanged"`
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Moved     int `json:"moved"`
	// Staff lists the people with at least one change, by staff id.
	Staff []StaffDiff `json:"staff"`
}

// Overlap reports whether the two rosters share a day (From is not after To).
func (d *RosterDiff) Overlap() bool { return !d.From.After(d.To) }

// Changed reports whether any shift differs.
func (d *RosterDiff) Changed() bool { return d.Added+d.Removed+d.Moved > 0 }

// DiffRosters compares roster after with roster before, person by person and day by day, over
// the days both horizons cover (a roster with a zero From or To is unbounded on that side).
// A day is unchanged when the person has the same shift (times, line and break) in both, or
// is off in both; otherwise it is added, removed or moved. Names come from the first of
// people that knows the staff id (a person removed by a scenario is still named by the base
// data).
func DiffRosters(before, after *Roster, people ...*Dataset) *RosterDiff {
	d := &RosterDiff{Before: before.Version, After: after.Version, From: before.From, To: before.To, Staff: []StaffDiff{}}
	if d.From.IsZero() || after.From.After(d.From) {
		d.From = after.From
	}
	if d.To.IsZero() || !after.To.IsZero() && after.To.Before(d.To) {
		d.To = after.To
	}
	a, b := d.shiftsByDay(before), d.shiftsByDay(after)
	t := &staffTally{people: people, per: map[string]*StaffDiff{}, hours: map[string][2]float64{}}
	for _, k := range staffDays(a, b) {
		x, y := a[k], b[k]
		SortShifts(x)
		SortShifts(y)
		t.addHours(k.StaffID, x, y)
		d.compareDay(t, k, x, y)
	}
	for _, id := range t.order {
		p := t.per[id]
		h := t.hours[id]
		p.HoursBefore, p.HoursAfter = h[0], h[1]
		d.Staff = append(d.Staff, *p)
	}
	return d
}

// covers reports whether day is within the days compared (a zero From or To: unbounded on
// that side).
func (d *RosterDiff) covers(day calendar.Date) bool {
	return (d.From.IsZero() || !day.Before(d.From)) && (d.To.IsZero() || !day.After(d.To))
}

// shiftsByDay returns the shifts of r on the days compared, per person and day.
func (d *RosterDiff) shiftsByDay(r *Roster) map[StaffDay][]Shift {
	m := map[StaffDay][]Shift{}
	for _, sh := range r.Shifts {
		if d.covers(sh.Date) {
			k := StaffDay{sh.StaffID, sh.Date}
			m[k] = append(m[k], sh)
		}
	}
	return m
}

// staffDays returns the person's days of a and b, by staff id and date.
func staffDays(a, b map[StaffDay][]Shift) []StaffDay {
	keys := make([]StaffDay, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y StaffDay) int { return cmp.Or(cmp.Compare(x.StaffID, y.StaffID), x.Date.Compare(y.Date)) })
	return keys
}

// staffTally gathers a RosterDiff person by person: the changes of each person with one, in
// the order of their first change, and everyone's paid hours before and after.
type staffTally struct {
	people []*Dataset // the names
	per    map[string]*StaffDiff
	order  []string // the staff ids of per, in order of their first change
	hours  map[string][2]float64
}

// person returns the StaffDiff of staff id, added on their first change.
func (t *staffTally) person(id string) *StaffDiff {
	p, ok := t.per[id]
	if !ok {
		p = &StaffDiff{StaffID: id, Name: staffName(id, t.people)}
		t.per[id] = p
		t.order = append(t.order, id)
	}
	return p
}

// addHours adds the paid hours of staff id's shifts x (before) and y (after) of a day.
func (t *staffTally) addHours(id string, x, y []Shift) {
	h := t.hours[id]
	for _, s := range x {
		h[0] += float64(s.Minutes()) / 60
	}
	for _, s := range y {
		h[1] += float64(s.Minutes()) / 60
	}
	t.hours[id] = h
}

// compareDay compares the person's day k: shifts x before and y after, both in time order.
// A day normally holds one shift; a roster edited by hand may hold more: equal shifts are
// unchanged, the others are paired in time order, each pair a change of the person.
func (d *RosterDiff) compareDay(t *staffTally, k StaffDay, x, y []Shift) {
	x, y = slices.Clone(x), slices.Clone(y)
	for i := 0; i < len(x); {
		if j := slices.Index(y, x[i]); j >= 0 {
			d.Unchanged++
			x = slices.Delete(x, i, i+1)
			y = slices.Delete(y, j, j+1)
			continue
		}
		i++
	}
	for i := range max(len(x), len(y)) {
		c := ShiftChange{Date: k.Date}
		if i < len(x) {
			c.Before = &x[i]
		}
		if i < len(y) {
			c.After = &y[i]
		}
		p := t.person(k.StaffID)
		switch {
		case c.Before == nil:
			c.Kind = ShiftAdded
			p.Added++
			d.Added++
		case c.After == nil:
			c.Kind = ShiftRemoved
			p.Removed++
			d.Removed++
		default:
			c.Kind = ShiftMoved
			p.Moved++
			d.Moved++
		}
		p.Changes = append(p.Changes, c)
	}
}

// staffName returns the name of staff id in the first dataset that has it, or "".
func staffName(id string, people []*Dataset) string {
	for _, ds := range people {
		if ds == nil {
			continue
		}
		if s, ok := ds.StaffByID(id); ok {
			return s.Name
		}
	}
	return ""
}

// StaffDay identifies a person's day.
type StaffDay struct {
	StaffID string
	Date    calendar.Date
}
