package forecast

import (
	"fmt"
	"strings"
	"time"

	"deskplan/planner"
	"deskplan/planner/calendar"
)

// Day forecasts one day: for each line of the model, in line order, one row per slot with the
// calls, the AHT and the patience (0 when the history showed no abandon). exam tells whether d
// is an exam day and sittings are its exams (their dates are not checked). The rows have no
// SessionID.
//
// A day's calls are A + B × remote sittings (the volume fit of the day type), split into the
// kernel's spikes around each exam start and a base spread on the day type's profile. It
// returns an error when a line has no history on d's day type.
func (m *Model) Day(d calendar.Date, exam bool, sittings []ExamSitting) ([]planner.ForecastRow, error) {
	typ := TypeOf(d, exam)
	r := remote(sittings)
	slots := m.Slots()
	nS := len(slots)
	s := planner.Settings{Open: m.Open, Close: m.Close, SlotMinutes: m.SlotMinutes}
	x := design(s, sittings, nS, m.KernelSlots)
	var rows []planner.ForecastRow
	var missing []string
	for _, lm := range m.Lines {
		dm := lm.Types[typ]
		if dm.Days == 0 {
			missing = append(missing, lm.Line)
			continue
		}
		spikes := make([]float64, nS)
		spiked := 0.0
		for k := range spikes {
			for q, w := range x[k] {
				spikes[k] += w * lm.Kernel[q]
			}
			spiked += spikes[k]
		}
		base := max(0, dm.Volume.At(r)-spiked)
		for k, c := range slots {
			rows = append(rows, planner.ForecastRow{
				Date:     d,
				Weekday:  d.Weekday(),
				Slot:     c,
				Line:     lm.Line,
				Calls:    max(0, base*dm.Profile[k]+spikes[k]),
				AHT:      dm.AHT[k],
				Patience: dm.Patience.Mean,
			})
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("forecast: no %s in the history of line %s to forecast %s (%s) from",
			typ, strings.Join(missing, ", "), d, d.Weekday())
	}
	return rows, nil
}

// Build writes the forecast of a session from a model: dated rows, per open day of the session
// (settings' open days), line and slot, with the calls, AHT and patience of Model.Day.
//
// The exam days are the days of the timetable that fall in the session; with no such day,
// they are the session's ExamDays rule (DefaultExamDays when empty), which must then be a
// weekly BYDAY rule such as FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA (for another rule, call
// Model.Day for each day). Exams of the timetable outside the session or on closed days are
// ignored.
//
// It returns an error when the settings' opening hours or slot grid differ from the model's,
// or when a line has no history for a day type the session needs (all such days are named).
func Build(model *Model, session planner.Session, timetable []ExamSitting, s planner.Settings) ([]planner.ForecastRow, error) {
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
	var rows []planner.ForecastRow
	var errs []string
	for d := session.FirstDay; !d.After(session.LastDay); d = d.AddDays(1) {
		if !s.IsOpen(d.Weekday()) {
			continue
		}
		day, err := model.Day(d, exam(d), tt[d])
		if err != nil {
			errs = append(errs, err.Error())
			continue
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
