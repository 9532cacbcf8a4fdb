package main

import (
	"fmt"
	"io"

	"github.com/deskplan/deskplan/planner"
)

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
