package solver

import (
	"encoding/binary"
	"math"
	"sort"
)

// prep is the compiled, read-only form of a model shared by the search goroutines.
type prep struct {
	m          *Model
	nW, nD, nC int
	forb       [][]bool
	week       []int
	weekend    []bool
	allowed    [][][]int32 // [worker][day] allowed options, sorted

	reqOff   [][]float64     // [worker][day] request penalty when off
	reqOn    [][]float64     // [worker][day] request penalty added to every option
	reqExtra [][][]optWeight // [worker][day] sparse extra penalty per option, sorted

	cellCov [][]int32 // cell -> cover entries
	covRule []int32   // cover entry -> rule
	covCell []int32   // cover entry -> cell
	cellSup [][]int32 // cell -> supervision entries
	supRule []int32
	supCell []int32

	fairOf      [][]fairRef // worker -> fairness memberships
	fairCounted [][][]bool  // rule -> day -> option counted (nil day: none)

	cellDay    []int        // a day whose options cover the cell (-1: none)
	coverers   [][]int32    // cell -> workers with an allowed option covering it
	dayCells   [][]Coverage // day -> cells covered by its options, with the largest coefficient
	cellMinPen []float64    // smallest penalty the cell can have
	// reach[w][d] lists the cells worker w's allowed options of day d cover, each with the
	// largest coefficient among them (shared between workers with the same options).
	reach [][][]Coverage
	xmax  []float64 // upper bound of each cell's effective staff (cellMaxStaff)

	hardW float64 // weight of one unit of hard coupling shortfall inside the search

	// optJoint[d][o] lists the joints option o of day d adds staff to (nil without joints).
	optJoint   [][][]jointTouch
	jointKeys  []int32 // first cache key of each joint: the touches of joint j have keys from jointKeys[j]
	nJointKeys int
	jointWidth int // most cells in one joint
}

type optWeight struct {
	opt int32
	w   float64
}

type fairRef struct{ rule, member int32 }

func newPrep(m *Model) *prep {
	p := &prep{m: m, nW: len(m.Workers), nD: m.Days, nC: len(m.Cells)}
	p.forb = m.forbiddenMatrix()
	p.week = make([]int, m.Days)
	p.weekend = make([]bool, m.Days)
	for d := range m.Days {
		p.week[d] = m.WeekOf(d)
		p.weekend[d] = m.IsWeekend(d)
	}
	p.prepAllowed()
	p.prepRequests()
	p.prepCoupling()
	p.prepJoints()
	p.prepFairness()
	p.prepReach()
	p.prepPenalties()
	return p
}

// prepAllowed lists each worker's allowed options per day and sizes the request tables.
func (p *prep) prepAllowed() {
	m := p.m
	p.allowed = make([][][]int32, p.nW)
	p.reqOff = make([][]float64, p.nW)
	p.reqOn = make([][]float64, p.nW)
	p.reqExtra = make([][][]optWeight, p.nW)
	for w := range m.Workers {
		wk := &m.Workers[w]
		p.allowed[w] = make([][]int32, m.Days)
		for d := range m.Days {
			var a []int32
			if wk.Allowed == nil || wk.Allowed[d] == nil {
				a = make([]int32, len(m.Options[d]))
				for i := range a {
					a[i] = int32(i)
				}
			} else {
				a = make([]int32, len(wk.Allowed[d]))
				for i, o := range wk.Allowed[d] {
					a[i] = int32(o)
				}
			}
			p.allowed[w][d] = a
		}
		p.reqOff[w] = make([]float64, m.Days)
		p.reqOn[w] = make([]float64, m.Days)
		p.reqExtra[w] = make([][]optWeight, m.Days)
	}
}

// prepRequests turns the requests into per worker and day penalties: for a day off, for a
// day worked, and per option (merged and sorted by option).
func (p *prep) prepRequests() {
	m := p.m
	for _, r := range m.Requests {
		w, d := r.Worker, r.Day
		switch {
		case r.Options == nil && r.On: // day on
			p.reqOff[w][d] += r.Weight
		case r.Options == nil: // day off
			p.reqOn[w][d] += r.Weight
		case r.On: // penalty unless one of the options
			p.reqOff[w][d] += r.Weight
			p.reqOn[w][d] += r.Weight
			for _, o := range r.Options {
				p.reqExtra[w][d] = append(p.reqExtra[w][d], optWeight{int32(o), -r.Weight})
			}
		default:
			for _, o := range r.Options {
				p.reqExtra[w][d] = append(p.reqExtra[w][d], optWeight{int32(o), r.Weight})
			}
		}
	}
	for w := range p.reqExtra {
		for d, l := range p.reqExtra[w] {
			if len(l) == 0 {
				continue
			}
			sort.Slice(l, func(i, j int) bool { return l[i].opt < l[j].opt })
			out := l[:1]
			for _, x := range l[1:] {
				if x.opt == out[len(out)-1].opt {
					out[len(out)-1].w += x.w
				} else {
					out = append(out, x)
				}
			}
			p.reqExtra[w][d] = out
		}
	}

}

// prepCoupling indexes the cover and supervision rules by cell.
func (p *prep) prepCoupling() {
	m := p.m
	p.cellCov = make([][]int32, p.nC)
	for i, r := range m.Covers {
		for _, c := range r.Cells {
			p.cellCov[c] = append(p.cellCov[c], int32(len(p.covRule)))
			p.covRule = append(p.covRule, int32(i))
			p.covCell = append(p.covCell, int32(c))
		}
	}
	p.cellSup = make([][]int32, p.nC)
	for i, r := range m.Supervisions {
		cells := r.Cells
		if cells == nil {
			cells = make([]int, p.nC)
			for c := range cells {
				cells[c] = c
			}
		}
		for _, c := range cells {
			p.cellSup[c] = append(p.cellSup[c], int32(len(p.supRule)))
			p.supRule = append(p.supRule, int32(i))
			p.supCell = append(p.supCell, int32(c))
		}
	}
}

// prepFairness indexes the fairness rules by worker, and their counted options by day.
func (p *prep) prepFairness() {
	m := p.m
	p.fairOf = make([][]fairRef, p.nW)
	p.fairCounted = make([][][]bool, len(m.Fairness))
	for i, f := range m.Fairness {
		for j, w := range f.Workers {
			p.fairOf[w] = append(p.fairOf[w], fairRef{int32(i), int32(j)})
		}
		p.fairCounted[i] = make([][]bool, m.Days)
		if f.Counted == nil {
			continue
		}
		for d, l := range f.Counted {
			if l == nil {
				continue
			}
			b := make([]bool, len(m.Options[d]))
			for _, o := range l {
				b[o] = true
			}
			p.fairCounted[i][d] = b
		}
	}
}

// prepReach finds the day of each cell, the cells each worker can reach on each day (with
// the largest coefficient) and the workers who can cover each cell.
func (p *prep) prepReach() {
	m := p.m
	p.cellDay = make([]int, p.nC)
	for c := range p.cellDay {
		p.cellDay[c] = -1
	}
	// Per day, the cells its options cover with the largest coefficient: a worker allowed
	// every option of the day covers exactly these (computed once, not per worker).
	p.dayCells = make([][]Coverage, m.Days)
	rs := reachScratch{best: make([]float64, p.nC), seen: make([]bool, p.nC)}
	for d := range m.Days {
		p.dayCells[d] = rs.reach(m.Options[d], nil)
		for _, cv := range p.dayCells[d] {
			if p.cellDay[cv.Cell] < 0 {
				p.cellDay[cv.Cell] = d
			}
		}
	}
	p.reach = make([][][]Coverage, p.nW)
	{
		// workers often share a day's allowed options (same availability, same lines): the
		// cells those options reach are computed once per distinct list
		var key []byte
		for d := range m.Days {
			byList := map[string][]Coverage{}
			for w := range m.Workers {
				if p.reach[w] == nil {
					p.reach[w] = make([][]Coverage, m.Days)
				}
				if p.allOptions(w, d) {
					p.reach[w][d] = p.dayCells[d]
					continue
				}
				al := p.allowed[w][d]
				key = appendOptions(key[:0], al)
				if r, ok := byList[string(key)]; ok {
					p.reach[w][d] = r
					continue
				}
				r := rs.reach(m.Options[d], al)
				byList[string(key)] = r
				p.reach[w][d] = r
			}
		}
	}
	p.coverers = make([][]int32, p.nC)
	for w := range m.Workers {
		for d := range m.Days {
			for _, cv := range p.reach[w][d] {
				if l := p.coverers[cv.Cell]; len(l) == 0 || l[len(l)-1] != int32(w) {
					p.coverers[cv.Cell] = append(l, int32(w))
				}
			}
		}
	}
}

// prepPenalties sets the most staff each cell can get, each cell's least penalty, and the
// weight of a broken hard rule in the search's score: 100 times the largest penalty slope
// or weight of the model.
func (p *prep) prepPenalties() {
	m := p.m
	p.xmax = cellMaxStaff(p)
	xmax := p.xmax
	p.cellMinPen = make([]float64, p.nC)
	for c := range p.cellMinPen {
		p.cellMinPen[c] = pwlMin(&m.Cells[c].Penalty, 0, xmax[c])
	}
	scale := 1.0
	for c := range m.Cells {
		for _, s := range m.Cells[c].Penalty.Slopes {
			scale = math.Max(scale, math.Abs(s))
		}
	}
	for _, r := range m.Requests {
		scale = math.Max(scale, math.Abs(r.Weight))
	}
	for _, r := range m.Covers {
		scale = math.Max(scale, r.Weight)
	}
	for _, r := range m.Supervisions {
		scale = math.Max(scale, r.Weight)
	}
	p.hardW = 100 * scale
}

// reqCost is the request penalty of worker w working o (or Off) on day d.
func (p *prep) reqCost(w, d int, o int32) float64 {
	if o == Off {
		return p.reqOff[w][d]
	}
	c := p.reqOn[w][d]
	if l := p.reqExtra[w][d]; len(l) > 0 {
		i := sort.Search(len(l), func(i int) bool { return l[i].opt >= o })
		if i < len(l) && l[i].opt == o {
			c += l[i].w
		}
	}
	return c
}

// optCost is the cost of worker w working option o on day d (not Off).
func (p *prep) optCost(w, d int, o int32) float64 {
	op := &p.m.Options[d][o]
	return op.Cost + p.m.Workers[w].CostPerMinute*float64(op.Length)
}

func (p *prep) isAllowed(w, d int, o int32) bool {
	a := p.allowed[w][d]
	i := sort.Search(len(a), func(i int) bool { return a[i] >= o })
	return i < len(a) && a[i] == o
}

// allOptions reports whether worker w may work every option of day d.
func (p *prep) allOptions(w, d int) bool {
	wk := &p.m.Workers[w]
	return wk.Allowed == nil || wk.Allowed[d] == nil
}

// rosterCounts fills tcnt with the shifts of each type in roster r and returns the number of
// weekends it works in.
func rosterCounts(p *prep, r []int32, tcnt []int) (weekends int) {
	clear(tcnt)
	last := -1
	for d, o := range r {
		if o != Off {
			tcnt[p.m.Options[d][o].Type]++
			if p.weekend[d] && p.week[d] != last {
				weekends++
				last = p.week[d]
			}
		}
	}
	return weekends
}

// optionPrices sets out[d][o] to the sum of y[c]·coef over the cells option o of day d
// covers: what the option is worth at cell prices y for a worker of weight 1. The pricing
// DPs of column generation and of the Lagrangian bound read it instead of walking each
// option's cells per worker (a planner day has thousands of options over a hundred cells).
// out is reused when it has the right shape.
func optionPrices(p *prep, y []float64, out [][]float64) [][]float64 {
	m := p.m
	if len(out) != p.nD {
		out = make([][]float64, p.nD)
	}
	for d := range p.nD {
		if len(out[d]) != len(m.Options[d]) {
			out[d] = make([]float64, len(m.Options[d]))
		}
		for o := range m.Options[d] {
			v := 0.0
			for _, cv := range m.Options[d][o].Cover {
				v += y[cv.Cell] * cv.Coef
			}
			out[d][o] = v
		}
	}
	return out
}

// reachScratch is the scratch space of reach, indexed by cell.
type reachScratch struct {
	best []float64
	seen []bool
}

// reach returns the cells that options idx (nil: all) of opts cover, sorted, each with the
// largest coefficient among them.
func (rs *reachScratch) reach(opts []Option, idx []int32) []Coverage {
	var cs []int
	add := func(o *Option) {
		for _, cv := range o.Cover {
			if !rs.seen[cv.Cell] {
				rs.seen[cv.Cell] = true
				rs.best[cv.Cell] = cv.Coef
				cs = append(cs, cv.Cell)
			}
			rs.best[cv.Cell] = math.Max(rs.best[cv.Cell], cv.Coef)
		}
	}
	if idx == nil {
		for i := range opts {
			add(&opts[i])
		}
	} else {
		for _, o := range idx {
			add(&opts[o])
		}
	}
	sort.Ints(cs)
	out := make([]Coverage, len(cs))
	for i, c := range cs {
		out[i] = Coverage{Cell: c, Coef: rs.best[c]}
		rs.seen[c] = false
	}
	return out
}

// appendOptions appends a list of option indexes to buf in binary (its length, then each
// index): a map key for workers' option lists, far cheaper than formatting thousands of
// options.
func appendOptions(buf []byte, al []int32) []byte {
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(al)))
	for _, o := range al {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(o))
	}
	return buf
}
