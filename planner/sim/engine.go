package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// plan is a Day compiled for the engine: agents numbered 0..n-1, lines as bit masks.
type plan struct {
	slot     float64
	slots    int
	lines    int
	calls    [][]float64 // per line, per slot
	aht      []float64   // per line
	patience []float64   // per line; 0 means never
	ids      []int       // per agent index, its ID
	duty     [][]duty    // per slot, in the order of Day.Agents
	closing  uint64      // the lines answered by someone on duty in the last slot
}

// duty is one agent on duty in one slot.
type duty struct {
	agent int32   // index of the agent in the day
	only  int32   // the one line the agent answers, -1 when it answers several
	lines uint64  // bit l is set when the agent answers line l
	speed float64 // handling times are divided by it
}

func compile(d Day) *plan {
	p := &plan{slot: d.Slot, slots: len(d.Agents), lines: len(d.Lines)}
	for _, ln := range d.Lines {
		p.calls = append(p.calls, ln.Calls)
		p.aht = append(p.aht, ln.AHT)
		p.patience = append(p.patience, ln.Patience)
	}
	index := make(map[int]int32)
	p.duty = make([][]duty, p.slots)
	for s, list := range d.Agents {
		p.duty[s] = make([]duty, len(list))
		for i, a := range list {
			k, ok := index[a.ID]
			if !ok {
				k = int32(len(index))
				index[a.ID] = k
			}
			var mask uint64
			for _, l := range a.Lines {
				mask |= 1 << l
			}
			only := int32(-1)
			if bits.OnesCount64(mask) == 1 {
				only = int32(bits.TrailingZeros64(mask))
			}
			p.duty[s][i] = duty{agent: k, only: only, lines: mask, speed: a.Speed}
		}
	}
	p.ids = make([]int, len(index))
	for id, k := range index {
		p.ids[k] = id
	}
	for _, d := range p.duty[p.slots-1] {
		p.closing |= d.lines
	}
	return p
}

// The states of a call.
const (
	coming    uint8 = iota // not yet arrived
	waiting                // in its line's queue
	answered               // taken by an agent
	abandoned              // hung up while waiting
	unserved               // cut off at closing
)

// call is one caller. Calls are kept in order of arrival, so a smaller index is an older call.
type call struct {
	t        float64 // arrival, seconds from opening
	work     float64 // handling time at speed 1, seconds
	patience float64 // seconds; +Inf when the caller never hangs up
	end      float64 // when it was answered, hung up or was cut off
	line     int32
	slot     int32
	agent    int32 // the agent who answered, -1 if none
	state    uint8
}

// The kinds of events in the heap, in the order they are handled at the same instant.
const (
	callDone uint8 = iota // an agent finishes a call; idx is the agent
	hangUp                // a caller's patience runs out; idx is the call
)

type event struct {
	t    float64
	idx  int32
	kind uint8
}

func (a event) before(b event) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	if a.kind != b.kind {
		return a.kind < b.kind
	}
	return a.idx < b.idx
}

// agent is the state of one agent during a day.
type agent struct {
	lines  uint64
	speed  float64
	only   int32
	slot   int32 // the last slot the agent was listed in
	onDuty bool
	busy   bool
}

// engine runs the days of replications one after the other, reusing its buffers. One engine
// serves one goroutine.
type engine struct {
	target float64

	rng *rand.Rand
	pcg *rand.PCG

	calls   []call
	perLine [][]call // calls of each line while generating
	merge   []int    // per line, the next call of perLine to merge
	events  []event  // a binary min-heap
	agents  []agent
	idle    []int32   // idle agents on duty, the longest idle first
	queue   [][]int32 // per line, waiting calls in order of arrival; entries before head[l] are gone
	head    []int     // per line, the first queue entry that may still wait
	waiting []int     // per line, the calls waiting
	nwait   int       // calls waiting on all lines
	cells   []cell    // the counts of the day being run, indexed slot*lines + line
	lines   int
}

func newEngine(target float64, lines int) *engine {
	pcg := rand.NewPCG(0, 0)
	return &engine{
		target:  target,
		pcg:     pcg,
		rng:     rand.New(pcg),
		perLine: make([][]call, lines),
		merge:   make([]int, lines),
		queue:   make([][]int32, lines),
		head:    make([]int, lines),
		waiting: make([]int, lines),
		lines:   lines,
	}
}

// splitmix64 is the finaliser of SplitMix64: a bijection of uint64 that spreads every input
// bit over the output.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// streamSeed returns the PCG seed of the calls of one replication, day and line.
func streamSeed(seed uint64, rep, day, line int) (uint64, uint64) {
	h := splitmix64(seed)
	h = splitmix64(h ^ uint64(rep))
	h = splitmix64(h ^ uint64(day)<<32)
	h = splitmix64(h ^ uint64(line))
	return h, splitmix64(h ^ 0x5851f42d4c957f2d)
}

// generate draws the calls of day number day of replication rep: for each line, a Poisson
// stream with the slot's rate (memoryless, so each slot starts afresh at its beginning), each
// call with its work and patience; then the lines merged in order of arrival.
func (e *engine) generate(p *plan, seed uint64, rep, day int) {
	for l := range p.lines {
		e.pcg.Seed(streamSeed(seed, rep, day, l))
		buf := e.perLine[l][:0]
		aht, pat := p.aht[l], p.patience[l]
		for s, n := range p.calls[l] {
			if n == 0 {
				continue
			}
			mean := p.slot / n // mean time between arrivals
			t, end := float64(s)*p.slot, float64(s+1)*p.slot
			for {
				t += e.rng.ExpFloat64() * mean
				if t >= end {
					break
				}
				c := call{t: t, line: int32(l), slot: int32(s), agent: -1}
				c.work = e.rng.ExpFloat64() * aht
				c.patience = e.rng.ExpFloat64() * pat
				if pat == 0 {
					c.patience = math.Inf(1)
				}
				buf = append(buf, c)
			}
		}
		e.perLine[l] = buf
	}
	e.calls = e.calls[:0]
	if p.lines == 1 {
		e.calls = append(e.calls, e.perLine[0]...)
		return
	}
	next := e.merge
	clear(next)
	for {
		best := -1
		for l := range p.lines {
			if next[l] < len(e.perLine[l]) && (best < 0 || e.perLine[l][next[l]].t < e.perLine[best][next[best]].t) {
				best = l
			}
		}
		if best < 0 {
			return
		}
		e.calls = append(e.calls, e.perLine[best][next[best]])
		next[best]++
	}
}

// run simulates one day with the calls of e.calls, adding the counts to cells.
func (e *engine) run(p *plan, cells []cell) {
	e.cells = cells
	if cap(e.agents) < len(p.ids) {
		e.agents = make([]agent, len(p.ids))
	}
	e.agents = e.agents[:len(p.ids)]
	for i := range e.agents {
		e.agents[i] = agent{slot: -1}
	}
	e.idle = e.idle[:0]
	e.events = e.events[:0]
	for l := range p.lines {
		e.queue[l] = e.queue[l][:0]
		e.head[l] = 0
		e.waiting[l] = 0
	}
	e.nwait = 0

	next, k := 0, 0 // the next call to arrive, the next slot boundary
	inf := math.Inf(1)
	for {
		tb, th, ta := inf, inf, inf
		if k <= p.slots {
			tb = float64(k) * p.slot
		}
		if len(e.events) > 0 {
			th = e.events[0].t
		}
		if next < len(e.calls) {
			ta = e.calls[next].t
		}
		switch {
		case k <= p.slots && tb <= th && tb <= ta:
			if k == p.slots {
				e.close(tb, p.closing)
			} else {
				e.boundary(p, k, tb)
			}
			k++
		case len(e.events) > 0 && th <= ta:
			ev := e.pop()
			if ev.kind == callDone {
				e.callDone(ev.idx, ev.t)
			} else {
				e.hangUp(ev.idx, ev.t)
			}
		case next < len(e.calls):
			e.arrive(int32(next))
			next++
		default:
			panic("sim: internal error: callers waiting after closing with no event to come")
		}
		if k > p.slots && e.nwait == 0 {
			return
		}
	}
}

func (e *engine) cell(c *call) *cell { return &e.cells[int(c.slot)*e.lines+int(c.line)] }

// arrive handles the arrival of call ci.
func (e *engine) arrive(ci int32) {
	c := &e.calls[ci]
	cl := e.cell(c)
	cl.calls++
	if pos := e.pick(c.line); pos >= 0 {
		a := e.idle[pos]
		e.removeIdle(pos)
		e.answer(ci, a, c.t)
		return
	}
	cl.waited++
	c.state = waiting
	e.queue[c.line] = append(e.queue[c.line], ci)
	e.waiting[c.line]++
	e.nwait++
	if !math.IsInf(c.patience, 1) {
		e.push(event{t: c.t + c.patience, idx: ci, kind: hangUp})
	}
}

// pick returns the position in e.idle of the agent who takes a call of line l: the longest
// idle of those who answer only l, else the longest idle of those who answer l; -1 if none.
func (e *engine) pick(l int32) int {
	pooled := -1
	bit := uint64(1) << l
	for pos, a := range e.idle {
		ag := &e.agents[a]
		if ag.only == l {
			return pos
		}
		if pooled < 0 && ag.lines&bit != 0 {
			pooled = pos
		}
	}
	return pooled
}

func (e *engine) removeIdle(pos int) {
	e.idle = append(e.idle[:pos], e.idle[pos+1:]...)
}

// answer gives call ci to agent a at time t.
func (e *engine) answer(ci, a int32, t float64) {
	c := &e.calls[ci]
	c.state, c.end, c.agent = answered, t, a
	w := t - c.t
	cl := e.cell(c)
	cl.answered++
	if w <= e.target {
		cl.within++
	}
	cl.wait += w
	ag := &e.agents[a]
	ag.busy = true
	e.push(event{t: t + c.work/ag.speed, idx: a, kind: callDone})
}

// callDone handles agent a finishing its call at time t.
func (e *engine) callDone(a int32, t float64) {
	ag := &e.agents[a]
	ag.busy = false
	if !ag.onDuty {
		return
	}
	if ci := e.oldest(ag.lines); ci >= 0 {
		e.dequeue(ci)
		e.answer(ci, a, t)
		return
	}
	e.idle = append(e.idle, a)
}

// hangUp handles the patience of call ci running out at time t.
func (e *engine) hangUp(ci int32, t float64) {
	c := &e.calls[ci]
	if c.state != waiting {
		return // answered before
	}
	c.state, c.end = abandoned, t
	cl := e.cell(c)
	cl.abandoned++
	cl.wait += t - c.t
	e.waiting[c.line]--
	e.nwait--
}

// front returns the longest-waiting call of line l, -1 if none waits, dropping the queue
// entries of callers who hung up.
func (e *engine) front(l int) int32 {
	if e.waiting[l] == 0 {
		return -1
	}
	q := e.queue[l]
	for e.calls[q[e.head[l]]].state != waiting {
		e.head[l]++
	}
	return q[e.head[l]]
}

// oldest returns the longest-waiting call of the lines in mask, -1 if none waits.
func (e *engine) oldest(mask uint64) int32 {
	best := int32(-1)
	for m := mask; m != 0; m &= m - 1 {
		ci := e.front(bits.TrailingZeros64(m))
		if ci >= 0 && (best < 0 || ci < best) {
			best = ci
		}
	}
	return best
}

// dequeue removes call ci, the front of its line, from the queue.
func (e *engine) dequeue(ci int32) {
	l := e.calls[ci].line
	e.head[l]++
	e.waiting[l]--
	e.nwait--
}

// boundary puts the agents of slot k on duty at time t, the start of slot k.
func (e *engine) boundary(p *plan, k int, t float64) {
	cur := p.duty[k]
	for _, d := range cur {
		e.agents[d.agent].slot = int32(k)
	}
	if k > 0 {
		for _, d := range p.duty[k-1] {
			ag := &e.agents[d.agent]
			if ag.slot == int32(k) {
				continue
			}
			ag.onDuty = false
			if !ag.busy {
				for pos, a := range e.idle {
					if a == d.agent {
						e.removeIdle(pos)
						break
					}
				}
			}
		}
	}
	for _, d := range cur {
		ag := &e.agents[d.agent]
		ag.lines, ag.only, ag.speed = d.lines, d.only, d.speed
		if !ag.onDuty {
			ag.onDuty = true
			if !ag.busy {
				e.idle = append(e.idle, d.agent)
			}
		}
	}
	// Agents who came on duty or answer new lines take the waiting calls, oldest first.
	for e.nwait > 0 && len(e.idle) > 0 {
		best, bestPos := int32(-1), -1
		for l := range p.lines {
			ci := e.front(l)
			if ci < 0 || (best >= 0 && ci > best) {
				continue
			}
			if pos := e.pick(int32(l)); pos >= 0 {
				best, bestPos = ci, pos
			}
		}
		if best < 0 {
			return
		}
		a := e.idle[bestPos]
		e.removeIdle(bestPos)
		e.dequeue(best)
		e.answer(best, a, t)
	}
}

// close ends the arrivals at closing time t: the callers waiting on a line that no agent on
// duty answers (answering is the bit mask of those that are) are cut off.
func (e *engine) close(t float64, answering uint64) {
	for l := range e.lines {
		if answering&(1<<l) != 0 {
			continue
		}
		for _, ci := range e.queue[l][e.head[l]:] {
			c := &e.calls[ci]
			if c.state != waiting {
				continue
			}
			c.state, c.end = unserved, t
			cl := e.cell(c)
			cl.unserved++
			cl.wait += t - c.t
		}
		e.nwait -= e.waiting[l]
		e.waiting[l] = 0
		e.head[l] = len(e.queue[l])
	}
}

func (e *engine) push(ev event) {
	e.events = append(e.events, ev)
	h := e.events
	i := len(h) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !h[i].before(h[parent]) {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
}

func (e *engine) pop() event {
	h := e.events
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h[r].before(h[l]) {
			m = r
		}
		if !h[m].before(h[i]) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	e.events = h
	return top
}
