package planner

import (
	"fmt"
	"math"
	"slices"

	"deskplan/planner/calendar"
	"deskplan/planner/queue"
	"deskplan/solver"
)

// Kinds of staff, as bits of solver.Worker.Kinds.
const (
	kindCoordinator uint64 = 1 << iota
	kindMentor
	kindTrainee
	kindNew
)

// Weights of the secondary objectives, in the unit of the main one: calls not answered within
// the target time. They are small so that they only decide between rosters that serve callers
// equally well.
const (
	costPerPaidHour = 0.05 // a paid hour that answers no call faster
	preferWeight    = 0.3  // a prefer/avoid wish not met
	fairnessWeight  = 0.05 // per squared deviation of Saturdays, openings, closings
)

// optRef says what a solver option of a day is: a shift option and the line it answers (-1:
// pooled, every line of the person).
type optRef struct {
	shift int
	line  int
}

// helpdeskModel is the helpdesk mapped onto the generic solver: cells are (day, slot, line)
// with the expected calls not answered within the target as penalty, plus a (day, slot) cell
// per open slot for the coordinator rule; options are (shift option, line) pairs.
type helpdeskModel struct {
	m         *solver.Model
	p         *problem
	refs      [][]optRef // per day, per solver option
	lineCell  [][][]int  // [day][slot][line] -> cell, -1 on closed days
	coordCell [][]int    // [day][slot] -> cell, -1 on closed days
}

// buildModel maps problem p onto a solver.Model.
func buildModel(p *problem) (*helpdeskModel, error) {
	d, ds := p.demand, p.ds
	st := ds.Settings
	nd, ns, nl := len(d.Days), len(d.Slots), len(d.Lines)
	hm := &helpdeskModel{p: p, refs: make([][]optRef, nd), lineCell: make([][][]int, nd), coordCell: make([][]int, nd)}
	m := &solver.Model{Days: nd, Week: make([]int, nd), Weekend: make([]bool, nd), Options: make([][]solver.Option, nd)}
	for _, t := range ds.ShiftTemplates {
		m.Types = append(m.Types, t.Name)
	}
	first := d.From.Monday()
	tg := st.Target()
	for di, day := range d.Days {
		m.Week[di] = day.Sub(first) / 7
		wd := day.Weekday()
		m.Weekend[di] = wd == 6 || wd == 0
		hm.lineCell[di] = make([][]int, ns)
		hm.coordCell[di] = make([]int, ns)
		for si := range d.Slots {
			hm.lineCell[di][si] = make([]int, nl)
			for li := range d.Lines {
				hm.lineCell[di][si][li] = -1
			}
			hm.coordCell[di][si] = -1
		}
		if !d.Open[di] {
			continue
		}
		if err := p.ctx.Err(); err != nil {
			return nil, err
		}
		for li, line := range d.Lines {
			params := queue.SlotParams(d.dayQueue(di, li), p.needs.Method)
			for si, c := range d.Slots {
				// no cell can have more people than the team: a need beyond (a forecast far
				// above the team) would only lengthen the curve
				pen, err := shortfallPenalty(params[si], tg.Time, min(p.needs.Agents[di][si][li], len(ds.Staff)))
				if err != nil {
					return nil, fmt.Errorf("%s %s %s: %v", day, c, line, err)
				}
				hm.lineCell[di][si][li] = len(m.Cells)
				m.Cells = append(m.Cells, solver.Cell{Name: fmt.Sprintf("%s %s %s", day, c, line), Penalty: pen})
			}
		}
		for si, c := range d.Slots {
			hm.coordCell[di][si] = len(m.Cells)
			m.Cells = append(m.Cells, solver.Cell{Name: fmt.Sprintf("%s %s coordinator", day, c)})
		}
	}
	// options: every shift option on every line, and pooled on all lines
	for di := range d.Days {
		if !d.Open[di] {
			continue
		}
		for o, opt := range p.options {
			var duty []int
			for si, c := range d.Slots {
				if opt.OnDuty(c, d.SlotMinutes) {
					duty = append(duty, si)
				}
			}
			for li := -1; li < nl; li++ {
				if li == -1 && nl < 2 {
					continue
				}
				so := solver.Option{Type: opt.Template, Start: int(opt.Start), Length: opt.Minutes(), Span: int(opt.End - opt.Start)}
				for _, si := range duty {
					if li >= 0 {
						so.Cover = append(so.Cover, solver.Coverage{Cell: hm.lineCell[di][si][li], Coef: 1})
					} else {
						for l, share := range d.lineShares(di, si) {
							so.Cover = append(so.Cover, solver.Coverage{Cell: hm.lineCell[di][si][l], Coef: share})
						}
					}
					so.Cover = append(so.Cover, solver.Coverage{Cell: hm.coordCell[di][si]})
				}
				so.Label = optionLabel(opt, d.Lines, li)
				hm.refs[di] = append(hm.refs[di], optRef{shift: o, line: li})
				m.Options[di] = append(m.Options[di], so)
			}
		}
	}
	// workers
	lineIdx := map[string]int{}
	for i, l := range d.Lines {
		lineIdx[l] = i
	}
	for pi, s := range ds.Staff {
		w := solver.Worker{Name: fmt.Sprintf("%s (%s)", s.Name, s.ID), Weight: s.EffectiveProductivity(),
			Allowed: make([][]int, nd), MaxDaysPerWeek: s.MaxDaysWeek,
			MaxWeekMinutes: int(math.Round(s.MaxHoursWeek * 60)), MinWeekMinutes: int(math.Round(s.MinHoursWeek * 60)),
			MinRest: int(math.Round(st.MinRestHours * 60)), CostPerMinute: costPerPaidHour / 60}
		switch s.Status {
		case StatusMentor:
			w.Kinds |= kindMentor
		case StatusTrainee:
			w.Kinds |= kindTrainee
		case StatusNew:
			w.Kinds |= kindNew
			w.MinWeekMinutes = 0
			if s.TrainingHours > 0 {
				w.MaxWeekMinutes = min(w.MaxWeekMinutes, int(math.Round(s.TrainingHours*60)))
			}
			w.CostPerMinute = 0
		}
		if s.HasRole(RoleCoordinator) && s.Status != StatusNew && s.Status != StatusTrainee {
			w.Kinds |= kindCoordinator
		}
		answers := make([]bool, nl)
		all := true
		for li, l := range d.Lines {
			answers[li] = s.AnswersLine(l)
			all = all && answers[li]
		}
		for di := range d.Days {
			w.Allowed[di] = []int{}
			allowed := p.allowed[pi][di]
			if len(allowed) == 0 {
				continue
			}
			ok := make(map[int]bool, len(allowed))
			for _, o := range allowed {
				ok[o] = true
			}
			for k, ref := range hm.refs[di] {
				if !ok[ref.shift] {
					continue
				}
				if (ref.line >= 0 && answers[ref.line]) || (ref.line < 0 && all) {
					w.Allowed[di] = append(w.Allowed[di], k)
				}
			}
		}
		m.Workers = append(m.Workers, w)
	}
	hm.clipMinimums(m)
	// coupling rules: a coordinator whenever open; trainees and new staff beside a mentor
	var coordCells, lineCells []int
	for di := range d.Days {
		for si := range d.Slots {
			if c := hm.coordCell[di][si]; c >= 0 {
				coordCells = append(coordCells, c)
			}
			for li := range d.Lines {
				if c := hm.lineCell[di][si][li]; c >= 0 {
					lineCells = append(lineCells, c)
				}
			}
		}
	}
	m.Covers = []solver.CoverRule{{Name: RuleCoordinator, Cells: coordCells, Kinds: kindCoordinator, Min: 1}}
	m.Supervisions = []solver.SupervisionRule{{Name: RuleMentor, Cells: lineCells, Supervised: kindTrainee | kindNew,
		Supervisor: kindMentor, Ratio: float64(max(1, st.MaxTraineesPerMentor))}}
	hm.addRequests(m)
	hm.addFairness(m)
	hm.m = m
	return hm, nil
}

// shortfallPenalty is the convex penalty of a line cell: the expected calls not answered within
// t seconds as a function of the effective agents (the lower convex envelope of the queue's
// curve), flat beyond twice the need.
func shortfallPenalty(p queue.Params, t float64, need int) (solver.PWL, error) {
	if p.Calls <= 0 {
		return solver.PWL{}, nil
	}
	nmax := 2*need + 4
	ys := queue.ShortfallConvex(p, t, nmax)
	xs := make([]float64, len(ys))
	for i := range xs {
		xs[i] = float64(i)
	}
	// keep the slopes non-decreasing despite rounding, and stop at the first flat point
	for i := 1; i < len(ys); i++ {
		if i >= 2 {
			prev := ys[i-1] - ys[i-2]
			if ys[i]-ys[i-1] < prev {
				ys[i] = ys[i-1] + prev
			}
		}
		if ys[i] < 0 {
			ys[i] = 0
		}
	}
	return solver.FromPoints(xs, ys, 0)
}

// lineShares returns, for a pooled person on duty in slot si of day di, the share of their
// time each line gets: in proportion to the lines' calls (equal shares when none).
func (d *Demand) lineShares(di, si int) []float64 {
	out := make([]float64, len(d.Lines))
	var total float64
	for li := range d.Lines {
		total += d.Load[di][si][li].Calls
	}
	for li := range d.Lines {
		if total > 0 {
			out[li] = d.Load[di][si][li].Calls / total
		} else {
			out[li] = 1 / float64(len(d.Lines))
		}
	}
	return out
}

func optionLabel(o ShiftOption, lines []string, li int) string {
	line := PooledLine
	if li >= 0 {
		line = lines[li]
	}
	if o.BreakEnd > o.BreakStart {
		return fmt.Sprintf("%s-%s %s (break %s-%s)", o.Start, o.End, line, o.BreakStart, o.BreakEnd)
	}
	return fmt.Sprintf("%s-%s %s", o.Start, o.End, line)
}

// clipMinimums lowers a person's weekly minimum hours to what their availability and
// contract allow in each week of the horizon (a student with exams cannot be held to a
// contract minimum), and drops it for weeks the horizon covers only in part.
func (hm *helpdeskModel) clipMinimums(m *solver.Model) {
	d := hm.p.demand
	weeks := m.Week[len(m.Week)-1] + 1
	for wi := range m.Workers {
		w := &m.Workers[wi]
		if w.MinWeekMinutes == 0 {
			continue
		}
		minCap := math.MaxInt
		for wk := range weeks {
			var best []int
			for di := range d.Days {
				if m.Week[di] != wk {
					continue
				}
				top := 0
				for _, k := range w.Allowed[di] {
					top = max(top, m.Options[di][k].Length)
				}
				best = append(best, top)
			}
			// a week is whole when it has all its open days
			open := 0
			for di := range d.Days {
				if m.Week[di] == wk && d.Open[di] {
					open++
				}
			}
			full := open >= len(hm.p.ds.Settings.OpenDays)
			capacity := sumLargest(best, w.MaxDaysPerWeek)
			if w.MaxWeekMinutes > 0 {
				capacity = min(capacity, w.MaxWeekMinutes)
			}
			if !full {
				capacity = 0
			}
			minCap = min(minCap, capacity)
		}
		w.MinWeekMinutes = min(w.MinWeekMinutes, minCap)
	}
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

// addRequests turns prefer and avoid availability rows into soft requests: a wish is met when
// the person works an option that overlaps the preferred time, or none that overlaps the
// avoided time.
func (hm *helpdeskModel) addRequests(m *solver.Model) {
	ix := hm.p.avail
	d := hm.p.demand
	for wi, s := range hm.p.ds.Staff {
		for di, day := range d.Days {
			if !d.Open[di] || len(m.Workers[wi].Allowed[di]) == 0 {
				continue
			}
			win := ix.Day(s.ID, day)
			for _, want := range []struct {
				ivs calendar.Intervals
				on  bool
			}{{win.Preferred, true}, {win.Avoided, false}} {
				if len(want.ivs) == 0 {
					continue
				}
				var opts []int
				for _, k := range m.Workers[wi].Allowed[di] {
					o := hm.p.options[hm.refs[di][k].shift]
					if want.ivs.Overlaps(calendar.Interval{Start: o.Start, End: o.End}) {
						opts = append(opts, k)
					}
				}
				if len(opts) > 0 {
					m.Requests = append(m.Requests, solver.Request{Worker: wi, Day: di, Options: opts, On: want.on, Weight: preferWeight})
				}
			}
		}
	}
}

// addFairness spreads Saturdays, openings and closings evenly among the staff who take calls.
func (hm *helpdeskModel) addFairness(m *solver.Model) {
	d, st := hm.p.demand, hm.p.ds.Settings
	var group []int
	for wi, s := range hm.p.ds.Staff {
		if s.EffectiveProductivity() > 0 {
			group = append(group, wi)
		}
	}
	if len(group) < 2 {
		return
	}
	counted := func(pred func(di int, o ShiftOption) bool) [][]int {
		out := make([][]int, len(d.Days))
		for di := range d.Days {
			for k, ref := range hm.refs[di] {
				if pred(di, hm.p.options[ref.shift]) {
					out[di] = append(out[di], k)
				}
			}
		}
		return out
	}
	m.Fairness = append(m.Fairness,
		solver.FairnessRule{Name: "saturdays", Workers: group, Weight: fairnessWeight,
			Counted: counted(func(di int, o ShiftOption) bool { return d.Days[di].Weekday() == 6 })},
		solver.FairnessRule{Name: "openings", Workers: group, Weight: fairnessWeight,
			Counted: counted(func(di int, o ShiftOption) bool { return o.Start == st.Open })},
		solver.FairnessRule{Name: "closings", Workers: group, Weight: fairnessWeight,
			Counted: counted(func(di int, o ShiftOption) bool { return o.End == st.Close })},
	)
}

// shifts turns a solver assignment into the roster's shifts.
func (hm *helpdeskModel) shifts(assign [][]int) []Shift {
	d := hm.p.demand
	var out []Shift
	for wi, row := range assign {
		for di, k := range row {
			if k == solver.Off {
				continue
			}
			ref := hm.refs[di][k]
			o := hm.p.options[ref.shift]
			sh := Shift{StaffID: hm.p.ds.Staff[wi].ID, Date: d.Days[di], Start: o.Start, End: o.End, Line: PooledLine}
			if ref.line >= 0 {
				sh.Line = d.Lines[ref.line]
			}
			if o.BreakEnd > o.BreakStart {
				sh.BreakStart, sh.BreakEnd = o.BreakStart, o.BreakEnd
			}
			out = append(out, sh)
		}
	}
	SortShifts(out)
	return out
}

// assignment turns shifts back into a solver assignment (for a warm start), dropping shifts
// that match no option.
func (hm *helpdeskModel) assignment(shifts []Shift) [][]int {
	d := hm.p.demand
	out := make([][]int, len(hm.p.ds.Staff))
	idx := map[string]int{}
	for wi, s := range hm.p.ds.Staff {
		idx[s.ID] = wi
		out[wi] = make([]int, len(d.Days))
		for di := range out[wi] {
			out[wi][di] = solver.Off
		}
	}
	for _, sh := range shifts {
		wi, ok := idx[sh.StaffID]
		di := sh.Date.Sub(d.From)
		if !ok || di < 0 || di >= len(d.Days) {
			continue
		}
		for k, ref := range hm.refs[di] {
			o := hm.p.options[ref.shift]
			line := PooledLine
			if ref.line >= 0 {
				line = d.Lines[ref.line]
			}
			if o.Start == sh.Start && o.End == sh.End && line == sh.Line &&
				(o.BreakStart == sh.BreakStart || o.BreakEnd == o.BreakStart) && (o.BreakEnd == sh.BreakEnd || o.BreakEnd == o.BreakStart) {
				out[wi][di] = k
				break
			}
		}
	}
	return out
}
