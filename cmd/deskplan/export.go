package main

import (
	"io"
	"time"

	"deskplan/planner"
	"deskplan/planner/safefile"
	"deskplan/planner/xlsx"
)

// writeFileAtomic writes path through a temporary file in the same folder, flushed and renamed
// into place once complete (package safefile): a failed write never leaves half a file in
// place of a good one, a link at path is replaced, not followed, and a new file gets the
// permissions the umask allows. Errors name path, not the temporary file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return safefile.Write(path, write)
}

// writeRosterFile writes the manager's roster workbook to path, atomically.
func writeRosterFile(path string, ds *planner.Dataset, r *planner.Roster, rep *planner.Report) error {
	return writeFileAtomic(path, func(w io.Writer) error {
		return xlsx.WriteRoster(w, xlsx.Workbook{Dataset: ds, Roster: r, Report: rep, GeneratedAt: time.Now()})
	})
}
