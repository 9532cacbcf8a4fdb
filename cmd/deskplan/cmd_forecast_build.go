package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"deskplan/planner"
	"deskplan/planner/calendar"
	"deskplan/planner/forecast"
	"deskplan/planner/store"
)

type forecastBuildOptions struct {
	Session     string
	FromHistory bool
	Timetable   string
	JSON        bool
}

var forecastBuildOpts forecastBuildOptions

var cmdForecastBuild = &cobra.Command{
	Use:   "build",
	Short: "Build a session's forecast from the call history and the exam timetable",
	Long: `Estimate a forecast model from the call history in the store (per line and day type: the
daily volume as a linear function of the day's remote sittings, the intraday profile, the
spikes around exam starts, the AHT per slot and callers' patience), then write the session's
forecast: per open day, line and slot, the calls, AHT and patience.

The exams of the session are those of --timetable FILE when given, else those of the stored
timetable (deskplan exams import); when none falls in the session, its exam days are those of
the session's exam-days rule, with no sittings. The model learns from the stored timetable
and the --timetable file together.

The session's forecast is replaced in one transaction; the one it replaces is kept as a
numbered version (deskplan forecast show --version N). The summary shows the model per line
and day type, the calls per day and line, and each line's AHT and patience.`,
	Example: `  deskplan forecast build --session jan-2027
  deskplan forecast build --session jan-2027 --timetable timetable-2027-01.csv
  deskplan forecast build --session jan-2027 --json | jq '.lines'`,
	Args: noArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		if !forecastBuildOpts.FromHistory {
			return flagError(cmd, "from-history", "the call history is the only source of a forecast for now")
		}
		return runForecastBuild(cmd.Context(), forecastBuildOpts, cmd.OutOrStdout(), cmd.ErrOrStderr())
	},
}

func init() {
	f := cmdForecastBuild.Flags()
	f.StringVar(&forecastBuildOpts.Session, "session", "", "exam session id (required)")
	f.BoolVar(&forecastBuildOpts.FromHistory, "from-history", true, "estimate from the call history in the store (the default, and for now the only source)")
	f.StringVar(&forecastBuildOpts.Timetable, "timetable", "", "exam timetable `FILE` (CSV) of the session; default the stored timetable")
	f.BoolVar(&forecastBuildOpts.JSON, "json", false, "print JSON, with the whole model")
	cmdForecast.AddCommand(cmdForecastBuild)
}

// forecastBuildOutput is what forecast build prints with --json.
type forecastBuildOutput struct {
	Session  string `json:"session"`
	Note     string `json:"note"`
	Archived int    `json:"archived_version"` // the version the previous forecast is kept as; 0: none
	// ExamDaysFrom says where the session's exam days come from: "timetable" or "rule".
	ExamDaysFrom string            `json:"exam_days_from"`
	Rows         int               `json:"rows"`
	Days         []forecastDay     `json:"days"`
	Lines        []forecastLine    `json:"lines"`
	Skipped      []string          `json:"skipped_lines,omitempty"` // lines of the history the store lacks
	Closed       []planner.Closure `json:"closed,omitempty"`        // closures within the session: no forecast
	Model        *forecast.Model   `json:"model"`
	History      historyOfModel    `json:"history"`
}

type historyOfModel struct {
	First   calendar.Date `json:"first"`
	Last    calendar.Date `json:"last"`
	Days    int           `json:"days"`
	Calls   int           `json:"calls"`
	Ignored int           `json:"ignored"`
}

func runForecastBuild(ctx context.Context, opts forecastBuildOptions, out, errOut io.Writer) error {
	st, ds, err := openDataset(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	session, err := sessionOf(ds, opts.Session)
	if err != nil {
		return err
	}
	calls, stored, err := loadHistory(ctx, st)
	if err != nil {
		return err
	}
	tt := stored
	source := "the stored timetable"
	var given []forecast.ExamSitting
	if opts.Timetable != "" {
		given, err = readInputFile(opts.Timetable, func(r io.Reader) ([]forecast.ExamSitting, error) {
			return forecast.ReadTimetable(r, opts.Timetable)
		})
		if err != nil {
			return err
		}
		tt, source = given, opts.Timetable
	}
	model, err := forecast.Estimate(calls, ds.Settings, &forecast.Options{Timetable: mergeTimetables(stored, given)})
	if err != nil {
		return fmt.Errorf("estimating the forecast model from %d calls: %w", len(calls), err)
	}
	rows, err := forecast.Build(model, session, tt, ds.Settings)
	if err != nil {
		return fmt.Errorf("building the forecast of session %s: %w", session.ID, err)
	}
	o := forecastBuildOutput{Session: session.ID, Model: model, ExamDaysFrom: "rule", Closed: ds.ClosuresBetween(session.FirstDay, session.LastDay),
		History: historyOfModel{model.First, model.Last, model.Days, model.Calls, model.Ignored}}
	// The store keeps forecasts of its own lines only, and none for a closed day.
	kept := rows[:0]
	for _, f := range rows {
		if _, closed := ds.ClosedOn(f.Date); closed {
			continue
		}
		if isLine(ds, f.Line) {
			kept = append(kept, f)
		} else if !slices.Contains(o.Skipped, f.Line) {
			o.Skipped = append(o.Skipped, f.Line)
		}
	}
	rows = kept
	for _, l := range o.Skipped {
		fmt.Fprintf(errOut, "deskplan: warning: line %s of the history is not a line of the store (%s): no forecast for it\n", l, knownLines(ds))
	}
	if len(rows) == 0 {
		return fmt.Errorf("session %s: the history has no call of the store's lines (%s)", session.ID, knownLines(ds))
	}
	o.Rows = len(rows)

	examOf, sittingsOf := sessionExams(session, tt)
	if examOf == nil {
		loc, err := ds.Settings.Location()
		if err != nil {
			return err
		}
		list, err := session.ExamDayList(loc)
		if err != nil {
			return err
		}
		examOf = func(d calendar.Date) bool { return slices.Contains(list, d) }
	} else {
		o.ExamDaysFrom = "timetable"
	}
	o.Note = fmt.Sprintf("forecast build: %d calls %s to %s", model.Calls, model.First, model.Last)
	if o.ExamDaysFrom == "timetable" {
		o.Note += ", exams of " + source
	} else {
		o.Note += ", exam days of the session's rule"
	}
	lines := forecastLines(ds, rows)
	o.Days, o.Lines = summariseForecast(rows, lines)
	for i := range o.Days {
		d := &o.Days[i]
		d.Type = forecast.TypeOf(d.Date, examOf(d.Date)).String()
		d.Sittings = sittingsOf(d.Date)
	}
	if o.Archived, err = st.ReplaceForecast(ctx, session.ID, rows, o.Note); err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(out, o)
	}
	name := session.ID
	if session.Name != "" && session.Name != session.ID {
		name += " (" + session.Name + ")"
	}
	fmt.Fprintf(out, "Forecast of session %s, %s to %s, built from %d calls of %d days, %s to %s",
		name, session.FirstDay, session.LastDay, model.Calls, model.Days, model.First, model.Last)
	if model.Ignored > 0 {
		fmt.Fprintf(out, " (%d calls outside the opening hours ignored)", model.Ignored)
	}
	fmt.Fprintln(out)
	if o.ExamDaysFrom == "timetable" {
		fmt.Fprintf(out, "Exam days and sittings: %s\n", source)
	} else {
		rule := session.ExamDays
		if rule == "" {
			rule = planner.DefaultExamDays
		}
		fmt.Fprintf(out, "Exam days: the session's rule %s (no exam of the timetable falls in the session: no sittings, no spikes)\n", rule)
	}
	fmt.Fprintln(out, "\nModel, per line and day type (daily calls = A + B x remote sittings):")
	if err := printModel(out, model); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nForecast per day (calls):")
	if err := printForecastDays(out, o.Days, lines, true); err != nil {
		return err
	}
	for _, c := range o.Closed {
		fmt.Fprintf(out, "Closed, no forecast: %s\n", c)
	}
	fmt.Fprintln(out)
	if err := printForecastLines(out, o.Lines); err != nil {
		return err
	}
	switch o.Archived {
	case 0:
		fmt.Fprintf(out, "\nWrote %d forecast rows of session %s into %s\n", o.Rows, session.ID, globalOpts.DB)
	default:
		fmt.Fprintf(out, "\nWrote %d forecast rows of session %s into %s; the previous forecast is kept as version %d (deskplan forecast show --session %s --version %d)\n",
			o.Rows, session.ID, globalOpts.DB, o.Archived, session.ID, o.Archived)
	}
	return nil
}

// loadHistory loads the stored calls and timetable; no call is an error saying what to do.
func loadHistory(ctx context.Context, st *store.Store) ([]forecast.Call, []forecast.ExamSitting, error) {
	calls, err := st.Calls(ctx, time.Time{}, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	if len(calls) == 0 {
		return nil, nil, errors.New("the store holds no call history: run deskplan history import CALLS.csv first")
	}
	tt, err := st.Timetable(ctx)
	if err != nil {
		return nil, nil, err
	}
	return calls, tt, nil
}

// mergeTimetables returns the exams of a and those of b that a lacks.
func mergeTimetables(a, b []forecast.ExamSitting) []forecast.ExamSitting {
	out := slices.Clone(a)
	have := map[forecast.ExamSitting]int{}
	for _, e := range a {
		have[e]++
	}
	for _, e := range b {
		if have[e] > 0 {
			have[e]--
			continue
		}
		out = append(out, e)
	}
	return out
}

// sessionExams returns, when the timetable has exams in the session, whether a day is an exam
// day (as forecast.Build decides) and the day's remote sittings; examOf is nil otherwise.
func sessionExams(s planner.Session, tt []forecast.ExamSitting) (examOf func(calendar.Date) bool, sittingsOf func(calendar.Date) int) {
	sittings := map[calendar.Date]int{}
	days := map[calendar.Date]bool{}
	in := false
	for _, e := range tt {
		days[e.Date] = true
		sittings[e.Date] += e.RemoteSittings
		in = in || s.Contains(e.Date)
	}
	sittingsOf = func(d calendar.Date) int { return sittings[d] }
	if in {
		examOf = func(d calendar.Date) bool { return days[d] }
	}
	return examOf, sittingsOf
}

// printModel prints the model per line and day type.
func printModel(out io.Writer, m *forecast.Model) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tDAY TYPE\tDAYS\tCALLS\tA\tB\tR²\tMEAN AHT\tPATIENCE")
	for _, lm := range m.Lines {
		for _, dm := range lm.Types {
			if dm.Days == 0 {
				fmt.Fprintf(tw, "%s\t%s\t0\t\t\t\t\t\t(no history)\n", lm.Line, dm.Type)
				continue
			}
			b, r2 := "-", "-"
			if dm.Volume.Fitted {
				b, r2 = fmt.Sprintf("%.3f", dm.Volume.B), fmt.Sprintf("%.2f", dm.Volume.R2)
			}
			pat := "-"
			if dm.Patience.Mean > 0 {
				pat = fmt.Sprintf("%.0f s", dm.Patience.Mean)
				if dm.Patience.Pooled {
					pat += " (pooled)"
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.1f\t%s\t%s\t%.0f s\t%s\n", lm.Line, dm.Type, dm.Days, dm.Calls,
				dm.Volume.A, b, r2, dm.MeanAHT, pat)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var spikes []string
	for _, lm := range m.Lines {
		peak, at := 0.0, 0
		for i, k := range lm.Kernel {
			if k > peak {
				peak, at = k, i-m.KernelSlots
			}
		}
		if peak > 0 {
			spikes = append(spikes, fmt.Sprintf("%s %.3f calls per sitting %+d min from the start", lm.Line, peak, at*m.SlotMinutes))
		}
	}
	if len(spikes) > 0 {
		fmt.Fprintf(out, "Exam-start spike, peak: %s\n", strings.Join(spikes, "; "))
	}
	return nil
}
