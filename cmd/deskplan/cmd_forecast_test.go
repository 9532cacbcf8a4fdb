package main

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
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
