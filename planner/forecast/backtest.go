package forecast

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// BacktestInterval is the central interval whose coverage Backtest reports: 80%, from the 10%
// to the 90% quantile of a day's calls.
const BacktestInterval = 0.8

// Measures are the accuracy of a forecast over line-days (a day of one line) against the
// calls that came.
type Measures struct {
	Days     int     `json:"days"`     // line-days
	Calls    float64 `json:"calls"`    // calls that came
	Forecast float64 `json:"forecast"` // calls forecast
	// Bias is (Forecast - Calls) / Calls: below 0, the forecast was low.
	Bias float64 `json:"bias"`
	// SlotWAPE is Σ |forecast - calls| over the slots, over Σ calls; DayWAPE likewise over the
	// line-days' totals (what sets the paid hours).
	SlotWAPE float64 `json:"slot_wape"`
	DayWAPE  float64 `json:"day_wape"`
	// Inside is the share of line-days whose calls fell inside the forecast's 80% interval;
	// nil for a forecast without intervals (the baselines).
	Inside *float64 `json:"inside_80,omitempty"`
}

// measure accumulates Measures.
type measure struct {
	days                   int
	calls, fc, slotAbs, dy float64
	inside                 int
	intervals              bool
}

// add scores one line-day: the calls per slot that came and those forecast, and whether the
// day's calls fell inside its interval.
func (m *measure) add(actual, forecast []float64, inside bool) {
	var a, f float64
	for k := range actual {
		a += actual[k]
		f += forecast[k]
		m.slotAbs += math.Abs(forecast[k] - actual[k])
	}
	m.days++
	m.calls += a
	m.fc += f
	m.dy += math.Abs(f - a)
	if inside {
		m.inside++
	}
}

func (m *measure) merge(o measure) {
	m.days += o.days
	m.calls += o.calls
	m.fc += o.fc
	m.slotAbs += o.slotAbs
	m.dy += o.dy
	m.inside += o.inside
}

func (m measure) result() Measures {
	r := Measures{Days: m.days, Calls: m.calls, Forecast: m.fc}
	if m.calls > 0 {
		r.Bias = (m.fc - m.calls) / m.calls
		r.SlotWAPE = m.slotAbs / m.calls
		r.DayWAPE = m.dy / m.calls
	}
	if m.intervals && m.days > 0 {
		share := float64(m.inside) / float64(m.days)
		r.Inside = &share
	}
	return r
}

func (m measure) ptr() *Measures {
	r := m.result()
	return &r
}

// SessionAccuracy is the backtest of one session: the model fitted on the history before its
// first day, and the two baselines, against the calls that came.
type SessionAccuracy struct {
	Session string        `json:"session"`
	Type    string        `json:"type"`
	First   calendar.Date `json:"first"`
	Last    calendar.Date `json:"last"`
	// Trained lists the sessions the model was fitted on: every session of the history before.
	Trained []string `json:"trained_on"`
	Model   Measures `json:"model"`
	// LastYear is the baseline "the same session a year earlier": the calls of the session of
	// the same type that began 330 to 400 days before (LastYearFrom), day by day at the same
	// week and weekday from its first Monday (its mean of that weekday when that day has no
	// history). Nil when there is none.
	LastYear     *Measures `json:"last_year,omitempty"`
	LastYearFrom string    `json:"last_year_from,omitempty"`
	// LastTwo is the baseline "the mean profile of the last two sessions of the same type"
	// (LastTwoFrom): per line, weekday and slot, the mean calls of their days of that weekday
	// (of all their days for a weekday they lack). Nil with fewer than two such sessions.
	LastTwo     *Measures `json:"last_two,omitempty"`
	LastTwoFrom []string  `json:"last_two_from,omitempty"`
}

// BacktestResult is a rolling-origin backtest by session (see Backtest).
type BacktestResult struct {
	Interval float64           `json:"interval"` // BacktestInterval
	Sessions []SessionAccuracy `json:"sessions"`
	// Model is over every session; LastYear and LastTwo over the sessions that have them, and
	// ModelVsLastYear and ModelVsLastTwo are the model over those same sessions.
	Model           Measures  `json:"model"`
	LastYear        *Measures `json:"last_year,omitempty"`
	ModelVsLastYear *Measures `json:"model_vs_last_year,omitempty"`
	LastTwo         *Measures `json:"last_two,omitempty"`
	ModelVsLastTwo  *Measures `json:"model_vs_last_two,omitempty"`
}

// Backtest measures the forecast's accuracy the way it is used: by rolling origin, session by
// session. Every session of the history (opts.Sessions with days of history, in date order)
// with at least two before it is forecast with Estimate and Build from the calls before its
// first day only, with its exams from opts.Timetable (known in advance, as when a session is
// planned) and its closed days from opts.Closed, and compared, line-day by line-day, with the
// calls that came. The days of the session without any call are taken as closed and not
// scored; lines the history before lacks are not scored either.
//
// It reports per session and overall the bias, the WAPE of slots and of line-days' totals,
// and the share of line-days inside the forecast's 80% interval; and the same (but the
// interval) for two baselines: the same session a year earlier, and the mean profile of the
// last two sessions of the same type (see SessionAccuracy).
//
// It returns an error when opts has fewer than three sessions with history, or when Estimate
// or Build does for a session.
func Backtest(calls []Call, s planner.Settings, opts *Options) (BacktestResult, error) {
	res := BacktestResult{Interval: BacktestInterval, Sessions: []SessionAccuracy{}}
	o := opts.withDefaults()
	if len(o.Sessions) == 0 {
		return res, fmt.Errorf("forecast: a backtest needs the sessions of the history")
	}
	h, err := collect(calls, s, &o)
	if err != nil {
		return res, err
	}
	if len(h.sessions) < 3 {
		return res, fmt.Errorf("forecast: a backtest needs three sessions with history or more, the history has %d", len(h.sessions))
	}
	byID := map[string]planner.Session{}
	for _, x := range o.Sessions {
		byID[x.ID] = x
	}
	// days[i]: the history's days of session i
	days := make([][]*day, len(h.sessions))
	for _, d := range h.days {
		days[d.session] = append(days[d.session], d)
	}
	var all, lastYear, lastTwo, modelLY, modelL2 measure
	all.intervals, modelLY.intervals, modelL2.intervals = true, true, true
	haveLY, haveL2 := false, false
	q := (1 - BacktestInterval) / 2
	for i := 2; i < len(h.sessions); i++ {
		target := byID[h.sessions[i].ID]
		acc := SessionAccuracy{Session: target.ID, Type: target.Type, First: target.FirstDay, Last: target.LastDay}
		for _, x := range h.sessions[:i] {
			acc.Trained = append(acc.Trained, x.ID)
		}
		var train []Call
		for _, c := range calls {
			if calendar.DateOf(c.Arrival.In(h.loc)).Before(target.FirstDay) {
				train = append(train, c)
			}
		}
		model, err := Estimate(train, s, &o)
		if err != nil {
			return res, fmt.Errorf("forecast: backtest of session %s: %w", target.ID, err)
		}
		rows, err := Build(model, target, o.Timetable, s, o.Closed)
		if err != nil {
			return res, fmt.Errorf("forecast: backtest of session %s: %w", target.ID, err)
		}
		type key struct {
			date calendar.Date
			line string
		}
		byDay := map[key][]planner.ForecastRow{}
		for _, r := range rows {
			k := key{r.Date, r.Line}
			byDay[k] = append(byDay[k], r)
		}
		ly := h.lastYear(i)
		l2 := h.lastTwo(i)
		var m, mLY, mL2 measure
		m.intervals = true
		for _, d := range days[i] {
			for li, line := range h.lines {
				fr := byDay[key{d.date, line}]
				if len(fr) != h.nSlots {
					continue // a line the model lacks
				}
				f := make([]float64, h.nSlots)
				for k, r := range fr {
					f[k] = r.Calls
				}
				y := sum(d.counts[li])
				inside := y >= planner.DayCallsQuantile(fr, q) && y <= planner.DayCallsQuantile(fr, 1-q)
				m.add(d.counts[li], f, inside)
				if ly >= 0 {
					mLY.add(d.counts[li], h.sameDay(days[ly], h.sessions[i].First, h.sessions[ly].First, d.date, li), false)
				}
				if l2 != nil {
					mL2.add(d.counts[li], h.weekdayMean(slices.Concat(days[l2[0]], days[l2[1]]), d.date.Weekday(), li), false)
				}
			}
		}
		acc.Model = m.result()
		all.merge(m)
		if ly >= 0 {
			acc.LastYear, acc.LastYearFrom = mLY.ptr(), h.sessions[ly].ID
			lastYear.merge(mLY)
			modelLY.merge(m)
			haveLY = true
		}
		if l2 != nil {
			acc.LastTwo, acc.LastTwoFrom = mL2.ptr(), []string{h.sessions[l2[0]].ID, h.sessions[l2[1]].ID}
			lastTwo.merge(mL2)
			modelL2.merge(m)
			haveL2 = true
		}
		res.Sessions = append(res.Sessions, acc)
	}
	res.Model = all.result()
	if haveLY {
		res.LastYear, res.ModelVsLastYear = lastYear.ptr(), modelLY.ptr()
	}
	if haveL2 {
		res.LastTwo, res.ModelVsLastTwo = lastTwo.ptr(), modelL2.ptr()
	}
	return res, nil
}

// lastYear returns the index of the session of the history of the same type as session i
// that began 330 to 400 days before it (the nearest to 365), or -1.
func (h *history) lastYear(i int) int {
	best, gap := -1, 0
	for j := range i {
		if h.sessions[j].Type != h.sessions[i].Type {
			continue
		}
		days := h.sessions[i].First.Sub(h.sessions[j].First)
		if days >= 330 && days <= 400 && (best < 0 || abs(days-365) < gap) {
			best, gap = j, abs(days-365)
		}
	}
	return best
}

// lastTwo returns the indexes of the last two sessions of the history before session i of its
// type, or nil.
func (h *history) lastTwo(i int) []int {
	var out []int
	for j := i - 1; j >= 0 && len(out) < 2; j-- {
		if h.sessions[j].Type == h.sessions[i].Type {
			out = append(out, j)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// sameDay returns the calls of line li in the day of past (the days of a session that began
// on pastFirst) at the same week and weekday, from the first Mondays, as day d of a session
// that begins on first; the past session's mean of d's weekday when it has no such day.
func (h *history) sameDay(past []*day, first, pastFirst, d calendar.Date, li int) []float64 {
	want := pastFirst.Monday().AddDays(d.Sub(first.Monday()))
	for _, x := range past {
		if x.date == want {
			return x.counts[li]
		}
	}
	return h.weekdayMean(past, d.Weekday(), li)
}

// weekdayMean returns the mean calls per slot of line li over the days of weekday wd among
// days (over all of them when none is such a day).
func (h *history) weekdayMean(days []*day, wd time.Weekday, li int) []float64 {
	out := make([]float64, h.nSlots)
	n := 0
	for _, pass := range []bool{true, false} {
		for _, x := range days {
			if pass && x.date.Weekday() != wd {
				continue
			}
			n++
			for k, c := range x.counts[li] {
				out[k] += c
			}
		}
		if n > 0 {
			break
		}
	}
	for k := range out {
		out[k] /= float64(max(n, 1))
	}
	return out
}
