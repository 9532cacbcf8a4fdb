package planner

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Range is the values a number given by the user may take. Each number of the service target
// and of the forecast has one Range, checked wherever the number enters: the Settings and
// Forecast sheets (import), `deskplan scenario create` and the scenarios it stores, the flags
// of `deskplan staffing`, and the store when it is read. So a value accepted in one place is
// accepted everywhere, and everything accepted can be planned: a target of 100% has no finite
// need, and a max occupancy near 0 would ask for billions of agents a slot.
type Range struct {
	Min, Max         float64
	MinOpen, MaxOpen bool   // the bound itself is excluded
	Unit             string // printed after the numbers, e.g. " s"
}

// The ranges of the service target, the forecast and the load they make.
var (
	// TargetPercentRange: the percent of calls answered within the target time. 100% would
	// ask for infinitely many agents under Erlang C.
	TargetPercentRange = Range{Min: 0, Max: 100, MinOpen: true, MaxOpen: true, Unit: "%"}
	// TargetSecondsRange: the target answer time.
	TargetSecondsRange = Range{Min: 0, Max: 3600, Unit: " s"}
	// MaxOccupancyRange: the highest share of time an agent is busy with calls. The agents
	// needed grow as the load divided by it.
	MaxOccupancyRange = Range{Min: 0.1, Max: 1}
	// ShrinkageRange: the share of rostered time lost to unplanned absence. The agents to
	// roster grow as the agents needed divided by one minus it.
	ShrinkageRange = Range{Min: 0, Max: 0.9}
	// PatienceRange: callers' mean patience (0: they never hang up). Erlang A's cost grows
	// with the calls that arrive during one patience.
	PatienceRange = Range{Min: 0, Max: 3600, Unit: " s"}
	// CallsRange: the calls of one line in one slot.
	CallsRange = Range{Min: 0, Max: 100_000}
	// AHTRange: the average handle time of a call.
	AHTRange = Range{Min: 1, Max: 7200, Unit: " s"}
	// LoadRange: the load of one line in one slot, calls times handle time over the slot,
	// in Erlangs (agents busy at once): beyond any helpdesk, and it bounds the agents a
	// slot can need.
	LoadRange = Range{Min: 0, Max: 1000, Unit: " Erlangs"}
)

// Check returns nil if v is in r, and otherwise an error that says what r is.
func (r Range) Check(v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%v is not a number", v)
	}
	if v < r.Min || v > r.Max || r.MinOpen && v == r.Min || r.MaxOpen && v == r.Max {
		if !r.MinOpen && !r.MaxOpen {
			return fmt.Errorf("%s%s is outside %s", rangeNum(v), r.Unit, r)
		}
		return fmt.Errorf("%s%s is not %s", rangeNum(v), r.Unit, r)
	}
	return nil
}

// String says what r is: "0..3600 s", or "above 0% and below 100%" when a bound is excluded.
func (r Range) String() string {
	if !r.MinOpen && !r.MaxOpen {
		return rangeNum(r.Min) + ".." + rangeNum(r.Max) + r.Unit
	}
	lo, hi := "at least ", " and at most "
	if r.MinOpen {
		lo = "above "
	}
	if r.MaxOpen {
		hi = " and below "
	}
	return lo + rangeNum(r.Min) + r.Unit + hi + rangeNum(r.Max) + r.Unit
}

func rangeNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Validate checks the row's calls, handle time and patience against CallsRange, AHTRange and
// PatienceRange (a patience of 0 takes the patience_seconds setting). The error names the
// row and the number.
func (f ForecastRow) Validate() error {
	for _, x := range []struct {
		name string
		v    float64
		r    Range
	}{{"calls", f.Calls, CallsRange}, {"aht_seconds", f.AHT, AHTRange}, {"patience_seconds", f.Patience, PatienceRange}} {
		if err := x.r.Check(x.v); err != nil {
			return fmt.Errorf("forecast of %s: %s: %v", f.Where(), x.name, err)
		}
	}
	return nil
}

// Where names the row: its session, date (or weekday of the weekly profile), slot and line.
func (f ForecastRow) Where() string {
	day := f.Weekday.String()
	if !f.Date.IsZero() {
		day = f.Date.String()
	}
	return fmt.Sprintf("session %s, %s %s, line %s", f.SessionID, day, f.Slot, f.Line)
}

// CheckLoad checks the load that the row's calls and handle time make in a slot of
// slotMinutes against LoadRange (CheckLoad), naming the row.
func (f ForecastRow) CheckLoad(slotMinutes int) error {
	if err := CheckLoad(f.Calls, f.AHT, slotMinutes); err != nil {
		return fmt.Errorf("forecast of %s: %v", f.Where(), err)
	}
	return nil
}

// CheckLoad checks the load that calls of aht seconds make in a slot of slotMinutes against
// LoadRange.
func CheckLoad(calls, aht float64, slotMinutes int) error {
	load := calls * aht / float64(60*slotMinutes)
	if LoadRange.Check(load) != nil {
		return fmt.Errorf("%s calls of %s s in %d minutes make a load of %.0f Erlangs, more than any helpdesk (at most %s)",
			rangeNum(calls), rangeNum(aht), slotMinutes, load, rangeNum(LoadRange.Max))
	}
	return nil
}

// ParseTarget reads a service target PERCENT/TIME: 80/20s, 90%/1m, 80/60 (seconds when TIME has
// no unit; any Go duration otherwise). Both numbers must be in their ranges
// (TargetPercentRange, TargetSecondsRange).
func ParseTarget(text string) (percent, seconds float64, err error) {
	p, t, ok := strings.Cut(text, "/")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not of the form PERCENT/SECONDS, e.g. 90/60s", text)
	}
	p = strings.TrimSuffix(strings.TrimSpace(p), "%")
	percent, err = strconv.ParseFloat(p, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("%q is not of the form PERCENT/SECONDS, e.g. 90/60s", text)
	}
	if err := TargetPercentRange.Check(percent); err != nil {
		return 0, 0, err
	}
	t = strings.TrimSpace(t)
	seconds, err = strconv.ParseFloat(t, 64)
	if err != nil {
		d, derr := time.ParseDuration(t)
		if derr != nil {
			return 0, 0, fmt.Errorf("%q is not a time such as 20s, 1m or 60", t)
		}
		seconds = d.Seconds()
	}
	if err := TargetSecondsRange.Check(seconds); err != nil {
		return 0, 0, err
	}
	return percent, seconds, nil
}
