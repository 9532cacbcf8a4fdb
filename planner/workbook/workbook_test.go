package workbook_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner/workbook"
)

// pkg builds a workbook package from its parts: the workbook, its relationships and the
// content types are added for the sheets given as "xl/worksheets/sheetN.xml" (named SheetN,
// or by names).
func pkg(t testing.TB, parts map[string]string, names ...string) []byte {
	t.Helper()
	var sheets, rels strings.Builder
	n := 0
	for i := 1; ; i++ {
		p := fmt.Sprintf("xl/worksheets/sheet%d.xml", i)
		if _, ok := parts[p]; !ok {
			break
		}
		name := fmt.Sprintf("Sheet%d", i)
		if i <= len(names) {
			name = names[i-1]
		}
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i, i)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i, i)
		n++
	}
	all := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + sheets.String() + `</sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			rels.String() + `</Relationships>`,
	}
	for k, v := range parts {
		all[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(all) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(all[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func ws(dimension, rows string) string {
	dim := ""
	if dimension != "" {
		dim = `<dimension ref="` + dimension + `"/>`
	}
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		dim + `<sheetData>` + rows + `</sheetData></worksheet>`
}

// rowsOf reads every row of a sheet as "B2=text" strings.
func rowsOf(t *testing.T, data []byte, lim workbook.Limits, name string) ([]string, error) {
	t.Helper()
	b, err := workbook.Open(bytes.NewReader(data), int64(len(data)), lim)
	if err != nil {
		return nil, err
	}
	var out []string
	err = b.Rows(context.Background(), name, func(r workbook.Row) error {
		for _, c := range r.Cells {
			out = append(out, fmt.Sprintf("%s%d=%s", workbook.ColumnName(c.Col), r.Num, b.Display(c)))
		}
		if r.Beyond > 0 {
			out = append(out, fmt.Sprintf("%s%d beyond", workbook.ColumnName(r.Beyond), r.Num))
		}
		return nil
	})
	return out, err
}

func TestReadExcelizeWorkbook(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellStr("Sheet1", "A1", "name"))
	must(f.SetCellStr("Sheet1", "B1", "Zoë & <b>"))
	must(f.SetCellFloat("Sheet1", "A2", 42, -1, 64))
	must(f.SetCellFloat("Sheet1", "B2", 0.1+0.2, -1, 64))
	must(f.SetCellBool("Sheet1", "C2", true))
	must(f.SetCellValue("Sheet1", "D3", time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellFloat("Sheet1", "E3", 0.3125, -1, 64))
	must(f.SetCellFloat("Sheet1", "F3", 42, -1, 64))
	must(f.SetCellFloat("Sheet1", "G3", 0.456, -1, 64))
	must(f.SetCellFloat("Sheet1", "H3", 3.5, -1, 64))
	must(f.SetCellFloat("Sheet1", "I3", 46391.5, -1, 64))
	hm, _ := f.NewStyle(&excelize.Style{NumFmt: 20})
	zeros := "00000"
	pad, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &zeros})
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	two, _ := f.NewStyle(&excelize.Style{NumFmt: 2})
	dt, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
	must(f.SetCellStyle("Sheet1", "E3", "E3", hm))
	must(f.SetCellStyle("Sheet1", "F3", "F3", pad))
	must(f.SetCellStyle("Sheet1", "G3", "G3", pct))
	must(f.SetCellStyle("Sheet1", "H3", "H3", two))
	must(f.SetCellStyle("Sheet1", "I3", "I3", dt))
	must(f.SetCellStr("Sheet1", "J5", ""))
	must(f.SetCellStr("Sheet1", "XFD5", "far"))
	var buf bytes.Buffer
	must(f.Write(&buf))
	got, err := rowsOf(t, buf.Bytes(), workbook.DefaultLimits, "Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"A1=name", "B1=Zoë & <b>", "A2=42", "B2=0.3", "C2=TRUE",
		"D3=2027-01-04", "E3=07:30", "F3=00042", "G3=45.60%", "H3=3.50", "I3=2027-01-04 12:00", "XFD5 beyond"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestDamaged(t *testing.T) {
	good := `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>` +
		`<row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>`
	full := ws("A1:A3", good)
	for _, tc := range []struct {
		name, sheetXML, want string
	}{
		{"cut mid-row", full[:strings.Index(full, `<row r="3">`)+20], "cut short"},
		{"cut between rows", full[:strings.Index(full, `<row r="3">`)], "cut short"},
		{"stray closing tag", strings.Replace(full, `</row><row r="3">`, `</row></sheetData><row r="3">`, 1), "row lies outside"},
		{"stray end of row", strings.Replace(full, `</c></row><row r="3">`, `</c></row></row><row r="3">`, 1), "</row> closes <sheetData>"},
		{"closed and cut", ws("A1:A3", good[:strings.Index(good, `<row r="3">`)]), "declares rows up to 3, but its rows stop at 2"},
		{"rows out of order", ws("", `<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>`), "row 1 comes after row 2"},
		{"cells out of order", ws("", `<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>1</v></c></row>`), "column A comes after column B"},
		{"cell in another row", ws("", `<row r="1"><c r="A7"><v>1</v></c></row>`), `cell reference "A7" in row 1`},
		{"not a number", ws("", `<row r="1"><c r="A1"><v>abc</v></c></row>`), `number cell holds "abc"`},
		{"bad boolean", ws("", `<row r="1"><c r="A1" t="b"><v>2</v></c></row>`), `boolean cell holds "2"`},
		{"no shared string", ws("", `<row r="1"><c r="A1" t="s"><v>9</v></c></row>`), "shared string 9 does not exist"},
		{"text after the end", full + "<x/>", "after the end of the document"},
		{"unknown entity", strings.Replace(full, "<t>id</t>", "<t>&bogus;</t>", 1), "invalid character entity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := pkg(t, map[string]string{"xl/worksheets/sheet1.xml": tc.sheetXML})
			_, err := rowsOf(t, data, workbook.DefaultLimits, "Sheet1")
			var se *workbook.Error
			if !errors.As(err, &se) || se.Limit || se.Sheet != "Sheet1" || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Rows = %v, want a damage *Error on Sheet1 containing %q", err, tc.want)
			}
		})
	}
	// The full sheet reads.
	data := pkg(t, map[string]string{"xl/worksheets/sheet1.xml": full})
	if got, err := rowsOf(t, data, workbook.DefaultLimits, "Sheet1"); err != nil || len(got) != 3 {
		t.Errorf("good sheet: %q, %v", got, err)
	}
}

// TestDamagedZipEntry flips a byte of a stored (uncompressed) sheet: its checksum fails.
func TestDamagedZipEntry(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	good := pkg(t, map[string]string{"xl/worksheets/sheet1.xml": ws("A1:A2", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`)})
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var body bytes.Buffer
		_, _ = body.ReadFrom(rc)
		rc.Close()
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		_, _ = w.Write(body.Bytes())
	}
	zw.Close()
	data := buf.Bytes()
	i := bytes.Index(data, []byte("<v>2</v>"))
	data[i+3] = '7'
	_, err = rowsOf(t, data, workbook.DefaultLimits, "Sheet1")
	if err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("Rows = %v, want a checksum error", err)
	}
}

func TestLimits(t *testing.T) {
	var rows strings.Builder
	for r := 1; r <= 300; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, r, r, r)
	}
	data := pkg(t, map[string]string{"xl/worksheets/sheet1.xml": ws("", rows.String())})
	for _, tc := range []struct {
		name string
		lim  workbook.Limits
		want string
	}{
		{"rows", workbook.Limits{MaxFileBytes: 1 << 20, MaxUnpacked: 1 << 20, MaxRows: 200}, "beyond row 200"},
		{"unpacked", workbook.Limits{MaxFileBytes: 1 << 20, MaxUnpacked: 4000, MaxRows: 1000}, "unpacks to more than"},
		{"file", workbook.Limits{MaxFileBytes: 100, MaxUnpacked: 1 << 20, MaxRows: 1000}, "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rowsOf(t, data, tc.lim, "Sheet1")
			var se *workbook.Error
			if !errors.As(err, &se) || !se.Limit || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Rows = %v, want a limit *Error containing %q", err, tc.want)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	data := farColumnBook(t, 2000)
	b, err := workbook.Open(bytes.NewReader(data), int64(len(data)), workbook.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err = b.Rows(ctx, "Sheet1", func(r workbook.Row) error {
		if n++; n == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n > 10+256 {
		t.Errorf("Rows after cancel = %v after %d rows, want context.Canceled within 256 rows", err, n)
	}
}

// farColumnBook is a small workbook whose rows each hold a value in column XFD: a reader
// that pads rows to their last cell allocates 16,384 cells per row.
func farColumnBook(tb testing.TB, rows int) []byte {
	var b strings.Builder
	for r := 1; r <= rows; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r, r)
	}
	return pkg(tb, map[string]string{"xl/worksheets/sheet1.xml": ws(fmt.Sprintf("A1:XFD%d", rows), b.String())})
}

// TestFarColumnMemory checks that a value at column XFD on every row costs what its XML
// costs, not a padded row: the bytes allocated to read 20,000 such rows stay under 64 MB
// (padding would take 20,000 x 16,384 strings, 5 GB).
func TestFarColumnMemory(t *testing.T) {
	data := farColumnBook(t, 20000)
	read := func() {
		b, err := workbook.Open(bytes.NewReader(data), int64(len(data)), workbook.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		err = b.Rows(context.Background(), "Sheet1", func(r workbook.Row) error {
			if r.Beyond != 16384 || len(r.Cells) != 1 {
				return fmt.Errorf("row %d: %d cells, beyond %d", r.Num, len(r.Cells), r.Beyond)
			}
			n++
			return nil
		})
		if err != nil || n != 20000 {
			t.Fatalf("Rows = %v after %d rows", err, n)
		}
	}
	if got := allocatedBytes(read); got > 64<<20 {
		t.Errorf("reading %d KB of workbook allocated %d MB, want under 64 MB", len(data)>>10, got>>20)
	}
}

// allocatedBytes returns the bytes f allocates (a count, not a time).
func allocatedBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// BenchmarkFarColumns reads the 65 KB workbook of one XFD cell per row; the bytes allocated
// per read are reported as MB/read.
func BenchmarkFarColumns(b *testing.B) {
	data := farColumnBook(b, 20000)
	b.ReportAllocs()
	var total uint64
	for b.Loop() {
		total += allocatedBytes(func() {
			bk, err := workbook.Open(bytes.NewReader(data), int64(len(data)), workbook.DefaultLimits)
			if err != nil {
				b.Fatal(err)
			}
			if err := bk.Rows(context.Background(), "Sheet1", func(workbook.Row) error { return nil }); err != nil {
				b.Fatal(err)
			}
		})
	}
	b.ReportMetric(float64(total)/float64(b.N)/(1<<20), "MB/read")
	b.ReportMetric(float64(len(data))/1024, "file-KB")
}

func TestEmptyAndStop(t *testing.T) {
	data := pkg(t, map[string]string{
		"xl/worksheets/sheet1.xml": ws("A1:C3", `<row r="1"><c r="A1" s="1"/></row><row r="3"><c r="C3" t="inlineStr"><is><t></t></is></c></row>`),
		"xl/worksheets/sheet2.xml": ws("A1:A2", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`),
	}, "Blank", "Full")
	b, err := workbook.Open(bytes.NewReader(data), int64(len(data)), workbook.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Sheets(); !cmp.Equal(got, []string{"Blank", "Full"}) {
		t.Errorf("Sheets() = %q", got)
	}
	for name, want := range map[string]bool{"Blank": true, "Full": false} {
		if empty, err := b.IsEmpty(context.Background(), name); err != nil || empty != want {
			t.Errorf("IsEmpty(%s) = %v, %v; want %v", name, empty, err, want)
		}
	}
	if _, err := b.IsEmpty(context.Background(), "Nope"); err == nil {
		t.Error("IsEmpty(Nope) = nil error, want no such sheet")
	}
}

func TestRichAndPhoneticSharedStrings(t *testing.T) {
	data := pkg(t, map[string]string{
		"xl/sharedStrings.xml": `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>plain</t></si>` +
			`<si><r><rPr><b/></rPr><t>Ya</t></r><r><t xml:space="preserve">ma da</t></r><rPh sb="0" eb="1"><t>ヤマ</t></rPh></si><si><t>bell_x0007_ _x005F_x0041_</t></si></sst>`,
		"xl/worksheets/sheet1.xml": ws("A1:C1", `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`),
	})
	got, err := rowsOf(t, data, workbook.DefaultLimits, "Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"A1=plain", "B1=Yama da", "C1=bell\a _x0041_"}; !cmp.Equal(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		v    string
		code string
		want string
	}{
		{"1001", "", "1001"},
		{"3210000010", "General", "3210000010"},
		{"1E+20", "", "1E+20"},
		{"42", `"#"0000`, "0042"},
		{"-0.5", "0.00;(0.00)", "-0.50"},
		{"0.25", "0%", "25%"},
		{"46391", "dd/mm/yyyy", "2027-01-04"},
		{"46391", "[$-409]mmmm d, yyyy;@", "2027-01-04"},
		{"0.75", "hh:mm:ss", "18:00:00"},
		{"1.5", "[h]:mm", "36:00"},
		{"12.5", "#,##0.0 \"h\"", "12.5"},
	} {
		data := pkg(t, map[string]string{
			"xl/styles.xml": `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1">` +
				`<numFmt numFmtId="164" formatCode="` + escAttr(tc.code) + `"/></numFmts>` +
				`<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
			"xl/worksheets/sheet1.xml": ws("A1", `<row r="1"><c r="A1" s="1"><v>`+tc.v+`</v></c></row>`),
		})
		got, err := rowsOf(t, data, workbook.DefaultLimits, "Sheet1")
		if err != nil || len(got) != 1 || got[0] != "A1="+tc.want {
			t.Errorf("Display(%s in %q) = %q, %v; want %q", tc.v, tc.code, got, err, tc.want)
		}
	}
}

func escAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;").Replace(s)
}

// FuzzRows reads a sheet whose XML is the input: whatever it holds, reading returns rows or
// an *Error, and never panics nor reads rows out of order.
func FuzzRows(f *testing.F) {
	good := ws("A1:C3", `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="s"><v>0</v></c></row>`+
		`<row r="2"><c r="A2"><v>1.5</v></c><c r="C2" t="b"><v>1</v></c></row><row r="3"><c r="XFD3"><v>1</v></c></row>`)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(strings.Replace(good, `</row><row r="2">`, `</row></sheetData><row r="2">`, 1))
	f.Add(strings.Replace(good, `<row r="3">`, `<row r="1">`, 1))
	f.Add(ws("A1:A9", `<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>`))
	f.Add(ws("", `<row><c><v>1</v></c><c t="s"><v>7</v></c></row><row r="1048577"/>`))
	f.Fuzz(func(t *testing.T, sheetXML string) {
		data := pkg(t, map[string]string{
			"xl/worksheets/sheet1.xml": sheetXML,
			"xl/sharedStrings.xml":     `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>name</t></si></sst>`,
		})
		b, err := workbook.Open(bytes.NewReader(data), int64(len(data)), workbook.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		last := 0
		err = b.Rows(context.Background(), "Sheet1", func(r workbook.Row) error {
			if r.Num <= last || len(r.Cells) == 0 && r.Beyond == 0 {
				t.Fatalf("row %d after row %d with %d cells", r.Num, last, len(r.Cells))
			}
			last = r.Num
			col := 0
			for _, c := range r.Cells {
				if c.Col <= col || c.Col > workbook.DefaultLimits.MaxCols || c.Value == "" {
					t.Fatalf("row %d: cell %+v after column %d", r.Num, c, col)
				}
				col = c.Col
				_ = b.Display(c)
			}
			return nil
		})
		var we *workbook.Error
		if err != nil && !errors.As(err, &we) {
			t.Fatalf("Rows = %v (%T), want nil or an *Error", err, err)
		}
	})
}
