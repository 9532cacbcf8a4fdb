package forecast

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// The columns of a call log (CSV, one header row, one row per call, in any order; header
// names are matched case-insensitively and other columns are ignored). Either handle_seconds
// or both talk_seconds and wrap_seconds must be present.
const (
	ColArrival   = "arrival"        // RFC 3339 (2026-06-08T09:31:05+02:00) or desk-local 2026-06-08 09:31:05
	ColLine      = "line"           // line id, e.g. LLN
	ColWait      = "wait_seconds"   // seconds waited until answered or until the caller hung up
	ColHandle    = "handle_seconds" // talk + wrap-up seconds; empty or 0 for an abandoned call
	ColTalk      = "talk_seconds"   // talk seconds, with wrap_seconds instead of handle_seconds
	ColWrap      = "wrap_seconds"   // wrap-up seconds, with talk_seconds
	ColAbandoned = "abandoned"      // true/false, yes/no, y/n or 1/0: hung up before an answer
)

// The columns of an exam timetable (CSV, one header row, one row per exam; other columns are
// ignored).
const (
	ColDate     = "date"             // 2027-01-11
	ColStart    = "start"            // 08:30
	ColDuration = "duration_minutes" // 180
	ColRemote   = "remote_sittings"  // students sitting the exam remotely, e.g. 240
	ColName     = "name"             // optional: the course or exam, e.g. LINFO1101
)

// maxSeconds bounds waits and handle times: a day.
const maxSeconds = 86400

// ReadCalls reads a call log in CSV (see ColArrival and the other Col constants for the
// columns). Arrivals without a UTC offset are read in loc, the desk's time zone (nil: UTC);
// every arrival is returned in loc. A file whose header has only semicolons is read as
// semicolon-separated, with decimal commas accepted (what a European spreadsheet saves).
//
// Every bad row is reported, with its line number and column, in a *planner.InputError
// (at most planner.MaxProblems listed); on error no call is returned. An error reading r is
// returned as is.
func ReadCalls(r io.Reader, file string, loc *time.Location) ([]Call, error) {
	if loc == nil {
		loc = time.UTC
	}
	t, err := openTable(r, file, []string{ColArrival, ColLine, ColWait, ColHandle, ColTalk, ColWrap, ColAbandoned})
	if err != nil {
		return nil, err
	}
	for _, c := range []string{ColArrival, ColLine, ColWait, ColAbandoned} {
		t.require(c)
	}
	_, hasHandle := t.cols[ColHandle]
	_, hasTalk := t.cols[ColTalk]
	_, hasWrap := t.cols[ColWrap]
	switch {
	case hasHandle && (hasTalk || hasWrap):
		t.errs.Add(t.headerPlace(), "give %s, or %s and %s, not both", ColHandle, ColTalk, ColWrap)
	case !hasHandle && !(hasTalk && hasWrap):
		t.errs.Add(t.headerPlace(), "missing column %s (or both %s and %s)", ColHandle, ColTalk, ColWrap)
	}
	if t.errs.Len() > 0 {
		return nil, t.errs
	}
	var calls []Call
	err = t.rows(func(row *row) {
		// Each parse records its problem on the row; all of a row's problems are reported.
		var c Call
		c.Arrival, _ = row.arrival(ColArrival, loc)
		c.Line, _ = row.code(ColLine)
		c.WaitSeconds, _ = row.seconds(ColWait)
		var known bool
		c.Abandoned, known = row.boolean(ColAbandoned)
		switch {
		case !known:
			// Whether a handle time is due is unknown: the abandoned column's problem says it.
		case hasHandle:
			c.HandleSeconds, _ = row.handle(ColHandle, c.Abandoned)
		default:
			talk, _ := row.handle(ColTalk, c.Abandoned)
			wrap, _ := row.handle(ColWrap, c.Abandoned)
			c.HandleSeconds = talk + wrap
		}
		if !row.bad {
			calls = append(calls, c)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := t.errs.Err(); err != nil {
		return nil, err
	}
	return calls, nil
}

// ReadTimetable reads an exam timetable in CSV (see ColDate and the other Col constants for
// the columns: date, start, duration_minutes, remote_sittings, and an optional name). Errors
// are reported as by ReadCalls.
func ReadTimetable(r io.Reader, file string) ([]ExamSitting, error) {
	t, err := openTable(r, file, []string{ColDate, ColStart, ColDuration, ColRemote, ColName})
	if err != nil {
		return nil, err
	}
	for _, c := range []string{ColDate, ColStart, ColDuration, ColRemote} {
		t.require(c)
	}
	if t.errs.Len() > 0 {
		return nil, t.errs
	}
	var out []ExamSitting
	err = t.rows(func(row *row) {
		var e ExamSitting
		if s, ok := row.field(ColDate, true); ok {
			d, err := calendar.ParseDate(s)
			if err != nil {
				row.fail(ColDate, "%v", err)
			}
			e.Date = d
		}
		if s, ok := row.field(ColStart, true); ok {
			c, err := calendar.ParseClock(s)
			if err == nil && c >= 24*60 {
				err = fmt.Errorf("start %s is not a time of the day", c)
			}
			if err != nil {
				row.fail(ColStart, "%v", err)
			}
			e.Start = c
		}
		e.Minutes, _ = row.integer(ColDuration, 1, 24*60)
		e.RemoteSittings, _ = row.integer(ColRemote, 0, 1_000_000)
		if _, ok := t.cols[ColName]; ok {
			e.Name, _ = row.field(ColName, false)
		}
		if !row.bad {
			out = append(out, e)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := t.errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// WriteCalls writes calls as a call log that ReadCalls reads back: arrival (RFC 3339 with
// the offset of the call's location), line, wait_seconds, handle_seconds, abandoned.
func WriteCalls(w io.Writer, calls []Call) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{ColArrival, ColLine, ColWait, ColHandle, ColAbandoned})
	for _, c := range calls {
		cw.Write([]string{
			c.Arrival.Format(time.RFC3339Nano),
			c.Line,
			formatNum(c.WaitSeconds),
			formatNum(c.HandleSeconds),
			strconv.FormatBool(c.Abandoned),
		})
	}
	cw.Flush()
	return cw.Error()
}

// WriteTimetable writes a timetable that ReadTimetable reads back.
func WriteTimetable(w io.Writer, tt []ExamSitting) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{ColDate, ColStart, ColDuration, ColRemote, ColName})
	for _, e := range tt {
		cw.Write([]string{e.Date.String(), e.Start.String(), strconv.Itoa(e.Minutes), strconv.Itoa(e.RemoteSittings), e.Name})
	}
	cw.Flush()
	return cw.Error()
}

func formatNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// table reads a CSV file with a header row, collecting problems in errs.
type table struct {
	file  string
	cr    *csv.Reader
	semi  bool           // semicolon-separated: decimal commas allowed
	cols  map[string]int // known column name -> index
	names []string       // header as written
	errs  *planner.InputError
}

// openTable reads the header. known lists the column names the caller understands.
func openTable(r io.Reader, file string, known []string) (*table, error) {
	br := bufio.NewReader(r)
	first, _ := br.Peek(64 << 10)
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	t := &table{file: file, cols: map[string]int{}, errs: &planner.InputError{}}
	t.cr = csv.NewReader(br)
	if bytes.IndexByte(first, ';') >= 0 && bytes.IndexByte(first, ',') < 0 {
		t.cr.Comma = ';'
		t.semi = true
	}
	t.cr.FieldsPerRecord = -1
	header, err := t.cr.Read()
	if err == io.EOF {
		t.errs.Add(planner.Place{File: file}, "empty file: expected a header row with the columns %s", strings.Join(known, ", "))
		return nil, t.errs
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.errs.Add(planner.Place{File: file, Row: pe.StartLine}, "header row: %v", pe.Err)
			return nil, t.errs
		}
		return nil, err
	}
	t.names = header
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !contains(known, name) {
			continue
		}
		if j, dup := t.cols[name]; dup {
			t.errs.Add(planner.Place{File: file, Row: 1, Col: colLetter(i), Column: name},
				"column %s appears twice (also column %s)", name, colLetter(j))
			continue
		}
		t.cols[name] = i
	}
	return t, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (t *table) headerPlace() planner.Place { return planner.Place{File: t.file, Row: 1} }

func (t *table) require(name string) {
	if _, ok := t.cols[name]; !ok {
		t.errs.Add(t.headerPlace(), "missing column %s (the header has: %s)", name, strings.Join(t.names, ", "))
	}
}

// rows calls fn for each data row. It returns only errors reading the input.
func (t *table) rows(fn func(*row)) error {
	lastBad := -1
	for {
		rec, err := t.cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return err
			}
			if pe.StartLine == lastBad {
				return nil // the reader makes no progress: stop here
			}
			lastBad = pe.StartLine
			t.errs.Add(planner.Place{File: t.file, Row: pe.Line}, "%v", pe.Err)
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		line, _ := t.cr.FieldPos(0)
		if len(rec) < len(t.names) {
			t.errs.Add(planner.Place{File: t.file, Row: line}, "the row has %d fields, the header %d", len(rec), len(t.names))
			continue
		}
		fn(&row{t: t, rec: rec, line: line})
	}
}

// row is one data row being parsed.
type row struct {
	t    *table
	rec  []string
	line int
	bad  bool
}

func (r *row) place(col string) planner.Place {
	p := planner.Place{File: r.t.file, Row: r.line, Column: col}
	if i, ok := r.t.cols[col]; ok {
		p.Col = colLetter(i)
		if i < len(r.rec) {
			p.Row, _ = r.t.cr.FieldPos(i)
		}
	}
	return p
}

func (r *row) fail(col string, format string, args ...any) {
	r.bad = true
	r.t.errs.Add(r.place(col), format, args...)
}

// field returns the trimmed value of col; a missing or empty value is a problem when
// required.
func (r *row) field(col string, required bool) (string, bool) {
	i, ok := r.t.cols[col]
	if !ok {
		return "", false
	}
	s := strings.TrimSpace(r.rec[i]) // rows has checked the row's length
	if s == "" {
		if required {
			r.fail(col, "missing value")
		}
		return "", false
	}
	return s, true
}

func (r *row) number(col, s string) (float64, bool) {
	txt := s
	if r.t.semi {
		txt = strings.Replace(txt, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(txt, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		r.fail(col, "%q is not a number", s)
		return 0, false
	}
	return f, true
}

// seconds parses a required duration in seconds, 0..maxSeconds.
func (r *row) seconds(col string) (float64, bool) {
	s, ok := r.field(col, true)
	if !ok {
		return 0, false
	}
	f, ok := r.number(col, s)
	if !ok {
		return 0, false
	}
	if f < 0 || f > maxSeconds {
		r.fail(col, "%s seconds is outside 0..%d", s, maxSeconds)
		return 0, false
	}
	return f, true
}

// handle parses a handle, talk or wrap time: required for an answered call, empty or 0 for
// an abandoned one.
func (r *row) handle(col string, abandoned bool) (float64, bool) {
	if abandoned {
		s, ok := r.field(col, false)
		if !ok {
			return 0, true
		}
		f, ok := r.number(col, s)
		if ok && f != 0 {
			r.fail(col, "%s seconds for an abandoned call: a call nobody answered has no handle time (leave it empty or 0)", s)
			return 0, false
		}
		return 0, ok
	}
	return r.seconds(col)
}

func (r *row) integer(col string, lo, hi int) (int, bool) {
	s, ok := r.field(col, true)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		r.fail(col, "%q is not a whole number", s)
		return 0, false
	}
	if n < lo || n > hi {
		r.fail(col, "%d is outside %d..%d", n, lo, hi)
		return 0, false
	}
	return n, true
}

func (r *row) boolean(col string) (bool, bool) {
	s, ok := r.field(col, true)
	if !ok {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true", "yes", "y", "1":
		return true, true
	case "false", "no", "n", "0":
		return false, true
	}
	r.fail(col, "%q is not one of true/false, yes/no, y/n, 1/0", s)
	return false, false
}

// code parses a line id: no control characters.
func (r *row) code(col string) (string, bool) {
	s, ok := r.field(col, true)
	if !ok {
		return "", false
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		r.fail(col, "%q contains a control character", s)
		return "", false
	}
	return s, true
}

// Layouts of an arrival without a UTC offset, read in the desk's time zone.
var localLayouts = []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"}

// Arrivals are between these years: a call log is recent.
const minYear, maxYear = 1990, 2199

func (r *row) arrival(col string, loc *time.Location) (time.Time, bool) {
	s, ok := r.field(col, true)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err == nil {
		t = t.In(loc)
	} else {
		for _, layout := range localLayouts {
			if t, err = time.ParseInLocation(layout, s, loc); err == nil {
				break
			}
		}
	}
	if err != nil {
		r.fail(col, "%q is neither RFC 3339 (2026-06-08T09:31:05+02:00) nor a local time (2026-06-08 09:31:05)", s)
		return time.Time{}, false
	}
	if y := t.Year(); y < minYear || y > maxYear {
		r.fail(col, "%q is not between the years %d and %d", s, minYear, maxYear)
		return time.Time{}, false
	}
	return t, true
}

// colLetter returns the spreadsheet letter of column i (0-based): A..Z, AA...
func colLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
