package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"modernc.org/sqlite" // the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/deskplan/deskplan/planner"
)

// ErrNotInitialised is returned (wrapped with the path) by Open when the path holds no store:
// no file, an empty file, or an SQLite database without deskplan's tables. Open leaves such a
// file as it is.
var ErrNotInitialised = errors.New("store: no deskplan store here: run `deskplan init` first")

// ErrNotStore is returned (wrapped with the path) by Open and Init when the path is a folder or
// a file that is not an SQLite database. Neither writes to it.
var ErrNotStore = errors.New("store: not a deskplan store")

// ErrNotFound is returned (wrapped with what was looked for) when a roster version does not
// exist.
var ErrNotFound = errors.New("store: not found")

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is an open deskplan store. It is safe for concurrent use, from several goroutines and
// several processes.
type Store struct {
	db       *sql.DB
	path     string
	readOnly bool
}

// busyTimeout is how long a connection waits for another's lock before it fails with "database
// is locked".
var busyTimeout = 10 * time.Second

// dsn returns the data source name for path: every pooled connection gets the pragmas. A
// read-only store is opened read-only, without changing its journal; immutable opens it
// without the shared memory of its write-ahead log (when its folder cannot hold one).
func dsn(path string, readOnly, immutable bool) string {
	// The driver splits the DSN at the first '?', and SQLite decodes %XX escapes in a URI path.
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	q := "file:" + esc + fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) +
		"&_pragma=foreign_keys(1)"
	switch {
	case immutable:
		return q + "&immutable=1"
	case readOnly:
		return q + "&mode=ro"
	}
	return q + "&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_txlock=immediate"
}

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// checkFile looks at path before SQLite opens it: a folder, or a file that is not empty and
// not an SQLite database, gives ErrNotStore; an empty file ErrNotInitialised unless empty is
// allowed (Init makes a store of it). ok is false when there is no file.
func checkFile(path string, empty bool) (ok bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: %w", err)
	case fi.IsDir():
		return true, fmt.Errorf("%s is a folder: %w (give the store's file, e.g. %s)", path, ErrNotStore, filepath.Join(path, "deskplan.db"))
	case fi.Size() == 0 && !empty:
		return true, fmt.Errorf("%s is an empty file: %w", path, ErrNotInitialised)
	case fi.Size() == 0:
		return true, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return true, fmt.Errorf("store: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != sqliteHeader {
		return true, fmt.Errorf("%s: %w (the file is not an SQLite database)", path, ErrNotStore)
	}
	return true, nil
}

// writable reports whether this process may write the file at path.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return !errors.Is(err, fs.ErrPermission) && !errors.Is(err, syscall.EROFS)
	}
	f.Close()
	return true
}

// Init creates the store at path if needed (an empty file becomes a store), applies the
// migrations and, when the store holds no settings yet, stores planner.DefaultSettings().
// Calling it on an existing store changes nothing but pending migrations.
func Init(ctx context.Context, path string) (*Store, error) {
	if _, err := checkFile(path, true); err != nil {
		return nil, err
	}
	s, err := open(ctx, path, false)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	if err := s.defaultSettings(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// Open opens the existing store at path and applies the migrations it lacks. A path that holds
// no store gives an error wrapping ErrNotInitialised, and one that holds something else
// ErrNotStore; either way, the file is left as it was.
//
// Opening writes nothing when the store is up to date: commands that only read work beside a
// writer (an import in progress), and on a store this process may not write, which is then
// opened read-only.
func Open(ctx context.Context, path string) (*Store, error) {
	ok, err := checkFile(path, false)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s: %w", path, ErrNotInitialised)
	}
	// Look read-only first: an SQLite database that is not a store is left as it is (opening
	// it for writing would turn on its write-ahead log).
	s, err := open(ctx, path, true)
	if err != nil {
		return nil, err
	}
	var n int
	err = s.db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'migrations'`).Scan(&n)
	if err == nil && n == 0 {
		err = fmt.Errorf("%s: %w", path, ErrNotInitialised)
	} else if err != nil {
		err = fmt.Errorf("store: open %s: %w", path, err)
	}
	if err == nil && writable(path) {
		s.db.Close()
		s, err = open(ctx, path, false)
		if err != nil {
			return nil, err
		}
	}
	if err == nil {
		err = s.migrate(ctx)
	}
	if err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// open opens the database at path. A read-only store whose write-ahead log cannot be set up
// (its folder is not writable either) is opened immutable: read as it is.
func open(ctx context.Context, path string, readOnly bool) (*Store, error) {
	s, err := connect(ctx, path, readOnly, false)
	if err != nil && readOnly {
		s, err = connect(ctx, path, true, true)
	}
	return s, err
}

func connect(ctx context.Context, path string, readOnly, immutable bool) (*Store, error) {
	db, err := sql.Open("sqlite", dsn(path, readOnly, immutable))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	err = db.PingContext(ctx)
	if err == nil && readOnly {
		// A read-only connection fails on its first read when the log cannot be set up.
		var n int
		err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &Store{db: db, path: path, readOnly: readOnly}, nil
}

// ReadOnly reports whether the store was opened read-only (this process may not write it).
func (s *Store) ReadOnly() bool { return s.readOnly }

// IsBusy reports whether err is another connection's lock that outlasted the busy timeout
// ("database is locked"): trying again later may succeed.
func IsBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// DB returns the underlying database, for queries this package does not offer. Writes through
// it bypass the store's rules: prefer the store's methods.
func (s *Store) DB() *sql.DB { return s.db }

// Path returns the file the store lives in.
func (s *Store) Path() string { return s.path }

// Migrations returns the names of the embedded migrations, in the order they apply.
func Migrations() []string {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	for i, n := range names {
		names[i] = strings.TrimPrefix(n, "migrations/")
	}
	slices.Sort(names)
	return names
}

// migrate applies, in order, the embedded migrations that the store lacks, each in its own
// transaction with its record in the migrations table. A store that records a migration this
// binary does not know was written by a newer deskplan: it is refused. Which migrations are
// applied is read first, so that an up-to-date store is not written (nor locked) at all.
func (s *Store) migrate(ctx context.Context) error {
	known := Migrations()
	applied, err := s.applied(ctx)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	for _, name := range applied {
		if !slices.Contains(known, name) {
			return fmt.Errorf("store: %s was written by a newer deskplan (migration %s is unknown to this one)", s.path, name)
		}
	}
	for _, name := range known {
		if slices.Contains(applied, name) {
			continue
		}
		if s.readOnly {
			return fmt.Errorf("store: %s needs migration %s, but it is read-only: open it once with write access", s.path, name)
		}
		if err := s.apply(ctx, name); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
	}
	return nil
}

// applied returns the names of the migrations the store records (none for a new store).
func (s *Store) applied(ctx context.Context) ([]string, error) {
	var n int
	if err := s.db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'migrations'`).Scan(&n); err != nil || n == 0 {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}

// apply runs one migration unless the store records it already. The check and the migration
// share an immediate transaction, so two processes opening a store at once apply it once.
func (s *Store) apply(ctx context.Context, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name       TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL
	) STRICT`); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrationFS, "migrations/"+name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`,
		name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// defaultSettings stores planner.DefaultSettings() when the store holds no settings.
func (s *Store) defaultSettings(ctx context.Context) error {
	var has int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&has); err != nil {
		return fmt.Errorf("store: init: %w", err)
	}
	if has > 0 {
		return nil // nothing to write: no write lock taken
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: init: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&n); err != nil {
		return fmt.Errorf("store: init: %w", err)
	}
	if n > 0 {
		return nil
	}
	for _, kv := range planner.DefaultSettings().Pairs() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, kv[0], kv[1]); err != nil {
			return fmt.Errorf("store: init: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: init: %w", err)
	}
	return nil
}
