package xlsx

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteStaffFiles writes one small workbook per staff member of in.Dataset into dir (created
// if missing): their week, hours against contract, the mentor or trainees paired with them and
// the colleagues on duty on the same line. Files are named after a safe form of the staff id
// (see the package's file-name rules: ASCII letters, digits, '-', '_', '.', with a short hash
// when the id had to change) with the extension .xlsx. It returns the paths written, in staff
// order.
func WriteStaffFiles(dir string, in Workbook) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	probe, err := newBook(in) // validates in and indexes the roster once
	if err != nil {
		return nil, err
	}
	probe.f.Close()
	used := map[string]bool{}
	var paths []string
	for p := range probe.x.staff {
		path := filepath.Join(dir, safeFileName(probe.x.staff[p].ID, used)+".xlsx")
		if err := writeStaffFile(path, in, probe.x, p); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func writeStaffFile(path string, in Workbook, x *roster, p int) (err error) {
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
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = bk.f.WriteTo(file)
	return err
}
