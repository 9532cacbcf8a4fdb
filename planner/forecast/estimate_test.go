package forecast

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskplan/planner"
	"deskplan/planner/calendar"
)

// synthLog is a synthetic history of DefaultSynth with its calls.
type synthLog struct {
	g     *Synth
	calls []Call
}

var (
	// sixteenWeeks: 2026-01-05 to 2026-04-25, seed 1: LLN about 19,500 calls and 2,200
	// abandons, MONS about 8,500 calls and 800 abandons.
	sixteenWeeks = sync.OnceValues(func() (synthLog, error) {
		return synthHistory(calendar.MustDate("2026-01-05"), calendar.MustDate("2026-04-25"), 1)
	})
	// fortyWeeks: 2026-01-05 to 2026-10-10, seed 2: for the volume fit, which needs many
	// days.
	fortyWeeks = sync.OnceValues(func() (synthLog, error) {
		return synthHistory(calendar.MustDate("2026-01-05"), calendar.MustDate("2026-10-10"), 2)
	})
)

func synthHistory(first, last calendar.Date, seed uint64) (synthLog, error) {
	g := DefaultSynth(planner.DefaultSettings(), first, last, seed)
	calls, err := g.Calls()
	return synthLog{g, calls}, err
}

func mustHistory(t testing.TB, f func() (synthLog, error)) synthLog {
	t.Helper()
	h, err := f()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func estimateSynth(t testing.TB, h synthLog) *Model {
	t.Helper()
	m, err := Estimate(h.calls, h.g.Settings, &Options{Timetable: h.g.Timetable})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	return m
}

func relErr(got, want float64) float64 { return math.Abs(got/want - 1) }

// The tolerances of the recovery tests, on sixteenWeeks (about 4.5 standard errors each; a
// sweep over 15 other seeds stayed within them):
//   - patience: within 10% on LLN (about 20,000 calls and 2,200 abandons: standard error 2%)
//     and 15% on MONS (8,500 calls, 800 abandons: standard error 3.5%);
//   - the exam-start kernel: every entry within 0.012 calls per sitting (peaks 0.06, 0.03);
//   - the base profile: every share within 5 binomial standard errors sqrt(p(1-p)/n) of the
//     generator's, n the calls of the line and day type;
//   - the AHT: each day type's mean within 7% of the generator's, and the slots' AHT within
//     15% on average (weighted by the profile) of the generator's slot means (lognormal
//     handle times with a coefficient of variation of 0.66, some slots with 20 calls).
func TestEstimateRecoversSynth(t *testing.T) {
	h := mustHistory(t, sixteenWeeks)
	m := estimateSynth(t, h)
	if len(m.Lines) != len(h.g.Lines) {
		t.Fatalf("model has %d lines, want %d", len(m.Lines), len(h.g.Lines))
	}
	patienceTol := map[string]float64{"LLN": 0.10, "MONS": 0.15}
	for _, l := range h.g.Lines {
		lm := m.Line(l.ID)
		if lm == nil {
			t.Fatalf("no model of line %s", l.ID)
		}
		t.Logf("%s: %d calls; patience %.1f s (generator %.0f s, %d abandons); kernel %.4f (generator %.4f)",
			l.ID, lm.Types[0].Calls+lm.Types[1].Calls+lm.Types[2].Calls, lm.Patience.Mean, l.Patience, lm.Patience.Abandons, lm.Kernel, l.Spike)
		if e := relErr(lm.Patience.Mean, l.Patience); e > patienceTol[l.ID] {
			t.Errorf("%s patience = %.1f s from %d abandons, want %.0f s within %.0f%%",
				l.ID, lm.Patience.Mean, lm.Patience.Abandons, l.Patience, 100*patienceTol[l.ID])
		}
		for q, want := range l.Spike {
			if got := lm.Kernel[q]; math.Abs(got-want) > 0.012 {
				t.Errorf("%s kernel at offset %+d = %.4f, want %.4f ± 0.012", l.ID, q-m.KernelSlots, got, want)
			}
		}
		for _, typ := range DayTypes {
			dm := lm.Types[typ]
			if dm.Days == 0 {
				t.Fatalf("%s %s: no day in the history", l.ID, typ)
			}
			truth := l.TrueProfile(typ)
			for k, p := range truth {
				se := math.Sqrt(p * (1 - p) / float64(dm.Calls))
				if got := dm.Profile[k]; math.Abs(got-p) > 5*se {
					t.Errorf("%s %s profile slot %d = %.4f, want %.4f ± %.4f", l.ID, typ, k, got, p, 5*se)
				}
			}
			var wAHT, errAHT, w float64
			for k, p := range truth {
				w += p
				wAHT += p * l.AHT[k]
				errAHT += p * relErr(dm.AHT[k], l.AHT[k])
			}
			t.Logf("%s %s: %d calls; mean AHT %.1f s (generator %.1f s), slot AHTs %.1f%% off on average",
				l.ID, typ, dm.Calls, dm.MeanAHT, wAHT/w, 100*errAHT/w)
			if e := relErr(dm.MeanAHT, wAHT/w); e > 0.07 {
				t.Errorf("%s %s mean AHT = %.1f s, want %.1f s within 7%%", l.ID, typ, dm.MeanAHT, wAHT/w)
			}
			if e := errAHT / w; e > 0.15 {
				t.Errorf("%s %s slot AHTs are %.1f%% off on average, want within 15%%", l.ID, typ, 100*e)
			}
		}
	}
}

// TestEstimateVolumeFit: on forty weeks (about 130 exam weekdays with a day-to-day noise of
// 10% on the base volume), A within 10% and B within 30% of the generator's (standard errors
// about 3% and 10%).
func TestEstimateVolumeFit(t *testing.T) {
	h := mustHistory(t, fortyWeeks)
	m := estimateSynth(t, h)
	for _, l := range h.g.Lines {
		lm := m.Line(l.ID)
		ex := lm.Types[ExamWeekday].Volume
		t.Logf("%s exam weekdays: calls = %.1f + %.4f × sittings (R² %.2f, %d days); generator %.0f + %.4f × sittings",
			l.ID, ex.A, ex.B, ex.R2, ex.Days, l.Volume[ExamWeekday], l.TrueB())
		if !ex.Fitted || ex.R2 <= 0 || ex.R2 > 1 {
			t.Errorf("%s exam weekday fit = %+v, want fitted with 0 < R² <= 1", l.ID, ex)
		}
		if relErr(ex.A, l.Volume[ExamWeekday]) > 0.10 || relErr(ex.B, l.TrueB()) > 0.30 {
			t.Errorf("%s exam weekdays: calls = %.1f + %.4f × sittings, want %.0f (±10%%) + %.4f (±30%%) × sittings",
				l.ID, ex.A, ex.B, l.Volume[ExamWeekday], l.TrueB())
		}
		non := lm.Types[NonExamDay].Volume
		if non.Fitted || non.B != 0 || relErr(non.A, l.Volume[NonExamDay]) > 0.10 {
			t.Errorf("%s non-exam days: fit %+v, want not fitted, A = %.0f ± 10%%", l.ID, non, l.Volume[NonExamDay])
		}
	}
}

// TestShortAbandons: misdials bias the patience down unless they are left out. With a
// quarter of the callers misdialling, the estimate that keeps them is far too low, and the
// default one is within the tolerance of TestEstimateRecoversSynth.
func TestShortAbandons(t *testing.T) {
	g := DefaultSynth(planner.DefaultSettings(), calendar.MustDate("2026-01-05"), calendar.MustDate("2026-04-25"), 4)
	for i := range g.Lines {
		g.Lines[i].Misdials = 0.25
	}
	calls, err := g.Calls()
	if err != nil {
		t.Fatal(err)
	}
	m, err := Estimate(calls, g.Settings, &Options{Timetable: g.Timetable})
	if err != nil {
		t.Fatal(err)
	}
	keep, err := Estimate(calls, g.Settings, &Options{Timetable: g.Timetable, ShortAbandonSeconds: 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	if !(keep.ShortAbandons < m.ShortAbandons) {
		t.Errorf("short abandons = %d with the default and %d with 1e-9 s, want more with the default", m.ShortAbandons, keep.ShortAbandons)
	}
	l := g.Lines[0]
	with, without := m.Line(l.ID).Patience.Mean, keep.Line(l.ID).Patience.Mean
	t.Logf("%s patience: %.1f s leaving misdials out, %.1f s keeping them, generator %.0f s", l.ID, with, without, l.Patience)
	if relErr(with, l.Patience) > 0.10 || relErr(without, l.Patience) < 0.2 {
		t.Errorf("%s patience %.1f s leaving misdials out, %.1f s keeping them: want the first within 10%% of %.0f s, the second 20%% off or more",
			l.ID, with, without, l.Patience)
	}
}

// TestPatienceByHand works the censored estimate through on four calls.
func TestPatienceByHand(t *testing.T) {
	s := planner.DefaultSettings()
	s.TimeZone = "UTC"
	at := time.Date(2026, 6, 8, 9, 0, 0, 0, time.UTC) // a Monday
	calls := []Call{
		{Arrival: at, Line: "L", WaitSeconds: 10, HandleSeconds: 100},                   // censored: 5 s of exposure
		{Arrival: at.Add(time.Minute), Line: "L", WaitSeconds: 2, HandleSeconds: 200},   // censored under 5 s: none
		{Arrival: at.Add(2 * time.Minute), Line: "L", WaitSeconds: 65, Abandoned: true}, // abandon: 60 s
		{Arrival: at.Add(3 * time.Minute), Line: "L", WaitSeconds: 3, Abandoned: true},  // misdial: left out
		{Arrival: at.Add(4 * time.Minute), Line: "L", WaitSeconds: 30, Abandoned: true}, // abandon: 25 s
	}
	m, err := Estimate(calls, s, &Options{MinAbandons: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := Patience{Mean: (5.0 + 60 + 25) / 2, Abandons: 2, ExposureSeconds: 5 + 60 + 25}
	if got := m.Lines[0].Patience; got != want {
		t.Errorf("patience = %+v, want %+v", got, want)
	}
	if got := m.Lines[0].Types[NonExamDay].Patience; got != want {
		t.Errorf("non-exam day patience = %+v, want %+v", got, want)
	}
	if m.ShortAbandons != 1 || m.Calls != 5 {
		t.Errorf("short abandons %d, calls %d, want 1 and 5", m.ShortAbandons, m.Calls)
	}
	if got := m.Lines[0].Types[NonExamDay].MeanAHT; got != 150 {
		t.Errorf("mean AHT = %v, want 150 (answered calls only)", got)
	}
	// With the default MinAbandons a day type with 2 abandons takes the pooled estimate.
	m, err = Estimate(calls, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := m.Lines[0].Types[NonExamDay].Patience; !p.Pooled || p.Mean != want.Mean {
		t.Errorf("patience with few abandons = %+v, want the pooled %v", p, want.Mean)
	}
}

func TestEstimateIgnoresClosedTimes(t *testing.T) {
	s := planner.DefaultSettings() // Mon-Sat 07:30-19:30, Brussels
	loc := brussels(t)
	mk := func(s string) Call {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return Call{Arrival: tm, Line: "LLN", WaitSeconds: 1, HandleSeconds: 60}
	}
	calls := []Call{
		mk("2026-06-08 07:29:59"), // before opening
		mk("2026-06-08 07:30:00"), // first slot
		mk("2026-06-08 19:29:59"), // last slot
		mk("2026-06-08 19:30:00"), // closed
		mk("2026-06-07 10:00:00"), // Sunday
	}
	// A UTC arrival is read in the desk's zone: 17:15Z is 19:15 in Brussels (summer).
	calls = append(calls, Call{Arrival: time.Date(2026, 6, 8, 17, 15, 0, 0, time.UTC), Line: "LLN", HandleSeconds: 60})
	m, err := Estimate(calls, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Calls != 3 || m.Ignored != 3 || m.Days != 1 {
		t.Fatalf("calls %d, ignored %d, days %d, want 3, 3, 1", m.Calls, m.Ignored, m.Days)
	}
	p := m.Lines[0].Types[NonExamDay].Profile
	n := len(p)
	if p[0] != 1.0/3 || p[n-1] != 2.0/3 {
		t.Errorf("profile first and last slots = %v, %v, want 1/3 and 2/3", p[0], p[n-1])
	}
}

func TestEstimateErrors(t *testing.T) {
	s := planner.DefaultSettings()
	ok := Call{Arrival: time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC), Line: "LLN", WaitSeconds: 1, HandleSeconds: 60}
	bad := s
	bad.Close = bad.Open
	tests := []struct {
		name  string
		calls []Call
		s     planner.Settings
		want  string
	}{
		{"no calls", nil, s, ErrNoHistory.Error()},
		{"all closed", []Call{{Arrival: time.Date(2026, 6, 7, 10, 0, 0, 0, time.UTC), Line: "LLN"}}, s, ErrNoHistory.Error()},
		{"negative wait", []Call{ok, {Arrival: ok.Arrival, Line: "LLN", WaitSeconds: -1}}, s, "call 1"},
		{"NaN handle", []Call{{Arrival: ok.Arrival, Line: "LLN", HandleSeconds: math.NaN()}}, s, "call 0"},
		{"no answered call", []Call{ok, {Arrival: ok.Arrival, Line: "MONS", WaitSeconds: 40, Abandoned: true}}, s, "line MONS has no answered call"},
		{"bad settings", []Call{ok}, bad, "close_time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Estimate(tt.calls, tt.s, nil)
			if err == nil || m != nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Estimate = %v, %v, want an error containing %q", m, err, tt.want)
			}
		})
	}
	if _, err := Estimate(nil, s, nil); !errors.Is(err, ErrNoHistory) {
		t.Errorf("Estimate(nil) = %v, want ErrNoHistory", err)
	}
}

// TestModelJSON: a model survives a JSON round trip, so that the store can keep it as is.
func TestModelJSON(t *testing.T) {
	m := estimateSynth(t, mustHistory(t, sixteenWeeks))
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m, &back); diff != "" {
		t.Errorf("model changed on a JSON round trip (-before +after):\n%s", diff)
	}
	var typ DayType
	if err := typ.UnmarshalText([]byte("holiday")); err == nil {
		t.Errorf("DayType accepted %q", "holiday")
	}
}

func TestFitLinear(t *testing.T) {
	tests := []struct {
		name   string
		xs, ys []float64
		want   Fit
	}{
		{"exact line", []float64{0, 1, 2, 3, 4}, []float64{3, 5, 7, 9, 11}, Fit{A: 3, B: 2, R2: 1, Days: 5, Fitted: true}},
		{"constant x: the mean", []float64{5, 5, 5, 5, 5}, []float64{1, 2, 6, 1, 5}, Fit{A: 3, Days: 5}},
		{"four days: the mean", []float64{0, 1, 2, 3}, []float64{1, 3, 1, 3}, Fit{A: 2, Days: 4}},
		{"flat y", []float64{0, 1, 2, 3, 4}, []float64{4, 4, 4, 4, 4}, Fit{A: 4, B: 0, R2: 0, Days: 5, Fitted: true}},
	}
	for _, tt := range tests {
		if got := fitLinear(tt.xs, tt.ys); got != tt.want {
			t.Errorf("%s: fitLinear(%v, %v) = %+v, want %+v", tt.name, tt.xs, tt.ys, got, tt.want)
		}
	}
	// R² of a noisy line is the squared correlation.
	got := fitLinear([]float64{0, 1, 2, 3, 4}, []float64{1, 2, 2, 4, 6})
	// Hand computed: mean x 2, mean y 3, Sxx 10, Sxy 12, Syy 16: B 1.2, A 0.6, R² 0.9.
	if math.Abs(got.B-1.2) > 1e-12 || math.Abs(got.A-0.6) > 1e-12 || math.Abs(got.R2-0.9) > 1e-12 {
		t.Errorf("fitLinear noisy = %+v, want A 0.6, B 1.2, R² 0.9", got)
	}
}

func TestShrinkAHT(t *testing.T) {
	// Slots whose means differ far more than the noise keep their own means...
	st := []stats{mkStats(200, 100, 10), mkStats(200, 300, 10), {}}
	aht, mean, kappa := shrinkAHT(st, 999)
	if math.Abs(aht[0]-100) > 1 || math.Abs(aht[1]-300) > 1 || aht[2] != mean || mean != 200 {
		t.Errorf("distinct slots: AHT %v, mean %v, κ %v: want about 100, 300 and the mean 200 for the empty slot", aht, mean, kappa)
	}
	// ... slots whose means differ less than the noise all take the day mean.
	st = []stats{mkStats(4, 100, 200), mkStats(4, 110, 200)}
	aht, mean, kappa = shrinkAHT(st, 999)
	if kappa != maxShrink || math.Abs(aht[0]-mean) > 0.01 || math.Abs(aht[1]-mean) > 0.01 {
		t.Errorf("noisy slots: AHT %v, mean %v, κ %v: want every slot at the mean", aht, mean, kappa)
	}
	// No answered call: the fallback.
	if aht, mean, _ := shrinkAHT(make([]stats, 2), 42); mean != 42 || aht[0] != 42 || aht[1] != 42 {
		t.Errorf("no calls: AHT %v, mean %v, want the fallback 42", aht, mean)
	}
}

// mkStats returns the stats of n handle times with the given mean and standard deviation
// (half at mean-sd, half at mean+sd).
func mkStats(n int, mean, sd float64) stats {
	var s stats
	for i := range n {
		x := mean - sd
		if i%2 == 1 {
			x = mean + sd
		}
		s.n++
		s.sum += x
		s.sumsq += x * x
	}
	return s
}

// BenchmarkEstimate fits a model on about 200,000 synthetic calls (112 weeks of DefaultSynth).
func BenchmarkEstimate(b *testing.B) {
	h, err := synthHistory(calendar.MustDate("2026-01-05"), calendar.MustDate("2028-02-26"), 3)
	if err != nil {
		b.Fatal(err)
	}
	opts := &Options{Timetable: h.g.Timetable}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Estimate(h.calls, h.g.Settings, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(h.calls)), "calls")
	b.ReportMetric(float64(len(h.calls))*float64(b.N)/b.Elapsed().Seconds(), "calls/s")
}
