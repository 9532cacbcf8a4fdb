package solver

import (
	"context"
	"math"
	"slices"
)

// Branch-and-price: an exact search on top of the column generation of cg.go.
//
// A node of the tree is a list of decisions "worker w works choice o on day d" (o may be
// Off), each either forced or forbidden. The node's pricing DP obeys them (a choice the node
// rules out costs +Inf) and its master leaves out the columns that break them, so the
// Lagrangian value of its column generation bounds every roster of the node from below. A
// node whose bound cannot beat the incumbent is pruned (as soon as its column generation
// shows it), a node whose master solution is integral and meets its bound is solved, and any
// other node branches on the fractional choice with the largest LP value. The search plunges
// into the child that forces it (like a dive) and, when a plunge ends, goes on from the open
// node of lowest bound. When the tree is exhausted the incumbent is optimal.
//
// It applies to models whose objective the master prices exactly (no coupling or fairness
// rules: those penalties are not in the master) and whose classes are single workers (a
// decision names one worker). It runs in one searcher goroutine with a budget of master
// solves per epoch, so that a run stays deterministic, and it takes the local search's best
// roster as its incumbent; the local search polishes every roster the tree finds.

// dayRule is what the decisions of a node allow a worker on one day.
type dayRule struct {
	forced bool
	force  int32 // the only choice allowed when forced
	forbid []int32
}

func (r *dayRule) allows(o int32) bool {
	if r.forced && o != r.force {
		return false
	}
	return !slices.Contains(r.forbid, o)
}

// obeys reports whether roster r of a worker of class k keeps the branching rules.
func (g *colGen) obeys(k int, r []int32) bool {
	if g.rule == nil {
		return true
	}
	w := g.classes[k][0]
	for _, d := range g.ruleDays[w] {
		if !g.rule[w][d].allows(r[d]) {
			return false
		}
	}
	return true
}

// applyRules prices the choices the branching rules forbid worker w at +Inf.
func (g *colGen) applyRules(w int, in *dpInput) {
	for _, d := range g.ruleDays[w] {
		r := &g.rule[w][d]
		if !r.allows(Off) {
			in.off[d] = math.Inf(1)
		}
		for i, o := range g.p.allowed[w][d] {
			if !r.allows(o) {
				in.opt[d][i] = math.Inf(1)
			}
		}
	}
}

// bpNode is a node of the tree: its decisions from the root and the bound of its parent.
type bpNode struct {
	dec   []bpDecision
	bound float64
}

type bpDecision struct {
	w, d  int
	o     int32
	force bool
}

// branchPrice is the state of a branch-and-price search.
type branchPrice struct {
	g     *colGen
	open  []bpNode // open nodes
	dive  *bpNode  // the child to process next (plunging), if any
	nodes int      // nodes processed
	lost  bool     // a node was dropped unsolved: the tree proves nothing
	isInt bool     // the objective is integral: bounds round up
}

// canBranch reports whether branch-and-price applies to the model (see above).
func canBranch(g *colGen) bool {
	m := g.p.m
	if len(m.Covers)+len(m.Supervisions)+len(m.Fairness)+len(m.Joints) > 0 {
		return false
	}
	for _, c := range g.classes {
		if len(c) != 1 {
			return false
		}
	}
	return true
}

// newBranchPrice starts a tree from the columns (and master basis) of g, which it clones.
func newBranchPrice(g *colGen) *branchPrice {
	c := g.clone()
	c.reset()
	c.rule = make([][]dayRule, c.p.nW)
	for w := range c.rule {
		c.rule[w] = make([]dayRule, c.p.nD)
	}
	c.ruleDays = make([][]int, c.p.nW)
	return &branchPrice{g: c, open: []bpNode{{bound: math.Inf(-1)}}, isInt: integral(c.p)}
}

// done reports whether no node is left open; proved whether the tree was then exhausted
// without dropping a node, which makes the incumbent optimal.
func (b *branchPrice) done() bool   { return len(b.open) == 0 && b.dive == nil }
func (b *branchPrice) proved() bool { return b.done() && !b.lost }

// apply makes dec the rules of the colGen.
func (b *branchPrice) apply(dec []bpDecision) {
	g := b.g
	for w, days := range g.ruleDays {
		for _, d := range days {
			g.rule[w][d] = dayRule{}
		}
		g.ruleDays[w] = days[:0]
	}
	for _, x := range dec {
		r := &g.rule[x.w][x.d]
		if !r.forced && len(r.forbid) == 0 {
			g.ruleDays[x.w] = append(g.ruleDays[x.w], x.d)
		}
		if x.force {
			r.forced, r.force = true, x.o
		} else {
			r.forbid = append(r.forbid, x.o)
		}
	}
}

// beats reports whether a node with Lagrangian bound L may hold a roster better than inc.
func (b *branchPrice) beats(L, inc float64) bool {
	if math.IsInf(inc, 1) {
		return true
	}
	if b.isInt {
		L = math.Ceil(L - 1e-6*math.Max(1, math.Abs(L)))
	}
	return L < inc-1e-9*math.Max(1, math.Abs(inc))
}

// step processes open nodes until it has spent budget master solves (at least one node),
// pruning against inc, the objective of the best roster known. It returns the rosters of
// the integral nodes it met, in the order met.
func (b *branchPrice) step(ctx context.Context, inc float64, budget int) [][][]int32 {
	g := b.g
	var found [][][]int32
	start := g.rounds
	for !b.done() && ctx.Err() == nil && (g.rounds == start || g.rounds-start < budget) {
		nd := b.next(inc)
		if nd == nil {
			break
		}
		dec := nd.dec
		b.apply(dec)
		bound := nd.bound
		// the node stops as soon as its bound prunes it
		nctx, cancel := context.WithCancel(ctx)
		x, lpObj, ok := g.run(nctx, bpNodeRounds, func(L float64) {
			if bound = max(bound, L); !b.beats(bound, inc) {
				cancel()
			}
		})
		cancel()
		if ctx.Err() != nil {
			b.dive = nd // not processed: resume it next time
			break
		}
		b.nodes++
		if !b.beats(bound, inc) {
			continue
		}
		if g.dead {
			continue // no roster keeps the node's rules
		}
		if !ok {
			b.lost = true
			continue
		}
		r, frac := b.branchOn(x)
		if r != nil {
			found = append(found, r)
			if v := lpObj; v < inc {
				inc = v
			}
			if lpObj-bound <= 1e-6*math.Max(1, math.Abs(lpObj)) || !b.beats(bound, inc) {
				continue // solved: the bound meets the integral LP value or the new incumbent
			}
		}
		if frac == nil {
			// an integral master that has not converged within the rounds, or one that
			// still uses an artificial column: nothing to branch on
			b.lost = true
			continue
		}
		b.open = append(b.open, bpNode{append(slices.Clip(dec), bpDecision{frac.w, frac.d, frac.o, false}), bound})
		b.dive = &bpNode{append(slices.Clip(dec), bpDecision{frac.w, frac.d, frac.o, true}), bound}
	}
	return found
}

// next returns the node to process: the child of the last node while plunging, else the
// open node of lowest bound (the deepest among equals). Nodes the incumbent prunes are
// dropped on the way.
func (b *branchPrice) next(inc float64) *bpNode {
	if d := b.dive; d != nil {
		b.dive = nil
		if b.beats(d.bound, inc) {
			return d
		}
	}
	for len(b.open) > 0 {
		bi := 0
		for i, n := range b.open {
			if n.bound < b.open[bi].bound || (n.bound == b.open[bi].bound && len(n.dec) > len(b.open[bi].dec)) {
				bi = i
			}
		}
		n := b.open[bi]
		b.open[bi] = b.open[len(b.open)-1]
		b.open = b.open[:len(b.open)-1]
		if b.beats(n.bound, inc) {
			return &n
		}
	}
	return nil
}

// branchOn reads the master solution x: the roster it picks if it is integral (nil if not),
// and the fractional choice with the largest value to branch on (nil if none).
func (b *branchPrice) branchOn(x [][]float64) ([][]int32, *bpDecision) {
	g, p := b.g, b.g.p
	out := make([][]int32, p.nW)
	integ := true
	var best *bpDecision
	bestV := 0.0
	val := make(map[int32]float64)
	for k, cls := range g.classes {
		w := cls[0]
		sum := 0.0
		for i, v := range x[k] {
			if v > 1e-6 {
				sum += v
				if v >= 1-1e-6 {
					out[w] = g.cols[k][i].roster
				}
			}
		}
		// below 1: an artificial column is in use
		integ = integ && sum >= 1-1e-6 && out[w] != nil
		for d := range p.nD {
			clear(val)
			for i, v := range x[k] {
				if v > 1e-6 {
					val[g.cols[k][i].roster[d]] += v
				}
			}
			for _, o := range sortedKeys(val) {
				if v := val[o]; v < 1-1e-6 && v > bestV+1e-9 {
					bestV = v
					best = &bpDecision{w: w, d: d, o: o}
				}
			}
		}
	}
	if !integ {
		out = nil
	}
	return out, best
}

// bpNodeRounds caps the column-generation rounds of one node.
const bpNodeRounds = 30
