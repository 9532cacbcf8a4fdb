package solver

import (
	"context"
	"math"
	"math/bits"
	"sort"
)

// The roster of one worker is re-optimised exactly (given per-option costs) by dynamic
// programming over days, a resource-constrained shortest path. A label's state holds the
// current run (working days in a row with the class of the last shift, or days off in a row),
// the paid minutes so far (in units of the gcd of the option lengths), the minutes and days of
// the current week, and the weekends worked. Shift-type limits, and the weekend limit when the
// state space would be too large, are handled by Lagrangian penalties by the caller.

const (
	maxDPStates = 1 << 22
	// maxDPLabels caps the labels a worker's DP may hold over its horizon (states times
	// days): beyond it, the weekend limit leaves the state for a Lagrangian penalty, and the
	// worker is large (wspec.large). A label takes 24 bytes, so a DP within it stays under
	// 400 MB. Horizons of a few weeks stay well within it; a year-long horizon (paid minutes
	// in hundreds of units, dozens of weekend counts) would take gigabytes.
	maxDPLabels = 1 << 24
	// searchExactStates caps the state space in which the search's DPs count a shift-type
	// limit exactly; beyond it the limit is priced by Lagrangian penalties.
	searchExactStates = 1 << 15
	// The column generation's pricing counts limits exactly up to pricingExactStates states,
	// as long as the pricing of all workers stays within pricingWork (states times days,
	// summed over the workers); else it uses the search's DPs. Exact pricing gives the master
	// the columns it needs, so that it converges in far fewer rounds; but on the largest
	// models it makes every round too slow for the time limit (docs/solver-tuning.md).
	pricingExactStates = 1 << 18
	pricingWork        = 1.5e8
)

// pricingSpecs returns the workers' DPs for the column generation's pricing: with more
// shift-type limits counted exactly than in the search's specs when that stays within
// pricingWork, else specs themselves.
func pricingSpecs(p *prep, specs []*wspec) []*wspec {
	out := make([]*wspec, len(specs))
	work := 0.0
	differ := false
	for w := range out {
		out[w] = newWSpec(p, w, pricingExactStates)
		work += float64(out[w].size) * float64(p.nD)
		differ = differ || out[w].size != specs[w].size
	}
	if !differ || work > pricingWork {
		return specs
	}
	return out
}

// wspec is the compiled DP description of one worker.
type wspec struct {
	w      int
	noHist bool
	hist   *History

	unit     int       // gcd of option lengths, minutes
	units    [][]int32 // [day][allowed index] length in units
	grpOf    [][]int32 // [day][allowed index] group
	grpType  [][]int32 // [day][group] type
	grpUnits [][]int32 // [day][group] units
	grpClass [][]int32 // [day][group] class
	nGroups  []int
	nClass   []int
	compat   [][]bool // [day d>=1][class(d-1)*nGroups(d)+g]
	compat0  []bool   // history -> day 0 groups

	kw, ko, nClassMax, nRun  int
	minCons, maxCons, minOff int

	maxU, minU, mDim    int // horizon units; maxU < 0: none
	wMaxU, wMinU, wmDim int
	maxDays, wdDim      int
	weTracked           bool // weekend limit tracked at all
	weExact             bool // in the state (else Lagrangian)
	weMax, weDim, flDim int
	weStart             int

	maxRem                                   []int // max units on days d+1..D-1
	size                                     int
	strRun, strM, strWM, strWD, strWE, strFL int
	// the strides and sizes of the state's digits, and of the run's class: decoding a state
	// takes no hardware division (see divisor)
	divRun, divM, divWM, divWD, divWE, divFL        divisor
	dimTC, dimFL, dimWE, dimWD, dimWM, dimM, dimCls divisor

	limitedTypes []int     // types with a MaxShifts limit that may bind, not in the state
	tcDim        int       // product of the exact type-count dimensions
	tcStride     []int     // per type: stride in the type-count digit, 0 if not exact
	tcLim        []int     // per type: limit when exact
	tcDiv        []divisor // per type: tcStride (1 when not exact)
	tcDigit      []divisor // per type: tcLim+1 (1 when not exact)

	// bandLo and bandHi (nil: no band) bound the paid units after each day in a DP with
	// dpInput.band: within bandSlackDays of work of the share of the minimum and maximum that
	// the worker's capacity up to that day (the longest option of each day) would carry. Set
	// when the paid minutes are in the state (a maximum). On a long horizon the band holds a
	// small part of the states, and a feasible roster nearly always keeps such a pace (the
	// pre-check searches the whole state space when none does).
	bandLo, bandHi []int
	// large: the state space is over maxDPLabels (the weekends have left it if they could)
	large bool
}

// divisor divides 32-bit numbers by a fixed d without a hardware division (Lemire, Kaser and
// Kurz, "Faster remainder by direct computation", 2019): with m = ⌊(2⁶⁴-1)/d⌋+1, n/d is the
// high word of m·n, and n mod d the high word of (m·n mod 2⁶⁴)·d, exact for every 32-bit n
// and d. m overflows to 0 for d = 1, which gives the right remainder (0) and which div
// handles apart.
type divisor struct {
	m uint64
	d uint32
}

func newDivisor(d int) divisor {
	if d < 1 || d > math.MaxUint32 {
		panic("solver: divisor out of range")
	}
	return divisor{m: ^uint64(0)/uint64(d) + 1, d: uint32(d)}
}

// div returns n/d.
func (v divisor) div(n uint32) uint32 {
	if v.d == 1 {
		return n
	}
	hi, _ := bits.Mul64(v.m, uint64(n))
	return uint32(hi)
}

// mod returns n%d.
func (v divisor) mod(n uint32) uint32 {
	hi, _ := bits.Mul64(v.m*uint64(n), uint64(v.d))
	return uint32(hi)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// newWSpec compiles worker w's DP; a shift-type limit is counted in the state while the
// state space stays within exactStates.
func newWSpec(p *prep, w, exactStates int) *wspec {
	return newWSpecLabels(p, w, exactStates, maxDPLabels)
}

// newWSpecLabels is newWSpec with maxLabels in place of maxDPLabels (tests).
func newWSpecLabels(p *prep, w, exactStates, maxLabels int) *wspec {
	wk := &p.m.Workers[w]
	sp := &wspec{w: w, hist: wk.History}
	sp.noHist = wk.History == nil || (wk.History.Worked == 0 && wk.History.Off == 0)
	sp.unit = optionGCD(p, w)
	binds := restBinds(p, w)
	classEnd, classType := sp.group(p, binds)
	grpMinStart := sp.groupMinStart(p)
	if binds {
		grpMinStart = sp.splitGroupsByStart(p)
	}
	sp.setCompat(p, classEnd, classType, grpMinStart)
	sp.setRunDims(wk)
	sp.setResourceDims(p, wk)
	sp.setTypeCounts(p, wk, exactStates, maxLabels)
	sp.setStrides()
	maxU := sp.setMaxRem(p)
	sp.large = sp.size*p.nD > maxLabels
	if sp.maxU >= 0 {
		sp.setBand(p, maxU)
	}
	return sp
}

// optionGCD returns the gcd of the lengths of worker w's options, in minutes (1 if none): the
// unit of the paid minutes in the state.
func optionGCD(p *prep, w int) int {
	g := 0
	for d := range p.nD {
		for _, o := range p.allowed[w][d] {
			g = gcd(g, p.m.Options[d][o].Length)
		}
	}
	if g == 0 {
		g = 1
	}
	return g
}

// typeSignatures numbers the shift types by their forbidden successors (succ) or
// predecessors (!succ): types with the same signature share its number, the first such type.
func typeSignatures(p *prep, succ bool) []int {
	m := p.m
	sig := make([]int, len(m.Types))
	seen := map[string]int{}
	for t := range m.Types {
		b := make([]byte, len(m.Types))
		for u := range m.Types {
			if (succ && p.forb[t][u]) || (!succ && p.forb[u][t]) {
				b[u] = 1
			}
		}
		k, ok := seen[string(b)]
		if !ok {
			k = t
			seen[string(b)] = t
		}
		sig[t] = k
	}
	return sig
}

// restBinds reports whether worker w's minimum rest can forbid some succession: between the
// history's last shift and day 0, or between two consecutive days.
func restBinds(p *prep, w int) bool {
	m := p.m
	wk := &m.Workers[w]
	if h := wk.History; wk.MinRest > 0 && h != nil && h.Worked > 0 {
		for _, o := range p.allowed[w][0] {
			if m.Options[0][o].Start+1440-h.LastEnd < wk.MinRest {
				return true
			}
		}
	}
	if wk.MinRest <= 0 {
		return false
	}
	for d := 1; d < p.nD; d++ {
		if len(p.allowed[w][d]) == 0 {
			continue // a day off: nothing to rest before (and math.MaxInt+1440 would wrap)
		}
		minStart := math.MaxInt
		for _, o := range p.allowed[w][d] {
			minStart = min(minStart, m.Options[d][o].Start)
		}
		for _, o := range p.allowed[w][d-1] {
			if minStart+1440-m.Options[d-1][o].End() < wk.MinRest {
				return true
			}
		}
	}
	return false
}

// limitedTypes reports, per shift type, whether worker w's MaxShifts limit on it may bind:
// more days offer the type than the limit.
func limitedTypes(p *prep, w int) []bool {
	m := p.m
	wk := &m.Workers[w]
	limited := make([]bool, len(m.Types))
	for t, lim := range wk.MaxShifts {
		if lim <= 0 {
			continue
		}
		n := 0
		for d := range p.nD {
			for _, o := range p.allowed[w][d] {
				if m.Options[d][o].Type == t {
					n++
					break
				}
			}
		}
		limited[t] = n > lim
	}
	return limited
}

// group sorts each day's options into classes and groups. A class is what the next day needs
// to know of the shift worked: its type up to the forbidden successors (when some are
// forbidden), and its end when the rest rule binds. Options of types that no shift limit
// watches, with the same class, length and forbidden predecessors, are interchangeable: they
// form a group, of which the DP keeps the cheapest. It returns each day's classes' ends and
// types.
func (sp *wspec) group(p *prep, restBinds bool) (classEnd, classType [][]int) {
	m, w := p.m, sp.w
	hasForb := len(m.Forbidden) > 0
	sig := typeSignatures(p, true)
	limited := limitedTypes(p, w)
	colSig := typeSignatures(p, false)
	type ckey struct{ t, end int }
	type gkey struct{ t, cls, u int32 }
	sp.units = make([][]int32, p.nD)
	sp.grpOf = make([][]int32, p.nD)
	sp.grpType = make([][]int32, p.nD)
	sp.grpUnits = make([][]int32, p.nD)
	sp.grpClass = make([][]int32, p.nD)
	sp.nGroups = make([]int, p.nD)
	sp.nClass = make([]int, p.nD)
	classEnd = make([][]int, p.nD)
	classType = make([][]int, p.nD)
	for d := range p.nD {
		cls := map[ckey]int32{}
		grp := map[gkey]int32{}
		al := p.allowed[w][d]
		sp.units[d] = make([]int32, len(al))
		sp.grpOf[d] = make([]int32, len(al))
		for i, o := range al {
			op := &m.Options[d][o]
			k := ckey{-1, 0}
			if hasForb {
				k.t = sig[op.Type]
			}
			if restBinds {
				k.end = op.End()
			}
			c, ok := cls[k]
			if !ok {
				c = int32(len(cls))
				cls[k] = c
				classEnd[d] = append(classEnd[d], op.End())
				classType[d] = append(classType[d], op.Type)
			}
			u := int32(op.Length / sp.unit)
			sp.units[d][i] = u
			gt := int32(op.Type)
			if !limited[op.Type] {
				gt = int32(-1 - colSig[op.Type])
			}
			gk := gkey{gt, c, u}
			gi, ok := grp[gk]
			if !ok {
				gi = int32(len(grp))
				grp[gk] = gi
				sp.grpType[d] = append(sp.grpType[d], int32(op.Type))
				sp.grpUnits[d] = append(sp.grpUnits[d], u)
				sp.grpClass[d] = append(sp.grpClass[d], c)
			}
			sp.grpOf[d][i] = gi
		}
		sp.nClass[d] = len(cls)
		sp.nGroups[d] = len(grp)
		sp.nClassMax = max(sp.nClassMax, len(cls))
	}
	return classEnd, classType
}

// groupMinStart returns the earliest start of each day's groups, for the rest rule.
func (sp *wspec) groupMinStart(p *prep) [][]int {
	grpMinStart := make([][]int, p.nD)
	for d := range p.nD {
		grpMinStart[d] = make([]int, sp.nGroups[d])
		for i := range grpMinStart[d] {
			grpMinStart[d][i] = math.MaxInt
		}
		for i, o := range p.allowed[sp.w][d] {
			gi := sp.grpOf[d][i]
			grpMinStart[d][gi] = min(grpMinStart[d][gi], p.m.Options[d][o].Start)
		}
	}
	return grpMinStart
}

// splitGroupsByStart refines the groups by start, for a worker whose rest rule binds: the
// options of a group must then all follow the same classes of the day before. It returns
// each group's start.
func (sp *wspec) splitGroupsByStart(p *prep) [][]int {
	grpStart := make([][]int, p.nD)
	for d := range p.nD {
		type gk2 struct {
			g     int32
			start int
		}
		grp := map[gk2]int32{}
		var gt, gu, gc []int32
		for i, o := range p.allowed[sp.w][d] {
			k := gk2{sp.grpOf[d][i], p.m.Options[d][o].Start}
			gi, ok := grp[k]
			if !ok {
				gi = int32(len(grp))
				grp[k] = gi
				gt = append(gt, sp.grpType[d][k.g])
				gu = append(gu, sp.grpUnits[d][k.g])
				gc = append(gc, sp.grpClass[d][k.g])
			}
			sp.grpOf[d][i] = gi
		}
		sp.grpType[d], sp.grpUnits[d], sp.grpClass[d] = gt, gu, gc
		sp.nGroups[d] = len(grp)
		grpStart[d] = make([]int, len(grp))
		for i, o := range p.allowed[sp.w][d] {
			grpStart[d][sp.grpOf[d][i]] = p.m.Options[d][o].Start
		}
	}
	return grpStart
}

// setCompat sets which groups of each day may follow which classes of the day before (and the
// history's last shift), by the forbidden successions and the minimum rest.
func (sp *wspec) setCompat(p *prep, classEnd, classType, grpMinStart [][]int) {
	wk := &p.m.Workers[sp.w]
	sp.compat = make([][]bool, p.nD)
	for d := 1; d < p.nD; d++ {
		nc, ng := sp.nClass[d-1], sp.nGroups[d]
		cm := make([]bool, nc*ng)
		for c := range nc {
			for gi := range ng {
				ok := !p.forb[classType[d-1][c]][sp.grpType[d][gi]]
				if ok && wk.MinRest > 0 && grpMinStart[d][gi]+1440-classEnd[d-1][c] < wk.MinRest {
					ok = false
				}
				cm[c*ng+gi] = ok
			}
		}
		sp.compat[d] = cm
	}
	sp.compat0 = make([]bool, sp.nGroups[0])
	for gi := range sp.compat0 {
		ok := true
		if h := wk.History; h != nil && h.Worked > 0 {
			ok = !p.forb[h.LastType][sp.grpType[0][gi]]
			if ok && wk.MinRest > 0 && grpMinStart[0][gi]+1440-h.LastEnd < wk.MinRest {
				ok = false
			}
		}
		sp.compat0[gi] = ok
	}
}

// setRunDims sets the run digit of the state: up to kw working days (with the class of the
// last shift) or ko days off in a row.
func (sp *wspec) setRunDims(wk *Worker) {
	sp.minCons, sp.maxCons, sp.minOff = wk.MinConsecutive, wk.MaxConsecutive, wk.MinConsecutiveOff
	sp.kw = max(sp.minCons, 1)
	if sp.maxCons > 0 {
		sp.kw = max(sp.maxCons, 1)
	}
	sp.ko = max(sp.minOff, 1)
	sp.nClassMax = max(sp.nClassMax, 1)
	sp.nRun = sp.kw*sp.nClassMax + sp.ko
}

// unitDims returns the limits of a minutes rule in units of g (maxU < 0: no maximum) and the
// size of its digit in the state.
func unitDims(maxMin, minMin, g int) (maxU, minU, dim int) {
	maxU, minU, dim = -1, 0, 1
	if maxMin > 0 {
		maxU = maxMin / g
		dim = maxU + 1
	}
	if minMin > 0 {
		minU = (minMin + g - 1) / g
		if maxU < 0 {
			dim = minU + 1
		}
	}
	return
}

// setResourceDims sets the digits of the paid minutes (horizon and week), the days of the week
// and the weekends worked (tracked when the limit may bind, in the state for now).
func (sp *wspec) setResourceDims(p *prep, wk *Worker) {
	sp.maxU, sp.minU, sp.mDim = unitDims(wk.MaxMinutes, wk.MinMinutes, sp.unit)
	sp.wMaxU, sp.wMinU, sp.wmDim = unitDims(wk.MaxWeekMinutes, wk.MinWeekMinutes, sp.unit)
	sp.maxDays, sp.wdDim = wk.MaxDaysPerWeek, 1
	if sp.maxDays > 0 {
		sp.wdDim = sp.maxDays + 1
	}
	sp.weDim, sp.flDim = 1, 1
	if wk.MaxWeekends <= 0 {
		return
	}
	nWeekends := 0
	last := -1
	for d := range p.nD {
		if p.weekend[d] && p.week[d] != last {
			nWeekends++
			last = p.week[d]
		}
	}
	if h := wk.History; h != nil {
		sp.weStart = h.Weekends
	}
	if nWeekends+sp.weStart > wk.MaxWeekends {
		sp.weTracked = true
		sp.weMax = wk.MaxWeekends
		sp.flDim = 2
		sp.weExact = true
		sp.weDim = sp.weMax + 1
	}
}

// stateSize returns the number of states of the digits set so far.
func (sp *wspec) stateSize() int {
	return sp.nRun * sp.mDim * sp.wmDim * sp.wdDim * sp.weDim * sp.flDim * sp.tcDim
}

// setTypeCounts leaves the weekend limit to a Lagrangian penalty if the state space is too
// large with it, then puts in the state the shift-type limits that may bind, tightest first,
// while the state space stays within exactStates; the others are left to Lagrangian penalties
// (limitedTypes). It sets the size of the state space.
func (sp *wspec) setTypeCounts(p *prep, wk *Worker, exactStates, maxLabels int) {
	m := p.m
	sp.tcDim = 1
	sp.tcStride = make([]int, len(m.Types))
	sp.tcLim = make([]int, len(m.Types))
	if (sp.stateSize() > maxDPStates || sp.stateSize()*p.nD > maxLabels) && sp.weExact {
		sp.weExact = false
		sp.weDim = 1
	}
	if wk.MaxShifts != nil {
		var lims []int
		for t, lim := range wk.MaxShifts {
			if lim <= 0 {
				continue
			}
			n := 0
			for d := range p.nD {
				for _, gt := range sp.grpType[d] {
					if int(gt) == t {
						n++
						break
					}
				}
			}
			if n > lim {
				lims = append(lims, t)
			}
		}
		sort.SliceStable(lims, func(i, j int) bool { return wk.MaxShifts[lims[i]] < wk.MaxShifts[lims[j]] })
		for _, t := range lims {
			lim := wk.MaxShifts[t]
			if sp.stateSize()*(lim+1) <= exactStates {
				sp.tcStride[t] = sp.tcDim
				sp.tcLim[t] = lim
				sp.tcDim *= lim + 1
			} else {
				sp.limitedTypes = append(sp.limitedTypes, t)
			}
		}
	}
	sp.size = sp.stateSize()
}

// setStrides sets the strides of the state's digits and their divisors.
func (sp *wspec) setStrides() {
	sp.strFL = sp.tcDim
	sp.strWE = sp.flDim * sp.strFL
	sp.strWD = sp.strWE * sp.weDim
	sp.strWM = sp.strWD * sp.wdDim
	sp.strM = sp.strWM * sp.wmDim
	sp.strRun = sp.strM * sp.mDim
	sp.dimTC, sp.dimFL, sp.dimWE = newDivisor(sp.tcDim), newDivisor(sp.flDim), newDivisor(sp.weDim)
	sp.dimWD, sp.dimWM, sp.dimM = newDivisor(sp.wdDim), newDivisor(sp.wmDim), newDivisor(sp.mDim)
	sp.dimCls = newDivisor(sp.nClassMax)
	sp.tcDiv = make([]divisor, len(sp.tcStride))
	sp.tcDigit = make([]divisor, len(sp.tcStride))
	for t, ts := range sp.tcStride {
		sp.tcDiv[t], sp.tcDigit[t] = newDivisor(max(ts, 1)), newDivisor(sp.tcLim[t]+1)
	}
	sp.divRun, sp.divM, sp.divWM = newDivisor(sp.strRun), newDivisor(sp.strM), newDivisor(sp.strWM)
	sp.divWD, sp.divWE, sp.divFL = newDivisor(sp.strWD), newDivisor(sp.strWE), newDivisor(sp.strFL)
}

// setMaxRem sets maxRem, an upper bound of the units that days d+1..D-1 can still give: the
// largest lengths of the remaining days, as many as the run rules let be worked. It returns
// the units of each day's longest option.
func (sp *wspec) setMaxRem(p *prep) []int {
	sp.maxRem = make([]int, p.nD)
	maxU := make([]int, p.nD)
	for d := range p.nD {
		for _, u := range sp.units[d] {
			maxU[d] = max(maxU[d], int(u))
		}
	}
	for d := range p.nD {
		r := p.nD - 1 - d
		work := r
		if sp.maxCons > 0 {
			per := sp.maxCons + max(sp.minOff, 1)
			work = (r/per)*sp.maxCons + min(r%per, sp.maxCons)
		}
		rem := make([]int, 0, r)
		for e := d + 1; e < p.nD; e++ {
			rem = append(rem, maxU[e])
		}
		sort.Sort(sort.Reverse(sort.IntSlice(rem)))
		s := 0
		for i := 0; i < work && i < len(rem); i++ {
			s += rem[i]
		}
		sp.maxRem[d] = s
	}
	return maxU
}

// bandSlackDays is the band's half-width (wspec.bandLo), in days of work at the longest
// option: the narrower the band, the faster the DP (docs/limits.md has the figures).
const bandSlackDays = 1

// setBand sets bandLo and bandHi from maxU, the units of each day's longest option.
func (sp *wspec) setBand(p *prep, maxU []int) {
	capCum := make([]int, p.nD)
	longest := 0
	for d := range p.nD {
		capCum[d] = maxU[d]
		if d > 0 {
			capCum[d] += capCum[d-1]
		}
		longest = max(longest, maxU[d])
	}
	total := capCum[p.nD-1]
	if total == 0 {
		return
	}
	slack := bandSlackDays * longest
	sp.bandLo = make([]int, p.nD)
	sp.bandHi = make([]int, p.nD)
	for d := range p.nD {
		share := float64(capCum[d]) / float64(total)
		sp.bandLo[d] = int(math.Floor(float64(sp.minU)*share)) - slack
		sp.bandHi[d] = int(math.Ceil(float64(sp.maxU)*share)) + slack
	}
}

type label struct {
	st   int32
	par  int32
	opt  int32
	cost float64
}

// dpScratch holds the reusable buffers of one goroutine.
type dpScratch struct {
	slot   []int32
	labels [][]label
	bestG  []float64
	bestO  []int32
	fin    []int // the day's groups with a finite cost
	// work counts label expansions (labels times the day's choices), a deterministic
	// measure of the DPs' effort
	work int64
	// ctx, if set, stops a DP once it is done: solveDP then finds no roster and sets stopped.
	// It is looked at once a day of the horizon: a DP of a year-long horizon can take a
	// second.
	ctx     context.Context
	stopped bool
}

// dpInput gives the costs of a worker's roster: off[d] for a day off and opt[d][i] for the
// i-th allowed option of day d (+Inf: forbidden). typePen is added per shift of each type,
// wePen per weekend worked (used when the weekend limit is not in the state).
type dpInput struct {
	off     []float64
	opt     [][]float64
	typePen []float64
	wePen   float64
	// band keeps the paid minutes within the worker's band (wspec.bandLo), if it has one: a
	// DP that only looks for a feasible roster may, a re-optimisation may not (its fixed days
	// may lie outside the band).
	band bool
}

// solveDP returns the cheapest roster of the worker under its rules and the costs of in, as
// option indexes (or Off) per day, with its cost; ok is false if there is none.
func (sp *wspec) solveDP(p *prep, in *dpInput, sc *dpScratch) (roster []int32, cost float64, ok bool) {
	nD := p.nD
	sc.stopped = false
	var done <-chan struct{} // nil: never done
	if sc.ctx != nil {
		done = sc.ctx.Done()
	}
	e := dpDay{sp: sp, p: p, in: in, sc: sc, curDay: -1}
	if in.band {
		e.bandLo, e.bandHi = sp.bandLo, sp.bandHi
	}
	sp.prepareScratch(sc, nD)
	e.slot = sc.slot
	e.start, e.startKnown, ok = sp.startState()
	if !ok {
		return nil, 0, false
	}
	// The start is handled as a label of day -1 with a special flag.
	cur := []label{{st: -1, par: -1, opt: Off}}
	for d := 0; d < nD; d++ {
		if done != nil {
			// a receive that does not block takes no lock (ctx.Err does): the DPs of two
			// goroutines check the same context thousands of times a second
			select {
			case <-done:
				sc.stopped = true
				return nil, 0, false
			default:
			}
		}
		next := e.expand(d, cur)
		sc.labels[d] = next
		cur = next
		e.curDay = d
		if len(cur) == 0 {
			return nil, 0, false
		}
	}
	return sp.bestRoster(sc, cur, nD)
}

// dec is a DP state read into its digits: the current run (work, k days, the class of the
// last shift), the paid units of the horizon (m) and of the week (wm), the days of the week
// worked (wd), the weekends worked (we), whether this weekend is already counted (fl), and the
// exact shift-type counts (tc).
type dec struct {
	work       bool
	k, cls     int
	m, wm, wd  int
	we, fl, tc int
}

// encode returns the state of the digits x.
func (sp *wspec) encode(x dec) int32 {
	var run int
	if x.work {
		run = (x.k-1)*sp.nClassMax + x.cls
	} else {
		run = sp.kw*sp.nClassMax + x.k - 1
	}
	return int32(run*sp.strRun + x.m*sp.strM + x.wm*sp.strWM + x.wd*sp.strWD + x.we*sp.strWE + x.fl*sp.strFL + x.tc)
}

// decode reads the state's digits with multiplications (see divisor), each independent of the
// others: hardware divisions, or digits read off one after the other (chained multiplies),
// made decoding a large share of the DP's time.
func (sp *wspec) decode(st int32) dec {
	s := uint32(st)
	var x dec
	run := int(sp.divRun.div(s))
	if run < sp.kw*sp.nClassMax {
		x.work, x.k, x.cls = true, int(sp.dimCls.div(uint32(run)))+1, int(sp.dimCls.mod(uint32(run)))
	} else {
		x.k = run - sp.kw*sp.nClassMax + 1
	}
	x.m = int(sp.dimM.mod(sp.divM.div(s)))
	x.wm = int(sp.dimWM.mod(sp.divWM.div(s)))
	x.wd = int(sp.dimWD.mod(sp.divWD.div(s)))
	x.we = int(sp.dimWE.mod(sp.divWE.div(s)))
	x.fl = int(sp.dimFL.mod(sp.divFL.div(s)))
	x.tc = int(sp.dimTC.mod(s))
	return x
}

// prepareScratch sizes sc's buffers for a DP of nD days.
func (sp *wspec) prepareScratch(sc *dpScratch, nD int) {
	if len(sc.slot) < sp.size {
		sc.slot = make([]int32, sp.size)
		for i := range sc.slot {
			sc.slot[i] = -1
		}
	}
	if len(sc.labels) < nD {
		sc.labels = make([][]label, nD)
	}
	if len(sc.bestG) < 64 {
		sc.bestG = make([]float64, 64)
		sc.bestO = make([]int32, 64)
	}
}

// startState returns the state before day 0: the history's last run, if the worker has a
// history (known), and the weekends it worked; ok is false if those are over the limit.
func (sp *wspec) startState() (start dec, known, ok bool) {
	known = !sp.noHist
	if known {
		h := sp.hist
		if h.Worked > 0 {
			start = dec{work: true, k: min(h.Worked, sp.kw), cls: 0}
		} else {
			start = dec{k: min(h.Off, sp.ko)}
		}
	}
	if sp.weExact {
		start.we = sp.weStart
		if start.we >= sp.weDim {
			return start, known, false
		}
	}
	return start, known, true
}

// dpDay is the DP's step from one day's labels to the next day's: the day's best option of
// each group, and the labels made so far (slot maps a state to its label in next).
type dpDay struct {
	sp             *wspec
	p              *prep
	in             *dpInput
	sc             *dpScratch
	bandLo, bandHi []int // nil: no band
	start          dec
	startKnown     bool
	curDay         int // the day of the labels expanded (-1: the start)
	slot           []int32

	d            int
	bestG        []float64 // the cheapest cost of each group of day d
	bestO        []int32   // and its option
	fin          []int     // the groups of finite cost
	offOK        bool      // a day off has a finite cost
	weekChange   bool      // day d starts a week
	lo, hi       int       // the paid units after day d must stay within lo..hi
	next         []label
	li           int     // the label expanded
	parCost      float64 // its cost
	isStart      bool    // it is the start
	unknownStart bool    // it is the start of a worker without history
	exemptRun    bool    // its run started on day 0 or before an unknown history
}

// expand returns the labels of day d, made from cur, those of the day before.
func (e *dpDay) expand(d int, cur []label) []label {
	e.d = d
	e.next = e.sc.labels[d][:0]
	e.chooseGroups(len(cur))
	e.setUnitRange()
	sp := e.sp
	for li := range cur {
		L := &cur[li]
		var x dec
		e.li, e.parCost = li, L.cost
		e.isStart = L.st < 0
		if e.isStart {
			x = e.start
		} else {
			x = sp.decode(L.st)
		}
		if e.weekChange {
			if x.wm < sp.wMinU {
				continue
			}
			x.wm, x.wd, x.fl = 0, 0, 0
		}
		e.unknownStart = e.isStart && !e.startKnown
		e.exemptRun = e.unknownStart
		if !e.isStart && sp.noHist && x.k == e.curDay+1 {
			e.exemptRun = true // the run started on day 0
		}
		e.dayOff(x)
		if len(e.fin) > 0 {
			e.work(x)
		}
	}
	for _, L := range e.next {
		e.slot[L.st] = -1
	}
	return e.next
}

// chooseGroups finds the cheapest option of each group of the day (with its type penalty)
// and the groups of finite cost, and counts the day's effort for n labels.
func (e *dpDay) chooseGroups(n int) {
	sp, sc, d := e.sp, e.sc, e.d
	ng := sp.nGroups[d]
	if len(sc.bestG) < ng {
		sc.bestG = make([]float64, ng)
		sc.bestO = make([]int32, ng)
	}
	bestG, bestO := sc.bestG[:ng], sc.bestO[:ng]
	// every choice counts, finite or not: the effort measure, on which the dives' cadence
	// was tuned, stays what it was before the DP skipped infinite choices
	sc.work += int64(n * (ng + 1))
	for gi := range bestG {
		bestG[gi] = math.Inf(1)
		bestO[gi] = -1
	}
	al := e.p.allowed[sp.w][d]
	for i, c := range e.in.opt[d] {
		gi := sp.grpOf[d][i]
		if c < bestG[gi] {
			bestG[gi] = c
			bestO[gi] = al[i]
		}
	}
	if e.in.typePen != nil {
		for gi := range bestG {
			bestG[gi] += e.in.typePen[sp.grpType[d][gi]]
		}
	}
	// Only the finite choices are expanded: a windowed re-optimisation fixes the days
	// outside its window to one choice each (the rest +Inf), and labels of infinite cost,
	// which a fixed worked day's "off" would make, multiply over those days.
	fin := sc.fin[:0]
	for gi, c := range bestG {
		if !math.IsInf(c, 1) {
			fin = append(fin, gi)
		}
	}
	sc.fin = fin
	e.bestG, e.bestO, e.fin = bestG, bestO, fin
	e.offOK = !math.IsInf(e.in.off[d], 1)
	e.weekChange = d > 0 && e.p.week[d] != e.p.week[d-1]
}

// setUnitRange sets the range of the paid units after the day: enough left to reach the
// minimum (x + maxRem >= minU), and within the band if there is one.
func (e *dpDay) setUnitRange() {
	sp := e.sp
	e.lo, e.hi = math.MinInt, math.MaxInt
	if sp.minU > 0 {
		e.lo = sp.minU - sp.maxRem[e.d]
	}
	if e.bandLo != nil {
		e.lo, e.hi = max(e.lo, e.bandLo[e.d]), e.bandHi[e.d]
	}
}

// add offers the label of state st, reached from the label expanded with option opt at cost
// c: it replaces a dearer label of the same state.
func (e *dpDay) add(st int32, opt int32, c float64) {
	c += e.parCost
	if s := e.slot[st]; s >= 0 {
		if c < e.next[s].cost {
			e.next[s] = label{st: st, par: int32(e.li), opt: opt, cost: c}
		}
		return
	}
	e.slot[st] = int32(len(e.next))
	e.next = append(e.next, label{st: st, par: int32(e.li), opt: opt, cost: c})
}

// dayOff expands the label of state x with a day off.
func (e *dpDay) dayOff(x dec) {
	sp := e.sp
	y := x
	okOff := true
	if e.unknownStart {
		y.work, y.k, y.cls = false, 1, 0
	} else if x.work {
		if x.k < sp.minCons && !e.exemptRun {
			okOff = false
		}
		y.work, y.k, y.cls = false, 1, 0
	} else {
		y.k = min(x.k+1, sp.ko)
	}
	if okOff && (x.m < e.lo || x.m > e.hi) {
		okOff = false
	}
	if okOff && e.offOK {
		e.add(sp.encode(y), Off, e.in.off[e.d])
	}
}

// work expands the label of state x with each group of finite cost that its rules allow.
func (e *dpDay) work(x dec) {
	sp, d := e.sp, e.d
	if !e.unknownStart && !x.work && x.k < sp.minOff && !e.exemptRun {
		return
	}
	if !e.unknownStart && x.work && sp.maxCons > 0 && x.k >= sp.maxCons {
		return
	}
	var cm []bool
	ngd := sp.nGroups[d]
	if d > 0 && !e.isStart && x.work {
		cm = sp.compat[d][x.cls*ngd : (x.cls+1)*ngd]
	} else if d == 0 && e.startKnown && x.work {
		cm = sp.compat0
	}
	// the parts of the next state that do not depend on the group
	ky := 1
	if x.work && !e.unknownStart {
		ky = min(x.k+1, sp.kw)
	}
	wdY := x.wd
	if sp.wdDim > 1 {
		wdY = x.wd + 1
		if wdY > sp.maxDays {
			return
		}
	}
	weY, flY, extra := x.we, x.fl, 0.0
	if sp.weTracked && e.p.weekend[d] && x.fl == 0 {
		flY = 1
		if sp.weExact {
			weY = x.we + 1
			if weY > sp.weMax {
				return
			}
		} else {
			extra = e.in.wePen
		}
	}
	base := (ky-1)*sp.nClassMax*sp.strRun + wdY*sp.strWD + weY*sp.strWE + flY*sp.strFL + x.tc
	gUnits, gClass, gType := sp.grpUnits[d], sp.grpClass[d], sp.grpType[d]
	for _, gi := range e.fin {
		if cm != nil && !cm[gi] {
			continue
		}
		c := e.bestG[gi]
		u := int(gUnits[gi])
		st := base + int(gClass[gi])*sp.strRun
		if t := gType[gi]; sp.tcStride[t] > 0 {
			if int(sp.tcDigit[t].mod(sp.tcDiv[t].div(uint32(x.tc)))) >= sp.tcLim[t] {
				continue
			}
			st += sp.tcStride[t]
		}
		ym, ok := addUnits(x.m, u, sp.mDim, sp.maxU, sp.minU)
		if !ok || ym < e.lo || ym > e.hi {
			continue
		}
		ywm, ok := addUnits(x.wm, u, sp.wmDim, sp.wMaxU, sp.wMinU)
		if !ok {
			continue
		}
		e.add(int32(st+ym*sp.strM+ywm*sp.strWM), e.bestO[gi], c+extra)
	}
}

// addUnits returns the paid units digit after u more units: unchanged without a digit (dim
// 1), capped at the minimum without a maximum (maxU < 0); ok is false over the maximum.
func addUnits(x, u, dim, maxU, minU int) (int, bool) {
	if dim <= 1 {
		return x, true
	}
	y := x + u
	if maxU >= 0 {
		return y, y <= maxU
	}
	return min(y, minU), true
}

// bestRoster returns the cheapest roster among the last day's labels cur that meets the
// minimum paid units, read back through the labels' parents.
func (sp *wspec) bestRoster(sc *dpScratch, cur []label, nD int) (roster []int32, cost float64, ok bool) {
	best := -1
	bestCost := math.Inf(1)
	for i, L := range cur {
		x := sp.decode(L.st)
		if x.m < sp.minU || x.wm < sp.wMinU {
			continue
		}
		if L.cost < bestCost {
			best, bestCost = i, L.cost
		}
	}
	if best < 0 {
		return nil, 0, false
	}
	roster = make([]int32, nD)
	for d := nD - 1; d >= 0; d-- {
		L := sc.labels[d][best]
		roster[d] = L.opt
		best = int(L.par)
	}
	return roster, bestCost, true
}
