package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/store"
)

// ruleBookStore returns a store holding the rule book's tiny desk (demo.RuleBookDesk) and its
// roster as v1, saved with the desk's settings as plan saves a roster.
func ruleBookStore(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deskplan.db")
	st, err := store.Init(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, r := demo.RuleBookDesk()
	if _, err := st.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	r.Settings = ds.Settings
	if _, err := st.SaveRoster(ctx, r); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRosterOwnSettings checks that a roster planned, then a setting changed, is scored with
// its own settings by default and with today's under --current-settings (roster show; check
// takes the flag too).
func TestRosterOwnSettings(t *testing.T) {
	db := ruleBookStore(t)
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
	var out, errb bytes.Buffer
	code := runWith(context.Background(), []string{"--db", db, "check", "--version", "1", "--json", "--current-settings"}, writerIO(&out, &errb))
	if (code != exitOK && code != exitInfeasible) || !json.Valid(out.Bytes()) {
		t.Errorf("check --version 1 --current-settings: exit %d, output %q, %s; want a check in JSON", code, out.String(), errb.String())
	}
}
