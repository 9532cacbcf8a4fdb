package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"deskplan/planner"
	"deskplan/planner/calendar"
)

// Defaults of Options.
const (
	// ShortAbandonSeconds: callers who hang up sooner are misdials, not impatient callers.
	ShortAbandonSeconds = 5
	// KernelMinutes: the exam-start kernel spans this many minutes before and after a start.
	KernelMinutes = 60
	// MinAbandons: a day type with fewer abandons takes the line's pooled patience.
	MinAbandons = 30
	// MinFitDays: a day type with fewer days gets its mean volume, not a fit on sittings.
	MinFitDays = 5
)

// maxShrink caps κ, the AHT shrinkage weight in calls: at the cap every slot takes the day
// type's mean.
const maxShrink = 1e6

// Options tune Estimate and Backtest. A nil *Options, or a zero field, takes the default.
type Options struct {
	// Timetable is the exam timetable of the history period: the remote sittings of a day
	// drive its volume, and exam starts its spikes. Without it the volume of a day type is
	// its mean and there are no spikes.
	Timetable []ExamSitting
	// ExamDay reports whether a day of the history is an exam day. A day with a sitting in
	// Timetable is always one; nil: only those are.
	ExamDay func(calendar.Date) bool
	// ShortAbandonSeconds is the wait under which an abandon is a misdial (default 5).
	ShortAbandonSeconds float64
	// KernelMinutes is the half-width of the exam-start kernel (default 60).
	KernelMinutes int
	// MinAbandons is the fewest abandons for a day type's own patience (default 30).
	MinAbandons int
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
	return v
}

// Model is what Estimate learns from a call history: per line, the exam-start kernel and,
// per day type, the volume fit, the base profile, the AHT per slot and the patience. Its
// slot grid is that of the settings it was estimated with.
type Model struct {
	Open        calendar.Clock `json:"open"`
	Close       calendar.Clock `json:"close"`
	SlotMinutes int            `json:"slot_minutes"`
	// KernelSlots is J: the kernel covers the slots at offsets -J..+J of an exam's start
	// slot (the slot holding the start time).
	KernelSlots         int     `json:"kernel_slots"`
	ShortAbandonSeconds float64 `json:"short_abandon_seconds"`

	First         calendar.Date `json:"first"`          // first day of the history used
	Last          calendar.Date `json:"last"`           // last day of the history used
	Days          int           `json:"days"`           // open days with calls
	Calls         int           `json:"calls"`          // calls used
	Ignored       int           `json:"ignored"`        // calls on closed days or outside opening hours
	ShortAbandons int           `json:"short_abandons"` // abandons under ShortAbandonSeconds

	Lines []LineModel `json:"lines"` // sorted by line id
}

// LineModel is the model of one line.
type LineModel struct {
	Line string `json:"line"`
	// Kernel[J+j] is the extra calls per remote sitting in the slot j slots after an exam's
	// start slot (j from -J to +J), on top of the base profile.
	Kernel []float64 `json:"kernel"`
	// Patience is pooled over the day types.
	Patience Patience              `json:"patience"`
	Types    [NumDayTypes]DayModel `json:"types"` // indexed by DayType
}

// DayModel is the model of one line on one day type.
type DayModel struct {
	Type  DayType `json:"type"`
	Days  int     `json:"days"`  // history days of this type
	Calls int     `json:"calls"` // their calls within opening hours
	// Volume is the daily calls as a function of the day's remote sittings.
	Volume Fit `json:"volume"`
	// Profile[k] is the share of the day's base calls (spikes taken out) in slot k; the
	// shares sum to 1.
	Profile []float64 `json:"profile"`
	// AHT[k] is the average handle time in seconds of slot k, shrunk towards MeanAHT.
	AHT     []float64 `json:"aht_seconds"`
	MeanAHT float64   `json:"mean_aht_seconds"`
	// AHTShrink is κ, the weight in calls of MeanAHT in each slot's AHT (capped at 1e6).
	AHTShrink float64  `json:"aht_shrink_calls"`
	Patience  Patience `json:"patience"`
}

// Fit is the least-squares line calls = A + B × remote sittings over Days days.
type Fit struct {
	A    float64 `json:"a"`
	B    float64 `json:"b"`
	R2   float64 `json:"r2"`   // coefficient of determination; 0 when not Fitted
	Days int     `json:"days"` // days the fit is on
	// Fitted is false when the sittings did not vary or there are fewer than MinFitDays
	// days: then B = 0 and A is the mean.
	Fitted bool `json:"fitted"`
}

// At returns the fit's daily calls for the given remote sittings, at least 0.
func (f Fit) At(sittings int) float64 { return max(0, f.A+f.B*float64(sittings)) }

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
	i, ok := slices.BinarySearchFunc(m.Lines, id, func(l LineModel, id string) int {
		switch {
		case l.Line < id:
			return -1
		case l.Line > id:
			return 1
		}
		return 0
	})
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

// ErrNoHistory is returned when no call falls in the opening hours.
var ErrNoHistory = errors.New("forecast: no call of the history falls within the opening hours")

// Estimate fits a Model on a call history (see the package doc for the method). Calls on
// days the desk is closed, or outside the opening hours, are ignored and counted in
// Model.Ignored. An open day with no call at all is taken as a day the desk was closed (a
// holiday) and left out; an open day with calls on some lines counts as a day of zero calls
// on the others.
//
// It returns an error when the settings are invalid, a call has a negative or non-finite
// wait or handle time, no call falls within the opening hours (ErrNoHistory), or a line has
// no answered call to take a handle time from.
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
	aht      [][NumDayTypes][]stats // [line][type][slot]
	patience [][NumDayTypes]Patience
	calls    int
	ignored  int
	short    int
}

func collect(calls []Call, s planner.Settings, o *Options) (*history, error) {
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
	h := &history{
		s: s, loc: loc, nSlots: len(s.Slots()),
		lineIdx: map[string]int{}, byDate: map[calendar.Date]*day{},
	}
	tt := sittingsByDate(o.Timetable)
	slot := float64(s.SlotMinutes * 60)
	open := float64(int(s.Open) * 60)
	var last *day // the day of the previous call: logs come sorted by time
	var open7 [7]bool
	for _, wd := range s.OpenDays {
		open7[wd] = true
	}
	for i, c := range calls {
		if !(c.WaitSeconds >= 0) || math.IsInf(c.WaitSeconds, 0) || !(c.HandleSeconds >= 0) || math.IsInf(c.HandleSeconds, 0) {
			return nil, fmt.Errorf("forecast: call %d (%s, line %s): wait %v s and handle %v s must be finite and not negative",
				i, c.Arrival.Format(time.RFC3339), c.Line, c.WaitSeconds, c.HandleSeconds)
		}
		t := c.Arrival.In(loc)
		date := calendar.DateOf(t)
		hh, mm, ss := t.Clock()
		sec := float64(hh*3600+mm*60+ss) + float64(t.Nanosecond())/1e9
		k := int(math.Floor((sec - open) / slot))
		if k < 0 || k >= h.nSlots || !open7[date.Weekday()] {
			h.ignored++
			continue
		}
		li, ok := h.lineIdx[c.Line]
		if !ok {
			li = len(h.lines)
			h.lineIdx[c.Line] = li
			h.lines = append(h.lines, c.Line)
			var a [NumDayTypes][]stats
			for typ := range a {
				a[typ] = make([]stats, h.nSlots)
			}
			h.aht = append(h.aht, a)
			h.patience = append(h.patience, [NumDayTypes]Patience{})
		}
		d := last
		if d == nil || d.date != date {
			d = h.byDate[date]
		}
		if d == nil {
			es := tt[date]
			exam := len(es) > 0 || (o.ExamDay != nil && o.ExamDay(date))
			d = &day{date: date, typ: TypeOf(date, exam), sittings: es, remote: remote(es)}
			h.byDate[date] = d
			h.days = append(h.days, d)
		}
		last = d
		for len(d.counts) <= li {
			d.counts = append(d.counts, make([]float64, h.nSlots))
		}
		d.counts[li][k]++
		h.calls++
		switch {
		case c.Abandoned && c.WaitSeconds < o.ShortAbandonSeconds:
			h.short++
		case c.Abandoned:
			p := &h.patience[li][d.typ]
			p.Abandons++
			p.ExposureSeconds += c.WaitSeconds - o.ShortAbandonSeconds
		default:
			h.patience[li][d.typ].ExposureSeconds += max(0, c.WaitSeconds-o.ShortAbandonSeconds)
			a := &h.aht[li][d.typ][k]
			a.n++
			a.sum += c.HandleSeconds
			a.sumsq += c.HandleSeconds * c.HandleSeconds
		}
	}
	if h.calls == 0 {
		return nil, ErrNoHistory
	}
	slices.SortFunc(h.days, func(a, b *day) int { return a.date.Sub(b.date) })
	for _, d := range h.days {
		for len(d.counts) < len(h.lines) {
			d.counts = append(d.counts, make([]float64, h.nSlots))
		}
	}
	return h, nil
}

func (h *history) fit(o *Options) (*Model, error) {
	s := h.s
	j := (o.KernelMinutes + s.SlotMinutes - 1) / s.SlotMinutes
	m := &Model{
		Open: s.Open, Close: s.Close, SlotMinutes: s.SlotMinutes,
		KernelSlots: j, ShortAbandonSeconds: o.ShortAbandonSeconds,
		First: h.days[0].date, Last: h.days[len(h.days)-1].date, Days: len(h.days),
		Calls: h.calls, Ignored: h.ignored, ShortAbandons: h.short,
	}
	order := make([]int, len(h.lines))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case h.lines[a] < h.lines[b]:
			return -1
		case h.lines[a] > h.lines[b]:
			return 1
		}
		return 0
	})
	for _, li := range order {
		lm, err := h.fitLine(li, j, o)
		if err != nil {
			return nil, err
		}
		m.Lines = append(m.Lines, lm)
	}
	return m, nil
}

// startSlot returns the slot index (possibly outside 0..nSlots-1) holding clock c.
func startSlot(s planner.Settings, c calendar.Clock) int {
	return int(math.Floor(float64(c-s.Open) / float64(s.SlotMinutes)))
}

// design returns X[k][j]: the remote sittings of the day's exams whose start slot is k-(j-J),
// i.e. the weight of kernel entry j in slot k.
func design(s planner.Settings, es []ExamSitting, nSlots, j int) [][]float64 {
	x := make([][]float64, nSlots)
	for k := range x {
		x[k] = make([]float64, 2*j+1)
	}
	for _, e := range es {
		s0 := startSlot(s, e.Start)
		for off := -j; off <= j; off++ {
			if k := s0 + off; k >= 0 && k < nSlots {
				x[k][off+j] += float64(e.RemoteSittings)
			}
		}
	}
	return x
}

func (h *history) fitLine(li, j int, o *Options) (LineModel, error) {
	nS := h.nSlots
	nK := 2*j + 1
	lm := LineModel{Line: h.lines[li], Kernel: make([]float64, nK)}

	// The design of each day with sittings, and its column sums.
	type sit struct {
		x   [][]float64
		col []float64
	}
	sits := make([]*sit, len(h.days))
	anySitting := false
	for i, d := range h.days {
		if d.remote == 0 {
			continue
		}
		anySitting = true
		x := design(h.s, d.sittings, nS, j)
		col := make([]float64, nK)
		for k := range x {
			for q := range col {
				col[q] += x[k][q]
			}
		}
		sits[i] = &sit{x, col}
	}

	var prof [NumDayTypes][]float64
	spike := func(i, k int) float64 {
		if sits[i] == nil {
			return 0
		}
		v := 0.0
		for q, x := range sits[i].x[k] {
			v += x * lm.Kernel[q]
		}
		return v
	}
	for iter := 0; iter < 200; iter++ {
		// Base profiles given the kernel.
		for t := range prof {
			acc := make([]float64, nS)
			n := 0
			for i, d := range h.days {
				if d.typ != DayType(t) {
					continue
				}
				n++
				for k, c := range d.counts[li] {
					acc[k] += c - spike(i, k)
				}
			}
			if n > 0 {
				prof[t] = normalise(acc)
			}
		}
		if !anySitting {
			break
		}
		// Kernel given the profiles: least squares on y = n - N·p against Z = X - p·colsum.
		mat := make([][]float64, nK)
		for q := range mat {
			mat[q] = make([]float64, nK)
		}
		vec := make([]float64, nK)
		z := make([]float64, nK)
		for i, d := range h.days {
			st := sits[i]
			if st == nil {
				continue
			}
			p := prof[d.typ]
			total := sum(d.counts[li])
			for k := range nS {
				y := d.counts[li][k] - total*p[k]
				for q := range z {
					z[q] = st.x[k][q] - p[k]*st.col[q]
				}
				for a := range z {
					if z[a] == 0 {
						continue
					}
					vec[a] += z[a] * y
					for b := range z {
						mat[a][b] += z[a] * z[b]
					}
				}
			}
		}
		kern := solve(mat, vec)
		delta := 0.0
		for q := range kern {
			delta = max(delta, math.Abs(kern[q]-lm.Kernel[q]))
		}
		lm.Kernel = kern
		if delta < 1e-10 {
			break
		}
	}

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
		var xs, ys []float64
		for _, d := range h.days {
			if d.typ != typ {
				continue
			}
			c := sum(d.counts[li])
			dm.Days++
			dm.Calls += int(c)
			xs = append(xs, float64(d.remote))
			ys = append(ys, c)
		}
		if dm.Days == 0 {
			lm.Types[t] = dm
			continue
		}
		dm.Volume = fitLinear(xs, ys)
		dm.Profile = prof[t]
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

// fitLinear fits y = a + b·x by least squares.
func fitLinear(xs, ys []float64) Fit {
	n := float64(len(xs))
	mx, my := sum(xs)/n, sum(ys)/n
	var sxx, sxy, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	f := Fit{A: my, Days: len(xs)}
	if len(xs) < MinFitDays || sxx <= 1e-12*max(1, mx*mx) {
		return f
	}
	f.Fitted = true
	f.B = sxy / sxx
	f.A = my - f.B*mx
	if syy > 0 {
		f.R2 = sxy * sxy / (sxx * syy)
	}
	return f
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

// solve solves the symmetric positive semi-definite system a·x = b by Gaussian elimination
// with partial pivoting, after a tiny ridge that sets unidentified entries to 0.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	tr := 0.0
	for i := range n {
		tr += a[i][i]
	}
	ridge := 1e-9 * (tr/float64(n) + 1)
	m := make([][]float64, n)
	for i := range m {
		m[i] = append(slices.Clone(a[i]), b[i])
		m[i][i] += ridge
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		v := m[r][n]
		for k := r + 1; k < n; k++ {
			v -= m[r][k] * x[k]
		}
		x[r] = v / m[r][r]
	}
	return x
}
