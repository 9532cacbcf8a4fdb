package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// benchDays of 15-minute slots on two lines: 84 days x 48 slots x 2 lines = 8,064 forecast
// rows (a 6-week session of the same size with a weekly profile and a copy is about this).
const benchDays = 84

// BenchmarkImport imports a forecast of 8,064 rows: as a new session (every row inserted), over
// itself (every row unchanged) and with new figures (every row updated).
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	first := calendar.MustDate("2027-01-04")
	b.Run("insert", func(b *testing.B) {
		s := newStore(b)
		if _, err := s.Import(ctx, fullDataset(0)); err != nil {
			b.Fatal(err)
		}
		n := 0
		for b.Loop() {
			n++
			id := fmt.Sprintf("s%d", n)
			ds := &planner.Dataset{
				Sessions: []planner.Session{{ID: id, FirstDay: first, LastDay: first.AddDays(benchDays - 1)}},
				Forecast: forecast(id, first, benchDays, 1),
			}
			if _, err := s.Import(ctx, ds); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Seconds())*1e6/float64(n*benchDays*96), "µs/row")
	})
	for _, mode := range []string{"unchanged", "update"} {
		b.Run(mode, func(b *testing.B) {
			s := newStore(b)
			ds := fullDataset(benchDays)
			if _, err := s.Import(ctx, ds); err != nil {
				b.Fatal(err)
			}
			n := 0
			for b.Loop() {
				n++
				scale := 1.0
				if mode == "update" {
					scale = float64(1 + n%2)
				}
				ds.Forecast = forecast("jan-2027", first, benchDays, scale)
				if _, err := s.Import(ctx, ds); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Seconds())*1e6/float64(n*len(ds.Forecast)), "µs/row")
		})
	}
}

// BenchmarkDataset loads a store holding an 8,064-row forecast.
func BenchmarkDataset(b *testing.B) {
	ctx := context.Background()
	s := newStore(b)
	ds := fullDataset(benchDays)
	if _, err := s.Import(ctx, ds); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		got, err := s.Dataset(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(got.Forecast) != len(ds.Forecast) {
			b.Fatalf("Dataset() has %d forecast rows, want %d", len(got.Forecast), len(ds.Forecast))
		}
	}
	b.ReportMetric(float64(len(ds.Forecast)), "rows")
}
