package optimize

import (
	"context"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/scenario"
)

// FuzzSettingsAndChanges sets one setting and applies one scenario change to a small desk,
// then computes its requirements and plans it with a tiny effort, as `deskplan requirements`
// and `deskplan plan` would: whatever Settings.Set, ParseChange and Scenario.Apply accept
// must plan, or fail with an error, never panic nor run without end (the seeds include the
// edges: a target of 100%, --aht x0, --target 100/0s, a max occupancy of 1e-9).
func FuzzSettingsAndChanges(f *testing.F) {
	key := func(k string) uint8 {
		for i, x := range planner.SettingKeys {
			if x.Key == k {
				return uint8(i)
			}
		}
		panic("no setting " + k)
	}
	kind := func(k scenario.ChangeKind) uint8 {
		for i, x := range scenario.ChangeKinds {
			if x == k {
				return uint8(i)
			}
		}
		panic("no change kind " + string(k))
	}
	for _, seed := range []struct {
		key, value string
		kind       scenario.ChangeKind
		text       string
	}{
		{"target_percent", "100", scenario.ChangeCalls, "+20%"},
		{"target_percent", "99.999", scenario.ChangeTarget, "100/0s"},
		{"max_occupancy", "0.000000001", scenario.ChangeAHT, "x0"},
		{"max_occupancy", "0.1", scenario.ChangeOccupancy, "0.000000001"},
		{"shrinkage", "0.9", scenario.ChangeShrinkage, "95%"},
		{"patience_seconds", "3600", scenario.ChangePatience, "=3600"},
		{"patience_seconds", "1", scenario.ChangeCalls, "=100000"},
		{"slot_minutes", "15", scenario.ChangeShrinkage, "11"},
		{"slot_minutes", "15", scenario.ChangeCalls, "x11"},
		{"slot_minutes", "60", scenario.ChangeAHT, "=7200"},
		{"target_seconds", "0", scenario.ChangeTarget, "0.001/3600s"},
		{"open_time", "00:00", scenario.ChangeOpen, "00:00-23:30"},
		{"close_time", "08:00", scenario.ChangeDays, "SU"},
		{"min_shift_hours", "24", scenario.ChangeMaxShift, "1h"},
		{"min_rest_hours", "48", scenario.ChangeSet, "min_rest_hours=0"},
		{"max_trainees_per_mentor", "0", scenario.ChangeStatus, "tia=mentor,ana=new"},
		{"open_days", "SU", scenario.ChangeWithout, "ana,marc"},
		{"rate_new", "10000", scenario.ChangeAdd, "200 trainee 80h LLN coordinator"},
		{"time_zone", "Pacific/Kiritimati", scenario.ChangeCalls, "2027-01-05,08:00-09:00:=0"},
	} {
		f.Add(key(seed.key), seed.value, kind(seed.kind), seed.text)
	}
	f.Fuzz(func(t *testing.T, k uint8, value string, c uint8, text string) {
		ds := tinyDesk("2027-01-04", "2027-01-05")
		if err := ds.SetSetting(planner.SettingKeys[int(k)%len(planner.SettingKeys)].Key, value); err != nil {
			return
		}
		if ds.Settings.Validate() != nil {
			return // an import refuses settings that do not fit together
		}
		change, err := scenario.ParseChange(string(scenario.ChangeKinds[int(c)%len(scenario.ChangeKinds)]), text)
		if err != nil {
			return
		}
		ds, err = scenario.Scenario{Name: "fuzz", Changes: []scenario.Change{change}}.Apply(ds)
		if err != nil {
			return
		}
		ctx := context.Background()
		// requirements
		day := calendar.MustDate("2027-01-04")
		if d, err := planner.BuildDemand(ds, "s", day, day.AddDays(1)); err == nil {
			if _, err := planner.ComputeNeedsContext(ctx, d, ds.Settings, 0); err != nil {
				t.Fatalf("needs: %v", err)
			}
		}
		// a tiny plan; an error (no feasible plan...) is an answer, a panic is not. A desk
		// made large (many extra staff, 5-minute slots round the clock), or loaded far beyond
		// its team (the evaluation follows a queue that grows all day), takes seconds to plan
		// and would only make the fuzzing slow (an input of over 10 s stops it).
		if len(ds.Staff) > 12 || len(ds.Settings.Slots()) > 48 {
			return
		}
		for _, f := range ds.Forecast {
			if f.Calls*f.AHT/float64(60*ds.Settings.SlotMinutes) > 2*float64(len(ds.Staff)) {
				return
			}
		}
		if r, _, err := Plan(ctx, ds, PlanRequest{SessionID: "s", Week: day, Seed: 1, Effort: 3, Workers: 1}); err == nil && r == nil {
			t.Fatal("Plan returned neither a roster nor an error")
		}
	})
}
