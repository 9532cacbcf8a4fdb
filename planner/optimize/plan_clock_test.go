package optimize_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
)

// TestPlanTinyTimeLimit: however small the time limit, the construction runs to its end and
// the demo week gets a roster that keeps the hard rules, not a refusal for want of time.
func TestPlanTinyTimeLimit(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1]
	limits := []time.Duration{time.Nanosecond}
	if *optimize.Long {
		limits = append(limits, 50*time.Millisecond)
	}
	for _, limit := range limits {
		r, rep, err := optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: 1, TimeLimit: limit, Workers: 2})
		if err != nil {
			t.Fatalf("TimeLimit %v: %v", limit, err)
		}
		if len(rep.Violations) > 0 || len(r.Shifts) == 0 {
			t.Fatalf("TimeLimit %v: %d shifts, rules broken: %v", limit, len(r.Shifts), rep.Violations)
		}
	}
}

// TestPlanStopped: a plan whose deadline has passed says it ran out of time (a
// *TimeoutError, advising a longer limit), one cancelled says it was interrupted; neither is
// an infeasibility.
func TestPlanStopped(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1]
	req := optimize.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: 1, TimeLimit: time.Second}
	past, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	_, _, err = optimize.Plan(past, ds, req)
	var te *optimize.TimeoutError
	var inf *planner.InfeasibleError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || errors.As(err, &inf) {
		t.Fatalf("Plan past its deadline: %v; want a *TimeoutError", err)
	}
	if !strings.Contains(err.Error(), "raise --time-limit") {
		t.Errorf("message %q gives no advice", err)
	}
	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	_, _, err = optimize.Plan(cancelled, ds, req)
	if !errors.Is(err, context.Canceled) || errors.As(err, &te) || errors.As(err, &inf) {
		t.Fatalf("Plan cancelled: %v; want an error wrapping context.Canceled", err)
	}
}

func TestTimeoutErrorMessage(t *testing.T) {
	e := &optimize.TimeoutError{Limit: 50 * time.Millisecond, Broken: []string{"a coordinator must be on duty: on Monday 07:30-08:00"}}
	want := "no roster keeping the hard rules was found within the time limit of 50ms (the best one breaks: a coordinator must be on duty: on Monday 07:30-08:00): raise --time-limit"
	if e.Error() != want {
		t.Fatalf("Error() = %q, want %q", e.Error(), want)
	}
}
