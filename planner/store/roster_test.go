package store

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
)

func testRoster(session string, seed int64) *planner.Roster {
	set := planner.DefaultSettings()
	set.SlotMinutes = 15
	day := calendar.MustDate("2027-01-04")
	return &planner.Roster{
		SessionID:  session,
		Scenario:   "calls x1.2",
		From:       day,
		To:         day.AddDays(5),
		Seed:       seed,
		Settings:   set,
		Objective:  1234.5,
		LowerBound: 1100.25,
		Method:     "greedy",
		Plan:       planner.PlanRecord{NeedMethod: queue.SIPP, Demand: 0.8, TimeLimit: 30 * time.Second, Workers: 4, Effort: 300, SolveSeconds: 1.25},
		Shifts: []planner.Shift{
			{StaffID: "dee", Date: day.AddDays(1), Start: calendar.MustClock("13:30"), End: calendar.MustClock("19:30"), Line: "LLN"},
			{StaffID: "ana", Date: day, Start: calendar.MustClock("07:30"), End: calendar.MustClock("16:00"),
				Line: planner.PooledLine, BreakStart: calendar.MustClock("12:00"), BreakEnd: calendar.MustClock("12:30")},
			{StaffID: "bo", Date: day, Start: calendar.MustClock("08:00"), End: calendar.MustClock("12:00"), Line: "MONS"},
		},
	}
}

func TestRosterVersions(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)

	if _, err := s.Roster(ctx, 1); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "roster 1") {
		t.Errorf("Roster(1) of an empty store: err = %v, want ErrNotFound naming roster 1", err)
	}
	if _, err := s.LatestRoster(ctx, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestRoster(\"\") of an empty store: err = %v, want ErrNotFound", err)
	}
	if got, err := s.Rosters(ctx); err != nil || len(got) != 0 {
		t.Errorf("Rosters() of an empty store = %v, %v, want none", got, err)
	}

	first := testRoster("jan-2027", 7)
	v, err := s.SaveRoster(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if v != 1 || first.Version != 1 || first.Status != planner.Draft || first.CreatedAt.IsZero() {
		t.Errorf("SaveRoster = %d, roster version %d, status %q, created %v; want 1, 1, draft, now",
			v, first.Version, first.Status, first.CreatedAt)
	}
	if age := time.Since(first.CreatedAt); age < 0 || age > time.Minute {
		t.Errorf("CreatedAt = %v, want about now", first.CreatedAt)
	}
	second := testRoster("jun-2027", 8)
	second.CreatedAt = time.Date(2026, 12, 1, 9, 30, 0, 123456789, time.FixedZone("CET", 3600))
	second.Objective, second.LowerBound = math.Inf(1), math.NaN()
	second.Plan = planner.PlanRecord{}
	second.Shifts = nil
	if v, err := s.SaveRoster(ctx, second); err != nil || v != 2 {
		t.Fatalf("second SaveRoster = %d, %v, want 2", v, err)
	}

	got, err := s.Roster(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, got); diff != "" {
		t.Errorf("Roster(1) (-saved +loaded):\n%s", diff)
	}
	got, err = s.Roster(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(second, got, cmpopts.EquateNaNs(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Roster(2) (-saved +loaded):\n%s", diff)
	}

	if err := s.Publish(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx, 1); err != nil {
		t.Errorf("Publish of a published roster: %v", err)
	}
	if err := s.Publish(ctx, 3); !errors.Is(err, ErrNotFound) {
		t.Errorf("Publish(3) = %v, want ErrNotFound", err)
	}
	if r, err := s.Roster(ctx, 1); err != nil || r.Status != planner.Published {
		t.Errorf("Roster(1) after Publish: status %v, err %v; want published", r.Status, err)
	}
	third := testRoster("jan-2027", 9)
	if v, err := s.SaveRoster(ctx, third); err != nil || v != 3 {
		t.Fatalf("third SaveRoster = %d, %v, want 3", v, err)
	}

	list, err := s.Rosters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var versions []int
	for _, r := range list {
		versions = append(versions, r.Version)
		if r.Shifts != nil {
			t.Errorf("Rosters(): version %d has shifts, want none", r.Version)
		}
	}
	if want := []int{3, 2, 1}; !cmp.Equal(versions, want) {
		t.Errorf("Rosters() versions = %v, want %v", versions, want)
	}
	if list[2].Status != planner.Published || list[2].Seed != 7 {
		t.Errorf("Rosters()[2] = %+v, want version 1, published, seed 7", list[2])
	}

	for _, tc := range []struct {
		session string
		want    int
	}{{"", 3}, {"jan-2027", 3}, {"jun-2027", 2}, {"sep-2027", 0}} {
		r, err := s.LatestRoster(ctx, tc.session)
		switch {
		case tc.want == 0 && !errors.Is(err, ErrNotFound):
			t.Errorf("LatestRoster(%q) = %v, want ErrNotFound", tc.session, err)
		case tc.want == 0:
		case err != nil:
			t.Errorf("LatestRoster(%q): %v", tc.session, err)
		case r.Version != tc.want || (tc.want == 3 && len(r.Shifts) != 3):
			t.Errorf("LatestRoster(%q) = version %d with %d shifts, want version %d", tc.session, r.Version, len(r.Shifts), tc.want)
		}
	}

	bad := testRoster("jan-2027", 1)
	bad.Status = "final"
	if _, err := s.SaveRoster(ctx, bad); err == nil {
		t.Error("SaveRoster with status final: no error")
	}
	if list, _ := s.Rosters(ctx); len(list) != 3 {
		t.Errorf("failed SaveRoster calls stored a version: %d versions, want 3", len(list))
	}
}
