package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"deskplan/planner"
	"deskplan/planner/calendar"
)

// Synth describes a synthetic call log by its known parameters: what Estimate must recover.
// Calls simulates it. The logs it makes are invented, for tests and demos; they are not data.
//
// On each open day from First to Last, the calls of a line arrive as a Poisson process whose
// rate in slot k is
//
//	Volume[t]·noise·Profile[t][k] + PerSitting·R·Profile[t][k] + Σ_e R_e·Spike[k - s_e + J]
//
// where t is the day type, noise a lognormal day factor of mean 1 and coefficient of variation
// DayNoise, R the day's remote sittings, R_e and s_e those and the start slot of exam e, and J
// = (len(Spike)-1)/2. The expected calls of a day of type t are thus Volume[t] + B·R with B =
// PerSitting + Σ Spike (when the spikes fall within the opening hours).
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
	First, Last calendar.Date
	// Timetable holds the exams; the days with one are the exam days, with ExamDay.
	Timetable []ExamSitting
	ExamDay   func(calendar.Date) bool // nil: the days of the timetable
	Lines     []SynthLine
	Seed      uint64
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
	// start slot, j from -J to +J.
	Spike    []float64
	DayNoise float64 // coefficient of variation of a day's base volume
	AHT      []float64
	AHTSigma float64
	Patience float64 // mean patience in seconds
	Misdials float64 // share of callers who hang up within ShortAbandonSeconds
	// Agents[t][k] is the staffing of slot k on day type t.
	Agents [NumDayTypes][]int
}

// TrueProfile returns the normalised base profile of day type t.
func (l SynthLine) TrueProfile(t DayType) []float64 { return normalise(l.Profile[t]) }

// TrueB returns the expected extra calls per remote sitting: PerSitting plus the spike total.
func (l SynthLine) TrueB() float64 { return l.PerSitting + sum(l.Spike) }

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
		ok := len(l.AHT) == nS && len(l.Spike)%2 == 1
		for t := range DayTypes {
			ok = ok && len(l.Profile[t]) == nS && len(l.Agents[t]) == nS
		}
		if !ok {
			return nil, fmt.Errorf("forecast: synth: line %s: Profile, Agents and AHT need %d slots, Spike an odd length", l.ID, nS)
		}
	}
	rng := rand.New(rand.NewPCG(g.Seed, 0x5eed))
	tt := sittingsByDate(g.Timetable)
	isExam := g.examDay(tt)
	slotSec := float64(s.SlotMinutes * 60)
	var out []Call
	for d := g.First; !d.After(g.Last); d = d.AddDays(1) {
		if !s.IsOpen(d.Weekday()) {
			continue
		}
		typ := TypeOf(d, isExam(d))
		es := tt[d]
		r := float64(remote(es))
		midnight := d.In(0, loc)
		for _, l := range g.Lines {
			j := (len(l.Spike) - 1) / 2
			x := design(s, es, nS, j)
			prof := normalise(l.Profile[typ])
			noise := 1.0
			if l.DayNoise > 0 {
				s2 := math.Log1p(l.DayNoise * l.DayNoise)
				noise = math.Exp(rng.NormFloat64()*math.Sqrt(s2) - s2/2)
			}
			// Arrivals: a Poisson process per slot, by exponential gaps.
			var arr []float64 // seconds since midnight
			for k := range nS {
				rate := (l.Volume[typ]*noise + l.PerSitting*r) * prof[k]
				for q, w := range x[k] {
					rate += w * l.Spike[q]
				}
				if rate <= 0 {
					continue
				}
				start := float64(int(s.Open)*60) + float64(k)*slotSec
				for t := start + rng.ExpFloat64()*slotSec/rate; t < start+slotSec; t += rng.ExpFloat64() * slotSec / rate {
					arr = append(arr, t)
				}
			}
			out = append(out, g.queue(rng, l, typ, arr, midnight)...)
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

// queue simulates one line's day: FCFS with abandonment, agents per slot.
func (g *Synth) queue(rng *rand.Rand, l SynthLine, typ DayType, arr []float64, midnight time.Time) []Call {
	s := g.Settings
	nS := len(l.AHT)
	open := float64(int(s.Open) * 60)
	slotSec := float64(s.SlotMinutes * 60)
	agents := l.Agents[typ]
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
