package optimize

import (
	"context"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/rules"
)

// A closed day has no demand, no shifts, and no rule asks for a coordinator on it; a shift
// put there by hand breaks the opening-hours rule, naming the closure.
func TestClosures(t *testing.T) {
	ds := tinyDesk("2027-01-04", "2027-01-09")
	closed := calendar.MustDate("2027-01-06")
	ds.Closures = []planner.Closure{{FirstDay: closed, LastDay: closed, Note: "building closed"}}
	if ds.OpenOn(closed) || !ds.OpenOn(closed.AddDays(1)) || ds.OpenOn(calendar.MustDate("2027-01-10")) {
		t.Errorf("OpenOn: closure day %v, next day %v, Sunday %v; want false, true, false",
			ds.OpenOn(closed), ds.OpenOn(closed.AddDays(1)), ds.OpenOn(calendar.MustDate("2027-01-10")))
	}
	d, err := planner.BuildDemand(ds, "s", calendar.MustDate("2027-01-04"), calendar.MustDate("2027-01-09"))
	if err != nil {
		t.Fatal(err)
	}
	di := closed.Sub(d.From)
	if d.Open[di] {
		t.Error("BuildDemand: the closed day is open")
	}
	for _, slot := range d.Load[di] {
		for _, l := range slot {
			if l.Calls != 0 {
				t.Fatalf("BuildDemand: the closed day has calls %+v", l)
			}
		}
	}
	ix, err := planner.NewAvailabilityIndex(ds)
	if err != nil {
		t.Fatal(err)
	}
	if w := ix.Day("ana", closed); w.IsOpen() || len(w.Available) > 0 {
		t.Errorf("availability on the closed day: %+v", w)
	}

	r, rep, err := Plan(context.Background(), ds, quick("s", "2027-01-04"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Shifts {
		if s.Date == closed {
			t.Errorf("a shift on the closed day: %+v", s)
		}
	}
	for _, v := range rep.Violations {
		if v.Date == closed {
			t.Errorf("a violation on the closed day: %v", v)
		}
	}
	for _, day := range rep.Days {
		if day.Date == closed {
			t.Errorf("the report has the closed day: %+v", day)
		}
	}

	byHand := &planner.Roster{From: r.From, To: r.To, Shifts: append(r.Shifts, sh("bob", "2027-01-06", "07:30", "13:30", "LLN"))}
	found := false
	for _, v := range rules.Check(ds, byHand) {
		if v.Rule == rules.RuleOpening && v.StaffID == "bob" && strings.Contains(v.Msg, "closed: 2027-01-06 (building closed)") {
			found = true
		}
	}
	if !found {
		t.Errorf("Check does not report bob's shift on the closed day: %v", rules.Check(ds, byHand))
	}
}
