package queue

import (
	"math"
	"testing"
)

// FuzzEvaluate checks that every valid input gives finite probabilities in [0, 1] (ASA may be
// +Inf only for unstable Erlang C), that invalid inputs are rejected by Validate, and that
// Needed meets its target.
func FuzzEvaluate(f *testing.F) {
	f.Add(100.0, 1800.0, 180.0, 0.0, 14.0, 20.0, 0.8)
	f.Add(100.0, 1800.0, 180.0, 300.0, 13.5, 20.0, 0.8)
	f.Add(1e6, 60.0, 3600.0, 1.0, 0.0, 1e5, 0.5)
	f.Add(0.0, 1.0, 1.0, 0.0, 25000.0, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, calls, interval, aht, patience, n, tt, sl float64) {
		p := Params{Calls: calls, Interval: interval, AHT: aht, Patience: patience}
		if p.Validate() != nil || !(n >= 0 && n <= 25000) || !(tt >= 0 && tt <= 1e7) {
			return
		}
		a := p.Load()
		if !(a <= 20000) || math.IsNaN(a) {
			return
		}
		r := Evaluate(p, n, tt)
		checkFinite(t, "Evaluate", r, patience == 0)
		tg := Target{ServiceLevel: math.Mod(math.Abs(sl), 1), Time: tt, MaxOccupancy: 0.9}
		if math.IsNaN(tg.ServiceLevel) || tg.ServiceLevel > 0.999 || a > 2000 {
			return
		}
		req := Needed(p, tg)
		if !tg.meets(req.Result) || float64(req.Agents) < a/0.9-1e-6 {
			t.Fatalf("Needed(%+v, %+v) = %+v: misses the target", p, tg, req)
		}
	})
}

// FuzzTransient checks that the transient evaluator gives finite measures for any day of up
// to four slots.
func FuzzTransient(f *testing.F) {
	f.Add(900.0, 300.0, 60.0, 20.0, 10.0, 200.0, 0.0, 5.0, 3.0, 40.5, 0.0, 2.0)
	f.Add(1800.0, 180.0, 0.0, 20.0, 100.0, 100.0, 100.0, 100.0, 14.0, 14.0, 13.5, 0.0)
	f.Fuzz(func(t *testing.T, slot, aht, patience, tt, c0, c1, c2, c3, n0, n1, n2, n3 float64) {
		d := Day{Slot: slot, AHT: aht, Patience: patience, Calls: []float64{c0, c1, c2, c3}}
		ag := []float64{n0, n1, n2, n3}
		if d.Validate() != nil || !(tt >= 0 && tt < 1e6) || slot > 86400 || slot/aht > 1e4 || slot/aht < 1e-4 ||
			(patience > 0 && (slot/patience > 1e4 || slot/patience < 1e-4)) {
			return
		}
		for i := range ag {
			if !(ag[i] >= 0 && ag[i] <= 500) || !(d.Calls[i]*aht/slot <= 500) {
				return
			}
		}
		for i, r := range Transient(d, ag, tt, nil) {
			checkFinite(t, "Transient slot "+string(rune('0'+i)), r, patience == 0)
		}
	})
}
