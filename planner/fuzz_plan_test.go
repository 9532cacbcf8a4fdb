package planner

import (
	"context"
	"testing"

	"github.com/deskplan/deskplan/planner/calendar"
)

// FuzzSettingsAndChanges sets one setting and applies one scenario change to a small desk,
// then computes its requirements and plans it with a tiny effort, as `deskplan requirements`
// and `deskplan plan` would: whatever Settings.Set, ParseChange and Scenario.Apply accept
// must plan, or fail with an error, never panic. (A target of 100%, --aht x0, --target 100/0s
// or a max occupancy of 1e-9 used to be accepted and then panic or never end.)
func FuzzSettingsAndChanges(f *testing.F) {
	key := func(k string) uint8 {
		for i, x := range SettingKeys {
			if x.Key == k {
				return uint8(i)
			}
		}
		panic("no setting " + k)
	}
	kind := func(k ChangeKind) uint8 {
		for i, x := range ChangeKinds {
			if x == k {
				return uint8(i)
			}
		}
		panic("no change kind " + string(k))
	}
	for _, seed := range []struct {
		key, value string
		kind       ChangeKind
		text       string
	}{
		{"target_percent", "100", ChangeCalls, "+20%"},
		{"target_percent", "99.999", ChangeTarget, "100/0s"},
		{"max_occupancy", "0.000000001", ChangeAHT, "x0"},
		{"max_occupancy", "0.1", ChangeOccupancy, "0.000000001"},
		{"shrinkage", "0.9", ChangeShrinkage, "95%"},
		{"patience_seconds", "3600", ChangePatience, "=3600"},
		{"patience_seconds", "1", ChangeCalls, "=100000"},
		{"slot_minutes", "15", ChangeShrinkage, "11"},
		{"slot_minutes", "15", ChangeCalls, "x11"},
		{"slot_minutes", "60", ChangeAHT, "=7200"},
		{"target_seconds", "0", ChangeTarget, "0.001/3600s"},
		{"open_time", "00:00", ChangeOpen, "00:00-23:30"},
		{"close_time", "08:00", ChangeDays, "SU"},
		{"min_shift_hours", "24", ChangeMaxShift, "1h"},
		{"min_rest_hours", "48", ChangeSet, "min_rest_hours=0"},
		{"max_trainees_per_mentor", "0", ChangeStatus, "tia=mentor,ana=new"},
		{"open_days", "SU", ChangeWithout, "ana,marc"},
		{"rate_new", "10000", ChangeAdd, "200 trainee 80h LLN coordinator"},
		{"time_zone", "Pacific/Kiritimati", ChangeCalls, "2027-01-05,08:00-09:00:=0"},
	} {
		f.Add(key(seed.key), seed.value, kind(seed.kind), seed.text)
	}
	f.Fuzz(func(t *testing.T, k uint8, value string, c uint8, text string) {
		ds := tinyDesk("2027-01-04", "2027-01-05")
		if err := ds.SetSetting(SettingKeys[int(k)%len(SettingKeys)].Key, value); err != nil {
			return
		}
		if ds.Settings.Validate() != nil {
			return // an import refuses settings that do not fit together
		}
		change, err := ParseChange(string(ChangeKinds[int(c)%len(ChangeKinds)]), text)
		if err != nil {
			return
		}
		ds, err = Scenario{Name: "fuzz", Changes: []Change{change}}.Apply(ds)
		if err != nil {
			return
		}
		ctx := context.Background()
		// requirements
		day := calendar.MustDate("2027-01-04")
		if d, err := BuildDemand(ds, "s", day, day.AddDays(1)); err == nil {
			if _, err := ComputeNeedsContext(ctx, d, ds.Settings, 0); err != nil {
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
