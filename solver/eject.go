package solver

import (
	"math"
	"slices"
)

// Ejection chains aimed at the cells the roster serves worst.
//
// On a tight model every worker's row is already its best response to the others, so a cell
// left short stays short: the one worker who could take it would give up another cell, and
// the worker who could take that one is somebody else. A model whose demand exceeds the
// staff's total minutes, with a limit on the weekends each worker may work, is the extreme
// case: a roster whose weekends hold one shift instead of two leaves weekend cells short
// while some workers sit below their maximum minutes. The chain move (chainMove) combines candidate
// rosters of two or three workers picked mostly at random; this move picks each link for
// what the previous one broke:
//
//  1. a short cell (more staff would lower its penalty) and, of two workers who can cover it
//     but do not, the one whose best roster on a window around the cell's day, with that day
//     forced onto an option covering the cell, costs least (it may cost more than the
//     worker's row: that is what the chain repairs);
//  2. among the cells that got worse, the one that got worst, and the best of: every worker
//     who could take the cell's shift that day and change nothing else, and a few workers
//     who could cover it (those off that day with minutes to spare first), each with the
//     best roster on a window around it; the chain ends unless that link lowers the score;
//  3. repeat 2 up to ejectDepth links, or until the chain as a whole improves the roster.
//
// The caller (run) accepts or undoes the whole chain like any other move.

const (
	ejectDepth = 3 // repair links after the forced one
	ejectTries = 2 // workers re-optimised for each repair link (besides the direct links)
	ejectFirst = 2 // workers forced onto the short cell, the best of whom starts the chain
)

// covers reports whether option o of day d covers cell c.
func (p *prep) covers(d int, o int32, c int) bool {
	if o < 0 {
		return false
	}
	for _, cv := range p.m.Options[d][o].Cover {
		if cv.Cell == c {
			return true
		}
	}
	return false
}

// ejectWindow returns a window of days around day d: the whole horizon one time in four.
func (s *searcher) ejectWindow(d int) (int, int) {
	nD := s.p.nD
	if s.rng.IntN(4) == 0 {
		return -1, -1
	}
	r := 2 + s.rng.IntN(6)
	return max(0, d-r), min(nD-1, d+r)
}

// minutesLeft returns how many more paid minutes worker w may work over the horizon (a large
// number when the worker has no maximum).
func (s *searcher) minutesLeft(w int) int {
	wk := &s.p.m.Workers[w]
	if wk.MaxMinutes <= 0 {
		return math.MaxInt32
	}
	used := 0
	for d, o := range s.st.assign[w] {
		if o >= 0 {
			used += s.p.m.Options[d][o].Length
		}
	}
	return wk.MaxMinutes - used
}

// ejectChain makes one ejection chain; save(w) is called before worker w's row changes.
// It reports whether a chain was made: false when no cell is short, or when none of the
// workers tried has a roster on the short cell (the roster is then unchanged).
func (s *searcher) ejectChain(save func(int)) bool {
	p, st := s.p, s.st
	bad := s.badCells(true)
	if len(bad) == 0 {
		return false
	}
	c := bad[s.rng.IntN(len(bad))]
	d := p.cellDay[c]
	start := st.score()
	s.penBefore = append(s.penBefore[:0], st.cellPen...)
	row := make([]int32, p.nD)
	w := s.firstLink(c, d, row)
	if w < 0 {
		return false // no roster of the workers tried covers the cell
	}
	in := []int{w} // the chain's workers
	save(w)
	st.setRow(w, row)
	for range ejectDepth {
		if st.score() < start-1e-9 {
			break
		}
		worst := s.worstCell()
		if worst < 0 {
			break
		}
		d2 := p.cellDay[worst]
		s.penBefore = append(s.penBefore[:0], st.cellPen...)
		bestV, bestDelta := s.nextLink(worst, d2, in, row)
		if bestV < 0 || bestDelta > -1e-9 {
			break
		}
		save(bestV)
		in = append(in, bestV)
		st.setRow(bestV, row)
	}
	return true
}

// firstLink returns the best of ejectFirst workers who can cover cell c of day d and do not,
// each re-optimised on a window around the day with the day forced onto the cell, with its
// roster in row; -1 if none has such a roster. The roster is left unchanged.
func (s *searcher) firstLink(c, d int, row []int32) int {
	p, st := s.p, s.st
	cand := p.coverers[c]
	w, wDelta := -1, math.Inf(1)
	var tried []int
	for range 4 * ejectFirst {
		if len(tried) == ejectFirst {
			break
		}
		v := int(cand[s.rng.IntN(len(cand))])
		if slices.Contains(tried, v) || p.covers(d, st.assign[v][d], c) {
			continue
		}
		tried = append(tried, v)
		old := slices.Clone(st.assign[v])
		a, b := s.ejectWindow(d)
		s.forceDay, s.forceCell = d, c
		delta := s.reopt(v, a, b)
		s.forceDay = -1
		if p.covers(d, st.assign[v][d], c) && delta < wDelta-1e-9 {
			w, wDelta = v, delta
			copy(row, st.assign[v])
		}
		st.setRow(v, old)
	}
	return w
}

// worstCell returns the cell, among those some worker can cover, whose penalty the last link
// raised most (from s.penBefore), or -1.
func (s *searcher) worstCell() int {
	p, st := s.p, s.st
	worst, loss := -1, 1e-9
	for c2, pen := range st.cellPen {
		if l := pen - s.penBefore[c2]; l > loss && len(p.coverers[c2]) > 0 {
			worst, loss = c2, l
		}
	}
	return worst
}

// nextLink returns the best link that repairs cell worst of day d2, with its change of score
// and its roster in row: a direct one (a worker outside the chain in who takes the cell's
// shift that day and changes nothing else), or one of ejectTries workers re-optimised around
// the day; -1 if none. The roster is left unchanged.
func (s *searcher) nextLink(worst, d2 int, in []int, row []int32) (int, float64) {
	p, st := s.p, s.st
	bestV, bestDelta := -1, math.Inf(1)
	for _, v32 := range p.coverers[worst] {
		v := int(v32)
		if slices.Contains(in, v) {
			continue
		}
		was := st.assign[v][d2]
		if p.covers(d2, was, worst) {
			continue
		}
		for _, o := range p.allowed[v][d2] {
			if !p.covers(d2, o, worst) {
				continue
			}
			st.assign[v][d2] = o // rowFeasible reads the row only
			ok := p.rowFeasible(v, st.assign[v], s.tcnt)
			st.assign[v][d2] = was
			if !ok {
				continue
			}
			delta := st.set(v, d2, o)
			st.set(v, d2, was)
			if delta < bestDelta-1e-9 {
				bestV, bestDelta = v, delta
				copy(row, st.assign[v])
				row[d2] = o
			}
		}
	}
	for _, v := range s.repairers(worst, d2, in) {
		old := append(row[:0:0], st.assign[v]...)
		a, b := s.ejectWindow(d2)
		delta := s.reopt(v, a, b)
		if delta < bestDelta-1e-9 {
			bestV, bestDelta = v, delta
			copy(row, st.assign[v])
		}
		st.setRow(v, old)
	}
	return bestV, bestDelta
}

// repairers returns up to ejectTries workers outside the chain who could cover cell c on day
// d and do not: first those off that day with minutes to spare, then the others, each group
// in random order.
func (s *searcher) repairers(c, d int, in []int) []int {
	p, st := s.p, s.st
	var free, busy []int
	for _, v32 := range p.coverers[c] {
		v := int(v32)
		if slices.Contains(in, v) || p.covers(d, st.assign[v][d], c) {
			continue
		}
		if st.assign[v][d] == Off && s.minutesLeft(v) > 0 {
			free = append(free, v)
		} else {
			busy = append(busy, v)
		}
	}
	s.rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	s.rng.Shuffle(len(busy), func(i, j int) { busy[i], busy[j] = busy[j], busy[i] })
	out := append(free, busy...)
	return out[:min(len(out), ejectTries)]
}

// ejectShare adapts the share of the moves that are ejection chains to what they achieve on
// the model at hand: every ejectPeriod moves it compares the score the chains gained per DP
// with that of the other moves, and moves the share a step towards the better (within
// ejectMin..ejectMax), starting from tune.peject. On some models the chains do most of the
// work, on others little: a fixed share that suits the first does worse on the second
// (docs/solver-tuning.md). Gains and DPs are counted, so the share is deterministic.
type ejectShare struct {
	off   bool       // no chains: p stays 0
	p     float64    // probability of an ejection chain
	moves int        // since the last update
	gain  [2]float64 // score gained by improving moves: other moves, chains
	dps   [2]int     // DPs solved (plus one per move, for the moves without any)
}

const (
	ejectPeriod = 50
	ejectStep   = 0.1
	ejectMin    = 0.1
	ejectMax    = 0.9
)

func (e *ejectShare) record(eject bool, gain float64, dps int) {
	if e.off {
		return
	}
	i := 0
	if eject {
		i = 1
	}
	if gain > 0 {
		e.gain[i] += gain
	}
	e.dps[i] += dps + 1
	e.moves++
	if e.moves < ejectPeriod {
		return
	}
	r0 := e.gain[0] / float64(max(e.dps[0], 1))
	r1 := e.gain[1] / float64(max(e.dps[1], 1))
	switch {
	case r1 > r0:
		e.p = min(ejectMax, e.p+ejectStep)
	case r0 > r1:
		e.p = max(ejectMin, e.p-ejectStep)
	}
	*e = ejectShare{p: e.p}
}
