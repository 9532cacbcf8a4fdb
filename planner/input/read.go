package input

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/workbook"
)

// Read reads a team workbook (a file) or a folder of CSV files (a directory): see
// ReadWorkbook and ReadDir.
func Read(path string, known *planner.Dataset) (*planner.Dataset, error) {
	return ReadContext(context.Background(), path, known)
}

// ReadContext is Read stopping with ctx.Err() when ctx is cancelled while reading.
func ReadContext(ctx context.Context, path string, known *planner.Dataset) (*planner.Dataset, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, inputErr(planner.Place{File: path}, "cannot read: %v", unwrapPath(err))
	}
	if fi.IsDir() {
		return readDir(ctx, path, known)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, inputErr(planner.Place{File: path}, "cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	return readWorkbook(ctx, f, fi.Size(), path, known)
}

// Limits bound what reading a workbook may cost (see package workbook): a team workbook of at
// most 64 MB, unpacking to at most 128 MB, with at most 200,000 rows a table and 64 columns.
// A folder's CSV files are bounded alike: 64 MB and MaxRows rows each.
var Limits = workbook.DefaultLimits

// ReadWorkbook reads the team workbook at path (.xlsx, one sheet per table) and checks it
// against itself and against known, what the store already holds (nil: nothing). Every
// problem found is reported in one *planner.InputError. The result holds only the tables
// the workbook has: the slices of absent tables are nil, and SettingsSet lists the settings
// it gives (Settings are those of known, or the defaults, with the workbook's applied).
//
// A damaged workbook (its XML cut short or edited by hand, a zip entry whose checksum fails,
// fewer rows than it declares) is refused with the sheet named, never read in part; so is a
// workbook beyond Limits. Sheets of no known table are not read, only checked to be empty.
func ReadWorkbook(path string, known *planner.Dataset) (*planner.Dataset, error) {
	return ReadContext(context.Background(), path, known)
}

// ReadWorkbookFrom is ReadWorkbook reading from r; name is the file name that problems
// report.
func ReadWorkbookFrom(r io.Reader, name string, known *planner.Dataset) (*planner.Dataset, error) {
	data, err := io.ReadAll(io.LimitReader(r, Limits.MaxFileBytes+1))
	if err != nil {
		return nil, inputErr(planner.Place{File: name}, "cannot read: %v", unwrapPath(err))
	}
	return readWorkbook(context.Background(), bytes.NewReader(data), int64(len(data)), name, known)
}

func readWorkbook(ctx context.Context, r io.ReaderAt, size int64, name string, known *planner.Dataset) (*planner.Dataset, error) {
	book, err := workbook.Open(r, size, Limits)
	if err != nil {
		var se *workbook.Error
		switch {
		case errors.As(err, &se):
			return nil, inputErr(planner.Place{File: name}, "%v", se)
		case strings.EqualFold(filepath.Ext(name), ".csv"):
			return nil, inputErr(planner.Place{File: name}, "a CSV file is read as a table of a folder: put it, named after its table (e.g. staff.csv), in a folder and import the folder")
		}
		return nil, inputErr(planner.Place{File: name}, "not an Excel workbook (.xlsx): %v", err)
	}
	var errs planner.InputError
	raws, err := workbookTables(ctx, book, name, &errs)
	if err != nil {
		return nil, err
	}
	return parse(raws, known, &errs)
}

// ReadDir reads a folder of CSV files, one per table, named after the table in lower case
// (staff.csv, shifttemplates.csv; shift_templates.csv is accepted too). Files are UTF-8,
// with or without a byte order mark; the separator, comma or semicolon, is detected from the
// header line. Other files (not .csv) are ignored. See ReadWorkbook for known and the result.
func ReadDir(path string, known *planner.Dataset) (*planner.Dataset, error) {
	return readDir(context.Background(), path, known)
}

func readDir(ctx context.Context, path string, known *planner.Dataset) (*planner.Dataset, error) {
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
		data, err := readCSVFile(file)
		if err != nil {
			errs.Add(planner.Place{File: file}, "%v", err)
			continue
		}
		rt, err := csvTable(ctx, t, file, data, &errs)
		if err != nil {
			return nil, err
		}
		if rt != nil {
			raws = append(raws, rt)
		}
	}
	if len(seen) == 0 && errs.Len() == 0 {
		errs.Add(planner.Place{File: path}, "no table file in the folder (expected some of %s)", csvNames())
	}
	slices.SortFunc(raws, func(a, b *rawTable) int { return slices.Index(tables, a.t) - slices.Index(tables, b.t) })
	return parse(raws, known, &errs)
}

// readCSVFile reads a CSV file of at most Limits.MaxFileBytes.
func readCSVFile(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, Limits.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	if int64(len(data)) > Limits.MaxFileBytes {
		return nil, fmt.Errorf("the file is larger than %d MB, the most deskplan reads", Limits.MaxFileBytes>>20)
	}
	return data, nil
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

// workbookTables collects the known sheets of the book; problems of their rows go to errs.
// A workbook that cannot be read (damaged, beyond Limits) gives an *planner.InputError with
// that one problem, and a cancelled context its error.
func workbookTables(ctx context.Context, book *workbook.Book, name string, errs *planner.InputError) ([]*rawTable, error) {
	var raws []*rawTable
	seen := map[*table]string{}
	for _, sh := range book.Sheets() {
		place := planner.Place{File: name, Sheet: sh}
		t := tableByName(sh)
		if t == nil {
			empty, err := book.IsEmpty(ctx, sh)
			switch {
			case ctx.Err() != nil:
				return nil, ctx.Err()
			case err != nil:
				return nil, sheetError(name, err)
			case !empty && sh != ListsSheet:
				errs.Add(place, "unknown sheet %q (known: %s)", sh, tableNames())
			}
			continue
		}
		if prev, dup := seen[t]; dup {
			errs.Add(place, "table %s is also on sheet %q", t.Name, prev)
			continue
		}
		seen[t] = sh
		rt, err := readSheet(ctx, book, name, sh, t, errs)
		if err != nil {
			return nil, err
		}
		if rt != nil {
			raws = append(raws, rt)
		}
	}
	if len(seen) == 0 && errs.Len() == 0 {
		errs.Add(planner.Place{File: name}, "no known sheet in the workbook (expected some of %s)", tableNames())
	}
	return raws, nil
}

// readSheet reads sheet sh of the book as table t; nil when the sheet has no header (the
// problem is in errs). A damaged sheet gives an error to refuse the whole workbook with.
func readSheet(ctx context.Context, book *workbook.Book, name, sh string, t *table, errs *planner.InputError) (*rawTable, error) {
	rt := &rawTable{t: t, file: name, sheet: sh, date1904: book.Date1904()}
	b := newBuilder(rt, errs)
	err := book.Rows(ctx, sh, func(sr workbook.Row) error {
		r := row{n: sr.Num, cells: make([]cell, 0, len(sr.Cells))}
		for _, c := range sr.Cells {
			k := b.kind(c.Col - 1)
			cc := cell{col: c.Col - 1, text: c.Value, raw: c.Value, num: c.Type == workbook.Number}
			if c.Formula && c.Type == workbook.Text && k != kText {
				// Some writers store every formula's result as text: a number is a number.
				_, err := parseFloatRaw(c.Value)
				cc.num = err == nil
			}
			// A number in a text column reads as displayed; elsewhere, at full precision.
			if cc.num && k == kText {
				cc.text = book.Display(c)
			}
			r.cells = append(r.cells, cc)
		}
		b.add(r, sr.Beyond)
		return nil
	})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		// A damaged workbook is refused whole, with this one problem: what its other sheets
		// would raise without the rows lost is noise.
		return nil, sheetError(name, err)
	}
	if !b.done() {
		return nil, nil
	}
	return rt, nil
}

// sheetError reports a workbook that cannot be read (damaged, or beyond Limits) at the place
// the reader names.
func sheetError(file string, err error) error {
	p := planner.Place{File: file}
	var se *workbook.Error
	if errors.As(err, &se) {
		p.Sheet, p.Row = se.Sheet, se.Row
		if se.Row > 0 {
			p.Col = "A"
			if se.Col > 0 {
				p.Col = workbook.ColumnName(se.Col)
			}
		}
		return inputErr(p, "%s; nothing is read from this workbook", se.Msg)
	}
	return inputErr(p, "cannot read: %v", err)
}

// commentRow reports a row whose first cell (column A) starts with '#'.
func commentRow(r row) bool {
	c, ok := r.at(0)
	return ok && strings.HasPrefix(strings.TrimSpace(c.text), "#")
}

func emptyRow(r row) bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c.text) != "" {
			return false
		}
	}
	return true
}

// builder turns the rows of a table, read one at a time, into a rawTable: it finds the
// header (the first row neither empty nor a comment), maps its columns and keeps the data
// rows (not empty, not a comment), each with only the cells of the table's columns. Header
// problems are reported, and the columns that are fine are still read so that one mistake
// does not hide the others.
type builder struct {
	rt      *rawTable
	errs    *planner.InputError
	header  bool   // the header row has been read
	unnamed []int  // positions of header cells without a name
	kinds   []kind // by position, up to the header's last cell
	keep    []bool // by position: a column of the table
	rows    int
}

func newBuilder(rt *rawTable, errs *planner.InputError) *builder {
	rt.pos = map[string]int{}
	return &builder{rt: rt, errs: errs}
}

// kind returns how the cells at position i are read: as text until the header is known, and
// for positions without a column of the table.
func (b *builder) kind(i int) kind {
	if i < len(b.kinds) {
		return b.kinds[i]
	}
	return kText
}

// add takes the next row of the file; beyond is the first column right of the columns read
// that holds a value (0: none).
func (b *builder) add(r row, beyond int) {
	if emptyRow(r) && beyond == 0 || commentRow(r) {
		return
	}
	if !b.header {
		b.readHeader(r, beyond)
		return
	}
	rt := b.rt
	for _, i := range b.unnamed {
		if c, ok := r.at(i); ok && strings.TrimSpace(c.text) != "" {
			p := rt.place(r.n, "")
			if rt.sheet != "" {
				p.Col = workbook.ColumnName(i + 1)
			}
			b.errs.Add(p, "value %q is in a column without a header", c.text)
		}
	}
	if b.rows++; b.rows > Limits.MaxRows {
		if b.rows == Limits.MaxRows+1 {
			b.errs.Add(rt.place(r.n, ""), "the table has more than %d rows, the most deskplan reads", Limits.MaxRows)
		}
		return
	}
	kept := make([]cell, 0, len(rt.pos))
	for _, c := range r.cells {
		if c.col < len(b.keep) && b.keep[c.col] {
			b.clean(r.n, &c)
			kept = append(kept, c)
		}
	}
	r.cells = kept
	rt.rows = append(rt.rows, r)
}

// clean reports control characters in a cell's text (ESC, BEL, NUL...: a name that holds
// them can clear a terminal or retitle its window) and drops them, so that the cell is
// reported once.
func (b *builder) clean(n int, c *cell) {
	r, ok := controlChar(c.text)
	if !ok {
		return
	}
	col := ""
	for name, i := range b.rt.pos {
		if i == c.col {
			col = name
		}
	}
	b.errs.Add(b.rt.place(n, col), "the text holds the control character %s: only printable characters, tabs and line breaks are allowed", runeName(r))
	c.text = stripControls(c.text)
	if !c.num {
		c.raw = c.text
	}
}

func (b *builder) readHeader(r row, beyond int) {
	rt := b.rt
	b.header = true
	rt.header = r.n
	width := 0
	for _, c := range r.cells {
		width = max(width, c.col+1)
	}
	names := make([]string, width)
	for _, c := range r.cells {
		names[c.col] = c.text
	}
	for i, text := range names {
		name := normName(text)
		if name == "" {
			b.unnamed = append(b.unnamed, i)
			continue
		}
		p := rt.place(rt.header, "")
		p.Col, p.Column = "", ""
		if rt.sheet != "" {
			p.Col = workbook.ColumnName(i + 1)
		}
		if rt.t.column(name) == nil {
			b.errs.Add(p, "unknown column %q in %s (known: %s)", strings.TrimSpace(text), rt.t.Name, columnNames(rt.t))
			continue
		}
		if _, dup := rt.pos[name]; dup {
			b.errs.Add(p, "column %q appears twice", name)
			continue
		}
		rt.pos[name] = i
	}
	if beyond > 0 {
		p := rt.place(rt.header, "")
		p.Col, p.Column = workbook.ColumnName(beyond), ""
		b.errs.Add(p, "a header cell in column %s, right of the %d columns a table may have", workbook.ColumnName(beyond), Limits.MaxCols)
	}
	for _, col := range rt.t.Columns {
		if _, has := rt.pos[col.Name]; col.Required && !has {
			b.errs.Add(rt.place(rt.header, ""), "missing column %q (required in %s)", col.Name, rt.t.Name)
		}
	}
	b.kinds, b.keep = make([]kind, width), make([]bool, width)
	for name, i := range rt.pos {
		b.kinds[i], b.keep[i] = rt.t.column(name).Kind, true
	}
}

// done ends the table; it reports false, with the problem, when the table has no header.
func (b *builder) done() bool {
	if !b.header {
		b.rt.header = 1
		b.errs.Add(b.rt.place(1, ""), "no header row (expected columns %s)", columnNames(b.rt.t))
		return false
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

// csvTable reads one CSV file. The error returned is the context's, when it is cancelled.
func csvTable(ctx context.Context, t *table, file string, data []byte, errs *planner.InputError) (*rawTable, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		errs.Add(planner.Place{File: file, Row: line}, "not UTF-8 text (save the file as CSV UTF-8)")
		return nil, nil
	}
	if crOnly(data) {
		errs.Add(planner.Place{File: file}, "its lines end with a lone carriage return (CR, as old Mac files do): "+
			"save the file as CSV UTF-8, or convert its line endings to LF or CR LF")
		return nil, nil
	}
	rd := csv.NewReader(bytes.NewReader(data))
	rd.Comma = detectSeparator(data)
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = true
	rt := &rawTable{t: t, file: file}
	b := newBuilder(rt, errs)
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
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
			return nil, nil
		}
		line, _ := rd.FieldPos(0)
		r := row{n: line, cells: make([]cell, len(rec))}
		for i, s := range rec {
			r.cells[i] = cell{col: i, text: s, raw: s}
		}
		b.add(r, 0)
	}
	if !b.done() {
		return nil, nil
	}
	return rt, nil
}

// crOnly reports a file whose first line ends with a lone carriage return.
func crOnly(data []byte) bool {
	quoted := false
	for i, c := range data {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return false
		case c == '\r':
			return i+1 < len(data) && data[i+1] != '\n'
		}
	}
	return false
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
