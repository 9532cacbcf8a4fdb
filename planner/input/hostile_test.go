package input_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/input"
	"github.com/deskplan/deskplan/planner/workbook"
)

// demoBook is the demo team workbook: Staff is xl/worksheets/sheet3.xml, Forecast sheet6.
func demoBook(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rezip returns the workbook data with the part name replaced by edit(its body).
func rezip(t testing.TB, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			body, found = []byte(edit(string(body))), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("no part %s in the workbook", name)
	}
	return buf.Bytes()
}

// cutAfterRow cuts a sheet's XML just after row n ends, and with tail appended.
func cutAfterRow(body string, n int, tail string) string {
	end := fmt.Sprintf(`<row r="%d"`, n+1)
	i := strings.Index(body, end)
	if i < 0 {
		panic("no row " + fmt.Sprint(n+1))
	}
	return body[:i] + tail
}

const (
	staffPart    = "xl/worksheets/sheet3.xml"
	forecastPart = "xl/worksheets/sheet6.xml"
)

// TestDamagedWorkbook checks that a workbook whose sheet XML is damaged is refused with the
// sheet named, never read as a shorter table.
func TestDamagedWorkbook(t *testing.T) {
	demo := demoBook(t)
	dim := regexp.MustCompile(`<dimension ref="[^"]*"`)
	for _, tc := range []struct {
		name string
		part string
		edit func(string) string
		want string
	}{
		{"forecast cut mid-row", forecastPart, func(s string) string {
			i := strings.Index(s, `<row r="445"`)
			return s[:i+60]
		}, "demo.xlsx: Forecast: the workbook is damaged (xl/worksheets/sheet6.xml: line 2: it ends in the middle of an element: the file is cut short)"},
		{"forecast cut between rows", forecastPart, func(s string) string { return cutAfterRow(s, 444, "") },
			"demo.xlsx: Forecast: the workbook is damaged (xl/worksheets/sheet6.xml: it ends inside <sheetData>: the file is cut short)"},
		{"staff cut after row 9, closed, dimension kept", staffPart, func(s string) string {
			s = dim.ReplaceAllString(s, `<dimension ref="A1:L24"`)
			return cutAfterRow(s, 9, "</sheetData></worksheet>")
		}, "demo.xlsx: Staff: the workbook is damaged: the sheet declares rows up to 24, but its rows stop at 9"},
		{"staff stray closing tag", staffPart, func(s string) string {
			return strings.Replace(s, `<row r="10"`, `</sheetData><row r="10"`, 1)
		}, "demo.xlsx: Staff: the workbook is damaged: a row lies outside the sheet's data"},
		{"staff stray end of row", staffPart, func(s string) string {
			return strings.Replace(s, `<row r="10"`, `</row><row r="10"`, 1)
		}, "</row> closes <sheetData>"},
		{"staff rows swapped", staffPart, func(s string) string {
			return strings.Replace(s, `<row r="10"`, `<row r="4"`, 1)
		}, "demo.xlsx: Staff!A4: the workbook is damaged: row 4 comes after row 9"},
		{"shared string out of range", staffPart, func(s string) string {
			return strings.Replace(s, `<c r="B5" s="3" t="s"><v>`, `<c r="B5" s="3" t="s"><v>9999`, 1)
		}, "demo.xlsx: Staff!B5: the workbook is damaged: shared string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := rezip(t, demo, tc.part, tc.edit)
			ds, err := input.ReadWorkbookFrom(bytes.NewReader(data), "demo.xlsx", nil)
			if ds != nil {
				t.Fatalf("ReadWorkbookFrom read %d staff and %d forecast rows from a damaged workbook", len(ds.Staff), len(ds.Forecast))
			}
			got := problems(t, err)
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("problems = %q, want one containing %q", got, tc.want)
			}
		})
	}
}

// TestDemoBookEditedIsRead makes sure that the edits above damage the workbook, not that the
// reader refuses any rewritten workbook: the same workbook, rezipped unchanged, reads whole.
func TestDemoBookEditedIsRead(t *testing.T) {
	data := rezip(t, demoBook(t), staffPart, func(s string) string { return s })
	ds, err := input.ReadWorkbookFrom(bytes.NewReader(data), "demo.xlsx", nil)
	if err != nil || len(ds.Staff) != 22 || len(ds.Forecast) != 1440 {
		t.Fatalf("ReadWorkbookFrom = %v; want 22 staff and 1440 forecast rows", err)
	}
}

// hostileSheet is a Lines sheet of rows rows, each with a value at column XFD.
func hostileSheet(rows int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>`)
	for r := 2; r <= rows; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>L%d</t></is></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r, r)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

// linesBook is a workbook of one Lines sheet whose XML is body.
func linesBook(t testing.TB, body string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Lines"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return rezip(t, buf.Bytes(), "xl/worksheets/sheet1.xml", func(string) string { return body })
}

// TestFarColumnMemory reads a small workbook with a value at column XFD on every row: the
// columns right of the table are not read, so reading it allocates what its XML holds, not
// 16,384 cells a row (which took a gigabyte for 65 KB).
func TestFarColumnMemory(t *testing.T) {
	const rows = 20000
	data := linesBook(t, hostileSheet(rows))
	var ds *planner.Dataset
	got := allocatedBytes(func() {
		var err error
		if ds, err = input.ReadWorkbookFrom(bytes.NewReader(data), "far.xlsx", nil); err != nil {
			t.Fatal(err)
		}
	})
	if len(ds.Lines) != rows-1 {
		t.Fatalf("read %d lines, want %d", len(ds.Lines), rows-1)
	}
	if got > 128<<20 {
		t.Errorf("reading a %d KB workbook allocated %d MB, want under 128 MB", len(data)>>10, got>>20)
	}
}

// BenchmarkFarColumns reports the bytes allocated to read the workbook of TestFarColumnMemory.
func BenchmarkFarColumns(b *testing.B) {
	data := linesBook(b, hostileSheet(20000))
	var total uint64
	for b.Loop() {
		total += allocatedBytes(func() {
			if _, err := input.ReadWorkbookFrom(bytes.NewReader(data), "far.xlsx", nil); err != nil {
				b.Fatal(err)
			}
		})
	}
	b.ReportMetric(float64(total)/float64(b.N)/(1<<20), "MB/read")
	b.ReportMetric(float64(len(data))/1024, "file-KB")
}

func allocatedBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestWorkbookLimits checks the caps on rows, unpacked size and columns, each refused with a
// clear problem.
func TestWorkbookLimits(t *testing.T) {
	saved := input.Limits
	t.Cleanup(func() { input.Limits = saved })
	for _, tc := range []struct {
		name   string
		limits func(*workbook.Limits)
		body   string
		want   string
	}{
		{"rows", func(l *workbook.Limits) { l.MaxRows = 100 }, hostileSheet(300),
			"far.xlsx: Lines!A101: the sheet fills rows beyond row 100, the most deskplan reads; nothing is read from this workbook"},
		{"unpacked", func(l *workbook.Limits) { l.MaxUnpacked = 64 << 10 }, hostileSheet(3000),
			"far.xlsx: Lines: the workbook unpacks to more than 64 KB, the most deskplan reads"},
		{"header beyond the columns read", func(*workbook.Limits) {}, strings.Replace(hostileSheet(3),
			`<t>id</t></is></c>`, `<t>id</t></is></c><c r="XFD1" t="inlineStr"><is><t>nickname</t></is></c>`, 1),
			"far.xlsx: Lines!XFD1: a header cell in column XFD, right of the 64 columns a table may have"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			input.Limits = saved
			tc.limits(&input.Limits)
			data := linesBook(t, tc.body)
			_, err := input.ReadWorkbookFrom(bytes.NewReader(data), "far.xlsx", nil)
			got := problems(t, err)
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("problems = %q, want one containing %q", got, tc.want)
			}
		})
	}
}

// TestReadCancelled checks that reading stops on a cancelled context, with its error (not an
// input problem: the command exits as interrupted).
func TestReadCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "far.xlsx")
	if err := os.WriteFile(path, linesBook(t, hostileSheet(5000)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ds, err := input.ReadContext(ctx, path, nil)
	if ds != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("ReadContext(cancelled) = %v, %v; want context.Canceled", ds, err)
	}
	dir := writeFiles(t, map[string]string{"lines.csv": linesCSV})
	if _, err := input.ReadContext(ctx, dir, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadContext(cancelled, dir) = %v; want context.Canceled", err)
	}
}

// TestBooleanInNumberCell checks that TRUE in a number column is a problem at its cell, not 1.
func TestBooleanInNumberCell(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Staff"))
	must(f.SetSheetRow("Staff", "A1", &[]any{"id", "name", "lines", "status", "max_hours_week", "max_days_week"}))
	must(f.SetSheetRow("Staff", "A2", &[]any{"u1", "Ann", "LLN", "qualified", true, 5}))
	must(f.SetSheetRow("Staff", "A3", &[]any{"u2", "Bob", "LLN", "qualified", 20, false}))
	_, err := f.NewSheet("Lines")
	must(err)
	must(f.SetSheetRow("Lines", "A1", &[]any{"id"}))
	must(f.SetSheetRow("Lines", "A2", &[]any{"LLN"}))
	var buf bytes.Buffer
	must(f.Write(&buf))
	_, err = input.ReadWorkbookFrom(&buf, "bool.xlsx", nil)
	got := problems(t, err)
	want := []string{`bool.xlsx: Staff!E2 (max_hours_week): max_hours_week: "TRUE" is not a number`,
		`bool.xlsx: Staff!F3 (max_days_week): max_days_week: "FALSE" is not a number`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestControlCharacters checks that text holding ESC, BEL, NUL... is refused at its cell, in
// a workbook (where Excel stores them as _x001B_) and in a CSV file.
func TestControlCharacters(t *testing.T) {
	ds := tricky()
	ds.Staff[0].Name = "Zoë CTRL1"
	ds.Lines[0].Phone = "+32 CTRL2"
	ds.Availability[1].Note = "two\nlines\tand a tab" // allowed
	var buf bytes.Buffer
	if err := input.WriteWorkbook(&buf, ds); err != nil {
		t.Fatal(err)
	}
	// A spreadsheet stores control characters as _xHHHH_ escapes (XML cannot carry them).
	data := rezip(t, buf.Bytes(), "xl/sharedStrings.xml", func(s string) string {
		return strings.NewReplacer(" CTRL1", "_x001B_]0;pwned_x0007_", " CTRL2", "_x0000_").Replace(s)
	})
	_, err := input.ReadWorkbookFrom(bytes.NewReader(data), "team.xlsx", nil)
	got := trimPaths(problems(t, err))
	want := []string{
		"team.xlsx: Lines!C3 (phone): the text holds the control character U+0000 (NUL): only printable characters, tabs and line breaks are allowed",
		"team.xlsx: Staff!B3 (name): the text holds the control character U+001B (ESC): only printable characters, tabs and line breaks are allowed",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("workbook problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	dir := writeFiles(t, map[string]string{"lines.csv": "id,name\nLLN,Louvain\x07\u009b\nMONS,Mons\n"})
	_, err = input.ReadDir(dir, nil)
	got = trimPaths(problems(t, err))
	want = []string{"lines.csv:2 (name): the text holds the control character U+0007 (BEL): only printable characters, tabs and line breaks are allowed"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("CSV problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestCROnlyLineEndings checks the hint for a CSV file saved with old Mac line endings.
func TestCROnlyLineEndings(t *testing.T) {
	dir := writeFiles(t, map[string]string{"staff.csv": strings.ReplaceAll(staffCSV, "\n", "\r"), "lines.csv": linesCSV})
	_, err := input.ReadDir(dir, nil)
	got := trimPaths(problems(t, err))
	if len(got) != 1 || !strings.Contains(got[0], "staff.csv: its lines end with a lone carriage return") {
		t.Errorf("problems = %q, want the one hint about CR line endings", got)
	}
	// CR LF is fine, and so is a CR inside a quoted field.
	dir = writeFiles(t, map[string]string{"lines.csv": "id,name\r\nLLN,\"Louvain\rla\"\r\n"})
	if _, err := input.ReadDir(dir, nil); err != nil {
		t.Errorf("CR LF file: %v", err)
	}
}

// TestBadSessionDateReportedOnce checks that a session whose dates are wrong is the one
// problem reported: its forecast rows are not each reported outside it.
func TestBadSessionDateReportedOnce(t *testing.T) {
	demo, err := os.ReadFile(filepath.Join(demoDir, "sessions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ from, to, want string }{
		{"2027-01-04,2027-01-30", "2027-01-04,2027-01-3x", `sessions.csv:3 (last_day): date "2027-01-3x" is not of the form YYYY-MM-DD`},
		{"2027-01-04,2027-01-30", "2027-01-04,2026-01-30", `sessions.csv:3 (last_day): last_day 2026-01-30 is before first_day 2027-01-04`},
		{"2027-01-04,2027-01-30", "2027-01-4x,2027-01-30", `sessions.csv:3 (first_day): date "2027-01-4x" is not of the form YYYY-MM-DD`},
	} {
		dir := t.TempDir()
		for _, name := range []string{"lines.csv", "forecast.csv", "settings.csv"} {
			b, err := os.ReadFile(filepath.Join(demoDir, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "sessions.csv"), []byte(strings.Replace(string(demo), tc.from, tc.to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := input.ReadDir(dir, nil)
		got := trimPaths(problems(t, err))
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: problems = %q, want only %q", tc.to, got, tc.want)
		}
	}
}
