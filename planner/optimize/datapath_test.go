package optimize

import (
	"context"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/queue"
)

// TestPlanReportsItsOwnNeed: the report of a plan made with the SIPP need shows the SIPP need
// in every slot, not the lagged one (the default), both from Plan and when the stored roster
// is evaluated again; the desk's peaks make the two methods differ somewhere, so the test
// tells them apart.
func TestPlanReportsItsOwnNeed(t *testing.T) {
	ds := tinyDesk("2027-01-04", "2027-01-09")
	req := quick("s", "")
	req.Method = queue.SIPP
	r, rep, err := Plan(context.Background(), ds, req)
	if err != nil {
		t.Fatal(err)
	}
	if r.Plan.NeedMethod != queue.SIPP {
		t.Errorf("plan record method %v, want sipp", r.Plan.NeedMethod)
	}
	d, err := planner.BuildDemandAt(ds, "s", r.From, r.To, planner.MeanDemand)
	if err != nil {
		t.Fatal(err)
	}
	sipp := planner.ComputeNeeds(d, ds.Settings, queue.SIPP)
	lagged := planner.ComputeNeeds(d, ds.Settings, queue.Lagged)
	again, err := Evaluate(ds, r)
	if err != nil {
		t.Fatal(err)
	}
	index := map[string]int{}
	for li, l := range d.Lines {
		index[l] = li
	}
	differ := 0
	for name, report := range map[string]*planner.Report{"Plan": rep, "Evaluate": again} {
		if len(report.Slots) == 0 {
			t.Fatalf("%s: no slot reported", name)
		}
		for _, s := range report.Slots {
			di, si := s.Date.Sub(d.From), slotIndex(d, s)
			want, other := sipp.Agents[di][si][index[s.Line]], lagged.Agents[di][si][index[s.Line]]
			if s.Needed != want {
				t.Fatalf("%s: %s %s %s needs %d, want the sipp need %d (lagged: %d)", name, s.Date, s.Time, s.Line, s.Needed, want, other)
			}
			if want != other {
				differ++
			}
		}
	}
	if differ == 0 {
		t.Fatal("the sipp and lagged needs agree in every slot: the desk does not test the method")
	}
}

func slotIndex(d *planner.Demand, s planner.SlotReport) int {
	for si, c := range d.Slots {
		if c == s.Time {
			return si
		}
	}
	return -1
}
