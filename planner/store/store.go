// Package store keeps deskplan's data in one SQLite file: the settings, lines, staff,
// availability, sessions, forecasts and shift templates that imports bring, and the rosters
// the planner makes, as numbered versions.
//
// A store is created with Init (`deskplan init`) and opened with Open. The schema is a series
// of numbered SQL migrations embedded in the binary (migrations/0001_init.sql, ...); each is
// applied once, in its own transaction, and recorded in the migrations table, so that a newer
// deskplan upgrades an older store when it opens it.
//
// Every connection of the pool gets the same settings from the DSN: a busy timeout (writers
// from several processes wait for each other instead of failing with "database is locked"),
// foreign keys, WAL journaling, and write transactions that take the write lock when they
// begin (BEGIN IMMEDIATE), so that two writers never deadlock on a lock upgrade.
//
// Writes are all-or-nothing: Import and SaveRoster run in one transaction each, and an error
// or a crash leaves the store exactly as it was.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"deskplan/planner"
)

// ErrNotInitialised is returned (wrapped with the path) by Open when the path holds no store.
var ErrNotInitialised = errors.New("store: no deskplan store here: run `deskplan init` first")

// ErrNotFound is returned (wrapped with what was looked for) when a roster version does not
// exist.
var ErrNotFound = errors.New("store: not found")

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is an open deskplan store. It is safe for concurrent use, from several goroutines and
// several processes.
type Store struct {
	db   *sql.DB
	path string
}

// dsn returns the data source name for path: every pooled connection gets the pragmas.
func dsn(path string) string {
	// The driver splits the DSN at the first '?', and SQLite decodes %XX escapes in a URI path.
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc +
		"?_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_txlock=immediate"
}

// Init creates the store at path if needed, applies the migrations and, when the store holds no
// settings yet, stores planner.DefaultSettings(). Calling it on an existing store changes
// nothing but pending migrations.
func Init(ctx context.Context, path string) (*Store, error) {
	s, err := open(ctx, path)
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
// no store gives an error wrapping ErrNotInitialised.
func Open(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, ErrNotInitialised)
	} else if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	s, err := open(ctx, path)
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
	if err == nil {
		err = s.migrate(ctx)
	}
	if err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

func open(ctx context.Context, path string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
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
// binary does not know was written by a newer deskplan: it is refused.
func (s *Store) migrate(ctx context.Context) error {
	known := Migrations()
	for _, name := range known {
		if err := s.apply(ctx, name); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if !slices.Contains(known, name) {
			return fmt.Errorf("store: %s was written by a newer deskplan (migration %s is unknown to this one)", s.path, name)
		}
	}
	return rows.Err()
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
