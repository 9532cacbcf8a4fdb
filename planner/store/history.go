package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	fcast "github.com/deskplan/deskplan/planner/forecast" // aliased: the package has a test helper named forecast
)

// The call history, the exam timetable and the versions of session forecasts
// (migrations/0002_history.sql).

// ImportCalls adds calls to the call history in one transaction and returns how many it
// added: on any error nothing is written.
//
// A call equal in every field (arrival to the nanosecond, line, wait, handle time, abandoned)
// to a stored call, or to an earlier call of calls, is taken as the same call and not added
// again: importing a call log twice, or two exports that overlap, adds each call once.
//
// A call with a zero arrival, an arrival outside the years 1900-2199, an empty line, or a
// negative or non-finite wait or handle time is an error naming the call (its index from 1).
func (s *Store) ImportCalls(ctx context.Context, calls []fcast.Call) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: import calls: %w", err)
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO calls (arrival_ns, arrival, line, wait, handle, abandoned)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return 0, fmt.Errorf("store: import calls: %w", err)
	}
	defer ins.Close()
	added := 0
	for i, c := range calls {
		if err := checkCall(c); err != nil {
			return 0, fmt.Errorf("store: import calls: call %d: %w", i+1, err)
		}
		res, err := ins.ExecContext(ctx, c.Arrival.UnixNano(), c.Arrival.Format(time.RFC3339Nano),
			c.Line, c.WaitSeconds, c.HandleSeconds, c.Abandoned)
		if err != nil {
			return 0, fmt.Errorf("store: import calls: call %d: %w", i+1, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("store: import calls: %w", err)
		}
		added += int(n)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: import calls: %w", err)
	}
	return added, nil
}

func checkCall(c fcast.Call) error {
	bad := func(x float64) bool { return x < 0 || math.IsNaN(x) || math.IsInf(x, 0) }
	switch {
	case c.Arrival.IsZero():
		return errors.New("no arrival time")
	case c.Arrival.Year() < 1900 || c.Arrival.Year() > 2199:
		return fmt.Errorf("arrival %s is not between the years 1900 and 2199", c.Arrival.Format(time.RFC3339))
	case c.Line == "":
		return fmt.Errorf("arrival %s: no line", c.Arrival.Format(time.RFC3339))
	case bad(c.WaitSeconds):
		return fmt.Errorf("arrival %s, line %s: wait %v seconds is not a duration", c.Arrival.Format(time.RFC3339), c.Line, c.WaitSeconds)
	case bad(c.HandleSeconds):
		return fmt.Errorf("arrival %s, line %s: handle time %v seconds is not a duration", c.Arrival.Format(time.RFC3339), c.Line, c.HandleSeconds)
	}
	return nil
}

// Calls returns the calls of the history that arrived from from (included) to to (excluded),
// sorted by arrival then line; a zero from or to leaves that end open. Arrivals are in the
// desk's time zone (the time_zone setting), as forecast.ReadCalls returns them.
func (s *Store) Calls(ctx context.Context, from, to time.Time) ([]fcast.Call, error) {
	tx, loc, err := s.readInZone(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: calls: %w", err)
	}
	defer tx.Rollback()
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = from.UnixNano()
	}
	if !to.IsZero() {
		hi = to.UnixNano()
	}
	out := []fcast.Call{}
	err = query(ctx, tx, func(r *sql.Rows) error {
		var c fcast.Call
		var ns int64
		if err := r.Scan(&ns, &c.Line, &c.WaitSeconds, &c.HandleSeconds, &c.Abandoned); err != nil {
			return err
		}
		c.Arrival = time.Unix(0, ns).In(loc)
		out = append(out, c)
		return nil
	}, `SELECT arrival_ns, line, wait, handle, abandoned FROM calls
		WHERE arrival_ns >= ? AND arrival_ns < ? ORDER BY arrival_ns, line, wait, handle, abandoned`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("store: calls: %w", err)
	}
	return out, nil
}

// LineHistory sums up the stored calls of one line.
type LineHistory struct {
	Line      string    `json:"line"`
	Calls     int       `json:"calls"`
	Abandoned int       `json:"abandoned"`
	First     time.Time `json:"first"` // first arrival, in the desk's time zone
	Last      time.Time `json:"last"`  // last arrival
}

// HistorySummary sums up the stored call history and exam timetable.
type HistorySummary struct {
	Calls int           `json:"calls"`
	Lines []LineHistory `json:"lines"` // by line id
	Exams int           `json:"exams"`
	// ExamDays is the number of dates with an exam; FirstExam and LastExam the first and last.
	ExamDays  int           `json:"exam_days"`
	FirstExam calendar.Date `json:"first_exam,omitzero"`
	LastExam  calendar.Date `json:"last_exam,omitzero"`
}

// History sums up the stored call history (per line) and exam timetable.
func (s *Store) History(ctx context.Context) (HistorySummary, error) {
	sum := HistorySummary{Lines: []LineHistory{}}
	tx, loc, err := s.readInZone(ctx)
	if err != nil {
		return sum, fmt.Errorf("store: history: %w", err)
	}
	defer tx.Rollback()
	err = query(ctx, tx, func(r *sql.Rows) error {
		var l LineHistory
		var first, last int64
		if err := r.Scan(&l.Line, &l.Calls, &l.Abandoned, &first, &last); err != nil {
			return err
		}
		l.First, l.Last = time.Unix(0, first).In(loc), time.Unix(0, last).In(loc)
		sum.Calls += l.Calls
		sum.Lines = append(sum.Lines, l)
		return nil
	}, `SELECT line, count(*), total(abandoned), min(arrival_ns), max(arrival_ns) FROM calls GROUP BY line ORDER BY line`)
	if err != nil {
		return sum, fmt.Errorf("store: history: %w", err)
	}
	var first, last sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT date), min(date), max(date) FROM exams`).
		Scan(&sum.Exams, &sum.ExamDays, &first, &last)
	if err != nil {
		return sum, fmt.Errorf("store: history: %w", err)
	}
	if first.Valid {
		if err := (date{&sum.FirstExam}).Scan(first.String); err != nil {
			return sum, fmt.Errorf("store: history: %w", err)
		}
		if err := (date{&sum.LastExam}).Scan(last.String); err != nil {
			return sum, fmt.Errorf("store: history: %w", err)
		}
	}
	return sum, nil
}

// ImportTimetable writes an exam timetable in one transaction: the exams given for a date
// replace the stored exams of that date (so a corrected timetable corrects the store), and
// dates the timetable does not list keep theirs. Importing the same timetable twice changes
// nothing the second time. The counts say how many exams were inserted, deleted and left
// unchanged (a changed exam counts as one deleted and one inserted).
//
// An exam with a zero date, a start outside the day, a duration not above zero or negative
// sittings is an error naming the exam (its index from 1); on any error nothing is written.
func (s *Store) ImportTimetable(ctx context.Context, tt []fcast.ExamSitting) (Counts, error) {
	var c Counts
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return c, fmt.Errorf("store: import timetable: %w", err)
	}
	defer tx.Rollback()
	byDate := map[calendar.Date][]fcast.ExamSitting{}
	var dates []calendar.Date
	for i, e := range tt {
		switch {
		case e.Date.IsZero():
			return Counts{}, fmt.Errorf("store: import timetable: exam %d: no date", i+1)
		case e.Start < 0 || e.Start >= 24*60:
			return Counts{}, fmt.Errorf("store: import timetable: exam %d (%s): start %d minutes is outside the day", i+1, e.Date, int(e.Start))
		case e.Minutes <= 0:
			return Counts{}, fmt.Errorf("store: import timetable: exam %d (%s %s): duration %d minutes is not above 0", i+1, e.Date, e.Start, e.Minutes)
		case e.RemoteSittings < 0:
			return Counts{}, fmt.Errorf("store: import timetable: exam %d (%s %s): %d remote sittings is negative", i+1, e.Date, e.Start, e.RemoteSittings)
		}
		if _, ok := byDate[e.Date]; !ok {
			dates = append(dates, e.Date)
		}
		byDate[e.Date] = append(byDate[e.Date], e)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO exams (date, start_min, minutes, remote_sittings, name)
		VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return Counts{}, fmt.Errorf("store: import timetable: %w", err)
	}
	defer ins.Close()
	for _, d := range dates {
		old, err := loadTimetable(ctx, tx, d.String())
		if err != nil {
			return Counts{}, fmt.Errorf("store: import timetable: %w", err)
		}
		rows := byDate[d]
		dc := diff(old, rows)
		c.Inserted += dc.Inserted
		c.Unchanged += dc.Unchanged
		c.Deleted += dc.Deleted
		if dc.Inserted == 0 && dc.Deleted == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM exams WHERE date = ?`, d.String()); err != nil {
			return Counts{}, fmt.Errorf("store: import timetable: %w", err)
		}
		for _, e := range rows {
			if _, err := ins.ExecContext(ctx, e.Date.String(), int(e.Start), e.Minutes, e.RemoteSittings, e.Name); err != nil {
				return Counts{}, fmt.Errorf("store: import timetable: %s %s: %w", e.Date, e.Start, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return Counts{}, fmt.Errorf("store: import timetable: %w", err)
	}
	return c, nil
}

// Timetable returns the stored exam timetable, sorted by date, start, name, duration and
// sittings.
func (s *Store) Timetable(ctx context.Context) ([]fcast.ExamSitting, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: timetable: %w", err)
	}
	defer tx.Rollback()
	tt, err := loadTimetable(ctx, tx, "")
	if err != nil {
		return nil, fmt.Errorf("store: timetable: %w", err)
	}
	return tt, nil
}

// loadTimetable loads the exams of day (YYYY-MM-DD), or of every day when day is "".
func loadTimetable(ctx context.Context, tx *sql.Tx, day string) ([]fcast.ExamSitting, error) {
	out := []fcast.ExamSitting{}
	err := query(ctx, tx, func(r *sql.Rows) error {
		var e fcast.ExamSitting
		err := r.Scan(date{&e.Date}, &e.Start, &e.Minutes, &e.RemoteSittings, &e.Name)
		out = append(out, e)
		return err
	}, `SELECT date, start_min, minutes, remote_sittings, name FROM exams
		WHERE ?1 = '' OR date = ?1 ORDER BY date, start_min, name, minutes, remote_sittings`, day)
	return out, err
}

// ForecastVersion describes a forecast of a session: an archived version, or the current
// forecast (Version 0, Current true).
type ForecastVersion struct {
	SessionID string `json:"session"`
	Version   int    `json:"version"`
	Current   bool   `json:"current,omitempty"`
	// Note says what wrote the forecast (ReplaceForecast's note); "" when unknown: the rows
	// came from an import, or an import changed them since.
	Note       string        `json:"note"`
	WrittenAt  time.Time     `json:"written_at,omitzero"`  // when ReplaceForecast wrote it; zero when unknown
	ArchivedAt time.Time     `json:"archived_at,omitzero"` // when it was replaced; zero for the current one
	Rows       int           `json:"rows"`
	Calls      float64       `json:"calls"`          // total calls of its rows
	First      calendar.Date `json:"first,omitzero"` // first dated row's date
	Last       calendar.Date `json:"last,omitzero"`  // last dated row's date
	// Model is the forecast model that wrote the rows, when ReplaceForecast was given one and
	// (for the current forecast) no import changed the rows since.
	Model *fcast.Model `json:"model,omitempty"`
}

// ReplaceForecast replaces the forecast of a session by rows in one transaction, and keeps the
// rows it replaces as the session's next archived version (1, 2, ...; see ForecastVersions
// and ArchivedForecast). It returns that version's number, or 0 when nothing was archived:
// the session had no forecast, or rows are the forecast it has (then nothing changes but the
// note).
//
// note says what wrote rows (e.g. "built from 350 calls, 2026-06-08 to 2026-06-27") and model
// the forecast model that did (nil: none); both stay with them, into their archived version. A
// row's SessionID must be sessionID or empty. An unknown session gives an error wrapping
// ErrNotFound; a row twice, or a line the store does not know, is an error; on any error
// nothing is written.
func (s *Store) ReplaceForecast(ctx context.Context, sessionID string, rows []planner.ForecastRow, note string, model *fcast.Model) (int, error) {
	fail := func(err error) (int, error) {
		return 0, fmt.Errorf("store: replace forecast of session %s: %w", sessionID, err)
	}
	modelJSON, err := encodeModel(model)
	if err != nil {
		return fail(err)
	}
	if err := checkForecastRows(sessionID, rows); err != nil {
		return fail(err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if err := checkSession(ctx, tx, sessionID); err != nil {
		return fail(err)
	}
	old, err := loadForecast(ctx, tx, sessionID)
	if err != nil {
		return fail(err)
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	archived := 0
	if len(old) > 0 && !sameForecast(old, rows) {
		if archived, err = archiveForecast(ctx, tx, sessionID, now); err != nil {
			return fail(err)
		}
	}
	if archived > 0 || len(old) == 0 {
		if err := writeForecast(ctx, tx, sessionID, rows); err != nil {
			return fail(err)
		}
	}
	if err := recordSource(ctx, tx, sessionID, note, now, modelJSON); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return archived, nil
}

// encodeModel returns model as JSON, NULL for nil.
func encodeModel(model *fcast.Model) (sql.NullString, error) {
	if model == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(model)
	if err != nil {
		return sql.NullString{}, err
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}

// checkForecastRows reports the first row that cannot be a forecast row of session sessionID,
// numbered from 1.
func checkForecastRows(sessionID string, rows []planner.ForecastRow) error {
	for i, f := range rows {
		if f.SessionID != "" && f.SessionID != sessionID {
			return fmt.Errorf("row %d is of session %s", i+1, f.SessionID)
		}
		if f.Date.IsZero() && (f.Weekday < time.Sunday || f.Weekday > time.Saturday) {
			return fmt.Errorf("row %d: weekday %d is not 0 to 6", i+1, f.Weekday)
		}
		f.SessionID = sessionID
		if err := f.Validate(); err != nil {
			return fmt.Errorf("row %d: %w", i+1, err)
		}
	}
	return nil
}

// checkSession returns ErrNotFound when the store has no session sessionID.
func checkSession(ctx context.Context, tx *sql.Tx, sessionID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE id = ?`, sessionID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// archiveForecast copies the session's current forecast, with what wrote it, into its next
// archived version, archived at now, and returns that version's number.
func archiveForecast(ctx context.Context, tx *sql.Tx, sessionID, now string) (int, error) {
	var srcNote, srcWritten string
	var srcModel sql.NullString
	if src, ok, err := loadSource(ctx, tx, sessionID); err != nil {
		return 0, err
	} else if ok {
		srcNote, srcWritten, srcModel = src.note, src.written, src.model
	}
	var archived int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM forecast_versions
		WHERE session_id = ?`, sessionID).Scan(&archived); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO forecast_versions (session_id, version, note,
		written_at, archived_at, model) VALUES (?, ?, ?, ?, ?, ?)`, sessionID, archived, srcNote, srcWritten, now, srcModel); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO forecast_archive (session_id, version, date,
		weekday, slot, line, calls, aht, patience, day_cv, slot_cv)
		SELECT session_id, ?, date, weekday, slot, line, calls, aht, patience, day_cv, slot_cv FROM forecast
		WHERE session_id = ?`, archived, sessionID); err != nil {
		return 0, err
	}
	return archived, nil
}

// writeForecast replaces the session's current forecast rows by rows.
func writeForecast(ctx context.Context, tx *sql.Tx, sessionID string, rows []planner.ForecastRow) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM forecast WHERE session_id = ?`, sessionID); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO forecast (session_id, date, weekday, slot,
		line, calls, aht, patience, day_cv, slot_cv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for i, f := range rows {
		if _, err := ins.ExecContext(ctx, sessionID, f.Date.String(), f.Weekday, f.Slot, f.Line,
			f.Calls, f.AHT, f.Patience, f.DayCV, f.SlotCV); err != nil {
			if isUnique(err) {
				err = errors.New("given twice")
			}
			return fmt.Errorf("row %d (%s %s, line %s): %w", i+1, forecastDay(f), f.Slot, f.Line,
				explainFK(err, "line "+f.Line+" is not in the store"))
		}
	}
	return nil
}

// recordSource records what wrote the session's current forecast: note, the time now, its
// rows and calls, and the model (NULL: none).
func recordSource(ctx context.Context, tx *sql.Tx, sessionID, note, now string, modelJSON sql.NullString) error {
	var src source
	if err := tx.QueryRowContext(ctx, `SELECT count(*), total(calls) FROM forecast WHERE session_id = ?`,
		sessionID).Scan(&src.rows, &src.calls); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO forecast_sources (session_id, note, written_at, rows, calls, model)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET note = excluded.note,
		written_at = excluded.written_at, rows = excluded.rows, calls = excluded.calls, model = excluded.model`,
		sessionID, note, now, src.rows, src.calls, modelJSON)
	return err
}

func forecastDay(f planner.ForecastRow) string {
	if f.Date.IsZero() {
		return f.Weekday.String()
	}
	return f.Date.String()
}

func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// sameForecast reports whether two forecasts have the same rows, in any order.
func sameForecast(a, b []planner.ForecastRow) bool {
	if len(a) != len(b) {
		return false
	}
	have := make(map[forecastKey]forecastValue, len(a))
	for _, f := range a {
		have[forecastKey{f.Date.String(), f.Weekday, f.Slot, f.Line}] = forecastValue{f.Calls, f.AHT, f.Patience, f.DayCV, f.SlotCV}
	}
	for _, f := range b {
		k := forecastKey{f.Date.String(), f.Weekday, f.Slot, f.Line}
		v, ok := have[k]
		if !ok || v != (forecastValue{f.Calls, f.AHT, f.Patience, f.DayCV, f.SlotCV}) {
			return false
		}
		delete(have, k)
	}
	return len(have) == 0
}

// source is a row of forecast_sources.
type source struct {
	note, written string
	rows          int
	calls         float64
	model         sql.NullString // JSON of the forecast model
}

// loadSource returns what wrote the current forecast of a session, when the forecast still
// holds the rows it wrote (same count and total calls).
func loadSource(ctx context.Context, tx *sql.Tx, sessionID string) (source, bool, error) {
	var src, now source
	err := tx.QueryRowContext(ctx, `SELECT note, written_at, rows, calls, model FROM forecast_sources WHERE session_id = ?`,
		sessionID).Scan(&src.note, &src.written, &src.rows, &src.calls, &src.model)
	if errors.Is(err, sql.ErrNoRows) {
		return src, false, nil
	} else if err != nil {
		return src, false, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*), total(calls) FROM forecast WHERE session_id = ?`,
		sessionID).Scan(&now.rows, &now.calls); err != nil {
		return src, false, err
	}
	same := now.rows == src.rows && math.Abs(now.calls-src.calls) <= 1e-9*max(1, math.Abs(src.calls))
	return src, same, nil
}

// CurrentForecast describes the current forecast of a session (Version 0, Current true): its
// rows and total calls, and what wrote it when ReplaceForecast did and no import changed it
// since. An unknown session gives an error wrapping ErrNotFound.
func (s *Store) CurrentForecast(ctx context.Context, sessionID string) (ForecastVersion, error) {
	v := ForecastVersion{SessionID: sessionID, Current: true}
	fail := func(err error) (ForecastVersion, error) {
		return v, fmt.Errorf("store: forecast of session %s: %w", sessionID, err)
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if err := checkSession(ctx, tx, sessionID); err != nil {
		return fail(err)
	}
	var first, last sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT count(*), total(calls), min(nullif(date, '')), max(nullif(date, ''))
		FROM forecast WHERE session_id = ?`, sessionID).Scan(&v.Rows, &v.Calls, &first, &last); err != nil {
		return fail(err)
	}
	if err := scanRange(&v, first, last); err != nil {
		return fail(err)
	}
	src, ok, err := loadSource(ctx, tx, sessionID)
	if err != nil {
		return fail(err)
	}
	if ok {
		v.Note = src.note
		if v.WrittenAt, err = parseStamp(src.written); err != nil {
			return fail(err)
		}
		if v.Model, err = parseModel(src.model); err != nil {
			return fail(err)
		}
	}
	return v, nil
}

// parseModel reads a stored forecast model; NULL is none.
func parseModel(s sql.NullString) (*fcast.Model, error) {
	if !s.Valid {
		return nil, nil
	}
	var m fcast.Model
	if err := json.Unmarshal([]byte(s.String), &m); err != nil {
		return nil, fmt.Errorf("stored forecast model: %w", err)
	}
	return &m, nil
}

func scanRange(v *ForecastVersion, first, last sql.NullString) error {
	if !first.Valid {
		return nil
	}
	if err := (date{&v.First}).Scan(first.String); err != nil {
		return err
	}
	return (date{&v.Last}).Scan(last.String)
}

// parseStamp parses a stored RFC 3339 time; "" is the zero time.
func parseStamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// ForecastVersions returns the archived forecasts of a session, oldest first. An unknown
// session has none.
func (s *Store) ForecastVersions(ctx context.Context, sessionID string) ([]ForecastVersion, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: forecast versions: %w", err)
	}
	defer tx.Rollback()
	out := []ForecastVersion{}
	err = query(ctx, tx, func(r *sql.Rows) error {
		v := ForecastVersion{SessionID: sessionID}
		var written, archived string
		var first, last, model sql.NullString
		if err := r.Scan(&v.Version, &v.Note, &written, &archived, &v.Rows, &v.Calls, &first, &last, &model); err != nil {
			return err
		}
		var err error
		if v.Model, err = parseModel(model); err != nil {
			return err
		}
		if v.WrittenAt, err = parseStamp(written); err != nil {
			return err
		}
		if v.ArchivedAt, err = parseStamp(archived); err != nil {
			return err
		}
		if err := scanRange(&v, first, last); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, `SELECT v.version, v.note, v.written_at, v.archived_at, count(a.slot), total(a.calls),
		min(nullif(a.date, '')), max(nullif(a.date, '')), v.model
		FROM forecast_versions v LEFT JOIN forecast_archive a
		ON a.session_id = v.session_id AND a.version = v.version
		WHERE v.session_id = ? GROUP BY v.version ORDER BY v.version`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("store: forecast versions: %w", err)
	}
	return out, nil
}

// ArchivedForecast returns the rows of an archived forecast version of a session, in the
// order Dataset returns forecast rows. A missing version gives an error wrapping ErrNotFound.
func (s *Store) ArchivedForecast(ctx context.Context, sessionID string, version int) ([]planner.ForecastRow, error) {
	fail := func(err error) ([]planner.ForecastRow, error) {
		return nil, fmt.Errorf("store: forecast version %d of session %s: %w", version, sessionID, err)
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM forecast_versions WHERE session_id = ? AND version = ?`,
		sessionID, version).Scan(&n); err != nil {
		return fail(err)
	}
	if n == 0 {
		return fail(ErrNotFound)
	}
	out := []planner.ForecastRow{}
	err = query(ctx, tx, func(r *sql.Rows) error {
		var f planner.ForecastRow
		err := r.Scan(&f.SessionID, date{&f.Date}, &f.Weekday, &f.Slot, &f.Line, &f.Calls, &f.AHT, &f.Patience,
			&f.DayCV, &f.SlotCV)
		out = append(out, f)
		return err
	}, `SELECT session_id, date, weekday, slot, line, calls, aht, patience, day_cv, slot_cv FROM forecast_archive
		WHERE session_id = ? AND version = ? ORDER BY date, weekday, slot, line`, sessionID, version)
	if err != nil {
		return fail(err)
	}
	return out, nil
}

// readInZone begins a read-only transaction and returns it with the desk's time zone (the
// time_zone setting), in which stored call times are shown. The caller rolls it back.
func (s *Store) readInZone(ctx context.Context) (*sql.Tx, *time.Location, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, err
	}
	set, _, err := loadSettings(ctx, tx)
	if err == nil {
		var loc *time.Location
		if loc, err = set.Location(); err == nil {
			return tx, loc, nil
		}
	}
	tx.Rollback()
	return nil, nil, err
}
