package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/forecast"
	"github.com/deskplan/deskplan/planner/store"
	"github.com/deskplan/deskplan/planner/xlsx"
)

type forecastShowOptions struct {
	g       *globalOptions
	io      *IOStreams
	Session string
	Version int
	Output  string
	Day     string // show this day's slots
	JSON    bool
	Force   bool // replace the workbook if it exists
}

// newForecastShowCmd makes "deskplan forecast show" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newForecastShowCmd(g *globalOptions, ios *IOStreams, runF func(*forecastShowOptions) error) *cobra.Command {
	o := &forecastShowOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Show a session's forecast per day, and write it to a workbook with a chart",
		Long: `Show a session's forecast: the effects the model that built it fitted, in words; per day the
calls of each line with their 80% interval (the calls fall below its low end on one day in
ten, above its high end on one day in ten), their total and the busiest slot; per line the
calls, the calls-weighted AHT and patience; and the archived versions that forecast build
kept. --day DATE shows that day's slots with their 80% intervals; --json has every slot's.

With -o FILE.xlsx, also write a workbook: the per-day table, and the calls per slot of every
day with a line chart of each line's mean calls per slot and its 80% band.`,
		Example: `  deskplan forecast show --session jan-2027
  deskplan forecast show --session jan-2027 --day 2027-01-11
  deskplan forecast show --session jan-2027 -o forecast.xlsx
  deskplan forecast show --session jan-2027 --version 1 --json | jq '.days[0]'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := *o
			if opts.Version < 0 {
				return flagError(cmd, "version", "must be 1 or more, got %d", opts.Version)
			}
			if opts.Output != "" && !strings.EqualFold(filepath.Ext(opts.Output), ".xlsx") {
				return flagError(cmd, "output", "give a FILE.xlsx, got %q", opts.Output)
			}
			if err := refuseOverwrite(cmd, opts.Force, opts.Output); err != nil {
				return err
			}
			if opts.Day != "" {
				if _, err := calendar.ParseDate(opts.Day); err != nil {
					return flagError(cmd, "day", "%v", err)
				}
			}
			if runF != nil {
				return runF(&opts)
			}
			return runForecastShow(cmd.Context(), opts, ios.Out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Session, "session", "", "exam session id (required)")
	f.IntVar(&o.Version, "version", 0, "show archived version `N` instead of the current forecast")
	f.StringVarP(&o.Output, "output", "o", "", "also write the forecast to `FILE.xlsx`, with a chart")
	f.StringVar(&o.Day, "day", "", "also show the slots of this `DATE` (YYYY-MM-DD) with their 80% intervals")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	forceFlag(f, &o.Force)
	return cmd
}

// forecastShowOutput is what forecast show prints with --json.
type forecastShowOutput struct {
	Forecast store.ForecastVersion `json:"forecast"`
	// Effects are the fitted effects of the model that built the forecast, in words.
	Effects  []forecast.Effect       `json:"effects,omitempty"`
	Days     []forecastDay           `json:"days"`
	Slots    []forecastSlot          `json:"slots"`
	Lines    []forecastLine          `json:"lines"`
	Versions []store.ForecastVersion `json:"versions"` // archived versions
	Output   string                  `json:"output,omitempty"`
}

func runForecastShow(ctx context.Context, opts forecastShowOptions, out io.Writer) error {
	st, ds, err := opts.g.openDataset(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	session, err := sessionOf(ds, opts.Session)
	if err != nil {
		return err
	}
	o := forecastShowOutput{Output: opts.Output}
	rows, err := loadShownForecast(ctx, st, ds, session, opts.Version, &o)
	if err != nil {
		return err
	}
	loc, err := ds.Settings.Location()
	if err != nil {
		return err
	}
	lines := forecastLines(ds, rows)
	o.Days, o.Lines = summariseForecast(rows, lines)
	o.Slots = forecastSlots(rows)
	if m := o.Forecast.Model; m != nil {
		o.Effects = m.Effects()
	}
	var day calendar.Date
	if opts.Day != "" {
		day, _ = calendar.ParseDate(opts.Day)
		if !slices.ContainsFunc(rows, func(f planner.ForecastRow) bool { return f.Date == day }) {
			return usageError{err: fmt.Errorf("--day: the forecast of session %s has no row on %s", session.ID, day)}
		}
	}
	text := func(out io.Writer) error {
		return printForecastShow(out, &o, session, opts.Version, rows, lines, day, loc)
	}
	return writeResult(out, o, opts.JSON, opts.Output, "Forecast",
		func(w io.Writer) error { return xlsx.WriteForecast(w, ds, session.ID) }, text)
}

// loadShownForecast sets o's archived versions (without their models) and the forecast shown:
// archived version n of session's forecast when n > 0, which then replaces the session's rows
// in ds (the workbook shows it), else the current one. It returns the rows shown.
func loadShownForecast(ctx context.Context, st *store.Store, ds *planner.Dataset, session planner.Session, n int, o *forecastShowOutput) ([]planner.ForecastRow, error) {
	var err error
	if o.Versions, err = st.ForecastVersions(ctx, session.ID); err != nil {
		return nil, err
	}
	var models []*forecast.Model // of the versions; the list shows none
	for i := range o.Versions {
		models = append(models, o.Versions[i].Model)
		o.Versions[i].Model = nil
	}
	var rows []planner.ForecastRow
	if n <= 0 {
		if o.Forecast, err = st.CurrentForecast(ctx, session.ID); err != nil {
			return nil, err
		}
		for _, f := range ds.Forecast {
			if f.SessionID == session.ID {
				rows = append(rows, f)
			}
		}
		return rows, nil
	}
	if rows, err = st.ArchivedForecast(ctx, session.ID, n); errors.Is(err, store.ErrNotFound) {
		return nil, usageError{err: fmt.Errorf("--version: session %s has no forecast version %d (it has %d)", session.ID, n, len(o.Versions))}
	} else if err != nil {
		return nil, err
	}
	for i, v := range o.Versions {
		if v.Version == n {
			o.Forecast = v
			o.Forecast.Model = models[i]
		}
	}
	kept := ds.Forecast[:0:0]
	for _, f := range ds.Forecast {
		if f.SessionID != session.ID {
			kept = append(kept, f)
		}
	}
	ds.Forecast = append(kept, rows...)
	return rows, nil
}

// printForecastShow prints forecast show's text: the header of the forecast shown (archived
// version n when n > 0), its model's effects, its days (and the slots of day unless zero) and
// lines, then the archived versions; times in loc.
func printForecastShow(out io.Writer, o *forecastShowOutput, session planner.Session, n int, rows []planner.ForecastRow, lines []string, day calendar.Date, loc *time.Location) error {
	what := "Forecast"
	if n > 0 {
		what = fmt.Sprintf("Forecast version %d", n)
	}
	fmt.Fprintf(out, "%s of session %s", what, session.ID)
	if session.Name != "" && session.Name != session.ID {
		fmt.Fprintf(out, " (%s)", session.Name)
	}
	fmt.Fprintf(out, ": %d rows, %.1f calls\n", o.Forecast.Rows, o.Forecast.Calls)
	switch {
	case o.Forecast.Note != "":
		fmt.Fprintf(out, "Written %s by %s\n", o.Forecast.WrittenAt.In(loc).Format(time.DateTime), o.Forecast.Note)
	case o.Forecast.Rows > 0:
		fmt.Fprintln(out, "Written by an import")
	}
	if len(o.Effects) > 0 {
		fmt.Fprintln(out, "\nFitted effects of the model that built it:")
		fmt.Fprint(out, forecast.Summary(o.Effects))
	}
	if len(rows) == 0 {
		fmt.Fprintln(out, "No forecast: import one (Forecast sheet) or build it (deskplan forecast build)")
	} else if err := printForecastTables(out, o, rows, lines, day); err != nil {
		return err
	}
	if len(o.Versions) > 0 {
		fmt.Fprintf(out, "\nArchived versions (--version N):\n")
		for _, v := range o.Versions {
			note := v.Note
			if note == "" {
				note = "imported"
			}
			fmt.Fprintf(out, "  %d: %d rows, %.1f calls, replaced %s; %s\n", v.Version, v.Rows, v.Calls,
				v.ArchivedAt.In(loc).Format(time.DateTime), note)
		}
	}
	return nil
}

// printForecastTables prints the tables of forecast rows: per day, the slots of day unless it
// is zero, and per line.
func printForecastTables(out io.Writer, o *forecastShowOutput, rows []planner.ForecastRow, lines []string, day calendar.Date) error {
	fmt.Fprintln(out)
	if !hasSpread(rows) {
		fmt.Fprintln(out, "The rows give no spread of their calls (day_cv, slot_cv): no interval")
	}
	if err := printForecastDays(out, o.Days, lines, false); err != nil {
		return err
	}
	if !day.IsZero() {
		fmt.Fprintf(out, "\nSlots of %s %s (calls; 80%% interval):\n", day.Weekday().String()[:3], day)
		if err := printForecastSlots(out, o.Slots, day, lines); err != nil {
			return err
		}
	}
	fmt.Fprintln(out)
	return printForecastLines(out, o.Lines)
}

// printForecastSlots prints the slots of day: per slot, each line's calls and 80% interval.
func printForecastSlots(out io.Writer, slots []forecastSlot, day calendar.Date, lines []string) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"SLOT"}
	for _, l := range lines {
		head = append(head, l, l+" 80%")
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	cell := map[[2]string]forecastSlot{}
	var times []calendar.Clock
	for _, x := range slots {
		if x.Date != day {
			continue
		}
		if !slices.Contains(times, x.Slot) {
			times = append(times, x.Slot)
		}
		cell[[2]string{x.Slot.String(), x.Line}] = x
	}
	slices.Sort(times)
	for _, c := range times {
		cells := []string{c.String()}
		for _, l := range lines {
			x := cell[[2]string{c.String(), l}]
			cells = append(cells, fmt.Sprintf("%.1f", x.Calls), fmt.Sprintf("%.1f-%.1f", x.Interval[0], x.Interval[1]))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}
