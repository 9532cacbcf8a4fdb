package desk

import (
	"context"
	"errors"
	"fmt"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/store"
)

// ScenarioDataset returns the store's data with the scenario name applied ("" or
// scenario.Base: the data as it is). A scenario the store lacks is bad input.
func ScenarioDataset(ctx context.Context, st *store.Store, name string) (*planner.Dataset, error) {
	ds, err := st.ScenarioDataset(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("--scenario: %v", err)}}}
	}
	return ds, err
}

// Scenarios returns each named scenario's data, in the order given. A name given twice, or a
// scenario the store lacks, is bad input.
func Scenarios(ctx context.Context, st *store.Store, names []string) ([]optimize.ScenarioData, error) {
	out := make([]optimize.ScenarioData, len(names))
	for i, n := range names {
		for _, m := range names[:i] {
			if m == n {
				return nil, &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("scenario %s is given twice", n)}}}
			}
		}
		ds, err := ScenarioDataset(ctx, st, n)
		if err != nil {
			return nil, err
		}
		out[i] = optimize.ScenarioData{Name: n, Dataset: ds}
	}
	return out, nil
}

// KeptRoster returns the roster version n that a re-plan of session sessionID keeps as much as
// it can (plan --keep N), or nil when n is 0.
func KeptRoster(ctx context.Context, st *store.Store, n int, sessionID string) (*planner.Roster, error) {
	if n == 0 {
		return nil, nil
	}
	r, err := st.Roster(ctx, n)
	if errors.Is(err, store.ErrNotFound) {
		return nil, &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("--keep: no roster version %d (see deskplan roster list)", n)}}}
	} else if err != nil {
		return nil, err
	}
	if r.SessionID != sessionID {
		return nil, &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("--keep: roster v%d is of session %s, not %s", n, r.SessionID, sessionID)}}}
	}
	return r, nil
}
