package optimize_test

import (
	"context"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
)

// benchPlan plans the synthetic desk of spec (its first week when week is set, else the whole
// session) through the public API with the given time limit and two search goroutines, and
// reports the roster's quality: objective and lower bound (calls not answered within the
// target, plus the small secondary costs), the gap between them in percent, the rules broken,
// the predicted service level, the number of shifts and when the first roster without a broken
// rule was there (seconds from the call; -1: never). Run once: -benchtime 1x.
func benchPlan(b *testing.B, spec demo.SyntheticSpec, week bool, limit time.Duration) {
	ds, err := demo.Synthetic(spec)
	if err != nil {
		b.Fatal(err)
	}
	req := optimize.PlanRequest{SessionID: demo.SyntheticSessionID, Seed: 1, TimeLimit: limit, Workers: 2}
	if week {
		req.Week = ds.Sessions[0].FirstDay
	}
	for b.Loop() {
		t0 := time.Now()
		feasible := -1.0
		req.Progress = func(p planner.Progress) {
			if p.Feasible && feasible < 0 {
				feasible = time.Since(t0).Seconds()
			}
		}
		r, rep, err := optimize.Plan(context.Background(), ds, req)
		if err != nil {
			b.Fatal(err)
		}
		gap := 0.0
		if r.Objective > 0 {
			gap = 100 * (r.Objective - r.LowerBound) / r.Objective
		}
		b.ReportMetric(r.Objective, "objective")
		b.ReportMetric(r.LowerBound, "bound")
		b.ReportMetric(gap, "gap_%")
		b.ReportMetric(float64(len(rep.Violations)), "violations")
		b.ReportMetric(100*rep.ServiceLevel, "SL%")
		b.ReportMetric(float64(len(r.Shifts)), "shifts")
		b.ReportMetric(feasible, "feasible_s")
	}
}

// BenchmarkPlan40Staff15MinWeek plans a larger desk: 40 staff, 2 lines, 15-minute
// slots, one week, within 1% of the bound in under 30 s (PlanRequest.TimeLimit 30 s).
func BenchmarkPlan40Staff15MinWeek(b *testing.B) {
	benchPlan(b, demo.SyntheticSpec{Staff: 40, SlotMinutes: 15, Weeks: 1, Seed: 1}, true, 30*time.Second)
}

// BenchmarkPlan200Staff6Weeks15Min plans a large desk: 200 staff, a whole 6-week session
// on 15-minute slots, a feasible roster in under 60 s (PlanRequest.TimeLimit 60 s), gap
// reported.
func BenchmarkPlan200Staff6Weeks15Min(b *testing.B) {
	benchPlan(b, demo.SyntheticSpec{Staff: 200, SlotMinutes: 15, Weeks: 6, Seed: 1}, false, 60*time.Second)
}
