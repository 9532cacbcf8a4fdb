package input

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"

	"deskplan/planner"
)

// WriteDir writes ds as a folder of CSV files, one per table (settings.csv, lines.csv, ...;
// closures.csv only when ds.Closures is not nil), comma-separated UTF-8 without a byte order
// mark, dates as YYYY-MM-DD and times as HH:MM.
// It creates dir if needed and overwrites the table files; ReadDir reads them back as ds.
func WriteDir(dir string, ds *planner.Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, t := range writtenTables(ds) {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		head := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			head[i] = c.Name
		}
		if err := w.Write(head); err != nil {
			return err
		}
		for _, r := range tableRows(t, ds, false) {
			rec := make([]string, len(t.Columns))
			for i, c := range t.Columns {
				if v, ok := r[c.Name]; ok && !v.empty {
					rec[i] = v.String()
				}
			}
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, t.CSVName()), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// String is the value as CSV text.
func (v value) String() string {
	if v.isNum && v.s == "" {
		return fmtNum(v.n)
	}
	return v.s
}
