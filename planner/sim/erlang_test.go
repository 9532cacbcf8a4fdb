package sim_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/planner/sim"
)

// Steady-state tests: long days of constant load, compared with the Erlang formulas of
// planner/queue. The first slots are left out as warm-up (each day starts with an empty desk).
//
// Each comparison asserts that the Erlang value lies within 1.68 half-widths of the 95%
// confidence interval: a 99.9% interval. A 95% interval misses one time in twenty, and this
// file makes hundreds of comparisons (many of them correlated), so at 95% a correct simulator
// would fail some; at 99.9% it rarely does, while the intervals stay narrow enough (each test
// bounds the half-width) for a modelling error of a percent of service level to show. The
// seeds are fixed, so the tests are deterministic; should a change of the random streams make
// one comparison fail, rerunning it with more replications tells chance from a bug.
// TestCoverage checks that the 95% intervals do cover the truth 95% of the time.
const (
	daySlots = 200 // 100 hours of 30-minute slots
	warmUp   = 10  // slots left out
	slotLen  = 1800
	ci999    = 3.2905 / 1.9600 // 99.9% half-width over 95% half-width
)

// steadyDay returns a day of daySlots slots with constant calls per line and the same agents
// in every slot.
func steadyDay(lines []sim.Line, agents []sim.Agent) sim.Day {
	d := sim.Day{Slot: slotLen, Agents: make([][]sim.Agent, daySlots)}
	for _, ln := range lines {
		calls := make([]float64, daySlots)
		for s := range calls {
			calls[s] = ln.Calls[0]
		}
		ln.Calls = calls
		d.Lines = append(d.Lines, ln)
	}
	for s := range d.Agents {
		d.Agents[s] = agents
	}
	return d
}

// team returns n agents of the given speed answering lines, with IDs from first.
func team(first, n int, speed float64, lines ...int) []sim.Agent {
	var out []sim.Agent
	for i := range n {
		out = append(out, sim.Agent{ID: first + i, Lines: lines, Speed: speed})
	}
	return out
}

func steady(_, slot, _ int) bool { return slot >= warmUp }

// compare checks the simulated measures m, in both views, against the Erlang result want.
func compare(t *testing.T, name string, m sim.Measures, want queue.Result, maxHalf float64) {
	t.Helper()
	compareFigures(t, name+", per day", m.Figures, want, maxHalf)
	compareFigures(t, name+", per call", m.PerCall, want, maxHalf)
}

// compareFigures checks the simulated figures f against the Erlang result want, logging both.
// maxHalf bounds the 95% half-width of the service level, so that the test keeps its power.
// Besides the 99.9% interval, a slack of 0.002 (0.1 s for the ASA) is allowed: where hardly
// anyone waits, a simulation sees no wait at all and its interval has no width.
func compareFigures(t *testing.T, name string, f sim.Figures, want queue.Result, maxHalf float64) {
	t.Helper()
	for _, c := range []struct {
		measure string
		est     sim.Estimate
		want    float64
		slack   float64
	}{
		{"service level", f.ServiceLevel, want.ServiceLevel, 0.002},
		{"P(wait)", f.PWait, want.PWait, 0.002},
		{"ASA", f.ASA, want.ASA, 0.1},
		{"abandoned", f.Abandoned, want.PAbandon, 0.002},
	} {
		diff := math.Abs(c.est.Mean - c.want)
		t.Logf("%s: %s simulated %.4f ± %.4f, Erlang %.4f (in 95%% CI: %v)", name, c.measure, c.est.Mean, c.est.HalfWidth, c.want, diff <= c.est.HalfWidth)
		if diff > ci999*c.est.HalfWidth+c.slack {
			t.Errorf("%s: %s = %.4f ± %.4f (95%%), Erlang %.4f: outside the 99.9%% interval", name, c.measure, c.est.Mean, c.est.HalfWidth, c.want)
		}
	}
	if f.ServiceLevel.HalfWidth > maxHalf {
		t.Errorf("%s: service level half-width %.4f > %v: too few calls for a meaningful test", name, f.ServiceLevel.HalfWidth, maxHalf)
	}
	if f.Unserved.Mean != 0 {
		t.Errorf("%s: %v of calls unserved, want 0", name, f.Unserved.Mean)
	}
}

func simulate(t *testing.T, days []sim.Day, opt sim.Options) *sim.Result {
	t.Helper()
	r, err := sim.Simulate(context.Background(), days, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// One line, c agents of speed 1: Erlang C without patience, Erlang A with it, including an
// overloaded desk (fewer agents than Erlangs) that only abandonment keeps stable.
func TestErlangOneLine(t *testing.T) {
	tests := []struct {
		name     string
		calls    float64 // per slot
		aht      float64
		patience float64
		agents   int
		target   float64
	}{
		{"Erlang C, A=8.5, N=10", 51, 300, 0, 10, 20},
		{"Erlang C, A=3, N=4", 18, 300, 0, 4, 60},
		{"Erlang A, A=10, N=10", 60, 300, 180, 10, 20},
		{"Erlang A, A=12, N=10", 72, 300, 120, 10, 30},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ln := sim.Line{Calls: []float64{tt.calls}, AHT: tt.aht, Patience: tt.patience}
			d := steadyDay([]sim.Line{ln}, team(1, tt.agents, 1, 0))
			r := simulate(t, []sim.Day{d}, sim.Options{Replications: 100, Seed: uint64(i) + 1, Target: tt.target})
			p := queue.Params{Calls: tt.calls, Interval: slotLen, AHT: tt.aht, Patience: tt.patience}
			compare(t, tt.name, r.Group(steady), queue.Evaluate(p, float64(tt.agents), tt.target), 0.01)
		})
	}
}

// Two lines with dedicated agents only: each line is its own Erlang queue.
func TestErlangDedicatedLines(t *testing.T) {
	lines := []sim.Line{
		{Calls: []float64{45}, AHT: 240},                // A = 6
		{Calls: []float64{20}, AHT: 360, Patience: 200}, // A = 4
	}
	agents := append(team(1, 8, 1, 0), team(101, 5, 1, 1)...)
	r := simulate(t, []sim.Day{steadyDay(lines, agents)}, sim.Options{Replications: 100, Seed: 11, Target: 20})
	for l, n := range []float64{8, 5} {
		p := queue.Params{Calls: lines[l].Calls[0], Interval: slotLen, AHT: lines[l].AHT, Patience: lines[l].Patience}
		m := r.Group(func(d, s, line int) bool { return line == l && steady(d, s, line) })
		compare(t, []string{"dedicated line 0", "dedicated line 1"}[l], m, queue.Evaluate(p, n, 20), 0.015)
	}
}

// Two lines of equal AHT and patience answered by pooled agents only: one first-come
// first-served queue, the Erlang queue of the merged line, for the total and for each line.
func TestErlangPooledLines(t *testing.T) {
	for i, patience := range []float64{0, 240} {
		lines := []sim.Line{
			{Calls: []float64{30}, AHT: 300, Patience: patience}, // A = 5
			{Calls: []float64{24}, AHT: 300, Patience: patience}, // A = 4
		}
		r := simulate(t, []sim.Day{steadyDay(lines, team(1, 11, 1, 0, 1))},
			sim.Options{Replications: 100, Seed: 21 + uint64(i), Target: 20})
		var ps []queue.Params
		for _, ln := range lines {
			ps = append(ps, queue.Params{Calls: ln.Calls[0], Interval: slotLen, AHT: ln.AHT, Patience: ln.Patience})
		}
		want := queue.Evaluate(queue.Pool(ps...), 11, 20)
		name := fmt.Sprintf("pooled, patience %v: ", patience)
		compare(t, name+"both lines", r.Group(steady), want, 0.01)
		for l := range lines {
			m := r.Group(func(d, s, line int) bool { return line == l && steady(d, s, line) })
			compare(t, name+[]string{"line 0", "line 1"}[l], m, want, 0.015)
		}
	}
}

// One agent of speed 0.5 on a line of AHT 120 s is an M/M/1 queue of mean service 240 s.
func TestErlangSpeed(t *testing.T) {
	for i, patience := range []float64{0, 300} {
		ln := sim.Line{Calls: []float64{4.5}, AHT: 120, Patience: patience} // 0.6 Erlang at 240 s
		d := steadyDay([]sim.Line{ln}, team(1, 1, 0.5, 0))
		r := simulate(t, []sim.Day{d}, sim.Options{Replications: 200, Seed: 31 + uint64(i), Target: 60})
		p := queue.Params{Calls: 4.5, Interval: slotLen, AHT: 240, Patience: patience}
		compare(t, fmt.Sprintf("M/M/1, speed 0.5, patience %v", patience), r.Group(steady), queue.Evaluate(p, 1, 60), 0.02)
	}
}

// The 95% confidence intervals cover the Erlang value about 95% of the time: over 100 seeds
// of a small desk simulated with 10 replications (so Student's t matters), at least 89
// intervals of the service level (both views) and of P(wait) must cover it (a binomial(100,
// 0.95) falls below 89 with probability 0.004). Too narrow an interval, or a biased
// simulator, fails.
func TestCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("100 simulations")
	}
	ln := sim.Line{Calls: []float64{24}, AHT: 300} // A = 4
	d := steadyDay([]sim.Line{ln}, team(1, 5, 1, 0))
	d.Agents = d.Agents[:60]
	for l := range d.Lines {
		d.Lines[l].Calls = d.Lines[l].Calls[:60]
	}
	want := queue.Evaluate(queue.Params{Calls: 24, Interval: slotLen, AHT: 300}, 5, 20)
	var coverSL, coverPW, coverCall int
	const seeds = 100
	for seed := range uint64(seeds) {
		r := simulate(t, []sim.Day{d}, sim.Options{Replications: 10, Seed: 1000 + seed, Target: 20, Workers: 1})
		m := r.Group(steady)
		if math.Abs(m.ServiceLevel.Mean-want.ServiceLevel) <= m.ServiceLevel.HalfWidth {
			coverSL++
		}
		if math.Abs(m.PWait.Mean-want.PWait) <= m.PWait.HalfWidth {
			coverPW++
		}
		if math.Abs(m.PerCall.ServiceLevel.Mean-want.ServiceLevel) <= m.PerCall.ServiceLevel.HalfWidth {
			coverCall++
		}
	}
	t.Logf("coverage of the 95%% intervals over %d seeds: service level %d, P(wait) %d, service level per call %d",
		seeds, coverSL, coverPW, coverCall)
	if coverSL < 89 || coverPW < 89 || coverCall < 89 {
		t.Errorf("coverage of the 95%% intervals: service level %d/%d, P(wait) %d/%d, per call %d/%d, want >= 89",
			coverSL, seeds, coverPW, seeds, coverCall, seeds)
	}
}

// A day whose calls spike at exam starts, from an empty desk at opening, with constant
// staffing: the transient evaluator of planner/queue is exact then (up to its time step), slot
// by slot, and so must the simulation be, in the per-call view.
func TestTransientConstantStaffing(t *testing.T) {
	calls := []float64{12, 25, 110, 120, 45, 30, 28, 26, 24, 22, 20, 30, 100, 115, 40, 28, 25, 22, 20, 18, 15, 12, 10, 8}
	for i, tt := range []struct {
		patience float64
		agents   int
	}{{180, 20}, {0, 26}} {
		d := sim.Day{Slot: slotLen, Lines: []sim.Line{{Calls: calls, AHT: 360, Patience: tt.patience}}}
		staff := make([]float64, len(calls))
		for s := range calls {
			d.Agents = append(d.Agents, team(1, tt.agents, 1, 0))
			staff[s] = float64(tt.agents)
		}
		r := simulate(t, []sim.Day{d}, sim.Options{Replications: 1000, Seed: 41 + uint64(i), Target: 20})
		want := queue.Transient(queue.Day{Slot: slotLen, Calls: calls, AHT: 360, Patience: tt.patience}, staff, 20, nil)
		for s := range calls {
			compareFigures(t, fmt.Sprintf("patience %v, N=%d, slot %d (%v calls)", tt.patience, tt.agents, s, calls[s]), r.Slot(0, s, 0).PerCall, want[s], 0.03)
		}
	}
}
