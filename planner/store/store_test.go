package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	want := fullDataset(3)
	st, err := s.Import(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	wantStats := ImportStats{
		Settings:       Counts{Updated: 4, Unchanged: len(planner.SettingKeys) - 4},
		Lines:          Counts{Inserted: 2},
		Staff:          Counts{Inserted: 4},
		Availability:   Counts{Inserted: 5},
		Sessions:       Counts{Inserted: 2},
		Forecast:       Counts{Inserted: len(want.Forecast)},
		ShiftTemplates: Counts{Inserted: 2},
		Closures:       Counts{Inserted: 3},
	}
	if diff := cmp.Diff(wantStats, st); diff != "" {
		t.Errorf("Import stats (-want +got):\n%s", diff)
	}
	got, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Dataset() after Import (-want +got):\n%s", diff)
	}
}

func TestInitDefaultSettings(t *testing.T) {
	s := newStore(t)
	ds, err := s.Dataset(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := &planner.Dataset{
		Settings: planner.DefaultSettings(), SettingsSet: allSettings(),
		Lines: []planner.Line{}, Staff: []planner.Staff{}, Availability: []planner.Availability{},
		Sessions: []planner.Session{}, Forecast: []planner.ForecastRow{}, ShiftTemplates: []planner.ShiftTemplate{},
		Closures: []planner.Closure{},
	}
	if diff := cmp.Diff(want, ds); diff != "" {
		t.Errorf("Dataset() of a new store (-want +got):\n%s", diff)
	}
}

func TestImportTwiceSameStore(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	ds := fullDataset(2)
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s.DB())
	st, err := s.Import(ctx, fullDataset(2))
	if err != nil {
		t.Fatal(err)
	}
	if st.Changed() {
		t.Errorf("second Import changed something: %+v", st)
	}
	for _, tc := range st.Tables() {
		if tc.Inserted+tc.Updated+tc.Deleted != 0 {
			t.Errorf("second Import: %s: %+v, want all unchanged", tc.Table, tc.Counts)
		}
	}
	if st.Forecast.Unchanged != len(ds.Forecast) {
		t.Errorf("second Import: forecast unchanged = %d, want %d", st.Forecast.Unchanged, len(ds.Forecast))
	}
	if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
		t.Errorf("store after the second Import (-first +second):\n%s", diff)
	}
}

// TestImportSemantics imports a base dataset, then a partial one, and checks the result.
func TestImportSemantics(t *testing.T) {
	ctx := context.Background()
	base := fullDataset(1)
	jan := base.Forecast[:2*48]
	jun := base.Forecast[2*48:]
	tests := []struct {
		name  string
		input func() *planner.Dataset
		want  func(ds *planner.Dataset) // edits base into the expected result
		stats ImportStats
	}{
		{
			name:  "empty dataset changes nothing",
			input: func() *planner.Dataset { return &planner.Dataset{} },
			want:  func(*planner.Dataset) {},
		},
		{
			name: "settings: only the keys given",
			input: func() *planner.Dataset {
				ds := &planner.Dataset{Settings: planner.Settings{SlotMinutes: 30, TargetPercent: 90}}
				ds.SettingsSet = []string{"SLOT_MINUTES"}
				return ds
			},
			want:  func(ds *planner.Dataset) { ds.Settings.SlotMinutes = 30 },
			stats: ImportStats{Settings: Counts{Updated: 1}},
		},
		{
			name: "settings via SetSetting",
			input: func() *planner.Dataset {
				ds := &planner.Dataset{}
				if err := ds.SetSetting("target_percent", "90"); err != nil {
					t.Fatal(err)
				}
				if err := ds.SetSetting("time_zone", "Europe/Brussels"); err != nil {
					t.Fatal(err)
				}
				return ds
			},
			want:  func(ds *planner.Dataset) { ds.Settings.TargetPercent = 90 },
			stats: ImportStats{Settings: Counts{Updated: 1, Unchanged: 1}},
		},
		{
			name: "lines and templates upsert by id, new ones go last",
			input: func() *planner.Dataset {
				return &planner.Dataset{
					Lines:          []planner.Line{{ID: "BXL", Name: "Brussels"}, {ID: "LLN", Name: "LLN only"}},
					ShiftTemplates: []planner.ShiftTemplate{{Name: "day", StepMinutes: 60, MinMinutes: 60, MaxMinutes: 60}},
				}
			},
			want: func(ds *planner.Dataset) {
				ds.Lines[1].Name = "LLN only"
				ds.Lines[1].Phone = ""
				ds.Lines = append(ds.Lines, planner.Line{ID: "BXL", Name: "Brussels"})
				ds.ShiftTemplates[0] = planner.ShiftTemplate{Name: "day", StepMinutes: 60, MinMinutes: 60, MaxMinutes: 60}
			},
			stats: ImportStats{Lines: Counts{Inserted: 1, Updated: 1}, ShiftTemplates: Counts{Updated: 1}},
		},
		{
			name: "staff upsert replaces lines and roles",
			input: func() *planner.Dataset {
				ana := base.Staff[0]
				ana.Lines = []string{"MONS"}
				ana.Roles = nil
				ana.Productivity = ptr(0.9)
				return &planner.Dataset{Staff: []planner.Staff{
					{ID: "eve", Name: "Eve", Lines: []string{"LLN"}, Status: planner.StatusQualified},
					ana, base.Staff[1],
				}}
			},
			want: func(ds *planner.Dataset) {
				ds.Staff[0].Lines = []string{"MONS"}
				ds.Staff[0].Roles = nil
				ds.Staff[0].Productivity = ptr(0.9)
				ds.Staff = append(ds.Staff, planner.Staff{ID: "eve", Name: "Eve", Lines: []string{"LLN"}, Status: planner.StatusQualified})
			},
			stats: ImportStats{Staff: Counts{Inserted: 1, Updated: 1, Unchanged: 1}},
		},
		{
			name: "availability replaces the rules of the people given",
			input: func() *planner.Dataset {
				return &planner.Dataset{
					Staff: []planner.Staff{base.Staff[0]}, // in the file, no rules left: ana's go
					Availability: []planner.Availability{
						base.Availability[3], // dee keeps the first rule, loses the second
						{StaffID: "cy", Kind: planner.Avoid, RRule: "FREQ=WEEKLY;BYDAY=SA"},
					},
				}
			},
			want: func(ds *planner.Dataset) {
				bo := ds.Availability[1:3]
				ds.Availability = append(append([]planner.Availability{}, bo...),
					planner.Availability{StaffID: "cy", Kind: planner.Avoid, RRule: "FREQ=WEEKLY;BYDAY=SA"},
					base.Availability[3])
			},
			stats: ImportStats{
				Staff:        Counts{Unchanged: 1},
				Availability: Counts{Inserted: 1, Unchanged: 1, Deleted: 2},
			},
		},
		{
			name: "forecast replaces the forecast of the sessions given",
			input: func() *planner.Dataset {
				rows := append([]planner.ForecastRow{}, jan[2:]...) // first slot of the day gone
				rows[0].Calls += 10
				return &planner.Dataset{Forecast: rows}
			},
			want: func(ds *planner.Dataset) {
				ds.Forecast = append(append([]planner.ForecastRow{}, jan[2:]...), jun...)
				ds.Forecast[0].Calls += 10
			},
			stats: ImportStats{Forecast: Counts{Updated: 1, Unchanged: len(jan) - 3, Deleted: 2}},
		},
		{
			name: "a session listed with an empty forecast loses its forecast",
			input: func() *planner.Dataset {
				return &planner.Dataset{Sessions: base.Sessions[1:], Forecast: []planner.ForecastRow{}}
			},
			want: func(ds *planner.Dataset) {
				ds.Forecast = append([]planner.ForecastRow{}, jan...)
			},
			stats: ImportStats{Sessions: Counts{Unchanged: 1}, Forecast: Counts{Deleted: len(jun)}},
		},
		{
			name: "closures replace those of the years they touch",
			input: func() *planner.Dataset {
				return &planner.Dataset{Closures: []planner.Closure{
					{FirstDay: calendar.MustDate("2027-05-06"), LastDay: calendar.MustDate("2027-05-06"), Note: "Ascension Day"},
					base.Closures[1],
				}}
			},
			want: func(ds *planner.Dataset) {
				// the winter closure touches 2027: replaced; 2028's Easter Monday is kept
				ds.Closures = []planner.Closure{base.Closures[1], {FirstDay: calendar.MustDate("2027-05-06"), LastDay: calendar.MustDate("2027-05-06"), Note: "Ascension Day"}, base.Closures[2]}
			},
			stats: ImportStats{Closures: Counts{Inserted: 1, Unchanged: 1, Deleted: 1}},
		},
		{
			name:  "an empty closures table changes nothing",
			input: func() *planner.Dataset { return &planner.Dataset{Closures: []planner.Closure{}} },
			want:  func(*planner.Dataset) {},
		},
		{
			name: "nil tables are untouched even when other sheets name their keys",
			input: func() *planner.Dataset {
				return &planner.Dataset{Staff: base.Staff, Sessions: base.Sessions}
			},
			want:  func(*planner.Dataset) {},
			stats: ImportStats{Staff: Counts{Unchanged: 4}, Sessions: Counts{Unchanged: 2}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			if _, err := s.Import(ctx, fullDataset(1)); err != nil {
				t.Fatal(err)
			}
			st, err := s.Import(ctx, tc.input())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.stats, st); diff != "" {
				t.Errorf("Import stats (-want +got):\n%s", diff)
			}
			want := fullDataset(1)
			tc.want(want)
			got, err := s.Dataset(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Dataset() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestImportFailureLeavesStore checks that an import that fails, at whatever step, leaves
// every table exactly as it was.
func TestImportFailureLeavesStore(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		edit    func(ds *planner.Dataset)
		wantErr string
	}{
		{"availability of an unknown person, last row", func(ds *planner.Dataset) {
			ds.Availability = append(ds.Availability, planner.Availability{StaffID: "zed", Kind: planner.Avoid})
		}, `staff zed is not in the store`},
		{"forecast on an unknown line, last row", func(ds *planner.Dataset) {
			f := ds.Forecast[len(ds.Forecast)-1]
			f.Line = "BXL"
			ds.Forecast = append(ds.Forecast, f)
		}, `line BXL: session or line is not in the store`},
		{"forecast of an unknown session", func(ds *planner.Dataset) {
			f := ds.Forecast[0]
			f.SessionID = "sep-2027"
			ds.Forecast = append(ds.Forecast, f)
		}, `session sep-2027`},
		{"forecast row given twice", func(ds *planner.Dataset) {
			ds.Forecast = append(ds.Forecast, ds.Forecast[5])
		}, "given twice"},
		{"staff on an unknown line", func(ds *planner.Dataset) {
			ds.Staff[3].Lines = append(ds.Staff[3].Lines, "BXL")
		}, `line "BXL"`},
		{"staff given twice", func(ds *planner.Dataset) {
			ds.Staff = append(ds.Staff, ds.Staff[0])
		}, `"ana" is given twice`},
		{"bad status", func(ds *planner.Dataset) {
			ds.Staff[2].Status = "traine"
		}, "CHECK constraint"},
		{"settings that do not fit the stored ones", func(ds *planner.Dataset) {
			ds.Settings.Open = calendar.MustClock("20:00")
			ds.SettingsSet = []string{"open_time"}
		}, "close_time 19:30 is not after open_time 20:00"},
		{"unknown setting key", func(ds *planner.Dataset) {
			ds.SettingsSet = []string{"colour"}
		}, `unknown setting "colour"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			base := fullDataset(1)
			base.Staff = base.Staff[:3] // dee comes with the failing import
			base.Availability = base.Availability[:3]
			if _, err := s.Import(ctx, base); err != nil {
				t.Fatal(err)
			}
			before := dump(t, s.DB())
			ds := fullDataset(2)
			ds.Settings.TargetPercent = 95
			ds.Lines[0].Name = "changed"
			tc.edit(ds)
			st, err := s.Import(ctx, ds)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Import() = %+v, %v, want error containing %q", st, err, tc.wantErr)
			}
			after := dump(t, s.DB())
			if diff := cmp.Diff(counts(before), counts(after)); diff != "" {
				t.Errorf("row counts after a failed Import (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("store after a failed Import (-before +after):\n%s", diff)
			}
		})
	}
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deskplan.db")
	applied := func(s *Store) []string {
		t.Helper()
		var names []string
		rows, err := s.DB().QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			names = append(names, n)
		}
		return names
	}
	s, err := Init(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := applied(s), Migrations(); !cmp.Equal(got, want) || len(got) == 0 || got[0] != "0001_init.sql" {
		t.Errorf("migrations after Init = %v, want %v starting with 0001_init.sql", got, want)
	}
	// A changed setting survives a second Init.
	ds := &planner.Dataset{Settings: planner.DefaultSettings()}
	ds.Settings.TargetSeconds = 30
	ds.SettingsSet = []string{"target_seconds"}
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s.DB())
	s.Close()

	for _, reopen := range []func(context.Context, string) (*Store, error){Init, Open} {
		s, err = reopen(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
			t.Errorf("store changed when opened again (-before +after):\n%s", diff)
		}
		s.Close()
	}

	// A store that knows a migration this binary does not is refused.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES ('9999_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer deskplan") {
		t.Errorf("Open of a store from a newer deskplan: err = %v, want one naming a newer deskplan", err)
	}
}

func TestOpenNotInitialised(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, path := range []string{filepath.Join(dir, "missing.db"), empty, other} {
		s, err := Open(ctx, path)
		if !errors.Is(err, ErrNotInitialised) {
			t.Errorf("Open(%s) = %v, %v, want ErrNotInitialised", path, s, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "deskplan init") {
			t.Errorf("Open(%s) error %q does not name the path and `deskplan init`", path, msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open created missing.db (stat: %v)", err)
	}
}

func TestInitOddPath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a dir?x=1#y", "desk%20plan.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := Init(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("Init(%q) did not create the file: %v", path, err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestPragmas(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	// Hold several connections at once so that the pool has more than one.
	var conns []*sql.Conn
	for range 3 {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		for pragma, want := range map[string]string{
			"foreign_keys": "1", "journal_mode": "wal", "busy_timeout": "10000", "synchronous": "1",
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, pragma, got, want)
			}
		}
		c.Close()
	}
}

func TestAddClosures(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Import(ctx, fullDataset(1)); err != nil {
		t.Fatal(err)
	}
	easter := planner.Closure{FirstDay: calendar.MustDate("2027-03-29"), LastDay: calendar.MustDate("2027-03-29"), Note: "other note"}
	may := planner.Closure{FirstDay: calendar.MustDate("2027-05-01"), LastDay: calendar.MustDate("2027-05-01"), Note: "Labour Day"}
	added, err := s.AddClosures(ctx, []planner.Closure{easter, may, may})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]planner.Closure{may}, added); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	got, err := s.Closures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	base := fullDataset(1).Closures
	want := []planner.Closure{base[0], base[1], may, base[2]} // Easter Monday keeps its note
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("closures (-want +got):\n%s", diff)
	}
	before := dump(t, s.DB())
	bad := planner.Closure{FirstDay: calendar.MustDate("2027-06-02"), LastDay: calendar.MustDate("2027-06-01")}
	if _, err := s.AddClosures(ctx, []planner.Closure{{FirstDay: calendar.MustDate("2027-06-01"), LastDay: calendar.MustDate("2027-06-01")}, bad}); err == nil {
		t.Error("a closure ending before it starts was added")
	}
	if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
		t.Errorf("a refused AddClosures changed the store:\n%s", diff)
	}
}

// TestReplaceAvailability replaces the rules of the people given, and nobody else's; an
// unknown person refuses the whole write.
func TestReplaceAvailability(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Import(ctx, fullDataset(1)); err != nil {
		t.Fatal(err)
	}
	base := fullDataset(1)
	exam := planner.Availability{StaffID: "bo", Kind: planner.Unavailable, FirstDay: calendar.MustDate("2027-01-12"), LastDay: calendar.MustDate("2027-01-12"), Note: "exam"}
	var bo []planner.Availability
	for _, a := range base.Availability {
		if a.StaffID == "bo" {
			bo = append(bo, a)
		}
	}
	c, err := s.ReplaceAvailability(ctx, map[string][]planner.Availability{"bo": append(bo, exam), "cy": nil})
	if err != nil {
		t.Fatal(err)
	}
	if c.Inserted != 1 || c.Unchanged != len(bo) || c.Deleted != 0 {
		t.Errorf("counts %+v, want 1 inserted, %d unchanged", c, len(bo))
	}
	got, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []planner.Availability
	for _, a := range base.Availability {
		want = append(want, a)
		if a == bo[len(bo)-1] {
			want = append(want, exam)
		}
	}
	if diff := cmp.Diff(want, got.Availability); diff != "" {
		t.Errorf("availability (-want +got):\n%s", diff)
	}
	before := dump(t, s.DB())
	if _, err := s.ReplaceAvailability(ctx, map[string][]planner.Availability{"bo": nil, "zed": nil}); err == nil || !strings.Contains(err.Error(), "zed") {
		t.Errorf("unknown person: error %v", err)
	}
	if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
		t.Errorf("a refused ReplaceAvailability changed the store:\n%s", diff)
	}
}
