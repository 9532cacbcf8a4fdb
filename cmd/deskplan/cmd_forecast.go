package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/xlsx"
)

// newForecastCmd makes "deskplan forecast", which groups the commands under it.
func newForecastCmd(g *globalOptions, ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "forecast",
		Short: "Build a session's call forecast from the history and the exam timetable, show it, test it",
		Long: `Build a session's call forecast from the call history and the exam timetable in the store
(deskplan history import, deskplan exams import), show it, and measure how accurate the
method is on the history (backtest).

The path from history to roster:
  deskplan history import calls.csv
  deskplan exams import timetable.csv
  deskplan forecast build --session jan-2027
  deskplan plan --session jan-2027 --week 2027-01-04`,
	}
	cmd.AddCommand(newForecastBuildCmd(g, ios, nil), newForecastShowCmd(g, ios, nil), newForecastBacktestCmd(g, ios, nil))
	return cmd
}

// forecastDay is a session's forecast on one day (a weekly profile row's weekday when Date is
// zero): the calls per line, their total, and the busiest slot.
type forecastDay struct {
	Date     calendar.Date      `json:"date,omitzero"`
	Weekday  string             `json:"weekday"`
	Type     string             `json:"type,omitempty"`            // day type (forecast build)
	Sittings int                `json:"remote_sittings,omitempty"` // the day's remote sittings (forecast build)
	Calls    map[string]float64 `json:"calls"`                     // per line
	// Interval is, per line, the 80% interval of the day's calls (10% and 90% quantiles),
	// from the spread of the rows; none when the rows give no spread.
	Interval map[string][2]float64 `json:"interval_80,omitempty"`
	Total    float64               `json:"total"`
	// PeakSlot is the slot with the most calls of all lines, PeakCalls those calls.
	PeakSlot  calendar.Clock `json:"peak_slot"`
	PeakCalls float64        `json:"peak_calls"`
}

// forecastLine is a session's forecast of one line: total calls, and the calls-weighted mean
// AHT and patience (0: the patience_seconds setting applies).
type forecastLine struct {
	Line     string  `json:"line"`
	Calls    float64 `json:"calls"`
	AHT      float64 `json:"aht_seconds"`
	Patience float64 `json:"patience_seconds"`
}

// forecastLines returns the lines of rows: the dataset's lines that have rows, in dataset
// order, then any other, in order of appearance.
func forecastLines(ds *planner.Dataset, rows []planner.ForecastRow) []string {
	return xlsx.ForecastLines(ds, rows)
}

// forecastSlot is the forecast of one line in one slot with its 80% interval.
type forecastSlot struct {
	Date     calendar.Date  `json:"date,omitzero"`
	Weekday  string         `json:"weekday"`
	Slot     calendar.Clock `json:"slot"`
	Line     string         `json:"line"`
	Calls    float64        `json:"calls"`
	Interval [2]float64     `json:"interval_80"` // 10% and 90% quantiles of the slot's calls
}

// forecastSlots returns each row's slot with its 80% interval.
func forecastSlots(rows []planner.ForecastRow) []forecastSlot {
	out := make([]forecastSlot, len(rows))
	for i, f := range rows {
		wd := f.Weekday
		if !f.Date.IsZero() {
			wd = f.Date.Weekday()
		}
		out[i] = forecastSlot{Date: f.Date, Weekday: wd.String(), Slot: f.Slot, Line: f.Line, Calls: f.Calls,
			Interval: [2]float64{round1(planner.SlotCallsQuantile(f, 0.1)), round1(planner.SlotCallsQuantile(f, 0.9))}}
	}
	return out
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// hasSpread reports whether a row of rows gives the spread of its calls.
func hasSpread(rows []planner.ForecastRow) bool {
	return slices.ContainsFunc(rows, func(f planner.ForecastRow) bool { return f.DayCV > 0 || f.SlotCV > 0 })
}

// summariseForecast sums rows up per day (xlsx.ForecastDays: in date order, weekly profile
// rows first by weekday) and per line (in the order of lines), with each day's 80% interval
// per line when the rows give their spread.
func summariseForecast(rows []planner.ForecastRow, lines []string) ([]forecastDay, []forecastLine) {
	spread := hasSpread(rows)
	var days []forecastDay
	for _, d := range xlsx.ForecastDays(rows) {
		fd := forecastDay{Date: d.Date, Weekday: d.Weekday.String(), Calls: d.Calls, Total: d.Total, PeakSlot: d.PeakSlot, PeakCalls: d.PeakCalls}
		if spread {
			for line, rs := range d.Rows {
				if fd.Interval == nil {
					fd.Interval = map[string][2]float64{}
				}
				fd.Interval[line] = [2]float64{round1(planner.DayCallsQuantile(rs, 0.1)), round1(planner.DayCallsQuantile(rs, 0.9))}
			}
		}
		days = append(days, fd)
	}
	perLine := make(map[string]*struct{ calls, aht, pat, patCalls, n, ahtSum float64 }, len(lines))
	for _, l := range lines {
		perLine[l] = &struct{ calls, aht, pat, patCalls, n, ahtSum float64 }{}
	}
	for _, f := range rows {
		if p := perLine[f.Line]; p != nil {
			p.calls += f.Calls
			p.aht += f.Calls * f.AHT
			p.ahtSum += f.AHT
			p.n++
			if f.Patience > 0 {
				p.pat += f.Calls * f.Patience
				p.patCalls += f.Calls
			}
		}
	}
	out := make([]forecastLine, len(lines))
	for i, l := range lines {
		p := perLine[l]
		out[i] = forecastLine{Line: l, Calls: p.calls}
		switch {
		case p.calls > 0:
			out[i].AHT = p.aht / p.calls
		case p.n > 0:
			out[i].AHT = p.ahtSum / p.n
		}
		if p.patCalls > 0 {
			out[i].Patience = p.pat / p.patCalls
		}
	}
	return days, out
}

// printForecastDays prints the per-day table; withType adds the day type and sittings. A line
// whose days have an interval gets a column of it beside its calls.
func printForecastDays(out io.Writer, days []forecastDay, lines []string, withType bool) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"DATE", "DAY"}
	if withType {
		head = append(head, "TYPE", "SITTINGS")
	}
	interval := map[string]bool{}
	for _, d := range days {
		for l := range d.Interval {
			interval[l] = true
		}
	}
	for _, l := range lines {
		head = append(head, l)
		if interval[l] {
			head = append(head, l+" 80%")
		}
	}
	head = append(head, "TOTAL", "PEAK SLOT", "PEAK CALLS")
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	total := map[string]float64{}
	sum := 0.0
	for _, d := range days {
		label := d.Date.String()
		if d.Date.IsZero() {
			label = "weekly"
		}
		cells := []string{label, d.Weekday[:3]}
		if withType {
			cells = append(cells, d.Type, fmt.Sprint(d.Sittings))
		}
		for _, l := range lines {
			cells = append(cells, fmt.Sprintf("%.1f", d.Calls[l]))
			total[l] += d.Calls[l]
			if interval[l] {
				iv, ok := d.Interval[l]
				if ok {
					cells = append(cells, fmt.Sprintf("%.0f-%.0f", iv[0], iv[1]))
				} else {
					cells = append(cells, "")
				}
			}
		}
		sum += d.Total
		cells = append(cells, fmt.Sprintf("%.1f", d.Total), d.PeakSlot.String(), fmt.Sprintf("%.1f", d.PeakCalls))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	cells := []string{"total", ""}
	if withType {
		cells = append(cells, "", "")
	}
	for _, l := range lines {
		cells = append(cells, fmt.Sprintf("%.1f", total[l]))
		if interval[l] {
			cells = append(cells, "")
		}
	}
	cells = append(cells, fmt.Sprintf("%.1f", sum), "", "")
	fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	return tw.Flush()
}

// printForecastLines prints the per-line table.
func printForecastLines(out io.Writer, lines []forecastLine) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "LINE\tCALLS\tAHT\tPATIENCE\t")
	for _, l := range lines {
		pat := "setting"
		if l.Patience > 0 {
			pat = fmt.Sprintf("%.0f s", l.Patience)
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.0f s\t%s\t\n", l.Line, l.Calls, l.AHT, pat)
	}
	return tw.Flush()
}

// sessionOf returns the session id of the store, or a usage error naming the flag.
func sessionOf(ds *planner.Dataset, id string) (planner.Session, error) {
	if id == "" {
		return planner.Session{}, usageError{err: fmt.Errorf("--session: is required (see deskplan session list)")}
	}
	s, ok := ds.Session(id)
	if !ok {
		return s, usageError{err: fmt.Errorf("--session: %w", planner.UnknownSessionError(ds, id))}
	}
	return s, nil
}
