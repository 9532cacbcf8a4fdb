package desk

import (
	"context"
	"errors"
	"fmt"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/scenario"
	"github.com/deskplan/deskplan/planner/store"
)

// ErrNoRoster is returned when the store holds no roster at all.
var ErrNoRoster = errors.New("no roster yet: run deskplan plan first")

// Selection picks a stored roster: Version; or the newest roster of Session and/or covering
// the day Week; by default the newest roster.
type Selection struct {
	Version int
	Session string
	Week    calendar.Date // zero: any
}

// SelectRoster returns the roster sel picks, with its shifts. A version, session or day that
// no roster has is bad input; an empty store is ErrNoRoster.
func SelectRoster(ctx context.Context, st *store.Store, sel Selection) (*planner.Roster, error) {
	if sel.Version > 0 {
		return RosterVersion(ctx, st, sel.Version)
	}
	if sel.Week.IsZero() {
		r, err := st.LatestRoster(ctx, sel.Session)
		if errors.Is(err, store.ErrNotFound) {
			if sel.Session == "" {
				return nil, ErrNoRoster
			}
			return nil, inputProblem("no roster of session %s: run deskplan plan --session %s first", sel.Session, sel.Session)
		}
		return r, err
	}
	day := sel.Week
	all, err := st.Rosters(ctx) // newest first
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, ErrNoRoster
	}
	for _, r := range all {
		if (sel.Session == "" || r.SessionID == sel.Session) && !day.Before(r.From) && !day.After(r.To) {
			return RosterVersion(ctx, st, r.Version)
		}
	}
	if sel.Session != "" {
		return nil, inputProblem("no roster of session %s covers %s (see deskplan roster list)", sel.Session, day)
	}
	return nil, inputProblem("no roster covers %s (see deskplan roster list)", day)
}

// RosterVersion loads roster version, or says that it does not exist (bad input).
func RosterVersion(ctx context.Context, st *store.Store, version int) (*planner.Roster, error) {
	r, err := st.Roster(ctx, version)
	if errors.Is(err, store.ErrNotFound) {
		all, lerr := st.Rosters(ctx)
		if lerr == nil && len(all) == 0 {
			return nil, inputProblem("roster version %d does not exist: there is no roster yet (run deskplan plan first)", version)
		}
		if lerr == nil {
			return nil, inputProblem("roster version %d does not exist (the newest is v%d, see deskplan roster list)", version, all[0].Version)
		}
		return nil, inputProblem("roster version %d does not exist", version)
	}
	return r, err
}

// Evaluation says on what data a stored roster is evaluated.
type Evaluation struct {
	// Scenario is the what-if scenario whose data the roster is evaluated on; "": the one it
	// was planned for. Another scenario than the roster's brings its own settings.
	Scenario string
	// CurrentSettings evaluates under the settings in the store today (service target, max
	// occupancy, rules...) instead of those the roster was planned with.
	CurrentSettings bool
}

// ScenarioFor is the scenario a roster planned for planned is evaluated on: e.Scenario, or
// planned ("" is scenario.Base).
func (e Evaluation) ScenarioFor(planned string) string {
	if e.Scenario != "" {
		return e.Scenario
	}
	if planned == "" {
		return scenario.Base
	}
	return planned
}

// Dataset returns the data to evaluate r on: its scenario's (see ScenarioFor), under the
// settings r was planned with unless e.CurrentSettings is set, another scenario is named, or
// r records no settings (a roster of a store older than the settings column, or one read
// from a workbook).
func (e Evaluation) Dataset(ctx context.Context, st *store.Store, r *planner.Roster) (*planner.Dataset, error) {
	ds, err := ScenarioDataset(ctx, st, e.ScenarioFor(r.Scenario))
	if err != nil {
		return nil, err
	}
	if e.ownSettings(r) {
		ds.Settings = r.Settings
	}
	return ds, nil
}

// ownSettings says whether r is evaluated under the settings it was planned with.
func (e Evaluation) ownSettings(r *planner.Roster) bool {
	if e.CurrentSettings || r.Settings.SlotMinutes == 0 {
		return false
	}
	return e.ScenarioFor(r.Scenario) == (Evaluation{}).ScenarioFor(r.Scenario)
}

// Evaluate returns the data r is evaluated on (see Dataset) and the report of what r
// delivers there.
func (e Evaluation) Evaluate(ctx context.Context, st *store.Store, r *planner.Roster) (*planner.Dataset, *planner.Report, error) {
	ds, err := e.Dataset(ctx, st, r)
	if err != nil {
		return nil, nil, err
	}
	rep, err := optimize.Evaluate(ds, r)
	if err != nil {
		return nil, nil, fmt.Errorf("evaluating roster v%d: %w", r.Version, err)
	}
	return ds, rep, nil
}
