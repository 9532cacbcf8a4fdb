package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Synth describes a synthetic call log by its known parameters: what Estimate must recover.
// Calls simulates it. The logs it makes are invented, for tests and demos; they are not data.
//
// On each open day of the sessions (from First to Last when there are none), but the Closed
// days, the calls of a line arrive as a Poisson process whose rate in slot k is
//
//	(Volume[t]·L·noise + PerSitting·R)·Profile[t][k] + Σ_e R_e·(Spike[k - s_e + J] + EndSpike[k - f_e + J])
//
// times a gamma slot factor of mean 1 and coefficient of variation SlotNoise, where t is the
// day type, L the day's level (Level), noise a lognormal day factor of mean 1 and coefficient
// of variation DayNoise, R the day's remote sittings, R_e, s_e and f_e those, the start slot
// and the last slot of exam e, and J = (len(Spike)-1)/2. The expected calls of a day of type
// t are thus Volume[t]·L + B·R with B = PerSitting + Σ Spike + Σ EndSpike (when the kernels
// fall within the opening hours).
//
// Each line is a first-come first-served queue with Agents[t][k] agents in slot k (an agent
// busy at the end of a slot finishes the call; after closing the last slot's agents drain the
// queue). Handle times are lognormal of mean AHT[k] (of the arrival slot) and log standard
// deviation AHTSigma, or exponential when AHTSigma is 0. Patience is exponential of mean
// Patience; a share Misdials of callers instead hang up after a uniform 0..ShortAbandonSeconds
// whatever happens (misdials, which Estimate leaves out). Arrivals are rounded down to the
// second, waits and handle times to 0.1 s.
type Synth struct {
	Settings    planner.Settings // open days and hours, slot grid, time zone
	First, Last calendar.Date    // the days of the log when Sessions is empty
	// Sessions are the sessions of the log, in date order: their days have calls.
	Sessions []planner.Session
	// Closed days (public holidays) have no staff, and ClosedShare of the calls of an open
	// day (callers who did not know), all abandoned.
	Closed      []calendar.Date
	ClosedShare float64
	// Timetable holds the exams; the days with one are the exam days, with ExamDay.
	Timetable []ExamSitting
	ExamDay   func(calendar.Date) bool // nil: the days of the timetable
	// Growth is the growth of the base calls per year: a session whose first day is y years
	// after the first session's has (1+Growth)^y times the base calls. SessionGrowth is one
	// per session instead: the i-th session (from 0) has (1+SessionGrowth)^i times them.
	Growth, SessionGrowth float64
	// TypeFactor multiplies the base calls of the sessions of a type (a type it lacks: 1).
	TypeFactor map[string]float64
	// GammaDayNoise draws the day factor from a gamma distribution instead of a lognormal.
	GammaDayNoise bool
	Lines         []SynthLine
	Seed          uint64
}

// SynthLine is the known parameters of one line of a Synth.
type SynthLine struct {
	ID string
	// Volume[t] is the mean base calls of a day of type t with no sitting.
	Volume [NumDayTypes]float64
	// Profile[t][k] is the base share of slot k on day type t (any positive weights: they are
	// normalised).
	Profile [NumDayTypes][]float64
	// PerSitting is the extra calls per remote sitting spread on the day's base profile.
	PerSitting float64
	// Spike[J+j] is the extra calls per remote sitting in the slot j slots after an exam's
	// start slot, j from -J to +J; EndSpike (empty, or as long as Spike) those around the
	// exam's last slot.
	Spike    []float64
	EndSpike []float64
	// Weekday[t][w] multiplies the base volume of a day of type t on weekday w (0: 1).
	Weekday   [NumDayTypes][7]float64
	DayNoise  float64 // coefficient of variation of a day's base volume
	SlotNoise float64 // coefficient of variation of a slot's rate
	AHT       []float64
	AHTSigma  float64
	Patience  float64 // mean patience in seconds
	Misdials  float64 // share of callers who hang up within ShortAbandonSeconds
	// Agents[t][k] is the staffing of slot k on day type t.
	Agents [NumDayTypes][]int
}

// TrueProfile returns the normalised base profile of day type t.
func (l SynthLine) TrueProfile(t DayType) []float64 { return normalise(l.Profile[t]) }

// TrueB returns the expected extra calls per remote sitting: PerSitting plus the kernels'
// totals.
func (l SynthLine) TrueB() float64 { return l.PerSitting + sum(l.Spike) + sum(l.EndSpike) }

// weekday returns the weekday factor of day type t and weekday w.
func (l SynthLine) weekday(t DayType, w time.Weekday) float64 {
	if f := l.Weekday[t][w]; f > 0 {
		return f
	}
	return 1
}

// kernel returns the start and end kernels as one, as design lays them out.
func (l SynthLine) kernel() []float64 {
	end := l.EndSpike
	if len(end) == 0 {
		end = make([]float64, len(l.Spike))
	}
	return append(slices.Clone(l.Spike), end...)
}

// days returns the days of the log, each with its session's index (-1 without sessions), in
// date order; the closed days are left out when ClosedShare is 0.
func (g *Synth) days() (ds []calendar.Date, session []int) {
	closed := map[calendar.Date]bool{}
	for _, d := range g.Closed {
		closed[d] = true
	}
	add := func(d calendar.Date, i int) {
		if g.Settings.IsOpen(d.Weekday()) && (!closed[d] || g.ClosedShare > 0) {
			ds = append(ds, d)
			session = append(session, i)
		}
	}
	if len(g.Sessions) == 0 {
		for d := g.First; !d.After(g.Last); d = d.AddDays(1) {
			add(d, -1)
		}
		return ds, session
	}
	for i, x := range g.Sessions {
		for d := x.FirstDay; !d.After(x.LastDay); d = d.AddDays(1) {
			add(d, i)
		}
	}
	return ds, session
}

// Level returns the factor on the base calls of the days of session i (0 without
// sessions): the growth times the session type's factor.
func (g *Synth) Level(i int) float64 {
	if i < 0 || len(g.Sessions) == 0 {
		return 1
	}
	f := 1.0
	if g.Growth != 0 {
		years := float64(g.Sessions[i].FirstDay.Sub(g.Sessions[0].FirstDay)) / 365.25
		f *= math.Pow(1+g.Growth, years)
	}
	if g.SessionGrowth != 0 {
		f *= math.Pow(1+g.SessionGrowth, float64(i))
	}
	if t, ok := g.TypeFactor[g.Sessions[i].Type]; ok {
		f *= t
	}
	return f
}

// rates returns, for day d of session i, the expected calls of line l in each slot with the
// day's base volume multiplied by noise.
func (g *Synth) rates(l SynthLine, d calendar.Date, i int, exam bool, es []ExamSitting, noise float64) []float64 {
	s := g.Settings
	nS := len(s.Slots())
	typ := TypeOf(d, exam)
	j := (len(l.Spike) - 1) / 2
	x := design(s, es, nS, j)
	k := l.kernel()
	prof := normalise(l.Profile[typ])
	base := l.Volume[typ]*g.Level(i)*l.weekday(typ, d.Weekday())*noise + l.PerSitting*float64(remote(es))
	out := make([]float64, nS)
	for slot := range out {
		out[slot] = base * prof[slot]
		for q, w := range x[slot] {
			out[slot] += w * k[q]
		}
	}
	return out
}

// Expected returns the expected calls of each line (in Lines order) in each slot of day d:
// the rates without noise. A day outside the log's sessions is taken at the last session's
// level when it comes after it, and at the first's otherwise.
func (g *Synth) Expected(d calendar.Date) [][]float64 {
	tt := sittingsByDate(g.Timetable)
	i := -1
	if len(g.Sessions) > 0 {
		i = 0
		for q, x := range g.Sessions {
			if !d.Before(x.FirstDay) {
				i = q
			}
		}
	}
	out := make([][]float64, len(g.Lines))
	for li, l := range g.Lines {
		out[li] = g.rates(l, d, i, g.examDay(tt)(d), tt[d], 1)
	}
	return out
}

// examDay returns whether a day is an exam day of the synthetic history.
func (g *Synth) examDay(tt map[calendar.Date][]ExamSitting) func(calendar.Date) bool {
	return func(d calendar.Date) bool {
		return len(tt[d]) > 0 || (g.ExamDay != nil && g.ExamDay(d))
	}
}

// Calls simulates the call log, sorted by arrival then line, in the settings' time zone.
// It returns an error when the settings or a line's slices do not fit the slot grid.
func (g *Synth) Calls() ([]Call, error) {
	s := g.Settings
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("forecast: synth: %w", err)
	}
	loc, err := s.Location()
	if err != nil {
		return nil, fmt.Errorf("forecast: synth: %w", err)
	}
	nS := len(s.Slots())
	for _, l := range g.Lines {
		ok := len(l.AHT) == nS && len(l.Spike)%2 == 1 && (len(l.EndSpike) == 0 || len(l.EndSpike) == len(l.Spike))
		for t := range DayTypes {
			ok = ok && len(l.Profile[t]) == nS && len(l.Agents[t]) == nS
		}
		if !ok {
			return nil, fmt.Errorf("forecast: synth: line %s: Profile, Agents and AHT need %d slots, Spike an odd length, EndSpike none or Spike's", l.ID, nS)
		}
	}
	rng := rand.New(rand.NewPCG(g.Seed, 0x5eed))
	tt := sittingsByDate(g.Timetable)
	isExam := g.examDay(tt)
	slotSec := float64(s.SlotMinutes * 60)
	var out []Call
	days, sessions := g.days()
	closed := map[calendar.Date]bool{}
	for _, d := range g.Closed {
		closed[d] = true
	}
	for di, d := range days {
		exam := isExam(d)
		typ := TypeOf(d, exam)
		midnight := d.In(0, loc)
		for _, l := range g.Lines {
			share := 1.0
			if closed[d] {
				share = g.ClosedShare
				l.Agents = [NumDayTypes][]int{make([]int, nS), make([]int, nS), make([]int, nS)}
			}
			noise := 1.0
			switch {
			case l.DayNoise > 0 && g.GammaDayNoise:
				v := l.DayNoise * l.DayNoise
				noise = gamma(rng, 1/v) * v
			case l.DayNoise > 0:
				s2 := math.Log1p(l.DayNoise * l.DayNoise)
				noise = math.Exp(rng.NormFloat64()*math.Sqrt(s2) - s2/2)
			}
			// Arrivals: a Poisson process per slot, by exponential gaps.
			var arr []float64 // seconds since midnight
			for k, rate := range g.rates(l, d, sessions[di], exam, tt[d], noise) {
				rate *= share
				if l.SlotNoise > 0 {
					rate *= gamma(rng, 1/(l.SlotNoise*l.SlotNoise)) * l.SlotNoise * l.SlotNoise
				}
				if rate <= 0 {
					continue
				}
				start := float64(int(s.Open)*60) + float64(k)*slotSec
				for t := start + rng.ExpFloat64()*slotSec/rate; t < start+slotSec; t += rng.ExpFloat64() * slotSec / rate {
					arr = append(arr, t)
				}
			}
			out = append(out, g.queue(rng, l, typ, g.Level(sessions[di]), arr, midnight)...)
		}
	}
	slices.SortStableFunc(out, func(a, b Call) int {
		if c := a.Arrival.Compare(b.Arrival); c != 0 {
			return c
		}
		switch {
		case a.Line < b.Line:
			return -1
		case a.Line > b.Line:
			return 1
		}
		return 0
	})
	return out, nil
}

// gamma returns a gamma variate of shape a and scale 1 (Marsaglia and Tsang; a < 1 by the
// boost a+1 times U^(1/a)).
func gamma(rng *rand.Rand, a float64) float64 {
	if a < 1 {
		return gamma(rng, a+1) * math.Pow(rng.Float64(), 1/a)
	}
	d := a - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// queue simulates one line's day: FCFS with abandonment, agents per slot (Agents[typ] scaled
// by the day's level).
func (g *Synth) queue(rng *rand.Rand, l SynthLine, typ DayType, level float64, arr []float64, midnight time.Time) []Call {
	s := g.Settings
	nS := len(l.AHT)
	open := float64(int(s.Open) * 60)
	slotSec := float64(s.SlotMinutes * 60)
	agents := slices.Clone(l.Agents[typ])
	if level != 1 && slices.Max(agents) > 0 {
		for k, a := range agents {
			agents[k] = max(1, int(math.Round(float64(a)*level)))
		}
	}
	maxAgents := slices.Max(agents)
	free := make([]float64, maxAgents)
	for i := range free {
		free[i] = open
	}
	slotOf := func(t float64) int { return min(nS-1, max(0, int((t-open)/slotSec))) }
	// earliest returns when agent i can take a call at or after t (+Inf: never again).
	earliest := func(i int, t float64) float64 {
		for {
			k := slotOf(t)
			if i < agents[k] {
				return t
			}
			if k == nS-1 {
				return math.Inf(1)
			}
			t = open + float64(k+1)*slotSec
		}
	}
	out := make([]Call, 0, len(arr))
	for _, a := range arr {
		k := slotOf(a)
		var patience float64
		if l.Misdials > 0 && rng.Float64() < l.Misdials {
			patience = rng.Float64() * ShortAbandonSeconds
		} else {
			patience = rng.ExpFloat64() * l.Patience
		}
		var handle float64
		if l.AHTSigma > 0 {
			handle = math.Exp(math.Log(l.AHT[k]) - l.AHTSigma*l.AHTSigma/2 + l.AHTSigma*rng.NormFloat64())
		} else {
			handle = rng.ExpFloat64() * l.AHT[k]
		}
		best, bi := math.Inf(1), -1
		for i := range free {
			if t := earliest(i, max(a, free[i])); t < best {
				best, bi = t, i
			}
		}
		at := midnight.Add(time.Duration(math.Floor(a)) * time.Second)
		c := Call{Arrival: at, Line: l.ID}
		if bi < 0 || best-a > patience {
			c.Abandoned = true
			c.WaitSeconds = round1(patience)
		} else {
			free[bi] = best + handle
			c.WaitSeconds = round1(best - a)
			c.HandleSeconds = max(0.1, round1(handle))
		}
		out = append(out, c)
	}
	return out
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// SynthTimetable invents an exam timetable for the days from first to last: on each exam
// day (examDay; nil: Monday to Friday) 2 to 5 exams, each starting at one of 08:30, 09:00,
// 10:00, 13:00, 13:30, 14:00 or 16:00, lasting 2 or 3 hours,
// with 10 to 200 remote sittings. Seeded: the same arguments give the same timetable.
func SynthTimetable(first, last calendar.Date, examDay func(calendar.Date) bool, seed uint64) []ExamSitting {
	if examDay == nil {
		examDay = func(d calendar.Date) bool { wd := d.Weekday(); return wd >= time.Monday && wd <= time.Friday }
	}
	starts := []string{"08:30", "09:00", "10:00", "13:00", "13:30", "14:00", "16:00"}
	rng := rand.New(rand.NewPCG(seed, 0x7153))
	var tt []ExamSitting
	n := 0
	for d := first; !d.After(last); d = d.AddDays(1) {
		if !examDay(d) {
			continue
		}
		exams := 2 + rng.IntN(4)
		for range exams {
			n++
			tt = append(tt, ExamSitting{
				Date:           d,
				Start:          calendar.MustClock(starts[rng.IntN(len(starts))]),
				Minutes:        120 + 60*rng.IntN(2),
				RemoteSittings: 10 + rng.IntN(191),
				Name:           fmt.Sprintf("EXAM%04d", n),
			})
		}
	}
	slices.SortStableFunc(tt, func(a, b ExamSitting) int {
		if c := a.Date.Sub(b.Date); c != 0 {
			return c
		}
		return int(a.Start - b.Start)
	})
	return tt
}

// DefaultSynth is a plausible synthetic desk on the settings' grid, from first to last: two
// lines, LLN (busier) and MONS; exam weekdays in two weeks out of three (the weeks since the
// Monday of first numbered 0, 1, 2...: weeks 2, 5, 8... have no exam) and an exam on some
// Saturdays of exam weeks; a morning peak and an afternoon peak; handle times of about 5 to 8
// minutes, longer late in the day; patience of 150 s (LLN) and 200 s (MONS); 3% misdials;
// staffing near the base load, so spikes make callers wait and hang up. The parameters are in
// the returned value: tests compare Estimate with them.
func DefaultSynth(s planner.Settings, first, last calendar.Date, seed uint64) *Synth {
	monday := first.Monday()
	examWeek := func(d calendar.Date) bool { return (d.Sub(monday)/7)%3 != 2 }
	rng := rand.New(rand.NewPCG(seed, 0xda7e))
	satExam := map[calendar.Date]bool{}
	for d := first; !d.After(last); d = d.AddDays(1) {
		if d.Weekday() == time.Saturday && examWeek(d) && rng.Float64() < 0.4 {
			satExam[d] = true
		}
	}
	examDay := func(d calendar.Date) bool {
		wd := d.Weekday()
		return examWeek(d) && (wd >= time.Monday && wd <= time.Friday || satExam[d])
	}
	g := &Synth{
		Settings:  s,
		First:     first,
		Last:      last,
		Timetable: SynthTimetable(first, last, examDay, seed+1),
		Seed:      seed,
	}
	slots := s.Slots()
	hour := func(c calendar.Clock) float64 { return (float64(c) + float64(s.SlotMinutes)/2) / 60 }
	bump := func(h, at, w float64) float64 { return math.Exp(-(h - at) * (h - at) / (2 * w * w)) }
	var prof [NumDayTypes][]float64
	for t := range DayTypes {
		prof[t] = make([]float64, len(slots))
		for k, c := range slots {
			h := hour(c)
			switch DayType(t) {
			case ExamWeekday:
				prof[t][k] = 0.3 + 1.6*bump(h, 9.5, 1.2) + 1.1*bump(h, 14, 1.5)
			case NonExamDay:
				prof[t][k] = 0.4 + 1.0*bump(h, 10.5, 1.8) + 0.8*bump(h, 15, 1.8)
			case Saturday:
				prof[t][k] = 0.2 + 1.2*bump(h, 11, 2.0) + 0.2*bump(h, 16, 2)
			}
		}
	}
	// The spike per sitting over -60..+60 minutes of a start: 0.02 in the hour before less
	// its last half hour, 0.06 in the last half hour, 0.035 in the first half hour after,
	// 0.005 in the next (0.12 in all), spread evenly over the slots of each half hour.
	halves := []float64{0.02, 0.06, 0.035, 0.005}
	j := (KernelMinutes + s.SlotMinutes - 1) / s.SlotMinutes
	spike := make([]float64, 2*j+1)
	for q := range spike {
		off := (q - j) * s.SlotMinutes // minutes from the start slot
		if h := (off + 60) / 30; off >= -60 && off < 60 && h < len(halves) {
			spike[q] = halves[h] * float64(s.SlotMinutes) / 30
		}
	}
	aht := func(base float64) []float64 {
		out := make([]float64, len(slots))
		for k, c := range slots {
			switch {
			case c < calendar.MustClock("12:00"):
				out[k] = base
			case c < calendar.MustClock("17:00"):
				out[k] = base * 1.2
			default:
				out[k] = base * 1.4
			}
		}
		return out
	}
	line := func(id string, vol [NumDayTypes]float64, perSitting, spikeScale, ahtBase, patience float64) SynthLine {
		l := SynthLine{
			ID: id, Volume: vol, Profile: prof, PerSitting: perSitting,
			DayNoise: 0.1, AHT: aht(ahtBase), AHTSigma: 0.6, Patience: patience, Misdials: 0.03,
		}
		l.Spike = make([]float64, len(spike))
		for q := range spike {
			l.Spike[q] = spike[q] * spikeScale
		}
		// Staffing: the base load of an average day of each type, rounded up, plus one.
		avgR := 0.0
		if n := len(g.Timetable); n > 0 {
			avgR = float64(remote(g.Timetable)) / float64(len(sittingsByDate(g.Timetable)))
		}
		for t := range DayTypes {
			p := normalise(prof[t])
			l.Agents[t] = make([]int, len(slots))
			for k := range slots {
				calls := l.Volume[t] * p[k]
				if DayType(t) == ExamWeekday {
					calls += l.PerSitting * avgR * p[k]
				}
				load := calls * l.AHT[k] / float64(s.SlotMinutes*60)
				l.Agents[t][k] = int(math.Ceil(load)) + 1
			}
		}
		return l
	}
	g.Lines = []SynthLine{
		line("LLN", [NumDayTypes]float64{220, 140, 70}, 0.03, 1, 300, 150),
		line("MONS", [NumDayTypes]float64{90, 60, 30}, 0.01, 0.5, 330, 200),
	}
	return g
}

// SynthSessions returns n exam sessions in the order of a year, from January of year on:
// january (four weeks from the first Monday on or after 4 January), june (four weeks from the
// first Monday of June) and august-september (three weeks from the Monday on or after 17
// August), each Monday to Saturday, with ids such as jan-2024, of types january, june and
// august-september.
func SynthSessions(year, n int) []planner.Session {
	kinds := []struct {
		prefix, typ string
		month       time.Month
		day, weeks  int
	}{{"jan", "january", time.January, 4, 4}, {"jun", "june", time.June, 1, 4}, {"aug", "august-september", time.August, 17, 3}}
	var out []planner.Session
	for i := range n {
		k := kinds[i%3]
		y := year + i/3
		first := calendar.Date{Year: y, Month: k.month, Day: k.day}
		for first.Weekday() != time.Monday {
			first = first.AddDays(1)
		}
		out = append(out, planner.Session{ID: fmt.Sprintf("%s-%d", k.prefix, y), Name: fmt.Sprintf("%s %d", k.typ, y),
			Type: k.typ, FirstDay: first, LastDay: first.AddDays(7*k.weeks - 2), ExamDays: planner.DefaultExamDays})
	}
	return out
}

// SessionSynth is DefaultSynth's desk over sessions (see SynthSessions), growing and with the
// effects the level model knows: the base calls grow 8% a year; june sessions are 6% busier
// than january ones and august-september ones 20% quieter; on exam weekdays Monday has 15%
// more base calls than Wednesday and Friday 15% fewer (10% on other weekdays); each exam
// brings, besides its start spike, 0.04 calls per sitting in its last half hour and 0.01 in
// the half hour after; day noise 10%, slot noise 5%. In each session, weeks 0, 1 and 3 from
// its first Monday have exams on weekdays (and on some Saturdays), week 2 has none; the Monday
// of the second week of each june session is a public holiday (closed) on which 3% of the
// usual callers still ring, and hang up.
func SessionSynth(s planner.Settings, sessions []planner.Session, seed uint64) *Synth {
	first, last := sessions[0].FirstDay, sessions[len(sessions)-1].LastDay
	g := DefaultSynth(s, first, last, seed)
	g.Sessions = sessions
	rng := rand.New(rand.NewPCG(seed, 0x5e55))
	examDays := map[calendar.Date]bool{}
	var tt []ExamSitting
	for i, x := range sessions {
		monday := x.FirstDay.Monday()
		exam := func(d calendar.Date) bool {
			wd := d.Weekday()
			week := d.Sub(monday) / 7
			return x.Contains(d) && week%4 != 2 && (wd >= time.Monday && wd <= time.Friday || examDays[d])
		}
		for d := x.FirstDay; !d.After(x.LastDay); d = d.AddDays(1) {
			if d.Weekday() == time.Saturday && d.Sub(monday)/7%4 != 2 && rng.Float64() < 0.4 {
				examDays[d] = true
			}
		}
		tt = append(tt, SynthTimetable(x.FirstDay, x.LastDay, exam, seed+uint64(i)+1)...)
		if x.Type == "june" {
			g.Closed = append(g.Closed, monday.AddDays(7))
		}
		g.ClosedShare = 0.03
	}
	g.Timetable, g.ExamDay = tt, nil
	g.Growth = 0.08
	g.TypeFactor = map[string]float64{"january": 1, "june": 1.06, "august-september": 0.80}
	half := 30 / s.SlotMinutes // slots per half hour (1 at 30-minute slots)
	for i := range g.Lines {
		l := &g.Lines[i]
		l.Weekday[ExamWeekday] = [7]float64{time.Monday: 1.15, time.Tuesday: 1.05, time.Wednesday: 1, time.Thursday: 0.95, time.Friday: 0.85}
		l.Weekday[NonExamDay] = [7]float64{time.Monday: 1.10, time.Tuesday: 1.03, time.Wednesday: 1, time.Thursday: 0.97, time.Friday: 0.90}
		l.SlotNoise = 0.05
		j := (len(l.Spike) - 1) / 2
		l.EndSpike = make([]float64, len(l.Spike))
		scale := 1.0
		if l.ID != "LLN" {
			scale = 0.5
		}
		for q := range half {
			if j-q >= 0 {
				l.EndSpike[j-q] = 0.04 * scale / float64(half)
			}
			if j+1+q < len(l.EndSpike) {
				l.EndSpike[j+1+q] = 0.01 * scale / float64(half)
			}
		}
	}
	return g
}
