package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestStoredValuesOutOfRange: a setting or forecast row out of its range in the store (written
// by an older version, or by hand) makes Dataset fail with a *ValueError naming each, never a
// dataset that panics a command; importing corrected values mends the store.
func TestStoredValuesOutOfRange(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Import(ctx, fullDataset(2)); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE settings SET value = '100' WHERE key = 'target_percent'`,
		`INSERT INTO settings (key, value) VALUES ('max_occupancy', '0.000000001')
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		`UPDATE forecast SET calls = -5 WHERE (session_id, date, weekday, slot, line) = (SELECT session_id, date, weekday, slot, line FROM forecast ORDER BY session_id, date, weekday, slot, line LIMIT 1)`,
		`UPDATE forecast SET aht = 1e308 WHERE (session_id, date, weekday, slot, line) = (SELECT session_id, date, weekday, slot, line FROM forecast ORDER BY session_id DESC, date DESC, weekday DESC, slot DESC, line DESC LIMIT 1)`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Dataset(ctx)
	var ve *ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("Dataset: %v; want a *ValueError", err)
	}
	for _, want := range []string{
		`stored setting target_percent = "100": 100% is not above 0% and below 100%`,
		`stored setting max_occupancy = "0.000000001": 1e-09 is outside 0.1..1`,
		`calls: -5 is outside 0..100000`,
		`aht_seconds: 1e+308 s is outside 1..7200 s`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if ve.Dataset == nil || ve.Dataset.Settings.TargetPercent != 80 || len(ve.Dataset.Forecast) != len(fullDataset(2).Forecast)-2 {
		t.Errorf("ValueError.Dataset should hold the rest, with defaults for the bad settings: target %v, %d rows of %d", ve.Dataset.Settings.TargetPercent, len(ve.Dataset.Forecast), len(fullDataset(2).Forecast))
	}
	// the import of corrected data replaces the bad values
	fix := fullDataset(2)
	if _, err := s.Import(ctx, fix); err != nil {
		t.Fatalf("Import of corrected data: %v", err)
	}
	if _, err := s.Dataset(ctx); err != nil {
		t.Fatalf("Dataset after the fix: %v", err)
	}
}

// TestImportRefusesForecastOutOfRange: no writer stores a forecast row out of its range.
func TestImportRefusesForecastOutOfRange(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	ds := fullDataset(1)
	ds.Forecast[3].AHT = 0
	if _, err := s.Import(ctx, ds); err == nil || !strings.Contains(err.Error(), "aht_seconds: 0 s is outside 1..7200 s") {
		t.Fatalf("Import: %v; want the row named", err)
	}
	ds = fullDataset(1)
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	rows := fullDataset(1).Forecast
	rows[0].Calls = -1
	sid := rows[0].SessionID
	var mine = rows[:0:0]
	for _, f := range rows {
		if f.SessionID == sid {
			mine = append(mine, f)
		}
	}
	if _, err := s.ReplaceForecast(ctx, sid, mine, "test", nil); err == nil || !strings.Contains(err.Error(), "calls: -1 is outside") {
		t.Fatalf("ReplaceForecast: %v; want the row named", err)
	}
}
