package input_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/deskplan/deskplan/planner/input"
)

var demoDir = filepath.Join("..", "..", "testdata", "demo")

// BenchmarkReadWorkbook reads the demo workbook: 22 staff, 2 sessions, 1440 forecast rows.
func BenchmarkReadWorkbook(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ds, err := input.ReadWorkbookFrom(bytes.NewReader(data), "demo.xlsx", nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(ds.Forecast)), "forecast-rows")
	}
}

// BenchmarkReadDir reads the demo as CSV files.
func BenchmarkReadDir(b *testing.B) {
	for b.Loop() {
		if _, err := input.ReadDir(demoDir, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteWorkbook writes the demo dataset as a workbook.
func BenchmarkWriteWorkbook(b *testing.B) {
	ds, err := input.ReadDir(demoDir, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := input.WriteWorkbook(io.Discard, ds); err != nil {
			b.Fatal(err)
		}
	}
}
