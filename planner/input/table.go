package input

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
)

// kind says how a column's cells are read from a workbook: as displayed (text), or from the
// stored number when the cell holds one (number, date, clock, setting value).
type kind int

const (
	kText    kind = iota
	kNumber       // a number cell is read at full precision, not as displayed
	kDate         // a number cell is an Excel date serial
	kClock        // a number cell is an Excel time (fraction of a day)
	kSetting      // Settings.value: a time for open_time/close_time, else a number
)

// column describes one column of an input table; the documentation fields feed the
// template's instruction row and docs/inputs.md.
type column struct {
	Name     string
	Kind     kind
	Required bool   // the column must be present and its cells filled
	Type     string // for the docs: text, id, number, date, time, ...
	Unit     string
	Default  string // the value an empty cell or a missing column takes
	Example  string
	Help     string // one line for the template's instruction row
	Choices  []string
}

// table describes one input table: a sheet of the workbook or a CSV file.
type table struct {
	Name    string // sheet name, e.g. ShiftTemplates; the CSV file is its lower case + .csv
	Help    string
	Columns []column
}

// CSVName is the table's file name in a folder of CSV files.
func (t *table) CSVName() string { return strings.ToLower(t.Name) + ".csv" }

func (t *table) column(name string) *column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

func statusNames() []string {
	out := make([]string, len(planner.Statuses))
	for i, s := range planner.Statuses {
		out[i] = string(s)
	}
	return out
}

func kindNames() []string {
	out := make([]string, len(planner.AvailabilityKinds))
	for i, k := range planner.AvailabilityKinds {
		out[i] = string(k)
	}
	return out
}

func settingNames() []string {
	out := make([]string, len(planner.SettingKeys))
	for i, k := range planner.SettingKeys {
		out[i] = k.Key
	}
	return out
}

var weekdayCodes = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// The tables, in workbook order.
var (
	tblSettings = &table{Name: "Settings", Help: "desk-wide parameters, one key per row; keys not given keep their stored (or default) value", Columns: []column{
		{Name: "key", Required: true, Type: "setting key", Example: "open_time", Help: "setting name, see the drop-down", Choices: settingNames()},
		{Name: "value", Kind: kSetting, Required: true, Type: "depends on the key", Example: "07:30", Help: "its value"},
		{Name: "note", Type: "text", Example: "opening time HH:MM", Help: "free text, ignored"},
	}}
	tblLines = &table{Name: "Lines", Help: "the hotline's entry numbers", Columns: []column{
		{Name: "id", Required: true, Type: "id", Example: "LLN", Help: "short code, unique"},
		{Name: "name", Type: "text", Default: "the id", Example: "Louvain-la-Neuve and Brussels", Help: "what callers reach"},
		{Name: "phone", Type: "text", Example: "+32 10 00 00 10", Help: "phone number"},
	}}
	tblStaff = &table{Name: "Staff", Help: "one row per staff member", Columns: []column{
		{Name: "id", Required: true, Type: "id", Example: "u1001", Help: "unique, e.g. a user id"},
		{Name: "name", Required: true, Type: "text", Example: "Anne Dupont", Help: "full name"},
		{Name: "email", Type: "email", Example: "anne.dupont@example.org", Help: "optional"},
		{Name: "lines", Required: true, Type: "comma list of line ids", Example: "LLN,MONS", Help: "lines the person may answer"},
		{Name: "status", Required: true, Type: "new, trainee, qualified or mentor", Example: "qualified", Help: "training status", Choices: statusNames()},
		{Name: "roles", Type: "comma list", Example: "coordinator", Help: "e.g. coordinator"},
		{Name: "min_hours_week", Kind: kNumber, Type: "number 0..80", Unit: "hours", Default: "0", Example: "10", Help: "contract: least hours a week"},
		{Name: "max_hours_week", Kind: kNumber, Required: true, Type: "number 0..80", Unit: "hours", Example: "19", Help: "contract: most hours a week"},
		{Name: "max_days_week", Kind: kNumber, Type: "whole number 1..7", Unit: "days", Default: "5", Example: "5", Help: "most working days a week"},
		{Name: "max_hours_day", Kind: kNumber, Type: "number 1..24", Unit: "hours", Default: "8", Example: "8", Help: "most hours a day"},
		{Name: "productivity", Kind: kNumber, Type: "number 0..1 or percent", Default: "by status: new 0, trainee 0.5, else 1", Example: "0.75", Help: "empty: by status"},
		{Name: "training_hours", Kind: kNumber, Type: "number 0..80", Unit: "hours a week", Default: "0", Example: "0", Help: "new staff: shadowing hours a week"},
	}}
	tblAvailability = &table{Name: "Availability", Help: "availability rules: an RRULE, a date or a date range, with optional times", Columns: []column{
		{Name: "staff_id", Required: true, Type: "staff id", Example: "u1001", Help: "an id of the Staff sheet (or already stored)"},
		{Name: "kind", Required: true, Type: "available, unavailable, prefer or avoid", Example: "unavailable", Help: "unavailable always wins", Choices: kindNames()},
		{Name: "rrule", Type: "RFC 5545 RRULE", Example: "FREQ=WEEKLY;BYDAY=TU", Help: "recurring days; or leave empty and give first_day"},
		{Name: "first_day", Kind: kDate, Type: "date YYYY-MM-DD", Default: "unbounded (with an rrule)", Example: "2027-01-04", Help: "a date, or the first day of a range or rule"},
		{Name: "last_day", Kind: kDate, Type: "date YYYY-MM-DD", Default: "first_day (without an rrule), unbounded (with one)", Example: "2027-01-30", Help: "last day of the range or rule"},
		{Name: "from", Kind: kClock, Type: "time HH:MM on the slot grid", Default: "00:00 (whole day when from and to are empty)", Example: "08:00", Help: "empty from and to: whole day"},
		{Name: "to", Kind: kClock, Type: "time HH:MM on the slot grid", Default: "24:00", Example: "12:00", Help: "end time"},
		{Name: "note", Type: "text", Example: "Tuesday class", Help: "free text"},
	}}
	tblSessions = &table{Name: "Sessions", Help: "exam sessions; sessions may not overlap", Columns: []column{
		{Name: "id", Required: true, Type: "id", Example: "jan-2027", Help: "short code, unique"},
		{Name: "name", Type: "text", Default: "the id", Example: "January 2027 exams", Help: "display name"},
		{Name: "first_day", Kind: kDate, Required: true, Type: "date YYYY-MM-DD", Example: "2027-01-04", Help: "first day"},
		{Name: "last_day", Kind: kDate, Required: true, Type: "date YYYY-MM-DD", Example: "2027-01-30", Help: "last day"},
		{Name: "exam_days", Type: "RFC 5545 RRULE", Default: planner.DefaultExamDays, Example: planner.DefaultExamDays, Help: "days with exams"},
		{Name: "sittings", Kind: kNumber, Type: "whole number", Default: "0", Example: "42000", Help: "expected exam sittings, optional"},
		{Name: "type", Type: "label: letters, digits, - and _", Default: "empty (a type of its own)", Example: "january", Help: "kind of session, e.g. january, june, august-september: the forecast learns a level per type"},
	}}
	tblForecast = &table{Name: "Forecast", Help: "calls per line and slot: dated rows, or weekday rows (a weekly profile)", Columns: []column{
		{Name: "session_id", Required: true, Type: "session id", Example: "jan-2027", Help: "an id of the Sessions sheet (or already stored)"},
		{Name: "date", Kind: kDate, Type: "date YYYY-MM-DD", Example: "2027-01-04", Help: "a day of the session; or leave empty and give weekday"},
		{Name: "weekday", Type: "MO TU WE TH FR SA SU", Example: "", Help: "weekly profile row: every such day without dated rows", Choices: weekdayCodes},
		{Name: "slot", Kind: kClock, Required: true, Type: "time HH:MM", Example: "08:30", Help: "slot start, on the slot grid, within opening hours"},
		{Name: "line", Required: true, Type: "line id", Example: "LLN", Help: "an id of the Lines sheet (or already stored)"},
		{Name: "calls", Kind: kNumber, Required: true, Type: "number 0..100000", Unit: "calls per slot", Example: "28", Help: "calls expected in the slot"},
		{Name: "aht_seconds", Kind: kNumber, Required: true, Type: "number 1..7200", Unit: "seconds", Example: "360", Help: "average handle time"},
		{Name: "patience_seconds", Kind: kNumber, Type: "number 0..3600", Unit: "seconds", Default: "the patience_seconds setting", Example: "180", Help: "callers' mean patience"},
		{Name: "day_cv", Kind: kNumber, Type: "number 0..10", Default: "0 (Poisson noise only)", Example: "0.12", Help: "spread of the day's calls of the line beyond Poisson (coefficient of variation), for quantiles"},
		{Name: "slot_cv", Kind: kNumber, Type: "number 0..10", Default: "0", Example: "0.05", Help: "spread of the slot's calls beyond the day's (coefficient of variation)"},
	}}
	tblShiftTemplates = &table{Name: "ShiftTemplates", Help: "which shifts may be rostered", Columns: []column{
		{Name: "name", Required: true, Type: "id", Example: "day", Help: "unique name"},
		{Name: "earliest_start", Kind: kClock, Required: true, Type: "time HH:MM on the slot grid", Example: "07:30", Help: "first start time"},
		{Name: "latest_start", Kind: kClock, Required: true, Type: "time HH:MM on the slot grid", Example: "13:30", Help: "last start time"},
		{Name: "step_minutes", Kind: kNumber, Type: "whole number, a multiple of slot_minutes", Unit: "minutes", Default: "slot_minutes", Example: "30", Help: "start times every ... minutes"},
		{Name: "min_hours", Kind: kNumber, Required: true, Type: "number on the slot grid", Unit: "hours", Example: "3", Help: "shortest shift"},
		{Name: "max_hours", Kind: kNumber, Required: true, Type: "number on the slot grid", Unit: "hours", Example: "8", Help: "longest shift, break included"},
		{Name: "break_minutes", Kind: kNumber, Type: "whole number, a multiple of slot_minutes", Unit: "minutes", Default: "0", Example: "30", Help: "unpaid break length"},
		{Name: "break_after_hours", Kind: kNumber, Type: "number", Unit: "hours", Default: "6", Example: "6", Help: "a break for shifts longer than this"},
		{Name: "break_earliest", Kind: kClock, Type: "time HH:MM on the slot grid", Default: "open_time", Example: "11:00", Help: "the break lies within break_earliest..break_latest"},
		{Name: "break_latest", Kind: kClock, Type: "time HH:MM on the slot grid", Default: "close_time", Example: "14:30", Help: "end of the break window"},
	}}
)

var tblClosures = &table{Name: "Closures", Help: "days the desk is closed beyond its weekly opening days (public holidays, building closures); the rows given replace the stored closures of the years they touch", Columns: []column{
	{Name: "first_day", Kind: kDate, Required: true, Type: "date YYYY-MM-DD", Example: "2027-03-29", Help: "the closed day, or the first of a range"},
	{Name: "last_day", Kind: kDate, Type: "date YYYY-MM-DD", Default: "first_day", Example: "2027-03-29", Help: "the last closed day of a range"},
	{Name: "note", Type: "text", Example: "Easter Monday", Help: "why the desk is closed"},
}}

// tables lists the input tables in workbook order.
var tables = []*table{tblSettings, tblLines, tblStaff, tblAvailability, tblSessions, tblForecast, tblShiftTemplates, tblClosures}

// normName folds a sheet, file or header name for matching: lower case, spaces and hyphens
// as underscores.
func normName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// tableByName finds a table by sheet or file base name, ignoring case and _ - and spaces.
func tableByName(s string) *table {
	key := strings.NewReplacer("_", "", " ", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	for _, t := range tables {
		if strings.ToLower(t.Name) == key {
			return t
		}
	}
	return nil
}

func tableNames() string {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// cell is one cell as read: text is what a spreadsheet displays (for CSV: the field); when
// the workbook stores a number, num is set and raw holds it at full precision.
type cell struct {
	col  int // 0-based position in the row
	text string
	raw  string
	num  bool
}

// row is one row of a table: its cells that hold something, by position (a CSV row has all
// its fields; a data row keeps only the cells of the table's columns).
type row struct {
	n     int // 1-based row (workbook) or line (CSV) number
	cells []cell
}

// at returns the cell at position i, if the row has one.
func (r *row) at(i int) (cell, bool) {
	for _, c := range r.cells {
		if c.col == i {
			return c, true
		}
	}
	return cell{}, false
}

// set puts c at its position in the row, in place of the cell there if any.
func (r *row) set(c cell) {
	for i := range r.cells {
		if r.cells[i].col == c.col {
			r.cells[i] = c
			return
		}
	}
	r.cells = append(r.cells, c)
}

// rawTable is one table as found in the file, before its cells are parsed.
type rawTable struct {
	t        *table
	file     string // path as given
	sheet    string // workbook sheet name; "" for CSV
	header   int    // row number of the header
	pos      map[string]int
	rows     []row
	date1904 bool
}

// place returns the place of column col (a name of t.Columns, or "" for the whole row) in
// row n. A column absent from the file is still named; its letter is then A, the row's start.
func (rt *rawTable) place(n int, col string) planner.Place {
	p := planner.Place{File: rt.file, Sheet: rt.sheet, Row: n, Column: col}
	if rt.sheet == "" {
		return p
	}
	p.Col = "A"
	if i, ok := rt.pos[col]; ok {
		p.Col, _ = excelize.ColumnNumberToName(i + 1)
	}
	return p
}

// value returns the text of column col in r as the parsers expect it: a number-stored date
// or time becomes YYYY-MM-DD or HH:MM, a number its full-precision digits.
func (rt *rawTable) value(r *row, col string, k kind) string {
	i, ok := rt.pos[col]
	if !ok {
		return ""
	}
	c, ok := r.at(i)
	if !ok {
		return ""
	}
	if !c.num {
		return strings.TrimSpace(c.text)
	}
	v, err := parseFloatRaw(c.raw)
	if err != nil {
		return strings.TrimSpace(c.text)
	}
	switch k {
	case kDate:
		if s, ok := serialDate(v, rt.date1904); ok {
			return s
		}
	case kClock:
		if s, ok := serialClock(v); ok {
			return s
		}
	case kNumber:
		return c.raw
	}
	return strings.TrimSpace(c.text)
}

func settingKeysDoc() [][3]string {
	out := make([][3]string, len(planner.SettingKeys))
	for i, k := range planner.SettingKeys {
		out[i] = [3]string{k.Key, k.Help, k.Example}
	}
	return out
}
