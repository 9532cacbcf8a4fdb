package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/forecast"
	"github.com/deskplan/deskplan/planner/store"
)

// ForecastBuild asks for a session's forecast built from the call history in the store.
type ForecastBuild struct {
	Session planner.Session
	// Timetable, when not nil, is an exam timetable given for this build: the session's exam
	// days and sittings come from it alone, and the model learns from it and the stored one.
	Timetable []forecast.ExamSitting
	// TimetableSource names the given timetable in the stored note (a file name).
	TimetableSource string
	// Status, when set, is told what is being done (for a progress line).
	Status func(format string, args ...any)
}

// BuiltForecast is what BuildForecast stored and how it came about.
type BuiltForecast struct {
	Model *forecast.Model
	Rows  []planner.ForecastRow // the rows stored: the store's lines, open days
	// Skipped lists the lines of the history that the store lacks: no forecast for them.
	Skipped []string
	// Untyped lists the sessions (of the history, and this one) without a type, when some
	// have one.
	Untyped []string
	Closed  []planner.Closure // closures within the session: no forecast
	// ExamDaysFrom says where the session's exam days come from: "timetable" (an exam of the
	// timetable falls in the session) or "rule" (the session's exam-day rule).
	ExamDaysFrom string
	Source       string                   // the timetable's name: TimetableSource or "the stored timetable"
	ExamOf       func(calendar.Date) bool // whether a day is an exam day
	SittingsOf   func(calendar.Date) int  // the day's remote sittings
	Note         string                   // the note stored with the forecast
	Archived     int                      // the version the previous forecast is kept as; 0: none
}

// BuildForecast assembles what the store holds into a session's forecast: the call history,
// the exam timetable (the stored one, or b.Timetable) and the closures give the forecast
// model (forecast.Estimate); the model forecasts the session (forecast.Build); the rows of
// the store's lines on open days replace the session's forecast, the previous one kept as a
// version. A history with no call of the store's lines is an error, returned with the
// result so far (Skipped and Untyped say why).
func BuildForecast(ctx context.Context, st *store.Store, ds *planner.Dataset, b ForecastBuild) (*BuiltForecast, error) {
	status := b.Status
	if status == nil {
		status = func(string, ...any) {}
	}
	session := b.Session
	status("reading the call history")
	calls, stored, err := History(ctx, st)
	if err != nil {
		return nil, err
	}
	tt, source := stored, "the stored timetable"
	if b.Timetable != nil {
		tt, source = b.Timetable, b.TimetableSource
	}
	closed := ds.ClosedDays() // holidays: not a level of calls to learn, no calls to forecast
	status("learning the forecast model from %d calls", len(calls))
	model, err := forecast.Estimate(calls, ds.Settings, &forecast.Options{Timetable: mergeTimetables(stored, b.Timetable), Sessions: ds.Sessions, Closed: closed})
	if errors.Is(err, forecast.ErrNoHistory) {
		return nil, fmt.Errorf("estimating the forecast model: no call of the %d in the history falls within the opening hours of a session (deskplan session list; import the past sessions with their days and types)", len(calls))
	}
	if err != nil {
		return nil, fmt.Errorf("estimating the forecast model from %d calls: %w", len(calls), err)
	}
	status("forecasting session %s", session.ID)
	rows, err := forecast.Build(model, session, tt, ds.Settings, closed)
	if err != nil {
		return nil, fmt.Errorf("building the forecast of session %s: %w", session.ID, err)
	}
	res := &BuiltForecast{Model: model, ExamDaysFrom: "rule", Source: source,
		Closed: ds.ClosuresBetween(session.FirstDay, session.LastDay)}
	typed := session.Type != ""
	for _, x := range model.Sessions {
		typed = typed || x.Type != ""
	}
	for _, x := range model.Sessions {
		if typed && x.Type == "" {
			res.Untyped = append(res.Untyped, x.ID)
		}
	}
	if typed && session.Type == "" {
		res.Untyped = append(res.Untyped, session.ID)
	}
	// The store keeps forecasts of its own lines only, and none for a closed day.
	kept := rows[:0]
	for _, f := range rows {
		if _, closed := ds.ClosedOn(f.Date); closed {
			continue
		}
		if HasLine(ds, f.Line) {
			kept = append(kept, f)
		} else if !slices.Contains(res.Skipped, f.Line) {
			res.Skipped = append(res.Skipped, f.Line)
		}
	}
	if len(kept) == 0 {
		return res, fmt.Errorf("session %s: the history has no call of the store's lines (%s)", session.ID, KnownLines(ds))
	}
	res.Rows = kept
	res.ExamOf, res.SittingsOf = sessionExams(session, tt)
	if res.ExamOf == nil {
		loc, err := ds.Settings.Location()
		if err != nil {
			return nil, err
		}
		list, err := session.ExamDayList(loc)
		if err != nil {
			return nil, err
		}
		res.ExamOf = func(d calendar.Date) bool { return slices.Contains(list, d) }
	} else {
		res.ExamDaysFrom = "timetable"
	}
	res.Note = fmt.Sprintf("forecast build: %d calls %s to %s", model.Calls, model.First, model.Last)
	if res.ExamDaysFrom == "timetable" {
		res.Note += ", exams of " + source
	} else {
		res.Note += ", exam days of the session's rule"
	}
	if res.Archived, err = st.ReplaceForecast(ctx, session.ID, res.Rows, res.Note, model); err != nil {
		return nil, err
	}
	return res, nil
}

// History loads the stored calls and timetable; no call is an error saying what to do.
func History(ctx context.Context, st *store.Store) ([]forecast.Call, []forecast.ExamSitting, error) {
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

// HasLine says whether the store's data has the line id.
func HasLine(ds *planner.Dataset, id string) bool {
	return slices.ContainsFunc(ds.Lines, func(l planner.Line) bool { return l.ID == id })
}

// KnownLines describes the store's lines for a message.
func KnownLines(ds *planner.Dataset) string {
	if len(ds.Lines) == 0 {
		return "the store has no line yet: import the team workbook"
	}
	ids := make([]string, len(ds.Lines))
	for i, l := range ds.Lines {
		ids[i] = l.ID
	}
	return "its lines are " + strings.Join(ids, ", ")
}
