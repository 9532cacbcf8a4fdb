package solver

import "math"

// state is a roster with incrementally maintained penalties. Every worker's own rules are
// kept satisfied by the moves; coupling rules that are hard are counted in hard, which the
// search weighs by prep.hardW.
type state struct {
	p      *prep
	assign [][]int32

	staff    []float64 // effective staff per cell
	cellPen  []float64
	jointPen []float64 // per joint
	jx       []float64 // scratch: a joint's staff
	// jointVer counts the changes of each joint's staff; jointAdd caches, per touch key, the
	// change of its joint's penalty if a worker of weight w added that touch, valid while
	// the joint's version is ver (0: never).
	jointVer []uint32
	jointAdd []jointDelta

	covCnt []int32 // per cover entry
	supA   []int32 // per supervision entry
	supB   []int32

	fairCnt [][]float64 // rule -> member -> count
	fairSum []float64
	fairSq  []float64
	fairPen []float64

	soft float64 // objective of the soft parts
	hard float64 // hard coupling shortfall (units)
}

func newState(p *prep) *state {
	s := &state{p: p}
	s.assign = make([][]int32, p.nW)
	for w := range s.assign {
		s.assign[w] = make([]int32, p.nD)
		for d := range s.assign[w] {
			s.assign[w][d] = Off
		}
	}
	s.staff = make([]float64, p.nC)
	s.cellPen = make([]float64, p.nC)
	s.jointPen = make([]float64, len(p.m.Joints))
	s.jointVer = make([]uint32, len(p.m.Joints))
	s.jointAdd = make([]jointDelta, p.nJointKeys)
	s.jx = make([]float64, p.jointWidth)
	s.covCnt = make([]int32, len(p.covRule))
	s.supA = make([]int32, len(p.supRule))
	s.supB = make([]int32, len(p.supRule))
	m := p.m
	s.fairCnt = make([][]float64, len(m.Fairness))
	s.fairSum = make([]float64, len(m.Fairness))
	s.fairSq = make([]float64, len(m.Fairness))
	s.fairPen = make([]float64, len(m.Fairness))
	s.recompute()
	return s
}

// recompute rebuilds every maintained quantity from assign.
func (s *state) recompute() {
	p, m := s.p, s.p.m
	for c := range s.staff {
		s.staff[c] = 0
	}
	clear(s.covCnt)
	clear(s.supA)
	clear(s.supB)
	s.soft, s.hard = 0, 0
	for w := range s.assign {
		wt := m.Workers[w].Weight
		kinds := m.Workers[w].Kinds
		for d, o := range s.assign[w] {
			s.soft += p.reqCost(w, d, o)
			if o == Off {
				continue
			}
			s.soft += p.optCost(w, d, o)
			for _, cv := range m.Options[d][o].Cover {
				s.staff[cv.Cell] += wt * cv.Coef
				for _, e := range p.cellCov[cv.Cell] {
					if kinds&m.Covers[p.covRule[e]].Kinds != 0 {
						s.covCnt[e]++
					}
				}
				for _, e := range p.cellSup[cv.Cell] {
					r := &m.Supervisions[p.supRule[e]]
					if kinds&r.Supervised != 0 {
						s.supA[e]++
					}
					if kinds&r.Supervisor != 0 {
						s.supB[e]++
					}
				}
			}
		}
	}
	for c := range s.staff {
		s.cellPen[c] = m.Cells[c].Penalty.Value(s.staff[c])
		s.soft += s.cellPen[c]
	}
	for j := range m.Joints {
		s.jointPen[j] = s.jointValue(j, nil, 0)
		s.soft += s.jointPen[j]
		s.jointVer[j]++
	}
	for e := range s.covCnt {
		soft, hard := s.covPen(e, s.covCnt[e])
		s.soft += soft
		s.hard += hard
	}
	for e := range s.supA {
		soft, hard := s.supPen(e, s.supA[e], s.supB[e])
		s.soft += soft
		s.hard += hard
	}
	for i, f := range m.Fairness {
		cnt := make([]float64, len(f.Workers))
		for j, w := range f.Workers {
			if f.Initial != nil {
				cnt[j] = f.Initial[j]
			}
			for d, o := range s.assign[w] {
				if o != Off && p.fairCounted[i][d] != nil && p.fairCounted[i][d][o] {
					cnt[j]++
				}
			}
		}
		s.fairCnt[i] = cnt
		s.fairSum[i], s.fairSq[i] = 0, 0
		for _, c := range cnt {
			s.fairSum[i] += c
			s.fairSq[i] += c * c
		}
		s.fairPen[i] = f.Weight * spread(cnt, f.Spread)
		s.soft += s.fairPen[i]
	}
}

func (s *state) covPen(e int, n int32) (soft, hard float64) {
	r := &s.p.m.Covers[s.p.covRule[e]]
	short := r.Min - int(n)
	if short <= 0 {
		return 0, 0
	}
	if r.Weight == 0 {
		return 0, float64(short)
	}
	return r.Weight * float64(short), 0
}

func (s *state) supPen(e int, na, nb int32) (soft, hard float64) {
	r := &s.p.m.Supervisions[s.p.supRule[e]]
	short := supShort(int(na), int(nb), r.Ratio)
	if short == 0 {
		return 0, 0
	}
	if r.Weight == 0 {
		return 0, float64(short)
	}
	return r.Weight * float64(short), 0
}

// score is the search objective: soft penalties plus weighted hard shortfall.
func (s *state) score() float64 { return s.soft + s.p.hardW*s.hard }

// set puts worker w on option o (or Off) on day d and returns the change of score.
func (s *state) set(w, d int, o int32) float64 {
	old := s.assign[w][d]
	if old == o {
		return 0
	}
	before := s.score()
	p := s.p
	s.soft += p.reqCost(w, d, o) - p.reqCost(w, d, old)
	if old != Off {
		s.soft -= p.optCost(w, d, old)
		s.cover(w, d, old, -1)
	}
	if o != Off {
		s.soft += p.optCost(w, d, o)
		s.cover(w, d, o, 1)
	}
	s.assign[w][d] = o
	for _, fr := range p.fairOf[w] {
		cd := p.fairCounted[fr.rule][d]
		if cd == nil {
			continue
		}
		delta := 0.0
		if old != Off && cd[old] {
			delta--
		}
		if o != Off && cd[o] {
			delta++
		}
		if delta != 0 {
			s.fairAdd(int(fr.rule), int(fr.member), delta)
		}
	}
	return s.score() - before
}

// setRow puts worker w on row (an option or Off per day) and returns the change of score.
func (s *state) setRow(w int, row []int32) float64 {
	delta := 0.0
	for d, o := range row {
		delta += s.set(w, d, o)
	}
	return delta
}

func (s *state) fairAdd(i, j int, delta float64) {
	f := &s.p.m.Fairness[i]
	c := s.fairCnt[i][j]
	s.fairCnt[i][j] = c + delta
	s.fairSum[i] += delta
	s.fairSq[i] += (c+delta)*(c+delta) - c*c
	var pen float64
	if f.Spread == Range {
		pen = f.Weight * spread(s.fairCnt[i], Range)
	} else {
		n := float64(len(s.fairCnt[i]))
		pen = f.Weight * math.Max(0, s.fairSq[i]-s.fairSum[i]*s.fairSum[i]/n)
	}
	s.soft += pen - s.fairPen[i]
	s.fairPen[i] = pen
}

// cover adds (sign 1) or removes (sign -1) worker w on option o of day d from the cells.
func (s *state) cover(w, d int, o int32, sign int32) {
	p, m := s.p, s.p.m
	wk := &m.Workers[w]
	for _, cv := range m.Options[d][o].Cover {
		c := cv.Cell
		s.staff[c] += float64(sign) * wk.Weight * cv.Coef
		np := m.Cells[c].Penalty.Value(s.staff[c])
		s.soft += np - s.cellPen[c]
		s.cellPen[c] = np
		for _, e := range p.cellCov[c] {
			if wk.Kinds&m.Covers[p.covRule[e]].Kinds == 0 {
				continue
			}
			s0, h0 := s.covPen(int(e), s.covCnt[e])
			s.covCnt[e] += sign
			s1, h1 := s.covPen(int(e), s.covCnt[e])
			s.soft += s1 - s0
			s.hard += h1 - h0
		}
		for _, e := range p.cellSup[c] {
			r := &m.Supervisions[p.supRule[e]]
			isA, isB := wk.Kinds&r.Supervised != 0, wk.Kinds&r.Supervisor != 0
			if !isA && !isB {
				continue
			}
			s0, h0 := s.supPen(int(e), s.supA[e], s.supB[e])
			if isA {
				s.supA[e] += sign
			}
			if isB {
				s.supB[e] += sign
			}
			s1, h1 := s.supPen(int(e), s.supA[e], s.supB[e])
			s.soft += s1 - s0
			s.hard += h1 - h0
		}
	}
	if p.optJoint != nil {
		for k := range p.optJoint[d][o] {
			t := &p.optJoint[d][o][k]
			// the cells hold the new staff already: the cached change of adding the touch,
			// if it was computed on the joint as it was, else the penalty afresh
			var np float64
			if e := &s.jointAdd[t.key]; sign > 0 && e.ver == s.jointVer[t.joint] && e.w == wk.Weight {
				np = s.jointPen[t.joint] + e.val
			} else {
				np = s.jointValue(int(t.joint), nil, 0)
			}
			s.soft += np - s.jointPen[t.joint]
			s.jointPen[t.joint] = np
			s.jointVer[t.joint]++
		}
	}
}

// jointDelta is a cached change of a joint's penalty.
type jointDelta struct {
	ver uint32
	w   float64
	val float64
}

// jointDelta returns the change of joint t.joint's penalty if a worker of weight w added touch
// t to it, from the cache when the joint has not changed since.
func (s *state) jointDelta(t *jointTouch, w float64) float64 {
	e := &s.jointAdd[t.key]
	if v := s.jointVer[t.joint]; e.ver != v || e.w != w {
		e.ver, e.w = v, w
		e.val = s.jointValue(int(t.joint), t, w) - s.jointPen[t.joint]
	}
	return e.val
}

// jointValue returns joint j's penalty with the staff of its cells, plus weight·t.coef on the
// cells of t when t is not nil.
func (s *state) jointValue(j int, t *jointTouch, weight float64) float64 {
	jt := &s.p.m.Joints[j]
	x := s.jx[:len(jt.Cells)]
	for i, c := range jt.Cells {
		x[i] = s.staff[c]
	}
	if t != nil {
		for i, pos := range t.pos {
			x[pos] += weight * t.coef[i]
		}
	}
	return jt.Penalty(x)
}

// marginal returns the change of score if worker w, currently Off on day d, took option o.
// It does not change the state.
func (s *state) marginal(w, d int, o int32) float64 {
	p, m := s.p, s.p.m
	wk := &m.Workers[w]
	v := p.reqCost(w, d, o) - p.reqCost(w, d, Off) + p.optCost(w, d, o)
	for _, cv := range m.Options[d][o].Cover {
		v += s.cellMarginal(wk, cv.Cell, cv.Coef)
	}
	if p.optJoint != nil {
		for k := range p.optJoint[d][o] {
			t := &p.optJoint[d][o][k]
			v += s.jointDelta(t, wk.Weight)
		}
	}
	return v + s.fairMarginal(w, d, o)
}

// marginals sets out[i] to marginal(w, d, al[i]) for each option of al, with the same
// result, but computes each cell's part once: a day's options overlap on most of their cells
// (a planner desk has thousands of options a day over a hundred cells).
func (s *state) marginals(w, d int, al []int32, out []float64, mc *margCache) {
	p, m := s.p, s.p.m
	wk := &m.Workers[w]
	mc.reset(p.nC)
	off := p.reqCost(w, d, Off)
	for i, o := range al {
		v := p.reqCost(w, d, o) - off + p.optCost(w, d, o)
		for _, cv := range m.Options[d][o].Cover {
			v += s.cachedCellMarginal(mc, wk, cv.Cell, cv.Coef)
		}
		if p.optJoint != nil {
			for k := range p.optJoint[d][o] {
				t := &p.optJoint[d][o][k]
				v += s.jointDelta(t, wk.Weight)
			}
		}
		out[i] = v + s.fairMarginal(w, d, o)
	}
}

// margCache memoises cell parts of marginals for one worker and day: up to two coefficients
// per cell (a planner cell is covered with 1 by its line's options and with the line's share
// by pooled ones), one per slot. A generation stamp invalidates it in O(1).
type margCache struct {
	gen   uint32
	slots [2]margSlot
}

// margSlot holds, per cell, one coefficient and its cell part, valid when stamped with the
// cache's generation.
type margSlot struct {
	stamp []uint32
	coef  []float64
	val   []float64
}

func (mc *margCache) reset(nC int) {
	if len(mc.slots[0].stamp) < nC {
		for k := range mc.slots {
			mc.slots[k] = margSlot{stamp: make([]uint32, nC), coef: make([]float64, nC), val: make([]float64, nC)}
		}
		mc.gen = 0
	}
	mc.gen++
	if mc.gen == 0 { // wrapped: stale stamps could match
		for k := range mc.slots {
			clear(mc.slots[k].stamp)
		}
		mc.gen = 1
	}
}

// cachedCellMarginal is cellMarginal(wk, c, coef) through mc: computed on the first use of
// (c, coef) since mc.reset, read back after; a third coefficient of one cell is not cached.
func (s *state) cachedCellMarginal(mc *margCache, wk *Worker, c int, coef float64) float64 {
	for k := range mc.slots {
		sl := &mc.slots[k]
		if sl.stamp[c] != mc.gen {
			sl.stamp[c], sl.coef[c] = mc.gen, coef
			sl.val[c] = s.cellMarginal(wk, c, coef)
			return sl.val[c]
		}
		if sl.coef[c] == coef {
			return sl.val[c]
		}
	}
	return s.cellMarginal(wk, c, coef)
}

// cellMarginal is the change of score in cell c if worker wk, off there, covered it with
// coefficient coef: its penalty and its cover and supervision rules.
func (s *state) cellMarginal(wk *Worker, c int, coef float64) float64 {
	p, m := s.p, s.p.m
	v := m.Cells[c].Penalty.Value(s.staff[c]+wk.Weight*coef) - s.cellPen[c]
	for _, e := range p.cellCov[c] {
		if wk.Kinds&m.Covers[p.covRule[e]].Kinds == 0 {
			continue
		}
		s0, h0 := s.covPen(int(e), s.covCnt[e])
		s1, h1 := s.covPen(int(e), s.covCnt[e]+1)
		v += s1 - s0 + p.hardW*(h1-h0)
	}
	for _, e := range p.cellSup[c] {
		r := &m.Supervisions[p.supRule[e]]
		isA, isB := wk.Kinds&r.Supervised != 0, wk.Kinds&r.Supervisor != 0
		if !isA && !isB {
			continue
		}
		na, nb := s.supA[e], s.supB[e]
		s0, h0 := s.supPen(int(e), na, nb)
		if isA {
			na++
		}
		if isB {
			nb++
		}
		s1, h1 := s.supPen(int(e), na, nb)
		v += s1 - s0 + p.hardW*(h1-h0)
	}
	return v
}

// fairMarginal is the change of the fairness penalties if worker w, off on day d, took
// option o.
func (s *state) fairMarginal(w, d int, o int32) float64 {
	p, m := s.p, s.p.m
	v := 0.0
	for _, fr := range p.fairOf[w] {
		cd := p.fairCounted[fr.rule][d]
		if cd == nil || !cd[o] {
			continue
		}
		f := &m.Fairness[fr.rule]
		c := s.fairCnt[fr.rule][fr.member]
		if f.Spread == Range {
			cnt := s.fairCnt[fr.rule]
			cnt[fr.member] = c + 1
			v += f.Weight*spread(cnt, Range) - s.fairPen[fr.rule]
			cnt[fr.member] = c
		} else {
			n := float64(len(s.fairCnt[fr.rule]))
			sum, sq := s.fairSum[fr.rule]+1, s.fairSq[fr.rule]+2*c+1
			v += f.Weight*(sq-sum*sum/n) - s.fairPen[fr.rule]
		}
	}
	return v
}

func (s *state) copyAssign() [][]int {
	out := make([][]int, len(s.assign))
	for w, row := range s.assign {
		out[w] = make([]int, len(row))
		for d, o := range row {
			out[w][d] = int(o)
		}
	}
	return out
}
