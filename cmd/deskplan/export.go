package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"deskplan/planner"
	"deskplan/planner/xlsx"
)

// writeFileAtomic writes path through a temporary file in the same folder, renamed into place
// once complete: a failed write never leaves half a file in place of a good one. The file is
// readable by others (a roster is shared), and errors name path, not the temporary file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("writing %s: is a folder, give a file name such as %s", path, filepath.Join(path, "roster.xlsx"))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".deskplan-*"+filepath.Ext(path))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary name means nothing to the user
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes it private
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, errors.Unwrap(err))
	}
	return nil
}

// writeRosterFile writes the manager's roster workbook to path, atomically.
func writeRosterFile(path string, ds *planner.Dataset, r *planner.Roster, rep *planner.Report) error {
	return writeFileAtomic(path, func(w io.Writer) error {
		return xlsx.WriteRoster(w, xlsx.Workbook{Dataset: ds, Roster: r, Report: rep, GeneratedAt: time.Now()})
	})
}
