package queue

import (
	"fmt"
	"math"
)

// Day is one line's forecast for one day of opening hours, cut into slots of equal length.
type Day struct {
	Slot     float64   // slot length, seconds
	Calls    []float64 // calls offered in each slot
	AHT      float64   // average handle time, seconds
	Patience float64   // callers' mean patience, seconds; 0 for Erlang C
}

// Validate reports whether d describes a day of queues.
func (d Day) Validate() error {
	for i, c := range d.Calls {
		p := Params{Calls: c, Interval: d.Slot, AHT: d.AHT, Patience: d.Patience}
		if err := p.Validate(); err != nil {
			return fmt.Errorf("slot %d: %w", i, err)
		}
	}
	return nil
}

// Method is the way Requirements turns a day's arrivals into each slot's load.
type Method int

const (
	// Lagged staffs each slot for the load its agents really meet: the arrival rate lagged by
	// one AHT and averaged over the slot, A_i = AHT · (calls arriving in
	// [start_i - AHT, end_i - AHT)) / Slot, with no calls before opening. Calls that arrive at
	// 08:55 are still being handled at 09:05, so the slot after a spike gets the agents it
	// needs, and the first slot of a spike is not staffed for calls still to come.
	Lagged Method = iota
	// SIPP (stationary independent period by period) staffs each slot on its own for
	// A_i = AHT · calls_i / Slot.
	SIPP
)

// DefaultMethod is the method deskplan uses unless told otherwise: Lagged. For the same
// agent-slots, SIPP lets the slots after a spike of calls fall well below the target while
// Lagged keeps them at or near it, and the service level Lagged predicts for a slot is closer
// to what the day delivers (followed with Transient), so its per-slot curves guide the
// optimiser better. testdata/sipp_vs_lagged.md compares the two on an exam day with two
// spikes.
const DefaultMethod = Lagged

func (m Method) String() string {
	switch m {
	case SIPP:
		return "sipp"
	case Lagged:
		return "lagged"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod returns the method named s ("sipp" or "lagged").
func ParseMethod(s string) (Method, error) {
	switch s {
	case "sipp":
		return SIPP, nil
	case "lagged":
		return Lagged, nil
	}
	return 0, fmt.Errorf("queue: unknown method %q (want sipp or lagged)", s)
}

// SlotParams returns the queue of each slot of d as seen by method m. Under Lagged the Calls
// of slot i are the calls arriving in the slot shifted back by one AHT.
func SlotParams(d Day, m Method) []Params {
	out := make([]Params, len(d.Calls))
	for i, c := range d.Calls {
		if m == Lagged {
			start := float64(i)*d.Slot - d.AHT
			c = callsBetween(d, start, start+d.Slot)
		}
		out[i] = Params{Calls: c, Interval: d.Slot, AHT: d.AHT, Patience: d.Patience}
	}
	return out
}

// callsBetween returns the calls expected to arrive in [from, to), seconds after opening, with
// arrivals spread evenly over each slot and none outside the opening hours.
func callsBetween(d Day, from, to float64) float64 {
	sum := 0.0
	first := max(0, int(math.Floor(from/d.Slot)))
	for j := first; j < len(d.Calls); j++ {
		s0, s1 := float64(j)*d.Slot, float64(j+1)*d.Slot
		if s0 >= to {
			break
		}
		if overlap := math.Min(s1, to) - math.Max(s0, from); overlap > 0 {
			sum += d.Calls[j] * overlap / d.Slot
		}
	}
	return sum
}

// Requirements returns the agents needed in each slot of d to meet tg, with the slot loads
// given by method m. It panics if d or tg is invalid.
func Requirements(d Day, tg Target, m Method) []Requirement {
	if err := d.Validate(); err != nil {
		panic(err)
	}
	ps := SlotParams(d, m)
	out := make([]Requirement, len(ps))
	for i, p := range ps {
		out[i] = Needed(p, tg)
	}
	return out
}
