package forecast_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/forecast"
)

func ExampleReadCalls() {
	const log = `arrival,line,wait_seconds,handle_seconds,abandoned
2026-06-08 09:31:05,LLN,12.5,300,false
2026-06-08T07:32:00Z,MONS,61,,true
`
	loc, _ := time.LoadLocation("Europe/Brussels")
	calls, err := forecast.ReadCalls(strings.NewReader(log), "calls.csv", loc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range calls {
		fmt.Println(c.Arrival.Format("2006-01-02 15:04:05"), c.Line, c.WaitSeconds, c.HandleSeconds, c.Abandoned)
	}

	// A bad file: every bad row is reported with its line number and column.
	_, err = forecast.ReadCalls(strings.NewReader(`arrival,line,wait_seconds,handle_seconds,abandoned
2026-06-08 09:31:05,LLN,-4,300,false
2026-06-08 09:32:00,LLN,3,300,perhaps
`), "calls.csv", loc)
	fmt.Println(err)
	// Output:
	// 2026-06-08 09:31:05 LLN 12.5 300 false
	// 2026-06-08 09:32:00 MONS 61 0 true
	// 2 problems in the input:
	//   calls.csv:2 (wait_seconds): -4 seconds is outside 0..86400
	//   calls.csv:3 (abandoned): "perhaps" is not one of true/false, yes/no, y/n, 1/0
}

func ExampleReadTimetable() {
	const tt = `date,start,duration_minutes,remote_sittings,name
2027-01-11,08:30,180,240,LINFO1101
2027-01-11,13:30,120,35,LMAT1141
`
	exams, err := forecast.ReadTimetable(strings.NewReader(tt), "timetable.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range exams {
		fmt.Println(e.Date, e.Start, e.Minutes, e.RemoteSittings, e.Name)
	}
	// Output:
	// 2027-01-11 08:30 180 240 LINFO1101
	// 2027-01-11 13:30 120 35 LMAT1141
}

// ExampleBuild estimates a model from two days of history, a Monday with exams and a Tuesday
// without, and forecasts a Monday and a Tuesday of a session whose exam days are Mondays: the
// calls of each slot, and the spread of the day's calls beyond Poisson noise (DayCV), here
// wide, as two days say little.
func ExampleBuild() {
	s := planner.DefaultSettings()
	s.TimeZone = "UTC"
	s.Open, s.Close, s.SlotMinutes = calendar.MustClock("09:00"), calendar.MustClock("11:00"), 60
	at := func(day, clock string) time.Time {
		return calendar.MustDate(day).In(calendar.MustClock(clock), time.UTC)
	}
	calls := []forecast.Call{
		{Arrival: at("2026-06-08", "09:05"), Line: "LLN", HandleSeconds: 200},
		{Arrival: at("2026-06-08", "09:15"), Line: "LLN", HandleSeconds: 400},
		{Arrival: at("2026-06-08", "09:25"), Line: "LLN", WaitSeconds: 65, Abandoned: true},
		{Arrival: at("2026-06-08", "09:50"), Line: "LLN", HandleSeconds: 300},
		{Arrival: at("2026-06-08", "10:10"), Line: "LLN", HandleSeconds: 300},
		{Arrival: at("2026-06-09", "09:30"), Line: "LLN", HandleSeconds: 300},
		{Arrival: at("2026-06-09", "10:15"), Line: "LLN", HandleSeconds: 300},
		{Arrival: at("2026-06-09", "10:45"), Line: "LLN", WaitSeconds: 35, Abandoned: true},
	}
	monday := func(d calendar.Date) bool { return d.Weekday() == time.Monday }
	model, err := forecast.Estimate(calls, s, &forecast.Options{ExamDay: monday})
	if err != nil {
		fmt.Println(err)
		return
	}
	session := planner.Session{
		ID:       "demo",
		FirstDay: calendar.MustDate("2026-06-15"),
		LastDay:  calendar.MustDate("2026-06-16"),
		ExamDays: "FREQ=WEEKLY;BYDAY=MO",
	}
	rows, err := forecast.Build(model, session, nil, s, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Printf("%s %s %s %s: %.1f calls, AHT %.0f s, patience %.0f s, day CV %.2f\n",
			r.Date, r.Weekday.String()[:3], r.Slot, r.Line, r.Calls, r.AHT, r.Patience, r.DayCV)
	}
	// Output:
	// 2026-06-15 Mon 09:00 LLN: 4.4 calls, AHT 300 s, patience 45 s, day CV 0.45
	// 2026-06-15 Mon 10:00 LLN: 1.1 calls, AHT 300 s, patience 45 s, day CV 0.45
	// 2026-06-16 Tue 09:00 LLN: 1.2 calls, AHT 300 s, patience 45 s, day CV 0.58
	// 2026-06-16 Tue 10:00 LLN: 2.4 calls, AHT 300 s, patience 45 s, day CV 0.58
}

// ExampleBacktest forecasts each session of a synthetic history of six sessions from the
// sessions before it, and compares the forecasts with the calls that came and with the same
// session a year earlier.
func ExampleBacktest() {
	s := planner.DefaultSettings()
	g := forecast.SessionSynth(s, forecast.SynthSessions(2024, 6), 1)
	calls, err := g.Calls()
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := forecast.Backtest(calls, s, &forecast.Options{Timetable: g.Timetable, Sessions: g.Sessions, Closed: g.Closed})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range res.Sessions {
		fmt.Printf("%s from %d sessions: bias %+.0f%%, days inside the 80%% interval %.0f%%", x.Session, len(x.Trained),
			100*x.Model.Bias, 100**x.Model.Inside)
		if x.LastYear != nil {
			fmt.Printf("; a year earlier (%s): bias %+.0f%%, day WAPE %.2f against %.2f", x.LastYearFrom, 100*x.LastYear.Bias,
				x.LastYear.DayWAPE, x.Model.DayWAPE)
		}
		fmt.Println()
	}
	// Output:
	// aug-2024 from 2 sessions: bias +18%, days inside the 80% interval 89%
	// jan-2025 from 3 sessions: bias -8%, days inside the 80% interval 79%; a year earlier (jan-2024): bias -3%, day WAPE 0.21 against 0.12
	// jun-2025 from 4 sessions: bias -1%, days inside the 80% interval 76%; a year earlier (jun-2024): bias -1%, day WAPE 0.18 against 0.10
	// aug-2025 from 5 sessions: bias +4%, days inside the 80% interval 81%; a year earlier (aug-2024): bias -3%, day WAPE 0.21 against 0.12
}

// ExampleModel_Effects prints the fitted effects of a line in words.
func ExampleModel_Effects() {
	s := planner.DefaultSettings()
	g := forecast.SessionSynth(s, forecast.SynthSessions(2024, 6), 1)
	calls, err := g.Calls()
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := forecast.Estimate(calls, s, &forecast.Options{Timetable: g.Timetable, Sessions: g.Sessions, Closed: g.Closed})
	if err != nil {
		fmt.Println(err)
		return
	}
	var lln []forecast.Effect
	for _, e := range m.Effects() {
		if e.Line == "LLN" {
			lln = append(lln, e)
		}
	}
	fmt.Print(forecast.Summary(lln))
	// Output:
	// LLN:
	//   growth: +8.7% a year (± 2.4%)
	//   june: +2.0% over january (± 2.9%)
	//   august-september: -19.7% over january (± 2.7%)
	//   non-exam-day: -36.7% against an exam weekday, sittings aside (± 3.1%)
	//   saturday: -69.7% against an exam weekday, sittings aside (± 5.4%)
	//   exam-weekday: Mon +17.3%, Tue +5.8%, Wed +1.4%, Thu -4.5%, Fri -16.9% against their mean
	//   non-exam-day: Mon +14.4%, Tue +1.5%, Wed +9.0%, Thu -7.8%, Fri -14.2% against their mean
	//   per remote sitting: 0.034 calls over the day (± 0.015)
	//   per remote sitting: 0.119 calls around an exam's start, the most 30 min before its start slot (0.058)
	//   per remote sitting: 0.049 calls around an exam's end, the most in its last slot (0.044)
	//   day-to-day noise: ± 11.0% of the base calls beyond Poisson
	//   slot noise: ± 0.0% beyond Poisson and the day's
}
