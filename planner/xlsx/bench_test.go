package xlsx

import (
	"io"
	"runtime"
	"testing"
)

// BenchmarkWriteRoster2000x4w writes the manager's workbook of 2,000 staff over four weeks
// (Monday-Saturday, two lines, 30-minute slots) without person sheets. Target: under 3 s and
// under 150 MB peak memory (measure the peak with /usr/bin/time -v, see docs/benchmarks.md).
func BenchmarkWriteRoster2000x4w(b *testing.B) {
	fx := bigFixture(2000, 4)
	in := fx.workbook()
	in.Options.NoPersonSheets = true
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		if err := WriteRoster(io.Discard, in); err != nil {
			b.Fatal(err)
		}
		n++
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/(1<<20), "alloc-MB/op")
	b.ReportMetric(float64(len(fx.roster.Shifts)), "shifts")
}

// BenchmarkWriteRosterDemo writes the demo-like week with its person sheets.
func BenchmarkWriteRosterDemo(b *testing.B) {
	in := demoFixture().workbook()
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteRoster(io.Discard, in); err != nil {
			b.Fatal(err)
		}
	}
}
