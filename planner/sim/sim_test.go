package sim_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner/sim"
)

// deskWeek returns a week of the desk: 6 days of 24 slots of 30 minutes (07:30-19:30), two
// lines (LLN, MONS) with a morning peak, some 1,800 calls in all, and about 10 agents per slot:
// dedicated agents on each line, pooled agents, a trainee and a coordinator, in an early and a
// late shift with breaks.
func deskWeek() []sim.Day {
	profile := []float64{ // share of a day's calls per slot
		0.020, 0.035, 0.060, 0.075, 0.075, 0.070, 0.060, 0.050, 0.040, 0.035, 0.040, 0.050,
		0.055, 0.055, 0.050, 0.045, 0.040, 0.035, 0.030, 0.025, 0.020, 0.015, 0.010, 0.010,
	}
	var week []sim.Day
	for day := range 6 {
		scale := []float64{1.2, 1.1, 1.0, 1.0, 0.9, 0.5}[day]
		d := sim.Day{Slot: 1800, Agents: make([][]sim.Agent, len(profile))}
		for _, ln := range []struct {
			calls, aht, patience float64
		}{{190, 360, 180}, {110, 300, 240}} {
			line := sim.Line{AHT: ln.aht, Patience: ln.patience}
			for _, p := range profile {
				line.Calls = append(line.Calls, ln.calls*scale*p)
			}
			d.Lines = append(d.Lines, line)
		}
		for s := range d.Agents {
			early, late := s < 14, s >= 10
			var on []sim.Agent
			add := func(id int, speed float64, lines ...int) {
				if id%3 == s%3 && s > 3 && s < 20 {
					return // a break
				}
				on = append(on, sim.Agent{ID: id, Lines: lines, Speed: speed})
			}
			if early {
				add(1, 1, 0)
				add(2, 1, 0)
				add(3, 1, 1)
				add(4, 1, 0, 1)
				add(5, 0.5, 0, 1) // a trainee
				add(6, 1, 0, 1)
			}
			if late {
				add(11, 1, 0)
				add(12, 1, 1)
				add(13, 1, 0, 1)
				add(14, 1, 0, 1)
			}
			add(20, 0.5, 0, 1) // the coordinator, half on the phones
			d.Agents[s] = on
		}
		week = append(week, d)
	}
	return week
}

func TestDeterminism(t *testing.T) {
	week := deskWeek()
	run := func(seed uint64, workers int) *sim.Result {
		return simulate(t, week, sim.Options{Replications: 20, Seed: seed, Target: 20, Workers: workers})
	}
	a := run(1, 1)
	if b := run(1, 1); !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different results")
	}
	for _, w := range []int{2, 3, 8} {
		if b := run(1, w); !reflect.DeepEqual(a, b) {
			t.Errorf("%d workers gave another result than 1", w)
		}
	}
	c := run(2, 1)
	if reflect.DeepEqual(a.Total(), c.Total()) {
		t.Error("seeds 1 and 2 gave the same result")
	}
	for rep := range 20 {
		if a.Counts(rep, 0, 3, 0) == c.Counts(rep, 0, 3, 0) && a.Counts(rep, 2, 5, 1) == c.Counts(rep, 2, 5, 1) {
			t.Errorf("replication %d: seeds 1 and 2 gave the same counts", rep)
		}
	}
}

// Replications differ from each other, and so do days with the same forecast.
func TestStreamsIndependent(t *testing.T) {
	week := deskWeek()
	week[3] = week[2] // same forecast and roster
	r := simulate(t, week, sim.Options{Replications: 5, Seed: 3, Workers: 1})
	same := 0
	for rep := range 5 {
		if r.Counts(rep, 2, 4, 0) == r.Counts(rep, 3, 4, 0) {
			same++
		}
		if rep > 0 && r.Counts(rep, 0, 4, 0) == r.Counts(rep-1, 0, 4, 0) {
			t.Errorf("replications %d and %d: same counts", rep-1, rep)
		}
	}
	if same == 5 {
		t.Error("days 2 and 3 with the same forecast have the same counts in every replication")
	}
}

// Common random numbers: with the same seed, a different roster meets the same callers (the
// calls per slot and line are the same), and better staffing answers more of them.
func TestSameCallersForAnotherRoster(t *testing.T) {
	week := deskWeek()
	more := deskWeek()
	for d := range more {
		for s := range more[d].Agents {
			more[d].Agents[s] = append(more[d].Agents[s], sim.Agent{ID: 99, Lines: []int{0, 1}, Speed: 1})
		}
	}
	opt := sim.Options{Replications: 20, Seed: 5, Target: 20, Workers: 1}
	a, b := simulate(t, week, opt), simulate(t, more, opt)
	for rep := range 20 {
		for d, n := range a.Slots {
			for s := range n {
				for l := range a.Lines {
					if ca, cb := a.Counts(rep, d, s, l).Calls, b.Counts(rep, d, s, l).Calls; ca != cb {
						t.Fatalf("rep %d, day %d, slot %d, line %d: %d calls, %d with another roster", rep, d, s, l, ca, cb)
					}
				}
			}
		}
	}
	if sa, sb := a.Total().ServiceLevel.Mean, b.Total().ServiceLevel.Mean; !(sb > sa) {
		t.Errorf("service level %v with an agent more, %v without", sb, sa)
	}
}

// The groups add up: a day is the sum of its slots and lines, the horizon of its days, and the
// estimates of a group are those of its per-replication counts.
func TestGroups(t *testing.T) {
	week := deskWeek()
	r := simulate(t, week, sim.Options{Replications: 10, Seed: 9, Target: 20, Workers: 1})
	if r.Replications != 10 || r.Lines != 2 || len(r.Slots) != 6 || r.Slots[0] != 24 || r.Target != 20 {
		t.Fatalf("result shape: %d replications, %d lines, slots %v, target %v", r.Replications, r.Lines, r.Slots, r.Target)
	}
	var horizon, lln sim.Counts
	for d := range r.Slots {
		var day sim.Counts
		for s := range r.Slots[d] {
			for l := range r.Lines {
				c := r.Slot(d, s, l).Total
				day = addCounts(day, c)
				if l == 0 {
					lln = addCounts(lln, c)
				}
			}
		}
		if got := r.Day(d).Total; !closeCounts(got, day) {
			t.Errorf("Day(%d).Total = %+v, slots add up to %+v", d, got, day)
		}
		both := addCounts(r.DayLine(d, 0).Total, r.DayLine(d, 1).Total)
		if !closeCounts(both, day) {
			t.Errorf("DayLine(%d, 0) + DayLine(%d, 1) = %+v, want %+v", d, d, both, day)
		}
		horizon = addCounts(horizon, day)
	}
	if got := r.Total().Total; !closeCounts(got, horizon) {
		t.Errorf("Total().Total = %+v, days add up to %+v", got, horizon)
	}
	if got := r.Line(0).Total; !closeCounts(got, lln) {
		t.Errorf("Line(0).Total = %+v, slots add up to %+v", got, lln)
	}

	// Day 1, line 0, by hand from the replications' counts.
	m := r.DayLine(1, 0)
	var sls []float64
	var within, calls float64
	for rep := range r.Replications {
		var c sim.Counts
		for s := range r.Slots[1] {
			c = addCounts(c, r.Counts(rep, 1, s, 0))
		}
		sls = append(sls, float64(c.Within)/float64(c.Calls))
		within += float64(c.Within)
		calls += float64(c.Calls)
	}
	mean, sd := meanSD(sls)
	const t9 = 2.262157 // Student's t, 9 degrees of freedom, 97.5%
	if math.Abs(m.ServiceLevel.Mean-mean) > 1e-12 || math.Abs(m.ServiceLevel.HalfWidth-t9*sd/math.Sqrt(10)) > 1e-12 {
		t.Errorf("DayLine(1, 0).ServiceLevel = %+v, want %v ± %v", m.ServiceLevel, mean, t9*sd/math.Sqrt(10))
	}
	if got := m.PerCall.ServiceLevel.Mean; math.Abs(got-within/calls) > 1e-12 {
		t.Errorf("DayLine(1, 0).PerCall.ServiceLevel = %v, want %v", got, within/calls)
	}
	if m.Replications != 10 {
		t.Errorf("DayLine(1, 0).Replications = %d, want 10", m.Replications)
	}
	// Every call is answered, abandoned or cut off (none cut off: the last slot answers both
	// lines), and answered within the target is at most answered.
	tot := r.Total().Total
	if tot.Answered+tot.Abandoned+tot.Unserved != tot.Calls || tot.Within > tot.Answered || tot.Unserved != 0 {
		t.Errorf("Total: %+v does not add up", tot)
	}
}

func addCounts(a, b sim.Counts) sim.Counts {
	return sim.Counts{Calls: a.Calls + b.Calls, Waited: a.Waited + b.Waited, Answered: a.Answered + b.Answered,
		Within: a.Within + b.Within, Abandoned: a.Abandoned + b.Abandoned, Unserved: a.Unserved + b.Unserved,
		Wait: a.Wait + b.Wait}
}

// closeCounts compares counts, the wait up to rounding (sums in another order).
func closeCounts(a, b sim.Counts) bool {
	wa, wb := a.Wait, b.Wait
	a.Wait, b.Wait = 0, 0
	return a == b && math.Abs(wa-wb) <= 1e-9*math.Max(1, math.Abs(wb))
}

func meanSD(xs []float64) (float64, float64) {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// A group without calls (a night slot): service level 1, nothing else, no replication.
func TestGroupWithoutCalls(t *testing.T) {
	d := sim.Day{Slot: 1800, Lines: []sim.Line{{Calls: []float64{0, 10}, AHT: 300}},
		Agents: [][]sim.Agent{nil, {{ID: 1, Lines: []int{0}, Speed: 1}}}}
	r := simulate(t, []sim.Day{d}, sim.Options{Replications: 5, Workers: 1})
	m := r.Slot(0, 0, 0)
	var want sim.Measures
	want.ServiceLevel = sim.Estimate{Mean: 1}
	want.PerCall.ServiceLevel = sim.Estimate{Mean: 1}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("Slot(0, 0, 0) = %+v, want %+v", m, want)
	}
}

// A line nobody answers in the last slot: its callers still waiting at closing are cut off.
func TestUnservedAtClosing(t *testing.T) {
	d := sim.Day{Slot: 1800, Lines: []sim.Line{{Calls: []float64{20}, AHT: 300}, {Calls: []float64{20}, AHT: 300}},
		Agents: [][]sim.Agent{{{ID: 1, Lines: []int{0}, Speed: 1}}}}
	r := simulate(t, []sim.Day{d}, sim.Options{Replications: 20, Workers: 1})
	if m := r.DayLine(0, 1); m.Unserved.Mean != 1 || m.Total.Unserved != m.Total.Calls || m.Total.Calls == 0 {
		t.Errorf("line 1 without agents: %+v, want every call unserved", m)
	}
	if m := r.DayLine(0, 0); m.Unserved.Mean != 0 || m.Total.Answered != m.Total.Calls {
		t.Errorf("line 0 with an agent: %+v, want every call answered", m)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := sim.Simulate(ctx, deskWeek(), sim.Options{Replications: 10})
	if !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("Simulate(cancelled) = %v, %v; want nil, context.Canceled", r, err)
	}
}

func TestInvalidInput(t *testing.T) {
	good := func() []sim.Day {
		return []sim.Day{
			{Slot: 1800, Lines: []sim.Line{{Calls: []float64{1, 2}, AHT: 300}, {Calls: []float64{1, 2}, AHT: 300}},
				Agents: [][]sim.Agent{{{ID: 1, Lines: []int{0}, Speed: 1}}, {{ID: 1, Lines: []int{0, 1}, Speed: 1}}}},
			{Slot: 1800, Lines: []sim.Line{{Calls: []float64{1, 2, 3}, AHT: 300}, {Calls: []float64{1, 2, 3}, AHT: 300}},
				Agents: [][]sim.Agent{{{ID: 1, Lines: []int{0}, Speed: 1}}, {{ID: 1, Lines: []int{1}, Speed: 1}, {ID: 2, Lines: []int{1}, Speed: 0.5}}, nil}},
		}
	}
	if _, err := sim.Simulate(context.Background(), good(), sim.Options{Replications: 2}); err != nil {
		t.Fatalf("valid input: %v", err)
	}
	tests := []struct {
		name   string
		change func([]sim.Day) []sim.Day
		place  sim.InputError // Msg is the start of the message
		want   string
	}{
		{"negative calls", func(d []sim.Day) []sim.Day { d[1].Lines[1].Calls[2] = -1; return d },
			sim.InputError{Day: 1, Slot: 2, Line: 1, Agent: -1}, "sim: day 1, slot 2, line 1: calls must be"},
		{"NaN calls", func(d []sim.Day) []sim.Day { d[0].Lines[0].Calls[1] = math.NaN(); return d },
			sim.InputError{Day: 0, Slot: 1, Line: 0, Agent: -1}, "sim: day 0, slot 1, line 0: calls must be"},
		{"zero AHT", func(d []sim.Day) []sim.Day { d[1].Lines[0].AHT = 0; return d },
			sim.InputError{Day: 1, Slot: -1, Line: 0, Agent: -1}, "sim: day 1, line 0: AHT must be positive"},
		{"negative patience", func(d []sim.Day) []sim.Day { d[0].Lines[1].Patience = -5; return d },
			sim.InputError{Day: 0, Slot: -1, Line: 1, Agent: -1}, "sim: day 0, line 1: patience must be >= 0"},
		{"calls and agents of different lengths", func(d []sim.Day) []sim.Day { d[1].Lines[1].Calls = d[1].Lines[1].Calls[:2]; return d },
			sim.InputError{Day: 1, Slot: -1, Line: 1, Agent: -1}, "sim: day 1, line 1: 2 slots of calls for 3 slots of agents"},
		{"zero slot length", func(d []sim.Day) []sim.Day { d[1].Slot = 0; return d },
			sim.InputError{Day: 1, Slot: -1, Line: -1, Agent: -1}, "sim: day 1: slot length must be positive"},
		{"no slots", func(d []sim.Day) []sim.Day { d[0].Agents = nil; return d },
			sim.InputError{Day: 0, Slot: -1, Line: -1, Agent: -1}, "sim: day 0: no slots"},
		{"no lines", func(d []sim.Day) []sim.Day { d[0].Lines = nil; return d },
			sim.InputError{Day: 0, Slot: -1, Line: -1, Agent: -1}, "sim: day 0: no lines"},
		{"other lines than day 0", func(d []sim.Day) []sim.Day { d[1].Lines = d[1].Lines[:1]; d[1].Agents[1] = d[1].Agents[0]; return d },
			sim.InputError{Day: 1, Slot: -1, Line: -1, Agent: -1}, "sim: day 1: 1 lines, day 0 has 2"},
		{"agent on an unknown line", func(d []sim.Day) []sim.Day { d[1].Agents[1][1].Lines = []int{2}; return d },
			sim.InputError{Day: 1, Slot: 1, Line: -1, Agent: 1}, "sim: day 1, slot 1, agent 1: agent ID 2 answers line 2"},
		{"agent without lines", func(d []sim.Day) []sim.Day { d[0].Agents[1][0].Lines = nil; return d },
			sim.InputError{Day: 0, Slot: 1, Line: -1, Agent: 0}, "sim: day 0, slot 1, agent 0: agent ID 1 answers no line"},
		{"speed 0", func(d []sim.Day) []sim.Day { d[1].Agents[1][1].Speed = 0; return d },
			sim.InputError{Day: 1, Slot: 1, Line: -1, Agent: 1}, "sim: day 1, slot 1, agent 1: agent ID 2: speed must be positive"},
		{"agent twice in a slot", func(d []sim.Day) []sim.Day { d[1].Agents[1][1].ID = 1; return d },
			sim.InputError{Day: 1, Slot: 1, Line: -1, Agent: 1}, "sim: day 1, slot 1, agent 1: agent ID 1 is listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sim.Simulate(context.Background(), tt.change(good()), sim.Options{Replications: 2})
			var ie *sim.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v, want an *InputError", err)
			}
			if ie.Day != tt.place.Day || ie.Slot != tt.place.Slot || ie.Line != tt.place.Line || ie.Agent != tt.place.Agent {
				t.Errorf("error at day %d, slot %d, line %d, agent %d; want day %d, slot %d, line %d, agent %d",
					ie.Day, ie.Slot, ie.Line, ie.Agent, tt.place.Day, tt.place.Slot, tt.place.Line, tt.place.Agent)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q, want it to start with %q", err, tt.want)
			}
		})
	}
}

func TestInvalidOptions(t *testing.T) {
	for _, tt := range []struct {
		days []sim.Day
		opt  sim.Options
		want string
	}{
		{deskWeek(), sim.Options{Replications: 1}, "sim: replications must be at least 2"},
		{deskWeek(), sim.Options{Replications: -3}, "sim: replications must be at least 2"},
		{deskWeek(), sim.Options{Target: -1}, "sim: target time must be >= 0"},
		{deskWeek(), sim.Options{Target: math.Inf(1)}, "sim: target time must be >= 0"},
		{deskWeek(), sim.Options{Workers: -1}, "sim: workers must be >= 0"},
		{nil, sim.Options{}, "sim: no days"},
	} {
		_, err := sim.Simulate(context.Background(), tt.days, tt.opt)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Simulate(%+v) error %v, want %q", tt.opt, err, tt.want)
		}
	}
	// The zero Options run 100 replications.
	d := []sim.Day{{Slot: 1800, Lines: []sim.Line{{Calls: []float64{1}, AHT: 300}}, Agents: [][]sim.Agent{nil}}}
	if r, err := sim.Simulate(context.Background(), d, sim.Options{}); err != nil || r.Replications != sim.DefaultReplications {
		t.Errorf("Simulate with zero options: %v replications, error %v; want %d", r, err, sim.DefaultReplications)
	}
}
