package optimize_test

import (
	"context"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
)

func BenchmarkPlanDemoWeek(b *testing.B) {
	ds, err := demo.Dataset()
	if err != nil {
		b.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1]
	for b.Loop() {
		r, rep, err := optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: 1, TimeLimit: 5 * time.Second})
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
		r, rep, err := optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: 1, Effort: 200, Workers: 1, TimeLimit: time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.Objective, "objective")
		b.ReportMetric(r.LowerBound, "bound")
		b.ReportMetric(rep.ServiceLevel*100, "SL%")
	}
}

// halfDayRota is the rota a manager would write by hand for the week of r: every person who
// takes calls works fixed 07:30-13:30 or 13:30-19:30 shifts (alternating, starting with the
// morning) on their first line, on days they are available for the whole shift (each person
// starting on another day of the week), with no more shifts than their hours in r allow (so
// the hand rota pays no more hours than r).
func halfDayRota(tb testing.TB, ds *planner.Dataset, r *planner.Roster) *planner.Roster {
	ix, err := planner.NewAvailabilityIndex(ds)
	if err != nil {
		tb.Fatal(err)
	}
	hours := map[string]float64{}
	for _, sh := range r.Shifts {
		hours[sh.StaffID] += float64(sh.Minutes()) / 60
	}
	halves := [][2]calendar.Clock{{calendar.MustClock("07:30"), calendar.MustClock("13:30")}, {calendar.MustClock("13:30"), calendar.MustClock("19:30")}}
	hand := *r
	hand.Shifts = nil
	var open []calendar.Date
	for _, day := range r.Days() {
		if ds.Settings.IsOpen(day.Weekday()) {
			open = append(open, day)
		}
	}
	for i, s := range ds.Staff {
		n := int(hours[s.ID] / 6)
		k := 0
		// each person starts on another day, so that the week is covered evenly
		for j := range open {
			day := open[(i+j)%len(open)]
			if n == 0 {
				break
			}
			h := halves[k%2]
			if !ix.Day(s.ID, day).Allows(h[0], h[1]) {
				h = halves[(k+1)%2]
				if !ix.Day(s.ID, day).Allows(h[0], h[1]) {
					continue
				}
			}
			hand.Shifts = append(hand.Shifts, planner.Shift{StaffID: s.ID, Date: day, Start: h[0], End: h[1], Line: s.Lines[0]})
			n--
			k++
		}
	}
	return &hand
}

// BenchmarkDemoAgainstHandRota plans the demo week and compares it with a hand-made rota of
// the same people on fixed half-day shifts, paying no more hours: how many more calls the
// optimised roster answers within the target.
func BenchmarkDemoAgainstHandRota(b *testing.B) {
	ds, err := demo.Dataset()
	if err != nil {
		b.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1]
	for b.Loop() {
		r, rep, err := optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: 1, Effort: optimize.DefaultEffort, Workers: 2})
		if err != nil {
			b.Fatal(err)
		}
		hand := halfDayRota(b, ds, r)
		hrep, err := optimize.Evaluate(ds, hand)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(rep.Calls-rep.LateCalls, "answered-in-target")
		b.ReportMetric(hrep.Calls-hrep.LateCalls, "hand-answered-in-target")
		b.ReportMetric(hrep.LateCalls-rep.LateCalls, "more-calls-in-target")
		b.ReportMetric(rep.PaidHours, "paid-hours")
		b.ReportMetric(hrep.PaidHours, "hand-paid-hours")
		b.ReportMetric(float64(len(hrep.Violations)), "hand-violations")
	}
}
