package input_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/input"
)

func ptr[T any](v T) *T { return &v }

// tricky is a dataset with everything a workbook can get wrong: text that looks like a
// formula or a number, accents, a weekly profile, 24:00, an override, bounds on a rule.
func tricky() *planner.Dataset {
	s := planner.DefaultSettings()
	s.PatienceSeconds = 180
	s.Shrinkage = 0.1
	d := calendar.MustDate
	c := calendar.MustClock
	return &planner.Dataset{
		Settings: s,
		Lines: []planner.Line{
			{ID: "LLN", Name: "Louvain-la-Neuve and Brussels", Phone: "+32 10 00 00 10"},
			{ID: "MONS", Name: "=HYPERLINK(\"http://evil.example\",\"Mons\")", Phone: "0065"},
		},
		Staff: []planner.Staff{
			{ID: "u1", Name: "Zoë Łukasz-Müller", Email: "zoe@example.org", Lines: []string{"LLN", "MONS"},
				Status: planner.StatusMentor, Roles: []string{"coordinator", "trainer"}, MinHoursWeek: 30,
				MaxHoursWeek: 38, MaxDaysWeek: 5, MaxHoursDay: 8},
			{ID: "u2", Name: "+cmd", Lines: []string{"LLN"}, Status: planner.StatusTrainee,
				MaxHoursWeek: 12.5, MaxDaysWeek: 3, MaxHoursDay: 6, Productivity: ptr(0.35), TrainingHours: 4},
			{ID: "u3", Name: "@SUM(1)", Lines: []string{"MONS"}, Status: planner.StatusNew,
				MaxHoursWeek: 10, MaxDaysWeek: 2, MaxHoursDay: 7.5, Productivity: ptr(0.0)},
			{ID: "u4", Name: "-2+3", Lines: []string{"MONS"}, Status: planner.StatusQualified,
				MinHoursWeek: 10, MaxHoursWeek: 20, MaxDaysWeek: 6, MaxHoursDay: 8},
		},
		Availability: []planner.Availability{
			{StaffID: "u2", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU", From: c("08:00"), To: c("12:00"), Note: "=1+1"},
			{StaffID: "u2", Kind: planner.Unavailable, FirstDay: d("2027-01-12"), LastDay: d("2027-01-12")},
			{StaffID: "u3", Kind: planner.Prefer, FirstDay: d("2027-01-04"), LastDay: d("2027-01-09"), From: c("13:30"), To: 24 * 60},
			{StaffID: "u4", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=SA", FirstDay: d("2027-01-01"), Note: "never on Saturdays"},
			{StaffID: "u1", Kind: planner.Avoid, RRule: "FREQ=WEEKLY;BYDAY=FR", From: c("17:00"), To: c("19:30")},
		},
		Sessions: []planner.Session{
			{ID: "jun-2026", Name: "June 2026", FirstDay: d("2026-06-01"), LastDay: d("2026-06-27"), ExamDays: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
			{ID: "jan-2027", Name: "January 2027 exams", FirstDay: d("2027-01-04"), LastDay: d("2027-01-30"), ExamDays: planner.DefaultExamDays, Sittings: 41250, Type: "january"},
		},
		Forecast: []planner.ForecastRow{
			{SessionID: "jun-2026", Weekday: time.Monday, Slot: c("07:30"), Line: "LLN", Calls: 3.25, AHT: 355.5},
			{SessionID: "jun-2026", Weekday: time.Saturday, Slot: c("19:00"), Line: "MONS", Calls: 0, AHT: 360, Patience: 200},
			{SessionID: "jan-2027", Date: d("2027-01-04"), Weekday: time.Monday, Slot: c("08:30"), Line: "LLN", Calls: 31, AHT: 362, Patience: 180, DayCV: 0.125, SlotCV: 0.05},
			{SessionID: "jan-2027", Date: d("2027-01-30"), Weekday: time.Saturday, Slot: c("13:30"), Line: "MONS", Calls: 0.1, AHT: 1},
		},
		ShiftTemplates: []planner.ShiftTemplate{
			{Name: "day", EarliestStart: c("07:30"), LatestStart: c("13:30"), StepMinutes: 30, MinMinutes: 180, MaxMinutes: 480,
				BreakMinutes: 30, BreakAfterMinutes: 360, BreakEarliest: c("11:00"), BreakLatest: c("14:30")},
			{Name: "evening", EarliestStart: c("15:30"), LatestStart: c("16:30"), StepMinutes: 60, MinMinutes: 150, MaxMinutes: 240,
				BreakAfterMinutes: 330, BreakEarliest: c("07:30"), BreakLatest: c("19:30")},
		},
		Closures: []planner.Closure{
			{FirstDay: d("2027-01-01"), LastDay: d("2027-01-01"), Note: "New Year's Day"},
			{FirstDay: d("2027-07-19"), LastDay: d("2027-07-23"), Note: "=summer closure"},
		},
		SettingsSet: allKeys(),
	}
}

func allKeys() []string {
	var keys []string
	for _, k := range planner.SettingKeys {
		keys = append(keys, k.Key)
	}
	return keys
}

func writeBook(t testing.TB, ds *planner.Dataset) string {
	t.Helper()
	var buf bytes.Buffer
	if err := input.WriteWorkbook(&buf, ds); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "team.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestWorkbookRoundTrip(t *testing.T) {
	want := tricky()
	got, err := input.ReadWorkbook(writeBook(t, want), nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadWorkbook(WriteWorkbook(ds)) differs (-want +got):\n%s", diff)
	}
}

func TestWriteWorkbookDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := input.WriteWorkbook(&a, tricky()); err != nil {
		t.Fatal(err)
	}
	if err := input.WriteWorkbook(&b, tricky()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two WriteWorkbook calls on the same dataset gave different bytes")
	}
}

// TestTextNeverFormula checks that text that looks like a formula is written as a string
// cell with no formula, and comes back verbatim.
func TestTextNeverFormula(t *testing.T) {
	path := writeBook(t, tricky())
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tc := range []struct{ sheet, cell, want string }{
		{"Lines", "B4", "=HYPERLINK(\"http://evil.example\",\"Mons\")"},
		{"Lines", "C4", "0065"},
		{"Staff", "B4", "+cmd"},
		{"Staff", "B5", "@SUM(1)"},
		{"Staff", "B6", "-2+3"},
		{"Availability", "H3", "=1+1"},
	} {
		formula, err := f.GetCellFormula(tc.sheet, tc.cell)
		if err != nil || formula != "" {
			t.Errorf("%s!%s: formula %q, %v; want none", tc.sheet, tc.cell, formula, err)
		}
		typ, _ := f.GetCellType(tc.sheet, tc.cell)
		if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s!%s: cell type %v, want a string cell", tc.sheet, tc.cell, typ)
		}
		if got, _ := f.GetCellValue(tc.sheet, tc.cell); got != tc.want {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.cell, got, tc.want)
		}
	}
}

// TestRealDatesAndTimes reads a workbook typed in a spreadsheet: dates and times stored as
// numbers in local display formats, a percent, a time typed as text, a formula.
func TestRealDatesAndTimes(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := f.NewSheet("Sessions")
	must(err)
	must(f.SetSheetName("Sheet1", "Staff"))
	must(f.SetSheetRow("Sessions", "A1", &[]any{"ID", "Name", "First Day", "last-day"}))
	must(f.SetCellStr("Sessions", "A2", "jan-2027"))
	must(f.SetCellStr("Sessions", "B2", "January"))
	must(f.SetCellValue("Sessions", "C2", time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellFormula("Sessions", "D2", "C2+26"))
	must(f.SetCellFloat("Sessions", "D2", 46417, -1, 64)) // the cached result
	must(f.SetCellFormula("Sessions", "D2", "C2+26"))
	mdy, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy: displayed 01-04-27
	must(f.SetCellStyle("Sessions", "C2", "D2", mdy))
	hm, _ := f.NewStyle(&excelize.Style{NumFmt: 20}) // h:mm
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9}) // 0%
	must(f.SetSheetRow("Staff", "A1", &[]any{"id", "name", "lines", "status", "max_hours_week", "productivity"}))
	must(f.SetSheetRow("Staff", "A2", &[]any{"u1", "Ann", "LLN", "Trainee", 19.5, 0.456}))
	must(f.SetCellStyle("Staff", "F2", "F2", pct))
	_, err = f.NewSheet("Lines")
	must(err)
	must(f.SetSheetRow("Lines", "A1", &[]any{"id"}))
	must(f.SetSheetRow("Lines", "A2", &[]any{"LLN"}))
	_, err = f.NewSheet("Availability")
	must(err)
	must(f.SetSheetRow("Availability", "A1", &[]any{"staff_id", "kind", "first_day", "from", "to"}))
	must(f.SetSheetRow("Availability", "A2", &[]any{"u1", "unavailable", "2027-01-05", 0.3125, "12:00"}))
	must(f.SetCellStyle("Availability", "D2", "D2", hm))
	path := filepath.Join(t.TempDir(), "typed.xlsx")
	must(f.SaveAs(path))

	got, err := input.ReadWorkbook(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSession := planner.Session{ID: "jan-2027", Name: "January", FirstDay: calendar.MustDate("2027-01-04"),
		LastDay: calendar.MustDate("2027-01-30"), ExamDays: planner.DefaultExamDays}
	if diff := cmp.Diff([]planner.Session{wantSession}, got.Sessions); diff != "" {
		t.Errorf("sessions (-want +got):\n%s", diff)
	}
	wantStaff := planner.Staff{ID: "u1", Name: "Ann", Lines: []string{"LLN"}, Status: planner.StatusTrainee,
		MaxHoursWeek: 19.5, MaxDaysWeek: 5, MaxHoursDay: 8, Productivity: ptr(0.456)}
	if diff := cmp.Diff([]planner.Staff{wantStaff}, got.Staff); diff != "" {
		t.Errorf("staff (-want +got):\n%s", diff)
	}
	wantAv := planner.Availability{StaffID: "u1", Kind: planner.Unavailable, FirstDay: calendar.MustDate("2027-01-05"),
		LastDay: calendar.MustDate("2027-01-05"), From: calendar.MustClock("07:30"), To: calendar.MustClock("12:00")}
	if diff := cmp.Diff([]planner.Availability{wantAv}, got.Availability); diff != "" {
		t.Errorf("availability (-want +got):\n%s", diff)
	}
	if got.Forecast != nil || got.ShiftTemplates != nil || got.SettingsSet != nil {
		t.Errorf("absent tables: got forecast %v, shift templates %v, settings %v; want nil", got.Forecast, got.ShiftTemplates, got.SettingsSet)
	}
}

func writeFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReadDirFormats(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"lines.csv": "\ufeffid;name;phone\nLLN;\"Louvain; Brussels\";+32 10\nMONS;Mons;\n",
		"staff.csv": "# exported from the HR sheet\n" +
			"ID,Name,Lines,Status,Max Hours Week,max-hours-day,productivity\n" +
			"\n" +
			"u1,\"Dupont, Anne\",\"LLN, MONS\",mentor,\"38,5\",7.5,50%\n" +
			",,,,,,\n",
		"shift_templates.csv": "name,earliest_start,latest_start,min_hours,max_hours\nday,7:30,13:30,3,8\n",
		"README.txt":          "not a table",
	})
	got, err := input.ReadDir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &planner.Dataset{
		Settings: planner.DefaultSettings(),
		Lines:    []planner.Line{{ID: "LLN", Name: "Louvain; Brussels", Phone: "+32 10"}, {ID: "MONS", Name: "Mons"}},
		Staff: []planner.Staff{{ID: "u1", Name: "Dupont, Anne", Lines: []string{"LLN", "MONS"}, Status: planner.StatusMentor,
			MaxHoursWeek: 38.5, MaxDaysWeek: 5, MaxHoursDay: 7.5, Productivity: ptr(0.5)}},
		ShiftTemplates: []planner.ShiftTemplate{{Name: "day", EarliestStart: calendar.MustClock("07:30"),
			LatestStart: calendar.MustClock("13:30"), StepMinutes: 30, MinMinutes: 180, MaxMinutes: 480,
			BreakAfterMinutes: 360, BreakEarliest: calendar.MustClock("07:30"), BreakLatest: calendar.MustClock("19:30")}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadDir (-want +got):\n%s", diff)
	}
}

// problems returns the problems of err, failing when err is not an *InputError or a
// problem has no place.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var ie *planner.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *planner.InputError", err, err)
	}
	var out []string
	for _, p := range ie.Problems {
		if p.Place.File == "" {
			t.Errorf("problem %q has no place", p)
		}
		out = append(out, p.String())
	}
	return out
}

const (
	linesCSV    = "id,name\nLLN,Louvain\nMONS,Mons\n"
	staffCSV    = "id,name,lines,status,max_hours_week\nu1,Ann,LLN,qualified,20\nu2,Bob,MONS,trainee,10\n"
	sessionsCSV = "id,name,first_day,last_day\njan-2027,January,2027-01-04,2027-01-30\n"
)

func TestReadDirProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // substrings, one per problem
	}{
		{"status", map[string]string{"lines.csv": linesCSV, "staff.csv": "id,name,lines,status,max_hours_week\nu1,Ann,LLN,traine,20\n"},
			[]string{`staff.csv:2 (status): status "traine" is not one of new, trainee, qualified, mentor`}},
		{"numbers", map[string]string{"lines.csv": linesCSV, "staff.csv": "id,name,lines,status,min_hours_week,max_hours_week,max_days_week,productivity\n" +
			"u1,Ann,LLN,qualified,30,20,5,\nu2,Bob,LLN,qualified,x,20,8,1.5\nu3,Cy,LLN,qualified,41,45,5,\n"},
			[]string{`:2 (min_hours_week): min_hours_week 30 is above max_hours_week 20`,
				`:3 (min_hours_week): min_hours_week: "x" is not a number`,
				`:3 (max_days_week): max_days_week: 8 is outside 1..7`,
				`:3 (productivity): productivity: 1.5 is outside 0..1`,
				`:4 (min_hours_week): min_hours_week 41 cannot be reached in max_days_week 5 of max_hours_day 8`}},
		{"duplicates and empty cells", map[string]string{"lines.csv": linesCSV + "LLN,again\n", "staff.csv": staffCSV + "u1,Ann again,LLN,new,4\nu9,,,new,4\n"},
			[]string{`lines.csv:4 (id): duplicate line id "LLN" (first on row 2)`,
				`staff.csv:4 (id): duplicate staff id "u1" (first on row 2)`,
				`staff.csv:5 (name): required cell is empty`, `staff.csv:5 (lines): required cell is empty`}},
		{"references", map[string]string{"lines.csv": linesCSV, "staff.csv": "id,name,lines,status,max_hours_week\nu1,Ann,\"LLN,lln\",qualified,20\n",
			"availability.csv": "staff_id,kind,first_day\nu1,unavailable,2027-01-05\nghost,unavailable,2027-01-05\n",
			"forecast.csv":     "session_id,date,slot,line,calls,aht_seconds\nnope,2027-01-04,08:30,LLN,10,360\n"},
			[]string{`availability.csv:3 (staff_id): unknown staff id "ghost"`,
				`forecast.csv:2 (session_id): unknown session "nope"`,
				`staff.csv:2 (lines): unknown line "lln": not on the Lines sheet nor in the store (did you mean LLN?)`}},
		{"sessions", map[string]string{"sessions.csv": sessionsCSV + "jan-bis,Bis,2027-01-30,2027-02-06\nback,Back,2027-03-10,2027-03-01\nbad,Bad,2027-02-30,2027-03-01\nlong,Long,2030-01-01,2031-06-01\n"},
			[]string{`sessions.csv:3 (first_day): session "jan-bis" (2027-01-30..2027-02-06) overlaps session "jan-2027" (2027-01-04..2027-01-30, row 2)`,
				`sessions.csv:4 (last_day): last_day 2027-03-01 is before first_day 2027-03-10`,
				`sessions.csv:5 (first_day): date "2027-02-30": February 2027 has 28 days, not 30`,
				`sessions.csv:6 (last_day): session 2030-01-01..2031-06-01 spans 517 days, more than 366`}},
		{"session types", map[string]string{"sessions.csv": "id,first_day,last_day,type\nj,2027-01-04,2027-01-30, June \nk,2027-02-04,2027-02-05,resit session\n"},
			[]string{`sessions.csv:3 (type): session type "resit session": only letters, digits, - and _ (e.g. january, june, august-september)`}},
		{"forecast spread", map[string]string{"lines.csv": linesCSV, "sessions.csv": sessionsCSV, "forecast.csv": "session_id,date,slot,line,calls,aht_seconds,day_cv,slot_cv\n" +
			"jan-2027,2027-01-04,08:30,LLN,1,360,-0.1,x\njan-2027,2027-01-04,09:00,LLN,1,360,0.1,11\n"},
			[]string{`forecast.csv:2 (day_cv): day_cv: -0.1 is outside 0..10`, `forecast.csv:2 (slot_cv): slot_cv: "x" is not a number`,
				`forecast.csv:3 (slot_cv): slot_cv: 11 is outside 0..10`}},
		{"forecast", map[string]string{"lines.csv": linesCSV, "sessions.csv": sessionsCSV, "forecast.csv": "session_id,date,weekday,slot,line,calls,aht_seconds\n" +
			"jan-2027,2027-01-04,,19:30,LLN,1,360\njan-2027,2027-01-04,,08:15,LLN,1,360\njan-2027,2027-01-10,,08:30,LLN,1,360\n" +
			"jan-2027,2027-02-01,,08:30,LLN,1,360\njan-2027,,,08:30,LLN,1,360\njan-2027,2027-01-04,TU,08:30,LLN,1,360\n" +
			"jan-2027,,su,08:30,LLN,1,360\njan-2027,,xx,08:30,LLN,-1,0\njan-2027,2027-01-05,,09:00,MONS,1,360\njan-2027,2027-01-05,tue,09:00,MONS,2,360\n"},
			[]string{`forecast.csv:2 (slot): slot 19:30 is outside opening hours 07:30-19:30`,
				`forecast.csv:3 (slot): slot 08:15 is not on the 30-minute slot grid`,
				`forecast.csv:4 (date): date 2027-01-10 is a Sunday: the desk is closed (open_days MO,TU,WE,TH,FR,SA)`,
				`forecast.csv:5 (date): date 2027-02-01 is outside session "jan-2027" (2027-01-04..2027-01-30)`,
				`forecast.csv:6 (date): give a date or a weekday`,
				`forecast.csv:7 (weekday): weekday TU does not match date 2027-01-04, a Monday`,
				`forecast.csv:8 (weekday): the desk is closed on SU`,
				`forecast.csv:9 (weekday): weekday "xx" is not one of`,
				`forecast.csv:9 (calls): calls: -1 is outside 0..100000`,
				`forecast.csv:9 (aht_seconds): aht_seconds: 0 is outside 1..7200`,
				`forecast.csv:11 (slot): duplicate forecast row (session, day, slot, line) "jan-2027 2027-01-05 09:00 MONS" (first on row 10)`}},
		{"availability", map[string]string{"lines.csv": linesCSV, "staff.csv": staffCSV, "availability.csv": "staff_id,kind,rrule,first_day,last_day,from,to,note\n" +
			"u1,busy,,2027-01-05,,,,\nu1,unavailable,FREQ=FORTNIGHTLY,,,,,\nu1,unavailable,BYDAY=TU,,,,,\nu1,avoid,,,,,,\nu1,avoid,,,2027-01-05,,,\n" +
			"u1,prefer,,2027-01-06,2027-01-05,,,\nu1,prefer,,2027-01-06,,08:10,25:00,\nu1,prefer,,2027-01-06,,12:00,08:00,\n"},
			[]string{`availability.csv:2 (kind): kind "busy" is not one of available, unavailable, prefer, avoid`,
				`availability.csv:3 (rrule): RRULE "FREQ=FORTNIGHTLY": FREQ "FORTNIGHTLY" is not one of DAILY, WEEKLY, MONTHLY, YEARLY`,
				`availability.csv:4 (rrule): RRULE "BYDAY=TU": FREQ is missing`,
				`availability.csv:5 (rrule): give an rrule, a date (first_day) or a date range`,
				`availability.csv:6 (first_day): last_day 2027-01-05 is given without a first_day`,
				`availability.csv:7 (last_day): last_day 2027-01-05 is before first_day 2027-01-06`,
				`availability.csv:8 (from): time 08:10 is not on the 30-minute slot grid`,
				`availability.csv:8 (to): time "25:00" is out of range`,
				`availability.csv:9 (to): to 08:00 is not after from 12:00`}},
		{"settings", map[string]string{"settings.csv": "key,value\nopen_time,19:30\nslot_minutes,7\ncolour,blue\nopen_time,07:00\nshrinkage,\n"},
			[]string{`settings.csv:3 (value): setting slot_minutes = "7": 7 does not divide an hour`,
				`settings.csv:4 (key): unknown setting "colour"`,
				`settings.csv:5 (key): duplicate setting "open_time" (first on row 2)`,
				`settings.csv:6 (value): required cell is empty`,
				`settings.csv:2 (value): close_time 19:30 is not after open_time 19:30`}},
		{"shift templates", map[string]string{"shifttemplates.csv": "name,earliest_start,latest_start,step_minutes,min_hours,max_hours,break_minutes,break_earliest,break_latest\n" +
			"a,13:30,07:30,45,9,8,20,12:00,12:00\nb,06:00,20:00,30,2.75,8,60,11:00,11:30\n"},
			[]string{`:2 (latest_start): latest_start 07:30 is before earliest_start 13:30`,
				`:2 (step_minutes): step_minutes 45 is not a multiple of the 30-minute slot`,
				`:2 (min_hours): min_hours 9 is above max_hours 8`,
				`:2 (break_minutes): break_minutes 20 is not a multiple of the 30-minute slot`,
				`:2 (break_latest): break_latest 12:00 is not after break_earliest 12:00`,
				`:3 (earliest_start): earliest_start 06:00 is before opening time 07:30`,
				`:3 (min_hours): min_hours: 2.75 hours is not a whole number of 30-minute slots`,
				`:3 (break_latest): the break window 11:00-11:30 is shorter than break_minutes 60`}},
		{"layout", map[string]string{"staff.csv": "id,name,nickname,lines,status\nu1,Ann,A,LLN,new\n", "teams.csv": "x\n",
			"lines.csv": "id,,name\nLLN,oops,Louvain\n"},
			[]string{`lines.csv:2: value "oops" is in a column without a header`,
				`staff.csv:1: unknown column "nickname" in Staff`,
				`staff.csv:1: missing column "max_hours_week" (required in Staff)`,
				`teams.csv: unknown table file "teams.csv"`}},
		{"not UTF-8", map[string]string{"lines.csv": "id,name\nLLN,Li\xe8ge\n"}, []string{`lines.csv:2: not UTF-8 text`}},
		{"no table", map[string]string{"notes.txt": "x"}, []string{`no table file in the folder`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			ds, err := input.ReadDir(dir, nil)
			if err == nil {
				t.Fatalf("ReadDir = %+v, nil; want problems %q", ds, tc.want)
			}
			if ds != nil {
				t.Errorf("ReadDir returned a dataset with its error")
			}
			got := problems(t, err)
			if len(got) != len(tc.want) {
				t.Errorf("got %d problems, want %d:\n  %s", len(got), len(tc.want), strings.Join(got, "\n  "))
			}
			for _, w := range tc.want {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
					t.Errorf("no problem contains %q; got:\n  %s", w, strings.Join(got, "\n  "))
				}
			}
		})
	}
}

// TestWorkbookPlace checks the place format of a workbook problem.
func TestWorkbookPlace(t *testing.T) {
	ds := tricky()
	ds.Staff[2].Status = "traine"
	_, err := input.ReadWorkbook(writeBook(t, ds), nil)
	got := problems(t, err)
	want := `team.xlsx: Staff!E5 (status): status "traine" is not one of new, trainee, qualified, mentor`
	if len(got) != 1 || !strings.HasSuffix(got[0], want) {
		t.Errorf("problems = %q, want one ending %q", got, want)
	}
}

func TestManyProblemsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,name,lines,status,max_hours_week\n")
	for range 80 {
		b.WriteString("u1,,LLN,traine,99\n")
	}
	_, err := input.ReadDir(writeFiles(t, map[string]string{"lines.csv": linesCSV, "staff.csv": b.String()}), nil)
	var ie *planner.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an InputError", err)
	}
	// Per row: the name, the status and the hours; and every row but the first a duplicate.
	if ie.Len() != 80+79 && ie.Len() != 3*80+0 {
		t.Logf("problems: %d", ie.Len())
	}
	if len(ie.Problems) != planner.MaxProblems || ie.Dropped != ie.Len()-planner.MaxProblems || ie.Dropped == 0 {
		t.Errorf("listed %d, dropped %d; want %d listed and the rest dropped", len(ie.Problems), ie.Dropped, planner.MaxProblems)
	}
}

// TestKnown checks references against what the store holds, and settings merged over it.
func TestKnown(t *testing.T) {
	known := tricky()
	known.Settings.SlotMinutes = 15
	files := map[string]string{
		"availability.csv": "staff_id,kind,first_day\nu4,unavailable,2027-01-05\n",
		"forecast.csv":     "session_id,date,slot,line,calls,aht_seconds\njan-2027,2027-01-05,08:15,MONS,4,300\n",
		"sessions.csv":     "id,first_day,last_day\njun-2026,2026-06-08,2026-06-30\nsep-2027,2027-01-20,2027-02-05\n",
	}
	_, err := input.ReadDir(writeFiles(t, files), known)
	got := problems(t, err)
	want := []string{`sessions.csv:3 (first_day): session "sep-2027" (2027-01-20..2027-02-05) overlaps stored session "jan-2027" (2027-01-04..2027-01-30)`}
	if diff := cmp.Diff(want, trimPaths(got)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	// Without the overlap, everything resolves against known; jun-2026 replaces the stored
	// one, so it does not overlap itself.
	files["sessions.csv"] = "id,first_day,last_day\njun-2026,2026-06-08,2026-06-30\n"
	ds, err := input.ReadDir(writeFiles(t, files), known)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Staff != nil || ds.Lines != nil || ds.SettingsSet != nil || len(ds.Forecast) != 1 || ds.Settings.SlotMinutes != 15 {
		t.Errorf("ReadDir = %+v; want only availability, sessions and forecast, with known's settings", ds)
	}
	// The file's settings apply over known's: a 30-minute grid rejects 08:15.
	files["settings.csv"] = "key,value\nslot_minutes,30\n"
	_, err = input.ReadDir(writeFiles(t, files), known)
	got = problems(t, err)
	if len(got) != 1 || !strings.Contains(got[0], "slot 08:15 is not on the 30-minute slot grid") {
		t.Errorf("problems = %q; want the 08:15 slot off the 30-minute grid", got)
	}
}

func trimPaths(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = filepath.Base(p)
	}
	return out
}

func TestReadDispatch(t *testing.T) {
	dir := writeFiles(t, map[string]string{"lines.csv": linesCSV})
	if ds, err := input.Read(dir, nil); err != nil || len(ds.Lines) != 2 {
		t.Errorf("Read(dir) = %v, %v; want 2 lines", ds, err)
	}
	if ds, err := input.Read(writeBook(t, tricky()), nil); err != nil || len(ds.Staff) != 4 {
		t.Errorf("Read(workbook) = %v, %v; want 4 staff", ds, err)
	}
	for _, bad := range []string{filepath.Join(dir, "missing.xlsx"), filepath.Join(dir, "lines.csv")} {
		_, err := input.Read(bad, nil)
		if got := problems(t, err); len(got) != 1 {
			t.Errorf("Read(%s) problems = %q, want 1", bad, got)
		}
	}
}

func TestWorkbookLayout(t *testing.T) {
	f := excelize.NewFile()
	f.Close()
	path := writeBook(t, tricky())
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wantSheets := []string{"Settings", "Lines", "Staff", "Availability", "Sessions", "Forecast", "ShiftTemplates", "Closures", input.ListsSheet}
	if diff := cmp.Diff(wantSheets, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	// Unknown or empty sheets: an empty one is ignored, a filled one is an error.
	_, _ = f.NewSheet("Sheet2")
	_, _ = f.NewSheet("Notes")
	_ = f.SetCellStr("Notes", "B2", "call Anne")
	extra := filepath.Join(t.TempDir(), "extra.xlsx")
	if err := f.SaveAs(extra); err != nil {
		t.Fatal(err)
	}
	_, err = input.ReadWorkbook(extra, nil)
	if got := problems(t, err); len(got) != 1 || !strings.Contains(got[0], `extra.xlsx: Notes: unknown sheet "Notes"`) {
		t.Errorf("problems = %q, want the Notes sheet only", got)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	want := tricky()
	dir := filepath.Join(t.TempDir(), "team")
	if err := input.WriteDir(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := input.ReadDir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadDir(WriteDir(ds)) differs (-want +got):\n%s", diff)
	}
}

// TestBadSamples reads every sample of testdata/bad (a folder of CSV files, or a workbook)
// and expects exactly the problems listed in its want.txt.
func TestBadSamples(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "bad")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		path := filepath.Join(root, e.Name())
		var wantFile string
		switch {
		case e.IsDir():
			wantFile = filepath.Join(path, "want.txt")
		case strings.HasSuffix(e.Name(), ".xlsx"):
			wantFile = strings.TrimSuffix(path, ".xlsx") + ".want.txt"
		default:
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			b, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Split(strings.TrimSpace(string(b)), "\n")
			_, err = input.Read(path, nil)
			got := problems(t, err)
			if len(got) != len(want) {
				t.Errorf("got %d problems, want %d:\n  %s", len(got), len(want), strings.Join(got, "\n  "))
			}
			for _, w := range want {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
					t.Errorf("no problem contains %q; got:\n  %s", w, strings.Join(got, "\n  "))
				}
			}
		})
	}
	if n < 10 {
		t.Errorf("found %d bad samples, want at least 10", n)
	}
}
