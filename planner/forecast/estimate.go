package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Defaults of Options.
const (
	// ShortAbandonSeconds: callers who hang up sooner are misdials, not impatient callers.
	ShortAbandonSeconds = 5
	// KernelMinutes: the exam kernels span this many minutes before and after an exam's start
	// slot and its last slot.
	KernelMinutes = 60
	// MinAbandons: a day type with fewer abandons takes the line's pooled patience.
	MinAbandons = 30
)

// DefaultPriors are the priors of the level model unless Options say otherwise. Resit
// sessions are often far quieter than the main ones: hence a wide session-type prior.
var DefaultPriors = Priors{Growth: 0.10, SessionType: 0.25, Weekday: 0.15,
	LineGrowth: 0.03, LineSessionType: 0.05, LineWeekday: 0.05}

// maxShrink caps κ, the AHT shrinkage weight in calls: at the cap every slot takes the day
// type's mean.
const maxShrink = 1e6

// Options tune Estimate and Backtest. A nil *Options, or a zero field, takes the default.
type Options struct {
	// Timetable is the exam timetable of the history period: the remote sittings of a day
	// add calls spread over the day, and its exams' starts and ends add calls around them.
	// Without it there are no sittings.
	Timetable []ExamSitting
	// ExamDay reports whether a day of the history is an exam day. A day with a sitting in
	// Timetable is always one; nil: only those are.
	ExamDay func(calendar.Date) bool
	// Sessions are the exam sessions the history falls in (others are ignored): each day of
	// the history belongs to the session that holds it, whose Type and first day set its level
	// (session type, growth). A day outside every session is left out (Model.Outside). Nil:
	// the whole history is one session of the empty type.
	Sessions []planner.Session
	// Closed lists the days the desk was closed (public holidays, closures): left out of the
	// history, whatever calls they have. An open day with no call at all is left out too.
	Closed []calendar.Date
	// ShortAbandonSeconds is the wait under which an abandon is a misdial (default 5).
	ShortAbandonSeconds float64
	// KernelMinutes is the half-width of the exam kernels (default 60).
	KernelMinutes int
	// MinAbandons is the fewest abandons for a day type's own patience (default 30).
	MinAbandons int
	// Priors are the priors of the level model; a zero field takes DefaultPriors'.
	Priors Priors
}

func (o *Options) withDefaults() Options {
	var v Options
	if o != nil {
		v = *o
	}
	if v.ShortAbandonSeconds <= 0 {
		v.ShortAbandonSeconds = ShortAbandonSeconds
	}
	if v.KernelMinutes <= 0 {
		v.KernelMinutes = KernelMinutes
	}
	if v.MinAbandons <= 0 {
		v.MinAbandons = MinAbandons
	}
	p, d := &v.Priors, DefaultPriors
	for _, f := range []struct{ v, def *float64 }{{&p.Growth, &d.Growth}, {&p.SessionType, &d.SessionType},
		{&p.Weekday, &d.Weekday}, {&p.LineGrowth, &d.LineGrowth}, {&p.LineSessionType, &d.LineSessionType},
		{&p.LineWeekday, &d.LineWeekday}} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	return v
}

// Model is what Estimate learns from a call history: per line, the level model of the daily
// calls, the exam kernels and, per day type, the profile, the AHT per slot and the patience.
// Its slot grid is that of the settings it was estimated with.
type Model struct {
	Open        calendar.Clock `json:"open"`
	Close       calendar.Clock `json:"close"`
	SlotMinutes int            `json:"slot_minutes"`
	// KernelSlots is J: the kernels cover the slots at offsets -J..+J of an exam's start slot
	// (the slot holding the start time) and of its last slot (the slot holding its last
	// minute).
	KernelSlots         int     `json:"kernel_slots"`
	ShortAbandonSeconds float64 `json:"short_abandon_seconds"`

	First         calendar.Date `json:"first"`          // first day of the history used
	Last          calendar.Date `json:"last"`           // last day of the history used
	Days          int           `json:"days"`           // open days with calls used
	Calls         int           `json:"calls"`          // calls used
	Ignored       int           `json:"ignored"`        // calls on closed days, outside opening hours or sessions
	ShortAbandons int           `json:"short_abandons"` // abandons under ShortAbandonSeconds
	Closed        int           `json:"closed_days"`    // days with calls left out as closed (Options.Closed)
	Outside       int           `json:"outside_days"`   // days with calls outside every session, left out

	// Origin is the day growth counts from: the first day of the history's first session.
	// A session's time is the years from Origin to its first day.
	Origin calendar.Date `json:"origin"`
	// Sessions are the sessions of the history, in date order.
	Sessions []HistorySession `json:"sessions"`
	// Priors are the priors the level model was fitted with.
	Priors Priors `json:"priors"`

	Lines []LineModel `json:"lines"` // sorted by line id
}

// HistorySession is a session of the history, as the model saw it.
type HistorySession struct {
	ID    string        `json:"id"` // "" when the history is one unnamed session
	Type  string        `json:"type"`
	First calendar.Date `json:"first"` // the session's first day (its time)
	Days  int           `json:"days"`  // days of history in it
	Calls int           `json:"calls"`
}

// Priors are the standard deviations of the zero-mean normal priors on the level model's log
// effects (see Level): an effect the history says little about stays near none (a short
// history gives no growth, a session type never seen the mean level, with this much more
// uncertainty); one it says much about is the history's.
type Priors struct {
	Growth      float64 `json:"growth"`       // the desk's growth per year (0.10: ±10% a year)
	SessionType float64 `json:"session_type"` // a session type's level against the others
	Weekday     float64 `json:"weekday"`      // a weekday against the mean weekday
	// LineGrowth, LineSessionType and LineWeekday bound a line's deviations from the desk's
	// effects (for weekdays, on each day type).
	LineGrowth      float64 `json:"line_growth"`
	LineSessionType float64 `json:"line_session_type"`
	LineWeekday     float64 `json:"line_weekday"`
}

// LineModel is the model of one line.
type LineModel struct {
	Line string `json:"line"`
	// Start[J+j] is the extra calls per remote sitting in the slot j slots after an exam's
	// start slot (j from -J to +J), on top of the day's profile; End[J+j] likewise around
	// the exam's last slot.
	Start []float64 `json:"start_kernel"`
	End   []float64 `json:"end_kernel"`
	// Level is the model of the day's calls.
	Level Level `json:"level"`
	// Patience is pooled over the day types.
	Patience Patience              `json:"patience"`
	Types    [NumDayTypes]DayModel `json:"types"` // indexed by DayType
}

// DayModel is the model of one line on one day type.
type DayModel struct {
	Type  DayType `json:"type"`
	Days  int     `json:"days"`  // history days of this type
	Calls int     `json:"calls"` // their calls within opening hours
	// Profile[k] is the share of the day's base calls (kernels taken out) in slot k; the
	// shares sum to 1.
	Profile []float64 `json:"profile"`
	// AHT[k] is the average handle time in seconds of slot k, shrunk towards MeanAHT.
	AHT     []float64 `json:"aht_seconds"`
	MeanAHT float64   `json:"mean_aht_seconds"`
	// AHTShrink is κ, the weight in calls of MeanAHT in each slot's AHT (capped at 1e6).
	AHTShrink float64  `json:"aht_shrink_calls"`
	Patience  Patience `json:"patience"`
}

// Patience is a censored exponential estimate of callers' patience.
type Patience struct {
	// Mean is the mean patience in seconds: ExposureSeconds / Abandons; 0 when unknown (no
	// abandon), which makes Build leave the forecast's patience to the settings.
	Mean            float64 `json:"mean_seconds"`
	Abandons        int     `json:"abandons"`         // abandons after ShortAbandonSeconds
	ExposureSeconds float64 `json:"exposure_seconds"` // waits, less ShortAbandonSeconds each
	Pooled          bool    `json:"pooled,omitempty"` // the line's pooled estimate stands in
}

func (p *Patience) finish() {
	p.Mean = 0
	if p.Abandons > 0 {
		p.Mean = p.ExposureSeconds / float64(p.Abandons)
	}
}

// Line returns the model of line id, or nil.
func (m *Model) Line(id string) *LineModel {
	i, ok := slices.BinarySearchFunc(m.Lines, id, func(l LineModel, id string) int { return strings.Compare(l.Line, id) })
	if !ok {
		return nil
	}
	return &m.Lines[i]
}

// Slots returns the start clocks of the model's slots.
func (m *Model) Slots() []calendar.Clock {
	var out []calendar.Clock
	for c := m.Open; c < m.Close; c += calendar.Clock(m.SlotMinutes) {
		out = append(out, c)
	}
	return out
}

// settings returns the slot grid of the model as settings.
func (m *Model) settings() planner.Settings {
	return planner.Settings{Open: m.Open, Close: m.Close, SlotMinutes: m.SlotMinutes}
}

// Years returns the time of a session that starts on first: years since Origin.
func (m *Model) Years(first calendar.Date) float64 { return float64(first.Sub(m.Origin)) / 365.25 }

// ErrNoHistory is returned when no call falls within the opening hours.
var ErrNoHistory = errors.New("forecast: no call of the history falls within the opening hours")

// Estimate fits a Model on a call history (see the package doc for the method). Calls on
// days the desk is closed (the settings' open days, Options.Closed), outside the opening hours
// or outside every session of Options.Sessions are ignored and counted in Model.Ignored. An
// open day with no call at all is taken as a day the desk was closed (a holiday) and left out;
// an open day with calls on some lines counts as a day of zero calls on the others.
//
// It returns an error when the settings are invalid, a call has a negative or non-finite
// wait or handle time, no call falls within the opening hours and sessions (ErrNoHistory), or
// a line has no answered call to take a handle time from.
func Estimate(calls []Call, s planner.Settings, opts *Options) (*Model, error) {
	o := opts.withDefaults()
	h, err := collect(calls, s, &o)
	if err != nil {
		return nil, err
	}
	return h.fit(&o)
}

// day is one open day of the history.
type day struct {
	date     calendar.Date
	typ      DayType
	session  int // index in history.sessions
	sittings []ExamSitting
	remote   int
	counts   [][]float64 // [line][slot] calls
}

// stats accumulates handle times.
type stats struct{ n, sum, sumsq float64 }

// history is a call log gathered per day, line and slot.
type history struct {
	s        planner.Settings
	loc      *time.Location
	nSlots   int
	lines    []string // in first-seen order
	lineIdx  map[string]int
	days     []*day // sorted by date after collect
	byDate   map[calendar.Date]*day
	sessions []HistorySession // those with days, in date order, after collect
	origin   calendar.Date
	aht      [][NumDayTypes][]stats // [line][type][slot]
	patience [][NumDayTypes]Patience
	calls    int
	ignored  int
	short    int
	closed   int
	outside  int
}

// sessionIndex returns, for a date, the index in ss (sorted by first day, not overlapping) of
// the session holding it, or -1.
func sessionIndex(ss []planner.Session, d calendar.Date) int {
	i, _ := slices.BinarySearchFunc(ss, d, func(s planner.Session, d calendar.Date) int {
		if s.LastDay.Before(d) {
			return -1
		}
		if s.FirstDay.After(d) {
			return 1
		}
		return 0
	})
	if i < len(ss) && ss[i].Contains(d) {
		return i
	}
	return -1
}

// collect gathers a call log into a history: per day, line and slot the calls, and per line,
// day type and slot the handle times and the callers' patience, on the days that count (open,
// not closed, within a session). Calls outside the opening hours or on such days are counted
// as ignored.
func collect(calls []Call, s planner.Settings, o *Options) (*history, error) {
	h, err := newHistory(s)
	if err != nil {
		return nil, err
	}
	g := newGatherer(h, o)
	for i, c := range calls {
		if err := g.add(i, c); err != nil {
			return nil, err
		}
	}
	h.closed, h.outside = len(g.closedSeen), len(g.outsideSeen)
	if h.calls == 0 {
		return nil, ErrNoHistory
	}
	h.sortDays()
	h.numberSessions(g.sessions)
	h.origin = h.sessions[0].First
	return h, nil
}

// newHistory returns an empty history under settings s, which it checks.
func newHistory(s planner.Settings) (*history, error) {
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	if s.SlotMinutes <= 0 {
		return nil, fmt.Errorf("forecast: slot_minutes %d is not positive", s.SlotMinutes)
	}
	loc, err := s.Location()
	if err != nil {
		return nil, fmt.Errorf("forecast: time_zone: %w", err)
	}
	return &history{
		s: s, loc: loc, nSlots: len(s.Slots()),
		lineIdx: map[string]int{}, byDate: map[calendar.Date]*day{},
	}, nil
}

// gatherer adds the calls of a log, one by one, to a history.
type gatherer struct {
	h           *history
	o           *Options
	sessions    []planner.Session // sorted by first day
	closed      map[calendar.Date]bool
	closedSeen  map[calendar.Date]bool // closed days that had calls
	outsideSeen map[calendar.Date]bool // days outside every session that had calls
	tt          map[calendar.Date][]ExamSitting
	slot, open  float64 // the slot length and the opening time, in seconds
	open7       [7]bool // the open weekdays
	last        *day    // the day of the previous call: logs come sorted by time
}

func newGatherer(h *history, o *Options) *gatherer {
	s := h.s
	g := &gatherer{
		h: h, o: o,
		sessions:    slices.Clone(o.Sessions),
		closed:      map[calendar.Date]bool{},
		closedSeen:  map[calendar.Date]bool{},
		outsideSeen: map[calendar.Date]bool{},
		tt:          sittingsByDate(o.Timetable),
		slot:        float64(s.SlotMinutes * 60),
		open:        float64(int(s.Open) * 60),
	}
	slices.SortFunc(g.sessions, func(a, b planner.Session) int { return a.FirstDay.Compare(b.FirstDay) })
	for _, d := range o.Closed {
		g.closed[d] = true
	}
	for _, wd := range s.OpenDays {
		g.open7[wd] = true
	}
	return g
}

// add adds call c, the i-th of the log, to the history, or counts it as ignored.
func (g *gatherer) add(i int, c Call) error {
	if !(c.WaitSeconds >= 0) || math.IsInf(c.WaitSeconds, 0) || !(c.HandleSeconds >= 0) || math.IsInf(c.HandleSeconds, 0) {
		return fmt.Errorf("forecast: call %d (%s, line %s): wait %v s and handle %v s must be finite and not negative",
			i, c.Arrival.Format(time.RFC3339), c.Line, c.WaitSeconds, c.HandleSeconds)
	}
	h := g.h
	t := c.Arrival.In(h.loc)
	date := calendar.DateOf(t)
	hh, mm, ss := t.Clock()
	sec := float64(hh*3600+mm*60+ss) + float64(t.Nanosecond())/1e9
	k := int(math.Floor((sec - g.open) / g.slot))
	if k < 0 || k >= h.nSlots || !g.open7[date.Weekday()] {
		h.ignored++
		return nil
	}
	d := g.day(date)
	if d == nil {
		h.ignored++
		return nil
	}
	g.last = d
	li := h.line(c.Line)
	for len(d.counts) <= li {
		d.counts = append(d.counts, make([]float64, h.nSlots))
	}
	d.counts[li][k]++
	h.calls++
	h.tally(li, d.typ, k, c, g.o.ShortAbandonSeconds)
	return nil
}

// day returns the history's day of date, adding it on its first call; nil when the desk was
// closed that day or the day is outside every session.
func (g *gatherer) day(date calendar.Date) *day {
	h := g.h
	d := g.last
	if d == nil || d.date != date {
		d = h.byDate[date]
	}
	if d != nil {
		return d
	}
	if g.closed[date] {
		g.closedSeen[date] = true
		return nil
	}
	si := 0
	if len(g.sessions) > 0 {
		if si = sessionIndex(g.sessions, date); si < 0 {
			g.outsideSeen[date] = true
			return nil
		}
	}
	es := g.tt[date]
	exam := len(es) > 0 || (g.o.ExamDay != nil && g.o.ExamDay(date))
	d = &day{date: date, typ: TypeOf(date, exam), session: si, sittings: es, remote: remote(es)}
	h.byDate[date] = d
	h.days = append(h.days, d)
	return d
}

// line returns the index of the line named name, adding it on its first call.
func (h *history) line(name string) int {
	li, ok := h.lineIdx[name]
	if ok {
		return li
	}
	li = len(h.lines)
	h.lineIdx[name] = li
	h.lines = append(h.lines, name)
	var a [NumDayTypes][]stats
	for typ := range a {
		a[typ] = make([]stats, h.nSlots)
	}
	h.aht = append(h.aht, a)
	h.patience = append(h.patience, [NumDayTypes]Patience{})
	return li
}

// tally counts call c of line li, in slot k of a day of type typ, in the handle times (an
// answered call) or the patience (waits, and abandons after shortAbandon seconds).
func (h *history) tally(li int, typ DayType, k int, c Call, shortAbandon float64) {
	switch {
	case c.Abandoned && c.WaitSeconds < shortAbandon:
		h.short++
	case c.Abandoned:
		p := &h.patience[li][typ]
		p.Abandons++
		p.ExposureSeconds += c.WaitSeconds - shortAbandon
	default:
		h.patience[li][typ].ExposureSeconds += max(0, c.WaitSeconds-shortAbandon)
		a := &h.aht[li][typ][k]
		a.n++
		a.sum += c.HandleSeconds
		a.sumsq += c.HandleSeconds * c.HandleSeconds
	}
}

// sortDays puts the days in date order, each with the counts of every line.
func (h *history) sortDays() {
	slices.SortFunc(h.days, func(a, b *day) int { return a.date.Sub(b.date) })
	for _, d := range h.days {
		for len(d.counts) < len(h.lines) {
			d.counts = append(d.counts, make([]float64, h.nSlots))
		}
	}
}

// numberSessions keeps the sessions (sorted by first day) that have days, numbered in date
// order, with their days and calls; with no sessions, the history is one session.
func (h *history) numberSessions(sessions []planner.Session) {
	if len(sessions) == 0 {
		sessions = []planner.Session{{FirstDay: h.days[0].date, LastDay: h.days[len(h.days)-1].date}}
	}
	renum := make([]int, len(sessions))
	for i := range renum {
		renum[i] = -1
	}
	for _, d := range h.days {
		if renum[d.session] < 0 {
			renum[d.session] = len(h.sessions)
			x := sessions[d.session]
			h.sessions = append(h.sessions, HistorySession{ID: x.ID, Type: x.Type, First: x.FirstDay})
		}
		d.session = renum[d.session]
		hs := &h.sessions[d.session]
		hs.Days++
		for li := range d.counts {
			hs.Calls += int(sum(d.counts[li]))
		}
	}
}

// years returns the time of session i of the history.
func (h *history) years(i int) float64 { return float64(h.sessions[i].First.Sub(h.origin)) / 365.25 }

func (h *history) fit(o *Options) (*Model, error) {
	s := h.s
	j := (o.KernelMinutes + s.SlotMinutes - 1) / s.SlotMinutes
	m := &Model{
		Open: s.Open, Close: s.Close, SlotMinutes: s.SlotMinutes,
		KernelSlots: j, ShortAbandonSeconds: o.ShortAbandonSeconds,
		First: h.days[0].date, Last: h.days[len(h.days)-1].date, Days: len(h.days),
		Calls: h.calls, Ignored: h.ignored, ShortAbandons: h.short, Closed: h.closed, Outside: h.outside,
		Origin: h.origin, Sessions: h.sessions,
		Priors: o.Priors,
	}
	order := make([]int, len(h.lines))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(h.lines[a], h.lines[b]) })
	designs := h.designs(j)
	shapes := make([]*shape, len(h.lines))
	lines := make([]LineModel, len(h.lines))
	for li := range h.lines {
		shapes[li] = h.fitShape(li, j, designs)
		lm, err := h.fitLine(li, shapes[li], o)
		if err != nil {
			return nil, err
		}
		lines[li] = lm
	}
	for li, lv := range h.fitLevels(shapes, m.Priors) {
		lines[li].Level = lv
	}
	for _, li := range order {
		m.Lines = append(m.Lines, lines[li])
	}
	return m, nil
}

// fitLine fits what is line li's own: its kernels and profiles (sh), AHT and patience.
func (h *history) fitLine(li int, sh *shape, o *Options) (LineModel, error) {
	lm := LineModel{Line: h.lines[li], Start: sh.start, End: sh.end}

	var pooledAHT stats
	for t := range DayTypes {
		for _, a := range h.aht[li][t] {
			pooledAHT.n += a.n
			pooledAHT.sum += a.sum
		}
		lm.Patience.Abandons += h.patience[li][t].Abandons
		lm.Patience.ExposureSeconds += h.patience[li][t].ExposureSeconds
	}
	lm.Patience.finish()
	if pooledAHT.n == 0 {
		return lm, fmt.Errorf("forecast: line %s has no answered call in the history: no handle time to learn from", lm.Line)
	}
	for t, typ := range DayTypes {
		dm := DayModel{Type: typ}
		for _, d := range h.days {
			if d.typ == typ {
				dm.Days++
				dm.Calls += int(sum(d.counts[li]))
			}
		}
		if dm.Days == 0 {
			lm.Types[t] = dm
			continue
		}
		dm.Profile = sh.profile[t]
		dm.AHT, dm.MeanAHT, dm.AHTShrink = shrinkAHT(h.aht[li][t], pooledAHT.sum/pooledAHT.n)
		dm.Patience = h.patience[li][t]
		dm.Patience.finish()
		if dm.Patience.Abandons < o.MinAbandons {
			dm.Patience = lm.Patience
			dm.Patience.Pooled = true
		}
		lm.Types[t] = dm
	}
	return lm, nil
}

// shrinkAHT returns the AHT per slot shrunk towards the day mean by empirical Bayes, the
// day mean (fallback when no call was answered) and κ.
func shrinkAHT(st []stats, fallback float64) (aht []float64, mean, kappa float64) {
	var n, total, within, dfWithin float64
	used := 0
	for _, a := range st {
		if a.n == 0 {
			continue
		}
		used++
		n += a.n
		total += a.sum
		if a.n > 1 {
			within += a.sumsq - a.sum*a.sum/a.n
			dfWithin += a.n - 1
		}
	}
	aht = make([]float64, len(st))
	if n == 0 {
		for k := range aht {
			aht[k] = fallback
		}
		return aht, fallback, maxShrink
	}
	mean = total / n
	kappa = maxShrink
	if used > 1 && dfWithin > 0 {
		sigma2 := max(0, within/dfWithin)
		var between, noise float64
		for _, a := range st {
			if a.n == 0 {
				continue
			}
			d := a.sum/a.n - mean
			between += d * d
			noise += sigma2 / a.n
		}
		tau2 := (between - noise) / float64(used)
		if tau2 > 0 {
			kappa = min(maxShrink, sigma2/tau2)
		}
	}
	for k, a := range st {
		aht[k] = (a.sum + kappa*mean) / (a.n + kappa)
	}
	return aht, mean, kappa
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// normalise clamps negative entries to 0 and scales to a sum of 1; all zeros give a uniform
// profile.
func normalise(xs []float64) []float64 {
	out := make([]float64, len(xs))
	t := 0.0
	for i, x := range xs {
		out[i] = max(0, x)
		t += out[i]
	}
	for i := range out {
		if t > 0 {
			out[i] /= t
		} else {
			out[i] = 1 / float64(len(out))
		}
	}
	return out
}
