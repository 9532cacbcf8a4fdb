package xlsx

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/safefile"
)

// WriteStaffFiles writes one small workbook per staff member of in.Dataset into dir (created
// if missing): their week, hours against contract, the mentor or trainees paired with them and
// the colleagues on duty on the same line. Files are named after a safe form of the staff id
// (see the package's file-name rules: ASCII letters, digits, '-', '_', '.', with a short hash
// when the id had to change) with the extension .xlsx. It returns the paths written, in staff
// order, or the errors met (files are written in parallel).
//
// Each file is written atomically (package safefile): a link planted at its path is replaced,
// never followed; a failed write leaves the old file; a new file gets the permissions the
// umask allows.
func WriteStaffFiles(dir string, in Workbook) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	probe, err := newBook(in) // validates in and indexes the roster once
	if err != nil {
		return nil, err
	}
	probe.f.Close()
	x := probe.x
	for d := range x.days {
		x.mentors(d) // fill the cache before the workers share x
	}
	used := map[string]bool{}
	paths := make([]string, len(x.staff))
	for p := range x.staff {
		paths[p] = filepath.Join(dir, planner.FileStem(x.staff[p].ID, used)+".xlsx")
	}
	// Files are independent: write them on every CPU.
	errs := make([]error, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Go(func() {
			for p := range next {
				errs[p] = writeStaffFile(paths[p], in, x, p)
			}
		})
	}
	for p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return paths, nil
}

func writeStaffFile(path string, in Workbook, x *roster, p int) error {
	bk, err := newBookIndexed(in, x)
	if err != nil {
		return err
	}
	defer bk.f.Close()
	bk.names = newSheetNames()
	sheet := bk.names.name(x.staff[p].Name)
	if err := bk.f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := bk.writePerson(sheet, p, false); err != nil {
		return fmt.Errorf("xlsx: %s: %w", path, err)
	}
	if err := bk.setDocProps(); err != nil {
		return err
	}
	return safefile.Write(path, func(w io.Writer) error {
		_, err := bk.f.WriteTo(w)
		return err
	})
}
