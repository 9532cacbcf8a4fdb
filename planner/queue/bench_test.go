package queue

import (
	"math"
	"testing"
)

var sink Result

// One Erlang C service level at A = 1000 Erlangs (N = 1030).
func BenchmarkErlangCServiceLevel(b *testing.B) {
	p := Params{Calls: 10000, Interval: 1800, AHT: 180}
	for b.Loop() {
		sink = Evaluate(p, 1030, 20)
	}
}

// Agents needed at A = 1000 Erlangs, 80/20.
func BenchmarkNeededErlangC(b *testing.B) {
	p := Params{Calls: 10000, Interval: 1800, AHT: 180}
	tg := Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.95}
	var n int
	for b.Loop() {
		n = Needed(p, tg).Agents
	}
	b.ReportMetric(float64(n), "agents")
}

// Agents needed at A = 1000 Erlangs, 80/20, Erlang A with a 3-minute patience.
func BenchmarkNeededErlangA(b *testing.B) {
	p := Params{Calls: 10000, Interval: 1800, AHT: 180, Patience: 180}
	tg := Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.95, MaxAbandon: 0.05}
	var n int
	for b.Loop() {
		n = Needed(p, tg).Agents
	}
	b.ReportMetric(float64(n), "agents")
}

// One Erlang A evaluation at N = 1000 (A = 1000, patience = AHT).
func BenchmarkErlangA(b *testing.B) {
	p := Params{Calls: 10000, Interval: 1800, AHT: 180, Patience: 180}
	for b.Loop() {
		sink = Evaluate(p, 1000, 20)
	}
}

// sessionDays returns the forecasts of a 6-week session (36 days, Mon-Sat) at 15-minute
// slots 07:30-19:30 on two lines, with exam-start spikes: 36·2 days of 48 slots.
func sessionDays(patience float64) []Day {
	var days []Day
	for day := range 36 {
		for line := range 2 {
			scale := 1.0 - 0.4*float64(line) + 0.1*math.Sin(float64(day))
			d := Day{Slot: 900, AHT: 360, Patience: patience, Calls: make([]float64, 48)}
			for s := range d.Calls {
				h := 7.5 + float64(s)/4
				c := 12 + 45*math.Exp(-sq(h-9)/0.3) + 40*math.Exp(-sq(h-14)/0.3)
				d.Calls[s] = math.Round(scale * c)
			}
			days = append(days, d)
		}
	}
	return days
}

func sq(x float64) float64 { return x * x }

func benchSession(b *testing.B, patience float64) {
	days := sessionDays(patience)
	tg := Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.85, Shrinkage: 0.3}
	if patience > 0 {
		tg.MaxAbandon = 0.05
	}
	slots := 0
	for _, d := range days {
		slots += len(d.Calls)
	}
	for b.Loop() {
		for _, d := range days {
			Requirements(d, tg, Lagged)
		}
	}
	b.ReportMetric(float64(slots), "slot-lines")
}

// The requirements of a 6-week session at 15-minute slots on two lines (3,456 slot-lines).
func BenchmarkSessionErlangC(b *testing.B) { benchSession(b, 0) }
func BenchmarkSessionErlangA(b *testing.B) { benchSession(b, 180) }

// The transient evaluation of one exam day (24 slots of 30 minutes), integer and fractional
// staffing.
func BenchmarkTransientDay(b *testing.B) {
	d := examDay()
	req := Requirements(d, Target{ServiceLevel: 0.8, Time: 20}, Lagged)
	ag := make([]float64, len(req))
	for i, r := range req {
		ag[i] = float64(r.Agents)
	}
	var sl float64
	for b.Loop() {
		rs := Transient(d, ag, 20, nil)
		sl = rs[2].ServiceLevel
	}
	b.ReportMetric(sl, "SL-08:30")
}

func BenchmarkTransientDayFractional(b *testing.B) {
	d := examDay()
	req := Requirements(d, Target{ServiceLevel: 0.8, Time: 20}, Lagged)
	ag := make([]float64, len(req))
	for i, r := range req {
		ag[i] = float64(r.Agents) - 0.5
	}
	for b.Loop() {
		Transient(d, ag, 20, nil)
	}
}

// A 15-minute day of 48 slots (the session's shape).
func BenchmarkTransientDay15m(b *testing.B) {
	d := sessionDays(180)[0]
	req := Requirements(d, Target{ServiceLevel: 0.8, Time: 20}, Lagged)
	ag := make([]float64, len(req))
	for i, r := range req {
		ag[i] = float64(r.Agents)
	}
	for b.Loop() {
		Transient(d, ag, 20, nil)
	}
}
