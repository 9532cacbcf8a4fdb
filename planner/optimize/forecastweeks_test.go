package optimize_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
)

// TestPlanRefusesWeekWithoutCalls checks that a week of the session without forecast calls is
// not planned (a roster of paid hours for no call) and that the refusal names the weeks that
// have a forecast.
func TestPlanRefusesWeekWithoutCalls(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1] // jan-2027, four weeks from 2027-01-04
	empty := calendar.MustDate("2027-01-18")
	ds.Forecast = slices.DeleteFunc(ds.Forecast, func(f planner.ForecastRow) bool {
		return f.SessionID == sess.ID && f.Date.Monday() == empty
	})
	weeks, err := planner.ForecastWeeks(ds, sess)
	if err != nil {
		t.Fatal(err)
	}
	want := []calendar.Date{calendar.MustDate("2027-01-04"), calendar.MustDate("2027-01-11"), calendar.MustDate("2027-01-25")}
	if !slices.Equal(weeks, want) {
		t.Errorf("ForecastWeeks = %v, want %v", weeks, want)
	}
	_, _, err = optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: sess.ID, Week: empty.AddDays(2), Seed: 1, Effort: 5})
	var ie *planner.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("Plan on an empty week = %v, want an input error", err)
	}
	for _, s := range []string{"no calls forecast from 2027-01-18 to 2027-01-24", "week of 2027-01-04, week of 2027-01-11, week of 2027-01-25"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks %q", err, s)
		}
	}
	ds.Forecast = slices.DeleteFunc(ds.Forecast, func(f planner.ForecastRow) bool { return f.SessionID == sess.ID })
	_, _, err = optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: sess.ID, Seed: 1, Effort: 5})
	if err == nil || !strings.Contains(err.Error(), "the session has no forecast yet") {
		t.Errorf("Plan of a session without forecast = %v, want it refused", err)
	}
}
