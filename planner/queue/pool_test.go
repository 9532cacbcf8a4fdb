package queue

import (
	"math"
	"math/rand/v2"
	"testing"
)

func crewOf(n0, n1, np int) Crew {
	return Crew{Agents: [3]int{n0, n1, np}, Effective: [3]float64{float64(n0), float64(n1), float64(np)}}
}

// TestEvaluatePoolDedicated: without pooled agents the lines are independent queues, and
// EvaluatePool gives each line what Evaluate gives it.
func TestEvaluatePoolDedicated(t *testing.T) {
	for _, tc := range []struct {
		p    [2]Params
		crew Crew
	}{
		{[2]Params{{Calls: 30, Interval: 1800, AHT: 355, Patience: 180}, {Calls: 10, Interval: 1800, AHT: 370, Patience: 180}}, crewOf(7, 3, 0)},
		{[2]Params{{Calls: 30, Interval: 1800, AHT: 355, Patience: 180}, {Calls: 10, Interval: 1800, AHT: 370, Patience: 180}}, crewOf(3, 1, 0)},
		{[2]Params{{Calls: 30, Interval: 1800, AHT: 300}, {Calls: 8, Interval: 1800, AHT: 300}}, crewOf(8, 3, 0)},
		{[2]Params{{Calls: 0, Interval: 1800, AHT: 300}, {Calls: 8, Interval: 1800, AHT: 300, Patience: 60}}, crewOf(0, 2, 0)},
	} {
		got := EvaluatePool(tc.p, tc.crew, 60)
		for l := range 2 {
			want := Evaluate(tc.p[l], float64(tc.crew.Agents[l]), 60)
			for _, m := range []struct {
				name      string
				got, want float64
			}{
				{"service level", got[l].ServiceLevel, want.ServiceLevel},
				{"P(wait)", got[l].PWait, want.PWait},
				{"P(abandon)", got[l].PAbandon, want.PAbandon},
				{"ASA", got[l].ASA, want.ASA},
			} {
				if math.Abs(m.got-m.want) > 1e-6*math.Max(1, math.Abs(m.want)) {
					t.Errorf("%+v crew %v line %d: %s %v, Evaluate %v", tc.p[l], tc.crew.Agents, l, m.name, m.got, m.want)
				}
			}
		}
	}
}

// TestEvaluatePoolFullyPooled: with every agent on both lines, the same handle time and
// patience, the desk is one queue of the merged calls: the call-weighted service level is
// Erlang's for the merged line (up to the waiting room under Erlang C).
func TestEvaluatePoolFullyPooled(t *testing.T) {
	for _, tc := range []struct {
		pat float64
		n   int
	}{{0, 9}, {0, 10}, {0, 12}, {180, 6}, {180, 8}, {180, 10}} {
		{
			pat, n := tc.pat, tc.n
			p := [2]Params{{Calls: 30, Interval: 1800, AHT: 360, Patience: pat}, {Calls: 10, Interval: 1800, AHT: 360, Patience: pat}}
			got := EvaluatePool(p, crewOf(0, 0, n), 60)
			sl := (30*got[0].ServiceLevel + 10*got[1].ServiceLevel) / 40
			ab := (30*got[0].PAbandon + 10*got[1].PAbandon) / 40
			want := Evaluate(Pool(p[0], p[1]), float64(n), 60)
			if math.Abs(sl-want.ServiceLevel) > 2e-3 || math.Abs(ab-want.PAbandon) > 1e-3 {
				t.Errorf("patience %v, %d pooled agents: service %.4f, abandon %.4f; merged Erlang %.4f, %.4f", pat, n, sl, ab, want.ServiceLevel, want.PAbandon)
			}
			if math.Abs(got[0].PWait-want.PWait) > 1e-6 || math.Abs(got[1].PWait-want.PWait) > 1e-6 {
				t.Errorf("patience %v, %d pooled agents: P(wait) %v and %v, merged Erlang %v (exact: a caller waits when every agent is busy)", pat, n, got[0].PWait, got[1].PWait, want.PWait)
			}
		}
	}
}

// TestEvaluatePoolQuietLine: a quiet line with no agent of its own and one pooled agent beside
// a busy line's own agents is answered most of the time (the pooled agent takes its callers
// whenever free), far better than a fraction of an agent in proportion to its calls.
func TestEvaluatePoolQuietLine(t *testing.T) {
	p := [2]Params{{Calls: 25, Interval: 1800, AHT: 355, Patience: 180}, {Calls: 2, Interval: 1800, AHT: 370, Patience: 180}}
	got := EvaluatePool(p, crewOf(6, 0, 1), 60)
	split := Evaluate(p[1], 2.0/27, 60)
	if got[1].ServiceLevel < 0.4 || got[1].ServiceLevel < 5*split.ServiceLevel {
		t.Errorf("quiet line: service %.3f with the pooled agent, %.3f with its share of them", got[1].ServiceLevel, split.ServiceLevel)
	}
	// and more pooled agents never hurt either line
	more := EvaluatePool(p, crewOf(6, 0, 2), 60)
	for l := range 2 {
		if more[l].ServiceLevel < got[l].ServiceLevel-1e-9 {
			t.Errorf("line %d: service %.4f with 2 pooled agents, %.4f with 1", l, more[l].ServiceLevel, got[l].ServiceLevel)
		}
	}
}

// TestTransientPoolConverges: with constant calls and crew, the day's later slots reach the
// stationary measures of EvaluatePool, and the first slot (an empty desk at opening) does
// better.
func TestTransientPoolConverges(t *testing.T) {
	for _, pat := range []float64{0, 180} {
		n := 16
		d0 := Day{Slot: 1800, AHT: 355, Patience: pat, Calls: make([]float64, n)}
		d1 := Day{Slot: 1800, AHT: 370, Patience: pat, Calls: make([]float64, n)}
		crews := make([]Crew, n)
		for i := range n {
			d0.Calls[i], d1.Calls[i] = 30, 10
			crews[i] = crewOf(5, 2, 2)
		}
		got := TransientPool([2]Day{d0, d1}, crews, 60)
		want := EvaluatePool([2]Params{{Calls: 30, Interval: 1800, AHT: 355, Patience: pat}, {Calls: 10, Interval: 1800, AHT: 370, Patience: pat}}, crews[0], 60)
		for l := range 2 {
			if d := got[l][n-1].ServiceLevel - want[l].ServiceLevel; math.Abs(d) > 3e-3 {
				t.Errorf("patience %v line %d: last slot %.4f, stationary %.4f", pat, l, got[l][n-1].ServiceLevel, want[l].ServiceLevel)
			}
			if got[l][0].ServiceLevel <= want[l].ServiceLevel {
				t.Errorf("patience %v line %d: first slot %.4f not above the stationary %.4f", pat, l, got[l][0].ServiceLevel, want[l].ServiceLevel)
			}
		}
	}
}

// TestTransientPoolOneLine: one line alone (the other without calls or agents) is the
// transient single-line queue of Transient, slot by slot, when the staffing does not change
// (when it falls, a person who leaves finishes the call in hand here, while Transient puts the
// caller back in the queue).
func TestTransientPoolOneLine(t *testing.T) {
	calls := []float64{4, 12, 30, 28, 14, 10, 9, 25, 26, 11, 6, 3}
	agents := []int{7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}
	for _, pat := range []float64{0, 180} {
		d := Day{Slot: 1800, AHT: 355, Patience: pat, Calls: calls}
		empty := Day{Slot: 1800, AHT: 355, Patience: pat, Calls: make([]float64, len(calls))}
		crews := make([]Crew, len(calls))
		eff := make([]float64, len(calls))
		for i, a := range agents {
			crews[i] = crewOf(a, 0, 0)
			eff[i] = float64(a)
		}
		got := TransientPool([2]Day{d, empty}, crews, 60)
		want := Transient(d, eff, 60, nil)
		for i := range calls {
			if diff := got[0][i].ServiceLevel - want[i].ServiceLevel; math.Abs(diff) > 2e-3 {
				t.Errorf("patience %v slot %d: service %.4f, Transient %.4f", pat, i, got[0][i].ServiceLevel, want[i].ServiceLevel)
			}
		}
	}
}

// TestRemap: carrying a distribution to another crew keeps its mass, whatever the crews.
func TestRemap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		room := [2]int{1 + rng.IntN(6), 1 + rng.IntN(6)}
		a := newPoolSpace([3]int{rng.IntN(4), rng.IntN(4), rng.IntN(4)}, room)
		b := newPoolSpace([3]int{rng.IntN(4), rng.IntN(4), rng.IntN(4)}, room)
		p := make([]float64, len(a.states))
		sum := 0.0
		for i := range p {
			p[i] = rng.Float64()
			sum += p[i]
		}
		for i := range p {
			p[i] /= sum
		}
		q := remap(p, a, b)
		total := 0.0
		for _, v := range q {
			if v < 0 {
				t.Fatalf("remap %v -> %v: negative mass %v", a.c, b.c, v)
			}
			total += v
		}
		if math.Abs(total-1) > 1e-9 {
			t.Fatalf("remap %v -> %v: mass %v", a.c, b.c, total)
		}
	}
}

func TestCrewValidate(t *testing.T) {
	for _, c := range []Crew{
		{Agents: [3]int{-1, 0, 0}},
		{Agents: [3]int{0, 0, 0}, Effective: [3]float64{1, 0, 0}},
		{Agents: [3]int{1, 0, 0}, Effective: [3]float64{math.NaN(), 0, 0}},
	} {
		if c.Validate() == nil {
			t.Errorf("Validate(%+v) accepted it", c)
		}
	}
	if err := crewOf(2, 1, 3).Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func BenchmarkEvaluatePool(b *testing.B) {
	p := [2]Params{{Calls: 30, Interval: 1800, AHT: 355, Patience: 180}, {Calls: 10, Interval: 1800, AHT: 370, Patience: 180}}
	for b.Loop() {
		EvaluatePool(p, crewOf(5, 2, 2), 60)
	}
}

// BenchmarkTransientPoolDay evaluates an exam day of 24 half-hour slots on two lines with
// dedicated, pooled and trainee agents.
func BenchmarkTransientPoolDay(b *testing.B) {
	calls := []float64{4, 12, 30, 28, 14, 10, 9, 9, 8, 10, 12, 25, 26, 15, 11, 9, 7, 6, 5, 5, 4, 3, 3, 2}
	d0 := Day{Slot: 1800, AHT: 355, Patience: 180, Calls: calls}
	d1 := Day{Slot: 1800, AHT: 370, Patience: 180, Calls: make([]float64, len(calls))}
	crews := make([]Crew, len(calls))
	for i, c := range calls {
		d1.Calls[i] = c / 2.5
		crews[i] = Crew{Agents: [3]int{int(c/6) + 1, 1, 2}, Effective: [3]float64{float64(int(c/6)) + 0.5, 1, 2}}
	}
	for b.Loop() {
		TransientPool([2]Day{d0, d1}, crews, 60)
	}
}
