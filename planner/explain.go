package planner

import (
	"fmt"
	"math"
	"strings"

	"deskplan/planner/calendar"
	"deskplan/solver"
)

// explainCoordinators proves infeasibility before solving when some open slot can have no
// coordinator at all: for each run of such slots it names every coordinator and why they
// cannot be there (unavailable and which rule, contract hours a day, no shift template that
// reaches the time).
func (p *problem) explainCoordinators() []string {
	d, ds := p.demand, p.ds
	var coords []int
	for i, s := range ds.Staff {
		if s.HasRole(RoleCoordinator) && s.Status != StatusNew && s.Status != StatusTrainee {
			coords = append(coords, i)
		}
	}
	if len(coords) == 0 {
		return []string{fmt.Sprintf("a coordinator must be on duty whenever the desk is open, and no staff member (qualified or mentor) has the role %q", RoleCoordinator)}
	}
	var out []string
	for di, day := range d.Days {
		if !d.Open[di] {
			continue
		}
		can := make([]bool, len(d.Slots))
		for _, pi := range coords {
			for _, o := range p.allowed[pi][di] {
				for si, c := range d.Slots {
					if p.options[o].OnDuty(c, d.SlotMinutes) {
						can[si] = true
					}
				}
			}
		}
		for si := 0; si < len(d.Slots); {
			if can[si] {
				si++
				continue
			}
			sj := si
			for sj < len(d.Slots) && !can[sj] {
				sj++
			}
			from, to := d.Slots[si], d.Slots[sj-1]+calendar.Clock(d.SlotMinutes)
			var why []string
			for _, pi := range coords {
				why = append(why, p.whyNot(pi, di, from, to))
			}
			out = append(out, fmt.Sprintf("no coordinator is available on %s %s-%s: %s", longDate(day), from, to, strings.Join(why, "; ")))
			si = sj
		}
	}
	return out
}

// whyNot says why person pi cannot be on duty on day di from..to.
func (p *problem) whyNot(pi, di int, from, to calendar.Clock) string {
	s := p.ds.Staff[pi]
	day := p.demand.Days[di]
	who := fmt.Sprintf("%s (%s)", s.Name, s.ID)
	w := p.avail.Day(s.ID, day)
	if why := w.Why(from, to); len(why) > 0 {
		parts := make([]string, len(why))
		for i, u := range why {
			parts[i] = u.String()
		}
		return who + " " + strings.Join(parts, ", ")
	}
	if len(p.allowed[pi][di]) == 0 {
		return fmt.Sprintf("%s has no shift that fits the day (max %gh a day)", who, s.MaxHoursDay)
	}
	return fmt.Sprintf("%s has no allowed shift reaching %s-%s (shift templates, max %gh a day, %gh minimum shift)", who, from, to, s.MaxHoursDay, p.ds.Settings.MinShiftHours)
}

// longDate formats a day as "Saturday 09 January 2027".
func longDate(d calendar.Date) string {
	return fmt.Sprintf("%s %02d %s %d", d.Weekday(), d.Day, d.Month, d.Year)
}

// explainSolver turns the solver's infeasibility into domain words: the rule, and the staff,
// days and slots it names.
func (hm *helpdeskModel) explainSolver(e *solver.InfeasibleError) *InfeasibleError {
	d, ds := hm.p.demand, hm.p.ds
	var names []string
	for _, w := range e.Workers {
		if w >= 0 && w < len(ds.Staff) {
			names = append(names, fmt.Sprintf("%s (%s)", ds.Staff[w].Name, ds.Staff[w].ID))
		}
	}
	var days []string
	for _, di := range e.Days {
		if di >= 0 && di < len(d.Days) {
			days = append(days, longDate(d.Days[di]))
		}
	}
	var cells []string
	for _, c := range e.Cells {
		if c >= 0 && c < len(hm.m.Cells) {
			cells = append(cells, hm.m.Cells[c].Name)
		}
	}
	msg := ruleWords(e.Rule)
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if len(names) > 0 {
		msg += "; staff: " + strings.Join(limit(names, 8), ", ")
	}
	if len(days) > 0 {
		msg += "; days: " + strings.Join(limit(days, 7), ", ")
	}
	if len(cells) > 0 {
		msg += "; slots: " + strings.Join(limit(cells, 6), ", ")
	}
	reasons := []string{msg}
	if e.Rule == RuleCoordinator || e.Rule == solver.RuleCover {
		reasons = append(reasons, hm.coordinatorCapacity()...)
	}
	return &InfeasibleError{Reasons: reasons}
}

// coordinatorCapacity explains a coordinator rule that no roster meets although every slot
// could have one: the weekly hours or days the coordinators may work against what the
// opening hours ask.
func (hm *helpdeskModel) coordinatorCapacity() []string {
	d, ds := hm.p.demand, hm.p.ds
	st := ds.Settings
	var out []string
	openDays := 0
	for di := range d.Days {
		if d.Open[di] {
			openDays++
		}
	}
	longest := 0
	for _, o := range hm.p.options {
		longest = max(longest, int(o.End-o.Start))
	}
	dayMinutes := int(st.Close - st.Open)
	perDay := int(math.Ceil(float64(dayMinutes) / float64(longest)))
	var shifts, minutes int
	var who []string
	for _, s := range ds.Staff {
		if !s.HasRole(RoleCoordinator) || s.Status == StatusNew || s.Status == StatusTrainee {
			continue
		}
		days := s.MaxDaysWeek
		if days == 0 || days > openDays {
			days = openDays
		}
		shifts += days
		minutes += int(s.MaxHoursWeek * 60)
		who = append(who, fmt.Sprintf("%s (max %d days, %gh a week, %gh a day)", s.Name, s.MaxDaysWeek, s.MaxHoursWeek, s.MaxHoursDay))
	}
	if need := perDay * openDays; shifts < need {
		out = append(out, fmt.Sprintf("covering %s-%s on %d days takes at least %d coordinator shifts a week (shifts last at most %s), but the coordinators may work %d: %s",
			st.Open, st.Close, openDays, need, hours(longest), shifts, strings.Join(who, ", ")))
	}
	if need := dayMinutes * openDays; minutes < need {
		out = append(out, fmt.Sprintf("covering the opening hours takes %s of coordinator time a week, but the coordinators' contracts allow %s", hours(need), hours(minutes)))
	}
	return out
}

func ruleWords(rule string) string {
	switch rule {
	case RuleCoordinator, solver.RuleCover:
		return "a coordinator must be on duty whenever the desk is open"
	case RuleMentor, solver.RuleSupervision:
		return "trainees and new staff work only beside a mentor"
	case solver.RuleMinWeekMinutes:
		return "contract minimum hours a week"
	case solver.RuleRest:
		return "rest between shifts"
	}
	return "rule " + rule
}

func limit(xs []string, n int) []string {
	if len(xs) > n {
		return append(xs[:n:n], fmt.Sprintf("and %d more", len(xs)-n))
	}
	return xs
}
