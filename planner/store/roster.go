package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/deskplan/deskplan/planner"
)

// SaveRoster stores r as a new version, numbered one above the newest, with its shifts in
// order; it sets r.Version, r.CreatedAt (the current time, when zero) and r.Status (Draft,
// when empty), and returns the version.
//
// Settings are kept as JSON of planner.Settings and Plan as the JSON of planner.PlanRecord
// (its keys are those of the params map older versions kept, so their rosters read the
// same). An Objective or
// LowerBound that is NaN is kept as NULL and comes back NaN.
func (s *Store) SaveRoster(ctx context.Context, r *planner.Roster) (int, error) {
	if r.Status == "" {
		r.Status = planner.Draft
	}
	if r.Status != planner.Draft && r.Status != planner.Published {
		return 0, fmt.Errorf("store: save roster: status %q is not draft or published", r.Status)
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now().UTC()
	}
	settings, err := json.Marshal(r.Settings)
	if err != nil {
		return 0, fmt.Errorf("store: save roster: settings: %w", err)
	}
	var params []byte
	if !r.Plan.IsZero() {
		if params, err = json.Marshal(r.Plan); err != nil {
			return 0, fmt.Errorf("store: save roster: params: %w", err)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: save roster: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM rosters`).Scan(&version); err != nil {
		return 0, fmt.Errorf("store: save roster: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO rosters (version, session_id, scenario, from_day,
		to_day, seed, status, created_at, objective, lower_bound, method, settings, params)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		version, r.SessionID, r.Scenario, r.From.String(), r.To.String(), r.Seed, r.Status,
		r.CreatedAt.UTC().Format(time.RFC3339Nano), nullNaN(r.Objective), nullNaN(r.LowerBound),
		r.Method, string(settings), nullBytes(params))
	if err != nil {
		return 0, fmt.Errorf("store: save roster: %w", err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO roster_shifts (version, pos, staff_id, date,
		start_min, end_min, line, break_start, break_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, fmt.Errorf("store: save roster: %w", err)
	}
	defer ins.Close()
	for i, sh := range r.Shifts {
		if _, err := ins.ExecContext(ctx, version, i, sh.StaffID, sh.Date.String(), sh.Start, sh.End,
			sh.Line, sh.BreakStart, sh.BreakEnd); err != nil {
			return 0, fmt.Errorf("store: save roster: shift %d: %w", i+1, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: save roster: %w", err)
	}
	r.Version = version
	return version, nil
}

func nullNaN(f float64) any {
	if math.IsNaN(f) {
		return nil
	}
	return f
}

func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

const rosterColumns = `version, session_id, scenario, from_day, to_day, seed, status, created_at,
	objective, lower_bound, method, settings, params`

// scanRoster reads the rosterColumns of a row.
func scanRoster(scan func(...any) error) (planner.Roster, error) {
	var r planner.Roster
	var created, settings string
	var params sql.NullString
	var obj, lb sql.NullFloat64
	if err := scan(&r.Version, &r.SessionID, &r.Scenario, date{&r.From}, date{&r.To}, &r.Seed,
		&r.Status, &created, &obj, &lb, &r.Method, &settings, &params); err != nil {
		return r, err
	}
	var err error
	if r.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
		return r, fmt.Errorf("roster %d: created_at: %w", r.Version, err)
	}
	r.Objective, r.LowerBound = math.NaN(), math.NaN()
	if obj.Valid {
		r.Objective = obj.Float64
	}
	if lb.Valid {
		r.LowerBound = lb.Float64
	}
	// a roster stored before a setting existed was planned with that setting's default
	r.Settings = planner.DefaultSettings()
	if err := json.Unmarshal([]byte(settings), &r.Settings); err != nil {
		return r, fmt.Errorf("roster %d: settings: %w", r.Version, err)
	}
	if params.Valid {
		if err := json.Unmarshal([]byte(params.String), &r.Plan); err != nil {
			return r, fmt.Errorf("roster %d: params: %w", r.Version, err)
		}
	}
	return r, nil
}

// Roster loads roster version, with its shifts in the order they were saved. A missing version
// gives an error wrapping ErrNotFound.
func (s *Store) Roster(ctx context.Context, version int) (*planner.Roster, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: roster %d: %w", version, err)
	}
	defer tx.Rollback()
	r, err := loadRoster(ctx, tx, version)
	if err != nil {
		return nil, fmt.Errorf("store: roster %d: %w", version, err)
	}
	return r, nil
}

func loadRoster(ctx context.Context, tx *sql.Tx, version int) (*planner.Roster, error) {
	r, err := scanRoster(tx.QueryRowContext(ctx, `SELECT `+rosterColumns+` FROM rosters WHERE version = ?`, version).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	r.Shifts = []planner.Shift{}
	err = query(ctx, tx, func(rows *sql.Rows) error {
		var sh planner.Shift
		err := rows.Scan(&sh.StaffID, date{&sh.Date}, &sh.Start, &sh.End, &sh.Line, &sh.BreakStart, &sh.BreakEnd)
		r.Shifts = append(r.Shifts, sh)
		return err
	}, `SELECT staff_id, date, start_min, end_min, line, break_start, break_end
		FROM roster_shifts WHERE version = ? ORDER BY pos`, version)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Rosters lists every roster version, newest first, without their shifts (Shifts is nil).
func (s *Store) Rosters(ctx context.Context) ([]planner.Roster, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+rosterColumns+` FROM rosters ORDER BY version DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: rosters: %w", err)
	}
	defer rows.Close()
	out := []planner.Roster{}
	for rows.Next() {
		r, err := scanRoster(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("store: rosters: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: rosters: %w", err)
	}
	return out, nil
}

// LatestRoster loads the newest roster version of session sessionID ("" = of any session),
// with its shifts. When there is none the error wraps ErrNotFound.
func (s *Store) LatestRoster(ctx context.Context, sessionID string) (*planner.Roster, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: latest roster: %w", err)
	}
	defer tx.Rollback()
	var version int
	err = tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM rosters
		WHERE ?1 = '' OR session_id = ?1`, sessionID).Scan(&version)
	if err == nil && version == 0 {
		err = ErrNotFound
	}
	var r *planner.Roster
	if err == nil {
		r, err = loadRoster(ctx, tx, version)
	}
	if err != nil {
		if sessionID == "" {
			return nil, fmt.Errorf("store: latest roster: %w", err)
		}
		return nil, fmt.Errorf("store: latest roster of session %s: %w", sessionID, err)
	}
	return r, nil
}

// Publish marks roster version as published. Publishing a published version does nothing; a
// missing version gives an error wrapping ErrNotFound.
func (s *Store) Publish(ctx context.Context, version int) error {
	res, err := s.db.ExecContext(ctx, `UPDATE rosters SET status = 'published' WHERE version = ?`, version)
	if err != nil {
		return fmt.Errorf("store: publish roster %d: %w", version, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: publish roster %d: %w", version, err)
	} else if n == 0 {
		return fmt.Errorf("store: roster %d: %w", version, ErrNotFound)
	}
	return nil
}
