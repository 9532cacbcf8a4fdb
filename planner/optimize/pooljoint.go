package optimize

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/solver"
)

// poolJoint returns the joint of slot si of day di: the expected calls of the slot's lines not
// answered within t seconds, from the stationary pooled chain (queue.EvaluatePool) with the
// lines' loads pp, less what the line cells' own penalties already count. Its cells are the
// line cells and, with pooling, the pooled cell: a line cell's staff counts the pooled agents,
// so the people who answer only line i are x[i] - x[pooled]. The coordinator on duty gives the
// phones coordLoss effective agents less, taken from group coordGroup.
//
// The line cells' penalties (each line alone, with every pooled agent) are a convex lower
// bound of the slot's cost, which the LP relaxation and the column generation see; the joint
// adds the rest, never below 0.
func (hm *helpdeskModel) poolJoint(di, si int, pp [2]queue.Params, t float64, coordGroup int, coordLoss float64, cells []solver.Cell) solver.Joint {
	d := hm.p.demand
	nl := len(d.Lines)
	var cellIdx []int
	var bounds []solver.PWL
	for li := range nl {
		c := hm.lineCell[di][si][li]
		cellIdx = append(cellIdx, c)
		bounds = append(bounds, cells[c].Penalty)
	}
	pool := hm.poolCell[di][si]
	if pool >= 0 {
		cellIdx = append(cellIdx, pool)
	}
	var need [2]int
	for li := range nl {
		need[li] = hm.p.needs.Agents[di][si][li]
	}
	tbl := newPoolTable(pp, t, [3]int{2*need[0] + 6, 2*need[1] + 6, 2*(need[0]+need[1]) + 6})
	if coordGroup == queue.Pooled && pool < 0 {
		// nobody answers both lines: the coordinator on duty answers the busier one
		coordGroup = queue.Dedicated0
		if pp[1].Calls > pp[0].Calls {
			coordGroup = queue.Dedicated1
		}
	}
	return solver.Joint{
		Name:  d.Days[di].String() + " " + d.Slots[si].String() + " service",
		Cells: cellIdx,
		Penalty: func(x []float64) float64 {
			var n [3]float64
			n[0] = x[0]
			if nl == 2 {
				n[1] = x[1]
			}
			if pool >= 0 {
				n[2] = x[2]
				n[0] -= x[2]
				n[1] -= x[2]
			}
			n[coordGroup] -= coordLoss
			v := tbl.value(n)
			for i := range bounds {
				v -= bounds[i].Value(x[i])
			}
			return math.Max(0, v)
		},
	}
}

// poolTable is one slot's expected calls not answered within the target, as a function of
// the agents who answer only line 0, only line 1, and both: computed from the stationary
// pooled chain at whole numbers of agents when first asked, and interpolated in between (the
// queue package's rule for fractional agents). Beyond its caps more agents change nothing.
// It is safe for concurrent use: values are stored once computed (a value computed twice by
// two goroutines at once is the same value), and read without a lock.
type poolTable struct {
	p   [2]queue.Params
	t   float64
	cap [3]int

	dense []atomic.Uint64 // float64 bits + 1 of each whole point, 0 until computed; nil: memo
	mu    sync.Mutex
	memo  map[[3]int32]float64
}

// maxDense bounds the whole points a table keeps in an array; a larger table (a big desk) keeps
// the points it computes in a map.
const maxDense = 1 << 14

func newPoolTable(p [2]queue.Params, t float64, caps [3]int) *poolTable {
	pt := &poolTable{p: p, t: t, cap: caps}
	if n := (caps[0] + 1) * (caps[1] + 1) * (caps[2] + 1); n <= maxDense {
		pt.dense = make([]atomic.Uint64, n)
	} else {
		pt.memo = map[[3]int32]float64{}
	}
	return pt
}

// value returns the expected late calls with x[g] effective agents in group g (negative
// values count as 0).
func (pt *poolTable) value(x [3]float64) float64 {
	var lo [3]int32
	var frac [3]float64
	var dims [3]int // the groups with a fractional part
	nd := 0
	for g, v := range x {
		if v <= 0 {
			continue
		}
		if top := float64(pt.cap[g]); v >= top {
			lo[g] = int32(pt.cap[g])
			continue
		}
		i := int32(v)
		f := v - float64(i)
		switch {
		case f < 1e-9:
		case f > 1-1e-9:
			i++
		default:
			frac[g] = f
			dims[nd] = g
			nd++
		}
		lo[g] = i
	}
	sum := 0.0
	for corner := range 1 << nd {
		w := 1.0
		n := lo
		for k := range nd {
			g := dims[k]
			if corner&(1<<k) != 0 {
				w *= frac[g]
				n[g]++
			} else {
				w *= 1 - frac[g]
			}
		}
		sum += w * pt.at(n)
	}
	return sum
}

// at returns the expected late calls with n[g] agents of speed 1 in group g.
func (pt *poolTable) at(n [3]int32) float64 {
	if pt.dense != nil {
		i := (int(n[0])*(pt.cap[1]+1)+int(n[1]))*(pt.cap[2]+1) + int(n[2])
		if b := pt.dense[i].Load(); b != 0 {
			return math.Float64frombits(b - 1)
		}
		v := pt.compute(n)
		pt.dense[i].Store(math.Float64bits(v) + 1)
		return v
	}
	pt.mu.Lock()
	v, ok := pt.memo[n]
	pt.mu.Unlock()
	if ok {
		return v
	}
	v = pt.compute(n)
	pt.mu.Lock()
	pt.memo[n] = v
	pt.mu.Unlock()
	return v
}

// maxPoolAgents is the most agents on the phones in a slot whose service comes from the
// pooled chain. The chain's states grow with the product of the groups' sizes, and a larger
// desk gains least from pooling: beyond this, each line is its own queue with its share of the
// pooled agents (splitLate), in the optimiser's objective and in the evaluation alike.
const maxPoolAgents = 40

func (pt *poolTable) compute(n [3]int32) float64 {
	if n[2] == 0 || n[0]+n[1]+n[2] > maxPoolAgents {
		return splitLate(pt.p, [3]float64{float64(n[0]), float64(n[1]), float64(n[2])}, pt.t)
	}
	crew := queue.Crew{Agents: [3]int{int(n[0]), int(n[1]), int(n[2])},
		Effective: [3]float64{float64(n[0]), float64(n[1]), float64(n[2])}}
	r := queue.EvaluatePool(pt.p, crew, pt.t)
	return pt.p[0].Calls*(1-r[0].ServiceLevel) + pt.p[1].Calls*(1-r[1].ServiceLevel)
}

// splitLate returns the expected calls of two lines not answered within t seconds, each line a
// queue of its own agents and a share of the pooled ones n[2] in proportion to its calls, as
// the evaluation splits them (the exact value when nobody is pooled).
func splitLate(p [2]queue.Params, n [3]float64, t float64) float64 {
	share := [2]float64{0.5, 0.5}
	if l0, l1 := p[0].Calls, p[1].Calls; l0+l1 > 0 {
		share = [2]float64{l0 / (l0 + l1), l1 / (l0 + l1)}
	}
	late := 0.0
	for l := range 2 {
		if p[l].Calls > 0 {
			agents := n[l]
			if n[2] > 0 {
				agents += n[2] * share[l]
			}
			late += p[l].Calls * (1 - queue.Evaluate(p[l], agents, t).ServiceLevel)
		}
	}
	return late
}
