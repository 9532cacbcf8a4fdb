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
	bt, err := newBacktest(calls, s, opts)
	if err != nil {
		return res, err
	}
	tot := newBacktestTotals()
	for i := 2; i < len(bt.h.sessions); i++ {
		acc, sc, err := bt.session(i)
		if err != nil {
			return res, err
		}
		tot.add(sc)
		res.Sessions = append(res.Sessions, acc)
	}
	tot.fill(&res)
	return res, nil
}

// backtest is the rolling-origin backtest of a call history.
type backtest struct {
	calls []Call
	s     planner.Settings
	o     Options
	h     *history
	byID  map[string]planner.Session
	days  [][]*day // days[i]: the history's days of session i
}

func newBacktest(calls []Call, s planner.Settings, opts *Options) (*backtest, error) {
	bt := &backtest{calls: calls, s: s, o: opts.withDefaults(), byID: map[string]planner.Session{}}
	if len(bt.o.Sessions) == 0 {
		return nil, fmt.Errorf("forecast: a backtest needs the sessions of the history")
	}
	h, err := collect(calls, s, &bt.o)
	if err != nil {
		return nil, err
	}
	if len(h.sessions) < 3 {
		return nil, fmt.Errorf("forecast: a backtest needs three sessions with history or more, the history has %d", len(h.sessions))
	}
	bt.h = h
	for _, x := range bt.o.Sessions {
		bt.byID[x.ID] = x
	}
	bt.days = make([][]*day, len(h.sessions))
	for _, d := range h.days {
		bt.days[d.session] = append(bt.days[d.session], d)
	}
	return bt, nil
}

// sessionScore is the score of one session: the model's, and the baselines' (ly: the session
// a year earlier, -1 without; l2: the last two of the same type, nil without).
type sessionScore struct {
	model, lastYear, lastTwo measure
	ly                       int
	l2                       []int
}

// session forecasts session i of the history from the calls before its first day and scores
// the forecast and the baselines.
func (bt *backtest) session(i int) (SessionAccuracy, sessionScore, error) {
	h := bt.h
	target := bt.byID[h.sessions[i].ID]
	acc := SessionAccuracy{Session: target.ID, Type: target.Type, First: target.FirstDay, Last: target.LastDay}
	for _, x := range h.sessions[:i] {
		acc.Trained = append(acc.Trained, x.ID)
	}
	byDay, err := bt.forecast(target)
	if err != nil {
		return acc, sessionScore{}, fmt.Errorf("forecast: backtest of session %s: %w", target.ID, err)
	}
	sc := bt.score(i, byDay)
	acc.Model = sc.model.result()
	if sc.ly >= 0 {
		acc.LastYear, acc.LastYearFrom = sc.lastYear.ptr(), h.sessions[sc.ly].ID
	}
	if sc.l2 != nil {
		acc.LastTwo, acc.LastTwoFrom = sc.lastTwo.ptr(), []string{h.sessions[sc.l2[0]].ID, h.sessions[sc.l2[1]].ID}
	}
	return acc, sc, nil
}

// lineDay names the forecast rows of one line on one day.
type lineDay struct {
	date calendar.Date
	line string
}

// forecast estimates a model on the calls before target's first day and builds target's
// forecast with it, grouped by line-day.
func (bt *backtest) forecast(target planner.Session) (map[lineDay][]planner.ForecastRow, error) {
	var train []Call
	for _, c := range bt.calls {
		if calendar.DateOf(c.Arrival.In(bt.h.loc)).Before(target.FirstDay) {
			train = append(train, c)
		}
	}
	model, err := Estimate(train, bt.s, &bt.o)
	if err != nil {
		return nil, err
	}
	rows, err := Build(model, target, bt.o.Timetable, bt.s, bt.o.Closed)
	if err != nil {
		return nil, err
	}
	byDay := map[lineDay][]planner.ForecastRow{}
	for _, r := range rows {
		k := lineDay{r.Date, r.Line}
		byDay[k] = append(byDay[k], r)
	}
	return byDay, nil
}

// score compares the forecast of session i (byDay) and the baselines with the calls that
// came, line-day by line-day; the lines the model lacks are not scored.
func (bt *backtest) score(i int, byDay map[lineDay][]planner.ForecastRow) sessionScore {
	h, days := bt.h, bt.days
	q := (1 - BacktestInterval) / 2
	sc := sessionScore{ly: h.lastYear(i), l2: h.lastTwo(i)}
	sc.model.intervals = true
	for _, d := range days[i] {
		for li, line := range h.lines {
			fr := byDay[lineDay{d.date, line}]
			if len(fr) != h.nSlots {
				continue // a line the model lacks
			}
			f := make([]float64, h.nSlots)
			for k, r := range fr {
				f[k] = r.Calls
			}
			y := sum(d.counts[li])
			inside := y >= planner.DayCallsQuantile(fr, q) && y <= planner.DayCallsQuantile(fr, 1-q)
			sc.model.add(d.counts[li], f, inside)
			if sc.ly >= 0 {
				sc.lastYear.add(d.counts[li], h.sameDay(days[sc.ly], h.sessions[i].First, h.sessions[sc.ly].First, d.date, li), false)
			}
			if sc.l2 != nil {
				sc.lastTwo.add(d.counts[li], h.weekdayMean(slices.Concat(days[sc.l2[0]], days[sc.l2[1]]), d.date.Weekday(), li), false)
			}
		}
	}
	return sc
}

// backtestTotals accumulates the sessions' scores: the model over every session, and each
// baseline and the model over the sessions that have that baseline.
type backtestTotals struct {
	all, lastYear, lastTwo, modelLY, modelL2 measure
	haveLY, haveL2                           bool
}

func newBacktestTotals() *backtestTotals {
	t := &backtestTotals{}
	t.all.intervals, t.modelLY.intervals, t.modelL2.intervals = true, true, true
	return t
}

func (t *backtestTotals) add(sc sessionScore) {
	t.all.merge(sc.model)
	if sc.ly >= 0 {
		t.lastYear.merge(sc.lastYear)
		t.modelLY.merge(sc.model)
		t.haveLY = true
	}
	if sc.l2 != nil {
		t.lastTwo.merge(sc.lastTwo)
		t.modelL2.merge(sc.model)
		t.haveL2 = true
	}
}

// fill sets the overall measures of res.
func (t *backtestTotals) fill(res *BacktestResult) {
	res.Model = t.all.result()
	if t.haveLY {
		res.LastYear, res.ModelVsLastYear = t.lastYear.ptr(), t.modelLY.ptr()
	}
	if t.haveL2 {
		res.LastTwo, res.ModelVsLastTwo = t.lastTwo.ptr(), t.modelL2.ptr()
	}
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
