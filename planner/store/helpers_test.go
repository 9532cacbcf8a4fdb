package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// newStore initialises a store in a fresh temporary folder.
func newStore(t testing.TB) *Store {
	t.Helper()
	s, err := Init(context.Background(), filepath.Join(t.TempDir(), "deskplan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ptr[T any](v T) *T { return &v }

// allSettings marks every settings key as given.
func allSettings() []string {
	keys := make([]string, len(planner.SettingKeys))
	for i, k := range planner.SettingKeys {
		keys[i] = k.Key
	}
	return keys
}

// fullDataset returns a dataset that uses every table and field, in the order Dataset returns
// rows, with forecastDays days of dated forecast (15-minute slots, two lines) for the first
// session and a weekly profile for the second.
func fullDataset(forecastDays int) *planner.Dataset {
	set := planner.DefaultSettings()
	set.SlotMinutes = 15
	set.Shrinkage = 0.1
	set.PatienceSeconds = 180
	set.MaxOccupancy = 0.9
	ds := &planner.Dataset{
		Settings:    set,
		SettingsSet: allSettings(),
		Lines: []planner.Line{
			{ID: "MONS", Name: "Mons and Charleroi", Phone: "+32 65 37 00 00"},
			{ID: "LLN", Name: "Louvain-la-Neuve and Brussels", Phone: "+32 10 47 82 82"},
		},
		Staff: []planner.Staff{
			{ID: "ana", Name: "Ana Lopez", Email: "ana@example.org", Lines: []string{"LLN", "MONS"},
				Status: planner.StatusMentor, Roles: []string{planner.RoleCoordinator, "trainer"},
				MinHoursWeek: 30, MaxHoursWeek: 38, MaxDaysWeek: 5, MaxHoursDay: 8.5},
			{ID: "bo", Name: "=HYPERLINK(\"x\")", Lines: []string{"MONS"}, Status: planner.StatusTrainee,
				MinHoursWeek: 10, MaxHoursWeek: 20, MaxDaysWeek: 3, MaxHoursDay: 6, Productivity: ptr(0.6)},
			{ID: "cy", Name: "Cy N'Guessan", Lines: []string{"LLN"}, Status: planner.StatusNew,
				MaxHoursWeek: 12, MaxDaysWeek: 3, MaxHoursDay: 4, TrainingHours: 6, Productivity: ptr(0.0)},
			{ID: "dee", Name: "Dee", Lines: []string{"LLN"}, Status: planner.StatusQualified,
				MaxHoursWeek: 16, MaxDaysWeek: 4, MaxHoursDay: 8},
		},
		Availability: []planner.Availability{
			{StaffID: "ana", Kind: planner.Unavailable, FirstDay: calendar.MustDate("2027-01-11"),
				LastDay: calendar.MustDate("2027-01-12"), Note: "leave"},
			{StaffID: "bo", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU",
				From: calendar.MustClock("08:00"), To: calendar.MustClock("12:00"), Note: "+cmd class"},
			{StaffID: "bo", Kind: planner.Prefer, RRule: "FREQ=WEEKLY;BYDAY=SA",
				FirstDay: calendar.MustDate("2027-01-04")},
			{StaffID: "dee", Kind: planner.Available, RRule: "FREQ=WEEKLY;BYDAY=MO,WE,FR",
				From: calendar.MustClock("07:30"), To: calendar.MustClock("13:30")},
			{StaffID: "dee", Kind: planner.Avoid, FirstDay: calendar.MustDate("2027-01-30"),
				LastDay: calendar.MustDate("2027-01-30")},
		},
		Sessions: []planner.Session{
			{ID: "jan-2027", Name: "January 2027", FirstDay: calendar.MustDate("2027-01-04"),
				LastDay: calendar.MustDate("2027-01-30"), ExamDays: planner.DefaultExamDays, Sittings: 1200, Type: "january"},
			{ID: "jun-2027", Name: "June 2027", FirstDay: calendar.MustDate("2027-06-01"),
				LastDay: calendar.MustDate("2027-06-30"), ExamDays: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
		},
		ShiftTemplates: []planner.ShiftTemplate{
			{Name: "day", EarliestStart: calendar.MustClock("07:30"), LatestStart: calendar.MustClock("13:30"),
				StepMinutes: 30, MinMinutes: 180, MaxMinutes: 480, BreakMinutes: 30, BreakAfterMinutes: 360,
				BreakEarliest: calendar.MustClock("11:30"), BreakLatest: calendar.MustClock("14:00")},
			{Name: "evening", EarliestStart: calendar.MustClock("15:30"), LatestStart: calendar.MustClock("16:30"),
				StepMinutes: 15, MinMinutes: 180, MaxMinutes: 240},
		},
		Closures: []planner.Closure{
			{FirstDay: calendar.MustDate("2026-12-24"), LastDay: calendar.MustDate("2027-01-01"), Note: "winter closure"},
			{FirstDay: calendar.MustDate("2027-03-29"), LastDay: calendar.MustDate("2027-03-29"), Note: "Easter Monday"},
			{FirstDay: calendar.MustDate("2028-04-17"), LastDay: calendar.MustDate("2028-04-17"), Note: "Easter Monday"},
		},
	}
	ds.Forecast = append(forecast("jan-2027", calendar.MustDate("2027-01-04"), forecastDays, 1),
		weeklyProfile("jun-2027")...)
	return ds
}

// forecast returns dated rows for days days from first, 15-minute slots 07:30-19:30, two lines,
// in the order Dataset returns them; scale multiplies the calls.
func forecast(session string, first calendar.Date, days int, scale float64) []planner.ForecastRow {
	var out []planner.ForecastRow
	for d := range days {
		day := first.AddDays(d)
		for c := calendar.MustClock("07:30"); c < calendar.MustClock("19:30"); c += 15 {
			for i, line := range []string{"LLN", "MONS"} {
				out = append(out, planner.ForecastRow{SessionID: session, Date: day, Weekday: day.Weekday(),
					Slot: c, Line: line, Calls: scale * float64(1+(d*7+int(c)+i*3)%23) / 4,
					AHT: 360 + float64(i*15), Patience: float64(150 + 30*i), DayCV: 0.1 + 0.01*float64(d), SlotCV: 0.05 * float64(i)})
			}
		}
	}
	return out
}

// weeklyProfile returns weekly profile rows (Monday to Saturday, 30-minute slots).
func weeklyProfile(session string) []planner.ForecastRow {
	var out []planner.ForecastRow
	for wd := time.Monday; wd <= time.Saturday; wd++ {
		for c := calendar.MustClock("07:30"); c < calendar.MustClock("19:30"); c += 30 {
			for _, line := range []string{"LLN", "MONS"} {
				out = append(out, planner.ForecastRow{SessionID: session, Weekday: wd, Slot: c, Line: line,
					Calls: float64(int(wd)+int(c)%7) + 0.5, AHT: 345})
			}
		}
	}
	return out
}

// dump returns every row of every table of the store, each table sorted, as text: two dumps
// are equal when the stores hold the same data.
func dump(t testing.TB, db *sql.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	var tables []string
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := db.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		lines := []string{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			parts := make([]string, len(vals))
			for i, v := range vals {
				parts[i] = fmt.Sprintf("%s=%#v", cols[i], v)
			}
			lines = append(lines, strings.Join(parts, " "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(lines)
		out[table] = lines
	}
	return out
}

// counts returns the number of rows of each table in a dump.
func counts(d map[string][]string) map[string]int {
	out := map[string]int{}
	for k, v := range d {
		out[k] = len(v)
	}
	return out
}
