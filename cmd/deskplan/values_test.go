package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // to change the store behind deskplan's back
)

// TestStoredValuesOutOfRange changes a store by hand (as an older deskplan, or a person with
// sqlite3, could) to hold a target of 100%, a max occupancy of 1e-9, or forecast rows with
// calls -5 or 1e308: every command that reads the data then fails with exit 1 and a message
// naming the setting or row (they used to panic), and importing corrected data mends it.
func TestStoredValuesOutOfRange(t *testing.T) {
	if testing.Short() {
		t.Skip("plans rosters; skipped with -short")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "deskplan.db")
	dir := t.TempDir()
	deskplan := func(args ...string) (int, string) {
		t.Helper()
		var out, errw bytes.Buffer
		code := run(ctx, append([]string{"--db", db}, args...), &out, &errw)
		return code, errw.String()
	}
	for _, args := range [][]string{
		{"init"}, {"import", "../../testdata/demo.xlsx"},
		{"plan", "--session", "jan-2027", "--week", "2027-01-04", "--effort", "20", "--workers", "1"},
	} {
		if code, errs := deskplan(args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	commands := [][]string{
		{"requirements", "--session", "jan-2027", "--week", "2027-01-04"},
		{"plan", "--session", "jan-2027", "--week", "2027-01-04", "--effort", "20", "--workers", "1"},
		{"export", "--force", "-o", filepath.Join(dir, "r.xlsx")},
		{"roster", "show", "1"},
		{"check", "--version", "1"},
	}
	for _, tc := range []struct {
		name, sql, want string
	}{
		{"target 100%", `UPDATE settings SET value = '100' WHERE key = 'target_percent'`,
			`stored setting target_percent = "100": 100% is not above 0% and below 100%`},
		{"max occupancy 1e-9", `INSERT INTO settings (key, value) VALUES ('max_occupancy', '1e-9')
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
			`stored setting max_occupancy = "1e-9": 1e-09 is outside 0.1..1`},
		{"calls -5", `UPDATE forecast SET calls = -5 WHERE session_id = 'jan-2027' AND slot = 480 AND line = 'LLN'`,
			`calls: -5 is outside 0..100000`},
		{"calls 1e308", `UPDATE forecast SET calls = 1e308 WHERE session_id = 'jan-2027' AND slot = 480 AND line = 'LLN'`,
			`calls: 1e+308 is outside 0..100000`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := sql.Open("sqlite", db)
			if err != nil {
				t.Fatal(err)
			}
			res, err := conn.ExecContext(ctx, tc.sql)
			conn.Close()
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				t.Fatalf("%s changed no row", tc.sql)
			}
			for _, args := range commands {
				code, errs := deskplan(args...)
				if code == exitOK || !strings.Contains(errs, tc.want) {
					t.Errorf("%v: exit %d, stderr %q; want a failure naming %q", args, code, errs, tc.want)
				}
			}
			// importing the data again replaces the bad values
			if code, errs := deskplan("import", "../../testdata/demo.xlsx"); code != exitOK {
				t.Fatalf("import of the corrected data: exit %d: %s", code, errs)
			}
			// every command reads the data the same way: one that computes the needs and one that
			// evaluates a stored roster show the store usable again
			for _, args := range [][]string{commands[0], commands[3]} {
				if code, errs := deskplan(args...); code != exitOK && code != exitInfeasible {
					t.Errorf("%v after the fix: exit %d: %s", args, code, errs)
				}
			}
		})
	}
}
