package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"deskplan/planner"
	"deskplan/planner/xlsx"
)

// writeRosterFile writes the manager's roster workbook to path, atomically: a partial file
// never replaces a good one.
func writeRosterFile(path string, ds *planner.Dataset, r *planner.Roster, rep *planner.Report) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".deskplan-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := xlsx.WriteRoster(tmp, xlsx.Workbook{Dataset: ds, Roster: r, Report: rep, GeneratedAt: time.Now()}); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
