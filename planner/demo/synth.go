package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
)

// SyntheticSpec says what helpdesk Synthetic invents. The zero value of every field but Staff
// takes a default.
type SyntheticSpec struct {
	// Staff is the size of the team, from MinSyntheticStaff to MaxSyntheticStaff.
	Staff int
	// SlotMinutes is the slot length: 15 or 30 (0: 30).
	SlotMinutes int
	// Weeks is the length of the exam session in weeks, Monday to Saturday each: 1 to 26 (0: 1).
	Weeks int
	// Seed seeds every random choice: the same spec gives the same dataset.
	Seed uint64
	// FirstDay is the first day of the session; it must be a Monday (zero: Monday 4 January
	// 2027).
	FirstDay calendar.Date
	// Load is the need of the busiest week, in agent-hours, as a share of the team's weekly
	// capacity at full contracts (productivity-weighted). 0 takes DefaultSyntheticLoad, the
	// demo's own figure: the team covers an average week but is a little short at the peaks.
	Load float64
}

// Limits and defaults of SyntheticSpec.
const (
	MinSyntheticStaff    = 6
	MaxSyntheticStaff    = 2000
	DefaultSyntheticLoad = 0.82
)

// minSyntheticPeak is the lowest peak Synthetic forecasts, in calls per 30 minutes on LLN.
const minSyntheticPeak = 4.0

// SyntheticSessionID is the id of the session a synthetic dataset holds.
const SyntheticSessionID = "synth"

// Synthetic invents a helpdesk for tests and benchmarks, with the demo's shape at any size: two
// lines (LLN with 70% of the calls, MONS), Monday-Saturday 07:30-19:30, one exam session of
// spec.Weeks weeks with a dated forecast on spec.SlotMinutes slots, the demo's shift templates
// and settings (callers' patience 180 s), and a team of spec.Staff people:
//
//   - coordinators (max(2, Staff/12) mentors on both lines, permanent contracts; two of them
//     alone work six days a week, as in the demo): together they can cover the opening hours
//     every day and week, and at least two of them are free all day every day (from four
//     coordinators up, every second one beyond the first two takes a day of leave), so that
//     the coordinator rule can always hold;
//   - about 15% mentors, 28% trainees, 8% new staff (in training, 8 hours of shadowing a
//     week) and qualified agents for the rest; permanent staff, students and temporary hires,
//     with the contracts (hours a week, days a week, hours a day) of each;
//   - availability rules, most of them RRULEs: students' weekly exams and classes, a
//     fortnightly seminar, no Saturdays, afternoons only, a few days of leave, and soft
//     prefer/avoid wishes.
//
// The forecast follows the demo's daily profile (peaks at the exam starts), weekdays and weeks
// (the first week the busiest), with noise; it is scaled so that the busiest week needs
// spec.Load of the team's capacity (see SyntheticSpec.Load). A team of fewer than about 15
// people cannot be sized that way (one agent per line whenever the desk is open already takes
// most of its capacity) and gets a peak of 4 calls per 30 minutes on LLN. Everything is
// invented; the same spec gives the same dataset. The result is valid input: it reads back
// unchanged through the team workbook, and it passes the planner's coordinator pre-checks.
// Synthetic returns an error for a spec out of range.
func Synthetic(spec SyntheticSpec) (*planner.Dataset, error) {
	if spec.SlotMinutes == 0 {
		spec.SlotMinutes = 30
	}
	if spec.Weeks == 0 {
		spec.Weeks = 1
	}
	if spec.FirstDay.IsZero() {
		spec.FirstDay = calendar.MustDate("2027-01-04")
	}
	if spec.Load == 0 {
		spec.Load = DefaultSyntheticLoad
	}
	switch {
	case spec.Staff < MinSyntheticStaff || spec.Staff > MaxSyntheticStaff:
		return nil, fmt.Errorf("demo: synthetic staff %d is outside %d..%d", spec.Staff, MinSyntheticStaff, MaxSyntheticStaff)
	case spec.SlotMinutes != 15 && spec.SlotMinutes != 30:
		return nil, fmt.Errorf("demo: synthetic slot minutes %d: want 15 or 30", spec.SlotMinutes)
	case spec.Weeks < 1 || spec.Weeks > 26:
		return nil, fmt.Errorf("demo: synthetic weeks %d is outside 1..26", spec.Weeks)
	case spec.FirstDay.Weekday() != time.Monday:
		return nil, fmt.Errorf("demo: synthetic first day %s is a %s, want a Monday", spec.FirstDay, spec.FirstDay.Weekday())
	case !(spec.Load > 0 && spec.Load <= 2):
		return nil, fmt.Errorf("demo: synthetic load %v is outside (0, 2]", spec.Load)
	}
	g := &synth{spec: spec, rng: rand.New(rand.NewPCG(spec.Seed, 0x5e55))}
	s := planner.DefaultSettings()
	s.SlotMinutes = spec.SlotMinutes
	s.PatienceSeconds = 180
	c := calendar.MustClock
	first := spec.FirstDay
	last := first.AddDays(7*spec.Weeks - 2) // the last Saturday
	ds := &planner.Dataset{
		Settings: s,
		Lines: []planner.Line{
			{ID: "LLN", Name: "Louvain-la-Neuve and Brussels", Phone: "+32 10 00 00 10"},
			{ID: "MONS", Name: "Mons and Charleroi", Phone: "+32 65 00 00 10"},
		},
		Sessions: []planner.Session{{ID: SyntheticSessionID, Name: fmt.Sprintf("Synthetic session (%d staff, %d weeks, seed %d)", spec.Staff, spec.Weeks, spec.Seed),
			FirstDay: first, LastDay: last, ExamDays: planner.DefaultExamDays}},
		ShiftTemplates: []planner.ShiftTemplate{
			{Name: "day", EarliestStart: c("07:30"), LatestStart: c("13:30"), StepMinutes: 30, MinMinutes: 180, MaxMinutes: 480,
				BreakMinutes: 30, BreakAfterMinutes: 360, BreakEarliest: c("11:00"), BreakLatest: c("14:30")},
			{Name: "evening", EarliestStart: c("14:30"), LatestStart: c("16:30"), StepMinutes: 30, MinMinutes: 180, MaxMinutes: 300,
				BreakAfterMinutes: 360, BreakEarliest: c("07:30"), BreakLatest: c("19:30")},
		},
		SettingsSet: []string{"open_days", "open_time", "close_time", "slot_minutes", "target_percent",
			"target_seconds", "max_occupancy", "shrinkage", "patience_seconds", "time_zone"},
	}
	g.ds = ds
	g.team()
	g.forecast()
	return ds, nil
}

// synth carries the state of one Synthetic call.
type synth struct {
	spec SyntheticSpec
	rng  *rand.Rand
	ds   *planner.Dataset
}

// Invented names, combined in order; none describes a real person.
var (
	firstNames = []string{"Alice", "Bastien", "Céline", "David", "Elise", "Fabrice", "Gaëlle", "Hamza", "Irène",
		"Jonas", "Katia", "Loïc", "Manon", "Noah", "Océane", "Pierre", "Quentin", "Rania", "Samuel", "Tess",
		"Ugo", "Valérie", "William", "Xavier", "Yara", "Zacharie", "Amir", "Brigitte", "Cédric", "Dounia", "Eric"}
	lastNames = []string{"Aerts", "Bodart", "Collard", "Delvaux", "Etienne", "Fontaine", "Gillet", "Hubert",
		"Istasse", "Jacquet", "Kaya", "Lejeune", "Maes", "Noël", "Otten", "Pirard", "Quertinmont", "Renson",
		"Servais", "Thiry", "Urbain", "Vandamme", "Wilmet", "Yilmaz", "Zeghers", "Alaoui", "Bertrand", "Claessens", "Dardenne"}
)

// synthName returns the i-th invented name (distinct for i below 31*29 = 899; a number follows
// beyond).
func synthName(i int) string {
	n := firstNames[i%len(firstNames)] + " " + lastNames[(i/len(firstNames)+i)%len(lastNames)]
	if k := i / (len(firstNames) * len(lastNames)); k > 0 {
		n += fmt.Sprintf(" %d", k+1)
	}
	return n
}

// kinds of people Synthetic makes, with their id prefix.
type kind struct {
	prefix string
	status planner.Status
	coord  bool
	// contract ranges
	minLo, minHi float64 // min hours a week, drawn in [minLo, minHi]
	maxSpan      float64 // max hours a week = min + up to maxSpan
	days         int
	dayH         float64
}

var (
	kCoord     = kind{prefix: "c", status: planner.StatusMentor, coord: true, minLo: 30, minHi: 30, maxSpan: 8, days: 5, dayH: 8}
	kMentor    = kind{prefix: "m", status: planner.StatusMentor, minLo: 28, minHi: 30, maxSpan: 8, days: 5, dayH: 8}
	kPermanent = kind{prefix: "p", status: planner.StatusQualified, minLo: 24, minHi: 30, maxSpan: 8, days: 5, dayH: 8}
	kTemp      = kind{prefix: "t", status: planner.StatusQualified, minLo: 16, minHi: 16, maxSpan: 8, days: 4, dayH: 8}
	kStudent   = kind{prefix: "s", status: planner.StatusQualified, minLo: 8, minHi: 10, maxSpan: 10, days: 4, dayH: 6}
	kTrainee   = kind{prefix: "r", status: planner.StatusTrainee, minLo: 6, minHi: 12, maxSpan: 8, days: 3, dayH: 6}
	kNew       = kind{prefix: "n", status: planner.StatusNew, minLo: 0, minHi: 0, maxSpan: 10, days: 3, dayH: 5}
)

var (
	bothLines = []string{"LLN", "MONS"}
	llnOnly   = []string{"LLN"}
	monsOnly  = []string{"MONS"}
)

// team fills the staff and their availability.
func (g *synth) team() {
	n := g.spec.Staff
	coords := max(2, n/12)
	rest := n - coords
	mentors := max(1, int(math.Round(0.15*float64(rest))))
	trainees := int(math.Round(0.28 * float64(rest)))
	news := int(math.Round(0.08 * float64(rest)))
	qualified := rest - mentors - trainees - news
	seq := map[string]int{}
	add := func(k kind, lines []string) *planner.Staff {
		seq[k.prefix]++
		width := 2
		if n >= 100 {
			width = 3
		}
		i := len(g.ds.Staff)
		minH := k.minLo + math.Round(g.rng.Float64()*(k.minHi-k.minLo))
		p := planner.Staff{ID: fmt.Sprintf("%s%0*d", k.prefix, width, seq[k.prefix]), Name: synthName(i), Lines: lines, Status: k.status,
			MinHoursWeek: minH, MaxHoursWeek: minH + math.Round(k.maxSpan*(0.5+0.5*g.rng.Float64())), MaxDaysWeek: k.days, MaxHoursDay: k.dayH}
		p.Email = inventedEmail(p.Name)
		if k.coord {
			p.Roles = []string{planner.RoleCoordinator}
			p.MaxHoursWeek = 38
		}
		if k.status == planner.StatusNew {
			p.TrainingHours = 8
		}
		g.ds.Staff = append(g.ds.Staff, p)
		return &g.ds.Staff[len(g.ds.Staff)-1]
	}
	// Coordinators: mentors on both lines. Two of them alone must cover 72 hours a week
	// (Monday-Saturday 07:30-19:30), so they may work six days; with three or more, five.
	for range coords {
		p := add(kCoord, bothLines)
		if coords == 2 {
			p.MaxDaysWeek = 6
		}
	}
	for range mentors {
		add(kMentor, g.lines(0.4, 0.4))
	}
	for i := range qualified {
		switch i % 4 {
		case 0, 2:
			add(kPermanent, g.lines(0.35, 0.45))
		case 1:
			add(kStudent, g.lines(0.2, 0.55))
		default:
			add(kTemp, g.lines(0.3, 0.5))
		}
	}
	for range trainees {
		add(kTrainee, g.lines(0.1, 0.65))
	}
	for range news {
		add(kNew, g.lines(0, 0.7))
	}
	g.availability()
}

// lines draws a person's lines: both with probability pBoth, LLN alone with pLLN, else MONS.
func (g *synth) lines(pBoth, pLLN float64) []string {
	switch u := g.rng.Float64(); {
	case u < pBoth:
		return bothLines
	case u < pBoth+pLLN:
		return llnOnly
	}
	return monsOnly
}

var weekdayCodes = []string{"MO", "TU", "WE", "TH", "FR", "SA"}

// availability gives people rules of the kinds a real team has. Coordinators have none but
// a leave of one day when there are four or more of them (the others cover).
func (g *synth) availability() {
	c := calendar.MustClock
	first, last := g.ds.Sessions[0].FirstDay, g.ds.Sessions[0].LastDay
	days := last.Sub(first) + 1
	coords := 0
	for i := range g.ds.Staff {
		p := &g.ds.Staff[i]
		add := func(a planner.Availability) {
			a.StaffID = p.ID
			g.ds.Availability = append(g.ds.Availability, a)
		}
		day := func() calendar.Date { return first.AddDays(g.rng.IntN(days)) }
		wd := weekdayCodes[g.rng.IntN(5)] // a weekday, Monday to Friday
		u := g.rng.Float64()
		switch p.ID[0] {
		case 'c':
			coords++
			if coords > 2 && coords%2 == 0 && max(2, g.spec.Staff/12) >= 4 {
				d := day()
				add(planner.Availability{Kind: planner.Unavailable, FirstDay: d, LastDay: d, Note: "leave"})
			}
		case 'm', 'p':
			switch {
			case u < 0.15:
				d := day()
				add(planner.Availability{Kind: planner.Unavailable, FirstDay: d, LastDay: d.AddDays(1), Note: "leave"})
			case u < 0.3:
				add(planner.Availability{Kind: planner.Prefer, RRule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", From: c("07:30"), To: c("13:30"), Note: "prefers mornings"})
			case u < 0.45:
				add(planner.Availability{Kind: planner.Avoid, RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "would rather not work Saturdays"})
			}
		case 't':
			switch {
			case u < 0.3:
				add(planner.Availability{Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "part-time: never on Saturdays"})
			case u < 0.5:
				add(planner.Availability{Kind: planner.Available, RRule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", From: c("12:00"), To: c("19:30"), Note: "afternoons only"})
			case u < 0.65:
				add(planner.Availability{Kind: planner.Prefer, RRule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", From: c("12:00"), To: c("19:30"), Note: "prefers afternoons"})
			}
		case 's', 'r', 'n':
			// students: their own exams, classes, seminars
			switch {
			case u < 0.35:
				add(planner.Availability{Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=" + wd, FirstDay: first, LastDay: last, Note: "own exams on " + strings.ToLower(wd)})
			case u < 0.55:
				add(planner.Availability{Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=" + wd, From: c("08:00"), To: c("12:00"), Note: "morning class"})
			case u < 0.65:
				add(planner.Availability{Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + wd, From: c("13:30"), To: c("19:30"), Note: "fortnightly seminar"})
			case u < 0.75:
				d := day()
				add(planner.Availability{Kind: planner.Unavailable, FirstDay: d, LastDay: d, From: c("08:00"), To: c("13:00"), Note: "own exam"})
			}
			if g.rng.Float64() < 0.2 {
				add(planner.Availability{Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "no Saturdays"})
			}
		}
	}
}

// inventedEmail makes an invented address at example.org from a name: lower case, spaces as
// dots, accents dropped (the demo's and the synthetic desks' people).
func inventedEmail(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == ' ':
			b.WriteByte('.')
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(unicode.ToLower(r))
		default:
			if a, ok := plainLetter[r]; ok {
				b.WriteRune(a)
			}
		}
	}
	return b.String() + "@example.org"
}

var plainLetter = map[rune]rune{'ë': 'e', 'é': 'e', 'è': 'e', 'Ł': 'l', 'ł': 'l', 'ï': 'i', 'ç': 'c', 'ö': 'o', 'É': 'e'}

// synthWeekFactor is the call volume of each week of a session against the busiest (the
// first), repeating after six weeks.
var synthWeekFactor = []float64{1.0, 0.78, 0.94, 0.71, 0.88, 0.66}

// synthAHT is the average handle time of each line, seconds.
var synthAHT = map[string]float64{"LLN": 355, "MONS": 370}

// synthLineShare is each line's calls against LLN's: MONS gets 3/7 of LLN's (LLN has 70%).
var synthLineShare = map[string]float64{"LLN": 1, "MONS": 3.0 / 7.0}

// synthShape is the demo's daily profile (gen_test.go): the share of the peak call volume in
// each 30-minute slot from 07:30, with peaks at the exam starts (08:30-09:30, 13:30-14:30), a
// lull at lunch and quiet evenings.
var synthShape = []float64{
	0.18, 0.48, 1.00, 0.92, 0.60, 0.36, 0.26, 0.22, 0.19, 0.19, 0.25, 0.48, // 07:30-13:00
	0.95, 0.88, 0.50, 0.28, 0.20, 0.16, 0.13, 0.11, 0.09, 0.07, 0.06, 0.05, // 13:30-19:00
}

// synthWeekday is the demo's call volume by weekday (gen_test.go).
var synthWeekday = map[time.Weekday]float64{
	time.Monday: 1.05, time.Tuesday: 1.0, time.Wednesday: 0.97, time.Thursday: 0.97, time.Friday: 0.88, time.Saturday: 0.32,
}

// profile returns the share of the peak volume per 30 minutes in the slot of slot minutes that
// starts at minute m of the opening hours: the demo's shape, linearly interpolated between the
// middles of its 30-minute slots, scaled to the slot length.
func profile(m, slot int) float64 {
	x := (float64(m)+float64(slot)/2)/30 - 0.5 // the slot's middle in synthShape's index space
	i := int(math.Floor(x))
	f := x - float64(i)
	at := func(k int) float64 { return synthShape[min(max(k, 0), len(synthShape)-1)] }
	return (at(i)*(1-f) + at(i+1)*f) * float64(slot) / 30
}

// forecast writes dated rows for every open day, line and slot, at a peak chosen so that the
// busiest week needs spec.Load of the team's capacity.
func (g *synth) forecast() {
	ds := g.ds
	st := ds.Settings
	var capacity float64
	for _, p := range ds.Staff {
		capacity += p.MaxHoursWeek * p.EffectiveProductivity()
	}
	tg := st.Target()
	slots := st.Slots()
	// need of the busiest week at a peak of `peak` calls per 30 minutes on LLN, without noise
	need := func(peak float64) float64 {
		var h float64
		for _, wd := range st.OpenDays {
			for _, c := range slots {
				for _, line := range ds.LineIDs() {
					calls := peak * synthLineShare[line] * profile(int(c-st.Open), st.SlotMinutes) * synthWeekday[wd]
					r := queue.Needed(queue.Params{Calls: calls, Interval: float64(st.SlotMinutes * 60), AHT: synthAHT[line], Patience: 180}, tg)
					h += float64(r.Agents*st.SlotMinutes) / 60
				}
			}
		}
		return h
	}
	lo, hi := 0.0, 1.0
	for need(hi) < g.spec.Load*capacity {
		lo, hi = hi, 2*hi
	}
	for range 30 {
		mid := (lo + hi) / 2
		if need(mid) < g.spec.Load*capacity {
			lo = mid
		} else {
			hi = mid
		}
	}
	// one agent per line whenever the desk is open is the least any forecast needs: a small
	// team reaches that floor below spec.Load, and gets a modest peak instead
	peak := max(hi, minSyntheticPeak)
	sess := ds.Sessions[0]
	for day := sess.FirstDay; !day.After(sess.LastDay); day = day.AddDays(1) {
		wd := day.Weekday()
		if !st.IsOpen(wd) {
			continue
		}
		week := synthWeekFactor[(day.Sub(sess.FirstDay)/7)%len(synthWeekFactor)]
		for _, c := range slots {
			for _, line := range ds.LineIDs() {
				noise := 0.9 + 0.2*g.rng.Float64()
				calls := math.Round(10*peak*synthLineShare[line]*profile(int(c-st.Open), st.SlotMinutes)*week*synthWeekday[wd]*noise) / 10
				ds.Forecast = append(ds.Forecast, planner.ForecastRow{SessionID: sess.ID, Date: day, Weekday: wd, Slot: c, Line: line,
					Calls: calls, AHT: math.Round(synthAHT[line] + 20*g.rng.Float64() - 10), Patience: 180})
			}
		}
	}
}
