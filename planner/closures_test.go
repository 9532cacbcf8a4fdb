package planner

import (
	"context"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner/calendar"
)

// A closed day has no demand, no shifts, and no rule asks for a coordinator on it; a shift
// put there by hand breaks the opening-hours rule, naming the closure.
func TestClosures(t *testing.T) {
	ds := tinyDesk("2027-01-04", "2027-01-09")
	closed := calendar.MustDate("2027-01-06")
	ds.Closures = []Closure{{FirstDay: closed, LastDay: closed, Note: "building closed"}}
	if ds.OpenOn(closed) || !ds.OpenOn(closed.AddDays(1)) || ds.OpenOn(calendar.MustDate("2027-01-10")) {
		t.Errorf("OpenOn: closure day %v, next day %v, Sunday %v; want false, true, false",
			ds.OpenOn(closed), ds.OpenOn(closed.AddDays(1)), ds.OpenOn(calendar.MustDate("2027-01-10")))
	}
	d, err := BuildDemand(ds, "s", calendar.MustDate("2027-01-04"), calendar.MustDate("2027-01-09"))
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
	ix, err := NewAvailabilityIndex(ds)
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

	byHand := &Roster{From: r.From, To: r.To, Shifts: append(r.Shifts, sh("bob", "2027-01-06", "07:30", "13:30", "LLN"))}
	found := false
	for _, v := range Check(ds, byHand) {
		if v.Rule == RuleOpening && v.StaffID == "bob" && strings.Contains(v.Msg, "closed: 2027-01-06 (building closed)") {
			found = true
		}
	}
	if !found {
		t.Errorf("Check does not report bob's shift on the closed day: %v", Check(ds, byHand))
	}
}

func TestClosedOn(t *testing.T) {
	ds := &Dataset{Settings: DefaultSettings(), Closures: []Closure{
		{FirstDay: calendar.MustDate("2027-07-19"), LastDay: calendar.MustDate("2027-07-23"), Note: "summer"},
		{FirstDay: calendar.MustDate("2027-01-01"), LastDay: calendar.MustDate("2027-01-01")},
	}}
	for _, tc := range []struct {
		day  string
		want string
	}{
		{"2027-07-18", ""},
		{"2027-07-19", "2027-07-19 to 2027-07-23 (summer)"},
		{"2027-07-23", "2027-07-19 to 2027-07-23 (summer)"},
		{"2027-07-24", ""},
		{"2027-01-01", "2027-01-01"},
	} {
		c, ok := ds.ClosedOn(calendar.MustDate(tc.day))
		got := ""
		if ok {
			got = c.String()
		}
		if got != tc.want {
			t.Errorf("ClosedOn(%s) = %q, want %q", tc.day, got, tc.want)
		}
	}
	if got := ds.ClosuresBetween(calendar.MustDate("2026-12-28"), calendar.MustDate("2027-07-19")); len(got) != 2 || got[0].Note != "" {
		t.Errorf("ClosuresBetween = %v, want both, New Year first", got)
	}
}
