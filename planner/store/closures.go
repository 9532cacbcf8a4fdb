package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/deskplan/deskplan/planner"
)

// loadClosures loads the closures by first and last day.
func loadClosures(ctx context.Context, tx *sql.Tx) ([]planner.Closure, error) {
	out := []planner.Closure{}
	err := query(ctx, tx, func(r *sql.Rows) error {
		var c planner.Closure
		err := r.Scan(date{&c.FirstDay}, date{&c.LastDay}, &c.Note)
		out = append(out, c)
		return err
	}, `SELECT first_day, last_day, note FROM closures ORDER BY first_day, last_day`)
	return out, err
}

// closures writes ds.Closures when it is not nil: the closures given replace the stored
// closures of the years they touch; closures of other years are kept (so a workbook of one
// year's closures leaves the holidays added for another, and an empty table changes nothing).
func (im importer) closures(ds *planner.Dataset) (Counts, error) {
	if ds.Closures == nil {
		return Counts{}, nil
	}
	years := map[int]bool{}
	for _, c := range ds.Closures {
		for y := c.FirstDay.Year; y <= c.LastDay.Year; y++ {
			years[y] = true
		}
	}
	touches := func(c planner.Closure) bool {
		for y := c.FirstDay.Year; y <= c.LastDay.Year; y++ {
			if years[y] {
				return true
			}
		}
		return false
	}
	stored, err := loadClosures(im.ctx, im.tx)
	if err != nil {
		return Counts{}, err
	}
	var old []planner.Closure
	for _, c := range stored {
		if touches(c) {
			old = append(old, c)
		}
	}
	c := diff(old, ds.Closures)
	if c.Inserted == 0 && c.Deleted == 0 {
		return c, nil
	}
	for _, x := range old {
		if err := im.exec(`DELETE FROM closures WHERE first_day = ? AND last_day = ?`, x.FirstDay.String(), x.LastDay.String()); err != nil {
			return c, err
		}
	}
	for _, x := range ds.Closures {
		if err := insertClosure(im, x); err != nil {
			return c, err
		}
	}
	return c, nil
}

func insertClosure(im importer, c planner.Closure) error {
	if c.FirstDay.IsZero() || c.LastDay.IsZero() || c.LastDay.Before(c.FirstDay) {
		return fmt.Errorf("closure %s to %s is not a span of days", c.FirstDay, c.LastDay)
	}
	err := im.exec(`INSERT INTO closures (first_day, last_day, note) VALUES (?, ?, ?)`,
		c.FirstDay.String(), c.LastDay.String(), c.Note)
	if err != nil {
		return fmt.Errorf("closure %s: %w", c, err)
	}
	return nil
}

// Closures returns the stored closures, by first and last day.
func (s *Store) Closures(ctx context.Context) ([]planner.Closure, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: closures: %w", err)
	}
	defer tx.Rollback()
	out, err := loadClosures(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("store: closures: %w", err)
	}
	return out, nil
}

// AddClosures adds closures to the stored ones in one transaction and returns those it added:
// a closure of the same days as a stored one is left as it was (with its note).
func (s *Store) AddClosures(ctx context.Context, add []planner.Closure) ([]planner.Closure, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: add closures: %w", err)
	}
	defer tx.Rollback()
	old, err := loadClosures(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("store: add closures: %w", err)
	}
	im := importer{ctx: ctx, tx: tx}
	var added []planner.Closure
	for _, c := range add {
		same := func(o planner.Closure) bool { return o.FirstDay == c.FirstDay && o.LastDay == c.LastDay }
		if slices.ContainsFunc(old, same) || slices.ContainsFunc(added, same) {
			continue
		}
		if err := insertClosure(im, c); err != nil {
			return nil, fmt.Errorf("store: add closures: %w", err)
		}
		added = append(added, c)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: add closures: %w", err)
	}
	return added, nil
}

// ReplaceAvailability replaces, in one transaction, the availability rules of each person
// that rules names with the rules given for them (an empty list leaves the person with none);
// nobody else's rules change. A staff id the store does not know is an error and nothing is
// written. It returns the counts of rows inserted, unchanged and deleted.
func (s *Store) ReplaceAvailability(ctx context.Context, rules map[string][]planner.Availability) (Counts, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Counts{}, fmt.Errorf("store: replace availability: %w", err)
	}
	defer tx.Rollback()
	ids := make([]string, 0, len(rules))
	ds := &planner.Dataset{Availability: []planner.Availability{}}
	for id := range rules {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM staff WHERE id = ?`, id).Scan(&n); err != nil {
			return Counts{}, fmt.Errorf("store: replace availability: %w", err)
		}
		if n == 0 {
			return Counts{}, fmt.Errorf("store: replace availability: staff %s is not in the store", id)
		}
		ds.Staff = append(ds.Staff, planner.Staff{ID: id})
		for _, a := range rules[id] {
			if a.StaffID != id {
				return Counts{}, fmt.Errorf("store: replace availability: a rule of %s is given for %s", a.StaffID, id)
			}
			ds.Availability = append(ds.Availability, a)
		}
	}
	c, err := importer{ctx: ctx, tx: tx}.availability(ds)
	if err != nil {
		return Counts{}, fmt.Errorf("store: replace availability: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Counts{}, fmt.Errorf("store: replace availability: %w", err)
	}
	return c, nil
}
