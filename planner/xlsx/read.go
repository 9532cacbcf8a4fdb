package xlsx

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/workbook"
)

// RosterFile is a manager's roster workbook (as WriteRoster writes it, perhaps edited by hand
// since) opened for reading: the Week sheet's shifts and the Summary sheet's roster details.
// Open it with OpenRoster, then turn it into a roster with Roster.
//
// Only the Week sheet's day cells and ID column carry the roster; the other columns (name,
// status, line, hours) and the other sheets are derived from the store's data and are ignored,
// so a person's status or contract is changed in the team workbook, not here.
type RosterFile struct {
	path string
	info rosterInfo
	// The Week sheet: its cells as text, the header row (1-based) and the columns of the
	// staff ids, of the hours and of each day (1-based).
	week      [][]string
	headerRow int
	idCol     int
	nameCol   int
	hoursCol  int
	days      []calendar.Date
	dayCol    map[calendar.Date]int
	// rowOf maps a staff id to its Week row (1-based), filled by Roster.
	rowOf map[string]int
}

// rosterInfo is what the Summary sheet says about the roster.
type rosterInfo struct {
	session  string // the Session cell: "Name (id)" or "id"
	version  int
	status   planner.RosterStatus
	seed     int64
	method   string
	scenario string
	// from and to are the horizon the Week row gives ("2027-01-04 to 2027-01-10, week 1"):
	// the Week sheet has no column for a weekday the desk never opens
	from, to calendar.Date
	place    map[string]planner.Place // place of each label's value, by label
}

// OpenRoster reads the roster workbook at path. A file that is not a workbook, or has no Week
// sheet with an ID column and day columns, gives a *planner.InputError naming the place; so
// does a damaged workbook (see package workbook: it is refused, never read in part) and one
// beyond RosterLimits.
func OpenRoster(path string) (*RosterFile, error) {
	return OpenRosterContext(context.Background(), path)
}

// RosterLimits bound what reading a roster workbook may cost: its Week sheet has a row per
// staff member and a column per day.
var RosterLimits = workbook.Limits{MaxFileBytes: 64 << 20, MaxUnpacked: 128 << 20, MaxRows: 10_000, MaxCols: 400}

// OpenRosterContext is OpenRoster stopping with ctx.Err() when ctx is cancelled while reading.
func OpenRosterContext(ctx context.Context, path string) (*RosterFile, error) {
	in, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, inputError(planner.Place{File: path}, "cannot read: %v", err)
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return nil, inputError(planner.Place{File: path}, "cannot read: %v", err)
	}
	book, err := workbook.Open(in, fi.Size(), RosterLimits)
	if err != nil {
		var we *workbook.Error
		if errors.As(err, &we) {
			return nil, inputError(planner.Place{File: path}, "%v", we)
		}
		return nil, inputError(planner.Place{File: path}, "not an Excel workbook (.xlsx): %v", err)
	}
	rf := &RosterFile{path: path, dayCol: map[calendar.Date]int{}}
	if !slices.Contains(book.Sheets(), SheetWeek) {
		return nil, inputError(planner.Place{File: path, Sheet: SheetWeek},
			"no %s sheet: check reads the roster workbook that deskplan export writes", SheetWeek)
	}
	if rf.week, err = readRows(ctx, book, path, SheetWeek, 0); err != nil {
		return nil, err
	}
	if err := rf.findHeader(); err != nil {
		return nil, err
	}
	if slices.Contains(book.Sheets(), SheetSummary) {
		summary, err := readRows(ctx, book, path, SheetSummary, summaryRows)
		if err != nil {
			return nil, err
		}
		if err := rf.readSummary(summary); err != nil {
			return nil, err
		}
	}
	return rf, nil
}

// summaryRows is how far down the Summary sheet its roster block may lie.
const summaryRows = 31

// readRows reads a sheet as text, a row per sheet row (numbers as stored, at full precision),
// each up to its last value; with last > 0, only the first last rows are read.
func readRows(ctx context.Context, book *workbook.Book, path, sheet string, last int) ([][]string, error) {
	var rows [][]string
	err := book.Rows(ctx, sheet, func(r workbook.Row) error {
		if last > 0 && r.Num > last {
			return workbook.ErrStop
		}
		if len(r.Cells) == 0 {
			return nil // values only right of the columns read
		}
		for len(rows) < r.Num {
			rows = append(rows, nil)
		}
		cells := make([]string, r.Cells[len(r.Cells)-1].Col)
		for _, c := range r.Cells {
			cells[c.Col-1] = c.Value
		}
		rows[r.Num-1] = cells
		return nil
	})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var we *workbook.Error
	if errors.As(err, &we) {
		p := planner.Place{File: path, Sheet: we.Sheet, Row: we.Row}
		if we.Row > 0 {
			p.Col = "A"
			if we.Col > 0 {
				p.Col = workbook.ColumnName(we.Col)
			}
		}
		return nil, inputError(p, "%s", we.Msg)
	}
	return rows, err
}

func inputError(p planner.Place, format string, args ...any) error {
	var e planner.InputError
	e.Add(p, format, args...)
	return e.Err()
}

// findHeader finds the Week header: the first row (within the first 10) with an "ID" cell and
// at least one cell holding a date (written "Mon\n2027-01-04").
func (rf *RosterFile) findHeader() error {
	for r := 0; r < min(10, len(rf.week)); r++ {
		row := rf.week[r]
		id, name, hours := 0, 0, 0
		var days []calendar.Date
		cols := map[calendar.Date]int{}
		for c, text := range row {
			switch h := strings.ToLower(strings.TrimSpace(text)); h {
			case "id":
				id = c + 1
			case "name":
				name = c + 1
			case "hours":
				hours = c + 1
			default:
				if d, ok := headerDate(text); ok {
					if _, dup := cols[d]; !dup {
						days = append(days, d)
						cols[d] = c + 1
					}
				}
			}
		}
		if id > 0 && len(days) > 0 {
			rf.headerRow, rf.idCol, rf.nameCol, rf.hoursCol, rf.days, rf.dayCol = r+1, id, name, hours, days, cols
			slices.SortFunc(rf.days, calendar.Date.Compare)
			return nil
		}
	}
	return inputError(planner.Place{File: rf.path, Sheet: SheetWeek},
		"no header row with an ID column and day columns (e.g. \"Mon 2027-01-04\") in the first 10 rows")
}

// headerDate reads the date of a day column's header: any word of the form YYYY-MM-DD.
func headerDate(text string) (calendar.Date, bool) {
	for _, w := range strings.Fields(text) {
		if len(w) == 10 && w[4] == '-' && w[7] == '-' {
			if d, err := calendar.ParseDate(w); err == nil {
				return d, true
			}
		}
	}
	return calendar.Date{}, false
}

// readSummary reads the labelled values of the Summary sheet's roster block.
func (rf *RosterFile) readSummary(rows [][]string) error {
	var errs planner.InputError
	rf.info.place = map[string]planner.Place{}
	for r, row := range rows {
		if len(row) < 2 || r > 30 {
			continue
		}
		label, value := strings.TrimSpace(row[0]), strings.TrimSpace(row[1])
		place := planner.Place{File: rf.path, Sheet: SheetSummary, Row: r + 1, Col: "B", Column: label}
		rf.info.place[label] = place
		switch label {
		case "Session":
			rf.info.session = value
		case "Roster version":
			num, status, _ := strings.Cut(value, " ")
			if num == "" {
				break
			}
			v, err := strconv.Atoi(num)
			if err != nil || v < 0 {
				errs.Add(place, "roster version %q is not a number", value)
				break
			}
			rf.info.version = v
			switch s := planner.RosterStatus(strings.Trim(status, "() ")); s {
			case planner.Draft, planner.Published:
				rf.info.status = s
			}
		case "Seed":
			if value == "" {
				break
			}
			v, err := strconv.ParseFloat(value, 64)
			if err != nil {
				errs.Add(place, "seed %q is not a number", value)
				break
			}
			rf.info.seed = int64(v)
		case "Planned by":
			rf.info.method = value
		case "Scenario":
			rf.info.scenario = value
		case "Week":
			span, _, _ := strings.Cut(value, ",")
			a, b, ok := strings.Cut(span, " to ")
			from, err1 := calendar.ParseDate(a)
			to, err2 := calendar.ParseDate(b)
			if ok && err1 == nil && err2 == nil && !to.Before(from) {
				rf.info.from, rf.info.to = from, to
			}
		}
	}
	return errs.Err()
}

// Scenario is the what-if scenario the roster was planned for ("" for the store's data).
func (rf *RosterFile) Scenario() string { return rf.info.scenario }

// ReadRoster reads the roster workbook at path against ds, the data it was planned from: see
// OpenRoster and RosterFile.Roster.
func ReadRoster(path string, ds *planner.Dataset) (*planner.Roster, error) {
	rf, err := OpenRoster(path)
	if err != nil {
		return nil, err
	}
	return rf.Roster(ds)
}

// Roster returns the roster the workbook holds, read against ds: each Week row is the staff
// member of its ID cell, each non-empty day cell one or more shifts (see ParseShiftCell).
// The session is the one the Summary names (or else the one holding the first day), the
// horizon runs from the first to the last day column (or the Summary's Week, when it holds
// them: the sheet has no column for a weekday the desk never opens), and Settings are ds's.
//
// Every problem (an unknown staff id, a staff member on two rows, a cell that is not a shift,
// an unknown line, a break outside its shift) is reported at its cell in one
// *planner.InputError. Rules the shifts break (rest, contract, mentor...) are not problems
// here: rules.Check reports them.
func (rf *RosterFile) Roster(ds *planner.Dataset) (*planner.Roster, error) {
	if ds == nil {
		return nil, errors.New("xlsx: reading a roster needs the dataset it was planned from")
	}
	var errs planner.InputError
	r := &planner.Roster{
		Version: rf.info.version, Status: rf.info.status, Seed: rf.info.seed, Method: rf.info.method,
		Scenario: rf.info.scenario, Settings: ds.Settings, Shifts: []planner.Shift{},
		From: rf.days[0], To: rf.days[len(rf.days)-1],
	}
	if f, t := rf.info.from, rf.info.to; !f.IsZero() && !f.After(r.From) && !t.Before(r.To) {
		r.From, r.To = f, t
	}
	if r.Status == "" {
		r.Status = planner.Draft
	}
	r.SessionID = rf.session(ds, &errs)
	lines := map[string]string{} // upper-case id -> id
	for _, id := range ds.LineIDs() {
		lines[strings.ToUpper(id)] = id
	}
	rf.rowOf = map[string]int{}
	for i := rf.headerRow; i < len(rf.week); i++ {
		row := rf.week[i]
		rowNum := i + 1
		get := func(col int) string {
			if col < 1 || col > len(row) {
				return ""
			}
			return strings.TrimSpace(row[col-1])
		}
		id := get(rf.idCol)
		var cells []calendar.Date
		for _, d := range rf.days {
			if get(rf.dayCol[d]) != "" {
				cells = append(cells, d)
			}
		}
		if id == "" {
			if len(cells) > 0 {
				errs.Add(rf.place(rowNum, rf.idCol), "the row has shifts but no staff id")
			}
			continue
		}
		s, ok := ds.StaffByID(id)
		if !ok {
			errs.Add(rf.place(rowNum, rf.idCol), "unknown staff id %q (not in the store)", id)
			continue
		}
		if prev, dup := rf.rowOf[id]; dup {
			errs.Add(rf.place(rowNum, rf.idCol), "staff %s is on row %d already", id, prev)
			continue
		}
		rf.rowOf[id] = rowNum
		for _, d := range cells {
			col := rf.dayCol[d]
			text := get(col)
			parsed, err := ParseShiftCell(text)
			if err != nil {
				errs.Add(rf.place(rowNum, col), "%v", err)
				continue
			}
			for _, p := range parsed {
				line, err := resolveLine(p.Lines, s, lines)
				if err != nil {
					errs.Add(rf.place(rowNum, col), "%q: %v", text, err)
					continue
				}
				r.Shifts = append(r.Shifts, planner.Shift{StaffID: id, Date: d, Start: p.Start, End: p.End,
					Line: line, BreakStart: p.BreakStart, BreakEnd: p.BreakEnd})
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	planner.SortShifts(r.Shifts)
	return r, nil
}

// session returns the id of the roster's session: the Summary's Session cell matched against
// ds's sessions, or else the session holding the first day.
func (rf *RosterFile) session(ds *planner.Dataset, errs *planner.InputError) string {
	text := rf.info.session
	if text != "" {
		for _, s := range ds.Sessions {
			label := s.Name
			if s.ID != "" && s.ID != label {
				label += " (" + s.ID + ")"
			}
			if strings.TrimSpace(label) == text || s.ID == text {
				return s.ID
			}
		}
		// The name may have changed since: the id is in the last parentheses.
		if i := strings.LastIndex(text, "("); i >= 0 && strings.HasSuffix(text, ")") {
			if id := text[i+1 : len(text)-1]; id != "" {
				if _, ok := ds.Session(id); ok {
					return id
				}
			}
		}
	}
	for _, s := range ds.Sessions {
		if s.Contains(rf.days[0]) {
			return s.ID
		}
	}
	p, ok := rf.info.place["Session"]
	if !ok {
		p = planner.Place{File: rf.path, Sheet: SheetSummary}
	}
	errs.Add(p, "session %q is not in the store, and no session holds %s", text, rf.days[0])
	return ""
}

// resolveLine turns the line words of a cell into a shift's line: a single line id; the
// person's lines all together ("LLN+MONS") is a pooled shift (planner.PooledLine), and so
// is no line at all. Lines are matched without regard to case. Several lines that are not
// exactly the person's give the first one the person does not answer, so that rules.Check
// reports it; a word that is no line is an error.
func resolveLine(words []string, s planner.Staff, known map[string]string) (string, error) {
	if len(words) == 0 {
		return planner.PooledLine, nil
	}
	ids := make([]string, 0, len(words))
	for _, w := range words {
		id, ok := known[strings.ToUpper(w)]
		if !ok {
			return "", fmt.Errorf("%q is not a line (lines: %s)", w, strings.Join(sortedValues(known), ", "))
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 1 {
		return ids[0], nil
	}
	same := len(ids) == len(s.Lines)
	for _, id := range ids {
		if !s.AnswersLine(id) {
			return id, nil
		}
	}
	if same {
		return planner.PooledLine, nil
	}
	return "", fmt.Errorf("a shift answers one line or all the person's lines (%s)", strings.Join(s.Lines, "+"))
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// place is the Week cell at row, col (1-based), with its column header.
func (rf *RosterFile) place(row, col int) planner.Place {
	header := ""
	if h := rf.week[rf.headerRow-1]; col <= len(h) {
		header = strings.Join(strings.Fields(h[col-1]), " ")
	}
	return planner.Place{File: rf.path, Sheet: SheetWeek, Row: row, Col: colName(col), Column: header}
}

// Place returns the Week cell where a rule broken by staff member staffID on day d shows:
// the day cell of the person's row, the person's hours when d is zero or not a day column (a
// weekly rule), or the day's header when staffID is empty (a rule about the whole desk, such as
// the coordinator). ok is false when the workbook has no such cell. Call it after Roster.
func (rf *RosterFile) Place(staffID string, d calendar.Date, weekly bool) (p planner.Place, ok bool) {
	col, isDay := rf.dayCol[d]
	if staffID == "" {
		if !isDay {
			return p, false
		}
		return rf.place(rf.headerRow, col), true
	}
	row, ok := rf.rowOf[staffID]
	if !ok {
		return p, false
	}
	switch {
	case weekly || !isDay:
		col = rf.hoursCol
		if col == 0 {
			col = rf.nameCol
		}
		if col == 0 {
			col = rf.idCol
		}
	}
	return rf.place(row, col), true
}

// ShiftText is one shift as a person writes it in a Week cell.
type ShiftText struct {
	Start, End           calendar.Clock
	BreakStart, BreakEnd calendar.Clock // both zero: no break
	Lines                []string       // the line words as written; none: all the person's lines
}

// ParseShiftCell parses the text of a Week day cell: empty for a day off, or one shift per
// line of text, each "HH:MM-HH:MM LINE" optionally followed, on the same or the next line, by
// "(break HH:MM-HH:MM)". It is tolerant of what a person types: spaces anywhere, "7:30",
// "7h30", "7.30" or "7" for 07:00, an en dash, lines joined by "+", "," or "/" ("LLN+MONS"),
// and "break" in any case with or without parentheses. A shift must end after it starts and
// hold its break. A line that starts with CoordinatorMark (the Week sheet's note of who
// coordinates when) is a note, not a shift: the coordinator on duty follows from the shifts.
func ParseShiftCell(text string) ([]ShiftText, error) {
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u00a0", " ", "\t", " ",
		"\u2013", "-", "\u2014", "-", "\u2212", "-").Replace(text)
	var out []ShiftText
	for _, ln := range strings.Split(text, "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.HasPrefix(strings.ToLower(ln), CoordinatorMark) {
			continue
		}
		main, brk, hasBreak, err := cutBreak(ln)
		if err != nil {
			return nil, err
		}
		if main != "" {
			s, err := parseShiftLine(main)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		if hasBreak {
			if len(out) == 0 {
				return nil, fmt.Errorf("break %q comes before any shift", ln)
			}
			last := &out[len(out)-1]
			if last.BreakEnd > last.BreakStart {
				return nil, fmt.Errorf("shift %s-%s has two breaks", last.Start, last.End)
			}
			last.BreakStart, last.BreakEnd = brk[0], brk[1]
		}
	}
	for _, s := range out {
		if s.BreakEnd > s.BreakStart && (s.BreakStart < s.Start || s.BreakEnd > s.End) {
			return nil, fmt.Errorf("break %s-%s is outside the shift %s-%s", s.BreakStart, s.BreakEnd, s.Start, s.End)
		}
	}
	return out, nil
}

var breakWord = regexp.MustCompile(`(?i)break`)

// cutBreak splits a text line into the shift before "break" and the break's times.
func cutBreak(ln string) (main string, brk [2]calendar.Clock, ok bool, err error) {
	loc := breakWord.FindStringIndex(ln)
	if loc == nil {
		return ln, brk, false, nil
	}
	i := loc[0]
	main = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(ln[:i]), "("))
	rest := strings.TrimSpace(ln[i+len("break"):])
	rest = strings.TrimSpace(strings.TrimPrefix(rest, ":"))
	rest = strings.TrimSpace(strings.TrimSuffix(rest, ")"))
	from, to, err := parseRange(rest)
	if err != nil {
		return "", brk, false, fmt.Errorf("break %q is not of the form (break HH:MM-HH:MM)", strings.TrimSpace(ln[i:]))
	}
	if to <= from {
		return "", brk, false, fmt.Errorf("break %s-%s ends before it starts", from, to)
	}
	return main, [2]calendar.Clock{from, to}, true, nil
}

// shiftLine is "HH:MM-HH:MM" (each time also "7:30", "7h30", "7.30", "7h" or "7") and the
// line words.
var shiftLine = regexp.MustCompile(`^(\d{1,2}(?:[:hH.]\d{2}|[hH])?)\s*-\s*(\d{1,2}(?:[:hH.]\d{2}|[hH])?)(?:\s+(.*)|([^\d:.\s-].*))?$`)

// parseShiftLine parses "HH:MM-HH:MM LINE[+LINE]".
func parseShiftLine(s string) (ShiftText, error) {
	m := shiftLine.FindStringSubmatch(s)
	if m == nil {
		return ShiftText{}, fmt.Errorf("shift %q is not of the form HH:MM-HH:MM LINE (e.g. 07:30-13:30 LLN)", s)
	}
	from, err := parseClock(m[1])
	if err != nil {
		return ShiftText{}, fmt.Errorf("shift %q: %v", s, err)
	}
	to, err := parseClock(m[2])
	if err != nil {
		return ShiftText{}, fmt.Errorf("shift %q: %v", s, err)
	}
	if to <= from {
		return ShiftText{}, fmt.Errorf("shift %s-%s ends before it starts", from, to)
	}
	out := ShiftText{Start: from, End: to}
	for _, w := range strings.FieldsFunc(m[3]+m[4], func(r rune) bool { return r == '+' || r == ',' || r == '/' || r == ' ' || r == '&' }) {
		if strings.EqualFold(w, "all") || strings.EqualFold(w, "lines") {
			continue // "all lines": the person's lines
		}
		out.Lines = append(out.Lines, w)
	}
	return out, nil
}

// parseRange parses "HH:MM-HH:MM" with optional spaces.
func parseRange(s string) (from, to calendar.Clock, err error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not a time range", s)
	}
	if from, err = parseClock(a); err != nil {
		return 0, 0, err
	}
	if to, err = parseClock(b); err != nil {
		return 0, 0, err
	}
	return from, to, nil
}

// parseClock parses a time of day as a person types it: "07:30", "7:30", "7h30", "7.30",
// "7h" or "7".
func parseClock(s string) (calendar.Clock, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("no time")
	}
	if len(s) <= 2 && strings.Trim(s, "0123456789") == "" {
		s += ":00"
	}
	return calendar.ParseClock(strings.Replace(s, ".", ":", 1))
}
