package optimize

import (
	"fmt"
	"math"
	"slices"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/planner/rules"
	"github.com/deskplan/deskplan/solver"
)

// Kinds of staff, as bits of solver.Worker.Kinds.
const (
	kindCoordinator uint64 = 1 << iota
	kindMentor
	kindTrainee
	kindNew
	kindAnswers // takes calls: not new staff, productivity above 0
)

// Weights of the secondary objectives, in the unit of the main one: calls not answered within
// the target time. They are small so that they only decide between rosters that serve callers
// equally well.
const (
	costPerPaidHour = 0.05 // a paid hour that answers no call faster
	fairnessWeight  = 0.05 // per squared deviation of Saturdays, openings, closings
)

// optRef says what a solver option of a day is: a shift option and the line it answers (-1:
// pooled, every line of the person).
type optRef struct {
	shift int
	line  int
}

// helpdeskModel is the helpdesk mapped onto the generic solver: cells are (day, slot, line)
// with the expected calls not answered within the target as penalty, a (day, slot) cell of
// pooled staff when people answer both lines, and a (day, slot) cell per open slot for the
// coordinator and mentor rules; options are (shift option, line) pairs. On a desk of one or two
// lines, a joint per open slot carries the pooled two-line service (poolJoint).
type helpdeskModel struct {
	m         *solver.Model
	p         *problem
	refs      [][]optRef // per day, per solver option
	lineCell  [][][]int  // [day][slot][line] -> cell, -1 on closed days
	poolCell  [][]int    // [day][slot] -> cell of pooled staff, -1 without
	coordCell [][]int    // [day][slot] -> cell, -1 on closed days
}

// buildModel maps problem p onto a solver.Model: the cells of every open day, the options of
// every day, the workers and their allowed options, then the rules built on those.
func buildModel(p *problem) (*helpdeskModel, error) {
	hm, m := newHelpdeskModel(p)
	if err := hm.addCells(m); err != nil {
		return nil, err
	}
	hm.addOptions(m)
	hm.addWorkers(m)
	hm.clipMinimums(m)
	hm.addTrainingOffset(m)
	hm.addCouplingRules(m)
	hm.addRequests(m)
	hm.addFairness(m)
	hm.m = m
	return hm, nil
}

// newHelpdeskModel returns the empty helpdesk model of p and its solver model, with the days,
// their weeks and weekends and the shift types set.
func newHelpdeskModel(p *problem) (*helpdeskModel, *solver.Model) {
	d, ds := p.demand, p.ds
	nd := len(d.Days)
	hm := &helpdeskModel{p: p, refs: make([][]optRef, nd), lineCell: make([][][]int, nd), poolCell: make([][]int, nd), coordCell: make([][]int, nd)}
	m := &solver.Model{Days: nd, Week: make([]int, nd), Weekend: make([]bool, nd), Options: make([][]solver.Option, nd)}
	for _, t := range ds.ShiftTemplates {
		m.Types = append(m.Types, t.Name)
	}
	first := d.From.Monday()
	for di, day := range d.Days {
		m.Week[di] = day.Sub(first) / 7
		wd := day.Weekday()
		m.Weekend[di] = wd == 6 || wd == 0
	}
	return hm, m
}

// addCells adds the cells of every open day, day by day: its line cells, then per slot its
// pooled and coordinator cells and the joint of the slot. The cell maps of closed days hold -1.
func (hm *helpdeskModel) addCells(m *solver.Model) error {
	p := hm.p
	d, ds := p.demand, p.ds
	tg := ds.Settings.Target()
	nl := len(d.Lines)
	pooling := nl == 2 && slices.ContainsFunc(ds.Staff, func(s planner.Staff) bool {
		return s.AnswersLine(d.Lines[0]) && s.AnswersLine(d.Lines[1]) && s.EffectiveProductivity() > 0
	})
	coordGroup, coordLoss := coordinatorLoss(ds, d.Lines)
	for di, day := range d.Days {
		hm.clearDayCells(di)
		if !d.Open[di] {
			continue
		}
		if err := p.ctx.Err(); err != nil {
			return err
		}
		params, err := hm.addLineCells(m, di, tg.Time)
		if err != nil {
			return err
		}
		for si, c := range d.Slots {
			if pooling {
				hm.poolCell[di][si] = len(m.Cells)
				m.Cells = append(m.Cells, solver.Cell{Name: fmt.Sprintf("%s %s pooled", day, c)})
			}
			hm.coordCell[di][si] = len(m.Cells)
			m.Cells = append(m.Cells, solver.Cell{Name: fmt.Sprintf("%s %s coordinator", day, c)})
			if nl <= 2 && (pooling || coordLoss > 0) {
				m.Joints = append(m.Joints, hm.poolJoint(di, si, slotPair(params, si), tg.Time, coordGroup, coordLoss, m.Cells))
			}
		}
	}
	return nil
}

// clearDayCells makes the cell maps of day di, every cell -1 (none yet).
func (hm *helpdeskModel) clearDayCells(di int) {
	d := hm.p.demand
	ns, nl := len(d.Slots), len(d.Lines)
	hm.lineCell[di] = make([][]int, ns)
	hm.poolCell[di] = make([]int, ns)
	hm.coordCell[di] = make([]int, ns)
	for si := range d.Slots {
		hm.lineCell[di][si] = make([]int, nl)
		for li := range d.Lines {
			hm.lineCell[di][si][li] = -1
		}
		hm.poolCell[di][si] = -1
		hm.coordCell[di][si] = -1
	}
}

// addLineCells adds the (slot, line) cells of open day di, line by line, each with the calls
// not answered within target time t as its penalty, and returns the queue parameters of the
// day per line and slot.
func (hm *helpdeskModel) addLineCells(m *solver.Model, di int, t float64) ([][]queue.Params, error) {
	p := hm.p
	d := p.demand
	day := d.Days[di]
	params := make([][]queue.Params, len(d.Lines))
	for li, line := range d.Lines {
		params[li] = queue.SlotParams(d.DayQueue(di, li), p.needs.Method)
		for si, c := range d.Slots {
			// no cell can have more people than the team: a need beyond (a forecast far
			// above the team) would only lengthen the curve
			pen, err := shortfallPenalty(params[li][si], t, min(p.needs.Agents[di][si][li], len(p.ds.Staff)))
			if err != nil {
				return nil, fmt.Errorf("%s %s %s: %v", day, c, line, err)
			}
			hm.lineCell[di][si][li] = len(m.Cells)
			m.Cells = append(m.Cells, solver.Cell{Name: fmt.Sprintf("%s %s %s", day, c, line), Penalty: pen})
		}
	}
	return params, nil
}

// slotPair returns the queue parameters of slot si on the two lines of a joint; a desk of one
// line gets a second line of no calls with the first one's interval, handling and patience.
func slotPair(params [][]queue.Params, si int) [2]queue.Params {
	var pp [2]queue.Params
	for li := range 2 {
		if li < len(params) {
			pp[li] = params[li][si]
		} else {
			pp[li] = queue.Params{Interval: pp[0].Interval, AHT: pp[0].AHT, Patience: pp[0].Patience}
		}
	}
	return pp
}

// addOptions adds the options of every open day: every shift option on every line, and pooled
// on all lines when the desk has two or more.
func (hm *helpdeskModel) addOptions(m *solver.Model) {
	d := hm.p.demand
	nl := len(d.Lines)
	for di := range d.Days {
		if !d.Open[di] {
			continue
		}
		for o, opt := range hm.p.options {
			duty := dutySlots(opt, d)
			for li := -1; li < nl; li++ {
				if li == -1 && nl < 2 {
					continue
				}
				so := hm.option(di, opt, duty, li)
				hm.refs[di] = append(hm.refs[di], optRef{shift: o, line: li})
				m.Options[di] = append(m.Options[di], so)
			}
		}
	}
}

// dutySlots returns the slots of demand d that shift option opt is on duty in.
func dutySlots(opt planner.ShiftOption, d *planner.Demand) []int {
	var duty []int
	for si, c := range d.Slots {
		if opt.OnDuty(c, d.SlotMinutes) {
			duty = append(duty, si)
		}
	}
	return duty
}

// option returns the solver option of shift option opt on day di answering line li (-1:
// pooled), covering the cells of its duty slots.
func (hm *helpdeskModel) option(di int, opt planner.ShiftOption, duty []int, li int) solver.Option {
	d := hm.p.demand
	nl := len(d.Lines)
	so := solver.Option{Type: opt.Template, Start: int(opt.Start), Length: opt.Minutes(), Span: int(opt.End - opt.Start)}
	for _, si := range duty {
		switch {
		case li >= 0:
			so.Cover = append(so.Cover, solver.Coverage{Cell: hm.lineCell[di][si][li], Coef: 1})
		case nl == 2:
			// a pooled person answers either line whenever free: the joint knows
			// what that is worth; each line cell's penalty sees them whole
			for l := range nl {
				so.Cover = append(so.Cover, solver.Coverage{Cell: hm.lineCell[di][si][l], Coef: 1})
			}
			if c := hm.poolCell[di][si]; c >= 0 {
				so.Cover = append(so.Cover, solver.Coverage{Cell: c, Coef: 1})
			}
		default:
			for l, share := range d.LineShares(di, si) {
				so.Cover = append(so.Cover, solver.Coverage{Cell: hm.lineCell[di][si][l], Coef: share})
			}
		}
		so.Cover = append(so.Cover, solver.Coverage{Cell: hm.coordCell[di][si]})
	}
	so.Label = optionLabel(opt, d.Lines, li)
	return so
}

// addWorkers adds a worker per staff member, in the order of the dataset.
func (hm *helpdeskModel) addWorkers(m *solver.Model) {
	for pi, s := range hm.p.ds.Staff {
		w := newWorker(s, hm.p.ds.Settings.MinRestHours, len(hm.p.demand.Days))
		hm.allowOptions(&w, pi, s)
		m.Workers = append(m.Workers, w)
	}
}

// newWorker returns the worker of staff member s over nd days: contract limits, a rest of
// minRestHours, cost and kinds, with no option allowed yet.
func newWorker(s planner.Staff, minRestHours float64, nd int) solver.Worker {
	w := solver.Worker{Name: fmt.Sprintf("%s (%s)", s.Name, s.ID), Weight: s.EffectiveProductivity(),
		Allowed: make([][]int, nd), MaxDaysPerWeek: s.MaxDaysWeek,
		MaxWeekMinutes: int(math.Round(s.MaxHoursWeek * 60)), MinWeekMinutes: int(math.Round(s.MinHoursWeek * 60)),
		MinRest: int(math.Round(minRestHours * 60)), CostPerMinute: costPerPaidHour / 60}
	switch s.Status {
	case planner.StatusMentor:
		w.Kinds |= kindMentor
	case planner.StatusTrainee:
		w.Kinds |= kindTrainee
	case planner.StatusNew:
		// new staff are rostered for their shadowing only, each hour of it up to
		// training_hours a week earning what an hour short costs (training-hours)
		w.Kinds |= kindNew
		w.MinWeekMinutes = 0
		w.MaxWeekMinutes = min(w.MaxWeekMinutes, int(math.Round(s.TrainingHours*60)))
		w.CostPerMinute = -rules.TrainingWeight / 60
	}
	if s.Status != planner.StatusNew && s.EffectiveProductivity() > 0 {
		w.Kinds |= kindAnswers
	}
	if s.IsCoordinator() {
		w.Kinds |= kindCoordinator
	}
	return w
}

// allowOptions sets the options worker w (staff member s, index pi) may take each day: the
// solver options of the shift options allowed to them, on a line they answer, pooled only when
// they answer every line.
func (hm *helpdeskModel) allowOptions(w *solver.Worker, pi int, s planner.Staff) {
	d := hm.p.demand
	answers := make([]bool, len(d.Lines))
	all := true
	for li, l := range d.Lines {
		answers[li] = s.AnswersLine(l)
		all = all && answers[li]
	}
	for di := range d.Days {
		w.Allowed[di] = []int{}
		allowed := hm.p.allowed[pi][di]
		if len(allowed) == 0 || s.MaxHoursWeek <= 0 { // a contract of no hours: no shift (the solver's 0 means no limit)
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
}

// addCouplingRules adds the hard rules that tie people together: a coordinator whenever the
// desk is open; the line floor on every line with forecast calls; trainees and new staff only
// beside a mentor who answers their line, and at most max_trainees_per_mentor of them per
// mentor on duty (each person counted once, whatever lines they answer).
func (hm *helpdeskModel) addCouplingRules(m *solver.Model) {
	d, st := hm.p.demand, hm.p.ds.Settings
	var slotCells []int
	floorCells := make([][]int, len(d.Lines))
	lineCells := make([]int, 0)
	for di := range d.Days {
		for si := range d.Slots {
			if c := hm.coordCell[di][si]; c >= 0 {
				slotCells = append(slotCells, c)
			}
			for li := range d.Lines {
				c := hm.lineCell[di][si][li]
				if c < 0 {
					continue
				}
				lineCells = append(lineCells, c)
				if d.Load[di][si][li].Calls > 0 {
					floorCells[li] = append(floorCells[li], c)
				}
			}
		}
	}
	m.Covers = []solver.CoverRule{{Name: rules.RuleCoordinator, Cells: slotCells, Kinds: kindCoordinator, Min: 1}}
	if st.MinAgentsPerLine > 0 {
		for li, cells := range floorCells {
			if len(cells) > 0 {
				m.Covers = append(m.Covers, solver.CoverRule{Name: rules.RuleLineFloor + " " + d.Lines[li], Cells: cells, Kinds: kindAnswers, Min: st.MinAgentsPerLine})
			}
		}
	}
	m.Supervisions = []solver.SupervisionRule{
		{Name: rules.RuleMentor, Cells: lineCells, Supervised: kindTrainee | kindNew, Supervisor: kindMentor},
		{Name: rules.RuleMentorRatio, Cells: slotCells, Supervised: kindTrainee | kindNew, Supervisor: kindMentor,
			Ratio: float64(max(1, st.MaxTraineesPerMentor))},
	}
}

// addTrainingOffset adds, as a constant, what the hours of shadowing asked of new staff would
// cost if none were given: each hour given earns it back (their cost per minute is
// -TrainingWeight/60), so the objective pays TrainingWeight for each hour short.
func (hm *helpdeskModel) addTrainingOffset(m *solver.Model) {
	weeks := openWeeks(hm.p.demand, hm.p.ds.Settings)
	asked := 0.0
	for _, s := range hm.p.ds.Staff {
		if s.Status == planner.StatusNew {
			asked += s.TrainingHours * weeks
		}
	}
	if asked > 0 {
		m.Cells = append(m.Cells, solver.Cell{Name: "training asked", Penalty: solver.PWL{At0: rules.TrainingWeight * asked}})
	}
}

// coordinatorLoss returns the group of phone staff (queue.Dedicated0, Dedicated1 or Pooled)
// in which the optimiser takes the coordinator on duty to be, and the effective agents that
// coordinating costs the phones: (1 - coordinator_phone_share) times the coordinators'
// productivity. The group is where the coordinators are: pooled when they answer both lines,
// else the line they answer (pooled when they differ).
func coordinatorLoss(ds *planner.Dataset, lines []string) (group int, loss float64) {
	var prod float64
	n := 0
	group = -1
	for _, s := range ds.Staff {
		if !s.IsCoordinator() {
			continue
		}
		g := queue.Pooled
		switch {
		case len(lines) == 1 || (len(lines) == 2 && s.AnswersLine(lines[0]) && !s.AnswersLine(lines[1])):
			g = queue.Dedicated0
		case len(lines) == 2 && !s.AnswersLine(lines[0]) && s.AnswersLine(lines[1]):
			g = queue.Dedicated1
		}
		if group >= 0 && g != group {
			g = queue.Pooled
		}
		group = g
		prod += s.EffectiveProductivity()
		n++
	}
	if n == 0 {
		return queue.Pooled, 0
	}
	return group, (1 - ds.Settings.CoordinatorPhoneShare) * prod / float64(n)
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

func optionLabel(o planner.ShiftOption, lines []string, li int) string {
	line := planner.PooledLine
	if li >= 0 {
		line = lines[li]
	}
	if o.BreakEnd > o.BreakStart {
		return fmt.Sprintf("%s-%s %s (break %s-%s)", o.Start, o.End, line, o.BreakStart, o.BreakEnd)
	}
	return fmt.Sprintf("%s-%s %s", o.Start, o.End, line)
}

// clipMinimums holds each person to the weekly minimum the rule book asks of them
// (Workable.MinWeekMinutes).
func (hm *helpdeskModel) clipMinimums(m *solver.Model) {
	for wi := range m.Workers {
		if m.Workers[wi].MinWeekMinutes > 0 {
			m.Workers[wi].MinWeekMinutes = hm.p.work.MinWeekMinutes(wi)
		}
	}
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
					m.Requests = append(m.Requests, solver.Request{Worker: wi, Day: di, Options: opts, On: want.on, Weight: rules.WishWeight})
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
	counted := func(pred func(di int, o planner.ShiftOption) bool) [][]int {
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
			Counted: counted(func(di int, o planner.ShiftOption) bool { return d.Days[di].Weekday() == 6 })},
		solver.FairnessRule{Name: "openings", Workers: group, Weight: fairnessWeight,
			Counted: counted(func(di int, o planner.ShiftOption) bool { return o.Start == st.Open })},
		solver.FairnessRule{Name: "closings", Workers: group, Weight: fairnessWeight,
			Counted: counted(func(di int, o planner.ShiftOption) bool { return o.End == st.Close })},
	)
}

// shifts turns a solver assignment into the roster's shifts.
func (hm *helpdeskModel) shifts(assign [][]int) []planner.Shift {
	d := hm.p.demand
	var out []planner.Shift
	for wi, row := range assign {
		for di, k := range row {
			if k == solver.Off {
				continue
			}
			ref := hm.refs[di][k]
			o := hm.p.options[ref.shift]
			sh := planner.Shift{StaffID: hm.p.ds.Staff[wi].ID, Date: d.Days[di], Start: o.Start, End: o.End, Line: planner.PooledLine}
			if ref.line >= 0 {
				sh.Line = d.Lines[ref.line]
			}
			if o.BreakEnd > o.BreakStart {
				sh.BreakStart, sh.BreakEnd = o.BreakStart, o.BreakEnd
			}
			out = append(out, sh)
		}
	}
	planner.SortShifts(out)
	return out
}

// assignment turns shifts back into a solver assignment (for a warm start), dropping shifts
// that match no option.
func (hm *helpdeskModel) assignment(shifts []planner.Shift) [][]int {
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
			line := planner.PooledLine
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
