package input

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"deskplan/planner"
)

// Read reads a team workbook (a file) or a folder of CSV files (a directory): see
// ReadWorkbook and ReadDir.
func Read(path string, known *planner.Dataset) (*planner.Dataset, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, inputErr(planner.Place{File: path}, "cannot read: %v", unwrapPath(err))
	}
	if fi.IsDir() {
		return ReadDir(path, known)
	}
	return ReadWorkbook(path, known)
}

// ReadWorkbook reads the team workbook at path (.xlsx, one sheet per table) and checks it
// against itself and against known, what the store already holds (nil: nothing). Every
// problem found is reported in one *planner.InputError. The result holds only the tables
// the workbook has: the slices of absent tables are nil, and SettingsSet lists the settings
// it gives (Settings are those of known, or the defaults, with the workbook's applied).
func ReadWorkbook(path string, known *planner.Dataset) (*planner.Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputErr(planner.Place{File: path}, "cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	return ReadWorkbookFrom(f, path, known)
}

// ReadWorkbookFrom is ReadWorkbook reading from r; name is the file name that problems
// report.
func ReadWorkbookFrom(r io.Reader, name string, known *planner.Dataset) (*planner.Dataset, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		if strings.EqualFold(filepath.Ext(name), ".csv") {
			return nil, inputErr(planner.Place{File: name}, "a CSV file is read as a table of a folder: put it, named after its table (e.g. staff.csv), in a folder and import the folder")
		}
		return nil, inputErr(planner.Place{File: name}, "not an Excel workbook (.xlsx): %v", err)
	}
	defer f.Close()
	var errs planner.InputError
	raws := workbookTables(f, name, &errs)
	return parse(raws, known, &errs)
}

// ReadDir reads a folder of CSV files, one per table, named after the table in lower case
// (staff.csv, shifttemplates.csv; shift_templates.csv is accepted too). Files are UTF-8,
// with or without a byte order mark; the separator, comma or semicolon, is detected from the
// header line. Other files (not .csv) are ignored. See ReadWorkbook for known and the result.
func ReadDir(path string, known *planner.Dataset) (*planner.Dataset, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, inputErr(planner.Place{File: path}, "cannot read folder: %v", unwrapPath(err))
	}
	var errs planner.InputError
	var raws []*rawTable
	seen := map[*table]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(filepath.Ext(name), ".csv") {
			continue
		}
		file := filepath.Join(path, name)
		t := tableByName(strings.TrimSuffix(name, filepath.Ext(name)))
		if t == nil {
			errs.Add(planner.Place{File: file}, "unknown table file %q (known: %s)", name, csvNames())
			continue
		}
		if prev, dup := seen[t]; dup {
			errs.Add(planner.Place{File: file}, "table %s is also in %s", t.Name, prev)
			continue
		}
		seen[t] = name
		data, err := os.ReadFile(file)
		if err != nil {
			errs.Add(planner.Place{File: file}, "cannot read: %v", unwrapPath(err))
			continue
		}
		if rt := csvTable(t, file, data, &errs); rt != nil {
			raws = append(raws, rt)
		}
	}
	if len(seen) == 0 && errs.Len() == 0 {
		errs.Add(planner.Place{File: path}, "no table file in the folder (expected some of %s)", csvNames())
	}
	slices.SortFunc(raws, func(a, b *rawTable) int { return slices.Index(tables, a.t) - slices.Index(tables, b.t) })
	return parse(raws, known, &errs)
}

func csvNames() string {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.CSVName()
	}
	return strings.Join(names, ", ")
}

func inputErr(p planner.Place, format string, args ...any) error {
	var e planner.InputError
	e.Add(p, format, args...)
	return &e
}

// unwrapPath drops the path from an *os.PathError: the place already names the file.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func parseFloatRaw(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

// workbookTables collects the known sheets of f.
func workbookTables(f *excelize.File, name string, errs *planner.InputError) []*rawTable {
	date1904 := workbookDate1904(f)
	var raws []*rawTable
	seen := map[*table]string{}
	for _, sheet := range f.GetSheetList() {
		// Raw values: formatting every cell costs much (dates above all); only the number
		// cells of text columns are formatted below, to read them as displayed.
		raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			errs.Add(planner.Place{File: name, Sheet: sheet}, "cannot read sheet: %v", err)
			continue
		}
		t := tableByName(sheet)
		if t == nil {
			if !emptyRows(raw) && sheet != ListsSheet {
				errs.Add(planner.Place{File: name, Sheet: sheet}, "unknown sheet %q (known: %s)", sheet, tableNames())
			}
			continue
		}
		if prev, dup := seen[t]; dup {
			errs.Add(planner.Place{File: name, Sheet: sheet}, "table %s is also on sheet %q", t.Name, prev)
			continue
		}
		seen[t] = sheet
		if rt := sheetTable(f, name, sheet, t, raw, date1904, errs); rt != nil {
			raws = append(raws, rt)
		}
	}
	if len(seen) == 0 && errs.Len() == 0 {
		errs.Add(planner.Place{File: name}, "no known sheet in the workbook (expected some of %s)", tableNames())
	}
	return raws
}

func workbookDate1904(f *excelize.File) bool {
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		return *p.Date1904
	}
	return false
}

// sheetTable reads sheet of f, whose raw cell values are raw, as table t; nil when it has no
// header.
func sheetTable(f *excelize.File, name, sheet string, t *table, raw [][]string, date1904 bool, errs *planner.InputError) *rawTable {
	rt := &rawTable{t: t, file: name, sheet: sheet, date1904: date1904}
	rows := make([]row, len(raw))
	for i, texts := range raw {
		rows[i] = row{n: i + 1, cells: make([]cell, len(texts))}
		for j, s := range texts {
			rows[i].cells[j] = cell{text: s, raw: s}
		}
	}
	if !rt.build(rows, errs) {
		return nil
	}
	kinds := rt.kinds()
	for _, r := range rt.rows {
		for j := range r.cells {
			c := &r.cells[j]
			if _, err := parseFloatRaw(c.raw); err != nil {
				continue
			}
			k := kText
			if j < len(kinds) {
				k = kinds[j]
			}
			if k == kNumber { // a number, stored as one or as text: the same
				c.num = true
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, r.n)
			ct, err := f.GetCellType(sheet, ref)
			if err != nil {
				continue
			}
			switch ct {
			case excelize.CellTypeUnset, excelize.CellTypeNumber, excelize.CellTypeFormula:
				c.num = true
			case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
				continue
			}
			if k == kText {
				if shown, err := f.GetCellValue(sheet, ref); err == nil {
					c.text = shown
				}
			}
		}
	}
	return rt
}

// kinds returns the kind of each column position of the file (text for unknown columns).
func (rt *rawTable) kinds() []kind {
	out := []kind{}
	for name, i := range rt.pos {
		for len(out) <= i {
			out = append(out, kText)
		}
		if c := rt.t.column(name); c != nil {
			out[i] = c.Kind
		}
	}
	return out
}

func emptyRows(rows [][]string) bool {
	for _, r := range rows {
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				return false
			}
		}
	}
	return true
}

// commentRow reports a row whose first cell starts with '#'.
func commentRow(cells []cell) bool {
	return len(cells) > 0 && strings.HasPrefix(strings.TrimSpace(cells[0].text), "#")
}

func emptyRow(cells []cell) bool {
	for _, c := range cells {
		if strings.TrimSpace(c.text) != "" {
			return false
		}
	}
	return true
}

// build finds the header (the first row neither empty nor a comment), maps its columns and keeps the data rows
// (not empty, not a comment). Header problems are reported, and the columns that are fine
// are still read so that one mistake does not hide the others. It reports false when there
// is no header at all.
func (rt *rawTable) build(rows []row, errs *planner.InputError) bool {
	h := -1
	for i, r := range rows {
		if !emptyRow(r.cells) && !commentRow(r.cells) {
			h = i
			break
		}
	}
	rt.pos = map[string]int{}
	if h < 0 {
		rt.header = 1
		errs.Add(rt.place(1, ""), "no header row (expected columns %s)", columnNames(rt.t))
		return false
	}
	rt.header = rows[h].n
	var unnamed []int
	for i, c := range rows[h].cells {
		name := normName(c.text)
		if name == "" {
			unnamed = append(unnamed, i)
			continue
		}
		p := rt.place(rt.header, "")
		p.Col, p.Column = "", ""
		if rt.sheet != "" {
			p.Col, _ = excelize.ColumnNumberToName(i + 1)
		}
		if rt.t.column(name) == nil {
			errs.Add(p, "unknown column %q in %s (known: %s)", strings.TrimSpace(c.text), rt.t.Name, columnNames(rt.t))
			continue
		}
		if _, dup := rt.pos[name]; dup {
			errs.Add(p, "column %q appears twice", name)
			continue
		}
		rt.pos[name] = i
	}
	for _, col := range rt.t.Columns {
		if _, has := rt.pos[col.Name]; col.Required && !has {
			p := rt.place(rt.header, "")
			errs.Add(p, "missing column %q (required in %s)", col.Name, rt.t.Name)
		}
	}
	for _, r := range rows[h+1:] {
		if emptyRow(r.cells) {
			continue
		}
		if commentRow(r.cells) {
			continue
		}
		for _, i := range unnamed {
			if i < len(r.cells) && strings.TrimSpace(r.cells[i].text) != "" {
				p := rt.place(r.n, "")
				if rt.sheet != "" {
					p.Col, _ = excelize.ColumnNumberToName(i + 1)
				}
				errs.Add(p, "value %q is in a column without a header", r.cells[i].text)
			}
		}
		rt.rows = append(rt.rows, r)
	}
	return true
}

func columnNames(t *table) string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// csvTable reads one CSV file.
func csvTable(t *table, file string, data []byte, errs *planner.InputError) *rawTable {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		errs.Add(planner.Place{File: file, Row: line}, "not UTF-8 text (save the file as CSV UTF-8)")
		return nil
	}
	rd := csv.NewReader(bytes.NewReader(data))
	rd.Comma = detectSeparator(data)
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = true
	var rows []row
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.Line, pe.Err
			}
			errs.Add(planner.Place{File: file, Row: line}, "not valid CSV: %v", err)
			return nil
		}
		line, _ := rd.FieldPos(0)
		r := row{n: line, cells: make([]cell, len(rec))}
		for i, s := range rec {
			r.cells[i] = cell{text: s, raw: s}
		}
		rows = append(rows, r)
	}
	rt := &rawTable{t: t, file: file}
	if !rt.build(rows, errs) {
		return nil
	}
	return rt
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// detectSeparator picks ';' when the first line has more semicolons than commas outside
// quotes, and ',' otherwise.
func detectSeparator(data []byte) rune {
	comma, semi, quoted := 0, 0, false
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			goto done
		case b == ',':
			comma++
		case b == ';':
			semi++
		}
	}
done:
	if semi > comma {
		return ';'
	}
	return ','
}
