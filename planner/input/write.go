package input

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// The workbook layout: row 1 the header, row 2 the instruction line (a comment row: its first
// cell starts with '#', so the reader skips it), data from row 3.
const (
	headerRow    = 1
	noteRow      = 2
	firstDataRow = 3
	// validationRows is how far below the data the drop-downs reach.
	validationRows = 1000
	fontFamily     = "Calibri"
	fontSize       = 11
)

// docTime is the fixed creation time written in the workbook's properties, so that the same
// dataset always gives the same bytes.
const docTime = "2026-01-01T00:00:00Z"

// WriteTemplate writes a blank input workbook to w: one sheet per table with its header, an
// instruction line, one example row (the Settings sheet lists every key with its default),
// drop-downs for the enumerations and the references (status, kind, line, session, weekday,
// settings key), a frozen header and fixed column widths.
//
// The instruction line and the example rows are comment rows, in grey italics: their first
// cell starts with '#', so the reader skips them. Reading the blank template gives every
// table with no row, and importing it changes nothing; deleting the '#' of an example row
// (or of a setting) makes it data.
func WriteTemplate(w io.Writer) error {
	f, err := newBook(TemplateDataset(), true)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Write(w)
}

// TemplateDataset is the dataset of the template's example rows.
func TemplateDataset() *planner.Dataset {
	s := planner.DefaultSettings()
	return &planner.Dataset{
		Settings: s,
		Lines:    []planner.Line{{ID: "LLN", Name: "Louvain-la-Neuve and Brussels", Phone: "+32 10 00 00 10"}},
		Staff: []planner.Staff{{ID: "u1001", Name: "Anne Dupont", Email: "anne.dupont@example.org", Lines: []string{"LLN"},
			Status: planner.StatusQualified, Roles: []string{planner.RoleCoordinator}, MinHoursWeek: 10, MaxHoursWeek: 19,
			MaxDaysWeek: 5, MaxHoursDay: 8}},
		Availability: []planner.Availability{{StaffID: "u1001", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU",
			From: calendar.MustClock("08:00"), To: calendar.MustClock("12:00"), Note: "Tuesday class"}},
		Sessions: []planner.Session{{ID: "jan-2027", Name: "January 2027 exams", FirstDay: calendar.MustDate("2027-01-04"),
			LastDay: calendar.MustDate("2027-01-30"), ExamDays: planner.DefaultExamDays, Type: "january"}},
		Forecast: []planner.ForecastRow{{SessionID: "jan-2027", Date: calendar.MustDate("2027-01-04"), Weekday: time.Monday,
			Slot: calendar.MustClock("08:30"), Line: "LLN", Calls: 28, AHT: 360, Patience: 180, DayCV: 0.12, SlotCV: 0.05}},
		ShiftTemplates: []planner.ShiftTemplate{{Name: "day", EarliestStart: calendar.MustClock("07:30"),
			LatestStart: calendar.MustClock("13:30"), StepMinutes: 30, MinMinutes: 180, MaxMinutes: 480, BreakMinutes: 30,
			BreakAfterMinutes: 360, BreakEarliest: calendar.MustClock("11:00"), BreakLatest: calendar.MustClock("14:30")}},
		Closures: []planner.Closure{{FirstDay: calendar.MustDate("2027-03-29"), LastDay: calendar.MustDate("2027-03-29"), Note: "Easter Monday"}},
	}
}

// WriteWorkbook writes ds as a filled input workbook in the template's layout; reading it
// back gives ds again. The Settings sheet lists the keys of ds.SettingsSet, or every key
// when ds.SettingsSet is nil; the Closures sheet is left out when ds.Closures is nil (so that
// importing the workbook leaves the stored closures alone). Text typed by people (names, notes, ids) is written as string cells,
// never as something a spreadsheet could evaluate; dates and times are real date and time
// cells (formats yyyy-mm-dd and hh:mm), numbers are numbers. The bytes depend only on ds.
func WriteWorkbook(w io.Writer, ds *planner.Dataset) error {
	f, err := newBook(ds, false)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Write(w)
}

// styles are the cell styles of a book, created once.
type styles struct {
	header, note, text, number, date, clock int
	example                                 [4]int // the data styles in grey italics, by kind
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	font := func(bold, italic bool, color string) *excelize.Font {
		return &excelize.Font{Family: fontFamily, Size: fontSize, Bold: bold, Italic: italic, Color: color}
	}
	dateFmt, clockFmt := "yyyy-mm-dd", "hh:mm"
	defs := []struct {
		dst *int
		st  *excelize.Style
	}{
		{&s.header, &excelize.Style{Font: font(true, false, "1F3864"),
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Border: []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}}}},
		{&s.note, &excelize.Style{Font: font(false, true, "595959"), NumFmt: 49,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.text, &excelize.Style{Font: font(false, false, ""), NumFmt: 49}}, // 49: text "@"
		{&s.number, &excelize.Style{Font: font(false, false, "")}},
		{&s.date, &excelize.Style{Font: font(false, false, ""), CustomNumFmt: &dateFmt}},
		{&s.clock, &excelize.Style{Font: font(false, false, ""), CustomNumFmt: &clockFmt}},
	}
	for i, d := range defs[2:] { // text, number, date, clock: by kind
		ex := *d.st
		ex.Font = font(false, true, "7F7F7F")
		defs = append(defs, struct {
			dst *int
			st  *excelize.Style
		}{&s.example[i], &ex})
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.st)
		if err != nil {
			return s, err
		}
		*d.dst = id
	}
	return s, nil
}

func (s styles) of(k kind) int {
	switch k {
	case kNumber:
		return s.number
	case kDate:
		return s.date
	case kClock:
		return s.clock
	}
	return s.text
}

// exampleOf is the grey italic style of a template's example cell of kind k.
func (s styles) exampleOf(k kind) int {
	switch k {
	case kNumber:
		return s.example[1]
	case kDate:
		return s.example[2]
	case kClock:
		return s.example[3]
	}
	return s.example[0]
}

// sheet writes the rows of one table.
type sheet struct {
	f       *excelize.File
	t       *table
	st      styles
	row     int
	widths  []int
	err     error
	comment bool // write the rows as comments: the template's examples
	// lists, when set, gives a column's drop-down choices instead of the table's own or a
	// reference to another sheet
	lists map[string][]string
}

// value is one cell to write: text (a string cell), a number, a date or a clock; an empty
// value leaves the cell blank.
type value struct {
	s     string
	n     float64
	isNum bool
	empty bool
}

func text(s string) value { return value{s: s, empty: s == ""} }
func num(f float64) value { return value{n: f, isNum: true} }
func numOrEmpty(f float64) value {
	if f == 0 {
		return value{empty: true}
	}
	return num(f)
}
func dateValue(d calendar.Date) value {
	if d.IsZero() {
		return value{empty: true}
	}
	v := num(float64(d.Sub(calendar.Date{Year: 1899, Month: 12, Day: 30})))
	v.s = d.String()
	return v
}
func clockValue(c calendar.Clock) value {
	if c >= 24*60 {
		return text(c.String()) // hh:mm would show 24:00 as 00:00
	}
	v := num(float64(c) / (24 * 60))
	v.s = c.String()
	return v
}

func (sh *sheet) put(vals map[string]value) {
	if sh.err != nil {
		return
	}
	for i, col := range sh.t.Columns {
		v, ok := vals[col.Name]
		if sh.comment && i == 0 {
			v, ok = text("#"+v.String()), true
		}
		if !ok || v.empty {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(i+1, sh.row)
		if sh.comment {
			if err := sh.f.SetCellStyle(sh.t.Name, ref, ref, sh.st.exampleOf(col.Kind)); err != nil {
				sh.err = err
				return
			}
		}
		var err error
		shown := v.s
		if v.isNum {
			err = sh.f.SetCellFloat(sh.t.Name, ref, v.n, -1, 64)
			if shown == "" {
				shown = fmtNum(v.n)
			}
		} else {
			err = sh.f.SetCellStr(sh.t.Name, ref, v.s)
		}
		if err != nil {
			sh.err = err
			return
		}
		sh.widths[i] = max(sh.widths[i], utf8.RuneCountInString(shown))
	}
	sh.row++
}

// newBook lays out ds in a workbook; with comment set, its rows are written as comment rows
// (the template's examples).
func newBook(ds *planner.Dataset, comment bool) (*excelize.File, error) {
	f := excelize.NewFile()
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "deskplan", LastModifiedBy: "deskplan",
		Title: "deskplan input", Created: docTime, Modified: docTime}); err != nil {
		return nil, err
	}
	tables := writtenTables(ds)
	for i, t := range tables { // every table's sheet first, so that Lists comes last
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.Name)
		} else {
			_, err = f.NewSheet(t.Name)
		}
		if err != nil {
			return nil, err
		}
	}
	for _, t := range tables {
		sh := &sheet{f: f, t: t, st: st, row: firstDataRow, widths: make([]int, len(t.Columns)), comment: comment}
		if err := sh.head(); err != nil {
			return nil, err
		}
		for _, r := range tableRows(t, ds, comment) {
			sh.put(r)
		}
		if sh.err != nil {
			return nil, sh.err
		}
		if err := sh.finish(); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	ok = true
	return f, nil
}

// head writes the header and instruction rows and the column styles.
func (sh *sheet) head() error {
	name := sh.t.Name
	for i, col := range sh.t.Columns {
		letter, _ := excelize.ColumnNumberToName(i + 1)
		if err := sh.f.SetColStyle(name, letter, sh.st.of(col.Kind)); err != nil {
			return err
		}
		ref, _ := excelize.CoordinatesToCellName(i+1, headerRow)
		if err := sh.f.SetCellStr(name, ref, col.Name); err != nil {
			return err
		}
		help := col.Help
		if col.Required {
			help += " (required)"
		}
		if i == 0 {
			help = "# " + help
		}
		ref, _ = excelize.CoordinatesToCellName(i+1, noteRow)
		if err := sh.f.SetCellStr(name, ref, help); err != nil {
			return err
		}
		sh.widths[i] = max(len(col.Name)+4, min(utf8.RuneCountInString(help), 24))
	}
	last, _ := excelize.ColumnNumberToName(len(sh.t.Columns))
	if err := sh.f.SetCellStyle(name, "A1", last+"1", sh.st.header); err != nil {
		return err
	}
	if err := sh.f.SetCellStyle(name, "A2", fmt.Sprintf("%s%d", last, noteRow), sh.st.note); err != nil {
		return err
	}
	if err := sh.f.SetRowHeight(name, noteRow, 45); err != nil {
		return err
	}
	return sh.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: noteRow, TopLeftCell: fmt.Sprintf("A%d", firstDataRow), ActivePane: "bottomLeft"})
}

// finish sets the column widths and the drop-downs.
func (sh *sheet) finish() error {
	name := sh.t.Name
	for i, w := range sh.widths {
		letter, _ := excelize.ColumnNumberToName(i + 1)
		if err := sh.f.SetColWidth(name, letter, letter, float64(min(max(w+2, 10), 48))); err != nil {
			return err
		}
	}
	lastRow := max(sh.row, firstDataRow) + validationRows
	refs := map[string]string{ // drop-downs from another sheet: suggestions, not enforced
		"lines":      "Lines!$A$3:$A$1000",
		"line":       "Lines!$A$3:$A$1000",
		"staff_id":   "Staff!$A$3:$A$5000",
		"session_id": "Sessions!$A$3:$A$1000",
	}
	for i, col := range sh.t.Columns {
		letter, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s%d:%s%d", letter, firstDataRow, letter, lastRow)
		choices := col.Choices
		if l, ok := sh.lists[col.Name]; ok {
			choices = l
		}
		switch {
		case len(choices) > 0:
			if err := dv.SetDropList(choices); err != nil {
				// longer than a spreadsheet allows in a rule (255 characters): from the
				// Lists sheet
				ref, err := listRange(sh.f, choices)
				if err != nil {
					return err
				}
				dv.SetSqrefDropList(ref)
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, col.Name, "Pick one of: "+strings.Join(choices, ", "))
		case refs[col.Name] != "":
			dv.SetSqrefDropList(refs[col.Name])
		default:
			continue
		}
		if err := sh.f.AddDataValidation(name, dv); err != nil {
			return err
		}
	}
	return nil
}

// ListsSheet is the hidden sheet that holds the choices of drop-downs too long to live in the
// drop-down itself. Reading a workbook skips it.
const ListsSheet = "Lists"

// listRange writes choices down the next free column of the hidden Lists sheet (made on first
// use) and returns the column's absolute range.
func listRange(f *excelize.File, choices []string) (string, error) {
	col := 1
	if idx, _ := f.GetSheetIndex(ListsSheet); idx < 0 {
		if _, err := f.NewSheet(ListsSheet); err != nil {
			return "", err
		}
		if err := f.SetSheetVisible(ListsSheet, false); err != nil {
			return "", err
		}
	} else {
		rows, err := f.GetRows(ListsSheet)
		if err != nil {
			return "", err
		}
		if len(rows) > 0 {
			col = len(rows[0]) + 1
		}
	}
	letter, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return "", err
	}
	for i, c := range choices {
		if err := f.SetCellStr(ListsSheet, fmt.Sprintf("%s%d", letter, i+1), c); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%s!$%s$1:$%s$%d", ListsSheet, letter, letter, len(choices)), nil
}

// tableRows returns the rows of table t of ds, as cells by column name. The template's
// settings carry their help in the note column.
func tableRows(t *table, ds *planner.Dataset, template bool) []map[string]value {
	var rows []map[string]value
	put := func(r map[string]value) { rows = append(rows, r) }
	switch t {
	case tblSettings:
		// The keys the dataset gives (SettingsSet), or all of them when it does not say.
		help := map[string]string{}
		for _, k := range planner.SettingKeys {
			help[k.Key] = k.Help
		}
		for _, kv := range ds.Settings.Pairs() {
			if ds.SettingsSet != nil && !contains(ds.SettingsSet, kv[0]) {
				continue
			}
			r := map[string]value{"key": text(kv[0]), "value": text(kv[1])}
			if template {
				r["note"] = text(help[kv[0]])
			}
			put(r)
		}
	case tblLines:
		for _, l := range ds.Lines {
			put(map[string]value{"id": text(l.ID), "name": text(l.Name), "phone": text(l.Phone)})
		}
	case tblStaff:
		for _, s := range ds.Staff {
			v := map[string]value{
				"id": text(s.ID), "name": text(s.Name), "email": text(s.Email),
				"lines": text(strings.Join(s.Lines, ",")), "status": text(string(s.Status)),
				"roles": text(strings.Join(s.Roles, ",")), "min_hours_week": num(s.MinHoursWeek),
				"max_hours_week": num(s.MaxHoursWeek), "max_days_week": num(float64(s.MaxDaysWeek)),
				"max_hours_day": num(s.MaxHoursDay), "training_hours": numOrEmpty(s.TrainingHours),
			}
			if s.Productivity != nil {
				v["productivity"] = num(*s.Productivity)
			}
			put(v)
		}
	case tblAvailability:
		for _, a := range ds.Availability {
			v := map[string]value{
				"staff_id": text(a.StaffID), "kind": text(string(a.Kind)), "rrule": text(a.RRule),
				"first_day": dateValue(a.FirstDay), "last_day": dateValue(a.LastDay), "note": text(a.Note),
			}
			if !a.WholeDay() {
				v["from"], v["to"] = clockValue(a.From), clockValue(a.To)
			}
			put(v)
		}
	case tblSessions:
		for _, s := range ds.Sessions {
			put(map[string]value{
				"id": text(s.ID), "name": text(s.Name), "first_day": dateValue(s.FirstDay),
				"last_day": dateValue(s.LastDay), "exam_days": text(s.ExamDays),
				"sittings": numOrEmpty(float64(s.Sittings)), "type": text(s.Type),
			})
		}
	case tblForecast:
		for _, r := range ds.Forecast {
			v := map[string]value{
				"session_id": text(r.SessionID), "date": dateValue(r.Date), "slot": clockValue(r.Slot),
				"line": text(r.Line), "calls": num(r.Calls), "aht_seconds": num(r.AHT),
				"patience_seconds": numOrEmpty(r.Patience), "day_cv": numOrEmpty(r.DayCV),
				"slot_cv": numOrEmpty(r.SlotCV),
			}
			if r.Date.IsZero() {
				v["weekday"] = text(calendar.WeekdayCode(r.Weekday))
			}
			put(v)
		}
	case tblShiftTemplates:
		h := func(m int) value { return num(float64(m) / 60) }
		for _, st := range ds.ShiftTemplates {
			put(map[string]value{
				"name": text(st.Name), "earliest_start": clockValue(st.EarliestStart),
				"latest_start": clockValue(st.LatestStart), "step_minutes": num(float64(st.StepMinutes)),
				"min_hours": h(st.MinMinutes), "max_hours": h(st.MaxMinutes),
				"break_minutes": num(float64(st.BreakMinutes)), "break_after_hours": h(st.BreakAfterMinutes),
				"break_earliest": clockValue(st.BreakEarliest), "break_latest": clockValue(st.BreakLatest),
			})
		}
	case tblClosures:
		for _, c := range ds.Closures {
			put(map[string]value{"first_day": dateValue(c.FirstDay), "last_day": dateValue(c.LastDay), "note": text(c.Note)})
		}
	}
	return rows
}

// writtenTables returns the tables a workbook or folder of ds holds: every table, but
// Closures only when ds has closures (nil: the table is not given).
func writtenTables(ds *planner.Dataset) []*table {
	if ds.Closures != nil {
		return tables
	}
	return slices.DeleteFunc(slices.Clone(tables), func(t *table) bool { return t == tblClosures })
}
