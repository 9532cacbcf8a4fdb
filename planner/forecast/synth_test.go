package forecast

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
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
	rows, err := Build(m, planner.Session{ID: "sample", FirstDay: d, LastDay: d}, exam, s, nil)
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
		fmt.Fprintf(&b, "line %s: patience %.4g s (%d abandons); start kernel %s; end kernel %s\n", lm.Line, lm.Patience.Mean,
			lm.Patience.Abandons, g(lm.Start), g(lm.End))
		lv := lm.Level
		fmt.Fprintf(&b, "  level: day noise %.4g, slot noise %.4g, centre %.4g\n", lv.DayNoise, lv.SlotNoise, lv.Centre)
		for i, p := range lv.Params {
			name := p.Kind
			if p.Desk {
				name = "desk " + name
			}
			switch {
			case p.Kind == ParamBase || p.Kind == ParamWeekday && !p.Desk:
				name += " " + p.DayType.String()
			case p.Kind == ParamSessionType:
				name += " " + strconv.Quote(p.SessionType)
			}
			if p.Kind == ParamWeekday {
				name += " " + p.Weekday.String()
			}
			// Absolute decimals: values near 0 stay 0.0000 whatever the last bits.
			fmt.Fprintf(&b, "    %s: %.4f ± %.4f (%d days)\n", name, p.Value, math.Sqrt(lv.Cov[i][i]), p.Days)
		}
		for _, dm := range lm.Types {
			fmt.Fprintf(&b, "  %s: %d days, %d calls; mean AHT %.4g s, κ %.4g; patience %.4g s (pooled %v)\n",
				dm.Type, dm.Days, dm.Calls, dm.MeanAHT, dm.AHTShrink, dm.Patience.Mean, dm.Patience.Pooled)
			fmt.Fprintf(&b, "    profile %s\n    AHT %s\n", g(dm.Profile), g(dm.AHT))
		}
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "%s %s %s %s calls %.4g AHT %.4g patience %.4g day CV %.4g slot CV %.4g\n", r.SessionID, r.Date, r.Slot, r.Line,
			r.Calls, r.AHT, r.Patience, r.DayCV, r.SlotCV)
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

// TestSessionSynth: SessionSynth's sessions, levels, holidays and expected calls.
func TestSessionSynth(t *testing.T) {
	s := planner.DefaultSettings()
	sessions := SynthSessions(2024, 4)
	want := []string{"jan-2024 january 2024-01-08..2024-02-03", "jun-2024 june 2024-06-03..2024-06-29",
		"aug-2024 august-september 2024-08-19..2024-09-07", "jan-2025 january 2025-01-06..2025-02-01"}
	for i, x := range sessions {
		if got := fmt.Sprintf("%s %s %s..%s", x.ID, x.Type, x.FirstDay, x.LastDay); got != want[i] {
			t.Errorf("session %d = %s, want %s", i, got, want[i])
		}
	}
	g := SessionSynth(s, sessions, 3)
	// Levels: the growth by the years since the first session, times the type's factor.
	for i, x := range sessions {
		years := float64(x.FirstDay.Sub(sessions[0].FirstDay)) / 365.25
		want := math.Pow(1.08, years) * g.TypeFactor[x.Type]
		if got := g.Level(i); math.Abs(got-want) > 1e-12 {
			t.Errorf("Level(%s) = %.4f, want %.4f", x.ID, got, want)
		}
	}
	g.SessionGrowth, g.Growth = 0.03, 0
	if got, want := g.Level(3), math.Pow(1.03, 3); math.Abs(got-want) > 1e-12 {
		t.Errorf("Level with 3%% a session = %.4f, want %.4f", got, want)
	}
	g.SessionGrowth, g.Growth = 0, 0.08
	calls, err := g.Calls()
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := s.Location()
	perDay := map[calendar.Date]int{}
	answered := map[calendar.Date]int{}
	for _, c := range calls {
		d := calendar.DateOf(c.Arrival.In(loc))
		perDay[d]++
		if !c.Abandoned {
			answered[d]++
		}
	}
	if len(g.Closed) != 1 {
		t.Fatalf("closed days %v, want the june holiday", g.Closed)
	}
	h := g.Closed[0]
	if h != calendar.MustDate("2024-06-10") || perDay[h] == 0 || answered[h] != 0 || perDay[h] > perDay[h.AddDays(7)]/10 {
		t.Errorf("holiday %s: %d calls, %d answered (a week later %d): want a few calls, none answered", h, perDay[h], answered[h], perDay[h.AddDays(7)])
	}
	// Expected: the mean of the calls over the exam weekdays of a session is near the sum of
	// the expected calls (day noise 10% over some 15 days a line: within 8%).
	var got, exp float64
	tt := sittingsByDate(g.Timetable)
	for d := sessions[3].FirstDay; !d.After(sessions[3].LastDay); d = d.AddDays(1) {
		if len(tt[d]) == 0 || d.Weekday() == time.Saturday {
			continue
		}
		got += float64(perDay[d])
		for _, l := range g.Expected(d) {
			exp += sum(l)
		}
	}
	if relErr(got, exp) > 0.08 {
		t.Errorf("%s exam weekdays: %.0f calls, expected %.0f: want within 8%%", sessions[3].ID, got, exp)
	}
}

func TestGamma(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, a := range []float64{0.5, 4, 100} {
		var s, s2 float64
		const n = 20000
		for range n {
			x := gamma(rng, a)
			s += x
			s2 += x * x
		}
		mean, v := s/n, s2/n-(s/n)*(s/n)
		if relErr(mean, a) > 0.03 || relErr(v, a) > 0.08 {
			t.Errorf("gamma(%v): mean %.3f, variance %.3f, want %v ± 3%% and ± 8%%", a, mean, v, a)
		}
	}
}
