package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Limits bound what reading a workbook may cost.
type Limits struct {
	MaxFileBytes int64 // the .xlsx file itself
	MaxUnpacked  int64 // the bytes unpacked from the parts read, all parts together
	MaxRows      int   // the last row number that may hold a value
	MaxCols      int   // cells right of this column are not read, only noted (Row.Beyond)
}

// DefaultLimits suit a team workbook: 64 MB of file, 128 MB unpacked (a Forecast sheet of
// 200,000 rows as Excel writes it takes about 70 MB), 200,000 rows a sheet, 64 columns.
var DefaultLimits = Limits{MaxFileBytes: 64 << 20, MaxUnpacked: 128 << 20, MaxRows: 200_000, MaxCols: 64}

// maxCellChars is Excel's own limit on the characters of a cell.
const maxCellChars = 32767

// maxColumn is the last column of a sheet (XFD) and maxRow its last row.
const (
	maxColumn = 16384
	maxRow    = 1 << 20
)

// Error is a problem with the workbook itself, not with its values: it is damaged, or it is
// beyond a limit. Sheet, Row and Col place it when known (zero otherwise).
type Error struct {
	Sheet string
	Row   int
	Col   int // 1-based column
	Msg   string
	Limit bool // the workbook is too large rather than damaged
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Sheet != "" {
		b.WriteString(e.Sheet)
		if e.Row > 0 {
			b.WriteByte('!')
			if e.Col > 0 {
				b.WriteString(ColumnName(e.Col))
			}
			b.WriteString(strconv.Itoa(e.Row))
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ColumnName returns the letters of a 1-based column: 1 is A, 16384 is XFD.
func ColumnName(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append(b, byte('A'+col%26))
		col /= 26
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// Book is a workbook opened for reading. It is not safe for concurrent use.
type Book struct {
	lim      Limits
	files    map[string]*zip.File // by lower-case part name
	sheets   []sheetRef
	date1904 bool
	left     int64 // unpacked bytes still allowed
	sst      *sharedStrings
	styles   *styles
}

type sheetRef struct {
	name string
	part string // e.g. xl/worksheets/sheet1.xml; "" when the workbook names no part
}

// Read opens the workbook read from r, which may hold at most lim.MaxFileBytes.
func Read(r io.Reader, lim Limits) (*Book, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	return Open(bytes.NewReader(data), int64(len(data)), lim)
}

// Open opens the workbook of size bytes read from r. A file that is not a zip archive gives
// an error that is not an *Error: the caller says what it expected.
func Open(r io.ReaderAt, size int64, lim Limits) (*Book, error) {
	if size > lim.MaxFileBytes {
		return nil, &Error{Msg: fmt.Sprintf("the file is larger than %s, the most deskplan reads", mb(lim.MaxFileBytes)), Limit: true}
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	b := &Book{lim: lim, files: map[string]*zip.File{}, left: lim.MaxUnpacked}
	for _, f := range zr.File {
		b.files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	if err := b.readWorkbook(); err != nil {
		return nil, err
	}
	if err := b.readStyles(); err != nil {
		return nil, err
	}
	return b, nil
}

// mb writes a size in MB (in KB below one MB).
func mb(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d MB", n>>20)
}

// Sheets returns the names of the sheets, in workbook order.
func (b *Book) Sheets() []string {
	out := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		out[i] = s.name
	}
	return out
}

// Date1904 reports whether the workbook counts dates from 1904 (an old Mac setting).
func (b *Book) Date1904() bool { return b.date1904 }

// part opens a part of the package by name, counting what it unpacks against the budget.
// ok is false when the package has no such part.
func (b *Book) part(name string) (rc io.ReadCloser, ok bool, err error) {
	f := b.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if f == nil {
		return nil, false, nil
	}
	r, err := f.Open()
	if err != nil {
		return nil, true, &Error{Msg: fmt.Sprintf("part %s of the package cannot be read: %v", name, err)}
	}
	return &budgetReader{r: r, b: b}, true, nil
}

// budgetReader counts the bytes read against the book's unpacked budget.
type budgetReader struct {
	r io.ReadCloser
	b *Book
}

func (r *budgetReader) Read(p []byte) (int, error) {
	if r.b.left <= 0 {
		var one [1]byte
		if n, _ := r.r.Read(one[:]); n == 0 {
			return 0, io.EOF
		}
		return 0, &Error{Msg: fmt.Sprintf("the workbook unpacks to more than %s, the most deskplan reads", mb(r.b.lim.MaxUnpacked)), Limit: true}
	}
	if int64(len(p)) > r.b.left {
		p = p[:r.b.left]
	}
	n, err := r.r.Read(p)
	r.b.left -= int64(n)
	return n, err
}

func (r *budgetReader) Close() error { return r.r.Close() }

// scanner reads the tokens of one XML part and checks that they nest: every end tag closes
// the element open, nothing follows the root element, and the part does not end inside an
// element. The zip entry is read to its end, so that its checksum is verified.
type scanner struct {
	d      *xml.Decoder
	r      io.Reader
	part   string
	stack  []xml.Name
	closed bool // the root element has ended
}

func newScanner(r io.Reader, part string) *scanner {
	d := xml.NewDecoder(r)
	d.Strict = true
	return &scanner{d: d, r: r, part: part}
}

// damaged wraps a problem of the part's XML.
func (s *scanner) damaged(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf("the workbook is damaged (%s: %s)", s.part, fmt.Sprintf(format, args...))}
}

// next returns the next token; io.EOF once the part has ended well.
func (s *scanner) next() (xml.Token, error) {
	tok, err := s.d.RawToken()
	if err == io.EOF {
		if len(s.stack) > 0 {
			return nil, s.damaged("it ends inside <%s>: the file is cut short", s.stack[len(s.stack)-1].Local)
		}
		if !s.closed {
			return nil, s.damaged("it holds no XML element")
		}
		return nil, io.EOF
	}
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return nil, err // the budget, or the zip entry's own error, below the decoder
		}
		var xe *xml.SyntaxError
		if errors.As(err, &xe) {
			if xe.Msg == "unexpected EOF" {
				return nil, s.damaged("line %d: it ends in the middle of an element: the file is cut short", xe.Line)
			}
			return nil, s.damaged("line %d: %s", xe.Line, xe.Msg)
		}
		return nil, s.damaged("%v", err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		if s.closed {
			return nil, s.damaged("element <%s> after the end of the document", t.Name.Local)
		}
		s.stack = append(s.stack, t.Name)
	case xml.EndElement:
		if len(s.stack) == 0 || s.stack[len(s.stack)-1] != t.Name {
			open := "nothing"
			if len(s.stack) > 0 {
				open = "<" + s.stack[len(s.stack)-1].Local + ">"
			}
			line, _ := s.d.InputPos()
			return nil, s.damaged("line %d: </%s> closes %s", line, t.Name.Local, open)
		}
		s.stack = s.stack[:len(s.stack)-1]
		s.closed = len(s.stack) == 0
	case xml.CharData:
		if len(s.stack) == 0 && len(bytes.TrimSpace(t)) > 0 {
			return nil, s.damaged("text outside the document element")
		}
	}
	return tok, nil
}

// finish reads the rest of the part, which must hold nothing but white space and comments,
// and then the zip entry to its end (its checksum).
func (s *scanner) finish() error {
	for {
		if _, err := s.next(); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
	}
	if _, err := io.Copy(io.Discard, s.r); err != nil {
		return s.readErr(err)
	}
	return nil
}

func (s *scanner) readErr(err error) error {
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	return s.damaged("%v", err)
}

// depth is the number of elements open.
func (s *scanner) depth() int { return len(s.stack) }

func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// readWorkbook finds the workbook part (through the package relationships), its sheets and
// their parts, and the date system.
func (b *Book) readWorkbook() error {
	wbPart := "xl/workbook.xml"
	rels, err := b.readRels("_rels/.rels", "")
	if err != nil {
		return err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.typ, "/officeDocument") {
			wbPart = r.target
			break
		}
	}
	rc, ok, err := b.part(wbPart)
	if err != nil {
		return err
	}
	if !ok {
		return &Error{Msg: "not an Excel workbook: the package has no workbook part (" + wbPart + ")"}
	}
	defer rc.Close()
	s := newScanner(rc, wbPart)
	type entry struct{ name, rid string }
	var entries []entry
	for {
		tok, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "workbookPr":
			if v, ok := attr(e, "date1904"); ok {
				b.date1904 = v == "1" || v == "true"
			}
		case "sheet":
			name, _ := attr(e, "name")
			var rid string
			for _, a := range e.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					rid = a.Value
				}
			}
			entries = append(entries, entry{name, rid})
		}
	}
	if err := s.finish(); err != nil {
		return err
	}
	wbRels, err := b.readRels(path.Join(path.Dir(wbPart), "_rels", path.Base(wbPart)+".rels"), path.Dir(wbPart))
	if err != nil {
		return err
	}
	byID := map[string]string{}
	for _, r := range wbRels {
		byID[r.id] = r.target
	}
	for _, e := range entries {
		b.sheets = append(b.sheets, sheetRef{name: e.name, part: byID[e.rid]})
	}
	return nil
}

type rel struct{ id, typ, target string }

// readRels reads a relationships part; targets are resolved against dir. A missing part
// has no relationships.
func (b *Book) readRels(name, dir string) ([]rel, error) {
	rc, ok, err := b.part(name)
	if err != nil || !ok {
		return nil, err
	}
	defer rc.Close()
	s := newScanner(rc, name)
	var out []rel
	for {
		tok, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "Relationship" {
			continue
		}
		if mode, _ := attr(e, "TargetMode"); strings.EqualFold(mode, "External") {
			continue
		}
		id, _ := attr(e, "Id")
		typ, _ := attr(e, "Type")
		target, _ := attr(e, "Target")
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)[1:]
		} else {
			target = path.Join(dir, target)
		}
		out = append(out, rel{id, typ, target})
	}
	return out, s.finish()
}

// find returns the sheet named name.
func (b *Book) find(name string) (sheetRef, bool) {
	for _, s := range b.sheets {
		if s.name == name {
			return s, true
		}
	}
	return sheetRef{}, false
}

// ErrStop, returned by the function given to Rows, ends the reading of a sheet early and
// without error. The rest of the sheet is then not checked.
var ErrStop = errors.New("workbook: stop")

// Type says what a cell holds.
type Type int

const (
	Number Type = iota // a number (also a date or time: Display shows it so)
	Text
	Bool  // Value is TRUE or FALSE
	Fault // an error value such as #N/A or #DIV/0!
)

// Cell is one cell holding a value.
type Cell struct {
	Col     int // 1-based column
	Type    Type
	Value   string // as stored: a number's digits, the text, TRUE or FALSE, the error code
	Formula bool   // the value is a formula's cached result
	style   int
}

// Row is one row holding a value.
type Row struct {
	Num    int    // 1-based row number
	Cells  []Cell // the cells holding a value, left to right, up to Limits.MaxCols
	Beyond int    // the first column right of Limits.MaxCols holding a value; 0 when none
}

// Rows calls fn for each row of the named sheet that holds a value, top to bottom. The Row
// and its Cells are reused for the next row: copy what you keep. A sheet that the workbook
// does not have gives an *Error; a sheet without cells (a chart sheet) has no rows.
//
// Rows reads the whole sheet and checks it (see the package documentation) unless fn returns
// ErrStop; any other error of fn is returned as it is, and so is ctx.Err() when ctx is
// cancelled while reading.
func (b *Book) Rows(ctx context.Context, name string, fn func(Row) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ref, ok := b.find(name)
	if !ok {
		return &Error{Sheet: name, Msg: "no such sheet"}
	}
	if ref.part == "" {
		return &Error{Sheet: name, Msg: "the workbook is damaged: the sheet has no part"}
	}
	rc, ok, err := b.part(ref.part)
	if err != nil {
		return placed(err, name)
	}
	if !ok {
		return &Error{Sheet: name, Msg: fmt.Sprintf("the workbook is damaged: the sheet's part %s is missing", ref.part)}
	}
	defer rc.Close()
	rd := &rowReader{b: b, s: newScanner(rc, ref.part), fn: fn, ctx: ctx}
	err = rd.read()
	if err == ErrStop {
		return nil
	}
	return placed(err, name)
}

// placed names the sheet in an *Error that does not name one.
func placed(err error, sheet string) error {
	var se *Error
	if errors.As(err, &se) && se.Sheet == "" {
		c := *se
		c.Sheet = sheet
		return &c
	}
	return err
}

// IsEmpty reports whether the named sheet holds no value. It reads only up to the first value.
func (b *Book) IsEmpty(ctx context.Context, name string) (bool, error) {
	empty := true
	err := b.Rows(ctx, name, func(Row) error {
		empty = false
		return ErrStop
	})
	return empty, err
}
