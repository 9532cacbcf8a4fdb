package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/input"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/planner/rules"
)

// TestSynthetic checks, at sizes from a handful of people to the 200-staff benchmark, that a
// synthetic dataset is valid input (it reads back unchanged through the team workbook), has
// the promised team and forecast, gives a coordinator every open slot, and, at the small
// sizes, plans without breaking a rule.
func TestSynthetic(t *testing.T) {
	tests := []struct {
		spec SyntheticSpec
		plan bool // plan the first week with a small effort
	}{
		{SyntheticSpec{Staff: 6, SlotMinutes: 30, Weeks: 1, Seed: 1}, true},
		{SyntheticSpec{Staff: 10, SlotMinutes: 15, Weeks: 1, Seed: 2}, true},
		{SyntheticSpec{Staff: 22, SlotMinutes: 30, Weeks: 2, Seed: 3}, true},
		{SyntheticSpec{Staff: 40, SlotMinutes: 15, Weeks: 1, Seed: 4}, false},
		{SyntheticSpec{Staff: 60, SlotMinutes: 30, Weeks: 4, Seed: 5, Load: 0.9}, false},
		{SyntheticSpec{Staff: 200, SlotMinutes: 15, Weeks: 6, Seed: 1}, false},
	}
	for _, tt := range tests {
		spec := tt.spec
		name := fmt.Sprintf("%dstaff_%dmin_%dweeks", spec.Staff, spec.SlotMinutes, spec.Weeks)
		t.Run(name, func(t *testing.T) {
			ds, err := Synthetic(spec)
			if err != nil {
				t.Fatalf("Synthetic(%+v): %v", spec, err)
			}
			var buf bytes.Buffer
			if err := input.WriteWorkbook(&buf, ds); err != nil {
				t.Fatal(err)
			}
			back, err := input.ReadWorkbookFrom(&buf, "synthetic.xlsx", nil)
			if err != nil {
				t.Fatalf("the synthetic workbook does not validate: %v", err)
			}
			if diff := cmp.Diff(ds, back); diff != "" {
				t.Errorf("the workbook does not read back as written (-synthetic +read):\n%s", diff)
			}
			checkTeam(t, spec, ds)
			checkCoordinators(t, ds)
			checkForecast(t, spec, ds)
			if !tt.plan {
				return
			}
			sess := ds.Sessions[0]
			r, rep, err := optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay,
				Seed: 1, Effort: 5, Workers: 1})
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			if hard := rules.HardViolations(rep.Violations); len(hard) > 0 {
				t.Errorf("the roster breaks hard rules: %v", hard)
			}
			if r.Objective < r.LowerBound || len(r.Shifts) == 0 {
				t.Errorf("objective %v, bound %v, %d shifts: want a roster above its bound", r.Objective, r.LowerBound, len(r.Shifts))
			}
		})
	}
}

// checkTeam checks the size and the mix of the team: coordinators, every status from a dozen
// people up, both lines, contracts that hold together, availability rules with RRULEs (from
// ten people up: a handful may all be free).
func checkTeam(t *testing.T, spec SyntheticSpec, ds *planner.Dataset) {
	t.Helper()
	if len(ds.Staff) != spec.Staff {
		t.Errorf("%d staff, want %d", len(ds.Staff), spec.Staff)
	}
	count := map[planner.Status]int{}
	lines := map[string]int{}
	coords, ids := 0, map[string]bool{}
	for _, s := range ds.Staff {
		count[s.Status]++
		for _, l := range s.Lines {
			lines[l]++
		}
		if s.HasRole(planner.RoleCoordinator) {
			coords++
			if s.Status != planner.StatusMentor || len(s.Lines) != 2 {
				t.Errorf("coordinator %s is a %s on %v, want a mentor on both lines", s.ID, s.Status, s.Lines)
			}
		}
		if ids[s.ID] {
			t.Errorf("staff id %s twice", s.ID)
		}
		ids[s.ID] = true
		if s.MinHoursWeek > s.MaxHoursWeek || s.MaxHoursDay*float64(s.MaxDaysWeek) < s.MinHoursWeek {
			t.Errorf("%s: contract %v-%vh a week, %d days of %vh cannot hold", s.ID, s.MinHoursWeek, s.MaxHoursWeek, s.MaxDaysWeek, s.MaxHoursDay)
		}
		if s.Status == planner.StatusNew && (s.TrainingHours == 0 || s.MinHoursWeek != 0) {
			t.Errorf("new staff %s: training hours %v, minimum %vh, want training hours and no minimum", s.ID, s.TrainingHours, s.MinHoursWeek)
		}
	}
	if want := max(2, spec.Staff/12); coords != want {
		t.Errorf("%d coordinators, want %d", coords, want)
	}
	if count[planner.StatusMentor] <= coords || count[planner.StatusQualified] == 0 || count[planner.StatusTrainee] == 0 {
		t.Errorf("statuses %v: want mentors beyond the coordinators, qualified staff and trainees", count)
	}
	if spec.Staff >= 12 && count[planner.StatusNew] == 0 {
		t.Errorf("statuses %v: want new staff in a team of %d", count, spec.Staff)
	}
	if lines["LLN"] <= lines["MONS"] || lines["MONS"] == 0 {
		t.Errorf("staff per line %v: want both lines, more on LLN", lines)
	}
	rrules := 0
	for _, a := range ds.Availability {
		if !ids[a.StaffID] {
			t.Errorf("availability of unknown staff %s", a.StaffID)
		}
		if a.RRule != "" {
			rrules++
		}
	}
	if spec.Staff >= 10 && rrules == 0 {
		t.Error("no availability rule with an RRULE")
	}
}

// checkCoordinators checks what the planner's pre-checks need, in the planner's own terms:
// on every open day, at least two coordinators may work the whole opening hours (so the
// one-or-two-shift covers exist), and each week the coordinators' days and hours can cover it.
func checkCoordinators(t *testing.T, ds *planner.Dataset) {
	t.Helper()
	ix, err := planner.NewAvailabilityIndex(ds)
	if err != nil {
		t.Fatal(err)
	}
	st := ds.Settings
	sess := ds.Sessions[0]
	var days, minutes float64
	for _, s := range ds.Staff {
		if s.HasRole(planner.RoleCoordinator) {
			days += float64(s.MaxDaysWeek)
			minutes += 60 * s.MaxHoursWeek
		}
	}
	open := 0
	for d := sess.FirstDay; !d.After(sess.LastDay); d = d.AddDays(1) {
		if !st.IsOpen(d.Weekday()) {
			continue
		}
		open++
		n := 0
		for _, s := range ds.Staff {
			if s.HasRole(planner.RoleCoordinator) && ix.Day(s.ID, d).Allows(st.Open, st.Close) {
				n++
			}
		}
		if n < 2 {
			t.Errorf("%s: %d coordinators available all day, want 2 or more", d, n)
		}
	}
	weekMinutes := float64(int(st.Close-st.Open) * len(st.OpenDays))
	if minutes < weekMinutes || days < 2*float64(len(st.OpenDays)) {
		t.Errorf("coordinators: %v days and %vh a week, want %d days and %vh", days, minutes/60, 2*len(st.OpenDays), weekMinutes/60)
	}
	if want := 6 * (sess.Days() + 1) / 7; open != want {
		t.Errorf("%d open days, want %d", open, want)
	}
}

// checkForecast checks the forecast: a dated row per open day, slot and line; LLN about 70% of
// the calls; the busiest week needs about spec.Load of the team's capacity (from 20 people up:
// smaller teams are sized by the least need, one agent per line); the first week the busiest.
func checkForecast(t *testing.T, spec SyntheticSpec, ds *planner.Dataset) {
	t.Helper()
	st := ds.Settings
	if want := 6 * spec.Weeks * len(st.Slots()) * 2; len(ds.Forecast) != want {
		t.Errorf("%d forecast rows, want %d", len(ds.Forecast), want)
	}
	tg := st.Target()
	calls := map[string]float64{}
	weekHours := map[calendar.Date]float64{}
	for _, f := range ds.Forecast {
		calls[f.Line] += f.Calls
		r := queue.Needed(queue.Params{Calls: f.Calls, Interval: float64(st.SlotMinutes * 60), AHT: f.AHT, Patience: f.Patience}, tg)
		weekHours[f.Date.Monday()] += float64(r.Agents*st.SlotMinutes) / 60
	}
	if share := calls["LLN"] / (calls["LLN"] + calls["MONS"]); share < 0.67 || share > 0.73 {
		t.Errorf("LLN has %.1f%% of the calls, want about 70%%", 100*share)
	}
	var capacity float64
	for _, s := range ds.Staff {
		capacity += s.MaxHoursWeek * s.EffectiveProductivity()
	}
	first := ds.Sessions[0].FirstDay
	busiest := weekHours[first]
	for wk, h := range weekHours {
		if h > busiest {
			t.Errorf("week of %s needs %.0f agent-hours, more than the first week's %.0f", wk, h, busiest)
		}
	}
	load := spec.Load
	if load == 0 {
		load = DefaultSyntheticLoad
	}
	got := busiest / capacity
	t.Logf("busiest week: %.0f agent-hours needed, capacity %.0f (%.2f)", busiest, capacity, got)
	if spec.Staff >= 20 && (got < load-0.06 || got > load+0.06) {
		t.Errorf("the busiest week needs %.2f of the capacity, want %.2f", got, load)
	}
}

func TestSyntheticDeterministic(t *testing.T) {
	spec := SyntheticSpec{Staff: 30, SlotMinutes: 15, Weeks: 2, Seed: 9}
	a, err := Synthetic(spec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Synthetic(spec)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two datasets of the same spec differ (-first +second):\n%s", diff)
	}
	spec.Seed++
	c, err := Synthetic(spec)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(a.Forecast, c.Forecast) || cmp.Equal(a.Staff, c.Staff) {
		t.Error("seeds 9 and 10 give the same forecast or the same staff")
	}
}

func TestSyntheticErrors(t *testing.T) {
	tests := []struct {
		spec SyntheticSpec
		want string
	}{
		{SyntheticSpec{Staff: 5}, "staff 5 is outside 6..2000"},
		{SyntheticSpec{Staff: 2001}, "staff 2001 is outside"},
		{SyntheticSpec{Staff: 10, SlotMinutes: 20}, "slot minutes 20: want 15 or 30"},
		{SyntheticSpec{Staff: 10, Weeks: -1}, "weeks -1 is outside 1..26"},
		{SyntheticSpec{Staff: 10, FirstDay: calendar.MustDate("2027-01-05")}, "2027-01-05 is a Tuesday, want a Monday"},
		{SyntheticSpec{Staff: 10, Load: -0.5}, "load -0.5 is outside (0, 2]"},
	}
	for _, tt := range tests {
		_, err := Synthetic(tt.spec)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Synthetic(%+v) error = %v, want %q", tt.spec, err, tt.want)
		}
		var ie *planner.InputError
		if errors.As(err, &ie) {
			t.Errorf("Synthetic(%+v) error is an *InputError; a bad spec is a programmer's error", tt.spec)
		}
	}
}
