package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// runStaffingCLI runs `deskplan staffing args...` in process and returns the exit code and
// the two streams.
func runStaffingCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"staffing"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestStaffingTable(t *testing.T) {
	code, out, errs := runStaffingCLI(t, "--calls", "100", "--interval", "30m", "--aht", "180s",
		"--target", "80/20s", "--shrinkage", "0.3", "--max-occupancy", "0.85")
	if code != 0 {
		t.Fatalf("exit code %d, stderr %q", code, errs)
	}
	for _, want := range []string{
		"10.000 Erlangs; Erlang C",
		"agents needed: 14 on the phone, 20 to roster with 30% shrinkage",
		">      14          88.8%   7.8s    17.4%           -      71.4%",
		"12          64.0%  40.4s    44.9%",
		"17          98.6%",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("staffing output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\n         18") || strings.Contains(out, "\n         11") {
		t.Errorf("staffing table should show N-2..N+3 (12..17):\n%s", out)
	}
}

func TestStaffingErlangA(t *testing.T) {
	code, out, errs := runStaffingCLI(t, "--calls", "100", "--aht", "3m", "--target", "80%/20s",
		"--patience", "300s", "--shrinkage", "30%", "--max-abandon", "0.05")
	if code != 0 {
		t.Fatalf("exit code %d, stderr %q", code, errs)
	}
	for _, want := range []string{"Erlang A, mean patience 5m0s", "13 on the phone, 19 to roster", "91.7%   4.2s    14.5%        1.4%      70.4%"} {
		if !strings.Contains(out, want) {
			t.Errorf("staffing output lacks %q:\n%s", want, out)
		}
	}
}

func TestStaffingJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want map[string]any
	}{
		{"needed", []string{"--calls", "1000", "--interval", "1h", "--aht", "120", "--target", "80/20s", "--shrinkage", "0.3"},
			map[string]any{"agents": 40.0, "rostered_agents": 58.0, "p_abandon": nil, "model": "erlang-c"}},
		{"mixed team", []string{"--calls", "50", "--aht", "4m", "--target", "80/20s", "--agents", "9"},
			map[string]any{"agents": 9.0, "service_level": 0.7421, "p_wait": 0.3133, "asa_seconds": 32.22, "occupancy": 0.7407, "p_abandon": nil, "meets_target": false}},
		{"erlang A", []string{"--calls", "100", "--aht", "180s", "--target", "80/20s", "--patience", "300s", "--agents", "14"},
			map[string]any{"load_erlangs": 10.0, "service_level": 0.9168, "p_abandon": 0.0140, "occupancy": 0.7043, "model": "erlang-a"}},
		{"unstable", []string{"--calls", "100", "--aht", "180s", "--target", "80/20s", "--agents", "10"},
			map[string]any{"asa_seconds": nil, "service_level": 0.0, "p_wait": 1.0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runStaffingCLI(t, append(tc.args, "--json")...)
			if code != 0 {
				t.Fatalf("exit code %d, stderr %q", code, errs)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output is not one JSON object: %v\n%s", err, out)
			}
			for _, key := range []string{"load_erlangs", "agents", "rostered_agents", "service_level", "p_wait", "asa_seconds", "occupancy", "p_abandon"} {
				if _, ok := got[key]; !ok {
					t.Errorf("JSON lacks %q: %s", key, out)
				}
			}
			for key, want := range tc.want {
				g := got[key]
				if w, ok := want.(float64); ok {
					if gf, ok := g.(float64); !ok || math.Abs(gf-w) > 0.5e-4*math.Max(1, math.Abs(w)) && math.Abs(gf-w) > 0.006 {
						t.Errorf("%s = %v, want %v", key, g, want)
					}
					continue
				}
				if g != want {
					t.Errorf("%s = %v, want %v", key, g, want)
				}
			}
		})
	}
}

func TestStaffingBadInput(t *testing.T) {
	base := []string{"--calls", "100", "--aht", "180s", "--target", "80/20s"}
	for _, tc := range []struct {
		args []string
		flag string
	}{
		{[]string{"--calls", "abc", "--aht", "180s"}, "--calls"},
		{[]string{"--calls", "-3", "--aht", "180s"}, "--calls"},
		{[]string{"--aht", "180s"}, "--calls"},
		{[]string{"--calls", "100", "--aht", "0s"}, "--aht"},
		{[]string{"--calls", "100", "--aht", "-2m"}, "--aht"},
		{[]string{"--calls", "100", "--aht", "soon"}, "--aht"},
		{append(base, "--target", "120/20s"), "--target"},
		{append(base, "--target", "80"), "--target"},
		{append(base, "--target", "80/-5s"), "--target"},
		{append(base, "--interval", "0"), "--interval"},
		{append(base, "--interval", "-30m"), "--interval"},
		{append(base, "--patience", "-1s"), "--patience"},
		{append(base, "--shrinkage", "1.2"), "--shrinkage"},
		{append(base, "--max-occupancy", "0"), "--max-occupancy"},
		{append(base, "--agents", "-1"), "--agents"},
		{append(base, "--max-abandon", "0.05"), "--max-abandon"}, // needs --patience
		{append(base, "--json=maybe"), "--json"},
		// the ranges of the planner's settings and forecast
		{append(base, "--target", "100/20s"), "--target"},
		{append(base, "--target", "80/2h"), "--target"},
		{append(base, "--max-occupancy", "0.000000001"), "--max-occupancy"},
		{append(base, "--shrinkage", "0.95"), "--shrinkage"},
		{append(base, "--patience", "2h"), "--patience"},
		{[]string{"--calls", "1e308", "--aht", "180s"}, "--calls"},
		{[]string{"--calls", "100", "--aht", "3h"}, "--aht"},
		{[]string{"--calls", "100000", "--aht", "2h", "--interval", "5m"}, "--calls"}, // 2.4 million Erlangs
	} {
		code, out, errs := runStaffingCLI(t, tc.args...)
		if code != exitBadInput || !strings.Contains(errs, tc.flag) || out != "" {
			t.Errorf("staffing %v = exit %d, stdout %q, stderr %q; want exit 2 and a message naming %s",
				tc.args, code, out, errs, tc.flag)
		}
	}
}

// Flags do not leak from one run to the next.
func TestStaffingFlagsReset(t *testing.T) {
	runStaffingCLI(t, "--calls", "100", "--aht", "180s", "--target", "80/20s", "--patience", "300s", "--agents", "3", "--json")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"staffing", "--calls", "100", "--aht", "180s", "--target", "80/20s"}, &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "Erlang C") || !strings.Contains(out.String(), "agents needed: 14") {
		t.Errorf("second run inherited flags of the first: exit %d\n%s%s", code, out.String(), errb.String())
	}
}
