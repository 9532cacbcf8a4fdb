package xlsx

import (
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// ForecastDay is one day of a session's forecast summed up, as the Forecast sheet shows it
// (a weekly profile row's weekday when Date is zero).
type ForecastDay struct {
	Date      calendar.Date
	Weekday   time.Weekday
	Calls     map[string]float64 // per line
	Total     float64
	PeakSlot  calendar.Clock // the busiest slot of all lines, the earliest of equals
	PeakCalls float64
	// Rows are the day's forecast rows per line, in the order given (for the quantiles of
	// the day's calls, planner.DayCallsQuantile).
	Rows map[string][]planner.ForecastRow
}

// ForecastDays sums rows up per day: weekly profile rows first, by weekday, then dates in
// order.
func ForecastDays(rows []planner.ForecastRow) []ForecastDay {
	days, _ := forecastDays(rows)
	out := make([]ForecastDay, len(days))
	for i, d := range days {
		at, n := d.peak()
		out[i] = ForecastDay{Date: d.date, Weekday: d.weekday, Calls: d.calls, Total: d.total, PeakSlot: at, PeakCalls: n, Rows: d.rows}
	}
	return out
}

// ForecastLines returns the lines of rows: the dataset's lines that have rows, in dataset
// order, then any other, in order of appearance.
func ForecastLines(ds *planner.Dataset, rows []planner.ForecastRow) []string {
	return forecastLineOrder(ds, rows)
}
