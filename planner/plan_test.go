package planner_test

import (
	"context"
	"testing"
	"time"

	"deskplan/planner"
	"deskplan/planner/demo"
)

func BenchmarkPlanDemoWeek(b *testing.B) {
	ds, err := demo.Dataset()
	if err != nil {
		b.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1]
	for b.Loop() {
		r, rep, err := planner.Plan(context.Background(), ds, planner.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: 1, TimeLimit: 5 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.Objective, "objective")
		b.ReportMetric(rep.ServiceLevel*100, "SL%")
	}
}

func BenchmarkPlanDemoWeekEffort(b *testing.B) {
	ds, err := demo.Dataset()
	if err != nil {
		b.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1]
	for b.Loop() {
		r, rep, err := planner.Plan(context.Background(), ds, planner.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: 1, Effort: 200, Workers: 1, TimeLimit: time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.Objective, "objective")
		b.ReportMetric(r.LowerBound, "bound")
		b.ReportMetric(rep.ServiceLevel*100, "SL%")
	}
}
