package xlsx

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner/calendar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// writeFile writes the roster workbook of in to a file in a temporary directory.
func writeFile(t testing.TB, in Workbook) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	var buf bytes.Buffer
	if err := WriteRoster(&buf, in); err != nil {
		t.Fatalf("WriteRoster: %v", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func open(t testing.TB, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("reopen %s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func demoWorkbook(t testing.TB) (*fixture, *excelize.File, string) {
	fx := demoFixture()
	path := writeFile(t, fx.workbook())
	return fx, open(t, path), path
}

// findRow returns the 1-based row of sheet whose column col (1-based) holds want.
func findRow(t *testing.T, f *excelize.File, sheet string, col int, want string) int {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		if col-1 < len(row) && row[col-1] == want {
			return r + 1
		}
	}
	t.Fatalf("%s: no row with %q in column %s", sheet, want, colName(col))
	return 0
}

func fillOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fill.Pattern != 1 || len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.TrimPrefix(strings.ToUpper(st.Fill.Color[0]), "#")
}

func TestWriteRosterSheets(t *testing.T) {
	fx, f, _ := demoWorkbook(t)
	got := f.GetSheetList()
	fixed := []string{SheetSummary, SheetWeek, SheetCoverage, SheetTimeline, SheetStaff}
	if !slices.Equal(got[:5], fixed) {
		t.Fatalf("first sheets = %q, want %q", got[:5], fixed)
	}
	if len(got) != 5+len(fx.ds.Staff) {
		t.Fatalf("%d sheets, want 5 + %d people", len(got), len(fx.ds.Staff))
	}
	seen := map[string]bool{}
	for _, name := range got {
		if n := len(utf16.Encode([]rune(name))); n > 31 {
			t.Errorf("sheet %q is %d UTF-16 units long, over 31", name, n)
		}
		if strings.ContainsAny(name, `[]:*?/\`) {
			t.Errorf("sheet %q has a forbidden character", name)
		}
		if seen[strings.ToLower(name)] {
			t.Errorf("sheet %q twice", name)
		}
		seen[strings.ToLower(name)] = true
	}
	for _, want := range []string{"Zoë Lambert", "Łukasz Nowak", "山田 太郎", "Marie Dubois", "Marie Dubois (2)",
		"Summary (2)", "Léa _Team__ _A_B__", "Jean-Baptiste de la Tour d'Auve"} {
		if !slices.Contains(got, want) {
			t.Errorf("no sheet %q in %q", want, got[5:])
		}
	}
	// The person sheets are in staff order and each starts with the person's name.
	for p, s := range fx.ds.Staff {
		if v, _ := f.GetCellValue(got[5+p], "A1"); v != s.Name {
			t.Errorf("sheet %q A1 = %q, want %q", got[5+p], v, s.Name)
		}
	}
}

// TestInjectionPayloadsArePlainStrings checks that names a spreadsheet would evaluate are
// written as string cells, verbatim, on every sheet where they appear, and that the workbook
// has no formula at all.
func TestInjectionPayloadsArePlainStrings(t *testing.T) {
	_, f, _ := demoWorkbook(t)
	found := map[string]int{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cell := ref(c+1, r+1)
				if v == "" {
					continue
				}
				formula, err := f.GetCellFormula(sheet, cell)
				if err != nil || formula != "" {
					t.Errorf("%s!%s has formula %q (err %v)", sheet, cell, formula, err)
				}
				for _, p := range injectionNames {
					if !strings.Contains(v, p) {
						continue
					}
					found[p]++
					typ, err := f.GetCellType(sheet, cell)
					if err != nil {
						t.Fatal(err)
					}
					if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
						t.Errorf("%s!%s = %q has cell type %v, want a string", sheet, cell, v, typ)
					}
				}
			}
		}
	}
	for _, p := range injectionNames {
		// Week, Staff, the person's own sheet title, and the Timeline rows.
		if found[p] < 4 {
			t.Errorf("payload %q found in %d cells, want at least 4", p, found[p])
		}
		r := findRow(t, f, SheetWeek, 1, p)
		if v, _ := f.GetCellValue(SheetWeek, ref(1, r)); v != p {
			t.Errorf("Week!A%d = %q, want %q verbatim", r, v, p)
		}
	}
}

func TestWeekSheet(t *testing.T) {
	fx, f, _ := demoWorkbook(t)
	const sh = SheetWeek
	header, _ := f.GetRows(sh)
	wantHeader := []string{"Name", "ID", "Status", "Line", "Mon\n2027-01-04", "Tue\n2027-01-05", "Wed\n2027-01-06",
		"Thu\n2027-01-07", "Fri\n2027-01-08", "Sat\n2027-01-09", "Hours", "Contract\nat least", "Contract\nat most", "Hours outside\ncontract"}
	if diff := cmp.Diff(wantHeader, header[weekHeaderRow-1]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if len(header) != weekHeaderRow+len(fx.ds.Staff) {
		t.Errorf("%d rows, want %d", len(header), weekHeaderRow+len(fx.ds.Staff))
	}
	// Ana Martins (s01) on Monday: 07:30-13:30 on LLN, an early shift.
	r := findRow(t, f, sh, 2, "s01")
	for _, tc := range []struct {
		col        string
		text, fill string
	}{
		{"E", "07:30-13:30 LLN\ncoordinator 07:30-13:30", colourEarly},
		{"F", "13:30-19:30 LLN\ncoordinator 13:30-19:30", colourLate},
		{"G", "09:00-17:00 LLN\n(break 12:30-13:00)\ncoordinator 09:00-17:00", colourDay},
	} {
		cell := fmt.Sprintf("%s%d", tc.col, r)
		if v, _ := f.GetCellValue(sh, cell); v != tc.text {
			t.Errorf("%s = %q, want %q", cell, v, tc.text)
		}
		if got := fillOf(t, f, sh, cell); got != tc.fill {
			t.Errorf("%s fill = %s, want %s", cell, got, tc.fill)
		}
	}
	// A pooled shift names both lines.
	r = findRow(t, f, sh, 1, "Zoë Lambert")
	if v, _ := f.GetCellValue(sh, fmt.Sprintf("E%d", r)); !strings.Contains(v, "LLN+MONS") {
		t.Errorf("Zoë's pooled Monday = %q, want LLN+MONS", v)
	}
	// Hours against contract: Noah under (red), "Summary" over (amber).
	for _, tc := range []struct{ name, fill, sign string }{
		{"Emma Claes", colourShort, "-"},
		{"Summary", colourOver, "+"},
	} {
		r := findRow(t, f, sh, 1, tc.name)
		cell := fmt.Sprintf("N%d", r)
		v, _ := f.GetCellValue(sh, cell)
		if !strings.HasPrefix(v, tc.sign) {
			t.Errorf("%s difference %s = %q, want sign %s", tc.name, cell, v, tc.sign)
		}
		if got := fillOf(t, f, sh, cell); got != tc.fill {
			t.Errorf("%s difference fill = %s, want %s", tc.name, got, tc.fill)
		}
	}
	panes, err := f.GetPanes(sh)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.XSplit != 1 || panes.YSplit != weekHeaderRow {
		t.Errorf("panes = %+v, want frozen at column 1, row %d", panes, weekHeaderRow)
	}
	checkAutoFilter(t, f, sh, "$A$3:$N$25")
	dvs, err := f.GetDataValidations(sh)
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != 2 || dvs[0].Sqref != "C4:C25" || dvs[0].Type != "list" || dvs[0].Formula1 != `"new,trainee,qualified,mentor"` ||
		dvs[1].Sqref != "E4:J25" || dvs[1].Prompt == nil || !strings.Contains(*dvs[1].Prompt, "07:30-13:30 LLN") {
		for _, dv := range dvs {
			t.Logf("validation %+v", *dv)
		}
		t.Errorf("Week validations: want a status list on C4:C25 and a shift prompt on E4:J25")
	}
	checkPrint(t, f, sh, true, fmt.Sprintf("'Week'!$1:$%d", weekHeaderRow))
	hf, err := f.GetHeaderFooter(sh)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hf.OddHeader, "January 2027 exams, R&&D") || strings.Contains(strings.ReplaceAll(hf.OddHeader, "&&", ""), "R&D") {
		t.Errorf("header %q does not escape & as &&", hf.OddHeader)
	}
	if !strings.Contains(hf.OddFooter, "Page &P of &N") {
		t.Errorf("footer %q has no page numbers", hf.OddFooter)
	}
}

func checkAutoFilter(t *testing.T, f *excelize.File, sheet, want string) {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == sheet {
			if !strings.HasSuffix(dn.RefersTo, want) {
				t.Errorf("%s autofilter = %s, want %s", sheet, dn.RefersTo, want)
			}
			return
		}
	}
	t.Errorf("%s has no autofilter", sheet)
}

func checkPrint(t *testing.T, f *excelize.File, sheet string, landscape bool, titles string) {
	t.Helper()
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	if pl.Orientation == nil || *pl.Orientation != orient || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("%s page layout: orientation %v, fit to width %v; want %s, 1", sheet, deref(pl.Orientation), deref(pl.FitToWidth), orient)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: fit to page is off", sheet)
	}
	if titles == "" {
		return
	}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet {
			if dn.RefersTo != titles {
				t.Errorf("%s print titles = %s, want %s", sheet, dn.RefersTo, titles)
			}
			return
		}
	}
	t.Errorf("%s has no print titles", sheet)
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestCoverageSheet(t *testing.T) {
	fx, f, path := demoWorkbook(t)
	const sh = SheetCoverage
	rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(fx.reportV.Slots) {
		t.Fatalf("%d rows, want a header and %d slots", len(rows), len(fx.reportV.Slots))
	}
	shorts, oks := 0, 0
	for _, s := range fx.reportV.Slots {
		r := 0
		for i, row := range rows[1:] {
			if row[covTime-1] == s.Time.String() && row[covLine-1] == s.Line && row[covDate-1] == fmt.Sprint(excelSerial(s.Date)) {
				r = i + 2
				break
			}
		}
		if r == 0 {
			t.Fatalf("slot %s %s %s not found", s.Date, s.Time, s.Line)
		}
		cell := ref(covEffective, r)
		fill := fillOf(t, f, sh, cell)
		if s.Short() {
			shorts++
			if fill != colourShort {
				t.Errorf("short slot %s %s %s: %s fill %q, want %s", s.Date, s.Time, s.Line, cell, fill, colourShort)
			}
		} else {
			oks++
			if fill != "" {
				t.Errorf("slot %s %s %s is not short but %s has fill %s", s.Date, s.Time, s.Line, cell, fill)
			}
		}
	}
	if shorts == 0 || oks == 0 {
		t.Fatalf("fixture has %d short and %d staffed slots; want some of each", shorts, oks)
	}
	panes, _ := f.GetPanes(sh)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, want the header row frozen", panes)
	}
	checkAutoFilter(t, f, sh, "$A$1:$N$289")
	checkPrint(t, f, sh, true, "'Coverage'!$1:$1")

	// One chart per day and line, its ranges quoted and pointing at its own rows.
	charts := zipParts(t, path, "xl/charts/chart")
	if want := 6 * 2; len(charts) != want {
		t.Fatalf("%d charts, want %d", len(charts), want)
	}
	ranges := regexp.MustCompile(`<f>([^<]*)</f>`)
	for name, body := range charts {
		refs := ranges.FindAllStringSubmatch(body, -1)
		if len(refs) < 6 {
			t.Errorf("%s: %d ranges, want 6", name, len(refs))
		}
		for _, m := range refs {
			if !strings.HasPrefix(m[1], "&#39;Coverage&#39;!$") {
				t.Errorf("%s: range %q is not a quoted Coverage range", name, m[1])
			}
		}
		if !strings.Contains(body, "<barChart>") || !strings.Contains(body, "<lineChart>") {
			t.Errorf("%s is not a column+line chart", name)
		}
	}
}

// excelSerial is the spreadsheet serial number of a date (1900 date system).
func excelSerial(d calendar.Date) int { return d.Sub(calendar.Date{Year: 1899, Month: 12, Day: 30}) }

func zipParts(t *testing.T, path, prefix string) map[string]string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	out := map[string]string{}
	for _, file := range z.File {
		if !strings.HasPrefix(file.Name, prefix) {
			continue
		}
		rc, err := file.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[file.Name] = string(b)
	}
	return out
}

func TestTimelinePairsTraineesWithMentors(t *testing.T) {
	_, f, _ := demoWorkbook(t)
	const sh = SheetTimeline
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	day := ""
	pairs := 0
	for r, row := range rows {
		if len(row) == 0 {
			continue
		}
		if strings.HasPrefix(row[0], "Monday ") || strings.HasPrefix(row[0], "Saturday ") || len(row) > 1 && row[1] == "" {
			day = row[0]
		}
		if len(row) < 4 {
			continue
		}
		if mentor, ok := strings.CutPrefix(row[3], "with: "); ok {
			pairs++
			// The row above is the mentor, or another trainee of the same mentor.
			above := r - 1
			for above > 0 && strings.HasPrefix(rows[above][3], "with: ") {
				above--
			}
			if rows[above][0] != mentor || rows[above][1] != "mentor" {
				t.Errorf("%s: %s (row %d) is paired with %s but sits under %q", day, row[0], r+1, mentor, rows[above][0])
			}
			if !strings.Contains(rows[above][3], row[0]) {
				t.Errorf("%s: mentor %s's With cell %q does not name %s", day, mentor, rows[above][3], row[0])
			}
		}
		if row[0] == "Noah Willems" && strings.HasPrefix(day, "Saturday") && row[3] != "no mentor on duty" {
			t.Errorf("Saturday: Noah Willems With = %q, want no mentor on duty", row[3])
		}
	}
	if pairs < 10 {
		t.Errorf("%d trainee rows paired with a mentor, want at least 10", pairs)
	}
	// Ana (mentor, LLN, coordinator) on Monday 07:30-13:30: on duty from column E, no break,
	// the coordinator on duty (planner.OnPhone: hers is the first shift of the day).
	r := findRow(t, f, sh, 1, "Ana Martins")
	if got := fillOf(t, f, sh, ref(tlFirstSlot, r)); got != colourCoord {
		t.Errorf("Ana 07:30 fill = %s, want the coordinator's %s", got, colourCoord)
	}
	if v, _ := f.GetCellValue(sh, ref(tlFirstSlot, r)); v != CoordMark {
		t.Errorf("Ana 07:30 = %q, want %q", v, CoordMark)
	}
	if got := fillOf(t, f, sh, ref(tlFirstSlot+12, r)); got != "" {
		t.Errorf("Ana 13:30 fill = %s, want none (off duty)", got)
	}
	// Her trainee right under her, lighter.
	if got := fillOf(t, f, sh, ref(tlFirstSlot, r+1)); got != lineColours[0][1] {
		t.Errorf("trainee 07:30 fill = %s, want %s", got, lineColours[0][1])
	}
	// A break is marked: Wednesday's 09:00-17:00 shift has its break at 12:30.
	r = findRow(t, f, sh, 1, "Wednesday 2027-01-06")
	for ; r <= len(rows); r++ {
		if rows[r-1][0] == "Ana Martins" {
			break
		}
	}
	if v, _ := f.GetCellValue(sh, ref(tlFirstSlot+10, r)); v != BreakMark {
		t.Errorf("Ana's Wednesday 12:30 = %q, want break mark %q", v, BreakMark)
	}
	panes, _ := f.GetPanes(sh)
	if !panes.Freeze || panes.XSplit != tlFirstSlot-1 || panes.YSplit != tlHeaderRow {
		t.Errorf("panes = %+v", panes)
	}
	checkPrint(t, f, sh, true, "'Timeline'!$1:$3")
}

func TestStaffDirectoryAndPersonSheets(t *testing.T) {
	fx, f, _ := demoWorkbook(t)
	rows, err := f.GetRows(SheetStaff)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dirHeader, rows[0]); diff != "" {
		t.Errorf("directory header (-want +got):\n%s", diff)
	}
	if len(rows) != 1+len(fx.ds.Staff) {
		t.Fatalf("%d directory rows, want %d", len(rows)-1, len(fx.ds.Staff))
	}
	sheets := f.GetSheetList()[5:]
	for p, s := range fx.ds.Staff {
		row := rows[p+1]
		if row[0] != s.ID || row[1] != s.Name || row[2] != s.Email || row[3] != string(s.Status) {
			t.Errorf("directory row %d = %q, want %s %s %s %s", p+2, row[:4], s.ID, s.Name, s.Email, s.Status)
		}
		ok, link, err := f.GetCellHyperLink(SheetStaff, ref(len(dirHeader), p+2))
		if err != nil || !ok || link != quoteSheet(sheets[p])+"!A1" {
			t.Errorf("directory link of %s = %v %q %v, want %s", s.ID, ok, link, err, quoteSheet(sheets[p])+"!A1")
		}
	}
	// Trainee 山田 太郎 beside mentor Ana on Monday, with colleagues listed.
	const sh = "山田 太郎"
	r := findRow(t, f, sh, 1, fmt.Sprint(excelSerial(calendar.MustDate("2027-01-04"))))
	got, _ := f.GetRows(sh)
	row := got[r-1]
	want := []string{"2027-01-04", "Mon", "07:30", "13:30", "", "LLN", "6.0", "mentor: Ana Martins"}
	if diff := cmp.Diff(want, row[:8]); diff != "" {
		t.Errorf("%s Monday (-want +got):\n%s", sh, diff)
	}
	if !strings.Contains(row[8], "Ana Martins (07:30-13:30)") {
		t.Errorf("%s Monday colleagues %q do not list Ana Martins", sh, row[8])
	}
	panes, _ := f.GetPanes(sh)
	if !panes.Freeze {
		t.Errorf("%s: header not frozen", sh)
	}
}

// TestFontFamily checks that every cell style of every sheet names FontFamily, as does the
// default font.
func TestFontFamily(t *testing.T) {
	_, f, _ := demoWorkbook(t)
	if got, _ := f.GetDefaultFont(); got != FontFamily {
		t.Errorf("default font = %q, want %q", got, FontFamily)
	}
	checked := map[int]bool{}
	for _, sheet := range f.GetSheetList()[:6] {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				id, err := f.GetCellStyle(sheet, ref(c+1, r+1))
				if err != nil || checked[id] {
					continue
				}
				checked[id] = true
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				if id != 0 && (st.Font == nil || st.Font.Family != FontFamily) {
					t.Errorf("%s!%s: style %d font %+v, want family %s", sheet, ref(c+1, r+1), id, st.Font, FontFamily)
				}
			}
		}
	}
	if len(checked) < 10 {
		t.Errorf("only %d styles checked", len(checked))
	}
}

func TestWriteRosterWithoutReport(t *testing.T) {
	fx := demoFixture()
	in := fx.workbook()
	in.Report = nil
	in.Options.NoPersonSheets = true
	f := open(t, writeFile(t, in))
	if got := f.GetSheetList(); len(got) != 5 {
		t.Errorf("sheets = %q, want the 5 fixed sheets", got)
	}
	if v, _ := f.GetCellValue(SheetCoverage, "A2"); !strings.Contains(v, "not been evaluated") {
		t.Errorf("Coverage!A2 = %q, want a note", v)
	}
	rows, _ := f.GetRows(SheetStaff)
	if len(rows[0]) != len(dirHeader)-1 {
		t.Errorf("directory header %q: want no Sheet column without person sheets", rows[0])
	}
}

func TestWriteRosterErrors(t *testing.T) {
	if err := WriteRoster(io.Discard, Workbook{}); err == nil {
		t.Error("WriteRoster without dataset and roster: no error")
	}
}

// TestGolden compares text dumps of the demo workbook's sheets with testdata/*.golden.
func TestGolden(t *testing.T) {
	_, f, _ := demoWorkbook(t)
	sheets := append(f.GetSheetList()[:5], "山田 太郎", "Noah Willems")
	for _, sheet := range sheets {
		t.Run(sheet, func(t *testing.T) {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for r, row := range rows {
				fmt.Fprintf(&b, "%d:", r+1)
				for _, v := range row {
					b.WriteString(" | " + strings.ReplaceAll(v, "\n", `\n`))
				}
				b.WriteString("\n")
			}
			golden(t, filepath.Join("testdata", "demo-"+goldenName(sheet)+".golden"), b.String())
		})
	}
}

func goldenName(sheet string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' {
			return '-'
		}
		return r
	}, strings.ToLower(sheet))
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

// TestColumnsInOrder checks that every sheet lists its column widths in ascending,
// non-overlapping order: Excel offers to repair a workbook that does not.
func TestColumnsInOrder(t *testing.T) {
	_, _, path := demoWorkbook(t)
	col := regexp.MustCompile(`<col [^>]*>`)
	attr := func(s, name string) int {
		m := regexp.MustCompile(` ` + name + `="(\d+)"`).FindStringSubmatch(s)
		if m == nil {
			t.Fatalf("no %s in %s", name, s)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	sheets := zipParts(t, path, "xl/worksheets/sheet")
	if len(sheets) < 6 {
		t.Fatalf("%d worksheets", len(sheets))
	}
	for name, body := range sheets {
		last := 0
		for _, c := range col.FindAllString(body, -1) {
			lo, hi := attr(c, "min"), attr(c, "max")
			if lo <= last || hi < lo {
				t.Errorf("%s: %s after column %d", name, c, last)
			}
			last = hi
		}
	}
}
