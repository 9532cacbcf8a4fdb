package workbook

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// rowReader streams the rows of one worksheet part.
type rowReader struct {
	b   *Book
	s   *scanner
	fn  func(Row) error
	ctx context.Context

	row      Row
	rows     int // the <row> elements read
	lastRow  int // the number of the last <row> element read
	lastCol  int // the column of the last <c> element of the row
	declared int // the last row the <dimension> declares; 0 when none
	inData   bool
	rowDepth int // depth of the open <row>; 0 outside one

	// The cell being read.
	cellDepth int // depth of the open <c>; 0 outside one
	cell      Cell
	cellType  string
	text      []byte // the text of <v>, or of the <t> elements of <is>
	hasValue  bool
	inValue   bool // inside <v>, or a <t> of <is> that is not phonetic
	phonetic  int  // depth of an open <rPh> (a phonetic guide: not the cell's text)
}

// ctxRows is how many rows are read between two looks at the context.
const ctxRows = 256

func (r *rowReader) read() error {
	for {
		tok, err := r.s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := r.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := r.end(t); err != nil {
				return err
			}
		case xml.CharData:
			if r.inValue {
				if len(r.text)+len(t) > 4*maxCellChars {
					return r.cellErr("the cell holds more than %d characters", maxCellChars)
				}
				r.text = append(r.text, t...)
			}
		}
	}
	if err := r.s.finish(); err != nil {
		return err
	}
	if r.declared > r.lastRow {
		return &Error{Msg: fmt.Sprintf("the workbook is damaged: the sheet declares rows up to %d, but its rows stop at %d (the file is cut short or was edited by hand)",
			r.declared, r.lastRow)}
	}
	return nil
}

func (r *rowReader) cellErr(format string, args ...any) error {
	return &Error{Row: r.row.Num, Col: r.cell.Col, Msg: "the workbook is damaged: " + fmt.Sprintf(format, args...)}
}

func (r *rowReader) start(e xml.StartElement) error {
	depth := r.s.depth()
	switch {
	case r.cellDepth > 0:
		switch e.Name.Local {
		case "v":
			if depth == r.cellDepth+1 {
				r.inValue, r.hasValue = true, true
			}
		case "f":
			r.cell.Formula = true
		case "rPh":
			if r.phonetic == 0 {
				r.phonetic = depth
			}
		case "t":
			if r.phonetic == 0 && r.cellType == "inlineStr" {
				r.inValue, r.hasValue = true, true
			}
		}
	case r.rowDepth > 0:
		if e.Name.Local == "c" && depth == r.rowDepth+1 {
			return r.startCell(e)
		}
	case e.Name.Local == "sheetData":
		r.inData = true
	case e.Name.Local == "row":
		if !r.inData {
			return &Error{Msg: "the workbook is damaged: a row lies outside the sheet's data"}
		}
		return r.startRow(e, depth)
	case e.Name.Local == "dimension" && !r.inData:
		if ref, ok := attr(e, "ref"); ok {
			last := ref
			if i := indexByte(ref, ':'); i >= 0 {
				last = ref[i+1:]
			}
			// An empty sheet declares A1.
			if _, row, ok := parseRef(last); ok && ref != "A1" {
				r.declared = row
			}
		}
	}
	return nil
}

func (r *rowReader) startRow(e xml.StartElement, depth int) error {
	num := r.lastRow + 1
	if v, ok := attr(e, "r"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxRow {
			return &Error{Row: r.lastRow + 1, Msg: fmt.Sprintf("the workbook is damaged: row number %q after row %d", v, r.lastRow)}
		}
		num = n
	}
	if num <= r.lastRow {
		return &Error{Row: num, Msg: fmt.Sprintf("the workbook is damaged: row %d comes after row %d", num, r.lastRow)}
	}
	if num > maxRow {
		return &Error{Row: num, Msg: "the workbook is damaged: a row beyond the last row of a sheet"}
	}
	r.lastRow, r.lastCol, r.rowDepth = num, 0, depth
	r.row.Num, r.row.Cells, r.row.Beyond = num, r.row.Cells[:0], 0
	if r.rows++; r.rows%ctxRows == 0 {
		if err := r.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (r *rowReader) startCell(e xml.StartElement) error {
	col := r.lastCol + 1
	if ref, ok := attr(e, "r"); ok {
		c, row, ok := parseRef(ref)
		if !ok || row != r.row.Num {
			return &Error{Row: r.row.Num, Msg: fmt.Sprintf("the workbook is damaged: cell reference %q in row %d", ref, r.row.Num)}
		}
		col = c
	}
	if col <= r.lastCol {
		return &Error{Row: r.row.Num, Col: col, Msg: fmt.Sprintf("the workbook is damaged: column %s comes after column %s", ColumnName(col), ColumnName(r.lastCol))}
	}
	if col > maxColumn {
		return &Error{Row: r.row.Num, Msg: "the workbook is damaged: a cell beyond the last column of a sheet"}
	}
	r.lastCol = col
	r.cellDepth = r.s.depth()
	r.cell = Cell{Col: col}
	if s, ok := attr(e, "s"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return r.cellErr("style %q is not a number", s)
		}
		r.cell.style = n
	}
	r.cellType, _ = attr(e, "t")
	r.text, r.hasValue, r.inValue, r.phonetic = r.text[:0], false, false, 0
	return nil
}

func (r *rowReader) end(e xml.EndElement) error {
	depth := r.s.depth() + 1 // the depth of the element that just ended
	switch {
	case r.cellDepth > 0 && depth == r.cellDepth:
		r.cellDepth = 0
		return r.endCell()
	case r.cellDepth > 0:
		switch {
		case depth == r.phonetic:
			r.phonetic = 0
		case e.Name.Local == "v" || e.Name.Local == "t":
			r.inValue = false
		}
	case r.rowDepth > 0 && depth == r.rowDepth:
		r.rowDepth = 0
		return r.endRow()
	case e.Name.Local == "sheetData":
		r.inData = false
	}
	return nil
}

func (r *rowReader) endCell() error {
	if !r.hasValue {
		return nil // empty, formatted, or a formula without a cached result
	}
	c := &r.cell
	switch r.cellType {
	case "", "n":
		s := trimSpace(r.text)
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return r.cellErr("number cell holds %q", s)
		}
		c.Type, c.Value = Number, s
	case "s":
		i, err := strconv.Atoi(trimSpace(r.text))
		if err != nil {
			return r.cellErr("shared string index %q is not a number", string(r.text))
		}
		sst, err := r.b.sharedStrings(r.ctx)
		if err != nil {
			return err
		}
		v, ok := sst.get(i)
		if !ok {
			return r.cellErr("shared string %d does not exist (the workbook has %d)", i, sst.len())
		}
		c.Type, c.Value = Text, v
	case "inlineStr", "str":
		if !utf8.Valid(r.text) {
			return r.cellErr("the text is not UTF-8")
		}
		c.Type, c.Value = Text, unescape(string(r.text))
	case "b":
		switch trimSpace(r.text) {
		case "1", "true":
			c.Value = "TRUE"
		case "0", "false":
			c.Value = "FALSE"
		default:
			return r.cellErr("boolean cell holds %q", string(r.text))
		}
		c.Type = Bool
	case "e":
		c.Type, c.Value = Fault, trimSpace(r.text)
	case "d": // an ISO 8601 date, written by a few producers: kept as its text
		c.Type, c.Value = Text, trimSpace(r.text)
	default:
		return r.cellErr("unknown cell type %q", r.cellType)
	}
	if utf8.RuneCountInString(c.Value) > maxCellChars {
		return r.cellErr("the cell holds more than %d characters", maxCellChars)
	}
	if c.Value == "" {
		return nil
	}
	if r.b.lim.MaxRows > 0 && r.row.Num > r.b.lim.MaxRows {
		return &Error{Row: r.row.Num, Msg: fmt.Sprintf("the sheet fills rows beyond row %d, the most deskplan reads", r.b.lim.MaxRows), Limit: true}
	}
	if r.b.lim.MaxCols > 0 && c.Col > r.b.lim.MaxCols {
		if r.row.Beyond == 0 {
			r.row.Beyond = c.Col
		}
		return nil
	}
	r.row.Cells = append(r.row.Cells, *c)
	return nil
}

func (r *rowReader) endRow() error {
	if len(r.row.Cells) == 0 && r.row.Beyond == 0 {
		return nil
	}
	return r.fn(r.row)
}

func trimSpace(b []byte) string {
	i, j := 0, len(b)
	for i < j && isSpace(b[i]) {
		i++
	}
	for j > i && isSpace(b[j-1]) {
		j--
	}
	return string(b[i:j])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// parseRef reads a cell reference such as B12 or $B$12.
func parseRef(ref string) (col, row int, ok bool) {
	i := 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	for ; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c >= 'A' && c <= 'Z':
			col = col*26 + int(c-'A'+1)
		case c >= 'a' && c <= 'z':
			col = col*26 + int(c-'a'+1)
		default:
			goto digits
		}
		if col > maxColumn {
			return 0, 0, false
		}
	}
digits:
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	if col == 0 || i == len(ref) {
		return 0, 0, false
	}
	for ; i < len(ref); i++ {
		c := ref[i]
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
		if row > maxRow {
			return 0, 0, false
		}
	}
	return col, row, row > 0
}
