package forecast

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskplan/planner"
	"deskplan/planner/calendar"
)

var update = flag.Bool("update", false, "rewrite the golden files and the sample call log and timetable")

func TestSynthDeterministic(t *testing.T) {
	s := planner.DefaultSettings()
	first, last := calendar.MustDate("2026-06-08"), calendar.MustDate("2026-06-13")
	gen := func(seed uint64) []Call {
		calls, err := DefaultSynth(s, first, last, seed).Calls()
		if err != nil {
			t.Fatal(err)
		}
		return calls
	}
	a, b, c := gen(5), gen(5), gen(6)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different logs (-first +second):\n%s", diff)
	}
	if cmp.Equal(a, c) {
		t.Errorf("seeds 5 and 6 gave the same log")
	}
	if !slices.IsSortedFunc(a, func(x, y Call) int { return x.Arrival.Compare(y.Arrival) }) {
		t.Errorf("the log is not sorted by arrival")
	}
	for _, c := range a {
		if c.Arrival.Nanosecond() != 0 || c.WaitSeconds != math.Round(c.WaitSeconds*10)/10 || (c.Abandoned && c.HandleSeconds != 0) || (!c.Abandoned && c.HandleSeconds <= 0) {
			t.Fatalf("call %+v: want whole-second arrival, waits to 0.1 s, handle time only when answered", c)
		}
	}
}

// oneLine returns a one-week synth of one line with the given agents in every slot.
func oneLine(agents int, misdials float64, weeks int) *Synth {
	s := planner.DefaultSettings()
	g := DefaultSynth(s, calendar.MustDate("2026-06-08"), calendar.MustDate("2026-06-08").AddDays(7*weeks-1), 11)
	g.Lines = g.Lines[:1]
	l := &g.Lines[0]
	l.Misdials = misdials
	for t := range DayTypes {
		for k := range l.Agents[t] {
			l.Agents[t][k] = agents
		}
	}
	return g
}

func TestSynthQueue(t *testing.T) {
	// Plenty of agents and no misdial: nobody waits, nobody hangs up.
	calls, err := oneLine(100, 0, 1).Calls()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		if c.Abandoned || c.WaitSeconds != 0 {
			t.Fatalf("with 100 agents: call %+v waited or hung up", c)
		}
	}
	// No agent at all: every caller hangs up after their patience, so waits beyond 5 s have
	// the patience's mean beyond 5 s (memoryless): within 6% on about 3,500 calls (standard
	// error 1.7%).
	g := oneLine(0, 0, 3)
	calls, err = g.Calls()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	n := 0
	for _, c := range calls {
		if !c.Abandoned {
			t.Fatalf("with no agent: call %+v was answered", c)
		}
		if c.WaitSeconds >= 5 {
			sum += c.WaitSeconds - 5
			n++
		}
	}
	if n < 3000 || relErr(sum/float64(n), g.Lines[0].Patience) > 0.06 {
		t.Errorf("with no agent: %d abandons after 5 s, mean %.1f s beyond 5 s, want 3000 or more and %.0f s ± 6%%", n, sum/float64(n), g.Lines[0].Patience)
	}
	// One agent: FCFS, so answered calls of a line start in arrival order and never overlap.
	g = oneLine(1, 0, 1)
	calls, err = g.Calls()
	if err != nil {
		t.Fatal(err)
	}
	var busyUntil time.Time
	for _, c := range calls {
		if c.Abandoned {
			continue
		}
		start := c.Arrival.Add(time.Duration(c.WaitSeconds * float64(time.Second)))
		// Arrivals are rounded down to the second and times to 0.1 s: allow 1.2 s.
		if start.Add(1200 * time.Millisecond).Before(busyUntil) {
			t.Fatalf("one agent: call at %s starts %s, before the previous call ends %s", c.Arrival, start, busyUntil)
		}
		busyUntil = start.Add(time.Duration(c.HandleSeconds * float64(time.Second)))
	}
}

func TestSynthErrors(t *testing.T) {
	g := oneLine(1, 0, 1)
	g.Lines[0].AHT = g.Lines[0].AHT[1:]
	if _, err := g.Calls(); err == nil || !strings.Contains(err.Error(), "need 24 slots") {
		t.Errorf("Calls with a short AHT = %v, want an error", err)
	}
	g = oneLine(1, 0, 1)
	g.Settings.TimeZone = "Nowhere/Atlantis"
	if _, err := g.Calls(); err == nil {
		t.Errorf("Calls with a bad time zone succeeded")
	}
}

func TestSynthTimetable(t *testing.T) {
	first, last := calendar.MustDate("2026-06-01"), calendar.MustDate("2026-06-14")
	tt := SynthTimetable(first, last, nil, 3)
	if !cmp.Equal(tt, SynthTimetable(first, last, nil, 3)) {
		t.Errorf("SynthTimetable is not deterministic")
	}
	days := sittingsByDate(tt)
	if len(days) != 10 {
		t.Errorf("exams on %d days, want the 10 weekdays", len(days))
	}
	for d, es := range days {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday || len(es) < 2 || len(es) > 5 {
			t.Errorf("%s (%s): %d exams, want 2 to 5 on weekdays only", d, wd, len(es))
		}
		for _, e := range es {
			if e.RemoteSittings < 10 || e.RemoteSittings > 200 || (e.Minutes != 120 && e.Minutes != 180) {
				t.Errorf("exam %+v: want 10..200 sittings and 2 or 3 hours", e)
			}
		}
	}
}

// sampleSynth is the small synthetic desk of the repository's sample files: DefaultSynth over
// three weeks (two with exams, one without) at 6% of its volume, one agent per line.
func sampleSynth() *Synth {
	g := DefaultSynth(planner.DefaultSettings(), calendar.MustDate("2026-06-08"), calendar.MustDate("2026-06-27"), 8)
	for i := range g.Lines {
		l := &g.Lines[i]
		for t := range l.Volume {
			l.Volume[t] *= 0.06
		}
		l.PerSitting *= 0.06
		for q := range l.Spike {
			l.Spike[q] *= 0.06
		}
		for t := range DayTypes {
			for k := range l.Agents[t] {
				l.Agents[t][k] = 1
			}
		}
	}
	return g
}

// TestSample writes (with -update) or checks the sample call log and timetable of the
// repository's testdata folder, then checks, against a golden file, the model estimated from
// them and the forecast it builds for one day.
func TestSample(t *testing.T) {
	g := sampleSynth()
	calls, err := g.Calls()
	if err != nil {
		t.Fatal(err)
	}
	var cb, tb bytes.Buffer
	if err := WriteCalls(&cb, calls); err != nil {
		t.Fatal(err)
	}
	if err := WriteTimetable(&tb, g.Timetable); err != nil {
		t.Fatal(err)
	}
	callsFile := filepath.Join("..", "..", "testdata", "calls-sample.csv")
	ttFile := filepath.Join("..", "..", "testdata", "timetable-sample.csv")
	golden(t, callsFile, cb.Bytes())
	golden(t, ttFile, tb.Bytes())
	if n := len(calls); n < 200 || n > 1000 {
		t.Errorf("the sample has %d calls, want a few hundred", n)
	}

	s := planner.DefaultSettings()
	loc, _ := s.Location()
	f, err := os.Open(callsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	read, err := ReadCalls(f, callsFile, loc)
	if err != nil {
		t.Fatal(err)
	}
	tf, err := os.Open(ttFile)
	if err != nil {
		t.Fatal(err)
	}
	defer tf.Close()
	tt, err := ReadTimetable(tf, ttFile)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Estimate(read, s, &Options{Timetable: tt})
	if err != nil {
		t.Fatal(err)
	}
	d := calendar.MustDate("2026-06-29")
	exam := []ExamSitting{{Date: d, Start: calendar.MustClock("08:30"), Minutes: 180, RemoteSittings: 300}}
	rows, err := Build(m, planner.Session{ID: "sample", FirstDay: d, LastDay: d}, exam, s)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "sample-model.golden"), []byte(describe(m, rows)))
}

// describe prints a model and rows with 4 significant digits, so that the golden file does not
// hang on the last bits of floating point.
func describe(m *Model, rows []planner.ForecastRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "history %s..%s: %d days, %d calls, %d ignored, %d short abandons\n", m.First, m.Last, m.Days, m.Calls, m.Ignored, m.ShortAbandons)
	g := func(xs []float64) string {
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = fmt.Sprintf("%.4g", x)
		}
		return strings.Join(parts, " ")
	}
	for _, lm := range m.Lines {
		fmt.Fprintf(&b, "line %s: patience %.4g s (%d abandons); kernel %s\n", lm.Line, lm.Patience.Mean, lm.Patience.Abandons, g(lm.Kernel))
		for _, dm := range lm.Types {
			fmt.Fprintf(&b, "  %s: %d days, %d calls; calls = %.4g + %.4g × sittings (R² %.3f, fitted %v); mean AHT %.4g s, κ %.4g; patience %.4g s (pooled %v)\n",
				dm.Type, dm.Days, dm.Calls, dm.Volume.A, dm.Volume.B, dm.Volume.R2, dm.Volume.Fitted, dm.MeanAHT, dm.AHTShrink, dm.Patience.Mean, dm.Patience.Pooled)
			fmt.Fprintf(&b, "    profile %s\n    AHT %s\n", g(dm.Profile), g(dm.AHT))
		}
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "%s %s %s %s calls %.4g AHT %.4g patience %.4g\n", r.SessionID, r.Date, r.Slot, r.Line, r.Calls, r.AHT, r.Patience)
	}
	return b.String()
}

// golden compares got with the file, or writes the file with -update.
func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-file +got); run go test -update if the change is meant:\n%s", file, diff)
	}
}
