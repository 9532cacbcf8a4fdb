package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/store"
)

// saveRoster saves a planned roster as a new version. When another command holds the store's
// write lock (a long import), it says so on errw and waits for the lock; Ctrl-C stops the
// wait (a second Ctrl-C, when the first one stopped the search). A roster that cannot be
// saved is not thrown away: it is written as a roster workbook beside the store, and the
// error names the file.
func saveRoster(ctx context.Context, st *store.Store, ds *planner.Dataset, r *planner.Roster, rep *planner.Report, errw io.Writer) error {
	wait := ctx
	if ctx.Err() != nil {
		var stop context.CancelFunc
		wait, stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	_, err := st.SaveRosterWait(wait, r, func() {
		fmt.Fprintln(errw, "deskplan: another command is writing the store; waiting to save the roster (Ctrl-C stops waiting and keeps the roster in a workbook)")
	})
	if err == nil {
		return nil
	}
	path, werr := keepUnsaved(filepath.Dir(st.Path()), ds, r, rep)
	if werr != nil {
		return fmt.Errorf("saving the roster: %w (and writing it to a workbook: %v)", err, werr)
	}
	return fmt.Errorf("saving the roster: %w; the roster is kept in %s (deskplan check %s shows it)", err, path, path)
}

// keepUnsaved writes a roster that could not be saved as a roster workbook in dir, or else in
// the temporary folder, and returns its path.
func keepUnsaved(dir string, ds *planner.Dataset, r *planner.Roster, rep *planner.Report) (string, error) {
	name := "unsaved-roster-" + time.Now().Format("20060102-150405") + ".xlsx"
	path := filepath.Join(dir, name)
	err := writeRosterFile(path, ds, r, rep)
	if err != nil {
		path = filepath.Join(os.TempDir(), name)
		err = writeRosterFile(path, ds, r, rep)
	}
	return path, err
}
