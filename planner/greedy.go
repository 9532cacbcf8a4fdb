package planner

import (
	"context"
	"math"
	"math/bits"
	"slices"
	"sort"

	"deskplan/planner/calendar"
)

// greedyInput is what the greedy construction needs: the horizon, the need per cell and, per
// person and day, the shift options they may work.
type greedyInput struct {
	days    []calendar.Date
	open    []bool
	slots   []calendar.Clock
	slotMin int
	lines   []string
	need    [][][]float64 // need[day][slot][line], effective agents
	staff   []Staff
	options []ShiftOption
	// allowed[p][d] lists the options person p may work on day d (availability, daily hours).
	allowed [][][]int
	// mentorRatio is the number of trainees one mentor may supervise.
	mentorRatio int
	minRest     int // minutes between the end of a shift and the next start
	// minWeek is each person's minimum paid minutes a week (nil: none)
	minWeek []int
}

// greedy builds a roster by covering the biggest shortfall first: it repeatedly takes the cell
// (day, slot, line) whose effective agents fall furthest below need and gives it the shift
// option, person and line that cover the most shortfall in total, while respecting
// availability, weekly hours and days, one shift a day, rest between shifts, and trainees only
// beside a mentor (within the mentor ratio). New staff are not rostered. It is the walking
// skeleton of the planner and the construction the optimiser improves on.
//
// ctx stops the construction (its shifts so far are returned); it is checked once a day of the
// coordinator phase and once a shift after it.
func greedy(ctx context.Context, in *greedyInput) []Shift {
	nd, ns, nl := len(in.days), len(in.slots), len(in.lines)
	eff := make([][][]float64, nd)
	mentors := make([][][]int, nd)
	trainees := make([][][]int, nd)
	for d := range eff {
		eff[d] = make([][]float64, ns)
		mentors[d] = make([][]int, ns)
		trainees[d] = make([][]int, ns)
		for s := range eff[d] {
			eff[d][s] = make([]float64, nl)
			mentors[d][s] = make([]int, nl)
			trainees[d][s] = make([]int, nl)
		}
	}
	type assignment struct{ opt, line int } // opt < 0: none
	// week[d] numbers the week of day d (0 for the first week of the horizon)
	week := make([]int, nd)
	for d, day := range in.days {
		week[d] = day.Sub(in.days[0].Monday()) / 7
	}
	nweeks := 1
	if nd > 0 {
		nweeks = week[nd-1] + 1
	}
	assigned := make([][]assignment, len(in.staff)) // person -> day -> assignment
	weekMinutes := make([][]int, len(in.staff))     // person -> week -> paid minutes
	weekDays := make([][]int, len(in.staff))        // person -> week -> days worked
	for p := range in.staff {
		assigned[p] = make([]assignment, nd)
		for d := range assigned[p] {
			assigned[p][d].opt = -1
		}
		weekMinutes[p] = make([]int, nweeks)
		weekDays[p] = make([]int, nweeks)
	}
	busy := func(p, d int) bool { return d >= 0 && d < nd && assigned[p][d].opt >= 0 }
	lineIdx := map[string]int{}
	for i, l := range in.lines {
		lineIdx[l] = i
	}
	// duty[o] lists the slots option o is on the phone in
	duty := make([][]int, len(in.options))
	for o, opt := range in.options {
		for s, c := range in.slots {
			if opt.OnDuty(c, in.slotMin) {
				duty[o] = append(duty[o], s)
			}
		}
	}
	restOK := func(p, d, o int) bool {
		opt := in.options[o]
		if busy(p, d-1) && int(opt.Start)+24*60-int(in.options[assigned[p][d-1].opt].End) < in.minRest {
			return false
		}
		if busy(p, d+1) && int(in.options[assigned[p][d+1].opt].Start)+24*60-int(opt.End) < in.minRest {
			return false
		}
		return true
	}
	canWork := func(p, d, o, l int) bool {
		st := &in.staff[p]
		if busy(p, d) {
			return false
		}
		wk := week[d]
		if st.MaxDaysWeek > 0 && weekDays[p][wk] >= st.MaxDaysWeek {
			return false
		}
		if weekMinutes[p][wk]+in.options[o].Minutes() > int(st.MaxHoursWeek*60+0.5) {
			return false
		}
		if !restOK(p, d, o) {
			return false
		}
		if st.Status == StatusTrainee {
			for _, s := range duty[o] {
				if mentors[d][s][l] == 0 || trainees[d][s][l] >= in.mentorRatio*mentors[d][s][l] {
					return false
				}
			}
		}
		return true
	}
	gain := func(p, d, o, l int) float64 {
		w := in.staff[p].EffectiveProductivity()
		var g float64
		for _, s := range duty[o] {
			if short := in.need[d][s][l] - eff[d][s][l]; short > 0 {
				g += min(short, w)
			}
		}
		return g
	}
	commit := func(p, d, o, l int) {
		assigned[p][d] = assignment{o, l}
		wk := week[d]
		weekMinutes[p][wk] += in.options[o].Minutes()
		weekDays[p][wk]++
		w := in.staff[p].EffectiveProductivity()
		for _, s := range duty[o] {
			eff[d][s][l] += w
			switch in.staff[p].Status {
			case StatusMentor:
				mentors[d][s][l]++
			case StatusTrainee:
				trainees[d][s][l]++
			}
		}
	}
	// first a coordinator on duty whenever the desk is open: per day, the one or two
	// coordinator shifts that together cover every slot with the fewest paid minutes (a
	// coordinator on break is not on duty); failing that, coordinator shifts that cover the
	// most slots still without one
	coords := []int{}
	for p, st := range in.staff {
		if st.HasRole(RoleCoordinator) && st.Status != StatusNew && st.Status != StatusTrainee {
			coords = append(coords, p)
		}
	}
	mask := make([]uint64, len(in.options))
	for o := range in.options {
		for _, s := range duty[o] {
			if s < 64 {
				mask[o] |= 1 << s
			}
		}
	}
	full := uint64(1)<<min(len(in.slots), 64) - 1
	if len(in.slots) >= 64 {
		full = ^uint64(0)
	}
	// partnersOf(o) lists the options that cover every slot o leaves, shortest first
	partners := make([][]int, len(in.options))
	partnersOf := func(o int) []int {
		if partners[o] == nil {
			ps := []int{}
			for o2 := range in.options {
				if mask[o]|mask[o2] == full {
					ps = append(ps, o2)
				}
			}
			slices.SortStableFunc(ps, func(a, b int) int { return in.options[a].Minutes() - in.options[b].Minutes() })
			partners[o] = ps
		}
		return partners[o]
	}
	candsOf := make([][]int, len(in.options)) // option -> indexes of the day's cands
	bestLine := func(p, d, o int) int {
		bl, bg := -1, -1.0
		for _, line := range in.staff[p].Lines {
			l, ok := lineIdx[line]
			if !ok || !canWork(p, d, o, l) {
				continue
			}
			if g := gain(p, d, o, l); g > bg {
				bl, bg = l, g
			}
		}
		return bl
	}
	for d := range in.days {
		if ctx.Err() != nil || !in.open[d] {
			continue
		}
		type cand struct{ p, o, l int }
		var cands []cand
		for _, p := range coords {
			for _, o := range in.allowed[p][d] {
				if l := bestLine(p, d, o); l >= 0 {
					cands = append(cands, cand{p, o, l})
				}
			}
		}
		// the cheapest single shift or pair of shifts of two people that covers every slot,
		// the first in the order of cands (a, then b after a) among equals: for each a, its
		// partners are looked up by option, cheapest option first
		for o := range candsOf {
			candsOf[o] = candsOf[o][:0]
		}
		for i, c := range cands {
			candsOf[c.o] = append(candsOf[c.o], i)
		}
		best, bestCost := []cand(nil), math.MaxInt
		for i, a := range cands {
			ma := in.options[a.o].Minutes()
			if mask[a.o] == full && ma < bestCost {
				best, bestCost = []cand{a}, ma
			}
			bestJ, bestM := -1, math.MaxInt
			for _, ob := range partnersOf(a.o) {
				mb := in.options[ob].Minutes()
				if mb > bestM || ma+mb >= bestCost {
					break
				}
				js := candsOf[ob]
				k := sort.SearchInts(js, i+1)
				if k < len(js) && cands[js[k]].p == a.p {
					k++ // one candidate per person and option
				}
				if k < len(js) && (mb < bestM || js[k] < bestJ) {
					bestJ, bestM = js[k], mb
				}
			}
			if bestJ >= 0 {
				best, bestCost = []cand{a, cands[bestJ]}, ma+bestM
			}
		}
		if best != nil {
			for _, c := range best {
				commit(c.p, d, c.o, c.l)
			}
			continue
		}
		var covered uint64
		for covered != full {
			bestN, bp, bo, bl := 0, -1, -1, -1
			for _, c := range cands {
				if busy(c.p, d) {
					continue
				}
				if n := bits.OnesCount64(mask[c.o] &^ covered); n > bestN {
					bestN, bp, bo, bl = n, c.p, c.o, c.l
				}
			}
			if bp < 0 {
				break
			}
			commit(bp, d, bo, bl)
			covered |= mask[bo]
		}
	}
	// people in planning order: mentors first (trainees need them), trainees last
	order := make([]int, 0, len(in.staff))
	for _, st := range []Status{StatusMentor, StatusQualified, StatusTrainee} {
		for p, s := range in.staff {
			if s.Status == st && s.EffectiveProductivity() > 0 {
				order = append(order, p)
			}
		}
	}
	// Then, shift by shift, the (person, day, option, line) that covers the most shortfall per
	// paid hour, the first in planning order among equals. A commit changes the gains of its
	// day only, and what its person may still work in its week and on the days around it, so
	// each person's best choice of each day is kept and recomputed only there: the
	// construction costs about one day's candidates per shift instead of the whole horizon's.
	//
	// The gain of an option on a line depends on the person only through their productivity:
	// dayGain[d][(o*nl+l)*nw+k] is the gain of option o on line l of day d for productivity
	// class k, computed once per change of the day.
	prodOf := make([]int, len(in.staff)) // person -> productivity class
	var prods []float64
	for p, st := range in.staff {
		w := st.EffectiveProductivity()
		k := slices.Index(prods, w)
		if k < 0 {
			k = len(prods)
			prods = append(prods, w)
		}
		prodOf[p] = k
	}
	nw := len(prods)
	dayGain := make([][]float64, nd)
	fillDay := func(d int) {
		if dayGain[d] == nil {
			dayGain[d] = make([]float64, len(in.options)*nl*nw)
		}
		g := dayGain[d]
		for o := range in.options {
			for l := range nl {
				for k, w := range prods {
					var sum float64
					for _, s := range duty[o] {
						if short := in.need[d][s][l] - eff[d][s][l]; short > 0 {
							sum += min(short, w)
						}
					}
					g[(o*nl+l)*nw+k] = sum
				}
			}
		}
	}
	staffLines := make([][]int, len(in.staff)) // the person's lines, as indexes, in their order
	for p, st := range in.staff {
		for _, line := range st.Lines {
			if l, ok := lineIdx[line]; ok {
				staffLines[p] = append(staffLines[p], l)
			}
		}
	}
	type choice struct {
		gain float64 // per paid hour
		o, l int     // o < 0: nothing to gain
	}
	best := make([][]choice, len(in.staff))
	for p := range best {
		best[p] = make([]choice, nd)
	}
	bestOf := func(p, d int) choice {
		c := choice{o: -1}
		for _, o := range in.allowed[p][d] {
			hours := float64(in.options[o].Minutes()) / 60
			for _, l := range staffLines[p] {
				// per paid hour, so short shifts that hit the peak are preferred
				g := dayGain[d][(o*nl+l)*nw+prodOf[p]] / hours
				if g > c.gain+1e-12 && canWork(p, d, o, l) {
					c = choice{g, o, l}
				}
			}
		}
		return c
	}
	for d := range nd {
		fillDay(d)
		for _, p := range order {
			best[p][d] = bestOf(p, d)
		}
	}
	for ctx.Err() == nil {
		bestGain, bp, bd := 0.0, -1, -1
		for _, p := range order {
			for d, c := range best[p] {
				if c.o >= 0 && c.gain > bestGain+1e-12 {
					bestGain, bp, bd = c.gain, p, d
				}
			}
		}
		if bp < 0 {
			break
		}
		c := best[bp][bd]
		commit(bp, bd, c.o, c.l)
		fillDay(bd)
		for _, p := range order {
			// the gains of the day only fell: a choice whose own gain is unchanged stays the
			// best, unless what the person may work changed (the committed person, and
			// trainees, who may work beside one more mentor)
			c := best[p][bd]
			if p != bp && in.staff[p].Status != StatusTrainee &&
				(c.o < 0 || dayGain[bd][(c.o*nl+c.l)*nw+prodOf[p]]/(float64(in.options[c.o].Minutes())/60) == c.gain) {
				continue
			}
			best[p][bd] = bestOf(p, bd)
		}
		for d := range nd {
			if d != bd && (week[d] == week[bd] || d == bd-1 || d == bd+1) {
				best[bp][d] = bestOf(bp, d)
			}
		}
	}
	// top up whoever is below their weekly minimum (contract hours, clipped to availability)
	for p := range in.staff {
		if in.minWeek == nil || in.minWeek[p] == 0 {
			continue
		}
		for ctx.Err() == nil {
			bestScore, bd, bo, bl := math.Inf(-1), -1, -1, -1
			for d := range in.days {
				if weekMinutes[p][week[d]] >= in.minWeek[p] {
					continue
				}
				for _, o := range in.allowed[p][d] {
					for _, line := range in.staff[p].Lines {
						l, ok := lineIdx[line]
						if !ok || !canWork(p, d, o, l) {
							continue
						}
						score := gain(p, d, o, l) + 1e-3*float64(in.options[o].Minutes())
						if score > bestScore {
							bestScore, bd, bo, bl = score, d, o, l
						}
					}
				}
			}
			if bd < 0 {
				break
			}
			commit(p, bd, bo, bl)
		}
	}
	var shifts []Shift
	for p, days := range assigned {
		for d, a := range days {
			if a.opt < 0 {
				continue
			}
			o := in.options[a.opt]
			sh := Shift{StaffID: in.staff[p].ID, Date: in.days[d], Start: o.Start, End: o.End, Line: in.lines[a.line]}
			if o.BreakEnd > o.BreakStart {
				sh.BreakStart, sh.BreakEnd = o.BreakStart, o.BreakEnd
			}
			shifts = append(shifts, sh)
		}
	}
	SortShifts(shifts)
	return shifts
}

// SortShifts orders shifts by date, start, staff id.
func SortShifts(shifts []Shift) {
	slices.SortFunc(shifts, func(a, b Shift) int {
		if a.Date != b.Date {
			if a.Date.Before(b.Date) {
				return -1
			}
			return 1
		}
		if a.Start != b.Start {
			return int(a.Start - b.Start)
		}
		if a.StaffID < b.StaffID {
			return -1
		}
		if a.StaffID > b.StaffID {
			return 1
		}
		return 0
	})
}
