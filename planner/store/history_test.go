package store

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	fcast "github.com/deskplan/deskplan/planner/forecast"
)

// sampleCalls reads the repository's sample call log in the default desk time zone.
func sampleCalls(t testing.TB) []fcast.Call {
	t.Helper()
	f, err := os.Open("../../testdata/calls-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	loc, err := planner.DefaultSettings().Location()
	if err != nil {
		t.Fatal(err)
	}
	calls, err := fcast.ReadCalls(f, "calls-sample.csv", loc)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 100 {
		t.Fatalf("sample has %d calls, want at least 100", len(calls))
	}
	return calls
}

func sampleTimetable(t testing.TB) []fcast.ExamSitting {
	t.Helper()
	f, err := os.Open("../../testdata/timetable-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tt, err := fcast.ReadTimetable(f, "timetable-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	return tt
}

// sortCalls sorts calls as Store.Calls returns them.
func sortCalls(calls []fcast.Call) []fcast.Call {
	out := slices.Clone(calls)
	slices.SortStableFunc(out, func(a, b fcast.Call) int {
		if c := a.Arrival.Compare(b.Arrival); c != 0 {
			return c
		}
		return strings.Compare(a.Line, b.Line)
	})
	return out
}

func TestImportCallsTwiceAddsNothing(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	calls := sampleCalls(t)
	half := len(calls) / 2
	added, err := s.ImportCalls(ctx, calls[:half])
	if err != nil {
		t.Fatal(err)
	}
	if added != half {
		t.Errorf("ImportCalls(first half) = %d, want %d", added, half)
	}
	// An export that overlaps the first adds only the calls not stored yet.
	if added, err = s.ImportCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	if want := len(calls) - half; added != want {
		t.Errorf("ImportCalls(all) after the first half = %d, want %d", added, want)
	}
	before := dump(t, s.DB())
	if added, err = s.ImportCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	if added != 0 {
		t.Errorf("ImportCalls(all) again = %d, want 0", added)
	}
	if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
		t.Errorf("importing the same calls again changed the store (-before +after):\n%s", diff)
	}
	got, err := s.Calls(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sortCalls(calls), got); diff != "" {
		t.Errorf("Calls() (-want +got):\n%s", diff)
	}
	loc, _ := planner.DefaultSettings().Location()
	for _, c := range got {
		if c.Arrival.Location().String() != loc.String() {
			t.Fatalf("Calls() arrival %v in %v, want the desk's zone %v", c.Arrival, c.Arrival.Location(), loc)
		}
	}
}

func TestImportCallsDuplicateInOneFile(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	calls := sampleCalls(t)[:10]
	calls = append(calls, calls[3], calls[7])
	added, err := s.ImportCalls(ctx, calls)
	if err != nil {
		t.Fatal(err)
	}
	if added != 10 {
		t.Errorf("ImportCalls(10 calls and 2 repeats) = %d, want 10", added)
	}
}

func TestImportCallsFailureLeavesStoreUnchanged(t *testing.T) {
	ctx := context.Background()
	good := sampleCalls(t)
	at := good[0].Arrival
	tests := []struct {
		name string
		bad  fcast.Call
		want string
	}{
		{"no arrival", fcast.Call{Line: "LLN"}, "no arrival time"},
		{"old arrival", fcast.Call{Arrival: time.Date(1850, 1, 1, 9, 0, 0, 0, time.UTC), Line: "LLN"}, "not between the years"},
		{"no line", fcast.Call{Arrival: at}, "no line"},
		{"negative wait", fcast.Call{Arrival: at, Line: "LLN", WaitSeconds: -1}, "wait -1 seconds"},
		{"NaN wait", fcast.Call{Arrival: at, Line: "LLN", WaitSeconds: math.NaN()}, "wait NaN seconds"},
		{"infinite handle", fcast.Call{Arrival: at, Line: "LLN", HandleSeconds: math.Inf(1)}, "handle time +Inf seconds"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			if _, err := s.ImportCalls(ctx, good[:20]); err != nil {
				t.Fatal(err)
			}
			before := dump(t, s.DB())
			// The bad call comes after good new calls, which the transaction must undo.
			batch := append(slices.Clone(good[20:60]), tc.bad)
			added, err := s.ImportCalls(ctx, batch)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "call 41") {
				t.Errorf("ImportCalls(bad call) = %d, %v; want an error naming call 41 with %q", added, err, tc.want)
			}
			if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
				t.Errorf("a failed import changed the store (-before +after):\n%s", diff)
			}
		})
	}
}

func TestCallsRange(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	calls := sortCalls(sampleCalls(t))
	if _, err := s.ImportCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	from, to := calls[10].Arrival, calls[50].Arrival
	var want []fcast.Call
	for _, c := range calls {
		if !c.Arrival.Before(from) && c.Arrival.Before(to) {
			want = append(want, c)
		}
	}
	got, err := s.Calls(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Calls(%v, %v) (-want +got):\n%s", from, to, diff)
	}
	got, err = s.Calls(ctx, to, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(calls) - 50; len(got) < n {
		t.Errorf("Calls(%v, open) = %d calls, want at least %d", to, len(got), n)
	}
}

func TestHistorySummary(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	calls := sampleCalls(t)
	tt := sampleTimetable(t)
	if _, err := s.ImportCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportTimetable(ctx, tt); err != nil {
		t.Fatal(err)
	}
	got, err := s.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := HistorySummary{Calls: len(calls), Exams: len(tt)}
	per := map[string]int{}
	for _, c := range sortCalls(calls) {
		i, ok := per[c.Line]
		if !ok {
			i = len(want.Lines)
			want.Lines = append(want.Lines, LineHistory{Line: c.Line, First: c.Arrival})
			per[c.Line] = i
		}
		l := &want.Lines[i]
		l.Calls++
		if c.Abandoned {
			l.Abandoned++
		}
		l.Last = c.Arrival
	}
	slices.SortFunc(want.Lines, func(a, b LineHistory) int { return strings.Compare(a.Line, b.Line) })
	days := map[calendar.Date]bool{}
	for _, e := range tt {
		days[e.Date] = true
		if want.FirstExam.IsZero() || e.Date.Before(want.FirstExam) {
			want.FirstExam = e.Date
		}
		if e.Date.After(want.LastExam) {
			want.LastExam = e.Date
		}
	}
	want.ExamDays = len(days)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("History() (-want +got):\n%s", diff)
	}
}

func TestImportTimetable(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	tt := sampleTimetable(t)
	c, err := s.ImportTimetable(ctx, tt)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Counts{Inserted: len(tt)}); c != want {
		t.Errorf("ImportTimetable() = %+v, want %+v", c, want)
	}
	before := dump(t, s.DB())
	if c, err = s.ImportTimetable(ctx, tt); err != nil {
		t.Fatal(err)
	}
	if want := (Counts{Unchanged: len(tt)}); c != want {
		t.Errorf("ImportTimetable() again = %+v, want %+v", c, want)
	}
	if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
		t.Errorf("importing the same timetable again changed the store (-before +after):\n%s", diff)
	}

	// A corrected date replaces that date's exams; the other dates keep theirs.
	day := tt[0].Date
	var n int
	for _, e := range tt {
		if e.Date == day {
			n++
		}
	}
	fix := []fcast.ExamSitting{{Date: day, Start: calendar.MustClock("10:00"), Minutes: 90, RemoteSittings: 12, Name: "NEW"}}
	if c, err = s.ImportTimetable(ctx, fix); err != nil {
		t.Fatal(err)
	}
	if want := (Counts{Inserted: 1, Deleted: n}); c != want {
		t.Errorf("ImportTimetable(corrected %s) = %+v, want %+v", day, c, want)
	}
	got, err := s.Timetable(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []fcast.ExamSitting
	want = append(want, fix...)
	for _, e := range tt {
		if e.Date != day {
			want = append(want, e)
		}
	}
	slices.SortStableFunc(want, func(a, b fcast.ExamSitting) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		if a.Start != b.Start {
			return int(a.Start - b.Start)
		}
		return strings.Compare(a.Name, b.Name)
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Timetable() after a correction (-want +got):\n%s", diff)
	}

	// A bad exam after good ones writes nothing.
	before = dump(t, s.DB())
	bad := append(slices.Clone(tt[:3]), fcast.ExamSitting{Date: day, Start: calendar.MustClock("08:00"), Minutes: 0})
	bad[0].RemoteSittings++
	if _, err := s.ImportTimetable(ctx, bad); err == nil || !strings.Contains(err.Error(), "exam 4") {
		t.Errorf("ImportTimetable(zero duration) = %v, want an error naming exam 4", err)
	}
	if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
		t.Errorf("a failed timetable import changed the store (-before +after):\n%s", diff)
	}
}

// scaled returns rows with calls multiplied by k and no session id.
func scaled(rows []planner.ForecastRow, k float64) []planner.ForecastRow {
	out := slices.Clone(rows)
	for i := range out {
		out[i].Calls *= k
		out[i].SessionID = ""
	}
	return out
}

func TestReplaceForecastKeepsVersions(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	ds := fullDataset(2)
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	const sid = "jan-2027"
	imported := forecast(sid, calendar.MustDate("2027-01-04"), 2, 1)
	first := scaled(imported, 2)
	v, err := s.ReplaceForecast(ctx, sid, first, "first build", nil)
	if err != nil {
		t.Fatal(err)
	}
	if v != 1 {
		t.Errorf("ReplaceForecast(first) = version %d, want 1 (the imported forecast archived)", v)
	}
	cur, err := s.CurrentForecast(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Note != "first build" || cur.Rows != len(first) || cur.WrittenAt.IsZero() || !cur.Current {
		t.Errorf("CurrentForecast() = %+v, want note %q, %d rows, a write time", cur, "first build", len(first))
	}
	second := scaled(imported, 3)[:len(imported)-4]
	if v, err = s.ReplaceForecast(ctx, sid, second, "second build", nil); err != nil {
		t.Fatal(err)
	}
	if v != 2 {
		t.Errorf("ReplaceForecast(second) = version %d, want 2", v)
	}
	// Writing the forecast it has archives nothing.
	if v, err = s.ReplaceForecast(ctx, sid, second, "second build, again", nil); err != nil {
		t.Fatal(err)
	}
	if v != 0 {
		t.Errorf("ReplaceForecast(same rows) = version %d, want 0", v)
	}

	vs, err := s.ForecastVersions(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	total := func(rows []planner.ForecastRow) float64 {
		x := 0.0
		for _, f := range rows {
			x += f.Calls
		}
		return x
	}
	want := []ForecastVersion{
		{SessionID: sid, Version: 1, Note: "", Rows: len(imported), Calls: total(imported),
			First: calendar.MustDate("2027-01-04"), Last: calendar.MustDate("2027-01-05")},
		{SessionID: sid, Version: 2, Note: "first build", Rows: len(first), Calls: total(first),
			First: calendar.MustDate("2027-01-04"), Last: calendar.MustDate("2027-01-05")},
	}
	ignoreTimes := cmp.Transformer("times", func(v ForecastVersion) ForecastVersion {
		v.WrittenAt, v.ArchivedAt = time.Time{}, time.Time{}
		return v
	})
	if diff := cmp.Diff(want, vs, ignoreTimes, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); diff != "" {
		t.Errorf("ForecastVersions() (-want +got):\n%s", diff)
	}
	if vs[0].ArchivedAt.IsZero() || !vs[0].WrittenAt.IsZero() || vs[1].WrittenAt.IsZero() {
		t.Errorf("ForecastVersions() times: v1 written %v archived %v, v2 written %v; want v1 archived, unknown write, v2 written",
			vs[0].WrittenAt, vs[0].ArchivedAt, vs[1].WrittenAt)
	}

	got, err := s.ArchivedForecast(ctx, sid, 1)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(imported, got); diff != "" {
		t.Errorf("ArchivedForecast(1) (-want +got):\n%s", diff)
	}
	got, err = s.ArchivedForecast(ctx, sid, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range first {
		first[i].SessionID = sid
	}
	if diff := cmp.Diff(first, got); diff != "" {
		t.Errorf("ArchivedForecast(2) (-want +got):\n%s", diff)
	}
	if _, err := s.ArchivedForecast(ctx, sid, 3); !errors.Is(err, ErrNotFound) {
		t.Errorf("ArchivedForecast(3) error = %v, want ErrNotFound", err)
	}
	loaded, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var current []planner.ForecastRow
	for _, f := range loaded.Forecast {
		if f.SessionID == sid {
			f.SessionID = ""
			current = append(current, f)
		}
	}
	if diff := cmp.Diff(second, current); diff != "" {
		t.Errorf("Dataset().Forecast after ReplaceForecast (-want +got):\n%s", diff)
	}
	// The other session's forecast is untouched.
	if vs, err := s.ForecastVersions(ctx, "jun-2027"); err != nil || len(vs) != 0 {
		t.Errorf("ForecastVersions(jun-2027) = %v, %v; want none", vs, err)
	}

	// An import that changes the forecast makes the note unknown.
	ds2 := &planner.Dataset{Forecast: scaled(imported, 5)}
	for i := range ds2.Forecast {
		ds2.Forecast[i].SessionID = sid
	}
	if _, err := s.Import(ctx, ds2); err != nil {
		t.Fatal(err)
	}
	if cur, err = s.CurrentForecast(ctx, sid); err != nil {
		t.Fatal(err)
	}
	if cur.Note != "" || !cur.WrittenAt.IsZero() {
		t.Errorf("CurrentForecast() after an import = note %q written %v, want none", cur.Note, cur.WrittenAt)
	}
	if v, err = s.ReplaceForecast(ctx, sid, first, "third build", nil); err != nil || v != 3 {
		t.Fatalf("ReplaceForecast(third) = %d, %v; want 3", v, err)
	}
	if vs, err = s.ForecastVersions(ctx, sid); err != nil || len(vs) != 3 || vs[2].Note != "" {
		t.Errorf("ForecastVersions() after an import and a build = %+v, %v; want a third version with no note", vs, err)
	}
}

func TestReplaceForecastFailureLeavesStoreUnchanged(t *testing.T) {
	ctx := context.Background()
	const sid = "jan-2027"
	rows := func() []planner.ForecastRow {
		return scaled(forecast(sid, calendar.MustDate("2027-01-04"), 2, 1), 2)
	}
	tests := []struct {
		name    string
		session string
		rows    func() []planner.ForecastRow
		want    string
	}{
		{"unknown session", "nope", rows, "not found"},
		{"unknown line", sid, func() []planner.ForecastRow {
			r := rows()
			r[len(r)-1].Line = "NAMUR"
			return r
		}, "line NAMUR is not in the store"},
		{"row twice", sid, func() []planner.ForecastRow {
			r := rows()
			return append(r, r[5])
		}, "given twice"},
		{"other session's row", sid, func() []planner.ForecastRow {
			r := rows()
			r[3].SessionID = "jun-2027"
			return r
		}, "row 4 is of session jun-2027"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			if _, err := s.Import(ctx, fullDataset(2)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ReplaceForecast(ctx, sid, scaled(rows(), 0.5), "before", nil); err != nil {
				t.Fatal(err)
			}
			before := dump(t, s.DB())
			v, err := s.ReplaceForecast(ctx, tc.session, tc.rows(), "bad", nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReplaceForecast() = %d, %v; want an error with %q", v, err, tc.want)
			}
			if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
				t.Errorf("a failed ReplaceForecast changed the store (-before +after):\n%s", diff)
			}
		})
	}
}

func BenchmarkImportCalls(b *testing.B) {
	set := planner.DefaultSettings()
	g := fcast.DefaultSynth(set, calendar.MustDate("2026-06-01"), calendar.MustDate("2026-06-28"), 1)
	calls, err := g.Calls()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := newStore(b)
		b.StartTimer()
		if _, err := s.ImportCalls(ctx, calls); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(calls)), "calls/op")
}

// FuzzImportCalls checks the store against the call log reader: whatever ReadCalls accepts,
// ImportCalls stores, once, and Calls returns.
func FuzzImportCalls(f *testing.F) {
	f.Add([]byte("arrival,line,wait_seconds,handle_seconds,abandoned\n2026-06-08 09:31:05,LLN,12.5,300,false\n2026-06-08T07:32:00Z,MONS,61,,true\n"))
	f.Add([]byte("arrival;line;wait_seconds;talk_seconds;wrap_seconds;abandoned\n2026-06-08 09:31;LLN;1,5;200;40,5;n\n2026-06-08 09:31;LLN;1,5;200;40,5;n\n"))
	f.Add([]byte("abandoned,line,arrival,handle_seconds,wait_seconds\nyes,É,2199-12-31T23:59:59.999999999-12:00,0,86400\n"))
	ctx := context.Background()
	s := newStore(f)
	loc, err := planner.DefaultSettings().Location()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		calls, err := fcast.ReadCalls(bytes.NewReader(data), "calls.csv", loc)
		if err != nil {
			return
		}
		added, err := s.ImportCalls(ctx, calls)
		if err != nil {
			t.Fatalf("ImportCalls of calls ReadCalls accepted: %v", err)
		}
		if added > len(calls) {
			t.Fatalf("ImportCalls added %d of %d calls", added, len(calls))
		}
		if again, err := s.ImportCalls(ctx, calls); err != nil || again != 0 {
			t.Fatalf("ImportCalls again = %d, %v; want 0", again, err)
		}
		for _, c := range calls {
			got, err := s.Calls(ctx, c.Arrival, c.Arrival.Add(time.Nanosecond))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(got, func(g fcast.Call) bool { return cmp.Equal(g, c) }) {
				t.Fatalf("Calls at %v = %v, lacks %+v", c.Arrival, got, c)
			}
		}
	})
}

// FuzzImportTimetable checks the store against the timetable reader: whatever ReadTimetable
// accepts, ImportTimetable stores, and importing it again changes nothing.
func FuzzImportTimetable(f *testing.F) {
	f.Add([]byte("date,start,duration_minutes,remote_sittings,name\n2027-01-11,08:30,180,240,LINFO1101\n2027-01-11,13:30,120,35,LMAT1141\n"))
	f.Add([]byte("name,remote_sittings,duration_minutes,start,date\n,0,1,23h59,2027-01-11\n,0,1,23h59,2027-01-11\n"))
	ctx := context.Background()
	s := newStore(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tt, err := fcast.ReadTimetable(bytes.NewReader(data), "timetable.csv")
		if err != nil {
			return
		}
		if _, err := s.ImportTimetable(ctx, tt); err != nil {
			t.Fatalf("ImportTimetable of a timetable ReadTimetable accepted: %v", err)
		}
		c, err := s.ImportTimetable(ctx, tt)
		if err != nil || c.Changed() || c.Unchanged != len(tt) {
			t.Fatalf("ImportTimetable again = %+v, %v; want %d unchanged", c, err, len(tt))
		}
		stored, err := s.Timetable(ctx)
		if err != nil {
			t.Fatal(err)
		}
		have := map[fcast.ExamSitting]int{}
		for _, e := range stored {
			have[e]++
		}
		for _, e := range tt {
			if have[e] == 0 {
				t.Fatalf("Timetable() lacks %+v", e)
			}
			have[e]--
		}
	})
}
