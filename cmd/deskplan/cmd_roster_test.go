package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"
)

// TestRosterOwnSettings checks that a roster planned, then a setting changed, is scored with
// its own settings by default and with today's under --current-settings (roster show; check
// takes the flag too).
func TestRosterOwnSettings(t *testing.T) {
	db := demoStore(t)
	deskplan := func(args ...string) string {
		t.Helper()
		out, _ := runOnStreams(t, false, append([]string{"--db", db}, args...)...)
		return out
	}
	type shown struct {
		Days []struct {
			ServiceLevel float64 `json:"service_level"`
		} `json:"days"`
	}
	serviceLevel := func(args ...string) float64 {
		t.Helper()
		var s shown
		if err := json.Unmarshal([]byte(deskplan(args...)), &s); err != nil || len(s.Days) == 0 {
			t.Fatalf("%v: %v (%d days)", args, err, len(s.Days))
		}
		return s.Days[0].ServiceLevel
	}
	deskplan("plan", "--session", "jan-2027", "--week", "2027-01-04", "--effort", "20", "--workers", "1")
	planned := serviceLevel("roster", "show", "1", "--json")

	// The target time goes from 60 s to 20 s: fewer calls are answered within it.
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `UPDATE settings SET value = '20' WHERE key = 'target_seconds'`); err != nil {
		t.Fatal(err)
	}
	if got := serviceLevel("roster", "show", "1", "--json"); got != planned {
		t.Errorf("roster show after the change: day 1 service level %v, want %v (the roster's own settings)", got, planned)
	}
	if got := serviceLevel("roster", "show", "1", "--json", "--current-settings"); !(got < planned) {
		t.Errorf("roster show --current-settings: day 1 service level %v, want below %v (a 20 s target)", got, planned)
	}
	if out := deskplan("check", "--version", "1", "--json", "--current-settings"); !json.Valid([]byte(out)) {
		t.Errorf("check --version 1 --current-settings: output is not JSON: %q", out)
	}
}
