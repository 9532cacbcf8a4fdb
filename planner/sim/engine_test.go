package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// scripted is a call of a scripted scenario: its arrival, line, work (handling time at speed
// 1) and patience (0: never hangs up).
type scripted struct {
	t        float64
	line     int
	work     float64
	patience float64
}

// outcome is what became of a call: answered by agent ID at time at, abandoned or unserved at
// time at (agent -1).
type outcome struct {
	state uint8
	agent int
	at    float64
}

func (o outcome) String() string {
	name := map[uint8]string{coming: "coming", waiting: "waiting", answered: "answered", abandoned: "abandoned", unserved: "unserved"}[o.state]
	if o.state == answered {
		return fmt.Sprintf("%s by %d at %v", name, o.agent, o.at)
	}
	return fmt.Sprintf("%s at %v", name, o.at)
}

func ans(id int, at float64) outcome { return outcome{answered, id, at} }
func aban(at float64) outcome        { return outcome{abandoned, -1, at} }
func cut(at float64) outcome         { return outcome{unserved, -1, at} }

func ag(id int, speed float64, lines ...int) Agent { return Agent{ID: id, Lines: lines, Speed: speed} }

// scriptDay returns a day of len(agents) slots of 1800 s and the given number of lines.
func scriptDay(lines int, agents ...[]Agent) Day {
	d := Day{Slot: 1800, Agents: agents}
	for range lines {
		d.Lines = append(d.Lines, Line{Calls: make([]float64, len(agents)), AHT: 300})
	}
	return d
}

// runScript runs the calls of a scripted day through the engine and returns what became of
// each call and the counts per slot and line.
func runScript(t *testing.T, d Day, target float64, calls []scripted) ([]outcome, []cell) {
	t.Helper()
	if err := d.validate(0); err != nil {
		t.Fatal(err)
	}
	p := compile(d)
	e := newEngine(target, p.lines)
	for i, c := range calls {
		if i > 0 && c.t < calls[i-1].t {
			t.Fatalf("script: call %d arrives before call %d", i, i-1)
		}
		pat := c.patience
		if pat == 0 {
			pat = math.Inf(1)
		}
		e.calls = append(e.calls, call{t: c.t, work: c.work, patience: pat, line: int32(c.line),
			slot: int32(c.t / d.Slot), agent: -1})
	}
	cells := make([]cell, p.slots*p.lines)
	e.run(p, cells)
	out := make([]outcome, len(e.calls))
	for i, c := range e.calls {
		out[i] = outcome{state: c.state, agent: -1, at: c.end}
		if c.agent >= 0 {
			out[i].agent = p.ids[c.agent]
		}
	}
	return out, cells
}

// The dispatch rules on tiny scripted days, one rule per case.
func TestDispatch(t *testing.T) {
	pooledThenDedicated := []Agent{ag(1, 1, 0, 1), ag(2, 1, 0)}
	tests := []struct {
		name   string
		day    Day
		target float64
		calls  []scripted
		want   []outcome
	}{{
		// P is listed first (idle longer) but D answers only line 0: D first, then P.
		// The line-1 call waits for P although D becomes free before.
		name: "dedicated before pooled",
		day:  scriptDay(2, pooledThenDedicated),
		calls: []scripted{
			{t: 10, line: 0, work: 100},
			{t: 15, line: 0, work: 100},
			{t: 20, line: 1, work: 50},
		},
		want: []outcome{ans(2, 10), ans(1, 15), ans(1, 115)},
	}, {
		// B, free at 60, has been idle longer than A, free at 101.
		name: "longest idle",
		day:  scriptDay(1, []Agent{ag(1, 1, 0), ag(2, 1, 0)}),
		calls: []scripted{
			{t: 1, line: 0, work: 100},
			{t: 50, line: 0, work: 10},
			{t: 200, line: 0, work: 10},
			{t: 201, line: 0, work: 10},
		},
		want: []outcome{ans(1, 1), ans(2, 50), ans(2, 200), ans(1, 201)},
	}, {
		name: "a freed pooled agent takes the longest-waiting call across lines",
		day:  scriptDay(2, []Agent{ag(1, 1, 0, 1)}),
		calls: []scripted{
			{t: 0.5, line: 0, work: 100},
			{t: 10, line: 1, work: 10},
			{t: 20, line: 0, work: 10},
		},
		want: []outcome{ans(1, 0.5), ans(1, 100.5), ans(1, 110.5)},
	}, {
		name: "a dedicated agent takes only its line's calls",
		day:  scriptDay(2, []Agent{ag(1, 1, 0, 1), ag(2, 1, 1)}),
		calls: []scripted{
			{t: 1, line: 0, work: 100}, // P, the only one for line 0
			{t: 2, line: 0, work: 10},  // waits for P although D is idle
			{t: 3, line: 1, work: 10},  // D
		},
		want: []outcome{ans(1, 1), ans(1, 101), ans(2, 3)},
	}, {
		// A goes off duty at 1800 during its call: it finishes at 2000 and leaves; the call
		// waiting since 1900 waits for B.
		name: "an agent going off duty finishes its call and takes no new one",
		day:  scriptDay(1, []Agent{ag(1, 1, 0), ag(2, 1, 0)}, []Agent{ag(2, 1, 0)}),
		calls: []scripted{
			{t: 1700, line: 0, work: 300},
			{t: 1750, line: 0, work: 1000},
			{t: 1900, line: 0, work: 10},
		},
		want: []outcome{ans(1, 1700), ans(2, 1750), ans(2, 2750)},
	}, {
		// Nobody in slot 0. At 1800 the oldest call (line 0) goes to D, although P is listed
		// first; the line-1 call to P; the last waits for D.
		name: "agents coming on duty take the waiting calls oldest first",
		day:  scriptDay(2, nil, pooledThenDedicated),
		calls: []scripted{
			{t: 100, line: 0, work: 10},
			{t: 200, line: 1, work: 20},
			{t: 300, line: 0, work: 10},
		},
		want: []outcome{ans(2, 1800), ans(1, 1800), ans(2, 1810)},
	}, {
		name: "an idle agent leaving at a boundary takes no call after it",
		day:  scriptDay(1, []Agent{ag(1, 1, 0)}, []Agent{ag(2, 1, 0)}),
		calls: []scripted{
			{t: 1000, line: 0, work: 10},
			{t: 1900, line: 0, work: 10},
		},
		want: []outcome{ans(1, 1000), ans(2, 1900)},
	}, {
		name: "a caller hangs up when its patience runs out",
		day:  scriptDay(1, []Agent{ag(1, 1, 0)}),
		calls: []scripted{
			{t: 1, line: 0, work: 100},
			{t: 10, line: 0, work: 10, patience: 30},
			{t: 20, line: 0, work: 10, patience: 200},
		},
		want: []outcome{ans(1, 1), aban(40), ans(1, 101)},
	}, {
		// The agent frees at 30, when the second caller has waited exactly the target.
		name:   "a wait of exactly the target time counts as within",
		day:    scriptDay(1, []Agent{ag(1, 1, 0)}),
		target: 20,
		calls: []scripted{
			{t: 5, line: 0, work: 25},
			{t: 10, line: 0, work: 25},
			{t: 11, line: 0, work: 25},
		},
		want: []outcome{ans(1, 5), ans(1, 30), ans(1, 55)},
	}, {
		name: "a trainee at speed 0.5 takes twice the work",
		day:  scriptDay(1, []Agent{ag(1, 0.5, 0)}),
		calls: []scripted{
			{t: 1, line: 0, work: 100},
			{t: 2, line: 0, work: 100},
		},
		want: []outcome{ans(1, 1), ans(1, 201)},
	}, {
		// Closing at 1800: A keeps answering line 0; nobody answers line 1, its caller is
		// cut off.
		name: "after closing the last agents empty the queue; other lines are cut off",
		day:  scriptDay(2, []Agent{ag(1, 1, 0)}),
		calls: []scripted{
			{t: 1700, line: 0, work: 200},
			{t: 1750, line: 0, work: 100},
			{t: 1760, line: 1, work: 10},
			{t: 1770, line: 0, work: 10, patience: 100},
		},
		want: []outcome{ans(1, 1700), ans(1, 1900), cut(1800), aban(1870)},
	}, {
		name: "an agent whose lines grow at a boundary takes the waiting calls",
		day:  scriptDay(2, []Agent{ag(1, 1, 0)}, []Agent{ag(1, 1, 0, 1)}),
		calls: []scripted{
			{t: 100, line: 1, work: 10},
		},
		want: []outcome{ans(1, 1800)},
	}, {
		// A is off duty in slot 1 but still on its long call when it returns at 3600; it takes
		// the waiting call when done, at 4000.
		name: "an agent back on duty while busy takes calls when done",
		day:  scriptDay(1, []Agent{ag(1, 1, 0)}, nil, []Agent{ag(1, 1, 0)}),
		calls: []scripted{
			{t: 1000, line: 0, work: 3000},
			{t: 2000, line: 0, work: 10},
		},
		want: []outcome{ans(1, 1000), ans(1, 4000)},
	}, {
		// The slot's speed applies to calls answered in it: 100 s of work at speed 1 in
		// slot 0, then at speed 0.5 in slot 1.
		name: "speed changes apply to the next call",
		day:  scriptDay(1, []Agent{ag(1, 1, 0)}, []Agent{ag(1, 0.5, 0)}),
		calls: []scripted{
			{t: 1750, line: 0, work: 100},
			{t: 1760, line: 0, work: 100},
			{t: 1800, line: 0, work: 10},
		},
		want: []outcome{ans(1, 1750), ans(1, 1850), ans(1, 2050)},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cells := runScript(t, tt.day, tt.target, tt.calls)
			if !slices.Equal(got, tt.want) {
				t.Errorf("outcomes:\n got %v\nwant %v", got, tt.want)
			}
			// The counts per slot and line, from the wanted outcomes.
			lines := len(tt.day.Lines)
			want := make([]cell, len(cells))
			for i, c := range tt.calls {
				w := &want[int(c.t/tt.day.Slot)*lines+c.line]
				o := tt.want[i]
				wait := o.at - c.t
				w.calls++
				w.wait += wait
				if wait > 0 {
					w.waited++
				}
				switch o.state {
				case answered:
					w.answered++
					if wait <= tt.target {
						w.within++
					}
				case abandoned:
					w.abandoned++
				case unserved:
					w.unserved++
				}
			}
			if !slices.Equal(cells, want) {
				t.Errorf("counts:\n got %+v\nwant %+v", cells, want)
			}
		})
	}
}

// The target case really has a wait of exactly 20 s counted within, and 45 s not.
func TestDispatchTargetBoundary(t *testing.T) {
	d := scriptDay(1, []Agent{ag(1, 1, 0)})
	calls := []scripted{{t: 5, line: 0, work: 25}, {t: 10, line: 0, work: 25}, {t: 11, line: 0, work: 25}}
	for _, tt := range []struct {
		target float64
		within int32
	}{{0, 1}, {19.999, 1}, {20, 2}, {43.999, 2}, {44, 3}} {
		_, cells := runScript(t, d, tt.target, calls)
		if cells[0].within != tt.within {
			t.Errorf("target %v: within = %d, want %d", tt.target, cells[0].within, tt.within)
		}
	}
}

// Calls of every line are merged in order of arrival and every slot gets its own rate: the
// arrivals of a generated day are sorted, in their slot, and as many as forecast.
func TestGenerate(t *testing.T) {
	d := Day{Slot: 1800, Agents: make([][]Agent, 4), Lines: []Line{
		{Calls: []float64{0, 200, 50, 0}, AHT: 300, Patience: 100},
		{Calls: []float64{100, 0, 300, 10}, AHT: 600},
	}}
	p := compile(d)
	e := newEngine(20, 2)
	const reps = 50
	var count [4][2]int
	var work [2]float64
	for r := range reps {
		e.generate(p, 7, r, 0)
		for i, c := range e.calls {
			if i > 0 && c.t < e.calls[i-1].t {
				t.Fatalf("rep %d: call %d at %v before call %d at %v", r, i, c.t, i-1, e.calls[i-1].t)
			}
			if int(c.t/d.Slot) != int(c.slot) {
				t.Fatalf("rep %d: call at %v in slot %d", r, c.t, c.slot)
			}
			if c.line == 1 && !math.IsInf(c.patience, 1) {
				t.Fatalf("line 1 has no patience, call has %v", c.patience)
			}
			count[c.slot][c.line]++
			work[c.line] += c.work
		}
	}
	for s := range 4 {
		for l := range 2 {
			want := d.Lines[l].Calls[s] * reps
			// Poisson: the standard deviation is sqrt(want); allow 4 of them.
			if math.Abs(float64(count[s][l])-want) > 4*math.Sqrt(want)+1e-9 {
				t.Errorf("slot %d, line %d: %d calls in %d replications, want about %v", s, l, count[s][l], reps, want)
			}
		}
	}
	for l, ln := range d.Lines {
		n := 0
		for s := range 4 {
			n += count[s][l]
		}
		mean := work[l] / float64(n)
		// Exponential: the standard error of the mean is AHT/sqrt(n).
		if math.Abs(mean-ln.AHT) > 4*ln.AHT/math.Sqrt(float64(n)) {
			t.Errorf("line %d: mean work %v s, want about %v s", l, mean, ln.AHT)
		}
	}
}

func TestResultKeep(t *testing.T) {
	p := compile(scriptDay(1, []Agent{ag(1, 1, 0)}))
	r := newResult([]*plan{p}, Options{Replications: 4})
	for rep := range 4 {
		r.cells(rep, 0)[0].calls = int32(rep + 1)
	}
	if !r.keep([]bool{false, true, false, true}) {
		t.Fatal("keep of 2 replications = false")
	}
	if r.Replications != 2 || r.Counts(0, 0, 0, 0).Calls != 2 || r.Counts(1, 0, 0, 0).Calls != 4 {
		t.Errorf("kept %d replications with calls %d, %d; want 2 with 2, 4", r.Replications,
			r.Counts(0, 0, 0, 0).Calls, r.Counts(1, 0, 0, 0).Calls)
	}
	if r.keep([]bool{true, false}) {
		t.Error("keep of 1 replication = true")
	}
}

// The t quantiles against the t distribution integrated numerically.
func TestStudentT975(t *testing.T) {
	for df := 1; df <= 200; df++ {
		q := studentT975(df)
		if p := tCDF(q, df); math.Abs(p-0.975) > 2e-6 {
			t.Errorf("studentT975(%d) = %v, CDF there %v, want 0.975", df, q, p)
		}
	}
	if q := studentT975(1 << 30); math.Abs(q-1.959964) > 1e-6 {
		t.Errorf("studentT975(huge) = %v, want 1.959964", q)
	}
}

// tCDF returns P(T <= x) for x >= 0, T Student's t with df degrees of freedom, by Simpson's
// rule on the density.
func tCDF(x float64, df int) float64 {
	v := float64(df)
	lg1, _ := math.Lgamma((v + 1) / 2)
	lg2, _ := math.Lgamma(v / 2)
	c := math.Exp(lg1-lg2) / math.Sqrt(v*math.Pi)
	f := func(u float64) float64 { return c * math.Pow(1+u*u/v, -(v+1)/2) }
	const m = 4000
	h := x / m
	s := f(0) + f(x)
	for i := 1; i < m; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * f(float64(i)*h)
	}
	return 0.5 + s*h/3
}

func TestInputErrorString(t *testing.T) {
	for _, tt := range []struct {
		err  *InputError
		want string
	}{
		{&InputError{Day: 1, Slot: 2, Line: 0, Agent: -1, Msg: "bad"}, "sim: day 1, slot 2, line 0: bad"},
		{&InputError{Day: 0, Slot: 3, Line: -1, Agent: 4, Msg: "bad"}, "sim: day 0, slot 3, agent 4: bad"},
		{&InputError{Day: -1, Slot: -1, Line: -1, Agent: -1, Msg: "bad"}, "sim: bad"},
	} {
		if got := tt.err.Error(); got != tt.want || !strings.HasPrefix(got, "sim: ") {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
