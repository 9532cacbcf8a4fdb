package input_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/input"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := input.WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "template.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// The blank template reads as every table with no row: importing it changes nothing.
	got, err := input.ReadWorkbook(path, nil)
	if err != nil {
		t.Fatalf("reading the template: %v", err)
	}
	empty := &planner.Dataset{Settings: planner.DefaultSettings(), Lines: []planner.Line{}, Staff: []planner.Staff{},
		Availability: []planner.Availability{}, Sessions: []planner.Session{}, Forecast: []planner.ForecastRow{},
		ShiftTemplates: []planner.ShiftTemplate{}, Closures: []planner.Closure{}, SettingsSet: []string{}}
	if diff := cmp.Diff(empty, got); diff != "" {
		t.Errorf("blank template read back (-want +got):\n%s", diff)
	}
	// Its example rows, once their '#' is deleted, are valid input.
	uncommented := uncomment(t, path)
	got, err = input.ReadWorkbook(uncommented, nil)
	if err != nil {
		t.Fatalf("reading the template's examples: %v", err)
	}
	want := input.TemplateDataset()
	want.SettingsSet = allKeys()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("template examples read back (-want +got):\n%s", diff)
	}

	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Header bold and filled, the instruction row italic and a comment, fonts explicit.
	for _, sheet := range f.GetSheetList() {
		if sheet == input.ListsSheet {
			continue
		}
		st := cellStyle(t, f, sheet, "A1")
		if !st.Font.Bold || st.Fill.Type != "pattern" || len(st.Fill.Color) == 0 || st.Font.Family != "Calibri" {
			t.Errorf("%s!A1: style %+v, want a bold Calibri header filled", sheet, st)
		}
		note := cellStyle(t, f, sheet, "A2")
		if !note.Font.Italic || note.Font.Family != "Calibri" {
			t.Errorf("%s!A2: style font %+v, want italic Calibri", sheet, note.Font)
		}
		if v, _ := f.GetCellValue(sheet, "A2"); !strings.HasPrefix(v, "# ") {
			t.Errorf("%s!A2 = %q, want an instruction starting with '# '", sheet, v)
		}
		if ex := cellStyle(t, f, sheet, "A3"); ex.Font.Family != "Calibri" || !ex.Font.Italic {
			t.Errorf("%s!A3: font %+v, want an italic Calibri example", sheet, ex.Font)
		}
		if v, _ := f.GetCellValue(sheet, "A3"); !strings.HasPrefix(v, "#") || len(v) < 2 {
			t.Errorf("%s!A3 = %q, want a commented example", sheet, v)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
			t.Errorf("%s panes = %+v, %v; want frozen above row 3", sheet, panes, err)
		}
		if w, _ := f.GetColWidth(sheet, "A"); w < 10 || w > 48 {
			t.Errorf("%s column A width %v, want 10..48", sheet, w)
		}
	}
	// Drop-downs for the enumerations and references.
	wantLists := map[string][]string{
		"Settings":     {fmt.Sprintf(`A3:A%d Lists!$A$1:$A$%d`, 3+len(planner.SettingKeys)+1000, len(planner.SettingKeys))},
		"Staff":        {`D3:D1004 Lines!$A$3:$A$1000`, `E3:E1004 "new,trainee,qualified,mentor"`},
		"Availability": {`A3:A1004 Staff!$A$3:$A$5000`, `B3:B1004 "available,unavailable,prefer,avoid"`},
		"Forecast":     {`A3:A1004 Sessions!$A$3:$A$1000`, `C3:C1004 "MO,TU,WE,TH,FR,SA,SU"`, `E3:E1004 Lines!$A$3:$A$1000`},
	}
	for sheet, wants := range wantLists {
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, dv := range dvs {
			got = append(got, dv.Sqref+" "+dv.Formula1)
		}
		for _, w := range wants {
			if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
				t.Errorf("%s: no drop-down %q among %q", sheet, w, got)
			}
		}
	}
}

// uncomment removes the '#' of the example rows (row 3 on) of every sheet of the workbook
// at path, and returns the path of the result.
func uncomment(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i := 2; i < len(rows); i++ {
			if len(rows[i]) > 0 && strings.HasPrefix(rows[i][0], "#") {
				ref, _ := excelize.CoordinatesToCellName(1, i+1)
				if err := f.SetCellStr(sheet, ref, strings.TrimPrefix(rows[i][0], "#")); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	out := filepath.Join(t.TempDir(), "uncommented.xlsx")
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
	return out
}

func cellStyle(t *testing.T, f *excelize.File, sheet, ref string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Font == nil {
		st.Font = &excelize.Font{}
	}
	return st
}

// TestInputsDoc keeps the input-table reference in docs/inputs.md (between the input-columns
// markers) in step with the tables the reader knows. Headings are demoted one level to sit
// under the page's title.
func TestInputsDoc(t *testing.T) {
	const path = "../../docs/inputs.md"
	const begin, end = "<!-- input-columns:", "<!-- /input-columns -->"
	var b strings.Builder
	for _, line := range strings.SplitAfter(input.ColumnsMarkdown(), "\n") {
		if strings.HasPrefix(line, "#") {
			line = "#" + line
		}
		b.WriteString(line)
	}
	got := b.String()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (the docs beside the module hold the input tables)", err)
	}
	s := string(text)
	i := strings.Index(s, begin)
	j := strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q ... %q markers", path, begin, end)
	}
	i += strings.Index(s[i:], "-->\n") + len("-->\n")
	if *update {
		s = s[:i] + got + s[j:]
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(s[i:j], got); diff != "" {
		t.Errorf("%s is stale (go test ./planner/input -run InputsDoc -update) (-file +code):\n%s", path, diff)
	}
}

func ExampleReadDir() {
	dir, _ := os.MkdirTemp("", "team")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "lines.csv"), []byte("id;name\nLLN;Louvain-la-Neuve\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "staff.csv"), []byte(
		"id,name,lines,status,max_hours_week\n"+
			"u1,Anne,LLN,qualified,19\n"+
			"u2,Bob,LLN,traine,40\n"), 0o644)
	_, err := input.ReadDir(dir, nil)
	fmt.Println(strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""))
	// Output:
	// staff.csv:3 (status): status "traine" is not one of new, trainee, qualified, mentor
}

func ExampleWriteWorkbook() {
	ds := input.TemplateDataset()
	ds.Staff[0].Name = "=HYPERLINK(\"http://example.org\")"
	var buf bytes.Buffer
	if err := input.WriteWorkbook(&buf, ds); err != nil {
		fmt.Println(err)
		return
	}
	back, err := input.ReadWorkbookFrom(&buf, "team.xlsx", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Staff[0].Name)
	// Output:
	// =HYPERLINK("http://example.org")
}
