package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/input"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/planner/store"
	"github.com/deskplan/deskplan/planner/xlsx"
)

func TestPrintableWriter(t *testing.T) {
	for _, tc := range []struct {
		writes []string
		want   string
	}{
		{[]string{"Zoë\x1b]0;pwned\x07 Lambert\n"}, "Zoë]0;pwned Lambert\n"},
		{[]string{"a\x00b\rc\x7fd\te\n"}, "abcd\te\n"},
		{[]string{"csi \u009b2J and \xc2", "\x9b2J"}, "csi 2J and 2J"}, // C1 CSI, split across writes
		{[]string{"山", "田 \xe5", "\xa4\xaa"}, "山田 太"},                  // a character split across writes
		{[]string{"raw \x9b byte, kept \xff"}, "raw  byte, kept \xff"}, // an 8-bit CSI outside UTF-8
	} {
		var b bytes.Buffer
		w := &printableWriter{w: &b}
		for _, s := range tc.writes {
			if n, err := io.WriteString(w, s); n != len(s) || err != nil {
				t.Fatalf("Write(%q) = %d, %v", s, n, err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("writes %q printed %q, want %q", tc.writes, b.String(), tc.want)
		}
	}
}

// demoStore initialises a store holding the demo data and returns its path.
func demoStore(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deskplan.db")
	st, err := store.Init(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, err := input.ReadWorkbook("../../testdata/demo.xlsx", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPrintStripsControls checks that names holding control characters (stored before import
// refused them) are printed without them.
func TestPrintStripsControls(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := st.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ds.Staff[0].Name = "Mallory\x1b]0;pwned\x07\x1b[2J"
	if _, err := st.Import(ctx, &planner.Dataset{Settings: ds.Settings, Staff: ds.Staff}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	var out, errw bytes.Buffer
	if code := run(ctx, []string{"--db", db, "staff", "list", "--json=false"}, &out, &errw); code != exitOK {
		t.Fatalf("staff list: exit %d: %s", code, errw.String())
	}
	if strings.ContainsAny(out.String(), "\x1b\x07") || !strings.Contains(out.String(), "Mallory]0;pwned[2J") {
		t.Errorf("staff list printed %q; want the name without its control characters", out.String())
	}
}

// TestInterruptedPlan checks that a plan stopped by Ctrl-C saves and prints its best roster
// and still exits 130. The context is cancelled when the solver reports its first roster,
// not after some time.
func TestInterruptedPlan(t *testing.T) {
	db := demoStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := optimize.PlanRequest{SessionID: "jan-2027", Week: calendar.MustDate("2027-01-04"), Seed: 1,
		Effort: 1_000_000, Workers: 1, TimeLimit: time.Hour, Method: queue.DefaultMethod, ChangeWeight: optimize.DefaultChangeWeight}
	req.Progress = func(p planner.Progress) {
		if p.Feasible {
			cancel()
		}
	}
	var out, errw bytes.Buffer
	o := &planOptions{g: &globalOptions{DB: db}, io: writerIO(&out, &errw), ChangeWeight: optimize.DefaultChangeWeight}
	err := runPlan(ctx, o, req)
	if code := exitCode(err); code != exitInterrupted {
		t.Fatalf("runPlan = %v (exit %d), want exit %d", err, code, exitInterrupted)
	}
	if !strings.Contains(err.Error(), "interrupted: roster v1 is the best found before the search was stopped") {
		t.Errorf("error %q does not say the roster kept", err)
	}
	if !strings.Contains(errw.String(), "interrupted; saving the best roster found so far") || !strings.Contains(out.String(), "Roster v1 for session jan-2027") {
		t.Errorf("stderr %q, stdout %q; want the roster saved and printed", errw.String(), out.String())
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if rs, err := st.Rosters(context.Background()); err != nil || len(rs) != 1 {
		t.Errorf("stored rosters: %d, %v; want 1", len(rs), err)
	}
}

// TestKeepUnsaved checks that a roster the store would not take is kept in a workbook that
// check reads back.
func TestKeepUnsaved(t *testing.T) {
	if testing.Short() {
		t.Skip("plans rosters; skipped with -short")
	}
	ds, err := input.ReadWorkbook("../../testdata/demo.xlsx", nil)
	if err != nil {
		t.Fatal(err)
	}
	r, rep, err := optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: "jan-2027",
		Week: calendar.MustDate("2027-01-04"), Seed: 1, Effort: 200, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path, err := keepUnsaved(dir, ds, r, rep)
	if err != nil || filepath.Dir(path) != dir || !strings.HasPrefix(filepath.Base(path), "unsaved-roster-") {
		t.Fatalf("keepUnsaved = %s, %v; want a workbook in %s", path, err, dir)
	}
	got, err := xlsx.ReadRoster(path, ds)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Shifts) != len(r.Shifts) {
		t.Errorf("the kept workbook holds %d shifts, want %d", len(got.Shifts), len(r.Shifts))
	}
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, exitOK},
		{fmt.Errorf("x.db: %w", store.ErrNotInitialised), exitBadInput},
		{fmt.Errorf("x: %w", store.ErrNotStore), exitBadInput},
		{fmt.Errorf("interrupted: %w", context.Canceled), exitInterrupted},
		{fmt.Errorf("saving the roster: %w; kept in x.xlsx", context.Canceled), exitInterrupted},
		{errors.New("store: database is locked"), exitFailure},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

// TestListDuringImport checks that staff list works while another command holds the store's
// write lock (an import in its transaction): it neither waits nor fails.
func TestListDuringImport(t *testing.T) {
	db := demoStore(t)
	writer, err := sql.Open("sqlite", "file:"+db+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	tx, err := writer.Begin() // BEGIN IMMEDIATE: the write lock, held until the end of the test
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM staff`); err != nil {
		t.Fatal(err)
	}
	var out, errw bytes.Buffer
	if code := run(context.Background(), []string{"--db", db, "staff", "list", "--json=false"}, &out, &errw); code != exitOK {
		t.Fatalf("staff list during an import: exit %d: %s", code, errw.String())
	}
	if !strings.HasSuffix(out.String(), "\n22 staff\n") {
		t.Errorf("staff list during an import printed %q, want the 22 staff committed", out.String())
	}
}
