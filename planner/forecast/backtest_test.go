package forecast

import (
	"math"
	"strings"
	"testing"
	"time"

	"deskplan/planner"
	"deskplan/planner/calendar"
)

// TestBacktestBeatsNaive: on the synthetic history with exam spikes, the model's errors are
// below the naive day-of-week average's: overall, on each line, and in most slots.
func TestBacktestBeatsNaive(t *testing.T) {
	h := mustHistory(t, sixteenWeeks)
	res, err := Backtest(h.calls, h.g.Settings, &Options{Timetable: h.g.Timetable}, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("model MAE %.2f RMSE %.2f, naive MAE %.2f RMSE %.2f calls per slot, over %d cells",
		res.Model.MAE, res.Model.RMSE, res.Naive.MAE, res.Naive.RMSE, res.Model.N)
	nSlots := len(h.g.Settings.Slots())
	if len(res.Holdout) != 10 || res.Model.N != 10*len(h.g.Lines)*nSlots || res.Naive.N != res.Model.N {
		t.Fatalf("holdout %d days, %d and %d cells; want 10 days and %d cells", len(res.Holdout), res.Model.N, res.Naive.N, 10*len(h.g.Lines)*nSlots)
	}
	if !res.TrainLast.Before(res.Holdout[0]) || res.TrainDays+10 != estimateSynth(t, h).Days {
		t.Errorf("training %s..%s (%d days) overlaps or misses the holdout %v", res.TrainFirst, res.TrainLast, res.TrainDays, res.Holdout)
	}
	if res.Model.MAE >= res.Naive.MAE || res.Model.RMSE >= res.Naive.RMSE {
		t.Errorf("model MAE %.3f RMSE %.3f, naive MAE %.3f RMSE %.3f: want the model better", res.Model.MAE, res.Model.RMSE, res.Naive.MAE, res.Naive.RMSE)
	}
	for _, l := range res.Lines {
		if l.Model.MAE >= l.Naive.MAE {
			t.Errorf("line %s: model MAE %.3f, naive %.3f: want the model better", l.Line, l.Model.MAE, l.Naive.MAE)
		}
	}
	better := 0
	for _, se := range res.Slots {
		if se.Model.MAE < se.Naive.MAE {
			better++
		}
	}
	if len(res.Slots) != nSlots || better < 2*nSlots/3 {
		t.Errorf("model better in %d of %d slots, want at least two thirds", better, len(res.Slots))
	}
}

// TestBacktestSameEveryDay: when every open day brings the same calls, both forecasts are
// exact: the errors are 0, which checks that days, lines and slots line up.
func TestBacktestSameEveryDay(t *testing.T) {
	s := planner.DefaultSettings()
	s.TimeZone = "UTC"
	var calls []Call
	first := calendar.MustDate("2026-06-01")
	days := 0
	for d := first; d.Before(first.AddDays(28)); d = d.AddDays(1) {
		if !s.IsOpen(d.Weekday()) {
			continue
		}
		days++
		for i, c := range []string{"07:30", "07:45", "09:10", "12:00", "19:29"} {
			line := []string{"LLN", "MONS"}[i%2]
			calls = append(calls, Call{Arrival: d.In(calendar.MustClock(c), time.UTC), Line: line, HandleSeconds: 300})
		}
	}
	res, err := Backtest(calls, s, nil, 6)
	if err != nil {
		t.Fatal(err)
	}
	if res.TrainDays != days-6 || len(res.Holdout) != 6 || res.Holdout[5] != calendar.MustDate("2026-06-27") {
		t.Errorf("train %d days, holdout %v: want %d and the last 6 open days to 2026-06-27", res.TrainDays, res.Holdout, days-6)
	}
	if res.Model.MAE > 1e-9 || res.Naive.MAE > 1e-9 || res.Model.N != 6*2*len(s.Slots()) {
		t.Errorf("model %+v, naive %+v: want no error over %d cells", res.Model, res.Naive, 6*2*len(s.Slots()))
	}
}

func TestBacktestErrors(t *testing.T) {
	h := mustHistory(t, sixteenWeeks)
	for _, n := range []int{0, -1, 96, 1000} {
		if _, err := Backtest(h.calls, h.g.Settings, &Options{Timetable: h.g.Timetable}, n); err == nil || !strings.Contains(err.Error(), "holdout days") {
			t.Errorf("Backtest(holdout %d) error = %v, want a holdout days error", n, err)
		}
	}
}

// TestFifteenMinuteSlots: on a 15-minute grid the kernel has 9 entries (-60..+60 minutes),
// the estimates still recover the generator's kernel and patience, and the model still beats
// the naive forecast.
func TestFifteenMinuteSlots(t *testing.T) {
	s := planner.DefaultSettings()
	s.SlotMinutes = 15
	g := DefaultSynth(s, calendar.MustDate("2026-01-05"), calendar.MustDate("2026-04-25"), 1)
	calls, err := g.Calls()
	if err != nil {
		t.Fatal(err)
	}
	opts := &Options{Timetable: g.Timetable}
	m, err := Estimate(calls, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	lln := m.Line("LLN")
	if m.KernelSlots != 4 || len(lln.Kernel) != 9 || len(lln.Types[ExamWeekday].Profile) != 48 {
		t.Fatalf("kernel slots %d, kernel %d entries, profile %d slots: want 4, 9, 48", m.KernelSlots, len(lln.Kernel), len(lln.Types[ExamWeekday].Profile))
	}
	for q, want := range g.Lines[0].Spike {
		if got := lln.Kernel[q]; math.Abs(got-want) > 0.012 {
			t.Errorf("LLN kernel at offset %+d = %.4f, want %.4f ± 0.012", q-4, got, want)
		}
	}
	if e := relErr(lln.Patience.Mean, g.Lines[0].Patience); e > 0.10 {
		t.Errorf("LLN patience %.1f s, want %.0f s ± 10%%", lln.Patience.Mean, g.Lines[0].Patience)
	}
	res, err := Backtest(calls, s, opts, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Slots) != 48 || res.Model.MAE >= res.Naive.MAE || res.Model.RMSE >= res.Naive.RMSE {
		t.Errorf("%d slots; model MAE %.3f RMSE %.3f, naive MAE %.3f RMSE %.3f: want 48 slots and the model better",
			len(res.Slots), res.Model.MAE, res.Model.RMSE, res.Naive.MAE, res.Naive.RMSE)
	}
}
