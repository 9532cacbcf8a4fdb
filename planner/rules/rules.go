package rules

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Rule is one rule of the rule book: what the planner keeps (a hard rule always, a soft rule
// as far as it can at its price) and what check reports. Each rule is defined here once: its
// name, whether it is hard, what one violation stands for, the sentence that explains it, and
// the function that finds where a roster breaks it. The model builder keeps the same rules
// with the same counts (model.go names each solver rule after its Rule), the explanations of
// an infeasible plan use Words, and the workbooks list violations by Name.
type Rule struct {
	Name   string
	Hard   bool
	Counts string // what one violation stands for, e.g. "a shift", "a run of slots"
	Words  string // the rule in a sentence
	check  func(*Checker) []planner.Violation
}

// Rule names, as in Violation.Rule.
const (
	RuleUnknownStaff  = "unknown-staff"
	RuleLine          = "line"
	RuleOneShift      = "one-shift-a-day"
	RuleOpening       = "opening-hours"
	RuleGrid          = "slot-grid"
	RuleTemplate      = "shift-template"
	RuleMinShift      = "min-shift"
	RuleMaxHoursDay   = "max-hours-day"
	RuleBreak         = "break"
	RuleMaxHoursWeek  = "max-hours-week"
	RuleMinHoursWeek  = "min-hours-week"
	RuleMaxDaysWeek   = "max-days-week"
	RuleMinRest       = "min-rest"
	RuleAvailability  = "availability"
	RuleCoordinator   = "coordinator"
	RuleLineFloor     = "line-floor"
	RuleMentor        = "mentor"
	RuleMentorRatio   = "mentor-ratio"
	RuleTrainingHours = "training-hours"
	RuleWishes        = "wishes"
)

// Prices of the soft rules, in the unit of the planner's objective: calls not answered within
// the target time.
const (
	// TrainingWeight is paid for each hour of shadowing a new person misses. It is high:
	// shadowing answers no call, and the mentor's time it takes would otherwise go to a trainee,
	// which is worth at most about half an agent-hour of service.
	TrainingWeight = 3.0
	// WishWeight is paid for each prefer or avoid wish not met.
	WishWeight = 0.3
)

// Book is the rule book, in the order check reports: the hard rules, then the soft ones.
var Book = []Rule{
	{RuleUnknownStaff, true, "a shift", "every shift must belong to a member of the team", checkUnknownStaff},
	{RuleLine, true, "a shift", "a person may answer only their own lines", checkLine},
	{RuleOneShift, true, "a day", "a person may work one shift a day at most", nil},
	{RuleOpening, true, "a shift", "shifts must lie within the opening hours of an open day", checkOpening},
	{RuleGrid, true, "a shift", "shift and break times must fall on the slot grid", checkGrid},
	{RuleTemplate, true, "a shift", "a shift must start and last as a shift template allows", checkTemplate},
	{RuleMinShift, true, "a shift", "a shift must pay at least min_shift_hours", checkMinShift},
	{RuleMaxHoursDay, true, "a shift", "a shift may pay at most the contract's hours a day", checkMaxHoursDay},
	{RuleBreak, true, "a shift", "a long shift must have its break, as long as the template asks, inside the template's break window", checkBreak},
	{RuleMaxHoursWeek, true, "a person's week", "a person may work at most the contract's hours a week", nil},
	{RuleMinHoursWeek, true, "a person's week", "a person must work the contract's minimum hours a week, as far as their availability allows", nil},
	{RuleMaxDaysWeek, true, "a person's week", "a person may work at most the contract's days a week", nil},
	{RuleMinRest, true, "a pair of shifts", "a person must rest at least min_rest_hours between two shifts", nil},
	{RuleAvailability, true, "a shift", "a person may work only when available", checkAvailability},
	{RuleCoordinator, true, "a run of slots", "a coordinator (qualified or mentor) must be on duty whenever the desk is open", checkCoordinator},
	{RuleLineFloor, true, "a run of slots on a line", "whenever a line has forecast calls, at least min_agents_per_line people who take calls must answer it", checkLineFloor},
	{RuleMentor, true, "a person's run of slots on a line", "trainees and new staff may work only beside a mentor who answers their line", checkMentor},
	{RuleMentorRatio, true, "a run of slots", "at most max_trainees_per_mentor trainees and new staff may be on duty per mentor, each person counted once", checkMentorRatio},
	{RuleTrainingHours, false, "a new person's week", "new staff should get their training_hours of shadowing beside a mentor of their line each week", checkTrainingHours},
	{RuleWishes, false, "a person's day", "prefer and avoid wishes should be met where they can be", checkWishes},
}

func init() {
	// the per-person rules are found together, in one pass over each person's shifts
	for i := range Book {
		if Book[i].check == nil {
			Book[i].check = checkPersonRules(Book[i].Name)
		}
	}
}

// Named returns the rule of the book called name.
func Named(name string) (Rule, bool) {
	i := slices.IndexFunc(Book, func(r Rule) bool { return r.Name == name })
	if i < 0 {
		return Rule{}, false
	}
	return Book[i], true
}

// Check lists every rule of the rule book that roster r breaks on dataset ds: the hard rules
// first, then the soft ones (Violation.Soft), each rule's violations in the order of the
// roster (date, time, staff). A roster that keeps every rule gives nil.
func Check(ds *planner.Dataset, r *planner.Roster) []planner.Violation {
	return NewChecker(ds, r, nil).Violations()
}

// Violations lists every rule of the rule book that the roster breaks, as Check does.
func (c *Checker) Violations() []planner.Violation {
	var out []planner.Violation
	for _, rule := range Book {
		vs := rule.check(c)
		for i := range vs {
			vs[i].Soft = !rule.Hard
		}
		out = append(out, vs...)
	}
	return out
}

// HardViolations returns the violations of hard rules among vs.
func HardViolations(vs []planner.Violation) []planner.Violation {
	return slices.DeleteFunc(slices.Clone(vs), func(v planner.Violation) bool { return v.Soft })
}

// SoftViolations returns the soft rules missed among vs.
func SoftViolations(vs []planner.Violation) []planner.Violation {
	return slices.DeleteFunc(slices.Clone(vs), func(v planner.Violation) bool { return !v.Soft })
}

// Checker is what the rules look at: the roster, each person's shifts, the demand of the
// roster's horizon, what each person may work there (Workable) and who is on the phone in each
// slot.
type Checker struct {
	ds      *planner.Dataset
	r       *planner.Roster
	st      planner.Settings
	byStaff map[string][]planner.Shift // sorted
	staff   map[string]int             // index in ds.Staff
	// demand and work are nil when the roster's horizon cannot be planned (an unknown session,
	// no shift template): the rules that need them then say nothing.
	demand  *planner.Demand
	work    *Workable
	ix      *planner.AvailabilityIndex
	ixErr   error
	slots   []calendar.Clock
	lineIdx map[string]int // index in ds.Lines
}

// NewChecker returns the checker of roster r on dataset ds. d is the demand of the roster's
// horizon, as the planner saw it; nil builds it from the forecast, at the demand the roster
// was planned for (RosterDemand).
func NewChecker(ds *planner.Dataset, r *planner.Roster, d *planner.Demand) *Checker {
	c := &Checker{ds: ds, r: r, st: ds.Settings, byStaff: map[string][]planner.Shift{}, staff: map[string]int{},
		slots: ds.Settings.Slots(), lineIdx: map[string]int{}}
	for i, l := range ds.LineIDs() {
		c.lineIdx[l] = i
	}
	for i, s := range ds.Staff {
		c.staff[s.ID] = i
	}
	for _, sh := range r.Shifts {
		c.byStaff[sh.StaffID] = append(c.byStaff[sh.StaffID], sh)
	}
	for _, shifts := range c.byStaff {
		planner.SortShifts(shifts)
	}
	c.ix, c.ixErr = planner.NewAvailabilityIndex(ds)
	if d == nil {
		d, _ = planner.BuildDemandAt(ds, r.SessionID, r.From, r.To, planner.RosterDemand(r))
	}
	if d == nil || c.ixErr != nil {
		return c
	}
	opts, err := planner.ShiftOptions(ds.Settings, ds.ShiftTemplates)
	if err != nil {
		return c
	}
	c.demand, c.work = d, NewWorkable(ds, d, opts, c.ix)
	return c
}

// person returns the staff member with id.
func (c *Checker) person(id string) (planner.Staff, bool) {
	i, ok := c.staff[id]
	if !ok {
		return planner.Staff{}, false
	}
	return c.ds.Staff[i], true
}

// eachShift calls f for every shift of a known person, in roster order.
func (c *Checker) eachShift(f func(sh planner.Shift, s planner.Staff, who string) *planner.Violation) []planner.Violation {
	var out []planner.Violation
	for _, sh := range c.r.Shifts {
		s, ok := c.person(sh.StaffID)
		if !ok {
			continue
		}
		if v := f(sh, s, who(s)); v != nil {
			out = append(out, *v)
		}
	}
	return out
}

func who(s planner.Staff) string { return fmt.Sprintf("%s (%s)", s.Name, s.ID) }

func checkUnknownStaff(c *Checker) []planner.Violation {
	var out []planner.Violation
	for _, sh := range c.r.Shifts {
		if _, ok := c.person(sh.StaffID); !ok {
			out = append(out, planner.Violation{Rule: RuleUnknownStaff, StaffID: sh.StaffID, Date: sh.Date,
				Msg: fmt.Sprintf("%s: shift %s-%s is given to unknown staff id %q", sh.Date, sh.Start, sh.End, sh.StaffID)})
		}
	}
	return out
}

func checkLine(c *Checker) []planner.Violation {
	return c.eachShift(func(sh planner.Shift, s planner.Staff, who string) *planner.Violation {
		if sh.Line == planner.PooledLine || s.AnswersLine(sh.Line) {
			return nil
		}
		return &planner.Violation{Rule: RuleLine, StaffID: s.ID, Date: sh.Date, Line: sh.Line,
			Msg: fmt.Sprintf("%s %s: %s does not answer line %s (lines: %v)", sh.Date, sh.Start, who, sh.Line, s.Lines)}
	})
}

func checkOpening(c *Checker) []planner.Violation {
	st := c.st
	return c.eachShift(func(sh planner.Shift, s planner.Staff, who string) *planner.Violation {
		if cl, closed := c.ds.ClosedOn(sh.Date); closed {
			return &planner.Violation{Rule: RuleOpening, StaffID: s.ID, Date: sh.Date, Time: sh.Start,
				Msg: fmt.Sprintf("%s: %s's shift %s-%s is on a day the desk is closed: %s", sh.Date, who, sh.Start, sh.End, cl)}
		}
		if st.IsOpen(sh.Date.Weekday()) && sh.Start >= st.Open && sh.End <= st.Close && sh.End > sh.Start {
			return nil
		}
		return &planner.Violation{Rule: RuleOpening, StaffID: s.ID, Date: sh.Date, Time: sh.Start,
			Msg: fmt.Sprintf("%s: %s's shift %s-%s is outside opening hours", sh.Date, who, sh.Start, sh.End)}
	})
}

func checkGrid(c *Checker) []planner.Violation {
	st := c.st
	return c.eachShift(func(sh planner.Shift, s planner.Staff, who string) *planner.Violation {
		for _, t := range []calendar.Clock{sh.Start, sh.End, sh.BreakStart, sh.BreakEnd} {
			if t != 0 && int(t-st.Open)%st.SlotMinutes != 0 {
				return &planner.Violation{Rule: RuleGrid, StaffID: s.ID, Date: sh.Date, Time: t,
					Msg: fmt.Sprintf("%s: %s's shift time %s is not on the %d-minute slot grid", sh.Date, who, t, st.SlotMinutes)}
			}
		}
		return nil
	})
}

// templateStarts reports whether template t lets a shift start at start (ShiftOptions: from
// the later of its earliest start and opening, every step, up to its latest start).
func templateStarts(st planner.Settings, t planner.ShiftTemplate, start calendar.Clock) bool {
	first := max(t.EarliestStart, st.Open)
	step := t.StepMinutes
	if step <= 0 {
		step = st.SlotMinutes
	}
	return start >= first && start <= t.LatestStart && int(start-first)%step == 0
}

// templateSpans reports whether template t lets a shift last span minutes, breaks included.
func templateSpans(t planner.ShiftTemplate, span int) bool {
	return span >= t.MinMinutes && span <= t.MaxMinutes
}

// matchingTemplates returns the templates that allow the shift's start and span.
func matchingTemplates(st planner.Settings, templates []planner.ShiftTemplate, sh planner.Shift) []planner.ShiftTemplate {
	var out []planner.ShiftTemplate
	for _, t := range templates {
		if templateStarts(st, t, sh.Start) && templateSpans(t, int(sh.End-sh.Start)) {
			out = append(out, t)
		}
	}
	return out
}

func checkTemplate(c *Checker) []planner.Violation {
	st, templates := c.st, c.ds.ShiftTemplates
	if len(templates) == 0 {
		return nil
	}
	return c.eachShift(func(sh planner.Shift, s planner.Staff, who string) *planner.Violation {
		if sh.End <= sh.Start || len(matchingTemplates(st, templates, sh)) > 0 {
			return nil
		}
		span := int(sh.End - sh.Start)
		var starting []string
		for _, t := range templates {
			if templateStarts(st, t, sh.Start) {
				starting = append(starting, fmt.Sprintf("%s %s-%s", t.Name, hours(t.MinMinutes), hours(t.MaxMinutes)))
			}
		}
		msg := fmt.Sprintf("%s: %s's shift %s-%s starts at %s, which no shift template allows (%s)", sh.Date, who, sh.Start, sh.End, sh.Start, templateStartsText(st, templates))
		if len(starting) > 0 {
			msg = fmt.Sprintf("%s: %s's shift %s-%s lasts %s, where the templates starting at %s allow %s", sh.Date, who, sh.Start, sh.End, hours(span), sh.Start, strings.Join(starting, ", "))
		}
		return &planner.Violation{Rule: RuleTemplate, StaffID: s.ID, Date: sh.Date, Time: sh.Start, Msg: msg}
	})
}

// templateStartsText describes the starts the templates allow, e.g. "Early 07:30-09:30 every
// 30 min; Late 13:00".
func templateStartsText(st planner.Settings, templates []planner.ShiftTemplate) string {
	parts := make([]string, len(templates))
	for i, t := range templates {
		first := max(t.EarliestStart, st.Open)
		step := t.StepMinutes
		if step <= 0 {
			step = st.SlotMinutes
		}
		if first == t.LatestStart {
			parts[i] = fmt.Sprintf("%s %s", t.Name, first)
		} else {
			parts[i] = fmt.Sprintf("%s %s-%s every %d min", t.Name, first, t.LatestStart, step)
		}
	}
	return strings.Join(parts, "; ")
}

func checkMinShift(c *Checker) []planner.Violation {
	st := c.st
	return c.eachShift(func(sh planner.Shift, s planner.Staff, who string) *planner.Violation {
		if float64(sh.Minutes()) >= st.MinShiftHours*60-1e-9 {
			return nil
		}
		return &planner.Violation{Rule: RuleMinShift, StaffID: s.ID, Date: sh.Date, Time: sh.Start,
			Msg: fmt.Sprintf("%s: %s's shift %s-%s pays %s, less than the %gh minimum", sh.Date, who, sh.Start, sh.End, hours(sh.Minutes()), st.MinShiftHours)}
	})
}

func checkMaxHoursDay(c *Checker) []planner.Violation {
	return c.eachShift(func(sh planner.Shift, s planner.Staff, who string) *planner.Violation {
		if s.MaxHoursDay <= 0 || float64(sh.Minutes()) <= s.MaxHoursDay*60+1e-9 {
			return nil
		}
		return &planner.Violation{Rule: RuleMaxHoursDay, StaffID: s.ID, Date: sh.Date,
			Msg: fmt.Sprintf("%s: %s works %s, above the %gh a day of the contract", sh.Date, who, hours(sh.Minutes()), s.MaxHoursDay)}
	})
}

// breakProblem returns what is wrong with the break of shift sh under template t, or "".
// ShiftOptions places a break of BreakMinutes in a shift longer than BreakAfterMinutes,
// starting no earlier than BreakEarliest and ending no later than BreakLatest, with a slot
// worked before and after it.
func breakProblem(st planner.Settings, t planner.ShiftTemplate, sh planner.Shift) string {
	span := int(sh.End - sh.Start)
	if t.BreakMinutes <= 0 || span <= t.BreakAfterMinutes {
		return ""
	}
	brk := int(sh.BreakEnd - sh.BreakStart)
	if brk < t.BreakMinutes {
		return fmt.Sprintf("has no %d-minute break (template %s: shifts over %s)", t.BreakMinutes, t.Name, hours(t.BreakAfterMinutes))
	}
	slot := calendar.Clock(st.SlotMinutes)
	from, to := max(t.BreakEarliest, sh.Start+slot), min(t.BreakLatest, sh.End-slot)
	if sh.BreakStart < from || sh.BreakEnd > to {
		return fmt.Sprintf("has its break %s-%s outside the window %s-%s (template %s)", sh.BreakStart, sh.BreakEnd, from, to, t.Name)
	}
	return ""
}

func checkBreak(c *Checker) []planner.Violation {
	st, templates := c.st, c.ds.ShiftTemplates
	return c.eachShift(func(sh planner.Shift, s planner.Staff, who string) *planner.Violation {
		if sh.End <= sh.Start {
			return nil
		}
		ts := matchingTemplates(st, templates, sh)
		if len(ts) == 0 {
			ts = templates // the shift-template rule reports the shift; its break is judged by every template
		}
		first := ""
		for _, t := range ts {
			p := breakProblem(st, t, sh)
			if p == "" {
				return nil
			}
			if first == "" {
				first = p
			}
		}
		if first == "" {
			return nil
		}
		return &planner.Violation{Rule: RuleBreak, StaffID: s.ID, Date: sh.Date, Time: sh.BreakStart,
			Msg: fmt.Sprintf("%s: %s's shift %s-%s %s", sh.Date, who, sh.Start, sh.End, first)}
	})
}

// checkPersonRules returns the check of rule name among the rules over one person's shifts
// taken together: one a day, rest, weekly hours and days.
func checkPersonRules(name string) func(*Checker) []planner.Violation {
	return func(c *Checker) []planner.Violation {
		ids := make([]string, 0, len(c.byStaff))
		for id := range c.byStaff {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		var out []planner.Violation
		for _, id := range ids {
			s, ok := c.person(id)
			if !ok {
				continue
			}
			for _, v := range c.personViolations(s, c.byStaff[id]) {
				if v.Rule == name {
					out = append(out, v)
				}
			}
		}
		return out
	}
}

// personViolations checks the rules over one person's shifts: one a day, rest, and each week's
// hours (at most the contract's, at least its minimum as the planner holds it: see
// Workable.MinWeekMinutes) and days.
func (c *Checker) personViolations(s planner.Staff, shifts []planner.Shift) []planner.Violation {
	var out []planner.Violation
	st, r := c.st, c.r
	w := who(s)
	minRest := int(math.Round(st.MinRestHours * 60))
	weekMin := map[calendar.Date]int{}
	weekDays := map[calendar.Date]int{}
	for i, sh := range shifts {
		weekMin[weekKey(sh.Date)] += sh.Minutes()
		weekDays[weekKey(sh.Date)]++
		if i == 0 {
			continue
		}
		prev := shifts[i-1]
		if prev.Date == sh.Date {
			out = append(out, planner.Violation{Rule: RuleOneShift, StaffID: s.ID, Date: sh.Date,
				Msg: fmt.Sprintf("%s: %s has two shifts (%s-%s and %s-%s)", sh.Date, w, prev.Start, prev.End, sh.Start, sh.End)})
			continue
		}
		rest := sh.Date.Sub(prev.Date)*24*60 + int(sh.Start) - int(prev.End)
		if rest < minRest {
			out = append(out, planner.Violation{Rule: RuleMinRest, StaffID: s.ID, Date: sh.Date, Time: sh.Start,
				Msg: fmt.Sprintf("%s: %s rests only %s between %s %s and %s %s (minimum %gh)", sh.Date, w, hours(rest), prev.Date, prev.End, sh.Date, sh.Start, st.MinRestHours)})
		}
	}
	minWeek := 0
	if c.work != nil && s.Status != planner.StatusNew {
		minWeek = c.work.MinWeekMinutes(c.staff[s.ID])
	}
	for wk := r.From.Monday(); !wk.After(r.To); wk = wk.AddDays(7) {
		m, n := weekMin[wk], weekDays[wk]
		if float64(m) > s.MaxHoursWeek*60+1e-9 {
			out = append(out, planner.Violation{Rule: RuleMaxHoursWeek, StaffID: s.ID, Date: wk,
				Msg: fmt.Sprintf("week of %s: %s works %s, above the contract's %gh", wk, w, hours(m), s.MaxHoursWeek)})
		}
		if m < minWeek {
			msg := fmt.Sprintf("week of %s: %s works %s, below the contract's %gh", wk, w, hours(m), s.MinHoursWeek)
			if float64(minWeek) < s.MinHoursWeek*60-1e-9 {
				msg = fmt.Sprintf("week of %s: %s works %s, below the %s their contract (%gh) and availability ask", wk, w, hours(m), hours(minWeek), s.MinHoursWeek)
			}
			out = append(out, planner.Violation{Rule: RuleMinHoursWeek, StaffID: s.ID, Date: wk, Msg: msg})
		}
		if s.MaxDaysWeek > 0 && n > s.MaxDaysWeek {
			out = append(out, planner.Violation{Rule: RuleMaxDaysWeek, StaffID: s.ID, Date: wk,
				Msg: fmt.Sprintf("week of %s: %s works %d days, above the contract's %d", wk, w, n, s.MaxDaysWeek)})
		}
	}
	return out
}

func checkAvailability(c *Checker) []planner.Violation {
	if c.ixErr != nil {
		return []planner.Violation{{Rule: RuleAvailability, Msg: c.ixErr.Error()}}
	}
	return availabilityViolations(c.ix, c.ds, c.r)
}

// slotRuns collects the violations of a slot rule over the open slots of the roster's
// horizon, one violation per run of consecutive slots with the same key (rule, staff, line).
type slotRuns struct {
	c    *Checker
	day  calendar.Date
	open []*slotRun
	seen map[string]bool
	out  []planner.Violation
}

type slotRun struct {
	key      string
	v        planner.Violation
	from, to calendar.Clock
	msg      func(from, to calendar.Clock) string
}

// mark records that the violation v (its Rule, StaffID and Line make the key) holds in the
// slot starting at t, with msg to describe a run.
func (sr *slotRuns) mark(v planner.Violation, t calendar.Clock, msg func(from, to calendar.Clock) string) {
	key := v.Rule + "|" + v.StaffID + "|" + v.Line
	sr.seen[key] = true
	slot := calendar.Clock(sr.c.st.SlotMinutes)
	for _, u := range sr.open {
		if u.key == key && u.to == t {
			u.to = t + slot
			return
		}
	}
	sr.open = append(sr.open, &slotRun{key: key, v: v, from: t, to: t + slot, msg: msg})
}

// next closes the runs not marked in the slot just done.
func (sr *slotRuns) next(final bool) {
	var still []*slotRun
	for _, u := range sr.open {
		if sr.seen[u.key] && !final {
			still = append(still, u)
			continue
		}
		v := u.v
		v.Date, v.Time, v.Msg = sr.day, u.from, u.msg(u.from, u.to)
		sr.out = append(sr.out, v)
	}
	sr.open = still
	sr.seen = map[string]bool{}
}

// eachSlot calls f for every open slot of the roster's horizon (day di of r.Days(), slot si of
// the settings' slots), and returns the violations f marked, merged into runs.
func (c *Checker) eachSlot(f func(sr *slotRuns, di, si int)) []planner.Violation {
	sr := &slotRuns{c: c, seen: map[string]bool{}}
	for di, day := range c.r.Days() {
		if !c.ds.OpenOn(day) {
			continue
		}
		sr.day = day
		for si := range c.slots {
			f(sr, di, si)
			sr.next(false)
		}
		sr.next(true)
	}
	return sr.out
}

// onDuty returns the people on duty in slot si of day di (on the phone or not, new staff
// included), with the lines they answer there (a bit per index of ds.Lines), in staff order.
func (c *Checker) onDuty(di, si int) []planner.PhoneAgent {
	day, t := c.r.From.AddDays(di), c.slots[si]
	var out []planner.PhoneAgent
	for _, sh := range c.r.Shifts {
		if sh.Date != day || !sh.OnDuty(t, c.st.SlotMinutes) {
			continue
		}
		pi, ok := c.staff[sh.StaffID]
		if !ok {
			continue
		}
		s := c.ds.Staff[pi]
		out = append(out, planner.PhoneAgent{Staff: pi, Lines: shiftLines(sh, s, c.lineIdx), Speed: s.EffectiveProductivity()})
	}
	slices.SortFunc(out, func(a, b planner.PhoneAgent) int { return a.Staff - b.Staff })
	return out
}

// BesideMentor returns the hours person s is on duty beside a mentor who answers their line,
// in the week of wk (every week when wk is zero).
func (c *Checker) BesideMentor(s planner.Staff, wk calendar.Date) float64 {
	hours := 0.0
	n := len(c.r.Days())
	for _, sh := range c.byStaff[s.ID] {
		di := sh.Date.Sub(c.r.From)
		if (!wk.IsZero() && sh.Date.Monday() != wk) || di < 0 || di >= n {
			continue
		}
		lines := shiftLines(sh, s, c.lineIdx)
		for si, t := range c.slots {
			if sh.OnDuty(t, c.st.SlotMinutes) && c.mentorBeside(c.onDuty(di, si), lines) {
				hours += float64(c.st.SlotMinutes) / 60
			}
		}
	}
	return hours
}

// mentorBeside reports whether a mentor who answers one of lines is on duty among duty.
func (c *Checker) mentorBeside(duty []planner.PhoneAgent, lines uint64) bool {
	return slices.ContainsFunc(duty, func(m planner.PhoneAgent) bool {
		return m.Lines&lines != 0 && c.ds.Staff[m.Staff].Status == planner.StatusMentor
	})
}

func checkCoordinator(c *Checker) []planner.Violation {
	return c.eachSlot(func(sr *slotRuns, di, si int) {
		for _, a := range c.onDuty(di, si) {
			if c.ds.Staff[a.Staff].IsCoordinator() {
				return
			}
		}
		day := sr.day
		sr.mark(planner.Violation{Rule: RuleCoordinator}, c.slots[si], func(from, to calendar.Clock) string {
			return fmt.Sprintf("%s %s-%s: no coordinator on duty", day, from, to)
		})
	})
}

func checkLineFloor(c *Checker) []planner.Violation {
	floor := c.st.MinAgentsPerLine
	if floor <= 0 || c.demand == nil {
		return nil
	}
	d := c.demand // its days are the roster's
	return c.eachSlot(func(sr *slotRuns, di, si int) {
		duty := c.onDuty(di, si)
		for li, line := range d.Lines {
			calls := d.Load[di][si][li].Calls
			if calls <= 0 {
				continue
			}
			n := 0
			for _, a := range duty {
				if a.Answers(li) && c.ds.Staff[a.Staff].TakesCalls() {
					n++
				}
			}
			if n >= floor {
				continue
			}
			day := sr.day
			sr.mark(planner.Violation{Rule: RuleLineFloor, Line: line}, d.Slots[si], func(from, to calendar.Clock) string {
				if n == 0 {
					return fmt.Sprintf("%s %s-%s: nobody answers line %s, which has calls forecast", day, from, to, line)
				}
				return fmt.Sprintf("%s %s-%s: %d people answer line %s, below min_agents_per_line %d", day, from, to, n, line, floor)
			})
		}
	})
}

func checkMentor(c *Checker) []planner.Violation {
	lines := c.ds.LineIDs()
	return c.eachSlot(func(sr *slotRuns, di, si int) {
		duty := c.onDuty(di, si)
		for _, a := range duty {
			s := c.ds.Staff[a.Staff]
			if !s.Supervised() {
				continue
			}
			for li, line := range lines {
				if !a.Answers(li) || c.mentorBeside(duty, 1<<li) {
					continue
				}
				day := sr.day
				sr.mark(planner.Violation{Rule: RuleMentor, StaffID: s.ID, Line: line}, c.slots[si], func(from, to calendar.Clock) string {
					return fmt.Sprintf("%s %s-%s: %s (%s, %s) is on line %s with no mentor of that line on duty", day, from, to, s.Name, s.ID, s.Status, line)
				})
			}
		}
	})
}

func checkMentorRatio(c *Checker) []planner.Violation {
	ratio := max(1, c.st.MaxTraineesPerMentor)
	return c.eachSlot(func(sr *slotRuns, di, si int) {
		learners, mentors := 0, 0
		for _, a := range c.onDuty(di, si) {
			s := c.ds.Staff[a.Staff]
			switch {
			case s.Supervised():
				learners++
			case s.Status == planner.StatusMentor:
				mentors++
			}
		}
		if mentors == 0 || learners <= ratio*mentors {
			return // without a mentor, the mentor rule speaks
		}
		day := sr.day
		sr.mark(planner.Violation{Rule: RuleMentorRatio}, c.slots[si], func(from, to calendar.Clock) string {
			return fmt.Sprintf("%s %s-%s: %d trainees and new staff on duty beside %d mentor(s), above %d per mentor", day, from, to, learners, mentors, ratio)
		})
	})
}

func checkTrainingHours(c *Checker) []planner.Violation {
	var out []planner.Violation
	days := c.r.Days()
	for _, s := range c.ds.Staff {
		if s.Status != planner.StatusNew || s.TrainingHours <= 0 {
			continue
		}
		for wk := c.r.From.Monday(); !wk.After(c.r.To); wk = wk.AddDays(7) {
			open := 0
			for _, day := range days {
				if c.ds.OpenOn(day) && day.Monday() == wk {
					open++
				}
			}
			if open == 0 || len(c.st.OpenDays) == 0 {
				continue
			}
			asked := s.TrainingHours * float64(open) / float64(len(c.st.OpenDays))
			given := c.BesideMentor(s, wk)
			if given < asked-1e-9 {
				out = append(out, planner.Violation{Rule: RuleTrainingHours, StaffID: s.ID, Date: wk,
					Msg: fmt.Sprintf("week of %s: %s (%s, new) gets %gh of the %gh of shadowing beside a mentor asked", wk, s.Name, s.ID, round1(given), round1(asked))})
			}
		}
	}
	return out
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func checkWishes(c *Checker) []planner.Violation {
	if c.work == nil {
		return nil
	}
	w, d := c.work, c.demand
	var out []planner.Violation
	for pi, s := range c.ds.Staff {
		for di, day := range d.Days {
			if !d.Open[di] {
				continue
			}
			win := c.ix.Day(s.ID, day)
			var worked *planner.Shift
			for i, sh := range c.byStaff[s.ID] {
				if sh.Date == day {
					worked = &c.byStaff[s.ID][i]
					break
				}
			}
			for _, want := range []struct {
				ivs  calendar.Intervals
				on   bool
				word string
			}{{win.Preferred, true, "prefers"}, {win.Avoided, false, "would rather avoid"}} {
				if len(want.ivs) == 0 || !w.CanMeet(pi, di, want.ivs) {
					continue
				}
				hit := worked != nil && want.ivs.Overlaps(calendar.Interval{Start: worked.Start, End: worked.End})
				if hit == want.on {
					continue
				}
				out = append(out, planner.Violation{Rule: RuleWishes, StaffID: s.ID, Date: day,
					Msg: fmt.Sprintf("%s: %s %s %s", day, who(s), want.word, want.ivs)})
			}
		}
	}
	return out
}

// Workable is what each person may work over a horizon: the shift options of the templates
// and, per person and open day, those within their availability and their contract's hours a
// day. The planner offers nothing else; the rules that ask what a person could have worked
// (wishes, the weekly minimum) look here.
type Workable struct {
	Options []planner.ShiftOption
	// Allowed[person][day] are the indexes in Options that the person (as in the dataset's
	// Staff) may work on the day (as in the demand's Days).
	Allowed [][][]int
	ds      *planner.Dataset
	demand  *planner.Demand
}

// NewWorkable returns what each person of ds may work over the horizon of d, from the shift
// options opts (ShiftOptions) and the availability index ix.
func NewWorkable(ds *planner.Dataset, d *planner.Demand, opts []planner.ShiftOption, ix *planner.AvailabilityIndex) *Workable {
	w := &Workable{Options: opts, ds: ds, demand: d, Allowed: make([][][]int, len(ds.Staff))}
	for si, s := range ds.Staff {
		w.Allowed[si] = make([][]int, len(d.Days))
		for di, day := range d.Days {
			if !d.Open[di] {
				continue
			}
			win := ix.Day(s.ID, day)
			for o, opt := range opts {
				if s.MaxHoursDay > 0 && float64(opt.Minutes()) > s.MaxHoursDay*60+1e-9 {
					continue
				}
				if win.Allows(opt.Start, opt.End) {
					w.Allowed[si][di] = append(w.Allowed[si][di], o)
				}
			}
		}
	}
	return w
}

// CanMeet reports whether person pi has a shift option on day di that overlaps ivs: a wish
// about ivs counts only then (the planner makes no request otherwise).
func (w *Workable) CanMeet(pi, di int, ivs calendar.Intervals) bool {
	for _, o := range w.Allowed[pi][di] {
		opt := w.Options[o]
		if ivs.Overlaps(calendar.Interval{Start: opt.Start, End: opt.End}) {
			return true
		}
	}
	return false
}

// MinWeekMinutes is the weekly minimum person pi (index in the dataset's Staff) is held to: the contract's minimum, lowered to
// what their availability and contract allow in each week of the horizon (a student with
// exams cannot be held to a contract minimum; a closed day offers nothing), and dropped when
// the horizon covers a week in part. The optimiser holds every week to one minimum, the smallest of the weeks'. New staff
// have none (training-hours asks their shadowing instead).
func (w *Workable) MinWeekMinutes(pi int) int {
	s := w.ds.Staff[pi]
	minimum := int(math.Round(s.MinHoursWeek * 60))
	if minimum == 0 || s.Status == planner.StatusNew {
		return 0
	}
	d := w.demand
	first := d.From.Monday()
	weeks := map[int][]int{} // week index -> the longest allowed option of each day
	for di, day := range d.Days {
		wk := day.Sub(first) / 7
		top := 0
		for _, o := range w.Allowed[pi][di] {
			top = max(top, w.Options[o].Minutes())
		}
		weeks[wk] = append(weeks[wk], top)
	}
	for _, best := range weeks {
		capacity := 0
		if len(best) == 7 { // a whole week; its closed days offer nothing
			capacity = sumLargest(best, s.MaxDaysWeek)
			if s.MaxHoursWeek > 0 {
				capacity = min(capacity, int(math.Round(s.MaxHoursWeek*60)))
			}
		}
		minimum = min(minimum, capacity)
	}
	return minimum
}

// sumLargest returns the sum of the k largest values of xs (all of them when k <= 0).
func sumLargest(xs []int, k int) int {
	s := append([]int(nil), xs...)
	slices.Sort(s)
	slices.Reverse(s)
	if k > 0 && k < len(s) {
		s = s[:k]
	}
	sum := 0
	for _, x := range s {
		sum += x
	}
	return sum
}

// availabilityViolations lists the shifts of roster r that fall outside their person's availability on
// dataset ds: one availability violation per shift, naming the rules in the way.
func availabilityViolations(ix *planner.AvailabilityIndex, ds *planner.Dataset, r *planner.Roster) []planner.Violation {
	var out []planner.Violation
	for _, sh := range r.Shifts {
		w := ix.Day(sh.StaffID, sh.Date)
		if !w.IsOpen() || sh.End <= sh.Start || w.Allows(sh.Start, sh.End) {
			continue // closed days and broken shifts are the opening-hours rule's
		}
		name := sh.StaffID
		if s, ok := ds.StaffByID(sh.StaffID); ok {
			name = who(s)
		}
		why := w.Why(sh.Start, sh.End)
		reasons := make([]string, len(why))
		for i, u := range why {
			reasons[i] = u.String()
		}
		out = append(out, planner.Violation{Rule: RuleAvailability, StaffID: sh.StaffID, Date: sh.Date, Time: sh.Start,
			Msg: fmt.Sprintf("%s: %s's shift %s-%s is outside availability: %s", sh.Date, name, sh.Start, sh.End, strings.Join(reasons, "; "))})
	}
	return out
}

// shiftLines returns the lines a shift answers, a bit per line index.
func shiftLines(sh planner.Shift, st planner.Staff, lineIdx map[string]int) uint64 {
	var m uint64
	if sh.Line == planner.PooledLine {
		for _, l := range st.Lines {
			if li, ok := lineIdx[l]; ok {
				m |= 1 << li
			}
		}
	} else if li, ok := lineIdx[sh.Line]; ok {
		m = 1 << li
	}
	return m
}

// weekKey identifies the ISO week of a day by its Monday.
func weekKey(d calendar.Date) calendar.Date { return d.Monday() }

// hours formats minutes as hours for messages.
func hours(min int) string { return fmt.Sprintf("%gh", float64(min)/60) }
