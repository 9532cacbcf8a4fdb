package optimize

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// tinyDesk is a small desk for planning tests: two lines, two coordinators (mentors), two
// qualified agents, a trainee and a new hire, over the given days, with a forecast that peaks
// at 08:30 and 13:30.
func tinyDesk(first, last string) *planner.Dataset {
	ds := demo.SmallDesk()
	ds.Settings.PatienceSeconds = 180
	ds.Staff = []planner.Staff{
		{ID: "ana", Name: "Ana", Lines: []string{"LLN", "MONS"}, Status: planner.StatusMentor, Roles: []string{planner.RoleCoordinator}, MaxHoursWeek: 38, MinHoursWeek: 20, MaxDaysWeek: 6, MaxHoursDay: 8},
		{ID: "marc", Name: "Marc", Lines: []string{"LLN", "MONS"}, Status: planner.StatusMentor, Roles: []string{planner.RoleCoordinator}, MaxHoursWeek: 38, MinHoursWeek: 20, MaxDaysWeek: 6, MaxHoursDay: 8},
		{ID: "bob", Name: "Bob", Lines: []string{"LLN"}, Status: planner.StatusQualified, MaxHoursWeek: 24, MaxDaysWeek: 5, MaxHoursDay: 8},
		{ID: "cleo", Name: "Cléo", Lines: []string{"MONS"}, Status: planner.StatusQualified, MaxHoursWeek: 24, MaxDaysWeek: 5, MaxHoursDay: 8},
		{ID: "tia", Name: "Tia", Lines: []string{"LLN"}, Status: planner.StatusTrainee, MaxHoursWeek: 16, MaxDaysWeek: 4, MaxHoursDay: 6},
		{ID: "ned", Name: "Ned", Lines: []string{"LLN"}, Status: planner.StatusNew, MaxHoursWeek: 8, MaxDaysWeek: 2, MaxHoursDay: 4, TrainingHours: 8},
	}
	ds.Availability = []planner.Availability{
		{StaffID: "bob", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU", From: calendar.MustClock("08:00"), To: calendar.MustClock("12:00"), Note: "class"},
		{StaffID: "cleo", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=MO", From: calendar.MustClock("09:00"), To: calendar.MustClock("12:00"), Note: "lab"},
	}
	f, l := calendar.MustDate(first), calendar.MustDate(last)
	ds.Sessions = []planner.Session{{ID: "s", Name: "test session", FirstDay: f, LastDay: l, ExamDays: planner.DefaultExamDays}}
	ds.Forecast = nil
	for d := f; !d.After(l); d = d.AddDays(1) {
		if !ds.Settings.IsOpen(d.Weekday()) {
			continue
		}
		for _, c := range ds.Settings.Slots() {
			calls := 3.0
			if c == calendar.MustClock("08:30") || c == calendar.MustClock("13:30") {
				calls = 12
			}
			if d.Weekday() == time.Saturday {
				calls /= 2
			}
			ds.Forecast = append(ds.Forecast,
				planner.ForecastRow{SessionID: "s", Date: d, Slot: c, Line: "LLN", Calls: calls, AHT: 300},
				planner.ForecastRow{SessionID: "s", Date: d, Slot: c, Line: "MONS", Calls: calls / 2, AHT: 300})
		}
	}
	return ds
}

// quick is a deterministic, short planning request for tests.
func quick(session, week string) PlanRequest {
	req := PlanRequest{SessionID: session, Seed: 7, Effort: 20, Workers: 1}
	if week != "" {
		req.Week = calendar.MustDate(week)
	}
	return req
}

func TestPlanKeepsTheRules(t *testing.T) {
	ds := tinyDesk("2027-01-04", "2027-01-09")
	r, rep, err := Plan(context.Background(), ds, quick("s", "2027-01-04"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Violations) > 0 {
		t.Fatalf("Plan gave a roster that breaks rules: %v", rep.Violations)
	}
	// trainees and new staff never without a mentor on their line; a coordinator always on duty
	slots := ds.Settings.Slots()
	for _, day := range r.Days() {
		if !ds.Settings.IsOpen(day.Weekday()) {
			continue
		}
		for _, c := range slots {
			coord, mentors, learners := 0, map[string]int{}, map[string]int{}
			for _, sh := range r.Shifts {
				if sh.Date != day || !sh.OnDuty(c, ds.Settings.SlotMinutes) {
					continue
				}
				s, _ := ds.StaffByID(sh.StaffID)
				if s.HasRole(planner.RoleCoordinator) {
					coord++
				}
				lines := []string{sh.Line}
				if sh.Line == planner.PooledLine {
					lines = s.Lines
				}
				for _, l := range lines {
					if s.Status == planner.StatusMentor {
						mentors[l]++
					}
					if s.Status == planner.StatusTrainee || s.Status == planner.StatusNew {
						learners[l]++
					}
				}
			}
			if coord == 0 {
				t.Errorf("%s %s: no coordinator on duty", day, c)
			}
			for l, n := range learners {
				if mentors[l] == 0 || n > 2*mentors[l] {
					t.Errorf("%s %s line %s: %d trainees/new beside %d mentors", day, c, l, n, mentors[l])
				}
			}
		}
	}
	if rep.ServiceLevel < 0.5 {
		t.Errorf("service level %.3f: the plan should answer most calls in time", rep.ServiceLevel)
	}
}

func TestPlanSameSeedSameRoster(t *testing.T) {
	ds := tinyDesk("2027-01-04", "2027-01-09")
	a, _, err := Plan(context.Background(), ds, quick("s", "2027-01-04"))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Plan(context.Background(), ds, quick("s", "2027-01-04"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a.Shifts, b.Shifts); diff != "" {
		t.Errorf("two plans with the same seed differ (-first +second):\n%s", diff)
	}
}

// TestPlanAcrossDST plans the week of the change to summer time (Sunday 28 March 2027): the
// weekly rules of Bob (Tuesday 08:00-12:00) and Cléo (Monday 09:00-12:00) hold in local time
// on both sides.
func TestPlanAcrossDST(t *testing.T) {
	ds := tinyDesk("2027-03-22", "2027-04-03")
	for _, week := range []string{"2027-03-22", "2027-03-29"} {
		r, rep, err := Plan(context.Background(), ds, quick("s", week))
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Violations) > 0 {
			t.Errorf("week of %s: %v", week, rep.Violations)
		}
		for _, sh := range r.Shifts {
			wd := sh.Date.Weekday()
			if sh.StaffID == "bob" && wd == time.Tuesday && sh.Start < calendar.MustClock("12:00") && sh.End > calendar.MustClock("08:00") {
				t.Errorf("Bob works %s %s-%s during his Tuesday class", sh.Date, sh.Start, sh.End)
			}
			if sh.StaffID == "cleo" && wd == time.Monday && sh.Start < calendar.MustClock("12:00") && sh.End > calendar.MustClock("09:00") {
				t.Errorf("Cléo works %s %s-%s during her Monday lab", sh.Date, sh.Start, sh.End)
			}
		}
	}
}

// TestPlanExplains makes planning impossible in one way at a time and compares the
// explanation with a golden file.
func TestPlanExplains(t *testing.T) {
	tests := []struct {
		name   string
		change func(ds *planner.Dataset)
	}{
		{"no-coordinator-role", func(ds *planner.Dataset) {
			for i := range ds.Staff {
				ds.Staff[i].Roles = nil
			}
		}},
		{"coordinators-unavailable-saturday", func(ds *planner.Dataset) {
			ds.Availability = append(ds.Availability,
				planner.Availability{StaffID: "ana", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "own exam"},
				planner.Availability{StaffID: "marc", Kind: planner.Unavailable, FirstDay: calendar.MustDate("2027-01-09"), LastDay: calendar.MustDate("2027-01-09"), From: calendar.MustClock("07:30"), To: calendar.MustClock("09:00"), Note: "dentist"})
		}},
		{"coordinators-short-days", func(ds *planner.Dataset) {
			ds.Staff[0].MaxHoursDay = 4
			ds.Staff[1].MaxHoursDay = 4
		}},
		{"coordinator-capacity", func(ds *planner.Dataset) {
			ds.Staff[0].MaxDaysWeek = 5
			ds.Staff[1].MaxDaysWeek = 5
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := tinyDesk("2027-01-04", "2027-01-09")
			tt.change(ds)
			_, _, err := Plan(context.Background(), ds, quick("s", "2027-01-04"))
			var inf *planner.InfeasibleError
			if !errors.As(err, &inf) {
				t.Fatalf("Plan() error = %v, want an *InfeasibleError", err)
			}
			golden(t, filepath.Join("testdata", "explain", tt.name+".golden"), err.Error()+"\n")
		})
	}
}

// golden compares got with the file at path, or rewrites the file with -update.
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
		t.Errorf("%s differs (-want +got):\n%s", path, strings.TrimSpace(diff))
	}
}
