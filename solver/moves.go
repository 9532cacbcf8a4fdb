package solver

import (
	"math"
	"sort"
)

// reopt gives worker w its best roster given the others, changing days a..b only (a < 0:
// every day), and returns the change of score. The worker's row always stays feasible: if
// the DP finds nothing (or only rosters breaking a type limit) the row is left unchanged.
func (s *searcher) reopt(w, a, b int) float64 {
	p, st := s.p, s.st
	old := append([]int32(nil), st.assign[w]...)
	oldFeasible := p.rowFeasible(w, old, s.tcnt)
	delta := 0.0
	for d := range p.nD {
		if a < 0 || (d >= a && d <= b) {
			delta += st.set(w, d, Off)
		}
	}
	s.setDayCosts(w, a, b, st.assign[w], true)
	tries := 6
	if !oldFeasible {
		tries = 30 // the row must become feasible: insist
	}
	roster := s.penalisedDP(w, tries)
	if roster == nil || (a >= 0 && !p.rowFeasible(w, roster, s.tcnt)) {
		if roster == nil || oldFeasible {
			delta += st.setRow(w, old)
			return delta
		}
	}
	delta += st.setRow(w, roster)
	if delta > 1e-9 && oldFeasible && s.forceDay < 0 {
		// The DP's roster costs more than the old row: the Lagrangian penalties that kept
		// a type limit (or terms the option costs do not see) misled it. Keep the old row,
		// which the DP would have chosen had it priced exactly. Without this, polishing a
		// dive's roster whose type limits are out of the search's DP state could make it
		// several times worse.
		delta += st.setRow(w, old)
	}
	return delta
}

// setDayCosts fills the DP input s.in for worker w: the days outside a..b (when a >= 0) fixed
// to their choice in fixed, the others priced by each option's marginal cost given the other
// workers. With force, the ejection chain's first link (s.forceDay >= 0) makes that day work
// an option covering s.forceCell.
func (s *searcher) setDayCosts(w, a, b int, fixed []int32, force bool) {
	p, st, in := s.p, s.st, &s.in
	for d := range p.nD {
		al := p.allowed[w][d]
		if cap(in.opt[d]) < len(al) {
			in.opt[d] = make([]float64, len(al))
		}
		row := in.opt[d][:len(al)]
		in.opt[d] = row
		if a >= 0 && (d < a || d > b) {
			// fixed day
			cur := fixed[d]
			for i, o := range al {
				if o == cur {
					row[i] = 0
				} else {
					row[i] = math.Inf(1)
				}
			}
			if cur == Off {
				in.off[d] = 0
			} else {
				in.off[d] = math.Inf(1)
			}
			continue
		}
		in.off[d] = 0
		st.marginals(w, d, al, row, &s.mc)
		if force && d == s.forceDay {
			// an ejection chain's first link: the day must be worked on the cell
			in.off[d] = math.Inf(1)
			for i, o := range al {
				if !p.covers(d, o, s.forceCell) {
					row[i] = math.Inf(1)
				}
			}
		}
	}
}

// penalisedDP solves worker w's DP on s.in up to tries times, raising the Lagrangian
// penalties of the type and weekend limits the DP's state does not count until its roster
// keeps them; it returns that roster, or nil. The penalties persist between calls and decay,
// so that usually one DP suffices.
func (s *searcher) penalisedDP(w, tries int) []int32 {
	p := s.p
	sp := s.specs[w]
	if s.lam[w] == nil {
		s.lam[w] = make([]float64, len(p.m.Types))
	}
	for t := range s.lam[w] {
		s.lam[w][t] *= 0.7
	}
	s.wePen[w] *= 0.7
	for try := 0; try < tries; try++ {
		if len(sp.limitedTypes) > 0 {
			s.in.typePen = s.lam[w]
		} else {
			s.in.typePen = nil
		}
		s.in.wePen = s.wePen[w]
		s.dps++
		r, _, ok := sp.solveDP(p, &s.in, &s.sc)
		if !ok {
			return nil
		}
		// check the Lagrangian-handled limits
		wk := &p.m.Workers[w]
		weekends := sp.weStart + rosterCounts(p, r, s.tcnt)
		bad := false
		for _, t := range sp.limitedTypes {
			if s.tcnt[t] > wk.MaxShifts[t] {
				bad = true
				s.lam[w][t] = math.Max(2*s.lam[w][t], p.hardW/1000)
			}
		}
		if sp.weTracked && !sp.weExact {
			if weekends > sp.weMax {
				bad = true
				s.wePen[w] = math.Max(2*s.wePen[w], p.hardW/1000)
			}
		}
		if !bad {
			return r
		}
	}
	return nil
}

// chainStep is the chain move on workers and a window chosen by pickChain: with column
// generation, half of the time on two of them over the whole horizon with LP columns as
// candidates.
func (s *searcher) chainStep(save func(int)) {
	ws, a, b := s.pickChain()
	for _, w := range ws {
		save(w)
	}
	if s.cg != nil && s.rng.IntN(2) == 0 {
		s.chainMove(ws[:min(2, len(ws))], 0, s.p.nD-1, true)
	} else {
		s.chainMove(ws, a, b, false)
	}
}

// ruinStep ruins the rows of the workers pickRuin chooses on its window and recreates them
// one by one by the DP; a row left breaking its worker's rules gets its old value back.
func (s *searcher) ruinStep(save func(int), u *undo) {
	p, st := s.p, s.st
	ws, a, b := s.pickRuin()
	for _, w := range ws {
		save(w)
	}
	for _, w := range ws {
		for d := a; d <= b; d++ {
			st.set(w, d, Off)
		}
	}
	for i := len(ws) - 1; i >= 0; i-- {
		s.reopt(ws[i], a, b)
	}
	// the rows must be feasible: reopt restores infeasible rows only if the DP fails
	for i, w := range ws {
		if !p.rowFeasible(w, st.assign[w], s.tcnt) {
			st.setRow(w, u.snap[i])
		}
	}
}

// swapStep swaps a random block of up to 10 days between two random workers, if both rows
// then keep their workers' rules, and reports whether it did.
func (s *searcher) swapStep(save func(int)) bool {
	p, st := s.p, s.st
	if p.nW < 2 {
		return false
	}
	w1 := s.rng.IntN(p.nW)
	w2 := s.rng.IntN(p.nW - 1)
	if w2 >= w1 {
		w2++
	}
	a := s.rng.IntN(p.nD)
	b := min(p.nD-1, a+s.rng.IntN(min(p.nD, 10)))
	r1 := append([]int32(nil), st.assign[w1]...)
	r2 := append([]int32(nil), st.assign[w2]...)
	same := true
	for d := a; d <= b; d++ {
		if r1[d] != r2[d] {
			same = false
		}
		r1[d], r2[d] = r2[d], r1[d]
	}
	if same || !p.rowFeasible(w1, r1, s.tcnt) || !p.rowFeasible(w2, r2, s.tcnt) {
		return false
	}
	save(w1)
	save(w2)
	for d := a; d <= b; d++ {
		st.set(w1, d, r1[d])
		st.set(w2, d, r2[d])
	}
	return true
}

// window returns a random window of days.
func (s *searcher) window() (int, int) {
	nD := s.p.nD
	if s.rng.IntN(4) == 0 {
		return 0, nD - 1
	}
	l := 3 + s.rng.IntN(min(nD, 14))
	l = min(l, nD)
	a := s.rng.IntN(nD - l + 1)
	return a, a + l - 1
}

// badCells returns the cells whose penalty is above its minimum and that some worker can
// cover; with short, only those that more staff would help (not the over-staffed ones).
func (s *searcher) badCells(short bool) []int {
	p, st := s.p, s.st
	var bad []int
	for c, pen := range st.cellPen {
		if pen <= p.cellMinPen[c]+1e-9 || len(p.coverers[c]) == 0 {
			continue
		}
		if short && p.m.Cells[c].Penalty.Value(st.staff[c]+0.5) >= pen-1e-9 {
			continue
		}
		bad = append(bad, c)
	}
	return bad
}

// pickRuin chooses the workers and the window of a ruin-and-recreate move: often around a
// cell whose penalty is above its minimum, with workers who could cover it.
func (s *searcher) pickRuin() ([]int, int, int) {
	p := s.p
	k := 2 + s.rng.IntN(min(3, max(p.nW-1, 1)))
	k = min(k, p.nW)
	if s.rng.Float64() < tune.ptarget {
		bad := s.badCells(false)
		if len(bad) > 0 {
			c := bad[s.rng.IntN(len(bad))]
			d := p.cellDay[c]
			cand := p.coverers[c]
			ws := make([]int, 0, k)
			seen := map[int]bool{}
			for range 1 + s.rng.IntN(2) {
				w := int(cand[s.rng.IntN(len(cand))])
				if !seen[w] {
					seen[w] = true
					ws = append(ws, w)
				}
			}
			for len(ws) < k {
				w := s.rng.IntN(p.nW)
				if !seen[w] {
					seen[w] = true
					ws = append(ws, w)
				}
			}
			r := 1 + s.rng.IntN(7)
			return ws, max(0, d-r), min(p.nD-1, d+r)
		}
	}
	ws := s.rng.Perm(p.nW)[:k]
	a, b := s.window()
	return ws, a, b
}

// chainMove re-optimises workers ws jointly on days a..b: for each worker it builds a few
// candidate rosters (its best roster given the others, and its best roster with one day of the
// window forced to each other choice) and then tries every combination, keeping the best.
// This finds the ejection chains a single-worker move cannot: one worker takes a shift that
// another gives up.
func (s *searcher) chainMove(ws []int, a, b int, pool bool) {
	st := s.st
	cur := st.score()
	k := len(ws)
	old := make([][]int32, k)
	for i, w := range ws {
		old[i] = append([]int32(nil), st.assign[w]...)
	}
	for _, w := range ws {
		for d := a; d <= b; d++ {
			st.set(w, d, Off)
		}
	}
	limit := 24
	if k > 2 {
		limit = 10
	}
	cands := make([][][]int32, k)
	for i, w := range ws {
		if pool {
			cands[i] = s.poolCandidates(w, old[i], limit*2)
		} else {
			cands[i] = s.candidates(w, a, b, old[i], limit)
		}
	}
	best := math.Inf(1)
	choice := make([]int, k)
	bestChoice := make([]int, k)
	var rec func(i int)
	rec = func(i int) {
		if i == k {
			if sc := st.score(); sc < best-1e-9 {
				best = sc
				copy(bestChoice, choice)
			}
			return
		}
		w := ws[i]
		for j, c := range cands[i] {
			for d := a; d <= b; d++ {
				st.set(w, d, c[d])
			}
			choice[i] = j
			rec(i + 1)
		}
	}
	rec(0)
	apply := best < cur-1e-9
	if !apply && best <= cur+1e-9 && s.rng.IntN(2) == 0 {
		apply = true // a sideways move
	}
	for i, w := range ws {
		row := old[i]
		if apply {
			row = cands[i][bestChoice[i]]
		}
		for d := a; d <= b; d++ {
			st.set(w, d, row[d])
		}
	}
}

// candidates returns up to limit feasible rosters of worker w that differ from its current
// row only on days a..b, cheapest first (given the current state, where w is off on a..b);
// the old row is always included.
func (s *searcher) candidates(w, a, b int, old []int32, limit int) [][]int32 {
	p := s.p
	sp := s.specs[w]
	in := &s.in
	s.setDayCosts(w, a, b, old, false)
	in.typePen, in.wePen = nil, 0
	type cand struct {
		r    []int32
		cost float64
	}
	var out []cand
	seen := map[string]bool{}
	key := func(r []int32) string {
		bs := make([]byte, 0, 2*(b-a+1))
		for d := a; d <= b; d++ {
			bs = append(bs, byte(r[d]+1), byte((r[d]+1)>>8))
		}
		return string(bs)
	}
	addC := func(r []int32, c float64) {
		kk := key(r)
		if seen[kk] || !p.rowFeasible(w, r, s.tcnt) {
			return
		}
		seen[kk] = true
		out = append(out, cand{r, c})
	}
	addC(old, math.Inf(-1))
	s.dps++
	r0, c0, ok := sp.solveDP(p, in, &s.sc)
	if ok {
		addC(r0, c0)
		s.forcedVariants(w, a, b, r0, addC)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].cost < out[j].cost })
	if len(out) > limit {
		out = out[:limit]
	}
	rs := make([][]int32, len(out))
	for i, c := range out {
		rs[i] = c.r
	}
	return rs
}

// forcedVariants offers to add worker w's best rosters with one day of a..b forced to each
// other choice than r0's (the day off and, with many options, the cheapest maxForced only).
// s.in holds the DP's costs; it is left as it was.
func (s *searcher) forcedVariants(w, a, b int, r0 []int32, add func([]int32, float64)) {
	p := s.p
	sp := s.specs[w]
	in := &s.in
	saveOff := make([]float64, b-a+1)
	saveOpt := make([][]float64, b-a+1)
	for d := a; d <= b; d++ {
		saveOff[d-a] = in.off[d]
		saveOpt[d-a] = append([]float64(nil), in.opt[d]...)
	}
	for d := a; d <= b; d++ {
		al := p.allowed[w][d]
		// with many options, force only the day off and the cheapest few
		xs := make([]int, 0, len(al)+1)
		xs = append(xs, -1)
		for i := range al {
			xs = append(xs, i)
		}
		if len(al) > maxForced {
			cheap := xs[1:]
			sort.SliceStable(cheap, func(i, j int) bool { return saveOpt[d-a][cheap[i]] < saveOpt[d-a][cheap[j]] })
			xs = xs[:1+maxForced]
		}
		for _, x := range xs {
			choice := int32(Off)
			if x >= 0 {
				choice = al[x]
			}
			if choice == r0[d] {
				continue
			}
			// force day d to choice
			if x < 0 {
				in.off[d] = saveOff[d-a]
			} else {
				in.off[d] = math.Inf(1)
			}
			for i := range al {
				if i == x {
					in.opt[d][i] = saveOpt[d-a][i]
				} else {
					in.opt[d][i] = math.Inf(1)
				}
			}
			s.dps++
			if r, c, ok := sp.solveDP(p, in, &s.sc); ok {
				add(r, c)
			}
			in.off[d] = saveOff[d-a]
			copy(in.opt[d], saveOpt[d-a])
		}
	}
}

// pickChain chooses the workers and window of a chain move.
func (s *searcher) pickChain() ([]int, int, int) {
	p := s.p
	k := 2
	if p.nW > 2 && s.rng.IntN(4) == 0 {
		k = 3
	}
	k = min(k, p.nW)
	bad := s.badCells(false)
	var ws []int
	seen := map[int]bool{}
	d := s.rng.IntN(p.nD)
	if len(bad) > 0 {
		c := bad[s.rng.IntN(len(bad))]
		d = p.cellDay[c]
		cand := p.coverers[c]
		w := int(cand[s.rng.IntN(len(cand))])
		seen[w] = true
		ws = append(ws, w)
	}
	for len(ws) < k {
		w := s.rng.IntN(p.nW)
		if !seen[w] {
			seen[w] = true
			ws = append(ws, w)
		}
	}
	l := 2 + s.rng.IntN(min(6, p.nD))
	l = min(l, p.nD)
	a := max(0, min(d-s.rng.IntN(l), p.nD-l))
	return ws, a, a + l - 1
}

// poolCandidates returns the worker's current row and up to limit random columns of its class
// from the column-generation pool: rosters the LP found attractive.
func (s *searcher) poolCandidates(w int, old []int32, limit int) [][]int32 {
	g := s.cg
	k := g.classOf[w]
	out := [][]int32{old}
	cols := g.cols[k]
	if len(cols) <= limit {
		for _, c := range cols {
			out = append(out, c.roster)
		}
		return out
	}
	for _, i := range s.rng.Perm(len(cols))[:limit] {
		out = append(out, cols[i].roster)
	}
	return out
}

// maxForced is the number of options (the cheapest) forced on a day to build chain
// candidates when a day has more.
const maxForced = 6
