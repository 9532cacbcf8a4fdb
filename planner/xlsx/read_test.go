package xlsx

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/rules"
)

// normalized returns r's shifts sorted, with a pooled shift of a one-line person written as
// that line (the Week sheet shows both the same way).
func normalized(ds *planner.Dataset, shifts []planner.Shift) []planner.Shift {
	out := slices.Clone(shifts)
	for i := range out {
		if s, ok := ds.StaffByID(out[i].StaffID); ok && out[i].Line == planner.PooledLine && len(s.Lines) == 1 {
			out[i].Line = s.Lines[0]
		}
	}
	planner.SortShifts(out)
	return out
}

func TestReadRosterRoundTrip(t *testing.T) {
	fx := demoFixture()
	path := writeFile(t, fx.workbook())
	got, err := ReadRoster(path, fx.ds)
	if err != nil {
		t.Fatalf("ReadRoster: %v", err)
	}
	want := fx.roster
	if diff := cmp.Diff(normalized(fx.ds, want.Shifts), normalized(fx.ds, got.Shifts)); diff != "" {
		t.Errorf("shifts read back differ (-written +read):\n%s", diff)
	}
	if got.SessionID != want.SessionID || got.Version != want.Version || got.Seed != want.Seed ||
		got.Method != want.Method || got.Status != want.Status || got.From != want.From || got.To != want.To {
		t.Errorf("roster read back = v%d %s %s..%s seed %d %s %s, want v%d %s %s..%s seed %d %s %s",
			got.Version, got.SessionID, got.From, got.To, got.Seed, got.Method, got.Status,
			want.Version, want.SessionID, want.From, want.To, want.Seed, want.Method, want.Status)
	}
	// The rules the workbook's roster breaks are those of the roster written.
	if diff := cmp.Diff(rules.Check(fx.ds, want), rules.Check(fx.ds, got)); diff != "" {
		t.Errorf("Check of the roster read back differs (-written +read):\n%s", diff)
	}
}

func TestReadRosterScenarioAndPooled(t *testing.T) {
	fx := newFixture("2027-01-04", 6)
	fx.staff("a", "Ann", planner.StatusMentor, "LLN", "MONS")
	fx.staff("b", "Bob", planner.StatusQualified, "MONS")
	day := calendar.MustDate("2027-01-05")
	fx.shift("a", day, "07:30", "15:30", planner.PooledLine, "11:30-12:00")
	fx.shift("a", day.AddDays(1), "07:30", "13:30", "MONS", "")
	fx.shift("b", day, "13:30", "19:30", "MONS", "")
	fx.roster.Scenario = "plus20"
	fx.roster.Status = planner.Published
	path := writeFile(t, fx.workbook())
	rf, err := OpenRoster(path)
	if err != nil {
		t.Fatal(err)
	}
	if rf.Scenario() != "plus20" {
		t.Errorf("Scenario() = %q, want plus20", rf.Scenario())
	}
	got, err := rf.Roster(fx.ds)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(normalized(fx.ds, fx.roster.Shifts), got.Shifts); diff != "" {
		t.Errorf("shifts (-want +got):\n%s", diff)
	}
	if got.Status != planner.Published {
		t.Errorf("status = %q, want published", got.Status)
	}
	p, ok := rf.Place("b", day, false)
	if !ok || p.String() != path+": Week!F5 (Tue 2027-01-05)" {
		t.Errorf("Place(b, %s) = %v, %v; want Week!F5", day, p, ok)
	}
	if p, ok := rf.Place("a", day.Monday(), true); !ok || p.Col != "K" || p.Row != 4 {
		t.Errorf("Place(a, week) = %v, %v; want the Hours cell K4", p, ok)
	}
	if p, ok := rf.Place("", day, false); !ok || p.Row != weekHeaderRow || p.Col != "F" {
		t.Errorf("Place(desk, %s) = %v; want the header F3", day, p)
	}
}

// editWeek writes text into the Week cells of a roster workbook (cell -> text).
func editWeek(t *testing.T, path string, cells map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for c, text := range cells {
		if err := f.SetCellStr(SheetWeek, c, text); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

func TestReadRosterEditedCells(t *testing.T) {
	fx := newFixture("2027-01-04", 7)
	fx.staff("a", "Ann", planner.StatusMentor, "LLN", "MONS")
	fx.staff("b", "Bob", planner.StatusTrainee, "LLN")
	fx.shift("a", calendar.MustDate("2027-01-04"), "07:30", "13:30", "LLN", "")
	path := writeFile(t, fx.workbook())
	// Row 4 is Ann, row 5 Bob; E is Monday ... J Saturday (the desk never opens on Sundays:
	// no column).
	editWeek(t, path, map[string]string{
		"E4": "",                                     // Monday off now
		"F4": " 7:30 - 13:30  lln ",                  // spaces, one-digit hour, lower case
		"G4": "08:00-12:00 MONS (break 10:00-10:30)", // break on the same line
		"H4": "9h-17h30 LLN + MONS\n(Break 12:00-12:30)",
		"I4": "13:30–19:30 MONS\ncoordinator 13:30-19:30", // en dash; the coordinator's note
		"J5": "10.00-14.00",                               // no line: the person's lines
		"I5": "06:00-09:00 LLN\n",                         // before opening: Check's business, not the reader's
	})
	got, err := ReadRoster(path, fx.ds)
	if err != nil {
		t.Fatalf("ReadRoster: %v", err)
	}
	d := func(s string) calendar.Date { return calendar.MustDate(s) }
	want := []planner.Shift{
		{StaffID: "a", Date: d("2027-01-05"), Start: clk("07:30"), End: clk("13:30"), Line: "LLN"},
		{StaffID: "a", Date: d("2027-01-06"), Start: clk("08:00"), End: clk("12:00"), Line: "MONS", BreakStart: clk("10:00"), BreakEnd: clk("10:30")},
		{StaffID: "a", Date: d("2027-01-07"), Start: clk("09:00"), End: clk("17:30"), Line: planner.PooledLine, BreakStart: clk("12:00"), BreakEnd: clk("12:30")},
		{StaffID: "a", Date: d("2027-01-08"), Start: clk("13:30"), End: clk("19:30"), Line: "MONS"},
		{StaffID: "b", Date: d("2027-01-09"), Start: clk("10:00"), End: clk("14:00"), Line: planner.PooledLine},
		{StaffID: "b", Date: d("2027-01-08"), Start: clk("06:00"), End: clk("09:00"), Line: "LLN"},
	}
	planner.SortShifts(want)
	if diff := cmp.Diff(want, got.Shifts); diff != "" {
		t.Errorf("shifts (-want +got):\n%s", diff)
	}
	if got.From != d("2027-01-04") || got.To != d("2027-01-10") {
		t.Errorf("horizon %s to %s, want the Summary's 2027-01-04 to 2027-01-10 (Sunday has no column)", got.From, got.To)
	}
	broken := map[string]bool{}
	for _, v := range rules.Check(fx.ds, got) {
		broken[v.Rule] = true
	}
	for _, r := range []string{rules.RuleOpening, rules.RuleMentor} {
		if !broken[r] {
			t.Errorf("Check of the edited roster has no %s violation: %v", r, broken)
		}
	}
}

func TestReadRosterProblems(t *testing.T) {
	fx := newFixture("2027-01-04", 7)
	fx.staff("a", "Ann", planner.StatusMentor, "LLN")
	fx.staff("b", "Bob", planner.StatusQualified, "LLN")
	path := writeFile(t, fx.workbook())
	editWeek(t, path, map[string]string{
		"E4": "7h30 to noon",
		"F4": "13:30-07:30 LLN",
		"G4": "07:30-13:30 NAMUR",
		"H4": "07:30-13:30 LLN\n(break 14:00-14:30)",
		"B5": "zed",
		"A6": "Someone new", "E6": "07:30-13:30 LLN",
		"B7": "a", "F7": "07:30-13:30 LLN",
	})
	_, err := ReadRoster(path, fx.ds)
	var ie *planner.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("ReadRoster = %v, want a *planner.InputError", err)
	}
	var got []string
	for _, p := range ie.Problems {
		got = append(got, strings.TrimPrefix(p.String(), path+": "))
	}
	want := []string{
		`Week!E4 (Mon 2027-01-04): shift "7h30 to noon" is not of the form HH:MM-HH:MM LINE (e.g. 07:30-13:30 LLN)`,
		`Week!F4 (Tue 2027-01-05): shift 13:30-07:30 ends before it starts`,
		`Week!G4 (Wed 2027-01-06): "07:30-13:30 NAMUR": "NAMUR" is not a line (lines: LLN, MONS)`,
		`Week!H4 (Thu 2027-01-07): break 14:00-14:30 is outside the shift 07:30-13:30`,
		`Week!B5 (ID): unknown staff id "zed" (not in the store)`,
		`Week!B6 (ID): the row has shifts but no staff id`,
		`Week!B7 (ID): staff a is on row 4 already`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestOpenRosterNotARoster(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	path := dir + "/plain.xlsx"
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{path, "plain.xlsx: Week: no Week sheet"},
		{dir + "/missing.xlsx", "missing.xlsx: cannot read"},
	} {
		_, err := OpenRoster(tc.path)
		var ie *planner.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("OpenRoster(%s) = %v, want an InputError with %q", tc.path, err, tc.want)
		}
	}
}

func TestParseShiftCell(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // shifts as "start-end lines [break]" joined by "; ", or "error"
	}{
		{"", ""},
		{"   \n ", ""},
		{"07:30-13:30 LLN", "07:30-13:30 [LLN] -"},
		{"7:30-13:30 LLN", "07:30-13:30 [LLN] -"},
		{"07:30 -13:30LLN", "07:30-13:30 [LLN] -"},
		{"7-13 LLN", "07:00-13:00 [LLN] -"},
		{"7h30-13h LLN", "07:30-13:00 [LLN] -"},
		{"LLN 07:30-13:30", "error"},
		{"07:30-13:30 LLN+MONS", "07:30-13:30 [LLN MONS] -"},
		{"07:30-13:30 LLN, MONS", "07:30-13:30 [LLN MONS] -"},
		{"07:30-13:30 all lines", "07:30-13:30 [] -"},
		{"08:00-12:00 MONS (break 10:00-10:30)", "08:00-12:00 [MONS] 10:00-10:30"},
		{"08:00-16:00 MONS\n(break 12:00-12:30)", "08:00-16:00 [MONS] 12:00-12:30"},
		{"08:00-16:00 MONS\r\nBREAK: 12:00 - 12:30", "08:00-16:00 [MONS] 12:00-12:30"},
		{"07:30-11:00 LLN\n15:00-19:30 LLN", "07:30-11:00 [LLN] -; 15:00-19:30 [LLN] -"},
		{"(break 10:00-10:30)", "error"},
		{"08:00-12:00 MONS (break 10:00-10:30)\n(break 11:00-11:30)", "error"},
		{"08:00-12:00 MONS (break 11:00-10:30)", "error"},
		{"08:00-12:00 MONS (break 12:00-12:30)", "error"},
		{"12:00-08:00 MONS", "error"},
		{"08:00-25:00 MONS", "error"},
		{"08:61-12:00 MONS", "error"},
		{"7h30 to noon", "error"},
		{"off", "error"},
		{"0.3125", "error"},
	} {
		got, err := ParseShiftCell(tc.in)
		var parts []string
		for _, s := range got {
			brk := "-"
			if s.BreakEnd > s.BreakStart {
				brk = s.BreakStart.String() + "-" + s.BreakEnd.String()
			}
			parts = append(parts, s.Start.String()+"-"+s.End.String()+" ["+strings.Join(s.Lines, " ")+"] "+brk)
		}
		text := strings.Join(parts, "; ")
		if err != nil {
			text = "error"
		}
		if text != tc.want {
			t.Errorf("ParseShiftCell(%q) = %q (err %v), want %q", tc.in, text, err, tc.want)
		}
	}
}

// FuzzParseShiftCell checks that the parser never panics, that what it accepts is a valid
// shift, and that the text the Week sheet would show for it parses back to the same shift.
func FuzzParseShiftCell(f *testing.F) {
	for _, s := range []string{"07:30-13:30 LLN", "08:00-12:00 MONS (break 10:00-10:30)", "LLN+MONS",
		"9h-17h30 LLN + MONS\n(Break 12:00-12:30)", "7h30 to noon", "", "13:30–19:30 MONS", "7-13"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := ParseShiftCell(text)
		if err != nil {
			return
		}
		for _, s := range got {
			if s.End <= s.Start || s.End > 24*60 {
				t.Fatalf("ParseShiftCell(%q) gave shift %s-%s", text, s.Start, s.End)
			}
			if s.BreakEnd > s.BreakStart && (s.BreakStart < s.Start || s.BreakEnd > s.End) {
				t.Fatalf("ParseShiftCell(%q) gave break %s-%s outside %s-%s", text, s.BreakStart, s.BreakEnd, s.Start, s.End)
			}
			for _, l := range s.Lines {
				if l == "" || strings.ContainsAny(l, "+,/ \n") {
					t.Fatalf("ParseShiftCell(%q) gave line word %q", text, l)
				}
			}
		}
		// Written back as WriteRoster writes it, it reads the same.
		var lines []string
		for _, s := range got {
			ln := s.Start.String() + "-" + s.End.String() + " " + strings.Join(s.Lines, "+")
			if s.BreakEnd > s.BreakStart {
				ln += "\n(break " + s.BreakStart.String() + "-" + s.BreakEnd.String() + ")"
			}
			lines = append(lines, ln)
		}
		again, err := ParseShiftCell(strings.Join(lines, "\n"))
		if err != nil {
			t.Fatalf("ParseShiftCell(%q) = %v, but its text %q does not parse: %v", text, got, lines, err)
		}
		if diff := cmp.Diff(got, again, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
			t.Fatalf("ParseShiftCell(%q) then again (-first +again):\n%s", text, diff)
		}
	})
}

func BenchmarkReadRoster2000(b *testing.B) {
	fx := bigFixture(2000, 1)
	in := fx.workbook()
	in.Options.NoPersonSheets = true
	path := writeFile(b, in)
	for b.Loop() {
		if _, err := ReadRoster(path, fx.ds); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadRosterAfterLibreOffice saves the demo workbook again with LibreOffice, as a person
// editing it there would, and reads the same shifts back. It needs libreoffice (see
// TestLibreOfficePDF).
func TestReadRosterAfterLibreOffice(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Skip("libreoffice is not on PATH: install libreoffice-calc to run this test")
	}
	skipWithoutLibreOfficeRuns(t)
	fx := demoFixture()
	path := writeFile(t, fx.workbook())
	out := t.TempDir()
	profile := filepath.Join(os.TempDir(), "deskplan-test-libreoffice-read-profile")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, lo, "-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, path)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, msg)
	}
	got, err := ReadRoster(filepath.Join(out, filepath.Base(path)), fx.ds)
	if err != nil {
		t.Fatalf("ReadRoster of the workbook saved by LibreOffice: %v", err)
	}
	if diff := cmp.Diff(normalized(fx.ds, fx.roster.Shifts), normalized(fx.ds, got.Shifts)); diff != "" {
		t.Errorf("shifts after LibreOffice (-written +read):\n%s", diff)
	}
	if got.Version != fx.roster.Version || got.SessionID != fx.roster.SessionID || got.Seed != fx.roster.Seed {
		t.Errorf("roster after LibreOffice = v%d %s seed %d, want v%d %s seed %d", got.Version, got.SessionID, got.Seed,
			fx.roster.Version, fx.roster.SessionID, fx.roster.Seed)
	}
}
