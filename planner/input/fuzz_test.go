package input_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/input"
)

// checkRejection fails unless err is nil or an *planner.InputError whose problems all name
// a place.
func checkRejection(t *testing.T, ds *planner.Dataset, err error) {
	t.Helper()
	if err == nil {
		if ds == nil {
			t.Fatal("nil dataset without an error")
		}
		return
	}
	var ie *planner.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *planner.InputError", err, err)
	}
	if ie.Len() == 0 {
		t.Fatal("an InputError with no problem")
	}
	for _, p := range ie.Problems {
		if p.Place.File == "" || p.Msg == "" {
			t.Fatalf("problem %+v has no place or no message", p)
		}
	}
}

var fuzzTables = []string{"staff.csv", "forecast.csv", "availability.csv", "closures.csv"}

func FuzzReadCSV(f *testing.F) {
	for i, name := range fuzzTables[:3] {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b[:min(len(b), 2000)])
	}
	f.Add(uint8(3), []byte("first_day,last_day,note\n2027-03-29,,Easter Monday\n2027-07-19,2027-07-23,summer\n"))
	f.Add(uint8(3), []byte("first_day;last_day\n2027-07-23;2027-07-19\n;2027-01-01\n"))
	f.Add(uint8(0), []byte("\ufeffid;name;lines;status;max_hours_week\nu1;\"A;B\";LLN;mentor;38,5\n"))
	f.Add(uint8(1), []byte("session_id,weekday,slot,line,calls,aht_seconds\njan-2027,SA,19:00,MONS,1e3,0x10\n"))
	f.Add(uint8(2), []byte("staff_id,kind,rrule,from,to\np01,avoid,RRULE:FREQ=DAILY;COUNT=3,24:00,07:30\n"))
	f.Add(uint8(2), []byte("staff_id,kind,first_day\n\"p01\nx\",prefer,2027-01-04T00:00:00\n"))
	f.Add(uint8(0), []byte("id,name,lines,status,max_hours_week\ru1,Ann,LLN,mentor,20\r"))
	f.Add(uint8(0), []byte("id,name,lines,status,max_hours_week\nu1,\"Ann\x1b[2J\x07\",LLN,mentor,TRUE\n"))
	base := map[string][]byte{}
	for _, name := range []string{"lines.csv", "sessions.csv", "staff.csv", "settings.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo", name))
		if err != nil {
			f.Fatal(err)
		}
		base[name] = b
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		dir := t.TempDir()
		name := fuzzTables[int(which)%len(fuzzTables)]
		for n, b := range base {
			if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		ds, err := input.ReadDir(dir, nil)
		checkRejection(t, ds, err)
	})
}

// smallBook is a valid workbook of a few rows of each table.
func smallBook(tb testing.TB) []byte {
	ds := tricky()
	var buf bytes.Buffer
	if err := input.WriteWorkbook(&buf, ds); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzReadWorkbook(f *testing.F) {
	book := smallBook(f)
	f.Add(uint8(2), uint8(3), uint8(4), "traine", false, 0.0)
	f.Add(uint8(5), uint8(5), uint8(1), "", true, 46391.5)
	f.Add(uint8(5), uint8(5), uint8(3), "", true, -1.0)
	f.Add(uint8(3), uint8(3), uint8(5), "", true, 1.0)
	f.Add(uint8(3), uint8(1), uint8(0), "Staff_ID", false, 0.0)
	f.Add(uint8(0), uint8(4), uint8(1), "=HYPERLINK(\"x\")", false, 0.0)
	f.Add(uint8(6), uint8(3), uint8(4), "", true, 1e308)
	f.Add(uint8(7), uint8(3), uint8(2), "2027-02-30", false, 0.0)
	f.Fuzz(func(t *testing.T, sheet, row, col uint8, s string, isNum bool, v float64) {
		x, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		names := x.GetSheetList()
		name := names[int(sheet)%len(names)]
		ref, err := excelize.CoordinatesToCellName(int(col)%14+1, int(row)%12+1)
		if err != nil {
			t.Fatal(err)
		}
		if isNum {
			err = x.SetCellFloat(name, ref, v, -1, 64)
		} else {
			err = x.SetCellStr(name, ref, s)
		}
		if err != nil {
			t.Skip(err) // excelize refuses the value (e.g. too long): nothing to read
		}
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			t.Skip(err)
		}
		ds, err := input.ReadWorkbookFrom(&buf, "fuzz.xlsx", nil)
		checkRejection(t, ds, err)
	})
}

// FuzzReadWorkbookSheet reads a workbook whose Lines sheet XML is the input: damaged or
// hostile, it is read whole or refused with located problems, never in part, never with a
// panic.
func FuzzReadWorkbookSheet(f *testing.F) {
	const head = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData>`
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>LLN</t></is></c><c r="B2" t="inlineStr"><is><t>Louvain</t></is></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>MONS</t></is></c><c r="B3"><v>42</v></c></row>`
	const tail = `</sheetData></worksheet>`
	good := head + rows + tail
	f.Add(good)
	f.Add(good[:len(good)*2/3])
	f.Add(strings.Replace(good, `<row r="3"`, `</sheetData><row r="3"`, 1))
	f.Add(strings.Replace(good, `<row r="3"`, `</row><row r="3"`, 1))
	f.Add(strings.Replace(good, `<row r="3"`, `<row r="2"`, 1))
	f.Add(head + rows[:strings.Index(rows, `<row r="3"`)] + tail)
	f.Add(strings.Replace(good, `</c></row>`, `</c><c r="XFD1"><v>1</v></c></row>`, 1))
	f.Add(strings.Replace(good, `<c r="B3"><v>42</v></c>`, `<c r="B3" t="b"><v>1</v></c><c r="C3" t="e"><v>#N/A</v></c>`, 1))
	f.Add(strings.Replace(good, `Louvain`, `Louvain_x001B_[2J_x0007_`, 1))
	f.Fuzz(func(t *testing.T, sheetXML string) {
		data := linesBook(t, sheetXML)
		ds, err := input.ReadWorkbookFrom(bytes.NewReader(data), "fuzz.xlsx", nil)
		checkRejection(t, ds, err)
	})
}
