package planner

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner/calendar"
)

// AvailabilityIndex answers, for a staff member and a day, when the person may work: the
// Availability rules of a Dataset expanded once (RRULEs in the desk's time zone) and combined
// with the opening hours. Build it with NewAvailabilityIndex; it is read-only afterwards and
// safe for concurrent use.
//
// The rules combine as follows, within the opening hours of an open day (a day of a closure
// is closed):
//   - a person without any `available` rule is available whenever the desk is open; a person
//     with `available` rules only inside them (on the days and times they give);
//   - `unavailable` always wins;
//   - `prefer` and `avoid` are soft wishes, kept where the person is available.
//
// A rule applies on the days of its RRULE, bounded by FirstDay and LastDay when set; on the
// days FirstDay..LastDay without an RRULE; on every day with neither. It covers From..To, or the
// whole day when both are zero (From alone: until the end of the day). An RRULE without its
// own DTSTART starts on the rule's FirstDay, or else on the first day of the earliest session
// (this sets the rhythm of INTERVAL and the start of COUNT).
type AvailabilityIndex struct {
	loc   *time.Location
	hours calendar.OpeningHours
	// first..last is the horizon over which RRULE days are expanded up front (the hull of the
	// sessions); days outside it are expanded on demand.
	first, last calendar.Date
	horizon     int // days in first..last
	staff       map[string][]availRule
	closures    []Closure // days closed beyond the weekly opening days
}

// availRule is one Availability row, ready to apply.
type availRule struct {
	row   int          // index in Dataset.Availability
	a     Availability // the row, RRule normalised
	span  calendar.Interval
	rule  *calendar.Rule // nil: the date range alone
	start calendar.Date  // DTSTART when the rule gives none
	days  []bool         // the rule occurs on horizon day i (nil without rule)
}

// occurs reports whether the row applies on day d, horizon day i (-1 outside the horizon).
func (r *availRule) occurs(ix *AvailabilityIndex, d calendar.Date, i int) bool {
	if !r.a.FirstDay.IsZero() && d.Before(r.a.FirstDay) || !r.a.LastDay.IsZero() && d.After(r.a.LastDay) {
		return false
	}
	if r.rule == nil {
		return true
	}
	if i >= 0 {
		return r.days[i]
	}
	return len(r.rule.DaysFrom(r.start, d, d, ix.loc)) > 0
}

// NewAvailabilityIndex expands the availability rules of ds. Rules of staff ids that are not
// in ds.Staff are kept (Day answers for any id). A rule that cannot apply (an RRULE that does
// not parse, an unknown kind, To before From, LastDay before FirstDay) is reported in an
// *InputError that names the rule, its person and what is wrong; so is a bad time zone.
func NewAvailabilityIndex(ds *Dataset) (*AvailabilityIndex, error) {
	var bad InputError
	loc, err := ds.Settings.Location()
	if err != nil {
		bad.Add(Place{Sheet: "Settings"}, "time_zone %q: %v", ds.Settings.TimeZone, err)
		return nil, bad.Err()
	}
	ix := &AvailabilityIndex{
		loc:   loc,
		hours: calendar.NewOpeningHours(ds.Settings.OpenDays, ds.Settings.Open, ds.Settings.Close),
		staff: map[string][]availRule{},
	}
	ix.closures = slices.Clone(ds.Closures)
	start := ix.setHorizon(ds.Sessions)
	c := &ruleCache{parsed: map[string]*calendar.Rule{}, expanded: map[ruleDaysKey][]bool{}}
	for i, a := range ds.Availability {
		if r, ok := ix.ruleOf(i, a, start, c, &bad); ok {
			ix.staff[a.StaffID] = append(ix.staff[a.StaffID], r)
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	return ix, nil
}

// setHorizon sets the horizon of ix to the hull of the sessions (none when no session has
// days) and returns the DTSTART of rules without a first day: the horizon's first day, or a
// fixed Monday without one.
func (ix *AvailabilityIndex) setHorizon(sessions []Session) calendar.Date {
	for _, s := range sessions {
		if s.FirstDay.IsZero() || s.LastDay.Before(s.FirstDay) {
			continue
		}
		if ix.first.IsZero() || s.FirstDay.Before(ix.first) {
			ix.first = s.FirstDay
		}
		if ix.last.IsZero() || s.LastDay.After(ix.last) {
			ix.last = s.LastDay
		}
	}
	if ix.first.IsZero() {
		return calendar.Date{Year: 2000, Month: time.January, Day: 3} // a Monday
	}
	ix.horizon = ix.last.Sub(ix.first) + 1
	return ix.first
}

// ruleDaysKey identifies the days of an RRULE expanded over from..to.
type ruleDaysKey struct {
	text        string
	start, from calendar.Date
	to          calendar.Date
}

// ruleCache holds the RRULEs parsed and the days expanded, shared by the rules that repeat
// them.
type ruleCache struct {
	parsed   map[string]*calendar.Rule
	expanded map[ruleDaysKey][]bool
}

// ruleOf returns rule i of the Availability sheet, a, with its RRULE days expanded over the
// horizon; start is the DTSTART of rules without a first day. A rule in error adds its problem
// to bad and gives false.
func (ix *AvailabilityIndex) ruleOf(i int, a Availability, start calendar.Date, c *ruleCache, bad *InputError) (availRule, bool) {
	place := Place{Sheet: "Availability"}
	what := fmt.Sprintf("rule %d (staff %q, %s)", i+1, a.StaffID, a.Kind)
	if !slices.Contains(AvailabilityKinds, a.Kind) {
		bad.Add(place, "%s: kind %q is not one of available, unavailable, prefer, avoid", what, a.Kind)
		return availRule{}, false
	}
	r := availRule{row: i, a: a, start: start}
	r.span = calendar.Interval{Start: a.From, End: a.To}
	if a.To == 0 {
		r.span.End = 24 * 60
	}
	if a.From < 0 || r.span.End > 24*60 || r.span.Empty() {
		bad.Add(place, "%s: from %s to %s is not a time span within a day", what, a.From, a.To)
		return availRule{}, false
	}
	if !a.FirstDay.IsZero() && !a.LastDay.IsZero() && a.LastDay.Before(a.FirstDay) {
		bad.Add(place, "%s: last day %s is before first day %s", what, a.LastDay, a.FirstDay)
		return availRule{}, false
	}
	if !a.FirstDay.IsZero() {
		r.start = a.FirstDay
	}
	if text := strings.TrimSpace(a.RRule); text != "" {
		rule, ok := c.parsed[text]
		if !ok {
			var err error
			if rule, err = calendar.ParseRule(text); err != nil {
				bad.Add(place, "%s: %v", what, err)
				return availRule{}, false
			}
			c.parsed[text] = rule
		}
		r.rule = rule
		r.a.RRule = rule.String()
		if ix.horizon > 0 {
			r.days = ix.ruleDays(c, rule, r.start, a)
		}
	}
	return r, true
}

// ruleDays returns the days of the horizon on which rule (from DTSTART start) applies,
// bounded by a's first and last days when set.
func (ix *AvailabilityIndex) ruleDays(c *ruleCache, rule *calendar.Rule, start calendar.Date, a Availability) []bool {
	from, to := ix.first, ix.last
	if !a.FirstDay.IsZero() && a.FirstDay.After(from) {
		from = a.FirstDay
	}
	if !a.LastDay.IsZero() && a.LastDay.Before(to) {
		to = a.LastDay
	}
	k := ruleDaysKey{rule.String(), start, from, to}
	days, ok := c.expanded[k]
	if !ok {
		days = make([]bool, ix.horizon)
		for _, d := range rule.DaysFrom(start, from, to, ix.loc) {
			days[d.Sub(ix.first)] = true
		}
		c.expanded[k] = days
	}
	return days
}

// DayWindows is what a person's availability allows on one day, within the opening hours.
type DayWindows struct {
	Date calendar.Date
	// Open is the desk's opening hours that day; empty when the desk is closed (and then every
	// other field is empty too).
	Open calendar.Interval
	// Available is when the person may work: inside the opening hours, inside their
	// `available` rules if they have any, and outside every `unavailable` rule.
	Available calendar.Intervals
	// Preferred and Avoided are the times of the `prefer` and `avoid` rules where the person
	// is available: soft wishes.
	Preferred calendar.Intervals
	Avoided   calendar.Intervals
	// Unavailable says why parts of the opening hours are not available: one entry per
	// `unavailable` rule that applies (clipped to the opening hours), and entries with Row -1
	// for the times no `available` rule covers. Ordered by start, then rule.
	Unavailable []Unavailability
}

// IsOpen reports whether the desk is open that day.
func (w DayWindows) IsOpen() bool { return !w.Open.Empty() }

// Allows reports whether the person may work from start to end (a non-empty span inside one
// available window).
func (w DayWindows) Allows(start, end calendar.Clock) bool {
	return start < end && w.Available.Covers(calendar.Interval{Start: start, End: end})
}

// Why returns the reasons the person may not work some of start..end: the entries of
// Unavailable that overlap it. It is empty when Allows is true, and when the desk is closed
// (the opening hours are the reason).
func (w DayWindows) Why(start, end calendar.Clock) []Unavailability {
	iv := calendar.Interval{Start: start, End: end}
	var out []Unavailability
	for _, u := range w.Unavailable {
		if u.Overlaps(iv) {
			out = append(out, u)
		}
	}
	return out
}

// Unavailability is a span of an open day that a person may not work, and the rule that
// causes it.
type Unavailability struct {
	calendar.Interval
	// Row is the index in Dataset.Availability of the `unavailable` rule, or -1 when the
	// span is outside every `available` rule of the person.
	Row int
	// Rule is that rule (zero when Row is -1), its RRULE normalised.
	Rule Availability
}

// Reason names the cause: `RRULE FREQ=WEEKLY;BYDAY=SA, note "own exam"`, `2027-01-11 to
// 2027-01-15`, `every day`, or `outside the available rules`.
func (u Unavailability) Reason() string {
	if u.Row < 0 {
		return "outside the available rules"
	}
	a := u.Rule
	var parts []string
	switch {
	case a.RRule != "":
		parts = append(parts, "RRULE "+a.RRule)
		if !a.FirstDay.IsZero() || !a.LastDay.IsZero() {
			parts = append(parts, "within "+dateRange(a.FirstDay, a.LastDay))
		}
	case !a.FirstDay.IsZero() || !a.LastDay.IsZero():
		parts = append(parts, dateRange(a.FirstDay, a.LastDay))
	default:
		parts = append(parts, "every day")
	}
	if a.Note != "" {
		parts = append(parts, fmt.Sprintf("note %q", a.Note))
	}
	return strings.Join(parts, ", ")
}

// String returns "unavailable 07:30-19:30 (RRULE FREQ=WEEKLY;BYDAY=SA, note "own exam")" or
// "not available 07:30-09:00 (outside the available rules)".
func (u Unavailability) String() string {
	if u.Row < 0 {
		return fmt.Sprintf("not available %s (%s)", u.Interval, u.Reason())
	}
	return fmt.Sprintf("unavailable %s (%s)", u.Interval, u.Reason())
}

// dateRange formats a rule's day bounds, either of which may be open.
func dateRange(first, last calendar.Date) string {
	switch {
	case first == last:
		return first.String()
	case first.IsZero():
		return "until " + last.String()
	case last.IsZero():
		return "from " + first.String()
	}
	return first.String() + " to " + last.String()
}

// Day returns the windows of staff member staffID on day d. An id without rules is available
// whenever the desk is open.
func (ix *AvailabilityIndex) Day(staffID string, d calendar.Date) DayWindows {
	w := DayWindows{Date: d, Open: ix.hours.On(d)}
	if !w.Open.Empty() && slices.ContainsFunc(ix.closures, func(c Closure) bool { return c.Contains(d) }) {
		w.Open = calendar.Interval{} // a closure: closed all day
	}
	if w.Open.Empty() {
		return w
	}
	open := calendar.Intervals{w.Open}
	rules := ix.staff[staffID]
	if len(rules) == 0 {
		w.Available = open
		return w
	}
	day := -1 // index of d in the horizon
	if i := d.Sub(ix.first); ix.horizon > 0 && i >= 0 && i < ix.horizon {
		day = i
	}
	var buf [4][4]calendar.Interval
	avail, unavail, pref, avoid := buf[0][:0], buf[1][:0], buf[2][:0], buf[3][:0]
	hasAvailable := false
	for i := range rules {
		r := &rules[i]
		if r.a.Kind == Available {
			hasAvailable = true
		}
		if !r.occurs(ix, d, day) {
			continue
		}
		switch r.a.Kind {
		case Available:
			avail = append(avail, r.span)
		case Unavailable:
			if iv := r.span.Intersect(w.Open); !iv.Empty() {
				unavail = append(unavail, iv)
				w.Unavailable = append(w.Unavailable, Unavailability{Interval: iv, Row: r.row, Rule: r.a})
			}
		case Prefer:
			pref = append(pref, r.span)
		case Avoid:
			avoid = append(avoid, r.span)
		}
	}
	base := open
	if hasAvailable {
		base = calendar.NewIntervals(avail...).Clip(w.Open)
		for _, iv := range open.Subtract(base) {
			w.Unavailable = append(w.Unavailable, Unavailability{Interval: iv, Row: -1})
		}
	}
	w.Available = base.Subtract(calendar.NewIntervals(unavail...))
	if len(pref) > 0 {
		w.Preferred = calendar.NewIntervals(pref...).Intersect(w.Available)
	}
	if len(avoid) > 0 {
		w.Avoided = calendar.NewIntervals(avoid...).Intersect(w.Available)
	}
	slices.SortStableFunc(w.Unavailable, func(a, b Unavailability) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.Row, b.Row)
	})
	return w
}

// ExamDayList returns the exam days of the session: its ExamDays RRULE (DefaultExamDays when
// empty) expanded in loc from FirstDay to LastDay, the rule starting on FirstDay.
func (s Session) ExamDayList(loc *time.Location) ([]calendar.Date, error) {
	if s.FirstDay.IsZero() || s.LastDay.IsZero() || s.LastDay.Before(s.FirstDay) {
		return nil, fmt.Errorf("session %s: days %s to %s are not a span of days", s.ID, s.FirstDay, s.LastDay)
	}
	text := strings.TrimSpace(s.ExamDays)
	if text == "" {
		text = DefaultExamDays
	}
	r, err := calendar.ParseRule(text)
	if err != nil {
		return nil, fmt.Errorf("session %s: exam days: %w", s.ID, err)
	}
	return r.DaysFrom(s.FirstDay, s.FirstDay, s.LastDay, loc), nil
}
