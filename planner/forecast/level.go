package forecast

import (
	"math"
	"time"
)

// The kinds of the level model's parameters.
const (
	// ParamBase is the log base calls of a day of a day type: with no sittings, on the mean
	// weekday, in a session of the mean type, at the history's centre time.
	ParamBase = "base"
	// ParamWeekday is the log effect of a weekday: desk-wide, or a line's deviation from it on
	// a day type.
	ParamWeekday = "weekday"
	// ParamGrowth is the log growth of the base calls per year: desk-wide, or a line's
	// deviation from it.
	ParamGrowth = "growth"
	// ParamSessionType is the log effect of a session type: desk-wide, or a line's deviation
	// from it.
	ParamSessionType = "session-type"
	// ParamPerSitting is the calls per remote sitting spread over the day's profile (on top
	// of the exam kernels).
	ParamPerSitting = "per-sitting"
)

// Param is one parameter of a line's level model.
type Param struct {
	Kind string `json:"kind"` // ParamBase, ParamWeekday...
	// Desk marks an effect shared by every line (the lines' own are deviations from it).
	Desk        bool         `json:"desk,omitempty"`
	DayType     DayType      `json:"day_type"`               // of ParamBase and a line's ParamWeekday
	Weekday     time.Weekday `json:"weekday"`                // of ParamWeekday
	SessionType string       `json:"session_type,omitempty"` // of ParamSessionType
	Value       float64      `json:"value"`
	// Prior is the standard deviation of the parameter's zero-mean normal prior; 0: none.
	Prior float64 `json:"prior,omitempty"`
	Days  int     `json:"days"` // history days (of the line, or of the desk's lines) it applies to
}

// same reports whether p is the parameter q stands for (its value and prior aside).
func (p Param) same(q Param) bool {
	if p.Kind != q.Kind || p.Desk != q.Desk {
		return false
	}
	switch p.Kind {
	case ParamBase:
		return p.DayType == q.DayType
	case ParamWeekday:
		return p.Weekday == q.Weekday && (p.Desk || p.DayType == q.DayType)
	case ParamSessionType:
		return p.SessionType == q.SessionType
	}
	return true
}

// Level is a line's model of a day's calls:
//
//	calls = B + c·R + K
//	log B = base[t] + weekday[w] + weekday'[t][w] + (growth + growth')·(years - Centre) + type[g] + type'[g]
//
// where t is the day type, w the weekday, years the time of the day's session (years from the
// model's Origin to its first day), g the session's type, R the day's remote sittings, c the
// calls per sitting spread over the day and K the calls of the exam kernels within the
// opening hours. The unprimed effects are the desk's, shared by every line (Param.Desk); the
// primed ones are the line's deviations from them, with tighter priors, so that a small line
// borrows the desk's growth, session types and weekdays, and non-exam days those of exam
// days, unless its own history says otherwise. All the lines' parameters are fitted together,
// by quasi-likelihood (Gauss-Newton with weights 1/Var) with normal priors (Priors), so that
// neither the growth nor the sittings take the other's share; Cov is the posterior covariance
// of Params (the desk's effects and the line's own).
//
// A day's calls vary around their mean as a Poisson count whose rate has a day-level shock on
// B of squared coefficient of variation DayNoise, and a slot-level one of SlotNoise:
// Var(calls) = mean + DayNoise·B² + SlotNoise·Σ (slot mean)².
type Level struct {
	Params []Param     `json:"params"`
	Cov    [][]float64 `json:"cov"`
	// Centre is the time (years from the model's Origin) the base values are at: the mean
	// session time of the history's days.
	Centre    float64 `json:"centre_years"`
	DayNoise  float64 `json:"day_noise_cv2"`
	SlotNoise float64 `json:"slot_noise_cv2"`
}

// find returns the index of the parameter p stands for, or -1.
func (lv *Level) find(p Param) int {
	for i, q := range lv.Params {
		if q.same(p) {
			return i
		}
	}
	return -1
}

// value returns the value of parameter i, 0 when i < 0.
func (lv *Level) value(i int) float64 {
	if i < 0 {
		return 0
	}
	return lv.Params[i].Value
}

// features returns the exponent's design row of a day among params (nil when params have no
// base for day type typ) and the variance the effects params lack add to the log level (their
// priors: a session type or weekday the history has not seen).
func features(params []Param, typ DayType, wd time.Weekday, years, centre float64, stype string, pr Priors) (x []float64, extra float64) {
	x = make([]float64, len(params))
	find := func(p Param) int {
		for i, q := range params {
			if q.same(p) {
				return i
			}
		}
		return -1
	}
	b := find(Param{Kind: ParamBase, DayType: typ})
	if b < 0 {
		return nil, 0
	}
	x[b] = 1
	for _, e := range []struct {
		p     Param
		v     float64
		prior float64
	}{
		{Param{Kind: ParamWeekday, Desk: true, Weekday: wd}, 1, pr.Weekday},
		{Param{Kind: ParamWeekday, DayType: typ, Weekday: wd}, 1, pr.LineWeekday},
		{Param{Kind: ParamSessionType, Desk: true, SessionType: stype}, 1, pr.SessionType},
		{Param{Kind: ParamSessionType, SessionType: stype}, 1, pr.LineSessionType},
		{Param{Kind: ParamGrowth, Desk: true}, years - centre, 0},
		{Param{Kind: ParamGrowth}, years - centre, 0},
	} {
		if i := find(e.p); i >= 0 {
			x[i] = e.v
		} else {
			extra += e.prior * e.prior
		}
	}
	return x, extra
}

// dayMean is the level model's forecast of a day: base calls B, mean calls, and the variance
// of the mean from the uncertainty of the parameters (and of unseen effects).
type dayMean struct {
	base, mean, paramVar float64
}

// predict returns the forecast of a day of type typ and weekday wd in a session of type stype
// at time years, with remote sittings and kernel calls; false when the history has no day of
// type typ. B is the mean of the lognormal level, exp(η + v/2) with v the variance of η.
func (lv *Level) predict(typ DayType, wd time.Weekday, years float64, stype string, remote, kernel float64, pr Priors) (dayMean, bool) {
	x, extra := features(lv.Params, typ, wd, years, lv.Centre, stype, pr)
	if x == nil {
		return dayMean{}, false
	}
	eta := 0.0
	for i, xi := range x {
		eta += xi * lv.Params[i].Value
	}
	v := quad(x, lv.Cov, x) + extra
	b := math.Exp(min(50, eta+v/2))
	g := make([]float64, len(x))
	for i, xi := range x {
		g[i] = b * xi
	}
	ci := lv.find(Param{Kind: ParamPerSitting})
	if ci >= 0 {
		g[ci] = remote
	}
	mean := max(0, b+lv.value(ci)*remote+kernel)
	return dayMean{base: b, mean: mean, paramVar: quad(g, lv.Cov, g) + b*b*extra}, true
}

// levelObs is a line-day of the level fit: its features and its calls.
type levelObs struct {
	line   int
	row    []int // indexes of the exponent's parameters, whose design values are x
	x      []float64
	ci     int // index of the line's per-sitting parameter, -1 without
	remote float64
	kernel float64 // kernel calls within the opening hours
	calls  float64
	// Σ (slot mean)² = (B+cR)²·pp + 2(B+cR)·ps + ss
	pp, ps, ss float64
}

// fitLevels fits the level models of every line together on the history's days, given the
// lines' shapes (shapes[li] for line li of the history): Gauss-Newton on the parameters,
// alternating with the method of moments for each line's day noise, until the noise settles.
func (h *history) fitLevels(shapes []*shape, pr Priors) []Level {
	f := &levelFit{shapes: shapes, centre: h.centreYears(), dayNoise: make([]float64, len(h.lines))}
	for li := range h.lines {
		f.observe(h, li, pr)
	}
	f.countDeskDays()
	f.start()
	for round := 0; round < 8; round++ {
		f.gaussNewton()
		if !f.estimateDayNoise() {
			break
		}
	}
	return f.levels()
}

// centreYears returns the mean session time (years from the origin) of the history's days.
func (h *history) centreYears() float64 {
	centre := 0.0
	for _, d := range h.days {
		centre += h.years(d.session)
	}
	return centre / float64(len(h.days))
}

// levelFit is the joint fit of the lines' level models: the parameters of the desk and of
// every line, the line-days they are fitted on, and the values reached so far.
type levelFit struct {
	shapes   []*shape
	centre   float64 // years from the origin the base values are at
	params   []Param
	owner    []int // owner[i]: the line of parameter i, -1 for the desk's
	obs      []levelObs
	theta    []float64 // the parameters' values
	lambda   []float64 // the parameters' prior precisions (0: no prior)
	dayNoise []float64 // each line's day-level noise φ_D
}

// ensure returns the index of the parameter of line (-1: the desk) that p stands for, adding
// it when new, and counts one more day for it.
func (f *levelFit) ensure(p Param, line int) int {
	for i, q := range f.params {
		if f.owner[i] == line && q.same(p) {
			f.params[i].Days++
			return i
		}
	}
	p.Days = 1
	f.params = append(f.params, p)
	f.owner = append(f.owner, line)
	return len(f.params) - 1
}

// observe adds line li's days to the fit, with the parameters their features need.
func (f *levelFit) observe(h *history, li int, pr Priors) {
	sh := f.shapes[li]
	ci := -1
	first := len(f.obs)
	for i, d := range h.days {
		hs := h.sessions[d.session]
		t := h.years(d.session) - f.centre
		o := levelObs{line: li, ci: -1, remote: float64(d.remote), calls: sum(d.counts[li])}
		o.row = []int{
			f.ensure(Param{Kind: ParamBase, DayType: d.typ}, li),
			f.ensure(Param{Kind: ParamWeekday, Desk: true, Weekday: d.date.Weekday(), Prior: pr.Weekday}, -1),
			f.ensure(Param{Kind: ParamWeekday, DayType: d.typ, Weekday: d.date.Weekday(), Prior: pr.LineWeekday}, li),
			f.ensure(Param{Kind: ParamSessionType, Desk: true, SessionType: hs.Type, Prior: pr.SessionType}, -1),
			f.ensure(Param{Kind: ParamSessionType, SessionType: hs.Type, Prior: pr.LineSessionType}, li),
			f.ensure(Param{Kind: ParamGrowth, Desk: true, Prior: pr.Growth}, -1),
			f.ensure(Param{Kind: ParamGrowth, Prior: pr.LineGrowth}, li),
		}
		o.x = []float64{1, 1, 1, 1, 1, t, t}
		if d.remote > 0 {
			ci = f.ensure(Param{Kind: ParamPerSitting}, li)
		}
		o.slotMoments(sh.profile[d.typ], sh.spikes[i])
		f.obs = append(f.obs, o)
	}
	for i := first; i < len(f.obs); i++ {
		f.obs[i].ci = ci
	}
}

// slotMoments sets o's sums of the day's slot means from its day type's profile p and its
// exam kernels' calls per slot (nil: none).
func (o *levelObs) slotMoments(p, spikes []float64) {
	for k, pk := range p {
		o.pp += pk * pk
		if spikes != nil {
			o.ps += pk * spikes[k]
			o.ss += spikes[k] * spikes[k]
		}
	}
	if spikes != nil {
		o.kernel = sum(spikes)
	}
}

// countDeskDays makes the desk's parameters count days, not line-days.
func (f *levelFit) countDeskDays() {
	for i := range f.params {
		if f.owner[i] < 0 {
			f.params[i].Days /= len(f.dayNoise)
		}
	}
}

// start sets the starting values, each line and day type's mean calls less its kernel calls
// for the bases and 0 elsewhere, and the prior precisions.
func (f *levelFit) start() {
	type lt struct {
		line int
		typ  DayType
	}
	acc, cnt := map[lt]float64{}, map[lt]float64{}
	for _, o := range f.obs {
		k := lt{o.line, f.params[o.row[0]].DayType}
		acc[k] += o.calls - o.kernel
		cnt[k]++
	}
	f.theta = make([]float64, len(f.params))
	f.lambda = make([]float64, len(f.params))
	for i, p := range f.params {
		if p.Kind == ParamBase {
			k := lt{f.owner[i], p.DayType}
			f.theta[i] = math.Log(max(acc[k]/cnt[k], 0.5))
		}
		switch {
		case p.Prior > 0:
			f.lambda[i] = 1 / (p.Prior * p.Prior)
		case p.Kind == ParamBase:
			f.lambda[i] = 1e-8 // identifies a day type on which a line never had a call
		}
	}
}

// eval returns a line-day's base B, mean μ and variance V at parameters t.
func (f *levelFit) eval(t []float64, o *levelObs) (b, mu, v float64) {
	eta := 0.0
	for q, i := range o.row {
		eta += o.x[q] * t[i]
	}
	b = math.Exp(max(-50, min(50, eta)))
	c := 0.0
	if o.ci >= 0 {
		c = t[o.ci]
	}
	mu = b + c*o.remote + o.kernel
	base := b + c*o.remote
	s2 := base*base*o.pp + 2*base*o.ps + o.ss
	v = max(mu, 0.5) + f.dayNoise[o.line]*b*b + f.shapes[o.line].slotNoise*s2
	return b, mu, v
}

// assemble returns JᵀWJ + Λ, JᵀW(y - μ) - Λθ and the objective at t, with weights w
// (computed from t when w is nil).
func (f *levelFit) assemble(t, w []float64) (a [][]float64, g []float64, obj float64, weights []float64) {
	np := len(f.params)
	a = make([][]float64, np)
	for q := range a {
		a[q] = make([]float64, np)
	}
	g = make([]float64, np)
	weights = w
	if weights == nil {
		weights = make([]float64, len(f.obs))
	}
	idx := make([]int, 0, 8)
	jac := make([]float64, 0, 8)
	for n := range f.obs {
		o := &f.obs[n]
		b, mu, v := f.eval(t, o)
		if w == nil {
			weights[n] = 1 / v
		}
		wn := weights[n]
		r := o.calls - mu
		obj += wn * r * r
		idx, jac = idx[:0], jac[:0]
		for q, i := range o.row {
			idx, jac = append(idx, i), append(jac, b*o.x[q])
		}
		if o.ci >= 0 {
			idx, jac = append(idx, o.ci), append(jac, o.remote)
		}
		for p, ip := range idx {
			g[ip] += wn * jac[p] * r
			for q, iq := range idx {
				a[ip][iq] += wn * jac[p] * jac[q]
			}
		}
	}
	for q := range np {
		a[q][q] += f.lambda[q]
		g[q] -= f.lambda[q] * t[q]
		obj += f.lambda[q] * t[q] * t[q]
	}
	return a, g, obj, weights
}

// gaussNewton moves the parameters to the optimum under the current day noise, by
// Gauss-Newton steps halved until the objective does not grow.
func (f *levelFit) gaussNewton() {
	theta := f.theta
	next := make([]float64, len(theta))
	for it := 0; it < 100; it++ {
		a, g, obj, w := f.assemble(theta, nil)
		step := solve(a, g)
		scale := 1.0
		for halve := 0; halve < 30; halve++ {
			for q := range theta {
				next[q] = theta[q] + scale*step[q]
			}
			if _, _, o2, _ := f.assemble(next, w); o2 <= obj*(1+1e-12) {
				break
			}
			scale /= 2
		}
		moved := 0.0
		for q := range theta {
			moved = max(moved, math.Abs(next[q]-theta[q]))
		}
		copy(theta, next)
		if moved < 1e-9 {
			break
		}
	}
}

// estimateDayNoise sets each line's φ_D by the method of moments, its squared residuals
// raised for the degrees of freedom the fit takes (p_eff = p - tr(A⁻¹Λ), shared by the
// line-days). It reports whether the fit should go on: false when the noise has settled, or
// when the history has too few days to estimate it.
func (f *levelFit) estimateDayNoise() bool {
	a, _, _, _ := f.assemble(f.theta, nil)
	inv := inverse(a)
	peff := float64(len(f.params))
	for q := range f.params {
		peff -= inv[q][q] * f.lambda[q]
	}
	n := float64(len(f.obs))
	if n-peff < 2 {
		return false
	}
	nL := len(f.dayNoise)
	squares, expected, bb := make([]float64, nL), make([]float64, nL), make([]float64, nL)
	for i := range f.obs {
		o := &f.obs[i]
		b, mu, _ := f.eval(f.theta, o)
		base := b
		if o.ci >= 0 {
			base += f.theta[o.ci] * o.remote
		}
		r := o.calls - mu
		squares[o.line] += r * r
		expected[o.line] += max(mu, 0) + f.shapes[o.line].slotNoise*(base*base*o.pp+2*base*o.ps+o.ss)
		bb[o.line] += b * b
	}
	done := true
	for li := range nL {
		phi := 0.0
		if bb[li] > 0 {
			phi = max(0, (squares[li]*n/(n-peff)-expected[li])/bb[li])
		}
		done = done && math.Abs(phi-f.dayNoise[li]) <= 1e-4*max(phi, 1e-3)
		f.dayNoise[li] = phi
	}
	return !done
}

// levels returns each line's model: the desk's parameters and its own, with their posterior
// covariance.
func (f *levelFit) levels() []Level {
	a, _, _, _ := f.assemble(f.theta, nil)
	cov := inverse(a)
	out := make([]Level, len(f.dayNoise))
	for li := range out {
		lv := Level{Centre: f.centre, DayNoise: f.dayNoise[li], SlotNoise: f.shapes[li].slotNoise}
		var mine []int
		for i := range f.params {
			if f.owner[i] < 0 || f.owner[i] == li {
				mine = append(mine, i)
				p := f.params[i]
				p.Value = f.theta[i]
				lv.Params = append(lv.Params, p)
			}
		}
		lv.Cov = make([][]float64, len(mine))
		for r, i := range mine {
			lv.Cov[r] = make([]float64, len(mine))
			for c, j := range mine {
				lv.Cov[r][c] = cov[i][j]
			}
		}
		out[li] = lv
	}
	return out
}
