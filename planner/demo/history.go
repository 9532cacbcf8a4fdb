package demo

import (
	"fmt"
	"math"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/forecast"
)

// HistoryScale is the share of forecast.SessionSynth's calls the demo history has: about the
// demo forecast's calls in January 2027.
const HistoryScale = 0.6

// History invents a call history of the demo desk, to try the forecast with: the sessions (the
// demo's June 2026 and January 2027, and the past sessions from January 2024, a january, a june
// and an august-september one each year, all with their types), the calls of every session
// before January 2027 (forecast.SessionSynth's desk at HistoryScale: growing 8% a year, june
// busier and august-september quieter than january, weekday effects, calls around exam starts
// and ends, a public holiday in each june without any call), and the exam timetable of every session, January 2027's
// included (a timetable is known before its session). Everything is invented; the same seed
// gives the same history.
func History(seed uint64) (sessions []planner.Session, calls []forecast.Call, timetable []forecast.ExamSitting, err error) {
	ds, err := Dataset()
	if err != nil {
		return nil, nil, nil, err
	}
	names := map[string]string{"january": "January", "june": "June", "august-september": "August-September"}
	for _, x := range forecast.SynthSessions(2024, 10) {
		if own, ok := ds.Session(x.ID); ok {
			x = own
		} else {
			x.Name = fmt.Sprintf("%s %d exams", names[x.Type], x.FirstDay.Year)
			x.ExamDays = planner.DefaultExamDays
		}
		sessions = append(sessions, x)
	}
	last := sessions[len(sessions)-1]
	if last.ID != "jan-2027" || last.FirstDay != calendar.MustDate("2027-01-04") {
		return nil, nil, nil, fmt.Errorf("demo: the history's last session is %s from %s, want the demo's jan-2027", last.ID, last.FirstDay)
	}
	g := forecast.SessionSynth(ds.Settings, sessions, seed)
	g.Sessions = sessions[:len(sessions)-1] // calls up to the session to forecast
	g.ClosedShare = 0
	for i := range g.Lines {
		l := &g.Lines[i]
		for t := range l.Volume {
			l.Volume[t] *= HistoryScale
			for k, a := range l.Agents[t] {
				l.Agents[t][k] = max(1, int(math.Ceil(float64(a)*HistoryScale)))
			}
		}
		l.PerSitting *= HistoryScale
		for q := range l.Spike {
			l.Spike[q] *= HistoryScale
			l.EndSpike[q] *= HistoryScale
		}
	}
	calls, err = g.Calls()
	if err != nil {
		return nil, nil, nil, err
	}
	return sessions, calls, g.Timetable, nil
}
