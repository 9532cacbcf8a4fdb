package sim_test

import (
	"context"
	"testing"

	"github.com/deskplan/deskplan/planner/sim"
)

// 200 replications of a week of the desk (6 days, two lines, some 1,800 calls, about 10
// agents per slot) on one goroutine.
func BenchmarkSimulateWeek(b *testing.B) {
	week := deskWeek()
	opt := sim.Options{Replications: 200, Seed: 1, Target: 20, Workers: 1}
	var r *sim.Result
	for b.Loop() {
		var err error
		if r, err = sim.Simulate(context.Background(), week, opt); err != nil {
			b.Fatal(err)
		}
	}
	tot := r.Total()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(tot.Total.Calls), "ns/call")
	b.ReportMetric(tot.Calls.Mean, "calls/week")
	b.ReportMetric(tot.PerCall.ServiceLevel.Mean, "SL")
}

// The measures of every slot and line of the week, as a report would ask for them.
func BenchmarkResultSlots(b *testing.B) {
	r, err := sim.Simulate(context.Background(), deskWeek(), sim.Options{Replications: 200, Seed: 1, Target: 20, Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for d, n := range r.Slots {
			for s := range n {
				for l := range r.Lines {
					r.Slot(d, s, l)
				}
			}
		}
	}
}
