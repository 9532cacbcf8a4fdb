package desk_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/store"
)

// plannedStore returns a store holding the rule book's tiny desk (demo.RuleBookDesk) and
// its roster as v1, with the settings of the desk as the roster's own, as plan saves them.
func plannedStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Init(ctx, filepath.Join(t.TempDir(), "deskplan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ds, r := demo.RuleBookDesk()
	if _, err := st.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	r.Settings = ds.Settings
	if _, err := st.SaveRoster(ctx, r); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestEvaluateOwnSettings checks that a stored roster is evaluated under the settings it was
// planned with after the store's settings changed, and under today's with CurrentSettings.
func TestEvaluateOwnSettings(t *testing.T) {
	ctx := context.Background()
	st := plannedStore(t)
	r, err := desk.SelectRoster(ctx, st, desk.Selection{})
	if err != nil {
		t.Fatal(err)
	}
	_, before, err := desk.Evaluation{}.Evaluate(ctx, st, r)
	if err != nil {
		t.Fatal(err)
	}
	// The target time goes from 60 s to 20 s: the same roster answers fewer calls in time.
	if _, err := st.DB().ExecContext(ctx, `UPDATE settings SET value = '20' WHERE key = 'target_seconds'`); err != nil {
		t.Fatal(err)
	}
	ds, own, err := desk.Evaluation{}.Evaluate(ctx, st, r)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Settings.TargetSeconds != r.Settings.TargetSeconds || own.ServiceLevel != before.ServiceLevel || own.LateCalls != before.LateCalls {
		t.Errorf("own settings: target %d s, service level %v, late calls %v; want %d s, %v, %v (as planned)",
			ds.Settings.TargetSeconds, own.ServiceLevel, own.LateCalls, r.Settings.TargetSeconds, before.ServiceLevel, before.LateCalls)
	}
	ds, today, err := desk.Evaluation{CurrentSettings: true}.Evaluate(ctx, st, r)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Settings.TargetSeconds != 20 || !(today.ServiceLevel < before.ServiceLevel) {
		t.Errorf("current settings: target %d s, service level %v; want 20 s and below %v", ds.Settings.TargetSeconds, today.ServiceLevel, before.ServiceLevel)
	}
}

func TestSelectRoster(t *testing.T) {
	ctx := context.Background()
	st := plannedStore(t)
	var ie *planner.InputError
	for _, tc := range []struct {
		name    string
		sel     desk.Selection
		version int  // want this roster
		input   bool // want bad input
	}{
		{"newest", desk.Selection{}, 1, false},
		{"version", desk.Selection{Version: 1}, 1, false},
		{"session", desk.Selection{Session: "jan"}, 1, false},
		{"covering day", desk.Selection{Week: calendar.MustDate("2027-01-05")}, 1, false},
		{"no such version", desk.Selection{Version: 9}, 0, true},
		{"no such session", desk.Selection{Session: "june"}, 0, true},
		{"day not covered", desk.Selection{Week: calendar.MustDate("2027-03-01")}, 0, true},
	} {
		r, err := desk.SelectRoster(ctx, st, tc.sel)
		switch {
		case tc.input && !errors.As(err, &ie):
			t.Errorf("%s: SelectRoster = %v, want bad input", tc.name, err)
		case !tc.input && (err != nil || r.Version != tc.version):
			t.Errorf("%s: SelectRoster = %v, %v; want v%d", tc.name, r, err, tc.version)
		}
	}
}

func TestScenarioDatasetUnknown(t *testing.T) {
	ctx := context.Background()
	st := plannedStore(t)
	var ie *planner.InputError
	if _, err := desk.ScenarioDataset(ctx, st, "nope"); !errors.As(err, &ie) {
		t.Errorf("ScenarioDataset(nope) = %v, want bad input", err)
	}
	if _, err := desk.Scenarios(ctx, st, []string{"base", "base"}); !errors.As(err, &ie) {
		t.Errorf("Scenarios(base, base) = %v, want bad input", err)
	}
	if _, err := desk.KeptRoster(ctx, st, 1, "june"); !errors.As(err, &ie) {
		t.Errorf("KeptRoster of another session = %v, want bad input", err)
	}
}
