package forecast_test

import (
	"fmt"
	"strings"
	"time"

	"deskplan/planner"
	"deskplan/planner/calendar"
	"deskplan/planner/forecast"
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
// without, and forecasts a Monday and a Tuesday of a session whose exam days are Mondays.
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
	rows, err := forecast.Build(model, session, nil, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Printf("%s %s %s %s: %.1f calls, AHT %.0f s, patience %.0f s\n",
			r.Date, r.Weekday.String()[:3], r.Slot, r.Line, r.Calls, r.AHT, r.Patience)
	}
	// Output:
	// 2026-06-15 Mon 09:00 LLN: 4.0 calls, AHT 300 s, patience 45 s
	// 2026-06-15 Mon 10:00 LLN: 1.0 calls, AHT 300 s, patience 45 s
	// 2026-06-16 Tue 09:00 LLN: 1.0 calls, AHT 300 s, patience 45 s
	// 2026-06-16 Tue 10:00 LLN: 2.0 calls, AHT 300 s, patience 45 s
}

// ExampleBacktest compares the model with a naive day-of-week average on a synthetic history
// with exam spikes, holding out its last 10 days.
func ExampleBacktest() {
	s := planner.DefaultSettings()
	g := forecast.DefaultSynth(s, calendar.MustDate("2026-01-05"), calendar.MustDate("2026-04-25"), 1)
	calls, err := g.Calls()
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := forecast.Backtest(calls, s, &forecast.Options{Timetable: g.Timetable}, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("held out:", res.Holdout[0], "to", res.Holdout[len(res.Holdout)-1])
	fmt.Println("model beats naive on MAE:", res.Model.MAE < res.Naive.MAE)
	fmt.Println("model beats naive on RMSE:", res.Model.RMSE < res.Naive.RMSE)
	// Output:
	// held out: 2026-04-15 to 2026-04-25
	// model beats naive on MAE: true
	// model beats naive on RMSE: true
}
