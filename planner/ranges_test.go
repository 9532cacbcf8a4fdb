package planner_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
)

func TestRangeCheck(t *testing.T) {
	closed := planner.Range{Min: 0.1, Max: 1}
	open := planner.Range{Min: 0, Max: 100, MinOpen: true, MaxOpen: true, Unit: "%"}
	for _, tc := range []struct {
		r    planner.Range
		v    float64
		want string // "" : accepted
	}{
		{closed, 0.1, ""},
		{closed, 1, ""},
		{closed, 0.5, ""},
		{closed, 0.099, "0.099 is outside 0.1..1"},
		{closed, 1e-9, "1e-09 is outside 0.1..1"},
		{closed, math.NaN(), "NaN is not a number"},
		{closed, math.Inf(1), "+Inf is not a number"},
		{open, 99.9, ""},
		{open, 100, "100% is not above 0% and below 100%"},
		{open, 0, "0% is not above 0% and below 100%"},
		{planner.TargetSecondsRange, 3601, "3601 s is outside 0..3600 s"},
	} {
		err := tc.r.Check(tc.v)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%v.Check(%v) = %q, want %q", tc.r, tc.v, got, tc.want)
		}
	}
}

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		in        string
		pct, secs float64
		err       string
	}{
		{"80/20s", 80, 20, ""},
		{"90%/1m", 90, 60, ""},
		{" 80 / 60 ", 80, 60, ""},
		{"99.9/0", 99.9, 0, ""},
		{"100/0s", 0, 0, "100% is not above 0% and below 100%"},
		{"0/20s", 0, 0, "0% is not above 0% and below 100%"},
		{"80/2h", 0, 0, "7200 s is outside 0..3600 s"},
		{"80/-5s", 0, 0, "-5 s is outside 0..3600 s"},
		{"80", 0, 0, "is not of the form PERCENT/SECONDS"},
		{"80/soon", 0, 0, `"soon" is not a time`},
	} {
		pct, secs, err := planner.ParseTarget(tc.in)
		if tc.err != "" {
			if err == nil || !contains(err.Error(), tc.err) {
				t.Errorf("ParseTarget(%q) = %v, want an error with %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || pct != tc.pct || secs != tc.secs {
			t.Errorf("ParseTarget(%q) = %v, %v, %v; want %v, %v", tc.in, pct, secs, err, tc.pct, tc.secs)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestForecastLoadRefused: a forecast whose calls and handle time make a load beyond
// LoadRange cannot be planned, with the row named.
func TestForecastLoadRefused(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1]
	for i := range ds.Forecast {
		if ds.Forecast[i].SessionID == sess.ID {
			ds.Forecast[i].Calls, ds.Forecast[i].AHT = 100000, 7200
			break
		}
	}
	_, err = planner.BuildDemand(ds, sess.ID, sess.FirstDay, sess.LastDay)
	var ie *planner.InputError
	if !errors.As(err, &ie) || !contains(err.Error(), "100000 calls of 7200 s in 30 minutes make a load of 400000 Erlangs, more than any helpdesk (at most 1000)") {
		t.Fatalf("BuildDemand: %v; want an InputError naming the load", err)
	}
}

// TestNeedsStop: the needs stop with the context's error.
func TestNeedsStop(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	sess := ds.Sessions[0]
	d, err := planner.BuildDemand(ds, sess.ID, sess.FirstDay, sess.LastDay)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := planner.ComputeNeedsContext(ctx, d, ds.Settings, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("ComputeNeedsContext with a cancelled context: %v", err)
	}
	n, err := planner.ComputeNeedsContext(context.Background(), d, ds.Settings, 0)
	if err != nil || n == nil {
		t.Fatalf("ComputeNeedsContext: %v", err)
	}
}

func ExampleRange_Check() {
	fmt.Println(planner.MaxOccupancyRange.Check(0.85))
	fmt.Println(planner.MaxOccupancyRange.Check(1e-9))
	fmt.Println(planner.TargetPercentRange.Check(100))
	// Output:
	// <nil>
	// 1e-09 is outside 0.1..1
	// 100% is not above 0% and below 100%
}

func ExampleParseTarget() {
	pct, secs, err := planner.ParseTarget("80/20s")
	fmt.Println(pct, secs, err)
	_, _, err = planner.ParseTarget("100/0s")
	fmt.Println(err)
	// Output:
	// 80 20 <nil>
	// 100% is not above 0% and below 100%
}
