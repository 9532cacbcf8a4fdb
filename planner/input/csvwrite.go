package input

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"

	"github.com/deskplan/deskplan/planner"
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
		if err := writeTable(&buf, t, ds); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, t.CSVName()), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteSessions writes sessions as the Sessions table in CSV (sessions.csv of WriteDir): a
// folder holding only that file imports the sessions and changes nothing else.
func WriteSessions(w io.Writer, sessions []planner.Session) error {
	return writeTable(w, tblSessions, &planner.Dataset{Sessions: sessions})
}

// writeTable writes table t of ds in CSV.
func writeTable(out io.Writer, t *table, ds *planner.Dataset) error {
	w := csv.NewWriter(out)
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
	return w.Error()
}

func (v value) String() string {
	if v.isNum && v.s == "" {
		return fmtNum(v.n)
	}
	return v.s
}
