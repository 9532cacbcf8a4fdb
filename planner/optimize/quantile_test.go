package optimize_test

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
)

// spreadDesk is tinyDesk with a day-to-day spread of 15% on its forecast.
func spreadDesk() *planner.Dataset {
	ds := demo.TinyDesk()
	for i := range ds.Forecast {
		ds.Forecast[i].DayCV = 0.15
	}
	return ds
}

func TestPlanRecordsDemand(t *testing.T) {
	ds := spreadDesk()
	r, rep, err := optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: "jan", Seed: 1, Effort: 50, Workers: 1, Demand: 0.8})
	if err != nil {
		t.Fatal(err)
	}
	if r.Plan.Demand != 0.8 || planner.RosterDemand(r) != 0.8 {
		t.Errorf("roster plan record %+v, demand %v: want p80", r.Plan, planner.RosterDemand(r))
	}
	d, err := planner.BuildDemandAt(ds, "jan", r.From, r.To, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(rep.Calls-d.Calls()) > 1e-6 {
		t.Errorf("report calls %v, want the p80 demand's %v", rep.Calls, d.Calls())
	}
	// Stored and read back, the plan record keeps the same demand.
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back planner.Roster
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	again, err := optimize.Evaluate(ds, &back)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(again.Calls-rep.Calls) > 1e-9 {
		t.Errorf("Evaluate of the stored roster: %v calls, want %v", again.Calls, rep.Calls)
	}
	if planner.RosterDemand(&planner.Roster{}) != planner.MeanDemand {
		t.Errorf("a roster without params is not planned for the mean")
	}
}

func TestCompareAtQuantile(t *testing.T) {
	if testing.Short() {
		t.Skip("plans two rosters")
	}
	ds := spreadDesk()
	c, err := optimize.Compare(context.Background(), []optimize.ScenarioData{{Name: "base", Dataset: ds}},
		optimize.CompareRequest{SessionID: "jan", Seed: 3, TimeLimit: 20 * time.Second, Effort: 100, Demand: 0.8})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Scenarios) != 2 || c.Scenarios[0].Name != "base" || c.Scenarios[1].Name != "base p80" || c.Demand != 0.8 {
		t.Fatalf("scenarios %q, %q, demand %v: want base and base p80", c.Scenarios[0].Name, c.Scenarios[1].Name, c.Demand)
	}
	mean, p80 := c.Scenarios[0], c.Scenarios[1]
	for _, s := range c.Scenarios {
		if s.Error != "" || s.AtQuantile == nil || len(s.QuantileDays) != len(s.Days) || s.Scenario != "base" {
			t.Fatalf("%s: error %q, at quantile %v, %d quantile days: want figures at p80 for each day", s.Name, s.Error, s.AtQuantile, len(s.QuantileDays))
		}
		if !(s.AtQuantile.Calls > s.Total.Calls) {
			t.Errorf("%s: %v calls at p80, %v at the mean: want more at p80", s.Name, s.AtQuantile.Calls, s.Total.Calls)
		}
	}
	if mean.Total.Calls != p80.Total.Calls || mean.Demand != planner.MeanDemand || p80.Demand != 0.8 || planner.RosterDemand(p80.Roster) != 0.8 {
		t.Errorf("calls at the mean %v and %v, demands %v and %v: want the same calls, planned for the mean and p80",
			mean.Total.Calls, p80.Total.Calls, mean.Demand, p80.Demand)
	}
	rows := c.Rows()
	var metrics []string
	for _, r := range rows {
		if r.Date.IsZero() {
			metrics = append(metrics, r.Metric)
		}
	}
	if want := len(optimize.CompareMetrics) + len(optimize.QuantileMetrics); len(metrics) != want || !slices.Contains(metrics, "service level at p80") {
		t.Errorf("total rows %v: want the %d metrics and the %d at p80", metrics, len(optimize.CompareMetrics), len(optimize.QuantileMetrics))
	}
}
