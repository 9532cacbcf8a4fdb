package xlsx

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// band is the part of the day a shift mostly covers; it picks the shift's fill colour.
type band int

const (
	bandEarly band = iota
	bandDay
	bandLate
)

// roster is the roster indexed for the sheets: staff in dataset order (plus anyone the roster
// names who is not in the dataset), the horizon's days, and each person's shift on each day.
type roster struct {
	ds     *planner.Dataset
	r      *planner.Roster
	set    planner.Settings
	days   []calendar.Date
	dayIdx map[calendar.Date]int
	staff  []planner.Staff
	byID   map[string]int
	// grid[p][d] lists the indexes in r.Shifts of person p's shifts on day d (normally one).
	grid   [][][]int32
	perDay [][]int32         // shift indexes per day, in roster order
	weeks  int               // ISO weeks the horizon touches
	pairs  []map[int32]int32 // mentors(d), computed once per day
	// coord[d][k] is the index in staff of the coordinator on duty in slot k (of
	// set.Slots()) of day d, -1 when none is; nil until coordinators is called.
	coord [][]int
}

func newRoster(ds *planner.Dataset, r *planner.Roster) *roster {
	x := &roster{ds: ds, r: r, set: ds.Settings, byID: make(map[string]int, len(ds.Staff))}
	if x.set.SlotMinutes == 0 {
		x.set = r.Settings
	}
	if x.set.SlotMinutes == 0 {
		x.set = planner.DefaultSettings()
	}
	from, to := r.From, r.To
	for _, s := range r.Shifts {
		if from.IsZero() || s.Date.Before(from) {
			from = s.Date
		}
		if to.IsZero() || s.Date.After(to) {
			to = s.Date
		}
	}
	if !from.IsZero() {
		for d := from; !d.After(to); d = d.AddDays(1) {
			x.days = append(x.days, d)
		}
	}
	x.dayIdx = make(map[calendar.Date]int, len(x.days))
	mondays := map[calendar.Date]bool{}
	for i, d := range x.days {
		x.dayIdx[d] = i
		mondays[d.Monday()] = true
	}
	x.weeks = max(1, len(mondays))
	x.staff = slices.Clone(ds.Staff)
	for i, s := range x.staff {
		if _, dup := x.byID[s.ID]; !dup {
			x.byID[s.ID] = i
		}
	}
	for _, s := range r.Shifts {
		if _, ok := x.byID[s.StaffID]; !ok {
			x.byID[s.StaffID] = len(x.staff)
			x.staff = append(x.staff, planner.Staff{ID: s.StaffID, Name: s.StaffID, Status: planner.StatusQualified})
		}
	}
	x.grid = make([][][]int32, len(x.staff))
	cells := make([][]int32, len(x.staff)*len(x.days))
	for p := range x.grid {
		x.grid[p] = cells[p*len(x.days) : (p+1)*len(x.days) : (p+1)*len(x.days)]
	}
	x.perDay = make([][]int32, len(x.days))
	for i, s := range r.Shifts {
		d, ok := x.dayIdx[s.Date]
		if !ok {
			continue
		}
		p := x.byID[s.StaffID]
		x.grid[p][d] = append(x.grid[p][d], int32(i))
		x.perDay[d] = append(x.perDay[d], int32(i))
	}
	return x
}

func (x *roster) shift(i int32) *planner.Shift { return &x.r.Shifts[i] }

// coordinators returns, per day and slot of set.Slots(), the index in staff of the coordinator
// on duty (planner.OnPhone: the coordinator whose shift started first), or -1.
func (x *roster) coordinators() [][]int {
	if x.coord != nil {
		return x.coord
	}
	slots := x.set.Slots()
	x.coord = make([][]int, len(x.days))
	for d := range x.days {
		x.coord[d] = make([]int, len(slots))
		for k := range slots {
			x.coord[d][k] = -1
		}
	}
	if len(x.days) == 0 || len(slots) == 0 {
		return x.coord
	}
	dm := &planner.Demand{From: x.days[0], Days: x.days, Slots: slots, Lines: x.ds.LineIDs(), SlotMinutes: x.set.SlotMinutes}
	for d, bySlot := range planner.OnPhone(dm, x.ds, x.r.Shifts) {
		for k, agents := range bySlot {
			for _, a := range agents {
				if a.Coordinating {
					x.coord[d][k] = a.Staff
				}
			}
		}
	}
	return x.coord
}

// CoordinatorMark starts the line of a Week cell that says when its person is the coordinator
// on duty: "coordinator 07:30-12:00".
const CoordinatorMark = "coordinator"

// coordinatorText is when person p is the coordinator on duty on day d, as the Week sheet
// writes it ("coordinator 07:30-14:30, 16:00-17:00"), or "" when never. A span their own
// break interrupts is written whole: someone else holds the desk only for the break.
func (x *roster) coordinatorText(p, d int) string {
	slots := x.set.Slots()
	coord := x.coordinators()[d]
	// on[k]: p coordinates in slot k, or is on a break of their own between two such slots
	on := make([]bool, len(slots))
	onBreak := make([]bool, len(slots))
	for k, c := range slots {
		on[k] = coord[k] == p
		end := c + calendar.Clock(x.set.SlotMinutes)
		for _, i := range x.grid[p][d] {
			s := x.shift(i)
			onBreak[k] = onBreak[k] || (s.BreakEnd > s.BreakStart && s.BreakStart < end && s.BreakEnd > c)
		}
	}
	var spans []string
	for k := 0; k < len(slots); k++ {
		if !on[k] {
			continue
		}
		j := k
		for {
			next := j + 1
			for next < len(slots) && onBreak[next] && !on[next] {
				next++
			}
			if next >= len(slots) || !on[next] {
				break
			}
			j = next
		}
		spans = append(spans, slots[k].String()+"-"+(slots[j]+calendar.Clock(x.set.SlotMinutes)).String())
		k = j
	}
	if len(spans) == 0 {
		return ""
	}
	return CoordinatorMark + " " + strings.Join(spans, ", ")
}

func (x *roster) person(id string) *planner.Staff { return &x.staff[x.byID[id]] }

// lineLabel is the line a shift answers, in words: a line id, or the person's lines joined
// by "+" for a pooled shift.
func (x *roster) lineLabel(s *planner.Shift) string {
	if s.Line != planner.PooledLine {
		return s.Line
	}
	if p := x.person(s.StaffID); len(p.Lines) > 0 {
		return strings.Join(p.Lines, "+")
	}
	return "all lines"
}

// shiftLines returns the line ids a shift answers.
func (x *roster) shiftLines(s *planner.Shift) []string {
	if s.Line != planner.PooledLine {
		return []string{s.Line}
	}
	if p := x.person(s.StaffID); len(p.Lines) > 0 {
		return p.Lines
	}
	return x.ds.LineIDs()
}

// shiftText is a shift as the Week sheet shows it: "07:30-13:30 LLN" and, on a second line,
// "(break 11:00-11:30)".
func (x *roster) shiftText(s *planner.Shift) string {
	t := fmt.Sprintf("%s-%s %s", s.Start, s.End, x.lineLabel(s))
	if s.BreakEnd > s.BreakStart {
		t += fmt.Sprintf("\n(break %s-%s)", s.BreakStart, s.BreakEnd)
	}
	return t
}

// band returns the part of the opening hours a shift mostly covers: early when its middle
// falls in the first third, late in the last third, day otherwise.
func (x *roster) band(s *planner.Shift) band {
	open, close := x.set.Open, x.set.Close
	third := (close - open) / 3
	mid := (s.Start + s.End) / 2
	switch {
	case mid < open+third:
		return bandEarly
	case mid >= close-third:
		return bandLate
	}
	return bandDay
}

// bandLimits returns the clocks that separate the bands, for the legend.
func (x *roster) bandLimits() (calendar.Clock, calendar.Clock) {
	third := (x.set.Close - x.set.Open) / 3
	return x.set.Open + third, x.set.Close - third
}

// hours returns person p's paid hours over the horizon.
func (x *roster) hours(p int) float64 {
	m := 0
	for _, day := range x.grid[p] {
		for _, i := range day {
			m += x.shift(i).Minutes()
		}
	}
	return float64(m) / 60
}

// contract returns person p's minimum and maximum hours over the horizon: from the report when
// it has them, otherwise the weekly contract times the weeks the horizon touches.
func (x *roster) contract(p int, rep map[string]*planner.StaffReport) (lo, hi float64) {
	s := &x.staff[p]
	if sr, ok := rep[s.ID]; ok && (sr.MinHours != 0 || sr.MaxHours != 0) {
		return sr.MinHours, sr.MaxHours
	}
	return s.MinHoursWeek * float64(x.weeks), s.MaxHoursWeek * float64(x.weeks)
}

// overlap returns the minutes two shifts of the same day overlap.
func overlap(a, b *planner.Shift) int {
	return max(0, int(min(a.End, b.End)-max(a.Start, b.Start)))
}

// shareLine reports whether two shifts answer a common line.
func (x *roster) shareLine(a, b *planner.Shift) bool {
	if a.Line != planner.PooledLine && b.Line != planner.PooledLine {
		return a.Line == b.Line
	}
	bl := x.shiftLines(b)
	return slices.ContainsFunc(x.shiftLines(a), func(l string) bool { return slices.Contains(bl, l) })
}

// supervised reports whether a status takes calls only beside a mentor.
func supervised(s planner.Status) bool {
	return s == planner.StatusTrainee || s == planner.StatusNew
}

// mentors returns, for day d, the mentor paired with each trainee's or new person's shift:
// the mentor on duty on a common line who overlaps the shift most (ties: earlier start, then
// id). A shift with no such mentor is absent from the map.
func (x *roster) mentors(d int) map[int32]int32 {
	if x.pairs == nil {
		x.pairs = make([]map[int32]int32, len(x.days))
	}
	if x.pairs[d] == nil {
		x.pairs[d] = x.pairMentors(d)
	}
	return x.pairs[d]
}

func (x *roster) pairMentors(d int) map[int32]int32 {
	var trainees, mentors []int32
	for _, i := range x.perDay[d] {
		switch x.person(x.shift(i).StaffID).Status {
		case planner.StatusMentor:
			mentors = append(mentors, i)
		case planner.StatusTrainee, planner.StatusNew:
			trainees = append(trainees, i)
		}
	}
	out := make(map[int32]int32, len(trainees))
	for _, t := range trainees {
		ts := x.shift(t)
		best, bestOv := int32(-1), 0
		for _, m := range mentors {
			ms := x.shift(m)
			ov := overlap(ts, ms)
			if ov == 0 || !x.shareLine(ts, ms) {
				continue
			}
			if best < 0 || ov > bestOv || ov == bestOv && (ms.Start < x.shift(best).Start ||
				ms.Start == x.shift(best).Start && ms.StaffID < x.shift(best).StaffID) {
				best, bestOv = m, ov
			}
		}
		if best >= 0 {
			out[t] = best
		}
	}
	return out
}

// timelineOrder returns day d's shifts in Gantt order: by line group (the dataset's lines in
// order, then pooled shifts, then unknown lines), then start, end and name; each trainee or
// new person comes right under the mentor paired with them.
func (x *roster) timelineOrder(d int, pair map[int32]int32) []int32 {
	group := func(s *planner.Shift) int {
		if s.Line == planner.PooledLine {
			return len(x.ds.Lines)
		}
		if i := slices.IndexFunc(x.ds.Lines, func(l planner.Line) bool { return l.ID == s.Line }); i >= 0 {
			return i
		}
		return len(x.ds.Lines) + 1
	}
	less := func(a, b int32) int {
		sa, sb := x.shift(a), x.shift(b)
		return cmp.Or(
			cmp.Compare(group(sa), group(sb)),
			cmp.Compare(sa.Start, sb.Start),
			cmp.Compare(sa.End, sb.End),
			cmp.Compare(x.person(sa.StaffID).Name, x.person(sb.StaffID).Name),
			cmp.Compare(sa.StaffID, sb.StaffID),
		)
	}
	var top []int32
	under := map[int32][]int32{}
	for _, i := range x.perDay[d] {
		if m, ok := pair[i]; ok {
			under[m] = append(under[m], i)
		} else {
			top = append(top, i)
		}
	}
	slices.SortFunc(top, less)
	out := make([]int32, 0, len(x.perDay[d]))
	for _, i := range top {
		out = append(out, i)
		kids := under[i]
		slices.SortFunc(kids, less)
		out = append(out, kids...)
	}
	return out
}

// colleagues returns the other people on duty with shift i on a common line, by start time
// and name, and the mentor paired with it (-1 when none).
func (x *roster) colleagues(d int, i int32, pair map[int32]int32) (others []int32, mentor int32) {
	s := x.shift(i)
	type key struct {
		start calendar.Clock
		name  string
		i     int32
	}
	var keys []key
	for _, j := range x.perDay[d] {
		if j == i {
			continue
		}
		o := x.shift(j)
		if o.StaffID != s.StaffID && overlap(s, o) > 0 && x.shareLine(s, o) {
			keys = append(keys, key{o.Start, x.person(o.StaffID).Name, j})
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.name, b.name), cmp.Compare(a.i, b.i))
	})
	others = make([]int32, len(keys))
	for k, kk := range keys {
		others[k] = kk.i
	}
	mentor = -1
	if m, ok := pair[i]; ok {
		mentor = m
	}
	return others, mentor
}

// traineesOf returns the names of the trainees paired with mentor shift m.
func (x *roster) traineesOf(m int32, pair map[int32]int32) []string {
	var names []string
	for t, mm := range pair {
		if mm == m {
			names = append(names, x.person(x.shift(t).StaffID).Name)
		}
	}
	slices.Sort(names)
	return names
}
