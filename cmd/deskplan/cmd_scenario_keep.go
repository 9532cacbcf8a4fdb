package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/store"
)

// loadKeptRoster returns roster version n for `plan --keep n` (nil when n is 0). It must be of
// the session being planned.
func loadKeptRoster(ctx context.Context, st *store.Store, n int, sessionID string) (*planner.Roster, error) {
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

// printKeepChanges prints who is affected by re-planning against kept: the roster diff from
// kept to r (deskplan roster diff). People a scenario removed are named from base.
func printKeepChanges(w io.Writer, ds, base *planner.Dataset, kept, r *planner.Roster) error {
	if kept == nil {
		return nil
	}
	status := ""
	if kept.Status == planner.Published {
		status = " published"
	}
	fmt.Fprintln(w)
	return printRosterDiff(w, fmt.Sprintf("Changes against%s roster v%d", status, kept.Version), planner.DiffRosters(kept, r, ds, base), ds, base)
}
