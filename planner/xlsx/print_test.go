package xlsx

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
)

// TestRosterSheetsPrint checks that every sheet of the manager's workbook and of a person's
// own workbook prints landscape, one page wide, with a page header and footer, the header
// rows of the long sheets repeated on every page.
func TestRosterSheetsPrint(t *testing.T) {
	_, f, _ := demoWorkbook(t)
	titles := map[string]string{
		SheetWeek:     fmt.Sprintf("'Week'!$1:$%d", weekHeaderRow),
		SheetCoverage: "'Coverage'!$1:$1",
		SheetTimeline: "'Timeline'!$1:$3",
		SheetStaff:    "'Staff'!$1:$1",
	}
	for _, sheet := range f.GetSheetList() {
		checkSheetPrint(t, f, sheet, titles[sheet])
	}
	fx := demoFixture()
	paths, err := WriteStaffFiles(t.TempDir(), fx.workbook())
	if err != nil {
		t.Fatal(err)
	}
	pf := open(t, paths[0])
	for _, sheet := range pf.GetSheetList() {
		checkSheetPrint(t, pf, sheet, "")
	}
}

// TestWeekSheetOpenDays checks that the Week sheet has a column for each day the desk opens,
// and none for a weekday it never opens (Sunday by default) unless someone works then.
func TestWeekSheetOpenDays(t *testing.T) {
	for _, c := range []struct {
		name     string
		openSun  bool
		workSun  bool
		wantDays int
	}{
		{"closed on Sundays", false, false, 6},
		{"open on Sundays", true, false, 7},
		{"closed, but a shift on Sunday", false, true, 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture("2027-01-04", 7)
			if c.openSun {
				fx.ds.Settings.OpenDays = append(fx.ds.Settings.OpenDays, time.Sunday)
			}
			fx.staff("a", "Ann", planner.StatusQualified, "LLN")
			fx.shift("a", fx.roster.From, "07:30", "13:30", "LLN", "")
			if c.workSun {
				fx.shift("a", fx.roster.From.AddDays(6), "09:00", "12:00", "LLN", "")
			}
			f := open(t, writeFile(t, fx.workbook()))
			rows, err := f.GetRows(SheetWeek)
			if err != nil {
				t.Fatal(err)
			}
			header := rows[weekHeaderRow-1]
			days := 0
			for _, h := range header {
				if _, ok := headerDate(h); ok {
					days++
				}
			}
			if days != c.wantDays || slices.Contains(header, "Sun\n2027-01-10") != (c.wantDays == 7) {
				t.Errorf("header %q: %d day columns, want %d", header, days, c.wantDays)
			}
			// Hours, the contract's bounds and the hours outside it, each in a cell of its own
			if want := []string{"Hours", "Contract\nat least", "Contract\nat most", "Hours outside\ncontract"}; !slices.Equal(header[len(header)-4:], want) {
				t.Errorf("last columns %q, want %q", header[len(header)-4:], want)
			}
		})
	}
}

// TestSummaryLines checks the Summary sheet's table of the service per line, a line below
// the target marked.
func TestSummaryLines(t *testing.T) {
	fx := demoFixture()
	rep := *fx.reportV
	rep.Lines = []planner.LineReport{
		{Line: "LLN", Calls: 300, ServiceLevel: 0.91},
		{Line: "MONS", Calls: 100, ServiceLevel: 0.62, SlotsUnanswered: 2},
	}
	in := fx.workbook()
	in.Report = &rep
	var buf bytes.Buffer
	if err := WriteRoster(&buf, in); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "Per line" })
	if at < 0 || at+3 >= len(rows) {
		t.Fatalf("no Per line table on the Summary sheet")
	}
	if h := strings.Join(rows[at+1], "|"); !strings.HasPrefix(h, "Line||Calls|Service level") {
		t.Errorf("Per line header %q", h)
	}
	lln, mons := rows[at+2], rows[at+3]
	if lln[0] != "LLN" || lln[7] != "met" {
		t.Errorf("LLN row %q, want the target met", lln)
	}
	if mons[0] != "MONS" || mons[3] != "62.0%" || mons[7] != "FAR BELOW TARGET" {
		t.Errorf("MONS row %q, want 62.0%% and FAR BELOW TARGET", mons)
	}
	if got := fillOf(t, f, SheetSummary, ref(4, at+4)); got != colourShort {
		t.Errorf("MONS service fill %s, want %s", got, colourShort)
	}
}

// TestMentorOfManyFits checks that a mentor beside many trainees has rows tall enough for the
// names, on the Timeline and on the mentor's own sheet: the text wraps in its cell and never
// spills over the grid.
func TestMentorOfManyFits(t *testing.T) {
	fx := newFixture("2027-01-04", 1)
	fx.staff("m", "Marguerite Vandenberghe", planner.StatusMentor, "LLN")
	fx.shift("m", fx.roster.From, "07:30", "15:30", "LLN", "")
	names := []string{"Alexandre Dumoulin", "Bérénice Vanderstraeten", "Christophe Lemaire", "Dominique Van Acker"}
	for i, n := range names {
		id := fmt.Sprintf("t%d", i)
		fx.staff(id, n, planner.StatusTrainee, "LLN")
		fx.shift(id, fx.roster.From, "08:00", "12:00", "LLN", "")
	}
	fx.ds.Settings.MaxTraineesPerMentor = 4
	f := open(t, writeFile(t, fx.workbook()))
	r := findRow(t, f, SheetTimeline, 1, "Marguerite Vandenberghe")
	with, _ := f.GetCellValue(SheetTimeline, ref(4, r))
	if !strings.Contains(with, names[3]) {
		t.Fatalf("With = %q, want all four trainees", with)
	}
	if h, _ := f.GetRowHeight(SheetTimeline, r); h < 30 {
		t.Errorf("Timeline row of the mentor is %.0f points high, too low for %q", h, with)
	}
	sheet := "Marguerite Vandenberghe"
	r = findRow(t, f, sheet, 2, "Mon")
	pair, _ := f.GetCellValue(sheet, ref(8, r))
	if !strings.HasPrefix(pair, "trainees: ") {
		t.Fatalf("mentor's Mentor / trainees cell = %q", pair)
	}
	if h, _ := f.GetRowHeight(sheet, r); h < 40 {
		t.Errorf("the mentor's shift row is %.0f points high, too low for %q", h, pair)
	}
}
