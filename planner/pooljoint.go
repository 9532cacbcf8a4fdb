package planner

import (
	"math"
	"sync"

	"deskplan/planner/queue"
	"deskplan/solver"
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
// It is safe for concurrent use.
type poolTable struct {
	p   [2]queue.Params
	t   float64
	cap [3]int

	mu   sync.Mutex
	memo map[[3]int32]float64
}

func newPoolTable(p [2]queue.Params, t float64, caps [3]int) *poolTable {
	return &poolTable{p: p, t: t, cap: caps, memo: map[[3]int32]float64{}}
}

// value returns the expected late calls with x[g] effective agents in group g (negative
// values count as 0).
func (pt *poolTable) value(x [3]float64) float64 {
	var lo [3]int32
	var frac [3]float64
	for g, v := range x {
		v = math.Min(math.Max(v, 0), float64(pt.cap[g]))
		f := math.Floor(v + 1e-9)
		lo[g], frac[g] = int32(f), math.Max(0, v-f)
		if frac[g] < 1e-9 {
			frac[g] = 0
		}
	}
	sum := 0.0
	for corner := range 8 {
		w := 1.0
		n := lo
		for g := range 3 {
			if corner&(1<<g) != 0 {
				if frac[g] == 0 {
					w = 0
					break
				}
				w *= frac[g]
				n[g]++
			} else {
				w *= 1 - frac[g]
			}
		}
		if w > 0 {
			sum += w * pt.at(n)
		}
	}
	return sum
}

// at returns the expected late calls with n[g] agents of speed 1 in group g.
func (pt *poolTable) at(n [3]int32) float64 {
	pt.mu.Lock()
	v, ok := pt.memo[n]
	pt.mu.Unlock()
	if ok {
		return v
	}
	crew := queue.Crew{Agents: [3]int{int(n[0]), int(n[1]), int(n[2])},
		Effective: [3]float64{float64(n[0]), float64(n[1]), float64(n[2])}}
	r := queue.EvaluatePool(pt.p, crew, pt.t)
	v = pt.p[0].Calls*(1-r[0].ServiceLevel) + pt.p[1].Calls*(1-r[1].ServiceLevel)
	pt.mu.Lock()
	pt.memo[n] = v
	pt.mu.Unlock()
	return v
}
