package forecast

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// TestBacktestBySession: on six sessions, the four with two or more before them are forecast
// from those before; the three with a session of their type a year before get that baseline,
// none has two sessions of its type before (so no mean-profile baseline); the model beats the
// baseline on both WAPEs, and its intervals hold a fair share of the days.
func TestBacktestBySession(t *testing.T) {
	h := mustHistory(t, sixSessions)
	res, err := Backtest(h.calls, h.g.Settings, h.options())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id       string
		trained  int
		lastYear string
	}{{"aug-2024", 2, ""}, {"jan-2025", 3, "jan-2024"}, {"jun-2025", 4, "jun-2024"}, {"aug-2025", 5, "aug-2024"}}
	if len(res.Sessions) != len(want) {
		t.Fatalf("backtest of %d sessions, want %d", len(res.Sessions), len(want))
	}
	lyDays := 0
	for i, w := range want {
		x := res.Sessions[i]
		t.Logf("%s (%s): bias %+.1f%%, slot WAPE %.3f, day WAPE %.3f, inside %.0f%%", x.Session, x.Type, 100*x.Model.Bias,
			x.Model.SlotWAPE, x.Model.DayWAPE, 100**x.Model.Inside)
		if x.Session != w.id || len(x.Trained) != w.trained || x.LastYearFrom != w.lastYear || (x.LastYear == nil) != (w.lastYear == "") || x.LastTwo != nil {
			t.Errorf("session %d = %s trained on %v, last year %q (%v), last two %v: want %s on %d sessions, last year %q, no last two",
				i, x.Session, x.Trained, x.LastYearFrom, x.LastYear, x.LastTwo, w.id, w.trained, w.lastYear)
			continue
		}
		if x.Model.Days == 0 || x.Model.Inside == nil || *x.Model.Inside < 0 || *x.Model.Inside > 1 || x.Model.Calls <= 0 {
			t.Errorf("%s model measures %+v: want days, calls and a share inside", x.Session, x.Model)
		}
		if x.LastYear != nil {
			lyDays += x.Model.Days
			if x.LastYear.Inside != nil || x.LastYear.Days != x.Model.Days || x.LastYear.Calls != x.Model.Calls {
				t.Errorf("%s baseline %+v: want the model's line-days and calls, no interval", x.Session, *x.LastYear)
			}
			if x.Model.SlotWAPE >= x.LastYear.SlotWAPE || x.Model.DayWAPE >= x.LastYear.DayWAPE {
				t.Errorf("%s: model WAPEs %.3f and %.3f, last year's %.3f and %.3f: want the model better", x.Session,
					x.Model.SlotWAPE, x.Model.DayWAPE, x.LastYear.SlotWAPE, x.LastYear.DayWAPE)
			}
		}
	}
	if res.LastTwo != nil || res.LastYear == nil || res.ModelVsLastYear.Days != lyDays || res.Model.Days <= lyDays {
		t.Errorf("overall: last two %v, last year %v over %d line-days (model %d): want no last two, last year over %d",
			res.LastTwo, res.LastYear, res.ModelVsLastYear.Days, res.Model.Days, lyDays)
	}
	if in := *res.Model.Inside; in < 0.6 || in > 0.95 {
		t.Errorf("%.1f%% of line-days inside their 80%% intervals, want 60-95%% (the acceptance test holds it to 75-85%%)", 100*in)
	}
}

// TestMeasureByHand works two line-days through: calls 10 (slots 4 and 6) forecast as 5 and
// 5, inside; calls 20 (10 and 10) forecast as 12 and 12, outside.
func TestMeasureByHand(t *testing.T) {
	m := measure{intervals: true}
	m.add([]float64{4, 6}, []float64{5, 5}, true)
	m.add([]float64{10, 10}, []float64{12, 12}, false)
	half := 0.5
	want := Measures{Days: 2, Calls: 30, Forecast: 34, Bias: 4.0 / 30, SlotWAPE: (1 + 1 + 2 + 2) / 30.0, DayWAPE: 4.0 / 30, Inside: &half}
	if diff := cmp.Diff(want, m.result()); diff != "" {
		t.Errorf("measures (-want +got):\n%s", diff)
	}
	if r := (measure{}).result(); r.Inside != nil || r.Bias != 0 {
		t.Errorf("empty measures = %+v, want zeros and no interval", r)
	}
}

// TestBaselinesByHand: the session a year earlier, the last two of a type, and the day a
// year earlier at the same week and weekday.
func TestBaselinesByHand(t *testing.T) {
	d := calendar.MustDate
	h := &history{nSlots: 2, sessions: []HistorySession{
		{ID: "jan1", Type: "january", First: d("2024-01-08")},
		{ID: "jun1", Type: "june", First: d("2024-06-03")},
		{ID: "jan2", Type: "january", First: d("2025-01-06")},
		{ID: "jan3", Type: "january", First: d("2026-01-12")},
		{ID: "jan5", Type: "january", First: d("2028-01-10")},
	}}
	for i, want := range []int{-1, -1, 0, 2, -1} {
		if got := h.lastYear(i); got != want {
			t.Errorf("lastYear(%s) = %d, want %d", h.sessions[i].ID, got, want)
		}
	}
	if got := h.lastTwo(3); !cmp.Equal(got, []int{2, 0}) || h.lastTwo(2) != nil || h.lastTwo(1) != nil {
		t.Errorf("lastTwo = %v, %v, %v, want [2 0], nil, nil", got, h.lastTwo(2), h.lastTwo(1))
	}
	past := []*day{
		{date: d("2025-01-06"), counts: [][]float64{{1, 2}}},  // Monday, week 0
		{date: d("2025-01-13"), counts: [][]float64{{3, 4}}},  // Monday, week 1
		{date: d("2025-01-14"), counts: [][]float64{{10, 0}}}, // Tuesday, week 1
	}
	// 2026-01-19 is the Monday of week 1 of a session from 2026-01-12: 2025-01-13.
	if got := h.sameDay(past, d("2026-01-12"), d("2025-01-06"), d("2026-01-19"), 0); !cmp.Equal(got, []float64{3, 4}) {
		t.Errorf("sameDay = %v, want [3 4]", got)
	}
	// Week 2's Monday has no day a year before: the Mondays' mean.
	if got := h.sameDay(past, d("2026-01-12"), d("2025-01-06"), d("2026-01-26"), 0); !cmp.Equal(got, []float64{2, 3}) {
		t.Errorf("sameDay without a day = %v, want the Mondays' mean [2 3]", got)
	}
	// No Wednesday at all: every day's mean.
	if got := h.weekdayMean(past, time.Wednesday, 0); !cmp.Equal(got, []float64{14.0 / 3, 2}) {
		t.Errorf("weekdayMean(Wednesday) = %v, want [4.67 2]", got)
	}
}

func TestBacktestErrors(t *testing.T) {
	h := mustHistory(t, sixSessions)
	two := SessionSynth(planner.DefaultSettings(), SynthSessions(2024, 2), 1)
	calls, err := two.Calls()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		calls []Call
		opts  *Options
		want  string
	}{
		{"no sessions", h.calls, &Options{Timetable: h.g.Timetable}, "needs the sessions of the history"},
		{"two sessions", calls, &Options{Timetable: two.Timetable, Sessions: two.Sessions}, "three sessions with history or more, the history has 2"},
		{"no calls", nil, h.options(), ErrNoHistory.Error()},
	}
	for _, tt := range tests {
		if _, err := Backtest(tt.calls, h.g.Settings, tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Backtest error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// TestFifteenMinuteSlots: on a 15-minute grid the kernels have 9 entries (-60..+60 minutes),
// and the estimates still recover the generator's start kernel and patience.
func TestFifteenMinuteSlots(t *testing.T) {
	s := planner.DefaultSettings()
	s.SlotMinutes = 15
	g := DefaultSynth(s, calendar.MustDate("2026-01-05"), calendar.MustDate("2026-04-25"), 1)
	calls, err := g.Calls()
	if err != nil {
		t.Fatal(err)
	}
	m, err := Estimate(calls, s, &Options{Timetable: g.Timetable})
	if err != nil {
		t.Fatal(err)
	}
	lln := m.Line("LLN")
	if m.KernelSlots != 4 || len(lln.Start) != 9 || len(lln.End) != 9 || len(lln.Types[ExamWeekday].Profile) != 48 {
		t.Fatalf("kernel slots %d, kernels %d and %d entries, profile %d slots: want 4, 9, 9, 48", m.KernelSlots, len(lln.Start), len(lln.End), len(lln.Types[ExamWeekday].Profile))
	}
	for q, want := range g.Lines[0].Spike {
		if got := lln.Start[q]; math.Abs(got-want) > 0.012 {
			t.Errorf("LLN start kernel at offset %+d = %.4f, want %.4f ± 0.012", q-4, got, want)
		}
	}
	if e := relErr(lln.Patience.Mean, g.Lines[0].Patience); e > 0.10 {
		t.Errorf("LLN patience %.1f s, want %.0f s ± 10%%", lln.Patience.Mean, g.Lines[0].Patience)
	}
}

// BenchmarkBacktest backtests six sessions of SessionSynth: four fits and forecasts.
func BenchmarkBacktest(b *testing.B) {
	h := mustHistory(b, sixSessions)
	opts := h.options()
	var res BacktestResult
	for b.Loop() {
		var err error
		if res, err = Backtest(h.calls, h.g.Settings, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Sessions)), "sessions")
	b.ReportMetric(*res.Model.Inside, "inside80")
	b.ReportMetric(res.Model.DayWAPE, "dayWAPE")
}
