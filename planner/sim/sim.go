package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Line is the forecast of one line for one day.
type Line struct {
	Calls    []float64 // calls expected in each slot
	AHT      float64   // average handle time of an agent of speed 1, seconds
	Patience float64   // callers' mean patience, seconds; 0 means they never hang up
}

// Agent is one agent on the phone during one slot.
type Agent struct {
	ID    int     // the same in every slot of the day
	Lines []int   // indexes into Day.Lines of the lines the agent answers
	Speed float64 // 1 for a qualified agent, 0.5 for a trainee, the phone share of a coordinator
}

// Day is one day of the desk: its slots, lines and agents on duty.
type Day struct {
	Slot   float64   // length of a slot, seconds
	Lines  []Line    // every line has one Calls value per slot
	Agents [][]Agent // per slot, the agents on duty for the whole slot
}

// Slots returns the number of slots of d.
func (d Day) Slots() int { return len(d.Agents) }

// Options tunes Simulate. The zero value gives 100 replications with seed 0, a target time of
// 0 s (answered without waiting) and one goroutine per CPU.
type Options struct {
	Replications int     // independent replications of the days; 0 means 100, else at least 2
	Seed         uint64  // the seed of every random stream
	Target       float64 // target time of the service level, seconds
	Workers      int     // goroutines; 0 means runtime.GOMAXPROCS(0); the result does not depend on it
}

// DefaultReplications is the number of replications of the zero Options.
const DefaultReplications = 100

// maxLines is the number of lines an agent's set of lines (a bit mask) can hold.
const maxLines = 64

// InputError reports invalid input to Simulate and where it is. Day, Slot, Line and Agent are
// indexes (into the days, Day.Agents, Day.Lines and Day.Agents[Slot]), -1 when the error is not
// about one.
type InputError struct {
	Day, Slot, Line, Agent int
	Msg                    string
}

func (e *InputError) Error() string {
	s := "sim:"
	sep := " "
	for _, f := range []struct {
		name string
		v    int
	}{{"day", e.Day}, {"slot", e.Slot}, {"line", e.Line}, {"agent", e.Agent}} {
		if f.v >= 0 {
			s += fmt.Sprintf("%s%s %d", sep, f.name, f.v)
			sep = ", "
		}
	}
	if sep == ", " {
		s += ":"
	}
	return s + " " + e.Msg
}

func inputErr(day, slot, line, agent int, format string, args ...any) error {
	return &InputError{Day: day, Slot: slot, Line: line, Agent: agent, Msg: fmt.Sprintf(format, args...)}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// validate reports whether d describes a day that Simulate can run, with an *InputError for
// the first problem found, placed in day number day.
func (d Day) validate(day int) error {
	if !(d.Slot > 0) || !finite(d.Slot) {
		return inputErr(day, -1, -1, -1, "slot length must be positive, got %v s", d.Slot)
	}
	slots := len(d.Agents)
	if slots == 0 {
		return inputErr(day, -1, -1, -1, "no slots")
	}
	if len(d.Lines) == 0 {
		return inputErr(day, -1, -1, -1, "no lines")
	}
	if len(d.Lines) > maxLines {
		return inputErr(day, -1, -1, -1, "%d lines, at most %d", len(d.Lines), maxLines)
	}
	for l, ln := range d.Lines {
		if len(ln.Calls) != slots {
			return inputErr(day, -1, l, -1, "%d slots of calls for %d slots of agents", len(ln.Calls), slots)
		}
		if !(ln.AHT > 0) || !finite(ln.AHT) {
			return inputErr(day, -1, l, -1, "AHT must be positive, got %v s", ln.AHT)
		}
		if !(ln.Patience >= 0) || !finite(ln.Patience) {
			return inputErr(day, -1, l, -1, "patience must be >= 0, got %v s", ln.Patience)
		}
		for s, c := range ln.Calls {
			if !(c >= 0) || !finite(c) {
				return inputErr(day, s, l, -1, "calls must be a finite number >= 0, got %v", c)
			}
		}
	}
	for s, list := range d.Agents {
		seen := make(map[int]bool, len(list))
		for i, a := range list {
			if seen[a.ID] {
				return inputErr(day, s, -1, i, "agent ID %d is listed twice", a.ID)
			}
			seen[a.ID] = true
			if !(a.Speed > 0) || !finite(a.Speed) {
				return inputErr(day, s, -1, i, "agent ID %d: speed must be positive, got %v", a.ID, a.Speed)
			}
			if len(a.Lines) == 0 {
				return inputErr(day, s, -1, i, "agent ID %d answers no line", a.ID)
			}
			for _, l := range a.Lines {
				if l < 0 || l >= len(d.Lines) {
					return inputErr(day, s, -1, i, "agent ID %d answers line %d, the day has lines 0..%d", a.ID, l, len(d.Lines)-1)
				}
			}
		}
	}
	return nil
}

func (o Options) validate() (Options, error) {
	if o.Replications == 0 {
		o.Replications = DefaultReplications
	}
	if o.Replications < 2 {
		return o, fmt.Errorf("sim: replications must be at least 2 (for a confidence interval), got %d", o.Replications)
	}
	if !(o.Target >= 0) || !finite(o.Target) {
		return o, fmt.Errorf("sim: target time must be >= 0, got %v s", o.Target)
	}
	if o.Workers < 0 {
		return o, fmt.Errorf("sim: workers must be >= 0, got %d", o.Workers)
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	o.Workers = min(o.Workers, o.Replications)
	return o, nil
}

// Simulate runs opt.Replications independent replications of days and returns the measures
// per day, slot and line. Every day has the same lines.
//
// It returns an *InputError naming the place of invalid input, and an error for invalid
// options. When ctx is cancelled it stops and returns, with ctx's error, the result of the
// replications done so far (nil if fewer than two are done).
//
// The cost is linear in the calls simulated, with a heap of pending events; Result keeps
// per replication, day, slot and line a Counts (32 bytes).
func Simulate(ctx context.Context, days []Day, opt Options) (*Result, error) {
	opt, err := opt.validate()
	if err != nil {
		return nil, err
	}
	if len(days) == 0 {
		return nil, errors.New("sim: no days")
	}
	plans := make([]*plan, len(days))
	for i, d := range days {
		if err := d.validate(i); err != nil {
			return nil, err
		}
		if len(d.Lines) != len(days[0].Lines) {
			return nil, inputErr(i, -1, -1, -1, "%d lines, day 0 has %d", len(d.Lines), len(days[0].Lines))
		}
		plans[i] = compile(d)
	}

	res := newResult(plans, opt)
	done := make([]bool, opt.Replications)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := newEngine(opt.Target, len(days[0].Lines))
			for {
				r := int(next.Add(1)) - 1
				if r >= opt.Replications || ctx.Err() != nil {
					return
				}
				for d, p := range plans {
					e.generate(p, opt.Seed, r, d)
					e.run(p, res.cells(r, d))
				}
				done[r] = true
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		if !res.keep(done) {
			return nil, err
		}
		return res, err
	}
	return res, nil
}
