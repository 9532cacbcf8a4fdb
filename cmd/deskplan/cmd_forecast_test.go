package main

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/forecast"
)

func TestSummariseForecast(t *testing.T) {
	mon, tue := calendar.MustDate("2027-01-11"), calendar.MustDate("2027-01-12")
	c := calendar.MustClock
	rows := []planner.ForecastRow{
		// Tuesday first: days come out in date order, weekly rows before them.
		{Date: tue, Weekday: tue.Weekday(), Slot: c("09:00"), Line: "MONS", Calls: 2, AHT: 400, Patience: 100},
		{Date: tue, Weekday: tue.Weekday(), Slot: c("09:00"), Line: "LLN", Calls: 3, AHT: 300},
		{Date: tue, Weekday: tue.Weekday(), Slot: c("09:30"), Line: "LLN", Calls: 5, AHT: 200, Patience: 200},
		{Date: mon, Weekday: mon.Weekday(), Slot: c("09:00"), Line: "LLN", Calls: 4, AHT: 300, Patience: 200},
		{Date: mon, Weekday: mon.Weekday(), Slot: c("09:30"), Line: "LLN", Calls: 4, AHT: 600, Patience: 200},
		{Weekday: time.Saturday, Slot: c("09:00"), Line: "MONS", Calls: 0, AHT: 500},
		{Weekday: time.Monday, Slot: c("09:00"), Line: "MONS", Calls: 1, AHT: 100},
	}
	days, lines := summariseForecast(rows, []string{"LLN", "MONS"})
	wantDays := []forecastDay{
		{Weekday: "Monday", Calls: map[string]float64{"MONS": 1}, Total: 1, PeakSlot: c("09:00"), PeakCalls: 1},
		{Weekday: "Saturday", Calls: map[string]float64{"MONS": 0}, Total: 0, PeakSlot: c("09:00"), PeakCalls: 0},
		// Equal slots: the earlier is the peak.
		{Date: mon, Weekday: "Monday", Calls: map[string]float64{"LLN": 8}, Total: 8, PeakSlot: c("09:00"), PeakCalls: 4},
		{Date: tue, Weekday: "Tuesday", Calls: map[string]float64{"LLN": 8, "MONS": 2}, Total: 10, PeakSlot: c("09:00"), PeakCalls: 5},
	}
	if diff := cmp.Diff(wantDays, days); diff != "" {
		t.Errorf("summariseForecast days (-want +got):\n%s", diff)
	}
	wantLines := []forecastLine{
		// AHT weighted by calls: (3·300 + 5·200 + 4·300 + 4·600) / 16; patience over rows that
		// give one: (5·200 + 4·200 + 4·200) / 13.
		{Line: "LLN", Calls: 16, AHT: (900 + 1000 + 1200 + 2400) / 16.0, Patience: 200},
		// MONS: (2·400 + 0·500 + 1·100) / 3.
		{Line: "MONS", Calls: 3, AHT: 300, Patience: 100},
	}
	approx := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })
	if diff := cmp.Diff(wantLines, lines, approx); diff != "" {
		t.Errorf("summariseForecast lines (-want +got):\n%s", diff)
	}
}

func TestMergeTimetables(t *testing.T) {
	e := func(day string, sittings int) forecast.ExamSitting {
		return forecast.ExamSitting{Date: calendar.MustDate(day), Start: calendar.MustClock("08:30"), Minutes: 120, RemoteSittings: sittings}
	}
	tests := []struct {
		name string
		a, b []forecast.ExamSitting
		want []forecast.ExamSitting
	}{
		{"none given", []forecast.ExamSitting{e("2026-06-08", 10)}, nil, []forecast.ExamSitting{e("2026-06-08", 10)}},
		{"same exams once", []forecast.ExamSitting{e("2026-06-08", 10)}, []forecast.ExamSitting{e("2026-06-08", 10), e("2027-01-11", 5)},
			[]forecast.ExamSitting{e("2026-06-08", 10), e("2027-01-11", 5)}},
		{"a twin exam in b is another exam", []forecast.ExamSitting{e("2026-06-08", 10)}, []forecast.ExamSitting{e("2026-06-08", 10), e("2026-06-08", 10)},
			[]forecast.ExamSitting{e("2026-06-08", 10), e("2026-06-08", 10)}},
		{"no stored", nil, []forecast.ExamSitting{e("2027-01-11", 5)}, []forecast.ExamSitting{e("2027-01-11", 5)}},
	}
	for _, tc := range tests {
		if got := mergeTimetables(tc.a, tc.b); !cmp.Equal(got, tc.want) {
			t.Errorf("%s: mergeTimetables = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSessionExams(t *testing.T) {
	s := planner.Session{ID: "jan", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-30")}
	tt := []forecast.ExamSitting{
		{Date: calendar.MustDate("2027-01-11"), Start: calendar.MustClock("08:30"), Minutes: 120, RemoteSittings: 200},
		{Date: calendar.MustDate("2027-01-11"), Start: calendar.MustClock("13:30"), Minutes: 120, RemoteSittings: 100},
		{Date: calendar.MustDate("2026-06-08"), Start: calendar.MustClock("08:30"), Minutes: 120, RemoteSittings: 7},
	}
	exam, sittings := sessionExams(s, tt)
	if exam == nil {
		t.Fatal("sessionExams: no exam day, want the timetable's")
	}
	for _, tc := range []struct {
		day      string
		exam     bool
		sittings int
	}{{"2027-01-11", true, 300}, {"2027-01-12", false, 0}} {
		d := calendar.MustDate(tc.day)
		if exam(d) != tc.exam || sittings(d) != tc.sittings {
			t.Errorf("%s: exam %v, sittings %d; want %v, %d", d, exam(d), sittings(d), tc.exam, tc.sittings)
		}
	}
	if exam, _ := sessionExams(s, tt[2:]); exam != nil {
		t.Error("sessionExams with no exam in the session: want nil (the session's rule)")
	}
}
