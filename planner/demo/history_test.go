package demo

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/forecast"
)

// TestHistory: the demo history has typed sessions from January 2024 that end with the demo's
// own, calls up to August-September 2026 only, a timetable that covers January 2027, and a
// January 2027 forecast built from it of about the demo forecast's size.
func TestHistory(t *testing.T) {
	sessions, calls, tt, err := History(1)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Dataset()
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions) != 10 || sessions[0].ID != "jan-2024" || sessions[0].Type != "january" || sessions[2].Type != "august-september" {
		t.Fatalf("sessions %v, want ten from jan-2024, typed", sessions)
	}
	for _, id := range []string{"jun-2026", "jan-2027"} {
		own, _ := ds.Session(id)
		i := len(sessions) - 1
		if id == "jun-2026" {
			i = 7
		}
		if diff := cmp.Diff(own, sessions[i]); diff != "" {
			t.Errorf("session %s differs from the demo's (-demo +history):\n%s", id, diff)
		}
	}
	loc, _ := ds.Settings.Location()
	last := calendar.DateOf(calls[len(calls)-1].Arrival.In(loc))
	if first := calendar.DateOf(calls[0].Arrival.In(loc)); first != calendar.MustDate("2024-01-08") || last.After(calendar.MustDate("2026-09-05")) {
		t.Errorf("calls from %s to %s, want 2024-01-08 to the end of aug-2026 at most", first, last)
	}
	jan := sessions[len(sessions)-1]
	exams := 0
	for _, e := range tt {
		if jan.Contains(e.Date) {
			exams++
		}
	}
	if exams == 0 {
		t.Errorf("no exam of the timetable in %s", jan.ID)
	}
	again, _, _, _ := History(1)
	if !cmp.Equal(sessions, again) {
		t.Errorf("History is not deterministic")
	}

	m, err := forecast.Estimate(calls, ds.Settings, &forecast.Options{Timetable: tt, Sessions: sessions})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := forecast.Build(m, jan, tt, ds.Settings, nil)
	if err != nil {
		t.Fatal(err)
	}
	var built, demo float64
	for _, r := range rows {
		built += r.Calls
	}
	for _, r := range ds.Forecast {
		if r.SessionID == jan.ID {
			demo += r.Calls
		}
	}
	if built < 0.7*demo || built > 1.3*demo {
		t.Errorf("january 2027 forecast from the history: %.0f calls, the demo's %.0f: want within 30%%", built, demo)
	}
}
