package solver

import (
	"context"
	"fmt"
	"math"
	"sync"
)

// The lower bound is the Lagrangian dual of the linking constraints x_c = sum of the coverage
// of the workers' rosters: for multipliers pi,
//
//	L(pi) = sum_c min_{0<=x<=X_c} (f_c(x) - pi_c x) + sum_w min_roster (own cost + sum_c pi_c a_wc)
//
// is a valid lower bound for any pi (coupling and fairness penalties, being non-negative, are
// dropped; type limits are relaxed). The per-worker minimum is the exact roster DP. The dual
// is maximised by a subgradient method with Polyak steps; its optimum equals the bound of the
// column generation master LP (the convex hull of each worker's rosters).

// trivialBound is the sum of the smallest penalty each cell can have plus the unavoidable
// request costs.
func trivialBound(p *prep) float64 {
	xmax := p.xmax
	b := 0.0
	for c := range p.m.Cells {
		b += pwlMin(&p.m.Cells[c].Penalty, 0, xmax[c])
	}
	return roundBound(p, b)
}

// cellMaxStaff is an upper bound of the effective staff of each cell: every worker on the
// option that gives the cell most (from prep.reach). newPrep keeps it in p.xmax.
func cellMaxStaff(p *prep) []float64 {
	xmax := make([]float64, p.nC)
	for w := range p.m.Workers {
		wt := p.m.Workers[w].Weight
		for d := range p.nD {
			for _, cv := range p.reach[w][d] {
				xmax[cv.Cell] += math.Max(0, wt*cv.Coef)
			}
		}
	}
	return xmax
}

// pwlMin returns min over lo<=x<=hi of f(x) - pi*x.
func pwlMin(f *PWL, pi, hi float64) float64 {
	best := f.Value(0)
	for _, b := range f.Breaks {
		if b > hi {
			break
		}
		best = math.Min(best, f.Value(b)-pi*b)
	}
	return math.Min(best, f.Value(hi)-pi*hi)
}

// pwlArgmin returns an x in [0,hi] minimising f(x) - pi*x.
func pwlArgmin(f *PWL, pi, hi float64) float64 {
	bx, best := 0.0, f.Value(0)
	for _, b := range f.Breaks {
		if b > hi {
			break
		}
		if v := f.Value(b) - pi*b; v < best-1e-12 {
			bx, best = b, v
		}
	}
	if v := f.Value(hi) - pi*hi; v < best-1e-12 {
		bx = hi
	}
	return bx
}

// integral reports whether every objective term of the model is an integer for any roster,
// so that a bound can be rounded up.
func integral(p *prep) bool {
	m := p.m
	isInt := func(x float64) bool { return x == math.Trunc(x) }
	if len(m.Fairness) > 0 {
		return false
	}
	for _, w := range m.Workers {
		if !isInt(w.Weight) || w.CostPerMinute != 0 {
			return false
		}
	}
	for d := range m.Options {
		for _, o := range m.Options[d] {
			if !isInt(o.Cost) {
				return false
			}
			for _, c := range o.Cover {
				if !isInt(c.Coef) {
					return false
				}
			}
		}
	}
	for _, c := range m.Cells {
		if !isInt(c.Penalty.At0) {
			return false
		}
		for _, v := range c.Penalty.Breaks {
			if !isInt(v) {
				return false
			}
		}
		for _, v := range c.Penalty.Slopes {
			if !isInt(v) {
				return false
			}
		}
	}
	for _, r := range m.Requests {
		if !isInt(r.Weight) {
			return false
		}
	}
	for _, r := range m.Covers {
		if !isInt(r.Weight) {
			return false
		}
	}
	for _, r := range m.Supervisions {
		if !isInt(r.Weight) {
			return false
		}
	}
	return true
}

func roundBound(p *prep, b float64) float64 {
	if integral(p) {
		return math.Ceil(b - 1e-6*math.Max(1, math.Abs(b)))
	}
	return b
}

// lagrangeBound runs the subgradient method for at most iters iterations, calling report
// with every improved bound. ub returns the best known objective (for the step size).
func lagrangeBound(ctx context.Context, p *prep, specs []*wspec, iters int, ub func() float64, report func(float64)) {
	m := p.m
	isInt := integral(p)
	xmax := p.xmax
	pi := make([]float64, p.nC)
	g := make([]float64, p.nC)
	sc := dpScratch{ctx: ctx}
	var in dpInput
	in.off = make([]float64, p.nD)
	in.opt = make([][]float64, p.nD)
	best := math.Inf(-1)
	theta := 1.0
	noImp := 0
	// Identical workers share one DP: group by everything that matters.
	groups := workerClasses(p)
	var prices [][]float64
	for it := 0; it < iters && ctx.Err() == nil; it++ {
		L := 0.0
		for c := range p.m.Cells {
			f := &m.Cells[c].Penalty
			L += pwlMin(f, pi[c], xmax[c])
			g[c] = -pwlArgmin(f, pi[c], xmax[c])
		}
		feasible := true
		prices = optionPrices(p, pi, prices)
		for _, grp := range groups {
			if ctx.Err() != nil {
				return // an unfinished iteration proves nothing
			}
			w := grp[0]
			wt := m.Workers[w].Weight
			for d := range p.nD {
				in.off[d] = p.reqOff[w][d]
				al := p.allowed[w][d]
				if cap(in.opt[d]) < len(al) {
					in.opt[d] = make([]float64, len(al))
				}
				in.opt[d] = in.opt[d][:len(al)]
				for i, o := range al {
					in.opt[d][i] = p.reqCost(w, d, o) + p.optCost(w, d, o) + wt*prices[d][o]
				}
			}
			in.typePen, in.wePen = nil, 0
			r, cost, ok := specs[w].solveDP(p, &in, &sc)
			if !ok {
				feasible = false
				break
			}
			L += cost * float64(len(grp))
			for d, o := range r {
				if o == Off {
					continue
				}
				for _, cv := range m.Options[d][o].Cover {
					g[cv.Cell] += wt * cv.Coef * float64(len(grp))
				}
			}
		}
		if !feasible {
			return
		}
		if L > best+1e-9 {
			best = L
			noImp = 0
			b := L
			if isInt {
				b = math.Ceil(L - 1e-6*math.Max(1, math.Abs(L)))
			}
			report(b)
		} else {
			noImp++
			if noImp >= 5 {
				theta /= 2
				noImp = 0
			}
		}
		u := ub()
		if math.IsInf(u, 1) {
			u = math.Abs(L)*1.1 + 1
		}
		if isInt && math.Ceil(best-1e-6) >= u {
			return
		}
		norm := 0.0
		for _, v := range g {
			norm += v * v
		}
		if norm < 1e-12 || theta < 1e-4 {
			return
		}
		step := theta * math.Max(u-L, 1e-3*math.Max(1, math.Abs(u))) / norm
		for c := range pi {
			pi[c] += step * g[c]
		}
	}
}

// workerClasses groups workers that have identical rules and costs, so the bound solves one
// DP per group.
func workerClasses(p *prep) [][]int {
	m := p.m
	var buf []byte
	key := func(w int) string {
		wk := m.Workers[w]
		wk.Name = ""
		wk.Allowed = nil // p.allowed, written in binary below
		buf = buf[:0]
		for _, al := range p.allowed[w] {
			buf = appendOptions(buf, al)
		}
		s := fmt.Sprintf("%v|%s", wk, buf)
		s += fmt.Sprintf("|%v|%v|%v", p.reqOff[w], p.reqOn[w], p.reqExtra[w])
		if wk.History != nil {
			s += fmt.Sprintf("|%v", *wk.History)
		}
		return s
	}
	idx := map[string]int{}
	var out [][]int
	for w := range m.Workers {
		k := key(w)
		if i, ok := idx[k]; ok {
			out[i] = append(out[i], w)
			continue
		}
		idx[k] = len(out)
		out = append(out, []int{w})
	}
	return out
}

// precheck proves some infeasibilities cheaply: a worker without any roster satisfying his
// or her own rules, and a hard cover rule on a cell that too few workers of the kind can
// reach. It returns, per worker, the roster its DP found: a fallback for the construction
// (construct), which keeps the worker's rules when fix is set and otherwise may break a limit
// the DP prices by a Lagrangian penalty (fallbackRow repairs it). ctx stops it: it then
// returns ctx's error.
// The workers' DPs run on par goroutines (each worker's is independent; on a large desk they
// take most of the pre-check); the explanation is that of the first worker in model order
// without a roster, whatever par is.
func precheck(ctx context.Context, p *prep, specs []*wspec, par int, fix bool) ([][]int32, error) {
	m := p.m
	par = max(1, min(par, p.nW))
	bad := make([]bool, p.nW)
	rows := make([][]int32, p.nW)
	var wg sync.WaitGroup
	for t := range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var in dpInput
			sc := dpScratch{ctx: ctx}
			tcnt := make([]int, len(m.Types))
			in.off = make([]float64, p.nD)
			in.opt = make([][]float64, p.nD)
			for w := t; w < p.nW && ctx.Err() == nil; w += par {
				r, ok := feasibleRow(p, specs[w], &in, &sc, tcnt, fix)
				rows[w] = r
				bad[w] = !ok && !sc.stopped
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for w, b := range bad {
		if b {
			return nil, explainWorker(p, w)
		}
	}
	// the days whose options cover each cell, from the per-day cell lists of prep
	var cellDays [][]int
	for i, r := range m.Covers {
		if r.Weight != 0 || r.Min <= 0 {
			continue
		}
		if cellDays == nil {
			cellDays = make([][]int, p.nC)
			for d, cells := range p.dayCells {
				for _, cv := range cells {
					cellDays[cv.Cell] = append(cellDays[cv.Cell], d)
				}
			}
		}
		for _, c := range r.Cells {
			var who []int
			for _, w := range p.coverers[c] {
				if m.Workers[w].Kinds&r.Kinds != 0 {
					who = append(who, int(w))
				}
			}
			if len(who) < r.Min {
				return nil, &InfeasibleError{Rule: RuleCover, Name: r.Name, Workers: who, Days: cellDays[c], Cells: []int{c},
					Reason: fmt.Sprintf("cover rule %d %q needs %d workers in cell %d (%s), but only %d of the kind have an allowed option covering it",
						i, r.Name, r.Min, c, m.Cells[c].Name, len(who))}
			}
		}
	}
	return rows, nil
}

// feasibleRow looks for a roster of the worker of sp with its DP, at costs that only prefer
// the shift types with the loosest limits (the DP counts them in its state, or prices them).
// With a band (wspec.bandLo) the DP first keeps to it. ok is false when the DP finds no roster
// at all, a proof that none exists unless sc.ctx stopped it (sc.stopped). With fix, a roster
// that breaks a limit the DP only prices (a shift type's, or the weekends') is repaired: the
// type is allowed on as many of its days as the limit lets, the worked weekends beyond the
// limit are forbidden, and the DP runs again, until the roster keeps every rule of the worker;
// row is nil when that fails. Without fix, row is the DP's first roster.
func feasibleRow(p *prep, sp *wspec, in *dpInput, sc *dpScratch, tcnt []int, fix bool) (row []int32, ok bool) {
	m := p.m
	w := sp.w
	wk := &m.Workers[w]
	for d := range p.nD {
		al := p.allowed[w][d]
		if cap(in.opt[d]) < len(al) {
			in.opt[d] = make([]float64, len(al))
		}
		in.opt[d] = in.opt[d][:len(al)]
		in.off[d] = 0
		for i, o := range al {
			in.opt[d][i] = 0
			if t := m.Options[d][o].Type; wk.MaxShifts != nil && wk.MaxShifts[t] > 0 {
				in.opt[d][i] = 1 / float64(1+wk.MaxShifts[t])
			}
		}
	}
	in.typePen, in.wePen = nil, 0
	solve := func() ([]int32, bool) {
		in.band = sp.bandLo != nil
		r, _, ok := sp.solveDP(p, in, sc)
		if !ok && in.band && !sc.stopped {
			in.band = false
			r, _, ok = sp.solveDP(p, in, sc)
		}
		in.band = false
		return r, ok
	}
	r, ok := solve()
	if !ok || !fix {
		return r, ok
	}
	for range len(m.Types) + 2 {
		weekends := sp.weStart + rosterCounts(p, r, tcnt)
		if p.rowFeasible(w, r, tcnt) {
			return r, true
		}
		changed := false
		for _, t := range sp.limitedTypes {
			if tcnt[t] <= wk.MaxShifts[t] {
				continue
			}
			changed = true
			// keep type t on the first MaxShifts[t] days the roster works it
			left := wk.MaxShifts[t]
			for d, o := range r {
				keep := o != Off && m.Options[d][o].Type == t && left > 0
				if keep {
					left--
				}
				for i, x := range p.allowed[w][d] {
					if m.Options[d][x].Type == t && !(keep && x == o) {
						in.opt[d][i] = math.Inf(1)
					}
				}
			}
		}
		if sp.weTracked && !sp.weExact && weekends > sp.weMax {
			// forbid work on the worked weekends beyond the limit, the last ones first
			changed = true
			over := weekends - sp.weMax
			for d := p.nD - 1; d >= 0 && over > 0; d-- {
				if !p.weekend[d] || r[d] == Off {
					continue
				}
				wkx := p.week[d]
				for e := range p.nD {
					if p.weekend[e] && p.week[e] == wkx {
						for i := range in.opt[e] {
							in.opt[e][i] = math.Inf(1)
						}
					}
				}
				for d > 0 && p.weekend[d-1] && p.week[d-1] == wkx {
					d--
				}
				over--
			}
		}
		if !changed {
			return nil, true
		}
		if r, ok = solve(); !ok {
			return nil, !sc.stopped
		}
	}
	if p.rowFeasible(w, r, tcnt) {
		return r, true
	}
	return nil, true
}

// fallbackRow returns row, a roster of worker w from precheck, if it keeps the worker's rules,
// and else one that does (feasibleRow with fix), or nil.
func fallbackRow(p *prep, sp *wspec, row []int32, in *dpInput, sc *dpScratch, tcnt []int) []int32 {
	if row == nil {
		return nil
	}
	if p.rowFeasible(sp.w, row, tcnt) {
		return row
	}
	r, _ := feasibleRow(p, sp, in, sc, tcnt, true)
	return r
}

// explainWorker names the rule that leaves worker w without a feasible roster, by relaxing the
// rules one at a time.
func explainWorker(p *prep, w int) error {
	m := p.m
	wk := m.Workers[w]
	try := func(mod func(*Worker)) bool {
		m2 := *m
		m2.Workers = append([]Worker(nil), m.Workers...)
		x := wk
		mod(&x)
		m2.Workers[w] = x
		p2 := newPrep(&m2)
		var in dpInput
		var sc dpScratch
		in.off = make([]float64, p2.nD)
		in.opt = make([][]float64, p2.nD)
		for d := range p2.nD {
			in.opt[d] = make([]float64, len(p2.allowed[w][d]))
		}
		_, _, ok := newWSpec(p2, w, searchExactStates).solveDP(p2, &in, &sc)
		return ok
	}
	allowedDays := 0
	for d := range p.nD {
		if len(p.allowed[w][d]) > 0 {
			allowedDays++
		}
	}
	rules := []struct {
		rule   string
		mod    func(*Worker)
		reason string
	}{
		{RuleMinMinutes, func(x *Worker) { x.MinMinutes = 0 }, fmt.Sprintf("at least %d minutes cannot be reached (%d days with allowed options)", wk.MinMinutes, allowedDays)},
		{RuleMinWeekMinutes, func(x *Worker) { x.MinWeekMinutes = 0 }, fmt.Sprintf("at least %d minutes a week cannot be reached", wk.MinWeekMinutes)},
		{RuleMinConsecutive, func(x *Worker) { x.MinConsecutive = 0 }, fmt.Sprintf("runs of %d working days cannot be formed", wk.MinConsecutive)},
		{RuleMinConsecOff, func(x *Worker) { x.MinConsecutiveOff = 0 }, fmt.Sprintf("runs of %d days off cannot be formed", wk.MinConsecutiveOff)},
		{RuleMaxConsecutive, func(x *Worker) { x.MaxConsecutive = 0 }, fmt.Sprintf("at most %d working days in a row", wk.MaxConsecutive)},
		{RuleMaxWeekends, func(x *Worker) { x.MaxWeekends = 0 }, fmt.Sprintf("at most %d weekends", wk.MaxWeekends)},
		{RuleMaxDaysPerWeek, func(x *Worker) { x.MaxDaysPerWeek = 0 }, fmt.Sprintf("at most %d days a week", wk.MaxDaysPerWeek)},
		{RuleMaxMinutes, func(x *Worker) { x.MaxMinutes = 0 }, fmt.Sprintf("at most %d minutes", wk.MaxMinutes)},
		{RuleMaxWeekMinutes, func(x *Worker) { x.MaxWeekMinutes = 0 }, fmt.Sprintf("at most %d minutes a week", wk.MaxWeekMinutes)},
		{RuleRest, func(x *Worker) { x.MinRest = 0 }, fmt.Sprintf("%d minutes of rest", wk.MinRest)},
	}
	for _, r := range rules {
		if try(r.mod) {
			return &InfeasibleError{Rule: r.rule, Workers: []int{w},
				Reason: fmt.Sprintf("worker %d (%s): %s", w, wk.Name, r.reason)}
		}
	}
	return &InfeasibleError{Rule: "worker-rules", Workers: []int{w},
		Reason: fmt.Sprintf("worker %d (%s): no roster satisfies the worker's rules together", w, wk.Name)}
}
