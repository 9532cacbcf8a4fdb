package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"deskplan/planner"
	"deskplan/planner/store"
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

// printKeepChanges lists who is affected by re-planning against kept: per person the shifts
// changed, then each change.
func printKeepChanges(w io.Writer, ds *planner.Dataset, kept, r *planner.Roster) error {
	if kept == nil {
		return nil
	}
	changes := planner.RosterChanges(ds, kept, r)
	n := 0
	for _, c := range changes {
		n += len(c.Changes)
	}
	status := ""
	if kept.Status == planner.Published {
		status = " published"
	}
	fmt.Fprintf(w, "\nChanges against%s roster v%d: %d shift(s) of %d person(s)\n", status, kept.Version, n, len(changes))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range changes {
		if p.Name == "" {
			p.Name = "(no longer in the team)"
		}
		for i, ch := range p.Changes {
			who := "\t\t"
			if i == 0 {
				who = fmt.Sprintf("%s\t%s (%d)\t", p.StaffID, p.Name, len(p.Changes))
			}
			fmt.Fprintf(tw, "  %s%s %s\t%s\t->\t%s\n", who, ch.Date.Weekday().String()[:3], ch.Date, shiftText(ch.First), shiftText(ch.Other))
		}
	}
	return tw.Flush()
}
