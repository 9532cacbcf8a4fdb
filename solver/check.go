package solver

import (
	"fmt"
	"math"
	"sort"
)

// Names of the hard rules, as used in Violation.Rule and InfeasibleError.Rule.
const (
	RuleAllowed         = "allowed"
	RuleMinMinutes      = "min-minutes"
	RuleMaxMinutes      = "max-minutes"
	RuleMinWeekMinutes  = "min-week-minutes"
	RuleMaxWeekMinutes  = "max-week-minutes"
	RuleMaxShifts       = "max-shifts"
	RuleMaxDaysPerWeek  = "max-days-per-week"
	RuleMaxConsecutive  = "max-consecutive"
	RuleMinConsecutive  = "min-consecutive"
	RuleMinConsecOff    = "min-consecutive-off"
	RuleMaxWeekends     = "max-weekends"
	RuleSuccession      = "succession"
	RuleRest            = "rest"
	RuleCover           = "cover"
	RuleSupervision     = "supervision"
	RuleSearchExhausted = "search"
)

// Violation is a broken hard rule. Worker, Day and Cell are -1 when they do not apply; Index is
// the index of the rule in its Model list for coupling rules, else -1.
type Violation struct {
	Rule   string
	Name   string // the coupling rule's Name, for RuleCover and RuleSupervision
	Worker int
	Day    int
	Cell   int
	Index  int
	Detail string
}

func (v Violation) String() string {
	s := v.Rule
	if v.Name != "" {
		s += " " + strconvQuote(v.Name)
	}
	if v.Worker >= 0 {
		s += fmt.Sprintf(" worker=%d", v.Worker)
	}
	if v.Day >= 0 {
		s += fmt.Sprintf(" day=%d", v.Day)
	}
	if v.Cell >= 0 {
		s += fmt.Sprintf(" cell=%d", v.Cell)
	}
	if v.Detail != "" {
		s += ": " + v.Detail
	}
	return s
}

// Report is the from-scratch evaluation of a solution: the objective, its parts, and every
// broken hard rule.
type Report struct {
	Objective float64 // Cells + Joints + Requests + Costs + Coupling + Fairness
	Cells     float64 // demand cell penalties
	Joints    float64 // joint penalties
	Requests  float64 // request penalties
	Costs     float64 // option costs and paid minutes
	Coupling  float64 // soft cover and supervision rules
	Fairness  float64
	Staff     []float64 // effective staff of each cell

	Violations []Violation
}

// Feasible reports whether no hard rule is broken.
func (r *Report) Feasible() bool { return len(r.Violations) == 0 }

// Check recomputes every hard rule and the objective of sol from scratch. It returns an error
// only if sol does not fit the model (wrong sizes, unknown options); broken rules are listed in
// the report.
func (m *Model) Check(sol Solution) (Report, error) {
	var rep Report
	if err := m.fits(sol); err != nil {
		return rep, err
	}
	forb := m.forbiddenMatrix()
	for w := range m.Workers {
		rep.Violations = append(rep.Violations, m.checkWorker(w, sol.Assign[w], forb)...)
	}
	m.checkCells(sol, &rep)
	m.checkRequests(sol, &rep)
	onDuty := m.onDuty(sol)
	m.checkCovers(onDuty, &rep)
	m.checkSupervisions(onDuty, &rep)
	m.checkFairness(sol, &rep)
	rep.Objective = rep.Cells + rep.Joints + rep.Requests + rep.Costs + rep.Coupling + rep.Fairness
	return rep, nil
}

// fits returns an error if sol does not fit the model: wrong sizes or unknown options.
func (m *Model) fits(sol Solution) error {
	if len(sol.Assign) != len(m.Workers) {
		return fmt.Errorf("solver: solution has %d workers, model %d", len(sol.Assign), len(m.Workers))
	}
	for w, row := range sol.Assign {
		if len(row) != m.Days {
			return fmt.Errorf("solver: worker %d has %d days, model %d", w, len(row), m.Days)
		}
		for d, o := range row {
			if o != Off && (o < 0 || o >= len(m.Options[d])) {
				return fmt.Errorf("solver: worker %d day %d: unknown option %d", w, d, o)
			}
		}
	}
	return nil
}

// checkCells sets the effective staff of each cell and the cells' and joints' penalties.
func (m *Model) checkCells(sol Solution, rep *Report) {
	staff := make([]float64, len(m.Cells))
	for w, row := range sol.Assign {
		wt := m.Workers[w].Weight
		for d, o := range row {
			if o == Off {
				continue
			}
			for _, c := range m.Options[d][o].Cover {
				staff[c.Cell] += wt * c.Coef
			}
		}
	}
	rep.Staff = staff
	for c := range m.Cells {
		rep.Cells += m.Cells[c].Penalty.Value(staff[c])
	}
	for _, j := range m.Joints {
		x := make([]float64, len(j.Cells))
		for i, c := range j.Cells {
			x[i] = staff[c]
		}
		rep.Joints += j.Penalty(x)
	}

}

// checkRequests adds the penalties of the requests not granted and the options' costs.
func (m *Model) checkRequests(sol Solution, rep *Report) {
	for _, r := range m.Requests {
		o := sol.Assign[r.Worker][r.Day]
		in := o != Off && (r.Options == nil || contains(r.Options, o))
		if in != r.On {
			rep.Requests += r.Weight
		}
	}
	for w, row := range sol.Assign {
		for d, o := range row {
			if o != Off {
				op := &m.Options[d][o]
				rep.Costs += op.Cost + m.Workers[w].CostPerMinute*float64(op.Length)
			}
		}
	}

}

// onDuty returns, for each cell, the workers on duty in it, in worker order.
func (m *Model) onDuty(sol Solution) [][]int {
	onDuty := make([][]int, len(m.Cells))
	for w, row := range sol.Assign {
		for d, o := range row {
			if o == Off {
				continue
			}
			for _, c := range m.Options[d][o].Cover {
				l := onDuty[c.Cell]
				if len(l) == 0 || l[len(l)-1] != w {
					onDuty[c.Cell] = append(l, w)
				}
			}
		}
	}
	return onDuty
}

// checkCovers lists the hard cover rules broken and adds the soft ones' penalties.
func (m *Model) checkCovers(onDuty [][]int, rep *Report) {
	for i, r := range m.Covers {
		for _, c := range r.Cells {
			n := 0
			for _, w := range onDuty[c] {
				if m.Workers[w].Kinds&r.Kinds != 0 {
					n++
				}
			}
			if short := r.Min - n; short > 0 {
				if r.Weight == 0 {
					rep.Violations = append(rep.Violations, Violation{Rule: RuleCover, Name: r.Name, Worker: -1, Day: -1, Cell: c, Index: i,
						Detail: fmt.Sprintf("rule %q: %d of %d workers on duty", r.Name, n, r.Min)})
				} else {
					rep.Coupling += r.Weight * float64(short)
				}
			}
		}
	}
}

// checkSupervisions lists the hard supervision rules broken and adds the soft ones' penalties.
func (m *Model) checkSupervisions(onDuty [][]int, rep *Report) {
	for i, r := range m.Supervisions {
		cells := r.Cells
		if cells == nil {
			cells = make([]int, len(m.Cells))
			for c := range cells {
				cells[c] = c
			}
		}
		for _, c := range cells {
			na, nb := 0, 0
			for _, w := range onDuty[c] {
				k := m.Workers[w].Kinds
				if k&r.Supervised != 0 {
					na++
				}
				if k&r.Supervisor != 0 {
					nb++
				}
			}
			if short := supShort(na, nb, r.Ratio); short > 0 {
				if r.Weight == 0 {
					rep.Violations = append(rep.Violations, Violation{Rule: RuleSupervision, Name: r.Name, Worker: -1, Day: -1, Cell: c, Index: i,
						Detail: fmt.Sprintf("rule %q: %d supervised, %d supervisors", r.Name, na, nb)})
				} else {
					rep.Coupling += r.Weight * float64(short)
				}
			}
		}
	}

}

// checkFairness adds the fairness rules' penalties: Weight times the spread of the counts.
func (m *Model) checkFairness(sol Solution, rep *Report) {
	for _, f := range m.Fairness {
		counts := make([]float64, len(f.Workers))
		for i, w := range f.Workers {
			if f.Initial != nil {
				counts[i] = f.Initial[i]
			}
			if f.Counted == nil {
				continue
			}
			for d, o := range sol.Assign[w] {
				if o != Off && contains(f.Counted[d], o) {
					counts[i]++
				}
			}
		}
		rep.Fairness += f.Weight * spread(counts, f.Spread)
	}
}

// supShort is the shortfall of supervisors for na supervised and nb supervisors.
func supShort(na, nb int, ratio float64) int {
	if na == 0 {
		return 0
	}
	if ratio <= 0 {
		if nb == 0 {
			return 1
		}
		return 0
	}
	need := int(math.Ceil(float64(na)/ratio - 1e-9))
	if need > nb {
		return need - nb
	}
	return 0
}

// spread measures the unevenness of counts.
func spread(counts []float64, s Spread) float64 {
	if len(counts) == 0 {
		return 0
	}
	switch s {
	case Range:
		lo, hi := counts[0], counts[0]
		for _, c := range counts {
			lo = math.Min(lo, c)
			hi = math.Max(hi, c)
		}
		return hi - lo
	default:
		sum, sq := 0.0, 0.0
		for _, c := range counts {
			sum += c
			sq += c * c
		}
		return sq - sum*sum/float64(len(counts))
	}
}

func (m *Model) forbiddenMatrix() [][]bool {
	f := make([][]bool, len(m.Types))
	for i := range f {
		f[i] = make([]bool, len(m.Types))
	}
	for _, s := range m.Forbidden {
		f[s.From][s.To] = true
	}
	return f
}

// checkWorker lists the worker rules that row breaks.
func (m *Model) checkWorker(w int, row []int, forb [][]bool) []Violation {
	wk := &m.Workers[w]
	var vs []Violation
	add := func(rule string, day int, format string, args ...any) {
		vs = append(vs, Violation{Rule: rule, Worker: w, Day: day, Cell: -1, Index: -1, Detail: fmt.Sprintf(format, args...)})
	}
	h := wk.History
	total := 0
	typeCount := make([]int, len(m.Types))
	weekMin := map[int]int{}
	weekDays := map[int]int{}
	weekendWorked := map[int]bool{}
	var weeks []int
	for d, o := range row {
		wkIdx := m.WeekOf(d)
		if len(weeks) == 0 || weeks[len(weeks)-1] != wkIdx {
			weeks = append(weeks, wkIdx)
		}
		if o == Off {
			continue
		}
		op := &m.Options[d][o]
		if wk.Allowed != nil && wk.Allowed[d] != nil && !contains(wk.Allowed[d], o) {
			add(RuleAllowed, d, "option %d not allowed", o)
		}
		total += op.Length
		typeCount[op.Type]++
		weekMin[wkIdx] += op.Length
		weekDays[wkIdx]++
		if m.IsWeekend(d) {
			weekendWorked[wkIdx] = true
		}
		// Succession and rest with the previous day.
		var prevType, prevEnd int
		prevWorked := false
		if d > 0 && row[d-1] != Off {
			p := &m.Options[d-1][row[d-1]]
			prevType, prevEnd, prevWorked = p.Type, p.End(), true
		} else if d == 0 && h != nil && h.Worked > 0 {
			prevType, prevEnd, prevWorked = h.LastType, h.LastEnd, true
		}
		if prevWorked {
			if forb[prevType][op.Type] {
				add(RuleSuccession, d, "%s after %s", m.Types[op.Type], m.Types[prevType])
			}
			if wk.MinRest > 0 {
				if rest := op.Start + 1440 - prevEnd; rest < wk.MinRest {
					add(RuleRest, d, "%d minutes of rest, %d needed", rest, wk.MinRest)
				}
			}
		}
	}
	if wk.MaxMinutes > 0 && total > wk.MaxMinutes {
		add(RuleMaxMinutes, -1, "%d minutes, at most %d", total, wk.MaxMinutes)
	}
	if total < wk.MinMinutes {
		add(RuleMinMinutes, -1, "%d minutes, at least %d", total, wk.MinMinutes)
	}
	if wk.MaxShifts != nil {
		for t, c := range typeCount {
			if wk.MaxShifts[t] > 0 && c > wk.MaxShifts[t] {
				add(RuleMaxShifts, -1, "%d shifts of type %s, at most %d", c, m.Types[t], wk.MaxShifts[t])
			}
		}
	}
	for _, k := range weeks {
		if wk.MaxWeekMinutes > 0 && weekMin[k] > wk.MaxWeekMinutes {
			add(RuleMaxWeekMinutes, m.firstDayOfWeek(k), "week %d: %d minutes, at most %d", k, weekMin[k], wk.MaxWeekMinutes)
		}
		if weekMin[k] < wk.MinWeekMinutes {
			add(RuleMinWeekMinutes, m.firstDayOfWeek(k), "week %d: %d minutes, at least %d", k, weekMin[k], wk.MinWeekMinutes)
		}
		if wk.MaxDaysPerWeek > 0 && weekDays[k] > wk.MaxDaysPerWeek {
			add(RuleMaxDaysPerWeek, m.firstDayOfWeek(k), "week %d: %d days, at most %d", k, weekDays[k], wk.MaxDaysPerWeek)
		}
	}
	if wk.MaxWeekends > 0 {
		n := len(weekendWorked)
		if h != nil {
			n += h.Weekends
		}
		if n > wk.MaxWeekends {
			add(RuleMaxWeekends, -1, "%d weekends worked, at most %d", n, wk.MaxWeekends)
		}
	}
	// Runs of working days and days off.
	for _, r := range runs(row, h) {
		switch {
		case r.work && wk.MaxConsecutive > 0 && r.length > wk.MaxConsecutive:
			add(RuleMaxConsecutive, r.start, "%d days in a row, at most %d", r.length, wk.MaxConsecutive)
		case r.work && !r.exempt && r.length < wk.MinConsecutive:
			add(RuleMinConsecutive, r.start, "%d days in a row, at least %d", r.length, wk.MinConsecutive)
		case !r.work && !r.exempt && r.length < wk.MinConsecutiveOff:
			add(RuleMinConsecOff, r.start, "%d days off in a row, at least %d", r.length, wk.MinConsecutiveOff)
		}
	}
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].Day < vs[j].Day })
	return vs
}

func (m *Model) firstDayOfWeek(k int) int {
	for d := range m.Days {
		if m.WeekOf(d) == k {
			return d
		}
	}
	return -1
}

type run struct {
	work          bool
	start, length int // start may be negative with history; length includes history days
	exempt        bool
}

// runs splits a roster into maximal runs of working days and days off. A run touching the
// end of the horizon is exempt from the minimum-run rules, and so is a run touching day 0
// when there is no history.
func runs(row []int, h *History) []run {
	var rs []run
	n := len(row)
	for d := 0; d < n; {
		work := row[d] != Off
		e := d
		for e < n && (row[e] != Off) == work {
			e++
		}
		r := run{work: work, start: d, length: e - d}
		if d == 0 {
			if h == nil || (h.Worked == 0 && h.Off == 0) {
				r.exempt = true
			} else if work && h.Worked > 0 {
				r.start, r.length = -h.Worked, r.length+h.Worked
			} else if !work && h.Off > 0 {
				r.start, r.length = -h.Off, r.length+h.Off
			}
		}
		if e == n {
			r.exempt = true
		}
		rs = append(rs, r)
		d = e
	}
	// A run of history that ends at day -1 must also be complete.
	if h != nil && n > 0 {
		if h.Worked > 0 && row[0] == Off {
			rs = append(rs, run{work: true, start: -h.Worked, length: h.Worked})
		} else if h.Off > 0 && row[0] != Off {
			rs = append(rs, run{work: false, start: -h.Off, length: h.Off})
		}
	}
	return rs
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }
