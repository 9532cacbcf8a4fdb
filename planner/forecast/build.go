package forecast

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Day forecasts one day of a session: for each line of the model, in line order, one row
// per slot with the calls, the AHT, the patience (0 when the history showed no abandon) and
// the spread of the calls (DayCV, SlotCV). exam tells whether d is an exam day and sittings
// are its exams (their dates are not checked); session gives the day's level (its type, and
// its first day for the growth). The rows have no SessionID.
//
// A day's calls are those of the line's level model (see Level), split into the exam kernels'
// calls around each exam's start and end and a base spread on the day type's profile. It
// returns an error when a line has no history on d's day type.
func (m *Model) Day(d calendar.Date, session planner.Session, exam bool, sittings []ExamSitting) ([]planner.ForecastRow, error) {
	typ := TypeOf(d, exam)
	r := float64(remote(sittings))
	slots := m.Slots()
	nS := len(slots)
	x := design(m.settings(), sittings, nS, m.KernelSlots)
	years := m.Years(session.FirstDay)
	var rows []planner.ForecastRow
	var missing []string
	for _, lm := range m.Lines {
		dm := lm.Types[typ]
		kernel := append(slices.Clone(lm.Start), lm.End...)
		spikes := make([]float64, nS)
		spiked := 0.0
		for k := range spikes {
			for q, w := range x[k] {
				spikes[k] += w * kernel[q]
			}
			spiked += spikes[k]
		}
		f, ok := lm.Level.predict(typ, d.Weekday(), years, session.Type, r, spiked, m.Priors)
		if !ok || dm.Days == 0 {
			missing = append(missing, lm.Line)
			continue
		}
		base := max(0, f.mean-spiked)
		dayCV := 0.0
		if f.mean > 0 {
			dayCV = math.Sqrt(max(0, f.paramVar+lm.Level.DayNoise*f.base*f.base)) / f.mean
		}
		for k, c := range slots {
			rows = append(rows, planner.ForecastRow{
				Date:     d,
				Weekday:  d.Weekday(),
				Slot:     c,
				Line:     lm.Line,
				Calls:    max(0, base*dm.Profile[k]+spikes[k]),
				AHT:      dm.AHT[k],
				Patience: dm.Patience.Mean,
				DayCV:    dayCV,
				SlotCV:   math.Sqrt(lm.Level.SlotNoise),
			})
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("forecast: no %s in the history of line %s to forecast %s (%s) from",
			typ, strings.Join(missing, ", "), d, d.Weekday())
	}
	return rows, nil
}

// ClosedDay returns the rows of a day the desk is closed: every line and slot of the model
// with no calls, and the AHT and patience of the day type (of another type when the history
// has none of it).
func (m *Model) ClosedDay(d calendar.Date, exam bool) []planner.ForecastRow {
	typ := TypeOf(d, exam)
	var rows []planner.ForecastRow
	for _, lm := range m.Lines {
		dm := lm.Types[typ]
		for _, t := range lm.Types {
			if dm.Days == 0 && t.Days > 0 {
				dm = t
			}
		}
		for k, c := range m.Slots() {
			r := planner.ForecastRow{Date: d, Weekday: d.Weekday(), Slot: c, Line: lm.Line, Patience: dm.Patience.Mean}
			if k < len(dm.AHT) {
				r.AHT = dm.AHT[k]
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// Build writes the forecast of a session from a model: dated rows, per open day of the session
// (settings' open days), line and slot, with the calls, AHT, patience and spread of Model.Day.
// The days of closed (public holidays, closures) get rows with no calls.
//
// The exam days are the days of the timetable that fall in the session; with no such day,
// they are the session's ExamDays rule (DefaultExamDays when empty), which must then be a
// weekly BYDAY rule such as FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA (for another rule, call
// Model.Day for each day). Exams of the timetable outside the session or on closed days are
// ignored.
//
// It returns an error when the settings' opening hours or slot grid differ from the model's,
// or when a line has no history for a day type the session needs (all such days are named).
func Build(model *Model, session planner.Session, timetable []ExamSitting, s planner.Settings, closed []calendar.Date) ([]planner.ForecastRow, error) {
	if s.Open != model.Open || s.Close != model.Close || s.SlotMinutes != model.SlotMinutes {
		return nil, fmt.Errorf("forecast: the model was estimated on %d-minute slots %s-%s, the settings say %d-minute slots %s-%s: estimate it again",
			model.SlotMinutes, model.Open, model.Close, s.SlotMinutes, s.Open, s.Close)
	}
	if session.LastDay.Before(session.FirstDay) {
		return nil, fmt.Errorf("forecast: session %s ends (%s) before it starts (%s)", session.ID, session.LastDay, session.FirstDay)
	}
	tt := sittingsByDate(timetable)
	exam := func(d calendar.Date) bool { return len(tt[d]) > 0 }
	inSession := false
	for d := range tt {
		inSession = inSession || session.Contains(d)
	}
	if !inSession {
		rule := session.ExamDays
		if rule == "" {
			rule = planner.DefaultExamDays
		}
		days, err := weeklyDays(rule)
		if err != nil {
			return nil, fmt.Errorf("forecast: session %s: %w", session.ID, err)
		}
		exam = func(d calendar.Date) bool { return days[d.Weekday()] }
	}
	isClosed := map[calendar.Date]bool{}
	for _, d := range closed {
		isClosed[d] = true
	}
	var rows []planner.ForecastRow
	var errs []string
	for d := session.FirstDay; !d.After(session.LastDay); d = d.AddDays(1) {
		if !s.IsOpen(d.Weekday()) {
			continue
		}
		var day []planner.ForecastRow
		if isClosed[d] {
			day = model.ClosedDay(d, exam(d))
		} else {
			var err error
			if day, err = model.Day(d, session, exam(d), tt[d]); err != nil {
				errs = append(errs, err.Error())
				continue
			}
		}
		for i := range day {
			day[i].SessionID = session.ID
		}
		rows = append(rows, day...)
	}
	if len(errs) > 0 {
		if len(errs) > planner.MaxProblems {
			errs = append(errs[:planner.MaxProblems], fmt.Sprintf("... and %d more", len(errs)-planner.MaxProblems))
		}
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return rows, nil
}

// weeklyDays reads the weekdays of a rule FREQ=WEEKLY;BYDAY=... (INTERVAL=1 and WKST allowed).
func weeklyDays(rule string) (map[time.Weekday]bool, error) {
	days := map[time.Weekday]bool{}
	weekly := false
	for part := range strings.SplitSeq(strings.TrimPrefix(strings.TrimSpace(rule), "RRULE:"), ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch strings.ToUpper(k) {
		case "FREQ":
			weekly = strings.EqualFold(v, "WEEKLY")
		case "INTERVAL":
			if v != "1" {
				return nil, fmt.Errorf("exam days %q: only INTERVAL=1 is understood here; give a timetable", rule)
			}
		case "WKST":
		case "BYDAY":
			for c := range strings.SplitSeq(v, ",") {
				wd, err := calendar.ParseWeekday(c)
				if err != nil {
					return nil, fmt.Errorf("exam days %q: %v", rule, err)
				}
				days[wd] = true
			}
		default:
			return nil, fmt.Errorf("exam days %q: only a weekly BYDAY rule is understood here; give a timetable", rule)
		}
	}
	if !weekly || len(days) == 0 {
		return nil, fmt.Errorf("exam days %q: only a weekly BYDAY rule is understood here; give a timetable", rule)
	}
	return days, nil
}
