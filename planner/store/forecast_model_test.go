package store

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	fcast "github.com/deskplan/deskplan/planner/forecast"
)

// smallModel estimates a forecast model from a week of a synthetic call log.
func smallModel(t *testing.T, seed uint64) *fcast.Model {
	t.Helper()
	g := fcast.DefaultSynth(planner.DefaultSettings(), calendar.MustDate("2026-06-01"), calendar.MustDate("2026-06-06"), seed)
	calls, err := g.Calls()
	if err != nil {
		t.Fatal(err)
	}
	m, err := fcast.Estimate(calls, g.Settings, &fcast.Options{Timetable: g.Timetable})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestReplaceForecastKeepsModel: the model given with a forecast stays with it, into its
// archived version; an import that changes the rows leaves the current forecast without one.
func TestReplaceForecastKeepsModel(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Import(ctx, fullDataset(2)); err != nil {
		t.Fatal(err)
	}
	const sid = "jan-2027"
	rows := forecast(sid, calendar.MustDate("2027-01-04"), 2, 1)
	a, b := smallModel(t, 1), smallModel(t, 2)
	if _, err := s.ReplaceForecast(ctx, sid, scaled(rows, 2), "a", a); err != nil {
		t.Fatal(err)
	}
	cur, err := s.CurrentForecast(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, cur.Model); diff != "" {
		t.Errorf("current model (-given +stored):\n%s", diff)
	}
	v, err := s.ReplaceForecast(ctx, sid, scaled(rows, 3), "b", b)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := s.ForecastVersions(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != v || vs[v-1].Note != "a" || !cmp.Equal(vs[v-1].Model, a) || vs[0].Model != nil {
		t.Errorf("versions %d..%d: the last noted %q with a model %v, the first with %v: want a's model on a's version only",
			1, len(vs), vs[len(vs)-1].Note, vs[len(vs)-1].Model != nil, vs[0].Model != nil)
	}
	archived, err := s.ArchivedForecast(ctx, sid, v)
	if err != nil {
		t.Fatal(err)
	}
	if archived[0].DayCV != rows[0].DayCV || archived[1].SlotCV != rows[1].SlotCV {
		t.Errorf("archived rows lost their spread: %+v, %+v", archived[0], archived[1])
	}
	// An import that changes the rows: the model no longer describes them.
	ds := &planner.Dataset{Sessions: fullDataset(2).Sessions, Forecast: scaled(rows, 5)}
	for i := range ds.Forecast {
		ds.Forecast[i].SessionID = sid
	}
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if cur, err = s.CurrentForecast(ctx, sid); err != nil || cur.Model != nil || cur.Note != "" {
		t.Errorf("after an import: model %v, note %q, %v: want neither", cur.Model != nil, cur.Note, err)
	}
}

// TestMigrateForecast: a store written before migration 0004 opens with its sessions of the
// empty type, its forecast rows without spread and its forecasts without a model.
func TestMigrateForecast(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deskplan.db")
	db, err := sql.Open("sqlite", dsn(path, false, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`); err != nil {
		t.Fatal(err)
	}
	for _, name := range Migrations() {
		if name >= "0004" {
			break
		}
		body, err := fs.ReadFile(migrationFS, "migrations/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO migrations VALUES (?, '')`, name); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`INSERT INTO settings VALUES ('slot_minutes', '30')`,
		`INSERT INTO lines (id, pos) VALUES ('LLN', 0)`,
		`INSERT INTO sessions (id, name, first_day, last_day) VALUES ('jan', 'January', '2027-01-04', '2027-01-30')`,
		`INSERT INTO forecast (session_id, date, weekday, slot, line, calls, aht) VALUES ('jan', '2027-01-04', 1, 480, 'LLN', 12, 300)`,
		`INSERT INTO forecast_sources VALUES ('jan', 'built', '2026-12-01T00:00:00Z', 1, 12)`,
		`INSERT INTO forecast_versions (session_id, version, archived_at) VALUES ('jan', 1, '2026-11-01T00:00:00Z')`,
		`INSERT INTO forecast_archive (session_id, version, date, weekday, slot, line, calls, aht) VALUES ('jan', 1, '2027-01-04', 1, 480, 'LLN', 9, 300)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Sessions) != 1 || ds.Sessions[0].Type != "" || len(ds.Forecast) != 1 || ds.Forecast[0].DayCV != 0 || ds.Forecast[0].Calls != 12 {
		t.Errorf("after migration: sessions %+v, forecast %+v", ds.Sessions, ds.Forecast)
	}
	cur, err := s.CurrentForecast(ctx, "jan")
	if err != nil || cur.Note != "built" || cur.Model != nil {
		t.Errorf("current forecast %+v, %v: want the note kept and no model", cur, err)
	}
	old, err := s.ArchivedForecast(ctx, "jan", 1)
	if err != nil || len(old) != 1 || old[0].Calls != 9 || old[0].SlotCV != 0 {
		t.Errorf("archived forecast %+v, %v", old, err)
	}
	// The new columns take what is written.
	ds.Sessions[0].Type = "january"
	if _, err := s.Import(ctx, &planner.Dataset{Sessions: ds.Sessions}); err != nil {
		t.Fatal(err)
	}
	if ds, err = s.Dataset(ctx); err != nil || ds.Sessions[0].Type != "january" {
		t.Errorf("session type after an import = %q, %v", ds.Sessions[0].Type, err)
	}
}
