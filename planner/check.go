package planner

import (
	"fmt"
	"math"
	"sort"

	"deskplan/planner/calendar"
)

// Rule names used in violations and explanations.
const (
	RuleUnknownStaff = "unknown-staff"
	RuleLine         = "line"
	RuleOneShift     = "one-shift-a-day"
	RuleOpening      = "opening-hours"
	RuleGrid         = "slot-grid"
	RuleMinShift     = "min-shift"
	RuleMaxHoursDay  = "max-hours-day"
	RuleMaxHoursWeek = "max-hours-week"
	RuleMinHoursWeek = "min-hours-week"
	RuleMaxDaysWeek  = "max-days-week"
	RuleMinRest      = "min-rest"
	RuleBreak        = "break"
	RuleAvailability = "availability"
	RuleMentor       = "mentor"
	RuleCoordinator  = "coordinator"
)

// Check lists every hard rule roster r breaks on dataset ds, in a stable order (by rule
// position in the roster: date, time, staff). A clean roster gives nil.
func Check(ds *Dataset, r *Roster) []Violation {
	st := ds.Settings
	var out []Violation
	add := func(v Violation) { out = append(out, v) }
	byStaff := map[string][]Shift{}
	for _, sh := range r.Shifts {
		s, ok := ds.StaffByID(sh.StaffID)
		if !ok {
			add(Violation{Rule: RuleUnknownStaff, StaffID: sh.StaffID, Date: sh.Date,
				Msg: fmt.Sprintf("%s: shift %s-%s is given to unknown staff id %q", sh.Date, sh.Start, sh.End, sh.StaffID)})
			continue
		}
		who := fmt.Sprintf("%s (%s)", s.Name, s.ID)
		byStaff[s.ID] = append(byStaff[s.ID], sh)
		if sh.Line != PooledLine && !s.AnswersLine(sh.Line) {
			add(Violation{Rule: RuleLine, StaffID: s.ID, Date: sh.Date, Line: sh.Line,
				Msg: fmt.Sprintf("%s %s: %s does not answer line %s (lines: %v)", sh.Date, sh.Start, who, sh.Line, s.Lines)})
		}
		if c, closed := ds.ClosedOn(sh.Date); closed {
			add(Violation{Rule: RuleOpening, StaffID: s.ID, Date: sh.Date, Time: sh.Start,
				Msg: fmt.Sprintf("%s: %s's shift %s-%s is on a day the desk is closed: %s", sh.Date, who, sh.Start, sh.End, c)})
		} else if !st.IsOpen(sh.Date.Weekday()) || sh.Start < st.Open || sh.End > st.Close || sh.End <= sh.Start {
			add(Violation{Rule: RuleOpening, StaffID: s.ID, Date: sh.Date, Time: sh.Start,
				Msg: fmt.Sprintf("%s: %s's shift %s-%s is outside opening hours", sh.Date, who, sh.Start, sh.End)})
		}
		for _, c := range []calendar.Clock{sh.Start, sh.End, sh.BreakStart, sh.BreakEnd} {
			if c != 0 && int(c-st.Open)%st.SlotMinutes != 0 {
				add(Violation{Rule: RuleGrid, StaffID: s.ID, Date: sh.Date, Time: c,
					Msg: fmt.Sprintf("%s: %s's shift time %s is not on the %d-minute slot grid", sh.Date, who, c, st.SlotMinutes)})
				break
			}
		}
		if float64(sh.Minutes()) < st.MinShiftHours*60-1e-9 {
			add(Violation{Rule: RuleMinShift, StaffID: s.ID, Date: sh.Date, Time: sh.Start,
				Msg: fmt.Sprintf("%s: %s's shift %s-%s is %s, shorter than the %gh minimum", sh.Date, who, sh.Start, sh.End, hours(sh.Minutes()), st.MinShiftHours)})
		}
		if s.MaxHoursDay > 0 && float64(sh.Minutes()) > s.MaxHoursDay*60+1e-9 {
			add(Violation{Rule: RuleMaxHoursDay, StaffID: s.ID, Date: sh.Date,
				Msg: fmt.Sprintf("%s: %s works %s, above the %gh a day of the contract", sh.Date, who, hours(sh.Minutes()), s.MaxHoursDay)})
		}
		if need := breakNeeded(ds.ShiftTemplates, int(sh.End-sh.Start)); need > 0 && int(sh.BreakEnd-sh.BreakStart) < need {
			add(Violation{Rule: RuleBreak, StaffID: s.ID, Date: sh.Date,
				Msg: fmt.Sprintf("%s: %s's shift %s-%s has no %d-minute break", sh.Date, who, sh.Start, sh.End, need)})
		}
	}
	ids := make([]string, 0, len(byStaff))
	for id := range byStaff {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		s, _ := ds.StaffByID(id)
		out = append(out, checkPerson(st, s, byStaff[id], r)...)
	}
	out = append(out, checkAvailability(ds, r)...)
	out = append(out, checkCoupling(ds, r)...)
	return out
}

// breakNeeded returns the break minutes a shift of length minutes needs under the templates
// (the smallest rule that applies), 0 if none.
func breakNeeded(templates []ShiftTemplate, length int) int {
	need := 0
	for _, t := range templates {
		if t.BreakMinutes > 0 && length > t.BreakAfterMinutes && (need == 0 || t.BreakMinutes < need) {
			need = t.BreakMinutes
		}
	}
	return need
}

// checkPerson checks the rules over one person's shifts: one a day, rest, weekly hours and
// days.
func checkPerson(st Settings, s Staff, shifts []Shift, r *Roster) []Violation {
	var out []Violation
	who := fmt.Sprintf("%s (%s)", s.Name, s.ID)
	SortShifts(shifts)
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
			out = append(out, Violation{Rule: RuleOneShift, StaffID: s.ID, Date: sh.Date,
				Msg: fmt.Sprintf("%s: %s has two shifts (%s-%s and %s-%s)", sh.Date, who, prev.Start, prev.End, sh.Start, sh.End)})
			continue
		}
		rest := sh.Date.Sub(prev.Date)*24*60 + int(sh.Start) - int(prev.End)
		if rest < minRest {
			out = append(out, Violation{Rule: RuleMinRest, StaffID: s.ID, Date: sh.Date, Time: sh.Start,
				Msg: fmt.Sprintf("%s: %s rests only %s between %s %s and %s %s (minimum %gh)", sh.Date, who, hours(rest), prev.Date, prev.End, sh.Date, sh.Start, st.MinRestHours)})
		}
	}
	for wk := r.From.Monday(); !wk.After(r.To); wk = wk.AddDays(7) {
		m, n := weekMin[wk], weekDays[wk]
		if float64(m) > s.MaxHoursWeek*60+1e-9 {
			out = append(out, Violation{Rule: RuleMaxHoursWeek, StaffID: s.ID, Date: wk,
				Msg: fmt.Sprintf("week of %s: %s works %s, above the contract's %gh", wk, who, hours(m), s.MaxHoursWeek)})
		}
		if s.MaxDaysWeek > 0 && n > s.MaxDaysWeek {
			out = append(out, Violation{Rule: RuleMaxDaysWeek, StaffID: s.ID, Date: wk,
				Msg: fmt.Sprintf("week of %s: %s works %d days, above the contract's %d", wk, who, n, s.MaxDaysWeek)})
		}
	}
	return out
}

// checkAvailability reports shifts outside a person's availability.
func checkAvailability(ds *Dataset, r *Roster) []Violation {
	ix, err := NewAvailabilityIndex(ds)
	if err != nil {
		return []Violation{{Rule: RuleAvailability, Msg: err.Error()}}
	}
	return ix.Violations(ds, r)
}

// checkCoupling reports slots where a trainee or new staff member is on duty without a mentor
// on the same line, or with more trainees than the mentors there may supervise, and open
// slots with no coordinator on duty. Runs of consecutive slots are reported once.
func checkCoupling(ds *Dataset, r *Roster) []Violation {
	st := ds.Settings
	slots := st.Slots()
	var out []Violation
	type run struct {
		rule, staff, line string
		from, to          calendar.Clock
		msg               func(from, to calendar.Clock) string
	}
	for day := r.From; !day.After(r.To); day = day.AddDays(1) {
		if !ds.OpenOn(day) {
			continue
		}
		var open []*run // runs still growing at the previous slot
		flush := func(keep map[string]bool) {
			var still []*run
			for _, u := range open {
				if keep[u.rule+"|"+u.staff+"|"+u.line] {
					still = append(still, u)
					continue
				}
				out = append(out, Violation{Rule: u.rule, StaffID: u.staff, Date: day, Time: u.from, Line: u.line, Msg: u.msg(u.from, u.to)})
			}
			open = still
		}
		extend := func(seen map[string]bool, rule, staff, line string, c calendar.Clock, msg func(from, to calendar.Clock) string) {
			key := rule + "|" + staff + "|" + line
			seen[key] = true
			for _, u := range open {
				if u.rule+"|"+u.staff+"|"+u.line == key && u.to == c {
					u.to = c + calendar.Clock(st.SlotMinutes)
					return
				}
			}
			open = append(open, &run{rule, staff, line, c, c + calendar.Clock(st.SlotMinutes), msg})
		}
		for _, c := range slots {
			seen := map[string]bool{}
			coordinators := 0
			mentors := map[string]int{}
			var learners []Staff
			var learnerLine []string
			for _, sh := range r.Shifts {
				if sh.Date != day || !sh.OnDuty(c, st.SlotMinutes) {
					continue
				}
				s, ok := ds.StaffByID(sh.StaffID)
				if !ok {
					continue
				}
				if s.HasRole(RoleCoordinator) {
					coordinators++
				}
				lines := []string{sh.Line}
				if sh.Line == PooledLine {
					lines = s.Lines
				}
				for _, l := range lines {
					switch s.Status {
					case StatusMentor:
						mentors[l]++
					case StatusTrainee, StatusNew:
						learners = append(learners, s)
						learnerLine = append(learnerLine, l)
					}
				}
			}
			if coordinators == 0 {
				extend(seen, RuleCoordinator, "", "", c, func(from, to calendar.Clock) string {
					return fmt.Sprintf("%s %s-%s: no coordinator on duty", day, from, to)
				})
			}
			trainees := map[string]int{}
			for i, s := range learners {
				l := learnerLine[i]
				if s.Status == StatusTrainee {
					trainees[l]++
				}
				if mentors[l] == 0 {
					extend(seen, RuleMentor, s.ID, l, c, func(from, to calendar.Clock) string {
						return fmt.Sprintf("%s %s-%s: %s (%s, %s) is on line %s with no mentor on duty", day, from, to, s.Name, s.ID, s.Status, l)
					})
				}
			}
			for _, l := range ds.LineIDs() {
				if n, m := trainees[l], mentors[l]; m > 0 && n > st.MaxTraineesPerMentor*m {
					extend(seen, RuleMentor, "", l, c, func(from, to calendar.Clock) string {
						return fmt.Sprintf("%s %s-%s: %d trainees on line %s beside %d mentor(s), above %d per mentor", day, from, to, n, l, m, st.MaxTraineesPerMentor)
					})
				}
			}
			flush(seen)
		}
		flush(nil)
	}
	return out
}
