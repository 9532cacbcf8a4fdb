package xlsx

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

func TestWriteStaffFiles(t *testing.T) {
	fx := demoFixture()
	dir := filepath.Join(t.TempDir(), "staff")
	paths, err := WriteStaffFiles(dir, fx.workbook())
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(fx.ds.Staff) {
		t.Fatalf("%d files, want one per staff member (%d)", len(paths), len(fx.ds.Staff))
	}
	seen := map[string]bool{}
	for i, p := range paths {
		if filepath.Dir(p) != dir || filepath.Ext(p) != ".xlsx" || seen[strings.ToLower(p)] {
			t.Errorf("file %d: %s (outside %s, not .xlsx, or twice)", i, p, dir)
		}
		seen[strings.ToLower(p)] = true
	}
	if got := filepath.Base(paths[0]); got != "s01.xlsx" {
		t.Errorf("first file %s, want s01.xlsx", got)
	}
	if got := filepath.Base(paths[20]); !strings.HasPrefix(got, "etc_passwd_") {
		t.Errorf("hostile id ../../etc/passwd gave %s", got)
	}

	// The trainee's file: one sheet, their shifts with mentor and colleagues, hours.
	f := open(t, paths[4])
	sheets := f.GetSheetList()
	if len(sheets) != 1 || sheets[0] != "山田 太郎" {
		t.Fatalf("sheets %q, want just 山田 太郎", sheets)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprint(rows)
	for _, want := range []string{"mentor: Ana Martins", "Ana Martins (07:30-13:30)", "Hours", "27.0", "Hours on duty", "within the contract"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s lacks %q", paths[4], want)
		}
	}
	if strings.Contains(text, "Back to the staff directory") {
		t.Errorf("%s links to a directory it does not have", paths[4])
	}
	// The roster is a draft: the title and the file's properties say so.
	if title, _ := f.GetCellValue(sheets[0], "A1"); title != "DRAFT – 山田 太郎" {
		t.Errorf("draft title A1 = %q, want DRAFT – 山田 太郎", title)
	}
	if p, err := f.GetDocProps(); err != nil || !strings.HasPrefix(p.Title, "DRAFT ") || p.Category != "DRAFT roster" {
		t.Errorf("draft properties: %+v (%v), want the title and category to say DRAFT", p, err)
	}

	// A published roster's files do not say DRAFT, and payload names are plain strings in
	// their own files too.
	pub := *fx.roster
	pub.Status = planner.Published
	wb := fx.workbook()
	wb.Roster = &pub
	paths, err = WriteStaffFiles(filepath.Join(t.TempDir(), "published"), wb)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := open(t, paths[4]).GetDocProps(); err != nil || strings.Contains(p.Title, "DRAFT") || p.Category != "Published roster" {
		t.Errorf("published properties: %+v (%v)", p, err)
	}
	for i, s := range fx.ds.Staff {
		if !strings.ContainsAny(s.Name[:1], "=+-@") {
			continue
		}
		f := open(t, paths[i])
		sh := f.GetSheetList()[0]
		v, _ := f.GetCellValue(sh, "A1")
		formula, _ := f.GetCellFormula(sh, "A1")
		if v != s.Name || formula != "" {
			t.Errorf("%s A1 = %q formula %q, want %q as text", paths[i], v, formula, s.Name)
		}
	}
}

// TestPersonWithoutShifts: a staff member off all week still gets a file that says so.
func TestPersonWithoutShifts(t *testing.T) {
	fx := newFixture("2027-01-04", 6)
	fx.staff("x1", "Idle Person", planner.StatusQualified, "LLN")
	fx.staff("x2", "Busy Person", planner.StatusQualified, "LLN")
	fx.shift("x2", calendar.MustDate("2027-01-04"), "07:30", "13:30", "LLN", "")
	paths, err := WriteStaffFiles(t.TempDir(), fx.workbook())
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, paths[0])
	rows, _ := f.GetRows(f.GetSheetList()[0])
	if !strings.Contains(fmt.Sprint(rows), "No shift in this roster.") {
		t.Errorf("idle person's file: %q", rows)
	}
}

func ExampleWriteRoster() {
	fx := newFixture("2027-01-04", 1)
	fx.staff("ana", "Ana Martins", planner.StatusMentor, "LLN")
	fx.staff("bob", "=HYPERLINK(\"http://x\")", planner.StatusQualified, "LLN")
	fx.shift("ana", calendar.MustDate("2027-01-04"), "07:30", "15:30", "LLN", "11:30-12:00")
	fx.shift("bob", calendar.MustDate("2027-01-04"), "13:30", "19:30", "LLN", "")
	var buf bytes.Buffer
	if err := WriteRoster(&buf, Workbook{Dataset: fx.ds, Roster: fx.roster}); err != nil {
		fmt.Println(err)
		return
	}
	f, _ := excelize.OpenReader(&buf)
	fmt.Println(f.GetSheetList())
	for _, c := range []string{"A4", "E4", "A5", "E5"} {
		v, _ := f.GetCellValue(SheetWeek, c)
		fmt.Printf("%s: %q\n", c, v)
	}
	// Output:
	// [Summary Week Coverage Timeline Staff Ana Martins =HYPERLINK("http___x")]
	// A4: "Ana Martins"
	// E4: "07:30-15:30 LLN\n(break 11:30-12:00)"
	// A5: "=HYPERLINK(\"http://x\")"
	// E5: "13:30-19:30 LLN"
}
