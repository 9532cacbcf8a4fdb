package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Dataset loads everything the store knows about the desk, from one consistent snapshot.
//
// The order is stable: lines, staff and shift templates in the order they were first
// imported; availability by person (in staff order), then in the order given; sessions by first
// day; forecast by session, date (weekly profile rows first, by weekday), slot and line;
// closures by first and last day.
// Settings start from planner.DefaultSettings() and take every stored key; SettingsSet lists
// the stored keys in planner.SettingKeys order. Slices are never nil, so that importing the
// result into another store copies it whole.
//
// A stored setting or forecast row outside its range (planner.Range: written by an older
// version, or by hand) is a *ValueError naming each, so that no command plans with it.
func (s *Store) Dataset(ctx context.Context) (*planner.Dataset, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: load: %w", err)
	}
	defer tx.Rollback()
	ds, err := loadDataset(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("store: load: %w", err)
	}
	return ds, nil
}

// ValueError reports values in the store outside their ranges: settings and forecast rows
// written by an older version of deskplan or by hand. Importing corrected data replaces them.
type ValueError struct {
	Problems []string // each names the setting or the row, and the range
	// Dataset is what the store holds with those values left out (settings at their
	// defaults, forecast rows dropped): what an import that replaces them checks against.
	Dataset *planner.Dataset
}

func (e *ValueError) Error() string {
	return "the store holds values outside their ranges (import corrected data to replace them):\n  " +
		strings.Join(e.Problems, "\n  ")
}

func loadDataset(ctx context.Context, tx *sql.Tx) (*planner.Dataset, error) {
	ds := &planner.Dataset{}
	var err error
	var problems []string
	if ds.Settings, ds.SettingsSet, problems, err = readSettings(ctx, tx); err != nil {
		return nil, err
	}
	if ds.Lines, err = loadLines(ctx, tx); err != nil {
		return nil, err
	}
	if ds.Staff, err = loadStaff(ctx, tx); err != nil {
		return nil, err
	}
	if ds.Availability, err = loadAvailability(ctx, tx, ""); err != nil {
		return nil, err
	}
	if ds.Sessions, err = loadSessions(ctx, tx); err != nil {
		return nil, err
	}
	if ds.Forecast, err = loadForecast(ctx, tx, ""); err != nil {
		return nil, err
	}
	if ds.ShiftTemplates, err = loadShiftTemplates(ctx, tx); err != nil {
		return nil, err
	}
	if ds.Closures, err = loadClosures(ctx, tx); err != nil {
		return nil, err
	}
	kept := ds.Forecast[:0]
	for _, f := range ds.Forecast {
		if err := f.Validate(); err != nil {
			problems = append(problems, err.Error())
			continue
		}
		kept = append(kept, f)
	}
	ds.Forecast = kept
	if len(problems) > 0 {
		return nil, &ValueError{Problems: problems, Dataset: ds}
	}
	return ds, nil
}

// query runs q and calls scan for each row.
func query(ctx context.Context, tx *sql.Tx, scan func(*sql.Rows) error, q string, args ...any) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// date is a calendar.Date as the store keeps it: TEXT YYYY-MM-DD, the empty string for the
// zero Date.
type date struct{ d *calendar.Date }

func (x date) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	case nil:
	default:
		return fmt.Errorf("date: unexpected %T", v)
	}
	if s == "" {
		*x.d = calendar.Date{}
		return nil
	}
	*x.d = parseStoredDate(s)
	if x.d.IsZero() {
		d, err := calendar.ParseDate(s)
		if err != nil {
			return err
		}
		*x.d = d
	}
	return nil
}

// parseStoredDate parses YYYY-MM-DD quickly (loads read many dates), or returns the zero Date.
func parseStoredDate(s string) calendar.Date {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return calendar.Date{}
	}
	n := 0
	num := func(p string) int {
		v := 0
		for _, c := range []byte(p) {
			if c < '0' || c > '9' {
				n = -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:])
	if n < 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return calendar.Date{}
	}
	out := calendar.Date{Year: y, Month: time.Month(m), Day: d}
	if out.AddDays(0) != out { // e.g. 2027-02-30
		return calendar.Date{}
	}
	return out
}

// loadSettings reads the stored settings; a stored value that Set refuses, or settings that
// fail Validate together, are an error.
func loadSettings(ctx context.Context, tx *sql.Tx) (planner.Settings, []string, error) {
	set, keys, problems, err := readSettings(ctx, tx)
	if err == nil && len(problems) > 0 {
		err = errors.New(strings.Join(problems, "; "))
	}
	return set, keys, err
}

// readSettings reads the stored settings. A stored value that Set refuses keeps its default
// and is reported in problems, as are settings that fail Validate together.
func readSettings(ctx context.Context, tx *sql.Tx) (planner.Settings, []string, []string, error) {
	set := planner.DefaultSettings()
	var keys, problems []string
	err := query(ctx, tx, func(r *sql.Rows) error {
		var k, v string
		if err := r.Scan(&k, &v); err != nil {
			return err
		}
		if err := set.Set(k, v); err != nil {
			problems = append(problems, "stored "+err.Error())
			return nil
		}
		keys = append(keys, k)
		return nil
	}, `SELECT key, value FROM settings`)
	if err != nil {
		return set, nil, nil, err
	}
	if len(problems) == 0 {
		if err := set.Validate(); err != nil {
			problems = append(problems, "stored settings: "+err.Error())
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return settingRank(a) - settingRank(b) })
	if keys == nil {
		keys = []string{}
	}
	return set, keys, problems, nil
}

func settingRank(key string) int {
	return slices.IndexFunc(planner.SettingKeys, func(k planner.SettingKey) bool { return k.Key == key })
}

func loadLines(ctx context.Context, tx *sql.Tx) ([]planner.Line, error) {
	out := []planner.Line{}
	err := query(ctx, tx, func(r *sql.Rows) error {
		var l planner.Line
		err := r.Scan(&l.ID, &l.Name, &l.Phone)
		out = append(out, l)
		return err
	}, `SELECT id, name, phone FROM lines ORDER BY pos, id`)
	return out, err
}

func loadStaff(ctx context.Context, tx *sql.Tx) ([]planner.Staff, error) {
	out := []planner.Staff{}
	index := map[string]int{}
	err := query(ctx, tx, func(r *sql.Rows) error {
		var p planner.Staff
		var prod sql.NullFloat64
		if err := r.Scan(&p.ID, &p.Name, &p.Email, &p.Status, &p.MinHoursWeek, &p.MaxHoursWeek,
			&p.MaxDaysWeek, &p.MaxHoursDay, &prod, &p.TrainingHours); err != nil {
			return err
		}
		if prod.Valid {
			p.Productivity = &prod.Float64
		}
		index[p.ID] = len(out)
		out = append(out, p)
		return nil
	}, `SELECT id, name, email, status, min_hours_week, max_hours_week, max_days_week,
		max_hours_day, productivity, training_hours FROM staff ORDER BY pos, id`)
	if err != nil {
		return nil, err
	}
	err = query(ctx, tx, func(r *sql.Rows) error {
		var id, line string
		if err := r.Scan(&id, &line); err != nil {
			return err
		}
		p := &out[index[id]]
		p.Lines = append(p.Lines, line)
		return nil
	}, `SELECT staff_id, line_id FROM staff_lines ORDER BY staff_id, pos`)
	if err != nil {
		return nil, err
	}
	err = query(ctx, tx, func(r *sql.Rows) error {
		var id, role string
		if err := r.Scan(&id, &role); err != nil {
			return err
		}
		p := &out[index[id]]
		p.Roles = append(p.Roles, role)
		return nil
	}, `SELECT staff_id, role FROM staff_roles ORDER BY staff_id, pos`)
	return out, err
}

// loadAvailability loads the availability of staffID, or of everyone when staffID is "".
func loadAvailability(ctx context.Context, tx *sql.Tx, staffID string) ([]planner.Availability, error) {
	out := []planner.Availability{}
	err := query(ctx, tx, func(r *sql.Rows) error {
		var a planner.Availability
		err := r.Scan(&a.StaffID, &a.Kind, &a.RRule, date{&a.FirstDay}, date{&a.LastDay}, &a.From, &a.To, &a.Note)
		out = append(out, a)
		return err
	}, `SELECT a.staff_id, a.kind, a.rrule, a.first_day, a.last_day, a.from_min, a.to_min, a.note
		FROM availability a JOIN staff s ON s.id = a.staff_id
		WHERE ?1 = '' OR a.staff_id = ?1
		ORDER BY s.pos, a.staff_id, a.pos`, staffID)
	return out, err
}

func loadSessions(ctx context.Context, tx *sql.Tx) ([]planner.Session, error) {
	out := []planner.Session{}
	err := query(ctx, tx, func(r *sql.Rows) error {
		var x planner.Session
		err := r.Scan(&x.ID, &x.Name, date{&x.FirstDay}, date{&x.LastDay}, &x.ExamDays, &x.Sittings, &x.Type)
		out = append(out, x)
		return err
	}, `SELECT id, name, first_day, last_day, exam_days, sittings, type FROM sessions ORDER BY first_day, id`)
	return out, err
}

// loadForecast loads the forecast of sessionID, or of every session when sessionID is "".
func loadForecast(ctx context.Context, tx *sql.Tx, sessionID string) ([]planner.ForecastRow, error) {
	out := []planner.ForecastRow{}
	err := query(ctx, tx, func(r *sql.Rows) error {
		var f planner.ForecastRow
		err := r.Scan(&f.SessionID, date{&f.Date}, &f.Weekday, &f.Slot, &f.Line, &f.Calls, &f.AHT, &f.Patience,
			&f.DayCV, &f.SlotCV)
		out = append(out, f)
		return err
	}, `SELECT f.session_id, f.date, f.weekday, f.slot, f.line, f.calls, f.aht, f.patience, f.day_cv, f.slot_cv
		FROM forecast f JOIN sessions s ON s.id = f.session_id
		WHERE ?1 = '' OR f.session_id = ?1
		ORDER BY s.first_day, f.session_id, f.date, f.weekday, f.slot, f.line`, sessionID)
	return out, err
}

func loadShiftTemplates(ctx context.Context, tx *sql.Tx) ([]planner.ShiftTemplate, error) {
	out := []planner.ShiftTemplate{}
	err := query(ctx, tx, func(r *sql.Rows) error {
		var t planner.ShiftTemplate
		err := r.Scan(&t.Name, &t.EarliestStart, &t.LatestStart, &t.StepMinutes, &t.MinMinutes, &t.MaxMinutes,
			&t.BreakMinutes, &t.BreakAfterMinutes, &t.BreakEarliest, &t.BreakLatest)
		out = append(out, t)
		return err
	}, `SELECT name, earliest_start, latest_start, step_minutes, min_minutes, max_minutes,
		break_minutes, break_after_minutes, break_earliest, break_latest
		FROM shift_templates ORDER BY pos, name`)
	return out, err
}

// Counts says what an import did to the rows of one table.
type Counts struct {
	Inserted  int `json:"inserted"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Deleted   int `json:"deleted"` // availability and forecast rows replaced by the import
}

// Changed reports whether the import changed the table.
func (c Counts) Changed() bool { return c.Inserted+c.Updated+c.Deleted > 0 }

// ImportStats says what an import did, table by table.
type ImportStats struct {
	Settings       Counts `json:"settings"`
	Lines          Counts `json:"lines"`
	Staff          Counts `json:"staff"`
	Availability   Counts `json:"availability"`
	Sessions       Counts `json:"sessions"`
	Forecast       Counts `json:"forecast"`
	ShiftTemplates Counts `json:"shift_templates"`
	Closures       Counts `json:"closures"`
}

// TableCounts is the Counts of one table, named as the input sheet is.
type TableCounts struct {
	Table string
	Counts
}

// Tables returns the counts per table, in the order of the input sheets.
func (s ImportStats) Tables() []TableCounts {
	return []TableCounts{
		{"Settings", s.Settings},
		{"Lines", s.Lines},
		{"Staff", s.Staff},
		{"Availability", s.Availability},
		{"Sessions", s.Sessions},
		{"Forecast", s.Forecast},
		{"ShiftTemplates", s.ShiftTemplates},
		{"Closures", s.Closures},
	}
}

// Changed reports whether the import changed anything.
func (s ImportStats) Changed() bool {
	return slices.ContainsFunc(s.Tables(), func(t TableCounts) bool { return t.Changed() })
}

// Import writes ds into the store in one transaction: on any error nothing is written.
// Importing the same data twice changes nothing the second time.
//
// What is written, table by table (a nil slice leaves its table untouched):
//   - settings: only the keys listed in ds.SettingsSet, upserted by key (see
//     planner.Dataset.SetSetting); the merged settings must pass Settings.Validate.
//   - lines, staff, sessions, shift templates: upserted by id (name for templates); rows the
//     data does not mention are kept. A staff member's lines and roles are replaced as a whole.
//   - availability: for each person named in ds.Availability or, when ds.Availability is not
//     nil, in ds.Staff, the rows given replace that person's stored rules (so a person listed
//     in the Staff sheet with no availability rows ends with none); other people keep theirs.
//   - forecast: likewise, the rows given replace the forecast of each session named in
//     ds.Forecast or, when ds.Forecast is not nil, in ds.Sessions.
//   - closures: the closures given replace the stored closures of the years they touch.
//
// References must hold after the import: availability to staff, forecast to sessions and
// lines, staff lines to lines. A broken one is an error naming the row, and rolls back.
func (s *Store) Import(ctx context.Context, ds *planner.Dataset) (ImportStats, error) {
	var st ImportStats
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return st, fmt.Errorf("store: import: %w", err)
	}
	defer tx.Rollback()
	im := importer{ctx: ctx, tx: tx}
	steps := []struct {
		name string
		run  func(*planner.Dataset) (Counts, error)
		out  *Counts
	}{
		{"settings", im.settings, &st.Settings},
		{"lines", im.lines, &st.Lines},
		{"staff", im.staff, &st.Staff},
		{"sessions", im.sessions, &st.Sessions},
		{"shift templates", im.shiftTemplates, &st.ShiftTemplates},
		{"availability", im.availability, &st.Availability},
		{"forecast", im.forecast, &st.Forecast},
		{"closures", im.closures, &st.Closures},
	}
	for _, step := range steps {
		c, err := step.run(ds)
		if err != nil {
			return ImportStats{}, fmt.Errorf("store: import %s: %w", step.name, err)
		}
		*step.out = c
	}
	if err := tx.Commit(); err != nil {
		return ImportStats{}, fmt.Errorf("store: import: %w", err)
	}
	return st, nil
}

// testHookForecastRow, when set (by tests only), is called after each forecast row written.
var testHookForecastRow func(n int)

type importer struct {
	ctx context.Context
	tx  *sql.Tx
}

func (im importer) exec(q string, args ...any) error {
	_, err := im.tx.ExecContext(im.ctx, q, args...)
	return err
}

func (im importer) nextPos(table string) (int, error) {
	var n int
	err := im.tx.QueryRowContext(im.ctx, `SELECT coalesce(max(pos), -1) + 1 FROM `+table).Scan(&n)
	return n, err
}

// upsert writes rows keyed by key(row): new keys are inserted with increasing pos, changed
// rows updated, equal rows left alone. A key given twice is an error.
func upsert[T any](im importer, table string, rows []T, key func(T) string,
	stored map[string]T, equal func(a, b T) bool,
	insert func(row T, pos int) error, update func(row T) error) (Counts, error) {
	var c Counts
	pos, err := im.nextPos(table)
	if err != nil {
		return c, err
	}
	seen := make(map[string]bool, len(rows))
	for _, row := range rows {
		k := key(row)
		if seen[k] {
			return c, fmt.Errorf("%q is given twice", k)
		}
		seen[k] = true
		old, ok := stored[k]
		switch {
		case !ok:
			if err := insert(row, pos); err != nil {
				return c, fmt.Errorf("%q: %w", k, err)
			}
			pos++
			c.Inserted++
		case equal(old, row):
			c.Unchanged++
		default:
			if err := update(row); err != nil {
				return c, fmt.Errorf("%q: %w", k, err)
			}
			c.Updated++
		}
	}
	return c, nil
}

func (im importer) settings(ds *planner.Dataset) (Counts, error) {
	var c Counts
	if len(ds.SettingsSet) == 0 {
		return c, nil
	}
	values := map[string]string{}
	for _, kv := range ds.Settings.Pairs() {
		values[kv[0]] = kv[1]
	}
	stored := map[string]string{}
	err := query(im.ctx, im.tx, func(r *sql.Rows) error {
		var k, v string
		err := r.Scan(&k, &v)
		stored[k] = v
		return err
	}, `SELECT key, value FROM settings`)
	if err != nil {
		return c, err
	}
	done := map[string]bool{}
	for _, k := range ds.SettingsSet {
		k = strings.ToLower(strings.TrimSpace(k))
		v, ok := values[k]
		if !ok {
			return c, fmt.Errorf("unknown setting %q", k)
		}
		if done[k] {
			continue
		}
		done[k] = true
		old, ok := stored[k]
		switch {
		case !ok:
			c.Inserted++
		case old == v:
			c.Unchanged++
			continue
		default:
			c.Updated++
		}
		if err := im.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return c, err
		}
	}
	merged, _, err := loadSettings(im.ctx, im.tx)
	if err != nil {
		return c, err
	}
	if err := merged.Validate(); err != nil {
		return c, fmt.Errorf("with the stored settings: %w", err)
	}
	return c, nil
}

func (im importer) lines(ds *planner.Dataset) (Counts, error) {
	if ds.Lines == nil {
		return Counts{}, nil
	}
	old, err := loadLines(im.ctx, im.tx)
	if err != nil {
		return Counts{}, err
	}
	return upsert(im, "lines", ds.Lines, func(l planner.Line) string { return l.ID },
		byKey(old, func(l planner.Line) string { return l.ID }),
		func(a, b planner.Line) bool { return a == b },
		func(l planner.Line, pos int) error {
			return im.exec(`INSERT INTO lines (id, pos, name, phone) VALUES (?, ?, ?, ?)`, l.ID, pos, l.Name, l.Phone)
		},
		func(l planner.Line) error {
			return im.exec(`UPDATE lines SET name = ?, phone = ? WHERE id = ?`, l.Name, l.Phone, l.ID)
		})
}

func byKey[T any](rows []T, key func(T) string) map[string]T {
	m := make(map[string]T, len(rows))
	for _, r := range rows {
		m[key(r)] = r
	}
	return m
}

func sameStaff(a, b planner.Staff) bool {
	pa, pb := a.Productivity, b.Productivity
	a.Productivity, b.Productivity = nil, nil
	if (pa == nil) != (pb == nil) || pa != nil && *pa != *pb {
		return false
	}
	return slices.Equal(a.Lines, b.Lines) && slices.Equal(a.Roles, b.Roles) &&
		a.ID == b.ID && a.Name == b.Name && a.Email == b.Email && a.Status == b.Status &&
		a.MinHoursWeek == b.MinHoursWeek && a.MaxHoursWeek == b.MaxHoursWeek &&
		a.MaxDaysWeek == b.MaxDaysWeek && a.MaxHoursDay == b.MaxHoursDay &&
		a.TrainingHours == b.TrainingHours
}

func (im importer) staff(ds *planner.Dataset) (Counts, error) {
	if ds.Staff == nil {
		return Counts{}, nil
	}
	old, err := loadStaff(im.ctx, im.tx)
	if err != nil {
		return Counts{}, err
	}
	children := func(p planner.Staff) error {
		if err := im.exec(`DELETE FROM staff_lines WHERE staff_id = ?`, p.ID); err != nil {
			return err
		}
		if err := im.exec(`DELETE FROM staff_roles WHERE staff_id = ?`, p.ID); err != nil {
			return err
		}
		for i, l := range p.Lines {
			if err := im.exec(`INSERT INTO staff_lines (staff_id, pos, line_id) VALUES (?, ?, ?)`, p.ID, i, l); err != nil {
				return fmt.Errorf("line %q: %w", l, err)
			}
		}
		for i, r := range p.Roles {
			if err := im.exec(`INSERT INTO staff_roles (staff_id, pos, role) VALUES (?, ?, ?)`, p.ID, i, r); err != nil {
				return fmt.Errorf("role %q: %w", r, err)
			}
		}
		return nil
	}
	return upsert(im, "staff", ds.Staff, func(p planner.Staff) string { return p.ID },
		byKey(old, func(p planner.Staff) string { return p.ID }), sameStaff,
		func(p planner.Staff, pos int) error {
			if err := im.exec(`INSERT INTO staff (id, pos, name, email, status, min_hours_week,
				max_hours_week, max_days_week, max_hours_day, productivity, training_hours)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				p.ID, pos, p.Name, p.Email, p.Status, p.MinHoursWeek, p.MaxHoursWeek, p.MaxDaysWeek,
				p.MaxHoursDay, p.Productivity, p.TrainingHours); err != nil {
				return err
			}
			return children(p)
		},
		func(p planner.Staff) error {
			if err := im.exec(`UPDATE staff SET name = ?, email = ?, status = ?, min_hours_week = ?,
				max_hours_week = ?, max_days_week = ?, max_hours_day = ?, productivity = ?,
				training_hours = ? WHERE id = ?`,
				p.Name, p.Email, p.Status, p.MinHoursWeek, p.MaxHoursWeek, p.MaxDaysWeek,
				p.MaxHoursDay, p.Productivity, p.TrainingHours, p.ID); err != nil {
				return err
			}
			return children(p)
		})
}

func (im importer) sessions(ds *planner.Dataset) (Counts, error) {
	if ds.Sessions == nil {
		return Counts{}, nil
	}
	old, err := loadSessions(im.ctx, im.tx)
	if err != nil {
		return Counts{}, err
	}
	// Sessions are ordered by first day, not by pos: the pos column is not needed.
	const upd = `UPDATE sessions SET name = ?2, first_day = ?3, last_day = ?4, exam_days = ?5,
		sittings = ?6, type = ?7 WHERE id = ?1`
	const ins = `INSERT INTO sessions (id, name, first_day, last_day, exam_days, sittings, type)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`
	write := func(q string, x planner.Session) error {
		if x.FirstDay.IsZero() || x.LastDay.IsZero() {
			return fmt.Errorf("first and last day are required")
		}
		return im.exec(q, x.ID, x.Name, x.FirstDay.String(), x.LastDay.String(), x.ExamDays, x.Sittings, x.Type)
	}
	var c Counts
	seen := map[string]bool{}
	stored := byKey(old, func(s planner.Session) string { return s.ID })
	for _, x := range ds.Sessions {
		if seen[x.ID] {
			return c, fmt.Errorf("%q is given twice", x.ID)
		}
		seen[x.ID] = true
		prev, ok := stored[x.ID]
		switch {
		case !ok:
			if err := write(ins, x); err != nil {
				return c, fmt.Errorf("%q: %w", x.ID, err)
			}
			c.Inserted++
		case prev == x:
			c.Unchanged++
		default:
			if err := write(upd, x); err != nil {
				return c, fmt.Errorf("%q: %w", x.ID, err)
			}
			c.Updated++
		}
	}
	return c, nil
}

func (im importer) shiftTemplates(ds *planner.Dataset) (Counts, error) {
	if ds.ShiftTemplates == nil {
		return Counts{}, nil
	}
	old, err := loadShiftTemplates(im.ctx, im.tx)
	if err != nil {
		return Counts{}, err
	}
	return upsert(im, "shift_templates", ds.ShiftTemplates, func(t planner.ShiftTemplate) string { return t.Name },
		byKey(old, func(t planner.ShiftTemplate) string { return t.Name }),
		func(a, b planner.ShiftTemplate) bool { return a == b },
		func(t planner.ShiftTemplate, pos int) error {
			return im.exec(`INSERT INTO shift_templates (name, pos, earliest_start, latest_start,
				step_minutes, min_minutes, max_minutes, break_minutes, break_after_minutes,
				break_earliest, break_latest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				t.Name, pos, t.EarliestStart, t.LatestStart, t.StepMinutes, t.MinMinutes, t.MaxMinutes,
				t.BreakMinutes, t.BreakAfterMinutes, t.BreakEarliest, t.BreakLatest)
		},
		func(t planner.ShiftTemplate) error {
			return im.exec(`UPDATE shift_templates SET earliest_start = ?, latest_start = ?,
				step_minutes = ?, min_minutes = ?, max_minutes = ?, break_minutes = ?,
				break_after_minutes = ?, break_earliest = ?, break_latest = ? WHERE name = ?`,
				t.EarliestStart, t.LatestStart, t.StepMinutes, t.MinMinutes, t.MaxMinutes,
				t.BreakMinutes, t.BreakAfterMinutes, t.BreakEarliest, t.BreakLatest, t.Name)
		})
}

// group splits rows by key, keys in order of first appearance, after the extra keys.
func group[T any](rows []T, key func(T) string, extra []string) ([]string, map[string][]T) {
	var order []string
	m := map[string][]T{}
	for _, k := range extra {
		if _, ok := m[k]; !ok {
			order = append(order, k)
			m[k] = nil
		}
	}
	for _, r := range rows {
		k := key(r)
		if _, ok := m[k]; !ok {
			order = append(order, k)
		}
		m[k] = append(m[k], r)
	}
	return order, m
}

// diff counts, as a multiset, the rows of new that old has (unchanged), the others of new
// (inserted) and the others of old (deleted).
func diff[T comparable](old, new []T) Counts {
	have := map[T]int{}
	for _, r := range old {
		have[r]++
	}
	var c Counts
	for _, r := range new {
		if have[r] > 0 {
			have[r]--
			c.Unchanged++
		} else {
			c.Inserted++
		}
	}
	c.Deleted = len(old) - c.Unchanged
	return c
}

func (im importer) availability(ds *planner.Dataset) (Counts, error) {
	var c Counts
	if ds.Availability == nil {
		return c, nil
	}
	ids := make([]string, len(ds.Staff))
	for i, p := range ds.Staff {
		ids[i] = p.ID
	}
	order, rows := group(ds.Availability, func(a planner.Availability) string { return a.StaffID }, ids)
	ins, err := im.tx.PrepareContext(im.ctx, `INSERT INTO availability (staff_id, pos, kind, rrule,
		first_day, last_day, from_min, to_min, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return c, err
	}
	defer ins.Close()
	for _, id := range order {
		old, err := loadAvailability(im.ctx, im.tx, id)
		if err != nil {
			return c, err
		}
		d := diff(old, rows[id])
		c.Inserted += d.Inserted
		c.Unchanged += d.Unchanged
		c.Deleted += d.Deleted
		if slices.Equal(old, rows[id]) {
			continue
		}
		if err := im.exec(`DELETE FROM availability WHERE staff_id = ?`, id); err != nil {
			return c, err
		}
		for i, a := range rows[id] {
			if _, err := ins.ExecContext(im.ctx, a.StaffID, i, a.Kind, a.RRule, a.FirstDay.String(),
				a.LastDay.String(), a.From, a.To, a.Note); err != nil {
				return c, fmt.Errorf("staff %q, rule %d (%s): %w", id, i+1, a.Kind, explainFK(err, "staff "+id+" is not in the store"))
			}
		}
	}
	return c, nil
}

// explainFK replaces SQLite's terse foreign key message by what it means here.
func explainFK(err error, what string) error {
	if err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		return fmt.Errorf("%s (%w)", what, err)
	}
	return err
}

type forecastKey struct {
	date    string
	weekday time.Weekday
	slot    calendar.Clock
	line    string
}

type forecastValue struct{ calls, aht, patience, dayCV, slotCV float64 }

func (im importer) forecast(ds *planner.Dataset) (Counts, error) {
	var c Counts
	if ds.Forecast == nil {
		return c, nil
	}
	ids := make([]string, len(ds.Sessions))
	for i, x := range ds.Sessions {
		ids[i] = x.ID
	}
	order, rows := group(ds.Forecast, func(f planner.ForecastRow) string { return f.SessionID }, ids)
	ins, err := im.tx.PrepareContext(im.ctx, `INSERT INTO forecast (session_id, date, weekday, slot,
		line, calls, aht, patience, day_cv, slot_cv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return c, err
	}
	defer ins.Close()
	upd, err := im.tx.PrepareContext(im.ctx, `UPDATE forecast SET calls = ?6, aht = ?7, patience = ?8,
		day_cv = ?9, slot_cv = ?10 WHERE session_id = ?1 AND date = ?2 AND weekday = ?3 AND slot = ?4 AND line = ?5`)
	if err != nil {
		return c, err
	}
	defer upd.Close()
	del, err := im.tx.PrepareContext(im.ctx, `DELETE FROM forecast
		WHERE session_id = ?1 AND date = ?2 AND weekday = ?3 AND slot = ?4 AND line = ?5`)
	if err != nil {
		return c, err
	}
	defer del.Close()
	written := 0
	for _, sid := range order {
		stored := map[forecastKey]forecastValue{}
		err := query(im.ctx, im.tx, func(r *sql.Rows) error {
			var k forecastKey
			var v forecastValue
			err := r.Scan(&k.date, &k.weekday, &k.slot, &k.line, &v.calls, &v.aht, &v.patience, &v.dayCV, &v.slotCV)
			stored[k] = v
			return err
		}, `SELECT date, weekday, slot, line, calls, aht, patience, day_cv, slot_cv FROM forecast
			WHERE session_id = ?`, sid)
		if err != nil {
			return c, err
		}
		given := make(map[forecastKey]bool, len(rows[sid]))
		for _, f := range rows[sid] {
			k := forecastKey{f.Date.String(), f.Weekday, f.Slot, f.Line}
			given[k] = true
		}
		for k := range stored {
			if !given[k] {
				if _, err := del.ExecContext(im.ctx, sid, k.date, k.weekday, k.slot, k.line); err != nil {
					return c, err
				}
				c.Deleted++
			}
		}
		clear(given)
		for _, f := range rows[sid] {
			if err := f.Validate(); err != nil {
				return c, err
			}
			k := forecastKey{f.Date.String(), f.Weekday, f.Slot, f.Line}
			v := forecastValue{f.Calls, f.AHT, f.Patience, f.DayCV, f.SlotCV}
			where := func() string {
				day := k.date
				if day == "" {
					day = f.Weekday.String()
				}
				return fmt.Sprintf("session %s, %s %s, line %s", sid, day, f.Slot, f.Line)
			}
			if given[k] {
				return c, fmt.Errorf("%s: given twice", where())
			}
			given[k] = true
			old, ok := stored[k]
			switch {
			case !ok:
				if _, err := ins.ExecContext(im.ctx, sid, k.date, k.weekday, k.slot, k.line, v.calls, v.aht, v.patience,
					v.dayCV, v.slotCV); err != nil {
					return c, fmt.Errorf("%s: %w", where(), explainFK(err, "session or line is not in the store"))
				}
				c.Inserted++
			case old == v:
				c.Unchanged++
				continue
			default:
				if _, err := upd.ExecContext(im.ctx, sid, k.date, k.weekday, k.slot, k.line, v.calls, v.aht, v.patience,
					v.dayCV, v.slotCV); err != nil {
					return c, fmt.Errorf("%s: %w", where(), err)
				}
				c.Updated++
			}
			written++
			if testHookForecastRow != nil {
				testHookForecastRow(written)
			}
		}
	}
	return c, nil
}
