package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/forecast"
)

type forecastBuildOptions struct {
	g           *globalOptions
	io          *IOStreams
	Session     string
	FromHistory bool
	Timetable   string
	JSON        bool
}

// newForecastBuildCmd makes "deskplan forecast build" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newForecastBuildCmd(g *globalOptions, ios *IOStreams, runF func(*forecastBuildOptions) error) *cobra.Command {
	o := &forecastBuildOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build a session's forecast from the call history and the exam timetable",
		Long: `Estimate a forecast model from the call history in the store, then write the session's
forecast: per open day, line and slot, the calls, AHT and patience, and the spread of the
calls (for the intervals and for planning at a quantile, --demand p80).

The model learns, per line: the level of a day from its day type (exam weekday, weekday
without exams, Saturday), its weekday, the growth of the desk from session to session and the
session's type (the type column of Sessions: january, june, august-september...); the calls
each remote sitting brings over the day, around its exam's start and near its end (from the
duration); the intraday profile; the day-to-day and slot noise; the AHT per slot and callers'
patience. The growth, session types and weekdays are shared by the lines, each with its own
deviations, and a short history keeps them near none. Each day of the history belongs to the
session that holds it: calls outside every session are left out.

The exams of the session are those of --timetable FILE when given, else those of the stored
timetable (deskplan exams import); when none falls in the session, its exam days are those of
the session's exam-days rule, with no sittings. The model learns from the stored timetable
and the --timetable file together.

The session's forecast is replaced in one transaction, with the model that built it; the one
it replaces is kept as a numbered version (deskplan forecast show --version N). The summary
shows the fitted effects in words, the calls per day and line with their 80% intervals, and
each line's AHT and patience.`,
		Example: `  deskplan forecast build --session jan-2027
  deskplan forecast build --session jan-2027 --timetable timetable-2027-01.csv
  deskplan forecast build --session jan-2027 --json | jq '.lines'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !o.FromHistory {
				return flagError(cmd, "from-history", "the call history is the only source of a forecast for now")
			}
			if runF != nil {
				return runF(o)
			}
			return runForecastBuild(cmd.Context(), *o, ios.Out, ios.ErrOut)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Session, "session", "", "exam session id (required)")
	f.BoolVar(&o.FromHistory, "from-history", true, "estimate from the call history in the store (the default, and for now the only source)")
	f.StringVar(&o.Timetable, "timetable", "", "exam timetable `FILE` (CSV) of the session; default the stored timetable")
	f.BoolVar(&o.JSON, "json", false, "print JSON, with the whole model")
	return cmd
}

// forecastBuildOutput is what forecast build prints with --json.
type forecastBuildOutput struct {
	Session  string `json:"session"`
	Note     string `json:"note"`
	Archived int    `json:"archived_version"` // the version the previous forecast is kept as; 0: none
	// ExamDaysFrom says where the session's exam days come from: "timetable" or "rule".
	ExamDaysFrom string         `json:"exam_days_from"`
	Rows         int            `json:"rows"`
	Days         []forecastDay  `json:"days"`
	Lines        []forecastLine `json:"lines"`
	Skipped      []string       `json:"skipped_lines,omitempty"` // lines of the history the store lacks
	// Untyped lists the sessions of the history without a type, when some have one.
	Untyped []string          `json:"untyped_sessions,omitempty"`
	Closed  []planner.Closure `json:"closed,omitempty"` // closures within the session: no forecast
	Effects []forecast.Effect `json:"effects"`
	Model   *forecast.Model   `json:"model"`
	History historyOfModel    `json:"history"`
}

type historyOfModel struct {
	First   calendar.Date `json:"first"`
	Last    calendar.Date `json:"last"`
	Days    int           `json:"days"`
	Calls   int           `json:"calls"`
	Ignored int           `json:"ignored"`
	// Outside is the days with calls outside every session, left out.
	Outside  int      `json:"outside_days"`
	Sessions []string `json:"sessions"` // the sessions of the history, in date order
}

func runForecastBuild(ctx context.Context, opts forecastBuildOptions, out, errOut io.Writer) error {
	st, ds, err := opts.g.openDataset(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	session, err := sessionOf(ds, opts.Session)
	if err != nil {
		return err
	}
	var given []forecast.ExamSitting
	if opts.Timetable != "" {
		given, err = readInputFile(opts.Timetable, func(r io.Reader) ([]forecast.ExamSitting, error) {
			return forecast.ReadTimetable(r, opts.Timetable)
		})
		if err != nil {
			return err
		}
	}
	status := newStatusLine(opts.io, opts.JSON)
	defer status.Close()
	res, err := desk.BuildForecast(ctx, st, ds, desk.ForecastBuild{Session: session, Timetable: given, TimetableSource: opts.Timetable,
		Status: func(format string, args ...any) { status.Set(-1, format, args...) }})
	status.Close() // the warnings below, and the summary, start on a clean line
	if res != nil {
		warnForecastBuild(errOut, res, ds)
	}
	if err != nil {
		return err
	}
	o, lines := forecastBuildSummary(session, res, ds)
	if opts.JSON {
		return writeJSON(out, o)
	}
	return printForecastBuild(out, &o, session, res, lines, opts.g.DB)
}

// warnForecastBuild warns on errOut of the history that res left out: days outside every
// session, sessions without a type, lines the store (ds) lacks.
func warnForecastBuild(errOut io.Writer, res *desk.BuiltForecast, ds *planner.Dataset) {
	if res.Model.Outside > 0 {
		fmt.Fprintf(errOut, "deskplan: warning: %d days of calls fall outside every session of the store and are left out (deskplan session list)\n", res.Model.Outside)
	}
	if len(res.Untyped) > 0 {
		fmt.Fprintf(errOut, "deskplan: warning: sessions without a type: %s; set the type column of Sessions (january, june, august-september...) so that the forecast tells their levels apart\n",
			strings.Join(res.Untyped, ", "))
	}
	for _, l := range res.Skipped {
		fmt.Fprintf(errOut, "deskplan: warning: line %s of the history is not a line of the store (%s): no forecast for it\n", l, desk.KnownLines(ds))
	}
}

// forecastBuildSummary returns the output of forecast build res of session: its model and
// history, and the days (with their type and sittings) and lines of the forecast; and the
// lines of the forecast, in the order of ds.
func forecastBuildSummary(session planner.Session, res *desk.BuiltForecast, ds *planner.Dataset) (forecastBuildOutput, []string) {
	model, rows := res.Model, res.Rows
	o := forecastBuildOutput{Session: session.ID, Model: model, ExamDaysFrom: res.ExamDaysFrom, Effects: model.Effects(),
		Closed: res.Closed, Skipped: res.Skipped, Untyped: res.Untyped, Rows: len(rows), Note: res.Note, Archived: res.Archived,
		History: historyOfModel{First: model.First, Last: model.Last, Days: model.Days, Calls: model.Calls,
			Ignored: model.Ignored, Outside: model.Outside, Sessions: []string{}}}
	for _, x := range model.Sessions {
		o.History.Sessions = append(o.History.Sessions, x.ID)
	}
	lines := forecastLines(ds, rows)
	o.Days, o.Lines = summariseForecast(rows, lines)
	for i := range o.Days {
		d := &o.Days[i]
		d.Type = forecast.TypeOf(d.Date, res.ExamOf(d.Date)).String()
		d.Sittings = res.SittingsOf(d.Date)
	}
	return o, lines
}

// printForecastBuild prints forecast build's text: the history the model of res was built
// from, where the exam days come from, the model and its effects, the forecast per day and
// per line, and what was written into store db.
func printForecastBuild(out io.Writer, o *forecastBuildOutput, session planner.Session, res *desk.BuiltForecast, lines []string, db string) error {
	model := res.Model
	name := session.ID
	if session.Name != "" && session.Name != session.ID {
		name += " (" + session.Name + ")"
	}
	fmt.Fprintf(out, "Forecast of session %s, %s to %s, built from %d calls of %d days, %s to %s",
		name, session.FirstDay, session.LastDay, model.Calls, model.Days, model.First, model.Last)
	if len(model.Sessions) > 1 || model.Sessions[0].ID != "" {
		fmt.Fprintf(out, " (sessions %s)", strings.Join(o.History.Sessions, ", "))
	}
	if model.Ignored > 0 {
		fmt.Fprintf(out, "; %d calls ignored (outside the opening hours, on closed days or outside every session)", model.Ignored)
	}
	fmt.Fprintln(out)
	if o.ExamDaysFrom == "timetable" {
		fmt.Fprintf(out, "Exam days and sittings: %s\n", res.Source)
	} else {
		rule := session.ExamDays
		if rule == "" {
			rule = planner.DefaultExamDays
		}
		fmt.Fprintf(out, "Exam days: the session's rule %s (no exam of the timetable falls in the session: no sittings, no spikes)\n", rule)
	}
	fmt.Fprintln(out, "\nHistory per line and day type:")
	if err := printModel(out, model); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nFitted effects:")
	fmt.Fprint(out, forecast.Summary(o.Effects))
	if !slices.ContainsFunc(model.Sessions, func(x forecast.HistorySession) bool { return x.Type == session.Type }) {
		fmt.Fprintf(out, "Session %s is of type %q, which the history lacks: it takes the mean level of the types seen, with ± %.0f%% more uncertainty\n",
			session.ID, session.Type, 100*model.Priors.SessionType)
	}
	fmt.Fprintln(out, "\nForecast per day (calls; 80% interval of each line's day):")
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
		fmt.Fprintf(out, "\nWrote %d forecast rows of session %s into %s\n", o.Rows, session.ID, db)
	default:
		fmt.Fprintf(out, "\nWrote %d forecast rows of session %s into %s; the previous forecast is kept as version %d (deskplan forecast show --session %s --version %d)\n",
			o.Rows, session.ID, db, o.Archived, session.ID, o.Archived)
	}
	return nil
}

// printModel prints the history of the model per line and day type: days, calls, mean AHT and
// patience.
func printModel(out io.Writer, m *forecast.Model) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tDAY TYPE\tDAYS\tCALLS\tMEAN AHT\tPATIENCE")
	for _, lm := range m.Lines {
		for _, dm := range lm.Types {
			if dm.Days == 0 {
				fmt.Fprintf(tw, "%s\t%s\t0\t\t\t(no history)\n", lm.Line, dm.Type)
				continue
			}
			pat := "-"
			if dm.Patience.Mean > 0 {
				pat = fmt.Sprintf("%.0f s", dm.Patience.Mean)
				if dm.Patience.Pooled {
					pat += " (pooled)"
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.0f s\t%s\n", lm.Line, dm.Type, dm.Days, dm.Calls, dm.MeanAHT, pat)
		}
	}
	return tw.Flush()
}
