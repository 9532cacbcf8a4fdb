package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/safefile"
	"github.com/deskplan/deskplan/planner/xlsx"
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

// A command never replaces a file silently: one that writes a file the user names (-o FILE,
// template FILE) or files into a folder (--per-staff DIR, demo --history DIR) refuses, before
// any work, when one of them exists, unless --force (docs/files.md). What a person edited by
// hand (a roster workbook's Week sheet, a filled-in team workbook, availability sent back) is
// not lost to a command run twice.

// refuseOverwrite returns a usage error when one of paths exists and force is not set.
func refuseOverwrite(cmd *cobra.Command, force bool, paths ...string) error {
	if force {
		return nil
	}
	for _, p := range paths {
		if p == "" {
			continue
		}
		if _, err := os.Lstat(p); err == nil {
			return usageError{err: fmt.Errorf("%s already exists: --force replaces it (or give another name)", p), cmd: cmd}
		}
	}
	return nil
}

// refuseOverwriteDir returns a usage error when folder dir already holds files ending in ext
// (".xlsx", ".ics") and force is not set: the files a --per-staff export would replace.
func refuseOverwriteDir(cmd *cobra.Command, force bool, dir, ext string) error {
	if force || dir == "" {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // no folder yet (or one the export will report it cannot write into)
	}
	var found []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ext) {
			found = append(found, e.Name())
		}
	}
	if len(found) == 0 {
		return nil
	}
	list := strings.Join(found[:min(3, len(found))], ", ")
	if len(found) > 3 {
		list += fmt.Sprintf(" and %d more", len(found)-3)
	}
	return usageError{err: fmt.Errorf("%s already holds %s files (%s): --force replaces them (or give another folder)", dir, ext, list), cmd: cmd}
}

// forceFlag adds the --force (-f) flag that lets a command replace files.
func forceFlag(f *pflag.FlagSet, force *bool) {
	f.BoolVarP(force, "force", "f", false, "replace the files it writes if they exist")
}
