package queue

import (
	"fmt"
	"math"
)

// Target is a service target. A zero field sets no constraint, so the zero Target asks only
// for a stable queue (N > A under Erlang C, N >= 0 under Erlang A).
type Target struct {
	ServiceLevel float64 // fraction of offered calls to answer within Time, in [0, 1)
	Time         float64 // seconds
	MaxOccupancy float64 // in (0, 1]; 0 means 1 (no cap)
	Shrinkage    float64 // unplanned loss (sickness, no-shows), in [0, 1)
	MaxASA       float64 // seconds; 0 means no ASA target
	MaxAbandon   float64 // maximum P(abandon), in [0, 1); 0 means none (Erlang A only)
}

// Validate reports whether every field of tg is in its range.
func (tg Target) Validate() error {
	switch {
	case !(tg.ServiceLevel >= 0 && tg.ServiceLevel < 1):
		return fmt.Errorf("queue: service level target must be in [0, 1), got %v", tg.ServiceLevel)
	case !(tg.Time >= 0) || math.IsInf(tg.Time, 0):
		return fmt.Errorf("queue: target time must be >= 0, got %v s", tg.Time)
	case !(tg.MaxOccupancy >= 0 && tg.MaxOccupancy <= 1):
		return fmt.Errorf("queue: max occupancy must be in (0, 1], got %v", tg.MaxOccupancy)
	case !(tg.Shrinkage >= 0 && tg.Shrinkage < 1):
		return fmt.Errorf("queue: shrinkage must be in [0, 1), got %v", tg.Shrinkage)
	case !(tg.MaxASA >= 0) || math.IsInf(tg.MaxASA, 0):
		return fmt.Errorf("queue: max ASA must be >= 0, got %v s", tg.MaxASA)
	case !(tg.MaxAbandon >= 0 && tg.MaxAbandon < 1):
		return fmt.Errorf("queue: max abandon must be in [0, 1), got %v", tg.MaxAbandon)
	}
	return nil
}

// Requirement is the staffing that meets a Target.
type Requirement struct {
	Agents   int // agents on the phone
	Rostered int // agents to roster: ceil(Agents / (1 - Shrinkage))
	Result       // the measures with Agents on the phone
}

// Meets reports whether r meets every constraint of tg: the service level within tg.Time,
// the ASA, the abandonment and the occupancy cap. Needed returns the fewest agents whose
// measures meet it.
func (tg Target) Meets(r Result) bool {
	const eps = 1e-12
	maxOcc := tg.MaxOccupancy
	if maxOcc == 0 {
		maxOcc = 1
	}
	return tg.meets(r) && r.Occupancy <= maxOcc+eps
}

// meets reports whether r meets the queue constraints of tg (not the occupancy cap).
func (tg Target) meets(r Result) bool {
	const eps = 1e-12
	if r.ServiceLevel < tg.ServiceLevel-eps {
		return false
	}
	if tg.MaxASA > 0 && !(r.ASA <= tg.MaxASA*(1+eps)) {
		return false
	}
	if tg.MaxAbandon > 0 && r.PAbandon > tg.MaxAbandon+eps {
		return false
	}
	return true
}

// ceilTol returns ceil(v), forgiving the rounding error of a quotient that should be an
// integer (14/0.7 is 20.000000000000004 in floating point).
func ceilTol(v float64) int {
	return int(math.Ceil(v - 1e-9*math.Max(1, math.Abs(v))))
}

// Rostered returns the agents to roster so that n (effective) agents remain on the phone
// after the given shrinkage: ceil(n / (1 - shrinkage)). Shrinkage is the unplanned loss only:
// breaks are planned in the roster and must not be counted twice.
func Rostered(n, shrinkage float64) int {
	return ceilTol(n / (1 - shrinkage))
}

// Needed returns the smallest number of agents N that meets every constraint of tg (service
// level within tg.Time, ASA, abandonment), raised to ceil(A / MaxOccupancy), with the agents
// to roster after shrinkage and the measures at N.
//
// Under Erlang C (p.Patience == 0) N is always greater than A. The search continues the Erlang
// B recursion from N = 0 and evaluates the measures only from a lower bound on (the occupancy
// cap, A under Erlang C, A·ServiceLevel and A·(1-MaxAbandon) under Erlang A, since neither
// the service level nor the answered fraction can exceed N/A), so it costs O(N) under Erlang C
// and O(N + (N - lower bound)·terms) under Erlang A.
//
// Needed panics if p or tg is invalid.
func Needed(p Params, tg Target) Requirement {
	p.mustValidate()
	if err := tg.Validate(); err != nil {
		panic(err)
	}
	a := p.Load()
	maxOcc := tg.MaxOccupancy
	if maxOcc == 0 {
		maxOcc = 1
	}
	lo := 0
	if a > 0 {
		lo = ceilTol(a / maxOcc)
	}
	if p.Patience == 0 {
		if a > 0 {
			lo = max(lo, int(math.Floor(a))+1)
		}
	} else {
		bound := a * tg.ServiceLevel
		if tg.MaxAbandon > 0 {
			bound = math.Max(bound, a*(1-tg.MaxAbandon))
		}
		lo = max(lo, int(math.Floor(bound)))
	}
	b := ErlangB(lo, a)
	for n := lo; ; n++ {
		if n > lo {
			b = nextB(b, n, a)
		}
		r := evalInt(p, a, n, b, tg.Time)
		if tg.meets(r) && (p.Patience > 0 || float64(n) > a || a == 0) {
			return Requirement{Agents: n, Rostered: Rostered(float64(n), tg.Shrinkage), Result: r}
		}
	}
}

// WaitQuantile returns the q-quantile of the wait of all calls under Erlang C with n agents,
// offered load a Erlangs and handle time aht seconds: the smallest w with P(W <= w) >= q,
//
//	w = max(0, AHT/(n-a) · ln(C/(1-q))),
//
// 0 if at least a fraction q of calls does not wait, +Inf if the queue is unstable (n <= a)
// or q == 1. It panics unless 0 <= q <= 1.
func WaitQuantile(n int, a, aht, q float64) float64 {
	if !(q >= 0 && q <= 1) {
		panic(fmt.Sprintf("queue: WaitQuantile: q = %v not in [0, 1]", q))
	}
	c := ErlangC(n, a)
	if c == 0 || q <= 1-c {
		return 0
	}
	if float64(n) <= a || q == 1 {
		return math.Inf(1)
	}
	return aht / (float64(n) - a) * math.Log(c/(1-q))
}
