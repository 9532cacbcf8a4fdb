package optimize

import (
	"context"
	"math"
	"math/bits"
	"slices"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// greedyInput is what the greedy construction needs: the horizon, the calls and the need per
// cell and, per person and day, the shift options they may work.
type greedyInput struct {
	days    []calendar.Date
	open    []bool
	slots   []calendar.Clock
	slotMin int
	lines   []string
	calls   [][][]float64 // calls[day][slot][line]
	need    [][][]float64 // need[day][slot][line], effective agents
	staff   []planner.Staff
	options []planner.ShiftOption
	// allowed[p][d] lists the options person p may work on day d (availability, daily hours).
	allowed [][][]int
	// mentorRatio is the number of trainees and new staff one mentor may supervise.
	mentorRatio int
	minRest     int // minutes between the end of a shift and the next start
	// floor is the line floor: people who take calls on duty on a line with calls
	floor int
	// minWeek is each person's minimum paid minutes a week (nil: none)
	minWeek []int
}

// greedy builds a roster the rule book accepts, as far as it can, and that covers the need
// where it falls short most. In order:
//
//  1. a coordinator on duty whenever the desk is open: per day, the one or two coordinator
//     shifts that cover every slot with the fewest paid minutes, else those covering the most
//     slots still without one;
//  2. the line floor: on each line, people who answer it wherever it has calls and too few;
//  3. the shortfall: the shift option, person and line (or both lines, pooled) that cover the
//     most shortfall per paid hour, until none does;
//  4. whoever is below their weekly minimum is topped up;
//  5. new staff shadow a mentor of their line for up to their training hours.
//
// Every step keeps availability, weekly hours and days, one shift a day and rest, and a
// trainee or new person goes only where a mentor of their line is on duty, within the mentor
// ratio (each person counted once per slot). It is the construction the optimiser improves
// on.
//
// ctx stops the whole construction; rest stops what follows the coordinators and the line
// floor (which the search finds hard to repair, while it rebuilds the rest better than the
// greedy does).
func greedy(ctx, rest context.Context, in *greedyInput) []planner.Shift {
	g := newGreedyState(in)
	g.coordinators(ctx)
	g.lineFloor(ctx)
	g.shortfall(rest)
	g.topUp(rest)
	g.training(rest)
	return g.shifts()
}

// greedyState is a roster under construction with what the rules need to know of each slot.
type greedyState struct {
	in       *greedyInput
	eff      [][][]float64 // [day][slot][line] effective agents (a pooled person split by shortage)
	answer   [][][]int     // [day][slot][line] people who take calls answering the line
	mentors  [][][]int     // [day][slot][line] mentors answering the line
	mentorN  [][]int       // [day][slot] mentors on duty
	learnerN [][]int       // [day][slot] trainees and new staff on duty
	assigned []map[int]greedyShift
	weekMin  []map[calendar.Date]int
	weekDays []map[calendar.Date]int
	lineIdx  map[string]int
	duty     [][]int // duty[o]: the slots option o is on the phone in
}

// greedyShift is a person's shift: an option and a line (-1: every line of the person).
type greedyShift struct{ opt, line int }

func newGreedyState(in *greedyInput) *greedyState {
	nd, ns, nl := len(in.days), len(in.slots), len(in.lines)
	g := &greedyState{in: in, lineIdx: map[string]int{}}
	grid := func() [][][]float64 {
		out := make([][][]float64, nd)
		for d := range out {
			out[d] = make([][]float64, ns)
			for s := range out[d] {
				out[d][s] = make([]float64, nl)
			}
		}
		return out
	}
	igrid := func() [][][]int {
		out := make([][][]int, nd)
		for d := range out {
			out[d] = make([][]int, ns)
			for s := range out[d] {
				out[d][s] = make([]int, nl)
			}
		}
		return out
	}
	g.eff, g.answer, g.mentors = grid(), igrid(), igrid()
	g.mentorN, g.learnerN = make([][]int, nd), make([][]int, nd)
	for d := range nd {
		g.mentorN[d], g.learnerN[d] = make([]int, ns), make([]int, ns)
	}
	for i, l := range in.lines {
		g.lineIdx[l] = i
	}
	for range in.staff {
		g.assigned = append(g.assigned, map[int]greedyShift{})
		g.weekMin = append(g.weekMin, map[calendar.Date]int{})
		g.weekDays = append(g.weekDays, map[calendar.Date]int{})
	}
	g.duty = make([][]int, len(in.options))
	for o, opt := range in.options {
		for s, c := range in.slots {
			if opt.OnDuty(c, in.slotMin) {
				g.duty[o] = append(g.duty[o], s)
			}
		}
	}
	return g
}

// lineChoices returns the lines person p may be put on: each of their lines, and -1 (every
// line, pooled) when they answer every line of a desk of several.
func (g *greedyState) lineChoices(p int) []int {
	var out []int
	all := len(g.in.lines) > 1
	for l, line := range g.in.lines {
		if g.in.staff[p].AnswersLine(line) {
			out = append(out, l)
		} else {
			all = false
		}
	}
	if all {
		out = append(out, -1)
	}
	return out
}

// covers reports whether a shift on line choice l answers line li.
func covers(l, li int) bool { return l < 0 || l == li }

func (g *greedyState) restOK(p, d, o int) bool {
	in := g.in
	opt := in.options[o]
	if a, ok := g.assigned[p][d-1]; ok && int(opt.Start)+24*60-int(in.options[a.opt].End) < in.minRest {
		return false
	}
	if a, ok := g.assigned[p][d+1]; ok && int(in.options[a.opt].Start)+24*60-int(opt.End) < in.minRest {
		return false
	}
	return true
}

// canWork reports whether person p may work option o on line choice l on day d, given the
// shifts so far.
func (g *greedyState) canWork(p, d, o, l int) bool {
	in := g.in
	st := in.staff[p]
	if _, busy := g.assigned[p][d]; busy {
		return false
	}
	wk := in.days[d].Monday()
	if st.MaxDaysWeek > 0 && g.weekDays[p][wk] >= st.MaxDaysWeek {
		return false
	}
	if g.weekMin[p][wk]+in.options[o].Minutes() > int(st.MaxHoursWeek*60+0.5) {
		return false
	}
	if !g.restOK(p, d, o) {
		return false
	}
	if st.Supervised() {
		for _, s := range g.duty[o] {
			if g.learnerN[d][s]+1 > in.mentorRatio*g.mentorN[d][s] {
				return false
			}
			for li := range in.lines {
				if covers(l, li) && g.mentors[d][s][li] == 0 {
					return false
				}
			}
		}
	}
	return true
}

// shortage returns how far line li falls below its need in slot s of day d.
func (g *greedyState) shortage(d, s, li int) float64 {
	return math.Max(0, g.in.need[d][s][li]-g.eff[d][s][li])
}

// gain returns the shortfall person p covers on option o, line choice l, of day d.
func (g *greedyState) gain(p, d, o, l int) float64 {
	w := g.in.staff[p].EffectiveProductivity()
	var sum float64
	for _, s := range g.duty[o] {
		sum += g.slotGain(w, d, s, l)
	}
	return sum
}

// slotGain returns the shortfall an agent of productivity w covers in slot s of day d on line
// choice l: the lines' shortage, at most w.
func (g *greedyState) slotGain(w float64, d, s, l int) float64 {
	short := 0.0
	for li := range g.in.lines {
		if covers(l, li) {
			short += g.shortage(d, s, li)
		}
	}
	return math.Min(short, w)
}

// slotGains returns slotGain for person p on line choice l in every slot of day d.
func (g *greedyState) slotGains(p, d, l int) []float64 {
	w := g.in.staff[p].EffectiveProductivity()
	out := make([]float64, len(g.in.slots))
	for s := range out {
		out[s] = g.slotGain(w, d, s, l)
	}
	return out
}

func (g *greedyState) commit(p, d, o, l int) {
	in := g.in
	g.assigned[p][d] = greedyShift{o, l}
	wk := in.days[d].Monday()
	g.weekMin[p][wk] += in.options[o].Minutes()
	g.weekDays[p][wk]++
	st := in.staff[p]
	w := st.EffectiveProductivity()
	for _, s := range g.duty[o] {
		// a pooled person goes where the lines fall short, in proportion
		total := 0.0
		n := 0
		for li := range in.lines {
			if covers(l, li) {
				total += g.shortage(d, s, li)
				n++
			}
		}
		for li := range in.lines {
			if !covers(l, li) {
				continue
			}
			share := 1 / float64(n)
			if total > 0 {
				share = g.shortage(d, s, li) / total
			}
			g.eff[d][s][li] += w * share
			if st.TakesCalls() {
				g.answer[d][s][li]++
			}
			if st.Status == planner.StatusMentor {
				g.mentors[d][s][li]++
			}
		}
		switch {
		case st.Status == planner.StatusMentor:
			g.mentorN[d][s]++
		case st.Supervised():
			g.learnerN[d][s]++
		}
	}
}

// coverSlots puts people on duty, day by day, so that need(d, s) no longer holds anywhere:
// for each day, candidates are (person, option, line) triples from cands; it first looks for
// the one or two of them that cover every slot in need with the fewest paid minutes, and
// otherwise takes, one after the other, the candidate that covers the most slots in need.
func (g *greedyState) coverSlots(ctx context.Context, people []int, lineOK func(l int) bool, need func(d, s int) bool) {
	in := g.in
	for d := range in.days {
		if ctx.Err() != nil || !in.open[d] {
			continue
		}
		var want uint64
		for s := range in.slots {
			if s < 64 && need(d, s) {
				want |= 1 << s
			}
		}
		if want == 0 {
			continue
		}
		mask := make([]uint64, len(in.options)) // the wanted slots each option is on duty in
		for o := range in.options {
			for _, s := range g.duty[o] {
				if s < 64 {
					mask[o] |= 1 << s
				}
			}
			mask[o] &= want
		}
		cands := g.coverCandidates(d, people, lineOK, mask)
		if best := cheapestCover(cands, in.options, mask, want); best != nil {
			for _, c := range best {
				g.commit(c.p, d, c.o, c.l)
			}
			continue
		}
		var covered uint64
		for covered != want && ctx.Err() == nil {
			bestN, bc := 0, coverCand{-1, -1, -2}
			for _, c := range cands {
				if _, busy := g.assigned[c.p][d]; busy || !g.canWork(c.p, d, c.o, c.l) {
					continue
				}
				if n := bits.OnesCount64(mask[c.o] &^ covered); n > bestN {
					bestN, bc = n, c
				}
			}
			if bc.p < 0 {
				break
			}
			g.commit(bc.p, d, bc.o, bc.l)
			covered |= mask[bc.o]
		}
	}
}

// coverCand is a shift that may cover wanted slots: person p on option o, line choice l.
type coverCand struct{ p, o, l int }

// coverCandidates lists, person by person and option by option, the shifts of day d that are
// on duty in a wanted slot (mask[o] != 0), each on the line choice lineOK allows that covers
// the most shortfall.
func (g *greedyState) coverCandidates(d int, people []int, lineOK func(l int) bool, mask []uint64) []coverCand {
	var cands []coverCand
	for _, p := range people {
		for _, o := range g.in.allowed[p][d] {
			if mask[o] == 0 {
				continue
			}
			bl, bg := -2, -1.0
			for _, l := range g.lineChoices(p) {
				if lineOK(l) && g.canWork(p, d, o, l) {
					if v := g.gain(p, d, o, l); v > bg {
						bl, bg = l, v
					}
				}
			}
			if bl > -2 {
				cands = append(cands, coverCand{p, o, bl})
			}
		}
	}
	return cands
}

// cheapestCover returns the one shift, or the two shifts of different people, that cover every
// wanted slot with the fewest paid minutes; nil when none do. Among equally cheap covers it
// returns the first in the order of cands (a single shift before the pairs it starts). It
// works on options, not candidates, so that a large team costs options², not candidates².
func cheapestCover(cands []coverCand, options []planner.ShiftOption, mask []uint64, want uint64) []coverCand {
	// byOpt[o]: the indices in cands of option o's candidates, ascending (one per person)
	byOpt := make(map[int][]int)
	var opts []int
	for i, c := range cands {
		if byOpt[c.o] == nil {
			opts = append(opts, c.o)
		}
		byOpt[c.o] = append(byOpt[c.o], i)
	}
	// two options pair when their candidates include two different people
	pairs := func(oa, ob int) bool {
		if oa == ob {
			return len(byOpt[oa]) > 1
		}
		a, b := byOpt[oa], byOpt[ob]
		return len(a) > 1 || len(b) > 1 || cands[a[0]].p != cands[b[0]].p
	}
	cost := math.MaxInt
	for i, oa := range opts {
		ma := options[oa].Minutes()
		if mask[oa] == want {
			cost = min(cost, ma)
		}
		for _, ob := range opts[i:] {
			if mask[oa]|mask[ob] == want && pairs(oa, ob) {
				cost = min(cost, ma+options[ob].Minutes())
			}
		}
	}
	if cost == math.MaxInt {
		return nil
	}
	for i, a := range cands {
		ma := options[a.o].Minutes()
		if mask[a.o] == want && ma == cost {
			return []coverCand{a}
		}
		first := -1 // the first candidate after i that completes a cover of this cost
		for _, ob := range opts {
			if mask[a.o]|mask[ob] != want || ma+options[ob].Minutes() != cost {
				continue
			}
			idx := byOpt[ob]
			k, _ := slices.BinarySearch(idx, i+1)
			for ; k < len(idx); k++ {
				if cands[idx[k]].p != a.p {
					if first < 0 || idx[k] < first {
						first = idx[k]
					}
					break
				}
			}
		}
		if first >= 0 {
			return []coverCand{a, cands[first]}
		}
	}
	return nil
}

// coordinators puts a coordinator on duty whenever the desk is open.
func (g *greedyState) coordinators(ctx context.Context) {
	var coords []int
	for p, st := range g.in.staff {
		if st.IsCoordinator() {
			coords = append(coords, p)
		}
	}
	coordOn := func(d, s int) bool {
		for p := range coords {
			if a, ok := g.assigned[coords[p]][d]; ok && slices.Contains(g.duty[a.opt], s) {
				return true
			}
		}
		return false
	}
	g.coverSlots(ctx, coords, func(int) bool { return true }, func(d, s int) bool { return !coordOn(d, s) })
}

// lineFloor puts people who take calls on each line with calls, up to the line floor.
func (g *greedyState) lineFloor(ctx context.Context) {
	in := g.in
	if in.floor <= 0 {
		return
	}
	for li, line := range in.lines {
		var people []int
		for p, st := range in.staff {
			if st.TakesCalls() && st.AnswersLine(line) {
				people = append(people, p)
			}
		}
		for range in.floor {
			g.coverSlots(ctx, people, func(l int) bool { return covers(l, li) }, func(d, s int) bool {
				return in.calls[d][s][li] > 0 && g.answer[d][s][li] < in.floor
			})
		}
	}
}

// shortfall repeatedly gives the shift that covers the most shortfall per paid hour.
func (g *greedyState) shortfall(ctx context.Context) {
	in := g.in
	// people in planning order: mentors first (trainees need them), trainees last
	order := make([]int, 0, len(in.staff))
	for _, st := range []planner.Status{planner.StatusMentor, planner.StatusQualified, planner.StatusTrainee} {
		for p, s := range in.staff {
			if s.Status == st && s.EffectiveProductivity() > 0 {
				order = append(order, p)
			}
		}
	}
	// best[p][d] caches person p's best shift of day d. A shift on day d changes the entries
	// of day d (its shortfall and mentors), and those of its person in its week and on the
	// days either side (weekly hours and days, rest): they become stale. Shifts only lower
	// the shortfall and only forbid more, so a stale value bounds the fresh one from above
	// and needs no recomputing unless it could win; a supervised person's, which a new
	// mentor may raise, is always recomputed.
	best := make([][]greedyChoice, len(in.staff))
	for p := range best {
		best[p] = make([]greedyChoice, len(in.days))
	}
	for ctx.Err() == nil {
		bestGain, bp, bd := 0.0, -1, -1
		for _, p := range order {
			supervised := in.staff[p].Supervised()
			for d := range in.days {
				c := &best[p][d]
				if !c.fresh && (!c.computed || supervised || c.v > bestGain+1e-12) {
					*c = g.bestShift(p, d)
				}
				if c.fresh && c.o >= 0 && c.v > bestGain+1e-12 {
					bestGain, bp, bd = c.v, p, d
				}
			}
		}
		if bp < 0 {
			return
		}
		c := best[bp][bd]
		g.commit(bp, bd, c.o, c.l)
		wk := in.days[bd].Monday()
		for p := range best {
			best[p][bd].fresh = false
		}
		for d, day := range in.days {
			if day.Monday() == wk || d == bd-1 || d == bd+1 {
				best[bp][d].fresh = false
			}
		}
	}
}

// greedyChoice is a person's best shift of a day in the shortfall phase: option o (-1: none)
// on line choice l, covering v shortfall per paid hour.
type greedyChoice struct {
	v               float64
	o, l            int
	computed, fresh bool
}

// bestShift returns the shift that covers the most shortfall per paid hour for person p on
// day d (the first of equals, options and line choices in order).
func (g *greedyState) bestShift(p, d int) greedyChoice {
	in := g.in
	c := greedyChoice{o: -1, l: -2, computed: true, fresh: true}
	if _, busy := g.assigned[p][d]; busy {
		return c
	}
	choices := g.lineChoices(p)
	// cover[k][s]: what p would cover in slot s on line choice choices[k], as gain counts it
	cover := make([][]float64, len(choices))
	for k, l := range choices {
		cover[k] = g.slotGains(p, d, l)
	}
	for _, o := range in.allowed[p][d] {
		for k, l := range choices {
			var v float64
			for _, s := range g.duty[o] {
				v += cover[k][s]
			}
			// per paid hour, so short shifts that hit the peak are preferred
			v /= float64(in.options[o].Minutes()) / 60
			if v > c.v+1e-12 && g.canWork(p, d, o, l) {
				c.v, c.o, c.l = v, o, l
			}
		}
	}
	return c
}

// topUp gives whoever is below their weekly minimum (contract hours, clipped to availability)
// more shifts, where they cover most shortfall.
func (g *greedyState) topUp(ctx context.Context) {
	in := g.in
	for p := range in.staff {
		if in.minWeek == nil || in.minWeek[p] == 0 {
			continue
		}
		for ctx.Err() == nil {
			bestScore, bd, bo, bl := math.Inf(-1), -1, -1, -2
			for d, day := range in.days {
				if g.weekMin[p][day.Monday()] >= in.minWeek[p] {
					continue
				}
				for _, o := range in.allowed[p][d] {
					for _, l := range g.lineChoices(p) {
						if !g.canWork(p, d, o, l) {
							continue
						}
						score := g.gain(p, d, o, l) + 1e-3*float64(in.options[o].Minutes())
						if score > bestScore {
							bestScore, bd, bo, bl = score, d, o, l
						}
					}
				}
			}
			if bd < 0 {
				break
			}
			g.commit(p, bd, bo, bl)
		}
	}
}

// training gives new staff their shadowing: each week, the longest shifts beside a mentor of
// their line until their training hours are reached.
func (g *greedyState) training(ctx context.Context) {
	in := g.in
	for p, st := range in.staff {
		if st.Status != planner.StatusNew || st.TrainingHours <= 0 {
			continue
		}
		limit := int(math.Round(st.TrainingHours * 60))
		for ctx.Err() == nil {
			bestLen, bd, bo, bl := 0, -1, -1, -2
			for d, day := range in.days {
				left := limit - g.weekMin[p][day.Monday()]
				for _, o := range in.allowed[p][d] {
					n := in.options[o].Minutes()
					if n > left || n <= bestLen {
						continue
					}
					for _, l := range g.lineChoices(p) {
						if g.canWork(p, d, o, l) {
							bestLen, bd, bo, bl = n, d, o, l
							break
						}
					}
				}
			}
			if bd < 0 {
				break
			}
			g.commit(p, bd, bo, bl)
		}
	}
}

func (g *greedyState) shifts() []planner.Shift {
	in := g.in
	var shifts []planner.Shift
	for p, days := range g.assigned {
		for d, a := range days {
			o := in.options[a.opt]
			sh := planner.Shift{StaffID: in.staff[p].ID, Date: in.days[d], Start: o.Start, End: o.End, Line: planner.PooledLine}
			if a.line >= 0 {
				sh.Line = in.lines[a.line]
			}
			if o.BreakEnd > o.BreakStart {
				sh.BreakStart, sh.BreakEnd = o.BreakStart, o.BreakEnd
			}
			shifts = append(shifts, sh)
		}
	}
	planner.SortShifts(shifts)
	return shifts
}
