package planner

import (
	"context"
	"math"
	"math/bits"
	"slices"

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
// ctx stops the whole construction; rest stops what follows the coordinators (which the
// search finds hard to repair, while it rebuilds the rest better than the greedy does).
func greedy(ctx, rest context.Context, in *greedyInput) []Shift {
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
	type assignment struct{ opt, line int }
	assigned := make([]map[int]assignment, len(in.staff)) // person -> day -> assignment
	weekMinutes := make([]map[calendar.Date]int, len(in.staff))
	weekDays := make([]map[calendar.Date]int, len(in.staff))
	for p := range in.staff {
		assigned[p] = map[int]assignment{}
		weekMinutes[p] = map[calendar.Date]int{}
		weekDays[p] = map[calendar.Date]int{}
	}
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
		if a, ok := assigned[p][d-1]; ok && int(opt.Start)+24*60-int(in.options[a.opt].End) < in.minRest {
			return false
		}
		if a, ok := assigned[p][d+1]; ok && int(in.options[a.opt].Start)+24*60-int(opt.End) < in.minRest {
			return false
		}
		return true
	}
	canWork := func(p, d, o, l int) bool {
		st := in.staff[p]
		if _, busy := assigned[p][d]; busy {
			return false
		}
		wk := in.days[d].Monday()
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
		wk := in.days[d].Monday()
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
		best, bestCost := []cand(nil), math.MaxInt
		for i, a := range cands {
			ma := in.options[a.o].Minutes()
			if mask[a.o] == full && ma < bestCost {
				best, bestCost = []cand{a}, ma
			}
			for _, b := range cands[i+1:] {
				if b.p == a.p || mask[a.o]|mask[b.o] != full {
					continue
				}
				if c := ma + in.options[b.o].Minutes(); c < bestCost {
					best, bestCost = []cand{a, b}, c
				}
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
				if _, busy := assigned[c.p][d]; busy {
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
	for rest.Err() == nil {
		bestGain, bp, bd, bo, bl := 0.0, -1, -1, -1, -1
		for _, p := range order {
			for d := range in.days {
				for _, o := range in.allowed[p][d] {
					for _, line := range in.staff[p].Lines {
						l, ok := lineIdx[line]
						if !ok {
							continue
						}
						g := gain(p, d, o, l)
						// per paid hour, so short shifts that hit the peak are preferred
						g /= float64(in.options[o].Minutes()) / 60
						if g > bestGain+1e-12 && canWork(p, d, o, l) {
							bestGain, bp, bd, bo, bl = g, p, d, o, l
						}
					}
				}
			}
		}
		if bp < 0 {
			break
		}
		commit(bp, bd, bo, bl)
	}
	// top up whoever is below their weekly minimum (contract hours, clipped to availability)
	for p := range in.staff {
		if in.minWeek == nil || in.minWeek[p] == 0 {
			continue
		}
		for rest.Err() == nil {
			bestScore, bd, bo, bl := math.Inf(-1), -1, -1, -1
			for d, day := range in.days {
				wk := day.Monday()
				if weekMinutes[p][wk] >= in.minWeek[p] {
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
