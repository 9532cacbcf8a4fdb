package queue

import (
	"fmt"
	"math"
)

// The groups of a Crew: people who answer only line 0, only line 1, or both lines (pooled).
const (
	Dedicated0 = 0
	Dedicated1 = 1
	Pooled     = 2
)

// Crew is who answers two lines during a slot, in three groups (Dedicated0, Dedicated1,
// Pooled). Agents[g] counts the people of group g on the phone and Effective[g] the sum of
// their speeds: a qualified agent has speed 1, a trainee who takes twice as long on a call
// 0.5, a coordinator who gives the phones half of their time 0.5. Group g answers as
// Agents[g] servers of speed Effective[g]/Agents[g] each.
type Crew struct {
	Agents    [3]int
	Effective [3]float64
}

// Validate reports whether c describes a crew: counts not negative, speeds finite, no
// capacity without people.
func (c Crew) Validate() error {
	for g := range 3 {
		n, e := c.Agents[g], c.Effective[g]
		switch {
		case n < 0:
			return fmt.Errorf("queue: crew group %d: %d agents", g, n)
		case !(e >= 0) || math.IsInf(e, 0):
			return fmt.Errorf("queue: crew group %d: effective agents %v", g, e)
		case n == 0 && e > 0:
			return fmt.Errorf("queue: crew group %d: %v effective agents but no agent", g, e)
		}
	}
	return nil
}

func (c Crew) speed(g int) float64 {
	if c.Agents[g] == 0 {
		return 0
	}
	return c.Effective[g] / float64(c.Agents[g])
}

// maxWait bounds the callers a line keeps waiting in the pooled chain. A caller who would
// find the waiting room full is counted as not answered within the target (with that many
// callers ahead the wait is minutes at least); it only happens under Erlang C in a long
// overload.
const maxWait = 240

// poolSpace is the state space of the pooled chain for one crew and waiting rooms q[0], q[1].
// A state is (b0, b1, bp, q0, q1): busy agents of each group and callers waiting on each line.
// Callers wait only when every agent who could answer them is busy, so the states fall into
// four regions: nobody waits (b0, b1, bp free); only line 0 waits (b0 and bp full, b1 free);
// only line 1 waits; both wait (every agent busy).
type poolSpace struct {
	c      [3]int
	q      [2]int
	states []poolState
	sizeA  int // states in which nobody waits
}

// poolState is one state of a poolSpace with the targets of its transitions (-1: none).
type poolState struct {
	b      [3]int32
	q      [2]int32
	arrive [2]int32 // after an arrival on line i (-1: the waiting room is full)
	doneD  [2]int32 // after a call of dedicated group i ends
	doneP  [2]int32 // after a pooled agent ends a call and takes line i's waiting caller
	idleP  int32    // after a pooled agent ends a call with nobody waiting
	leave  [2]int32 // after a waiting caller of line i hangs up
}

func newPoolSpace(c [3]int, q [2]int) *poolSpace {
	s := &poolSpace{c: c, q: q}
	s.sizeA = (c[0] + 1) * (c[1] + 1) * (c[2] + 1)
	n := s.sizeA + q[0]*(c[1]+1) + q[1]*(c[0]+1) + q[0]*q[1]
	s.states = make([]poolState, n)
	for b0 := 0; b0 <= c[0]; b0++ {
		for b1 := 0; b1 <= c[1]; b1++ {
			for bp := 0; bp <= c[2]; bp++ {
				s.fill(b0, b1, bp, 0, 0)
			}
		}
	}
	for q0 := 1; q0 <= q[0]; q0++ {
		for b1 := 0; b1 <= c[1]; b1++ {
			s.fill(c[0], b1, c[2], q0, 0)
		}
	}
	for q1 := 1; q1 <= q[1]; q1++ {
		for b0 := 0; b0 <= c[0]; b0++ {
			s.fill(b0, c[1], c[2], 0, q1)
		}
	}
	for q0 := 1; q0 <= q[0]; q0++ {
		for q1 := 1; q1 <= q[1]; q1++ {
			s.fill(c[0], c[1], c[2], q0, q1)
		}
	}
	return s
}

// index returns the index of state (b0, b1, bp, q0, q1), which must be valid.
func (s *poolSpace) index(b0, b1, bp, q0, q1 int) int {
	c := s.c
	switch {
	case q0 == 0 && q1 == 0:
		return (b0*(c[1]+1)+b1)*(c[2]+1) + bp
	case q1 == 0:
		return s.sizeA + (q0-1)*(c[1]+1) + b1
	case q0 == 0:
		return s.sizeA + s.q[0]*(c[1]+1) + (q1-1)*(c[0]+1) + b0
	default:
		return s.sizeA + s.q[0]*(c[1]+1) + s.q[1]*(c[0]+1) + (q0-1)*s.q[1] + (q1 - 1)
	}
}

func (s *poolSpace) fill(b0, b1, bp, q0, q1 int) {
	c := s.c
	i := s.index(b0, b1, bp, q0, q1)
	st := poolState{b: [3]int32{int32(b0), int32(b1), int32(bp)}, q: [2]int32{int32(q0), int32(q1)},
		arrive: [2]int32{-1, -1}, doneD: [2]int32{-1, -1}, doneP: [2]int32{-1, -1}, idleP: -1, leave: [2]int32{-1, -1}}
	at := func(b0, b1, bp, q0, q1 int) int32 { return int32(s.index(b0, b1, bp, q0, q1)) }
	b := [3]int{b0, b1, bp}
	q := [2]int{q0, q1}
	for line := range 2 {
		nb, nq := b, q
		switch {
		case b[line] < c[line]: // an idle agent of the line's own group first
			nb[line]++
		case b[2] < c[2]: // then an idle pooled agent
			nb[2]++
		case q[line] < s.q[line]:
			nq[line]++
		default:
			nb[0] = -1
		}
		if nb[0] >= 0 {
			st.arrive[line] = at(nb[0], nb[1], nb[2], nq[0], nq[1])
		}
		if b[line] > 0 { // a dedicated agent ends a call: the line's next caller, or idle
			nb, nq = b, q
			if q[line] > 0 {
				nq[line]--
			} else {
				nb[line]--
			}
			st.doneD[line] = at(nb[0], nb[1], nb[2], nq[0], nq[1])
		}
		if q[line] > 0 {
			nq = q
			nq[line]--
			st.leave[line] = at(b[0], b[1], b[2], nq[0], nq[1])
			st.doneP[line] = st.leave[line] // a pooled agent takes this line's waiting caller
		}
	}
	if bp > 0 && q0+q1 == 0 {
		st.idleP = at(b0, b1, bp-1, 0, 0)
	}
	if bp == 0 {
		st.doneP = [2]int32{-1, -1}
	}
	s.states[i] = st
}

// poolRates are the rates of the pooled chain during one slot.
type poolRates struct {
	lam   [2]float64 // arrivals per second on each line
	serve [3]float64 // call completions per second of one busy agent of each group
	theta [2]float64 // hang-ups per second of one waiting caller of each line
}

func newPoolRates(p [2]Params, c Crew) poolRates {
	var r poolRates
	for i := range 2 {
		r.lam[i] = p[i].Calls / p[i].Interval
		r.serve[i] = c.speed(i) / p[i].AHT
		if p[i].Patience > 0 {
			r.theta[i] = 1 / p[i].Patience
		}
	}
	// a pooled agent's calls are a mix of both lines: its mean handle time is the lines' mean
	// weighted by their calls
	aht := (p[0].AHT + p[1].AHT) / 2
	if calls := p[0].Calls + p[1].Calls; calls > 0 {
		aht = (p[0].Calls*p[0].AHT + p[1].Calls*p[1].AHT) / calls
	}
	r.serve[2] = c.speed(2) / aht
	return r
}

// poolGen is the chain's generator under one slot's rates, row by row: out[i] is the rate out
// of state i, and its transitions go to to[start[i]:start[i+1]] at the matching rates.
type poolGen struct {
	out   []float64
	start []int32
	to    []int32
	rate  []float64
	max   float64 // largest out rate
}

// generator returns the chain's generator under rates r, reusing g's storage.
func (s *poolSpace) generator(r *poolRates, g *poolGen) {
	n := len(s.states)
	g.out = append(g.out[:0], make([]float64, n)...)
	g.start = append(g.start[:0], make([]int32, n+1)...)
	g.to, g.rate, g.max = g.to[:0], g.rate[:0], 0
	prev := 0
	s.edges(r, func(from, to int, rate float64) {
		for ; prev < from; prev++ {
			g.start[prev+1] = int32(len(g.to))
		}
		g.to = append(g.to, int32(to))
		g.rate = append(g.rate, rate)
		g.out[from] += rate
	})
	for ; prev < n; prev++ {
		g.start[prev+1] = int32(len(g.to))
	}
	for _, v := range g.out {
		g.max = math.Max(g.max, v)
	}
}

// jump writes into next the distribution after one jump of the uniformized chain from p: the
// chain, watched at the events of a Poisson clock of rate g.max, moves along each transition
// with probability rate/g.max and stays put otherwise.
func (g *poolGen) jump(p, next []float64) {
	copy(next, p)
	inv := 1 / g.max
	for i, m := range p {
		if m == 0 {
			continue
		}
		m *= inv
		next[i] -= m * g.out[i]
		for e := g.start[i]; e < g.start[i+1]; e++ {
			next[g.to[e]] += m * g.rate[e]
		}
	}
}

// advance carries the distribution p through a slot of length T under g, by uniformization:
// with N the number of clock events in the slot, Poisson of mean g.max·T, and v_k the
// distribution after k jumps, the distribution at the end is Σ_k P(N = k)·v_k and its average
// over the slot Σ_k P(N > k)·v_k / (g.max·T). It writes the end into p and the average into
// avg; next is scratch space.
func (g *poolGen) advance(p, next, avg []float64, T float64) {
	clear(avg)
	mean := g.max * T
	if mean == 0 {
		copy(avg, p)
		return
	}
	end := make([]float64, len(p))
	cdf := 0.0
	for k := 0; ; k++ {
		w := math.Exp(-mean + float64(k)*math.Log(mean) - lgammaInt(k+1)) // P(N = k)
		cdf += w
		tail := math.Max(0, 1-cdf) // P(N > k)
		for i, v := range p {
			end[i] += w * v
			avg[i] += tail * v
		}
		if float64(k) > mean && (tail < 1e-12 || w < 1e-18) { // (rounding leaves cdf near 1)
			break
		}
		g.jump(p, next)
		copy(p, next)
	}
	for i := range avg {
		avg[i] /= mean
	}
	copy(p, end)
}

func lgammaInt(n int) float64 {
	v, _ := math.Lgamma(float64(n))
	return v
}

// boundary returns the probability mass of p on the states whose line-i waiting room is full.
func (s *poolSpace) boundary(p []float64, line int) float64 {
	sum := 0.0
	for i := range s.states {
		if int(s.states[i].q[line]) == s.q[line] && s.q[line] > 0 {
			sum += p[i]
		}
	}
	return sum
}

// measures returns each line's measures for callers arriving while the chain is in state i
// with probability p[i], the service level measured at t seconds. A caller who finds an agent
// who may answer it idle is answered at once; one who waits has its fate from the chain of the
// callers ahead of it (see tagged).
func (s *poolSpace) measures(p []float64, pr [2]Params, r *poolRates, c Crew, t float64) [2]Result {
	var out [2]Result
	var sl, pw, ab, asa [2]float64
	var busy [3]float64
	var fate [2]*tagged
	for l := range 2 {
		if pr[l].Calls > 0 {
			fate[l] = newTagged(s, r, l, t)
		}
	}
	for i := range s.states {
		q := p[i]
		if q <= 0 {
			continue
		}
		st := &s.states[i]
		for g := range 3 {
			busy[g] += q * float64(st.b[g])
		}
		for l := range 2 {
			if fate[l] == nil {
				continue
			}
			if st.b[l] < int32(s.c[l]) || st.b[2] < int32(s.c[2]) {
				sl[l] += q // answered at once
				continue
			}
			pw[l] += q
			if st.arrive[l] < 0 { // the waiting room is full: counted as lost
				ab[l] += q
				asa[l] += q * math.Max(pr[l].Patience, pr[l].AHT)
				continue
			}
			k := fate[l].index(int(st.q[l]), int(st.q[1-l]))
			sl[l] += q * fate[l].within[k]
			ab[l] += q * (1 - fate[l].served[k])
			asa[l] += q * fate[l].wait[k]
		}
	}
	for l := range 2 {
		out[l] = Result{Load: pr[l].Load(), Agents: c.Effective[l] + c.Effective[2], ServiceLevel: 1}
		if fate[l] == nil {
			continue // no calls: nobody waits
		}
		out[l].ServiceLevel, out[l].PWait, out[l].ASA = clamp01(sl[l]), clamp01(pw[l]), math.Min(asa[l], maxASASeconds)
		if pr[l].Patience > 0 {
			out[l].PAbandon = clamp01(ab[l])
		}
	}
	// Occupancy of the agents who answer a line: the line's dedicated agents and the pooled
	// agents in proportion to the line's share of the calls.
	share := [2]float64{0.5, 0.5}
	if calls := pr[0].Calls + pr[1].Calls; calls > 0 {
		share = [2]float64{pr[0].Calls / calls, pr[1].Calls / calls}
	}
	for l := range 2 {
		cap := float64(s.c[l]) + float64(s.c[2])*share[l]
		if cap > 0 {
			out[l].Occupancy = clamp01((busy[l] + busy[2]*share[l]) / cap)
		}
	}
	return out
}

// tagged is the fate of a caller of one line who has to wait, by the callers waiting ahead of
// it when it arrives: a of its own line and b of the other (all of them arrived before it).
// Its line's agents take its line's callers in turn; the other line's agents take the other
// line's; a pooled agent who frees up takes the longest-waiting caller, one of those ahead
// (of either line, each as likely) or else the caller itself; every caller waiting hangs up at
// its line's rate. Each event removes a caller ahead or ends the wait, so the chain of (a, b)
// is solved exactly: the chance of being answered and the mean wait by recursion on a+b, the
// chance of being answered within t by uniformization. The agents and rates are those of the
// arrival's slot: a change of staff while the caller waits is not seen (waits are short
// beside a slot).
type tagged struct {
	na, nb int       // a in 0..na, b in 0..nb
	within []float64 // P(answered within t)
	served []float64 // P(answered)
	wait   []float64 // mean wait until answered or hung up, seconds
}

func (tg *tagged) index(a, b int) int { return a*(tg.nb+1) + b }

func newTagged(s *poolSpace, r *poolRates, l int, t float64) *tagged {
	o := 1 - l
	tg := &tagged{na: s.q[l], nb: s.q[o]}
	n := (tg.na + 1) * (tg.nb + 1)
	tg.within, tg.served, tg.wait = make([]float64, n), make([]float64, n), make([]float64, n)
	own := r.serve[l] * float64(s.c[l])  // own line's agents: the head of the line's queue
	oth := r.serve[o] * float64(s.c[o])  // other line's agents: the head of the other queue
	pool := r.serve[2] * float64(s.c[2]) // pooled agents: the longest waiting
	thOwn, thOth := r.theta[l], r.theta[o]
	// moves from (a, b): rates to (a-1, b), to (a, b-1), to answered; the rest of total is the
	// caller hanging up
	moves := func(a, b int) (down, side, done, total float64) {
		af, bf := float64(a), float64(b)
		if a > 0 {
			down += own
		} else {
			done += own
		}
		if b > 0 {
			side += oth
		}
		if a+b > 0 {
			down += pool * af / (af + bf)
			side += pool * bf / (af + bf)
		} else {
			done += pool
		}
		down += thOwn * af
		side += thOth * bf
		return down, side, done, down + side + done + thOwn
	}
	lam := 0.0
	for a := 0; a <= tg.na; a++ {
		for b := 0; b <= tg.nb; b++ {
			down, side, done, total := moves(a, b)
			lam = math.Max(lam, total)
			k := tg.index(a, b)
			if total == 0 {
				tg.wait[k] = maxASASeconds // nobody can answer, nobody hangs up
				continue
			}
			var sv, wt float64
			if a > 0 {
				sv += down * tg.served[tg.index(a-1, b)]
				wt += down * tg.wait[tg.index(a-1, b)]
			}
			if b > 0 {
				sv += side * tg.served[tg.index(a, b-1)]
				wt += side * tg.wait[tg.index(a, b-1)]
			}
			tg.served[k] = (sv + done) / total
			tg.wait[k] = math.Min((1+wt)/total, maxASASeconds)
		}
	}
	if lam == 0 || t == 0 {
		return tg
	}
	// uniformization: v_j = P(answered within j events of a Poisson clock of rate lam),
	// within = Σ_j Poisson(j; lam·t)·v_j
	mean := lam * t
	v := make([]float64, n)
	next := make([]float64, n)
	prob := math.Exp(-mean) // P(J = 0): v_0 = 0 adds nothing
	cum := prob
	for j := 1; cum < 1-1e-12 && j < 100000; j++ {
		for a := 0; a <= tg.na; a++ {
			for b := 0; b <= tg.nb; b++ {
				down, side, done, total := moves(a, b)
				k := tg.index(a, b)
				x := done + (lam-total)*v[k]
				if a > 0 {
					x += down * v[tg.index(a-1, b)]
				}
				if b > 0 {
					x += side * v[tg.index(a, b-1)]
				}
				next[k] = x / lam
			}
		}
		v, next = next, v
		prob *= mean / float64(j)
		if float64(j) > mean && prob < 1e-18 { // beyond the mode: the rest is nothing
			break
		}
		cum += prob
		for k := range v {
			tg.within[k] += prob * v[k]
		}
	}
	for k := range tg.within {
		tg.within[k] = math.Min(tg.within[k], tg.served[k])
	}
	return tg
}

// maxASASeconds caps the mean wait of a caller nobody can answer under Erlang C: a day.
const maxASASeconds = 86400

// waitingRoom returns a first waiting room for line l: the callers who arrive during one
// mean patience and room for their fluctuations, or a few dozen under Erlang C. The
// evaluation doubles it while the chain puts mass on its edge.
func waitingRoom(calls, interval, patience float64) int {
	if patience <= 0 {
		return 24
	}
	y := calls / interval * patience
	return int(math.Min(maxWait, math.Ceil(y+4*math.Sqrt(y)+4)))
}

// edgeMass is the probability the chain may put on a full waiting room before it is made
// larger.
const edgeMass = 1e-7

// EvaluatePool returns what a crew delivers on two lines in one slot at steady state: for
// each line, the service level within t seconds, P(wait), ASA, abandonment and occupancy.
//
// The model is the desk's: a call goes to an idle agent who answers only its line, else to an
// idle pooled agent, else it waits; an agent who frees up takes the longest-waiting call it
// may answer (the chain takes line i's waiting caller with probability proportional to the
// callers waiting on line i); calls are handled in an exponential time of mean AHT divided by
// the agent's speed, and waiting callers hang up after an exponential patience (never when
// Patience is 0). The chain's state is the busy agents of each group and the callers waiting
// on each line, which is exact when the two lines have the same handle time (a pooled agent's
// calls are given the calls' mean handle time). A caller's wait is then computed from the
// callers ahead of it and the rate at which its line's waiting callers are answered, as in
// Transient. With no pooled agent the lines are independent M/M/N+M queues and EvaluatePool
// agrees with Evaluate at integer staffing.
//
// Both lines must have the same Interval. EvaluatePool panics on invalid input.
func EvaluatePool(p [2]Params, c Crew, t float64) [2]Result {
	for i := range 2 {
		p[i].mustValidate()
	}
	if err := c.Validate(); err != nil {
		panic(err)
	}
	if p[0].Interval != p[1].Interval {
		panic("queue: EvaluatePool: lines with different intervals")
	}
	if !(t >= 0) || math.IsInf(t, 0) {
		panic(fmt.Sprintf("queue: EvaluatePool: bad target time %v", t))
	}
	r := newPoolRates(p, c)
	room := [2]int{waitingRoom(p[0].Calls, p[0].Interval, p[0].Patience), waitingRoom(p[1].Calls, p[1].Interval, p[1].Patience)}
	for {
		s := newPoolSpace(c.Agents, room)
		pi := s.stationary(&r)
		grown := false
		for l := range 2 {
			if room[l] < maxWait && s.boundary(pi, l) > edgeMass {
				room[l] = min(2*room[l], maxWait)
				grown = true
			}
		}
		if !grown {
			return s.measures(pi, p, &r, c, t)
		}
	}
}

// stationary returns the stationary distribution of the chain under rates r: successive
// over-relaxation of the balance equations π_j·out_j = Σ_i π_i·rate(i→j), from the uniform
// distribution, each sweep after an exact solve of the birth-death chain of the number of
// callers in the system (see poolLevels), until no probability moves by more than 1e-9 of
// the largest.
func (s *poolSpace) stationary(r *poolRates) []float64 {
	in := s.inflow(r)
	lv := s.levels(r)
	n := len(s.states)
	pi := make([]float64, n)
	for i := range pi {
		pi[i] = 1 / float64(n)
	}
	const omega = 1.5
	for round := 0; round < 2000; round++ {
		lv.aggregate(pi, in.out)
		change, big := in.sweep(pi, omega)
		if change <= 1e-9*big {
			break
		}
	}
	sum := 0.0
	for _, v := range pi {
		sum += v
	}
	for j := range pi {
		pi[j] /= sum
	}
	return pi
}

// poolInflow is the chain's generator by incoming transitions, in compressed rows: state j is
// entered from from[start[j]:start[j+1]] at the matching rates, and left at rate out[j].
type poolInflow struct {
	start []int32
	from  []int32
	rate  []float64
	out   []float64
}

// inflow returns the chain's incoming transitions under rates r.
func (s *poolSpace) inflow(r *poolRates) poolInflow {
	n := len(s.states)
	// count, then fill
	start := make([]int32, n+1)
	out := make([]float64, n)
	s.edges(r, func(from, to int, rate float64) { start[to+1]++; out[from] += rate })
	for j := range n {
		start[j+1] += start[j]
	}
	from := make([]int32, start[n])
	rate := make([]float64, start[n])
	pos := append([]int32(nil), start[:n]...)
	s.edges(r, func(f, to int, v float64) {
		from[pos[to]], rate[pos[to]] = int32(f), v
		pos[to]++
	})
	return poolInflow{start: start, from: from, rate: rate, out: out}
}

// sweep makes one relaxation sweep over pi with factor omega, in place, and returns the
// largest change of a probability and the largest probability.
func (in *poolInflow) sweep(pi []float64, omega float64) (change, big float64) {
	start, from, rate, out := in.start, in.from, in.rate, in.out
	for j := range pi {
		if out[j] == 0 {
			continue
		}
		v := 0.0
		for e := start[j]; e < start[j+1]; e++ {
			v += pi[from[e]] * rate[e]
		}
		v = (1-omega)*pi[j] + omega*v/out[j]
		if v < 0 {
			v = 0
		}
		if dv := v - pi[j]; dv > change {
			change = dv
		} else if -dv > change {
			change = -dv
		}
		if v > big {
			big = v
		}
		pi[j] = v
	}
	return change, big
}

// poolLevels groups the chain's states by the number of callers in the system. Every
// transition moves that number by one: the levels make a birth-death chain whose balance the
// relaxation sweeps find slowly. Each round therefore solves that chain exactly for the mass
// of each level, keeping the distribution within each level (iterative
// aggregation-disaggregation), before its sweep.
type poolLevels struct {
	level  []int32   // level[i]: the callers in the system in state i
	upRate []float64 // upRate[i]: the rate out of state i to the level above
	top    int32     // the highest level
	// scratch, per level: its mass, its flows up and down, its new relative mass
	mass, up, down, w []float64
}

// levels returns the levels of the chain's states under rates r.
func (s *poolSpace) levels(r *poolRates) *poolLevels {
	n := len(s.states)
	level := make([]int32, n)
	top := int32(0)
	for i := range s.states {
		st := &s.states[i]
		level[i] = st.b[0] + st.b[1] + st.b[2] + st.q[0] + st.q[1]
		top = max(top, level[i])
	}
	upRate := make([]float64, n)
	s.edges(r, func(f, to int, v float64) {
		if level[to] > level[f] {
			upRate[f] += v
		}
	})
	return &poolLevels{level: level, upRate: upRate, top: top,
		mass: make([]float64, top+1), up: make([]float64, top+1), down: make([]float64, top+1), w: make([]float64, top+1)}
}

// aggregate rescales pi, in place, so that the levels' masses balance the levels'
// birth-death chain, whose rates are the flows between levels under pi (out: each state's
// rate out).
func (lv *poolLevels) aggregate(pi, out []float64) {
	level, upRate, top := lv.level, lv.upRate, lv.top
	mass, up, down, w := lv.mass, lv.up, lv.down, lv.w
	clear(mass)
	clear(up)
	clear(down)
	for i, v := range pi {
		mass[level[i]] += v
		up[level[i]] += v * upRate[i]
		down[level[i]] += v * (out[i] - upRate[i])
	}
	// the levels' birth-death chain: new mass of level L+1 over level L is up_L/down_L+1
	w[0] = 1
	sum := 1.0
	for l := int32(1); l <= top; l++ {
		u, dn := up[l-1]/mass[l-1], down[l]/mass[l]
		if mass[l-1] == 0 || mass[l] == 0 || dn == 0 {
			w[l] = 0
		} else {
			w[l] = w[l-1] * u / dn
		}
		sum += w[l]
	}
	for i := range pi {
		if m := mass[level[i]]; m > 0 {
			pi[i] *= w[level[i]] / sum / m
		}
	}
}

// edges calls f for every transition of the chain under rates r with a positive rate.
func (s *poolSpace) edges(r *poolRates, f func(from, to int, rate float64)) {
	for i := range s.states {
		st := &s.states[i]
		add := func(to int32, rate float64) {
			if to >= 0 && rate > 0 && int(to) != i {
				f(i, int(to), rate)
			}
		}
		for l := range 2 {
			add(st.arrive[l], r.lam[l])
			add(st.doneD[l], r.serve[l]*float64(st.b[l]))
			add(st.leave[l], r.theta[l]*float64(st.q[l]))
		}
		if bp := float64(st.b[2]); bp > 0 {
			if w := float64(st.q[0] + st.q[1]); w > 0 {
				for l := range 2 {
					add(st.doneP[l], r.serve[2]*bp*float64(st.q[l])/w)
				}
			} else {
				add(st.idleP, r.serve[2]*bp)
			}
		}
	}
}

// TransientPool returns what crews deliver on two lines over a day: for each line and slot,
// the service level within t seconds, P(wait), ASA, abandonment and occupancy, with
// crews[i] on the phone in slot i. It is the pooled chain of EvaluatePool followed through
// the day from an empty desk at opening, as Transient follows a single line: within a slot the
// chain's distribution is carried exactly by uniformization, and each slot's measures are
// those of callers arriving while the chain spends, on average, the slot's time in each state.
//
// When the crew changes at a slot boundary, a person who leaves finishes the call in hand (the
// chain forgets the call: its caller was answered), which of the group's people leave is
// independent of who is busy, and people who arrive take waiting callers at once, the longest
// waiting first.
//
// Both days must have the same Slot and number of slots; len(crews) must match. TransientPool
// panics on invalid input.
func TransientPool(lines [2]Day, crews []Crew, t float64) [2][]Result {
	for i := range 2 {
		if err := lines[i].Validate(); err != nil {
			panic(err)
		}
	}
	n := len(lines[0].Calls)
	if len(lines[1].Calls) != n || lines[0].Slot != lines[1].Slot || len(crews) != n {
		panic(fmt.Sprintf("queue: TransientPool: %d and %d slots of %v and %v s, %d crews",
			n, len(lines[1].Calls), lines[0].Slot, lines[1].Slot, len(crews)))
	}
	for _, c := range crews {
		if err := c.Validate(); err != nil {
			panic(err)
		}
	}
	if !(t >= 0) || math.IsInf(t, 0) {
		panic(fmt.Sprintf("queue: TransientPool: bad target time %v", t))
	}
	var room [2]int
	for l := range 2 {
		for _, calls := range lines[l].Calls {
			room[l] = max(room[l], waitingRoom(calls, lines[l].Slot, lines[l].Patience))
		}
	}
	for {
		out, edge := transientPool(lines, crews, t, room)
		grown := false
		for l := range 2 {
			if room[l] < maxWait && edge[l] > edgeMass {
				room[l] = min(2*room[l], maxWait)
				grown = true
			}
		}
		if !grown {
			return out
		}
	}
}

// transientPool runs the day with waiting rooms room and returns the measures and, per line,
// the largest time-averaged mass a slot put on a full waiting room.
func transientPool(lines [2]Day, crews []Crew, t float64, room [2]int) (out [2][]Result, edge [2]float64) {
	n := len(crews)
	out = [2][]Result{make([]Result, n), make([]Result, n)}
	var s *poolSpace
	var p []float64
	var g poolGen
	spaces := map[[3]int]*poolSpace{}
	for i, c := range crews {
		ns := spaces[c.Agents]
		if ns == nil {
			ns = newPoolSpace(c.Agents, room)
			spaces[c.Agents] = ns
		}
		if s == nil {
			p = make([]float64, len(ns.states))
			p[0] = 1 // an empty desk at opening
		} else if ns != s {
			p = remap(p, s, ns)
		}
		s = ns
		var pr [2]Params
		for l := range 2 {
			pr[l] = Params{Calls: lines[l].Calls[i], Interval: lines[l].Slot, AHT: lines[l].AHT, Patience: lines[l].Patience}
		}
		r := newPoolRates(pr, c)
		s.generator(&r, &g)
		next := make([]float64, len(p))
		avg := make([]float64, len(p))
		g.advance(p, next, avg, lines[0].Slot)
		res := s.measures(avg, pr, &r, c, t)
		for l := range 2 {
			out[l][i] = res[l]
			edge[l] = math.Max(edge[l], s.boundary(avg, l))
		}
	}
	return out, edge
}

// remap carries the distribution p of space from into space to, whose crew differs: each
// group keeps as many busy people as stay (the leavers are drawn without regard to who is
// busy, and finish their calls off the chain), then idle people take waiting callers: a
// line's own people first, then pooled people, who take the longest-waiting callers (drawn
// from both lines' waiting callers alike).
func remap(p []float64, from, to *poolSpace) []float64 {
	out := make([]float64, len(to.states))
	c := to.c
	for i, m := range p {
		if m == 0 {
			continue
		}
		st := &from.states[i]
		for _, b0 := range stay(int(st.b[0]), from.c[0], c[0]) {
			for _, b1 := range stay(int(st.b[1]), from.c[1], c[1]) {
				for _, bp := range stay(int(st.b[2]), from.c[2], c[2]) {
					w := m * b0.p * b1.p * bp.p
					q0, q1 := int(st.q[0]), int(st.q[1])
					n0, n1, np := b0.n, b1.n, bp.n
					take := min(c[0]-n0, q0)
					n0, q0 = n0+take, q0-take
					take = min(c[1]-n1, q1)
					n1, q1 = n1+take, q1-take
					free := min(c[2]-np, q0+q1)
					if free == 0 {
						out[to.index(n0, n1, np, min(q0, to.q[0]), min(q1, to.q[1]))] += w
						continue
					}
					for _, k := range draw(free, q0, q1) { // k.n of the free pooled take line 0
						out[to.index(n0, n1, np+free, min(q0-k.n, to.q[0]), min(q1-(free-k.n), to.q[1]))] += w * k.p
					}
				}
			}
		}
	}
	return out
}

// weighted is an integer outcome with its probability.
type weighted struct {
	n int
	p float64
}

// stay returns the distribution of the busy people of a group of c people, b of them busy,
// after the group becomes c2 people: when it shrinks, the leavers are drawn at random (a
// hypergeometric draw of the busy among them); when it grows, the newcomers are idle.
func stay(b, c, c2 int) []weighted {
	if c2 >= c {
		return []weighted{{b, 1}}
	}
	leave := c - c2
	var out []weighted
	for k := max(0, leave-(c-b)); k <= min(leave, b); k++ { // k busy leavers
		out = append(out, weighted{b - k, hypergeom(c, b, leave, k)})
	}
	return out
}

// draw returns the distribution of the line-0 callers among k drawn at random from q0 line-0
// and q1 line-1 waiting callers.
func draw(k, q0, q1 int) []weighted {
	var out []weighted
	for n := max(0, k-q1); n <= min(k, q0); n++ {
		out = append(out, weighted{n, hypergeom(q0+q1, q0, k, n)})
	}
	return out
}

// hypergeom returns the probability of k successes in n draws without replacement from N
// items of which K are successes.
func hypergeom(N, K, n, k int) float64 {
	return math.Exp(lchoose(K, k) + lchoose(N-K, n-k) - lchoose(N, n))
}

func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}
