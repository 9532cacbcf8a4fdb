package demo

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/input"
	"github.com/deskplan/deskplan/planner/queue"
)

func TestDataset(t *testing.T) {
	ds, err := Dataset()
	if err != nil {
		t.Fatalf("the demo workbook does not validate: %v", err)
	}
	if diff := cmp.Diff(generate(), ds); diff != "" {
		t.Errorf("Dataset() differs from the generator (-gen +embedded):\n%s", diff)
	}
	fromCSV, err := input.ReadDir(filepath.Join(repo, "testdata", "demo"), nil)
	if err != nil {
		t.Fatalf("testdata/demo does not validate: %v", err)
	}
	if diff := cmp.Diff(ds, fromCSV); diff != "" {
		t.Errorf("testdata/demo/*.csv differ from the workbook (-xlsx +csv):\n%s", diff)
	}
}

func TestWorkbookCopiesIdentical(t *testing.T) {
	got, err := os.ReadFile(filepath.Join(repo, "testdata", "demo.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, Workbook()) {
		t.Error("testdata/demo.xlsx and planner/demo/demo.xlsx differ")
	}
}

// TestShape checks the promises of the demo: 22 staff of the right kinds, LLN about 70% of
// the calls, a peak of 6 to 9 agents on LLN, and a team that can cover every week.
func TestShape(t *testing.T) {
	ds, err := Dataset()
	if err != nil {
		t.Fatal(err)
	}
	count := map[planner.Status]int{}
	coordinators := 0
	capacity := 0.0 // effective agent-hours a week at full contracts
	for _, s := range ds.Staff {
		count[s.Status]++
		if s.HasRole(planner.RoleCoordinator) {
			coordinators++
		}
		capacity += s.MaxHoursWeek * s.EffectiveProductivity()
	}
	if len(ds.Staff) != 22 || count[planner.StatusTrainee] != 6 || count[planner.StatusNew] != 2 || coordinators != 2 {
		t.Errorf("staff: %d, by status %v, %d coordinators; want 22 with 6 trainees, 2 new, 2 coordinators", len(ds.Staff), count, coordinators)
	}
	set := ds.Settings
	tg := queue.Target{ServiceLevel: set.TargetPercent / 100, Time: float64(set.TargetSeconds), MaxOccupancy: set.MaxOccupancy}
	calls := map[string]float64{}
	peak := map[string]int{}
	weekHours := map[calendar.Date]float64{}
	for _, f := range ds.Forecast {
		if f.SessionID != "jan-2027" {
			continue
		}
		calls[f.Line] += f.Calls
		r := queue.Needed(queue.Params{Calls: f.Calls, Interval: float64(set.SlotMinutes * 60), AHT: f.AHT, Patience: f.Patience}, tg)
		peak[f.Line] = max(peak[f.Line], r.Agents)
		weekHours[f.Date.Monday()] += float64(r.Agents*set.SlotMinutes) / 60
	}
	t.Logf("peak need: %v agents; calls %v", peak, calls)
	share := calls["LLN"] / (calls["LLN"] + calls["MONS"])
	if share < 0.67 || share > 0.73 {
		t.Errorf("LLN has %.1f%% of the calls, want about 70%%", 100*share)
	}
	if peak["LLN"] < 6 || peak["LLN"] > 9 {
		t.Errorf("peak need on LLN = %d agents, want 6..9", peak["LLN"])
	}
	for week, h := range weekHours {
		t.Logf("week of %s: %.0f agent-hours needed, team capacity %.0f", week, h, capacity)
		if h > 0.85*capacity {
			t.Errorf("week of %s needs %.0f agent-hours, more than 85%% of the team's %.0f", week, h, capacity)
		}
	}
}
