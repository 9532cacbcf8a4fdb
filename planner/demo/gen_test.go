package demo

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/input"
)

var update = flag.Bool("update", false, "regenerate demo.xlsx, testdata/demo.xlsx and testdata/demo/*.csv")

// repo is the repository root, seen from this package.
const repo = "../.."

// The demo data below is invented: the people, phone numbers, e-mail addresses and call
// volumes do not describe any real helpdesk.

func person(id, name string, lines []string, st planner.Status, roles []string, minH, maxH float64, days int, dayH float64) planner.Staff {
	return planner.Staff{ID: id, Name: name, Email: inventedEmail(name), Lines: lines, Status: st, Roles: roles,
		MinHoursWeek: minH, MaxHoursWeek: maxH, MaxDaysWeek: days, MaxHoursDay: dayH}
}

var (
	both  = []string{"LLN", "MONS"}
	lln   = []string{"LLN"}
	mons  = []string{"MONS"}
	coord = []string{planner.RoleCoordinator}
)

// generate builds the demo dataset; the forecast's noise comes from a fixed seed.
func generate() *planner.Dataset {
	s := planner.DefaultSettings()
	s.PatienceSeconds = 180
	d, c := calendar.MustDate, calendar.MustClock
	ds := &planner.Dataset{
		Settings: s,
		Lines: []planner.Line{
			{ID: "LLN", Name: "Louvain-la-Neuve and Brussels", Phone: "+32 10 00 00 10"},
			{ID: "MONS", Name: "Mons and Charleroi", Phone: "+32 65 00 00 10"},
		},
		Staff: []planner.Staff{
			// Permanent staff: mentors and qualified agents, two coordinators. The coordinators may
			// work six days: one of them must be on duty whenever the desk is open (Mon-Sat).
			person("p01", "Anne Dupont", both, planner.StatusMentor, coord, 30, 38, 6, 8),
			person("p02", "Marc Lambert", both, planner.StatusMentor, coord, 30, 38, 6, 8),
			person("p03", "Sophie Leclercq", lln, planner.StatusMentor, nil, 30, 38, 5, 8),
			person("p04", "Karim Benali", mons, planner.StatusMentor, nil, 30, 38, 5, 8),
			person("p05", "Julie Martin", both, planner.StatusQualified, nil, 24, 32, 4, 8),
			person("p06", "Thomas Wouters", lln, planner.StatusQualified, nil, 30, 36, 5, 8),
			person("p07", "Nathalie Claes", both, planner.StatusMentor, nil, 28, 34, 5, 8),
			person("p08", "Łukasz Nowak", both, planner.StatusQualified, nil, 30, 38, 5, 8),
			// Reinforcement: students (s..) and temporary hires (t..) for the session.
			person("s01", "Zoë Janssens", lln, planner.StatusQualified, nil, 8, 16, 4, 6),
			person("s02", "Lucas Peeters", lln, planner.StatusQualified, nil, 10, 20, 4, 8),
			person("s03", "Emma Dubois", lln, planner.StatusTrainee, nil, 6, 12, 3, 6),
			person("s04", "Hugo Lemaire", lln, planner.StatusTrainee, nil, 5, 10, 3, 5),
			person("s05", "Chloé Mertens", mons, planner.StatusTrainee, nil, 6, 12, 3, 6),
			person("s06", "Nathan Jacobs", lln, planner.StatusNew, nil, 0, 10, 3, 5),
			person("s07", "Léa Willems", lln, planner.StatusTrainee, nil, 7, 14, 3, 6),
			person("s08", "Inès El Amrani", both, planner.StatusQualified, nil, 10, 20, 4, 6),
			person("t01", "Olivier Renard", lln, planner.StatusQualified, nil, 16, 24, 4, 8),
			person("t02", "Camille Hermans", both, planner.StatusQualified, nil, 16, 24, 4, 8),
			person("t03", "Maxime Simon", lln, planner.StatusTrainee, nil, 12, 20, 4, 8),
			person("t04", "Sarah Goossens", mons, planner.StatusNew, nil, 0, 16, 4, 8),
			person("t05", "Yasmine Haddad", mons, planner.StatusTrainee, nil, 12, 20, 4, 8),
			person("t06", "Victor Dumont", lln, planner.StatusQualified, nil, 16, 24, 4, 8),
		},
		Availability: []planner.Availability{
			{StaffID: "s01", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=WE", FirstDay: d("2027-01-13"), LastDay: d("2027-01-27"), Note: "own exams on Wednesdays"},
			{StaffID: "s01", Kind: planner.Unavailable, FirstDay: d("2027-01-18"), LastDay: d("2027-01-18"), From: c("08:00"), To: c("13:00"), Note: "own exam"},
			{StaffID: "s02", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU", From: c("08:00"), To: c("12:00"), Note: "Tuesday-morning class"},
			{StaffID: "s03", Kind: planner.Unavailable, FirstDay: d("2027-01-15"), LastDay: d("2027-01-15"), Note: "own exam"},
			{StaffID: "s03", Kind: planner.Unavailable, FirstDay: d("2027-01-22"), LastDay: d("2027-01-23"), Note: "own exams"},
			{StaffID: "s07", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TH", FirstDay: d("2027-01-04"), LastDay: d("2027-01-30"), From: c("13:30"), To: c("19:30"), Note: "lab sessions"},
			{StaffID: "s08", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", FirstDay: d("2027-01-08"), From: c("07:30"), To: c("12:00"), Note: "fortnightly seminar"},
			{StaffID: "t01", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "part-time: never on Saturdays"},
			{StaffID: "p03", Kind: planner.Unavailable, FirstDay: d("2027-01-18"), LastDay: d("2027-01-19"), Note: "leave"},
			{StaffID: "t05", Kind: planner.Available, RRule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", From: c("12:00"), To: c("19:30"), Note: "afternoons only"},
			{StaffID: "p05", Kind: planner.Prefer, RRule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", From: c("07:30"), To: c("13:30"), Note: "prefers mornings"},
			{StaffID: "t02", Kind: planner.Prefer, RRule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", From: c("12:00"), To: c("19:30"), Note: "prefers afternoons"},
			{StaffID: "p06", Kind: planner.Avoid, RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "would rather not work Saturdays"},
		},
		Sessions: []planner.Session{
			{ID: "jun-2026", Name: "June 2026 exams", FirstDay: d("2026-06-01"), LastDay: d("2026-06-27"), ExamDays: planner.DefaultExamDays, Sittings: 38500, Type: "june"},
			{ID: "jan-2027", Name: "January 2027 exams", FirstDay: d("2027-01-04"), LastDay: d("2027-01-30"), ExamDays: planner.DefaultExamDays, Sittings: 41200, Type: "january"},
		},
		ShiftTemplates: []planner.ShiftTemplate{
			{Name: "day", EarliestStart: c("07:30"), LatestStart: c("13:30"), StepMinutes: 30, MinMinutes: 180, MaxMinutes: 480,
				BreakMinutes: 30, BreakAfterMinutes: 360, BreakEarliest: c("11:00"), BreakLatest: c("14:30")},
			{Name: "evening", EarliestStart: c("14:30"), LatestStart: c("16:30"), StepMinutes: 30, MinMinutes: 180, MaxMinutes: 300,
				BreakAfterMinutes: 360, BreakEarliest: c("07:30"), BreakLatest: c("19:30")},
		},
	}
	for i, p := range ds.Staff {
		if p.Status == planner.StatusNew {
			ds.Staff[i].TrainingHours = 8 // shadowing a mentor, their first week
		}
	}
	// The settings the demo states: the desk's hours, grid, target and callers' patience.
	ds.SettingsSet = []string{"open_days", "open_time", "close_time", "slot_minutes", "target_percent",
		"target_seconds", "max_occupancy", "shrinkage", "patience_seconds", "time_zone"}
	ds.Forecast = append(profileForecast(ds, "jun-2026"), datedForecast(ds, "jan-2027")...)
	return ds
}

// shape is the share of the peak call volume in each 30-minute slot from 07:30: peaks at
// the exam starts (08:30-09:30, 13:30-14:30), a lull at lunch, quiet evenings.
var shape = []float64{
	0.18, 0.48, 1.00, 0.92, 0.60, 0.36, 0.26, 0.22, 0.19, 0.19, 0.25, 0.48, // 07:30-13:00
	0.95, 0.88, 0.50, 0.28, 0.20, 0.16, 0.13, 0.11, 0.09, 0.07, 0.06, 0.05, // 13:30-19:00
}

// Peak calls per 30 minutes on LLN on a Monday of the busiest week; MONS gets 3/7 of LLN's
// (LLN has 70% of the calls).
const (
	peakLLN   = 34.0
	monsShare = 3.0 / 7.0
)

// weekFactor: the first and middle weeks are the busiest.
var weekFactor = []float64{0.82, 0.64, 0.77, 0.58}

var weekdayFactor = map[time.Weekday]float64{
	time.Monday: 1.05, time.Tuesday: 1.0, time.Wednesday: 0.97, time.Thursday: 0.97, time.Friday: 0.88, time.Saturday: 0.32,
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// datedForecast writes a dated row per line and slot for every open day of the session.
func datedForecast(ds *planner.Dataset, id string) []planner.ForecastRow {
	sess, _ := ds.Session(id)
	rng := rand.New(rand.NewPCG(2027, 1))
	var rows []planner.ForecastRow
	for day := sess.FirstDay; !day.After(sess.LastDay); day = day.AddDays(1) {
		wd := day.Weekday()
		if !ds.Settings.IsOpen(wd) {
			continue
		}
		week := min(day.Sub(sess.FirstDay)/7, len(weekFactor)-1)
		for i, slot := range ds.Settings.Slots() {
			for _, line := range ds.LineIDs() {
				base := peakLLN
				aht := 355.0
				if line == "MONS" {
					base *= monsShare
					aht = 370
				}
				noise := 0.9 + 0.2*rng.Float64()
				calls := round1(base * shape[i] * weekFactor[week] * weekdayFactor[wd] * noise)
				rows = append(rows, planner.ForecastRow{SessionID: id, Date: day, Weekday: wd, Slot: slot, Line: line,
					Calls: calls, AHT: math.Round(aht + 20*rng.Float64() - 10), Patience: 180})
			}
		}
	}
	return rows
}

// profileForecast writes a weekly profile (weekday rows) for a past session.
func profileForecast(ds *planner.Dataset, id string) []planner.ForecastRow {
	var rows []planner.ForecastRow
	for _, wd := range ds.Settings.OpenDays {
		for i, slot := range ds.Settings.Slots() {
			for _, line := range ds.LineIDs() {
				base := 0.85 * peakLLN
				if line == "MONS" {
					base *= monsShare
				}
				rows = append(rows, planner.ForecastRow{SessionID: id, Weekday: wd, Slot: slot, Line: line,
					Calls: round1(base * shape[i] * 0.85 * weekdayFactor[wd]), AHT: 360, Patience: 180})
			}
		}
	}
	return rows
}

// TestGenerate checks that the committed demo files are what the generator makes; with
// -update it rewrites them.
func TestGenerate(t *testing.T) {
	ds := generate()
	var buf bytes.Buffer
	if err := input.WriteWorkbook(&buf, ds); err != nil {
		t.Fatal(err)
	}
	xlsxPaths := []string{"demo.xlsx", filepath.Join(repo, "testdata", "demo.xlsx")}
	csvDir := filepath.Join(repo, "testdata", "demo")
	// A bad sample for the importer's tests: the demo with one status mistyped.
	bad := generate()
	i, _ := slices.BinarySearchFunc(bad.Staff, "s03", func(s planner.Staff, id string) int { return strings.Compare(s.ID, id) })
	bad.Staff[i].Status = "traine"
	var badBuf bytes.Buffer
	if err := input.WriteWorkbook(&badBuf, bad); err != nil {
		t.Fatal(err)
	}
	badPath := filepath.Join(repo, "testdata", "bad", "team-status.xlsx")
	if *update {
		if err := os.WriteFile(badPath, badBuf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("team-status.xlsx: Staff!E%d (status): status \"traine\" is not one of new, trainee, qualified, mentor\n", i+3)
		if err := os.WriteFile(filepath.Join(repo, "testdata", "bad", "team-status.want.txt"), []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := os.ReadFile(badPath); err != nil || !bytes.Equal(got, badBuf.Bytes()) {
		t.Errorf("%s is stale (%v): run go test ./planner/demo -run TestGenerate -update", badPath, err)
	}
	if *update {
		for _, p := range xlsxPaths {
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := input.WriteDir(csvDir, ds); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range xlsxPaths {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, buf.Bytes()) {
			t.Errorf("%s is not what the generator writes: run go test ./planner/demo -run TestGenerate -update", p)
		}
	}
	tmp := filepath.Join(t.TempDir(), "demo")
	if err := input.WriteDir(tmp, ds); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		want, _ := os.ReadFile(filepath.Join(tmp, e.Name()))
		got, err := os.ReadFile(filepath.Join(csvDir, e.Name()))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("testdata/demo/%s is stale (%v): run go test ./planner/demo -run TestGenerate -update", e.Name(), err)
		}
	}
}
