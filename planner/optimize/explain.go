package optimize

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/rules"
	"github.com/deskplan/deskplan/solver"
)

// explainCoordinators proves infeasibility before solving when some open slot can have no
// coordinator at all: for each run of such slots it names every coordinator and why they
// cannot be there (unavailable and which rule, contract hours a day, no shift template that
// reaches the time).
func (p *problem) explainCoordinators() []string {
	var coords []int
	for i, s := range p.ds.Staff {
		if s.IsCoordinator() {
			coords = append(coords, i)
		}
	}
	if len(coords) == 0 {
		r, _ := rules.Named(rules.RuleCoordinator)
		return []string{fmt.Sprintf("%s (rule %s), and no staff member (qualified or mentor) has the role %q", r.Words, r.Name, planner.RoleCoordinator)}
	}
	return p.explainCover(coords, 1, func(di, si int) bool { return true },
		func(day calendar.Date, from, to calendar.Clock, n int) string {
			return fmt.Sprintf("no coordinator is available on %s %s-%s", longDate(day), from, to)
		})
}

// explainLineFloors proves infeasibility before solving when, on some line, too few people who
// take calls and answer it can be on duty while it has forecast calls (the line-floor rule).
func (p *problem) explainLineFloors() []string {
	floor := p.ds.Settings.MinAgentsPerLine
	if floor <= 0 {
		return nil
	}
	d := p.demand
	var out []string
	for li, line := range d.Lines {
		var who []int
		for i, s := range p.ds.Staff {
			if s.AnswersLine(line) && s.TakesCalls() {
				who = append(who, i)
			}
		}
		out = append(out, p.explainCover(who, floor, func(di, si int) bool { return d.Load[di][si][li].Calls > 0 },
			func(day calendar.Date, from, to calendar.Clock, n int) string {
				return fmt.Sprintf("line %s has calls forecast on %s %s-%s, but %d of the %d people min_agents_per_line asks can answer it then (line-floor)",
					line, longDate(day), from, to, n, floor)
			})...)
	}
	return out
}

// explainCover returns, for each run of slots of the horizon where need holds and fewer than
// min of the people who can be there, a sentence (say) and why each of who cannot be there.
func (p *problem) explainCover(who []int, min int, need func(di, si int) bool, say func(day calendar.Date, from, to calendar.Clock, n int) string) []string {
	d := p.demand
	var out []string
	for di, day := range d.Days {
		if !d.Open[di] {
			continue
		}
		can := make([]int, len(d.Slots))
		reach := make([][]bool, len(who))
		for k, pi := range who {
			reach[k] = make([]bool, len(d.Slots))
			for _, o := range p.allowed[pi][di] {
				for si, c := range d.Slots {
					if p.options[o].OnDuty(c, d.SlotMinutes) {
						reach[k][si] = true
					}
				}
			}
			for si, ok := range reach[k] {
				if ok {
					can[si]++
				}
			}
		}
		short := func(si int) bool { return need(di, si) && can[si] < min }
		for si := 0; si < len(d.Slots); {
			if !short(si) {
				si++
				continue
			}
			sj := si
			for sj < len(d.Slots) && short(sj) && can[sj] == can[si] {
				sj++
			}
			from, to := d.Slots[si], d.Slots[sj-1]+calendar.Clock(d.SlotMinutes)
			var why []string
			for k, pi := range who {
				if !slices.Contains(reach[k][si:sj], true) {
					why = append(why, p.whyNot(pi, di, from, to))
				}
			}
			msg := say(day, from, to, can[si])
			if len(why) > 0 {
				msg += ": " + strings.Join(limit(why, 8), "; ")
			}
			out = append(out, msg)
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
// days and slots it names (consecutive slots of a day as one time range).
func (hm *helpdeskModel) explainSolver(e *solver.InfeasibleError) *planner.InfeasibleError {
	d, ds := hm.p.demand, hm.p.ds
	msg := ruleWords(e) + ": no roster found keeps it"
	var names []string
	for _, w := range e.Workers {
		if w >= 0 && w < len(ds.Staff) {
			names = append(names, fmt.Sprintf("%s (%s)", ds.Staff[w].Name, ds.Staff[w].ID))
		}
	}
	// cells back to (day, slot)
	slotsOf := make([][]bool, len(d.Days))
	for _, c := range e.Cells {
		for di := range d.Days {
			for si := range d.Slots {
				if hm.coordCell[di][si] == c || hm.poolCell[di][si] == c || slices.Contains(hm.lineCell[di][si], c) {
					if slotsOf[di] == nil {
						slotsOf[di] = make([]bool, len(d.Slots))
					}
					slotsOf[di][si] = true
				}
			}
		}
	}
	var where []string
	for di, marked := range slotsOf {
		if marked != nil {
			where = append(where, longDate(d.Days[di])+" "+ranges(d, marked))
		}
	}
	if len(where) == 0 {
		for _, di := range e.Days {
			if di >= 0 && di < len(d.Days) {
				where = append(where, longDate(d.Days[di]))
			}
		}
	}
	if len(where) > 0 {
		msg += " on " + strings.Join(limit(where, 6), "; ")
	}
	if len(names) > 0 {
		msg += " (staff: " + strings.Join(limit(names, 8), ", ") + ")"
	}
	if len(where) == 0 && len(names) == 0 && e.Reason != "" {
		msg += ": " + e.Reason
	}
	return &planner.InfeasibleError{Reasons: []string{msg}}
}

// ranges formats the marked slots of a day as "07:30-09:00, 14:00-14:30".
func ranges(d *planner.Demand, marked []bool) string {
	var out []string
	for si := 0; si < len(marked); si++ {
		if !marked[si] {
			continue
		}
		sj := si
		for sj+1 < len(marked) && marked[sj+1] {
			sj++
		}
		out = append(out, fmt.Sprintf("%s-%s", d.Slots[si], d.Slots[sj]+calendar.Clock(d.SlotMinutes)))
		si = sj
	}
	return strings.Join(out, ", ")
}

// coordinatorCapacity proves the coordinator rule impossible by counting, before any search:
// each coordinator works at most one shift a day, on duty at most min(longest shift, max hours
// a day); at most max days a week; at most max hours a week. It returns nothing when the
// counts leave room (which does not prove a roster exists).
func (p *problem) coordinatorCapacity() []string {
	d, ds := p.demand, p.ds
	st := ds.Settings
	longest := 0
	for _, o := range p.options {
		longest = max(longest, int(o.End-o.Start))
	}
	if longest == 0 {
		return nil
	}
	dayMinutes := int(st.Close - st.Open)
	perDay := (dayMinutes + longest - 1) / longest
	var coords []planner.Staff
	var who []string
	dayCover := 0
	for _, s := range ds.Staff {
		if !s.HasRole(planner.RoleCoordinator) || s.Status == planner.StatusNew || s.Status == planner.StatusTrainee {
			continue
		}
		coords = append(coords, s)
		who = append(who, fmt.Sprintf("%s (max %d days, %gh a week, %gh a day)", s.Name, s.MaxDaysWeek, s.MaxHoursWeek, s.MaxHoursDay))
		span := longest
		if s.MaxHoursDay > 0 {
			span = min(span, int(s.MaxHoursDay*60))
		}
		dayCover += span
	}
	if len(coords) == 0 {
		return nil
	}
	if dayCover < dayMinutes {
		return []string{fmt.Sprintf("each open day needs %s of coordinator time (%s-%s), but with one shift a day each the coordinators cover at most %s: %s",
			hours(dayMinutes), st.Open, st.Close, hours(dayCover), strings.Join(who, ", "))}
	}
	// per week of the horizon
	openIn := map[calendar.Date]int{}
	var weeks []calendar.Date
	for di, day := range d.Days {
		if !d.Open[di] {
			continue
		}
		wk := day.Monday()
		if openIn[wk] == 0 {
			weeks = append(weeks, wk)
		}
		openIn[wk]++
	}
	for _, wk := range weeks {
		open := openIn[wk]
		shifts, minutes := 0, 0
		for _, s := range coords {
			days := s.MaxDaysWeek
			if days == 0 || days > open {
				days = open
			}
			shifts += days
			minutes += int(s.MaxHoursWeek * 60)
		}
		if need := perDay * open; shifts < need {
			return []string{fmt.Sprintf("week of %s: covering %s-%s on %d days takes at least %d coordinator shifts (shifts last at most %s), but the coordinators may work %d: %s",
				wk, st.Open, st.Close, open, need, hours(longest), shifts, strings.Join(who, ", "))}
		}
		if need := dayMinutes * open; minutes < need {
			return []string{fmt.Sprintf("week of %s: covering the opening hours takes %s of coordinator time, but the coordinators' contracts allow %s: %s",
				wk, hours(need), hours(minutes), strings.Join(who, ", "))}
		}
	}
	return nil
}

// ruleWords names the rule of the rule book behind the solver's infeasibility, in a sentence.
func ruleWords(e *solver.InfeasibleError) string {
	name := e.Rule
	switch e.Rule {
	case solver.RuleCover, solver.RuleSupervision:
		name = e.Name
	case solver.RuleMinWeekMinutes:
		name = rules.RuleMinHoursWeek
	case solver.RuleMaxWeekMinutes:
		name = rules.RuleMaxHoursWeek
	case solver.RuleMaxDaysPerWeek:
		name = rules.RuleMaxDaysWeek
	case solver.RuleRest:
		name = rules.RuleMinRest
	}
	base, line, _ := strings.Cut(name, " ")
	if r, ok := rules.Named(base); ok {
		if line != "" {
			return fmt.Sprintf("%s (rule %s, line %s)", r.Words, r.Name, line)
		}
		return fmt.Sprintf("%s (rule %s)", r.Words, r.Name)
	}
	return "rule " + e.Rule
}

func limit(xs []string, n int) []string {
	if len(xs) > n {
		return append(xs[:n:n], fmt.Sprintf("and %d more", len(xs)-n))
	}
	return xs
}

// hours formats minutes as hours for messages.
func hours(min int) string { return fmt.Sprintf("%gh", float64(min)/60) }
