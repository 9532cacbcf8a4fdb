package workbook

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// styles holds what Display needs of the workbook's styles: the number format of each cell
// style.
type styles struct {
	xfFormat []int          // number format id of each cell style (cellXfs), by index
	custom   map[int]string // format codes of the workbook's own formats, by id
}

const stylesPart = "xl/styles.xml"

func (b *Book) readStyles() error {
	b.styles = &styles{custom: map[int]string{}}
	rc, ok, err := b.part(stylesPart)
	if err != nil || !ok {
		return err
	}
	defer rc.Close()
	s := newScanner(rc, stylesPart)
	inXfs := 0 // depth of the open <cellXfs>
	for {
		tok, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch {
			case e.Name.Local == "cellXfs":
				inXfs = s.depth()
			case e.Name.Local == "xf" && inXfs > 0 && s.depth() == inXfs+1:
				id, _ := attr(e, "numFmtId")
				n, _ := strconv.Atoi(id)
				b.styles.xfFormat = append(b.styles.xfFormat, n)
			case e.Name.Local == "numFmt":
				id, _ := attr(e, "numFmtId")
				code, _ := attr(e, "formatCode")
				if n, err := strconv.Atoi(id); err == nil {
					b.styles.custom[n] = code
				}
			}
		case xml.EndElement:
			if e.Name.Local == "cellXfs" {
				inXfs = 0
			}
		}
	}
	return s.finish()
}

// builtinFormats are the format codes of Excel's built-in number formats that Display tells
// apart; the others show as General.
var builtinFormats = map[int]string{
	1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 14: "yyyy-mm-dd",
	15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
	20: "h:mm", 21: "h:mm:ss", 22: "yyyy-mm-dd h:mm", 37: "#,##0", 38: "#,##0", 39: "#,##0.00",
	40: "#,##0.00", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 49: "@",
}

// Display returns a cell's value as a reader of the sheet sees it, in a form that does not
// depend on the reader's locale: a number as Excel's General format shows it (up to 15
// significant digits) or with the leading zeros and decimals of its format (00042, 3.50, 12%);
// a date as YYYY-MM-DD, a time as HH:MM (HH:MM:SS when its format shows seconds), both as
// YYYY-MM-DD HH:MM. Cells that are not numbers display their value.
func (b *Book) Display(c Cell) string {
	if c.Type != Number {
		return c.Value
	}
	v, err := strconv.ParseFloat(c.Value, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return c.Value
	}
	code := ""
	if c.style < len(b.styles.xfFormat) {
		id := b.styles.xfFormat[c.style]
		if s, ok := b.styles.custom[id]; ok {
			code = s
		} else {
			code = builtinFormats[id]
		}
	}
	return format(v, code, b.date1904)
}

// format shows v in the format code (its first section).
func format(v float64, code string, date1904 bool) string {
	code = plainCode(code)
	lower := strings.ToLower(code)
	switch {
	case lower == "" || lower == "general" || lower == "@":
		return general(v)
	case strings.ContainsAny(lower, "ydhs") || strings.Contains(lower, "m") && !strings.ContainsAny(lower, "0#?"):
		return dateTime(v, lower, date1904)
	case strings.Contains(code, "%"):
		return fixed(v*100, code) + "%"
	case strings.ContainsAny(code, "eE"):
		return general(v)
	default:
		return fixed(v, code)
	}
}

// plainCode returns the first section of a format code without quoted text, escaped
// characters, colours and conditions: what is left says how the number is shown.
func plainCode(code string) string {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case ';':
			return b.String()
		case '"':
			for i++; i < len(code) && code[i] != '"'; i++ {
			}
		case '\\', '_', '*':
			i++ // an escaped character, a space as wide as one, a fill character
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return b.String()
			}
			inner := strings.ToLower(code[i+1 : i+j])
			if inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss" {
				b.WriteString("[" + inner + "]") // elapsed time
			}
			i += j
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// general shows v as Excel's General format does, to 15 significant digits.
func general(v float64) string {
	s := strconv.FormatFloat(v, 'g', 15, 64)
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		mant, exp := s[:i], s[i+1:]
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		sign := exp[0]
		exp = strings.TrimLeft(exp[1:], "0")
		if len(exp) < 2 {
			exp = strings.Repeat("0", 2-len(exp)) + exp
		}
		return mant + "E" + string(sign) + exp
	}
	return s
}

// fixed shows v with the digits the code asks for: as many decimals as placeholders after
// the point, and at least as many integer digits as zeros before it (leading zeros).
func fixed(v float64, code string) string {
	intPart, frac, _ := strings.Cut(code, ".")
	decimals := 0
	for _, c := range frac {
		if c == '0' || c == '#' || c == '?' {
			decimals++
		}
	}
	zeros := strings.Count(intPart, "0")
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	digits, rest, _ := strings.Cut(s, ".")
	if len(digits) < zeros {
		digits = strings.Repeat("0", zeros-len(digits)) + digits
	}
	if zeros == 0 && digits == "0" && decimals > 0 {
		digits = ""
	}
	out := digits
	if decimals > 0 {
		out += "." + rest
	}
	if v < 0 && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out
}

// dateTime shows a date serial as YYYY-MM-DD, HH:MM or both, by what the code holds.
func dateTime(v float64, lower string, date1904 bool) string {
	if v < 0 || v > 2958466 {
		return general(v)
	}
	hasDate := strings.ContainsAny(lower, "yd") || !strings.ContainsAny(lower, "hs")
	hasTime := strings.ContainsAny(lower, "hs")
	seconds := strings.Contains(lower, "s")
	t := serialTime(v, date1904)
	clock := fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute())
	if seconds {
		clock += fmt.Sprintf(":%02d", t.Second())
	}
	switch {
	case hasDate && hasTime:
		return t.Format("2006-01-02") + " " + clock
	case hasTime:
		if v >= 1 && strings.Contains(lower, "[h") {
			h := int(math.Floor(v*24 + 1e-9))
			return fmt.Sprintf("%02d", h) + clock[2:]
		}
		return clock
	default:
		return t.Format("2006-01-02")
	}
}

// serialTime converts a date serial (days since the workbook's epoch) to a time, rounded to
// the second.
func serialTime(v float64, date1904 bool) time.Time {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	} else if v < 61 {
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC) // Excel's 1900-02-29 that never was
	}
	secs := math.Round(v * 86400)
	return base.Add(time.Duration(secs) * time.Second)
}
