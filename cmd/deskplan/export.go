package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"deskplan/planner"
	"deskplan/planner/xlsx"
)

// writeRosterFile writes the manager's roster workbook to path, atomically: a partial file
// never replaces a good one.
func writeRosterFile(path string, ds *planner.Dataset, r *planner.Roster, rep *planner.Report) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("writing %s: is a folder, give a file name such as %s", path, filepath.Join(path, "roster.xlsx"))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".deskplan-*.xlsx")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary name means nothing to the user
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes it private; a roster is shared
		tmp.Close()
		return err
	}
	if err := xlsx.WriteRoster(tmp, xlsx.Workbook{Dataset: ds, Roster: r, Report: rep, GeneratedAt: time.Now()}); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, errors.Unwrap(err))
	}
	return nil
}
