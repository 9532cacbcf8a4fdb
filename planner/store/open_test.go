package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
)

// fileBytes returns the bytes of the file at path.
func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// shortBusy makes connections give up on a lock at once, for the tests that hold one.
func shortBusy(t *testing.T) {
	saved := busyTimeout
	busyTimeout = 50 * time.Millisecond
	t.Cleanup(func() { busyTimeout = saved })
}

// holdWriteLock opens a second connection to path that takes the write lock and writes (not
// committed) until the returned function rolls it back.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, false, false))
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(context.Background(), nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES ('held', 'x')`); err != nil {
		t.Fatal(err)
	}
	return func() {
		tx.Rollback()
		db.Close()
	}
}

// TestReadBesideWriter checks that a command that only reads (staff list) opens the store and
// reads it while another holds the write lock (an import in progress), and that a write
// waiting for the lock reports it as busy.
func TestReadBesideWriter(t *testing.T) {
	shortBusy(t)
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Import(ctx, fullDataset(1)); err != nil {
		t.Fatal(err)
	}
	release := holdWriteLock(t, s.Path())
	defer release()

	r, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatalf("Open beside a writer: %v", err)
	}
	defer r.Close()
	ds, err := r.Dataset(ctx)
	if err != nil {
		t.Fatalf("Dataset beside a writer: %v", err)
	}
	if len(ds.Staff) != len(fullDataset(1).Staff) || len(ds.Lines) != 2 {
		t.Errorf("read %d staff and %d lines, want the committed data only", len(ds.Staff), len(ds.Lines))
	}
	if _, err := Init(ctx, s.Path()); err != nil {
		t.Errorf("Init of an up-to-date store beside a writer: %v", err)
	}
	_, err = r.SaveRoster(ctx, testRoster("jan-2027", 1))
	if !IsBusy(err) {
		t.Errorf("SaveRoster while another writes = %v, want a busy error", err)
	}
	release()
	if v, err := r.SaveRoster(ctx, testRoster("jan-2027", 1)); err != nil || v != 1 {
		t.Errorf("SaveRoster once the lock is released = %d, %v; want version 1", v, err)
	}
}

// TestOpenLeavesOtherFiles checks that Open neither writes nor turns into a store what it is
// given by mistake: an empty file, a text file, another SQLite database, a folder.
func TestOpenLeavesOtherFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	text := filepath.Join(dir, "notes.txt")
	other := filepath.Join(dir, "other.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(text, []byte("not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t (x); INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, tc := range []struct {
		path string
		want error
	}{{empty, ErrNotInitialised}, {other, ErrNotInitialised}, {text, ErrNotStore}, {dir, ErrNotStore}} {
		var before []byte
		if tc.path != dir {
			before = fileBytes(t, tc.path)
		}
		s, err := Open(ctx, tc.path)
		if !errors.Is(err, tc.want) {
			t.Errorf("Open(%s) = %v, %v; want %v", filepath.Base(tc.path), s, err, tc.want)
			if s != nil {
				s.Close()
			}
		}
		if tc.path != dir && !bytes.Equal(before, fileBytes(t, tc.path)) {
			t.Errorf("Open(%s) changed the file", filepath.Base(tc.path))
		}
	}
	// Init makes a store of an empty file, and refuses a file that is something else.
	s, err := Init(ctx, empty)
	if err != nil {
		t.Fatalf("Init(empty file): %v", err)
	}
	s.Close()
	if _, err := Init(ctx, text); !errors.Is(err, ErrNotStore) || string(fileBytes(t, text)) != "not a database\n" {
		t.Errorf("Init(text file) = %v, want ErrNotStore and the file unchanged", err)
	}
}

// TestOpenUpToDateWritesNothing checks that opening and reading an up-to-date store leaves
// its file byte for byte as it was.
func TestOpenUpToDateWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Import(ctx, fullDataset(1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := fileBytes(t, s.Path())
	for _, open := range []func(context.Context, string) (*Store, error){Open, Init} {
		r, err := open(ctx, s.Path())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Dataset(ctx); err != nil {
			t.Fatal(err)
		}
		r.Close()
		if !bytes.Equal(before, fileBytes(t, s.Path())) {
			t.Error("opening an up-to-date store changed its file")
		}
	}
}

// TestOpenReadOnly lists a store this process may not write, in a folder it may not write
// either (run as another user when the tests run as root, who may write anything).
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "deskplan.db")
	s, err := Init(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, fullDataset(1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := fileBytes(t, path)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	var out string
	if os.Geteuid() == 0 {
		out = readAsNobody(t, path)
	} else {
		out, err = readOnlyJob(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
	}
	if want := fmt.Sprintf("read-only %d staff", len(fullDataset(1).Staff)); out != want {
		t.Errorf("listing a read-only store: %q, want %q", out, want)
	}
	if !bytes.Equal(before, fileBytes(t, path)) {
		t.Error("listing a read-only store changed its file")
	}
}

// readOnlyJob opens the store at path, reads it and says what it read; a write must fail.
func readOnlyJob(ctx context.Context, path string) (string, error) {
	s, err := Open(ctx, path)
	if err != nil {
		return "", err
	}
	defer s.Close()
	ds, err := s.Dataset(ctx)
	if err != nil {
		return "", err
	}
	if _, err := s.Import(ctx, &planner.Dataset{Lines: []planner.Line{{ID: "X", Name: "x"}}}); err == nil {
		return "", errors.New("an import into a read-only store succeeded")
	}
	mode := "read-write"
	if s.ReadOnly() {
		mode = "read-only"
	}
	return fmt.Sprintf("%s %d staff", mode, len(ds.Staff)), nil
}

const readOnlyEnv = "DESKPLAN_STORE_READONLY"

// TestReadOnlyHelper is not a test: it is readOnlyJob run by readAsNobody.
func TestReadOnlyHelper(t *testing.T) {
	path := os.Getenv(readOnlyEnv)
	if path == "" {
		t.Skip("helper process of TestOpenReadOnly")
	}
	out, err := readOnlyJob(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Print(out)
	os.Exit(0)
}

// TestSaveRosterWait checks that a save that meets another writer's lock waits for it and
// then saves, and that it gives up only when told to.
func TestSaveRosterWait(t *testing.T) {
	shortBusy(t)
	retryPause = time.Millisecond
	t.Cleanup(func() { retryPause = time.Second })
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Import(ctx, fullDataset(1)); err != nil {
		t.Fatal(err)
	}
	release := holdWriteLock(t, s.Path())
	waiting := make(chan bool)
	type result struct {
		v   int
		err error
	}
	done := make(chan result)
	go func() {
		v, err := s.SaveRosterWait(ctx, testRoster("jan-2027", 1), func() { close(waiting) })
		done <- result{v, err}
	}()
	<-waiting // the save met the lock and waits
	release()
	if res := <-done; res.err != nil || res.v != 1 {
		t.Fatalf("SaveRosterWait = %d, %v; want version 1 once the lock is free", res.v, res.err)
	}

	// Told to stop waiting, it gives up with the context's error and saves nothing.
	release = holdWriteLock(t, s.Path())
	defer release()
	wctx, cancel := context.WithCancel(ctx)
	_, err := s.SaveRosterWait(wctx, testRoster("jan-2027", 2), cancel)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("SaveRosterWait after cancel = %v, want context.Canceled", err)
	}
	release()
	if rs, err := s.Rosters(ctx); err != nil || len(rs) != 1 {
		t.Errorf("rosters after a cancelled save: %d, %v; want 1", len(rs), err)
	}
}
