package forecast

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// dayTotals adds up the calls of rows per date and line.
func dayTotals(rows []planner.ForecastRow) map[calendar.Date]map[string]float64 {
	out := map[calendar.Date]map[string]float64{}
	for _, r := range rows {
		if out[r.Date] == nil {
			out[r.Date] = map[string]float64{}
		}
		out[r.Date][r.Line] += r.Calls
	}
	return out
}

// kernelCalls returns the calls line lm's kernels put in the opening hours for exams es.
func kernelCalls(m *Model, lm *LineModel, es []ExamSitting) float64 {
	x := design(m.settings(), es, len(m.Slots()), m.KernelSlots)
	k := slices.Concat(lm.Start, lm.End)
	total := 0.0
	for _, row := range x {
		for q, w := range row {
			total += w * k[q]
		}
	}
	return total
}

// TestBuild forecasts the seventh session of SessionSynth (January 2026) from six, with a
// holiday: rows for every open day, line and slot; the holiday without calls; each day's
// calls those of the level model, with its spread; exam kernels at the starts and ends.
func TestBuild(t *testing.T) {
	h := mustHistory(t, sixSessions)
	m := estimateSynth(t, h)
	s := h.g.Settings
	g7 := SessionSynth(s, SynthSessions(2024, 7), 1)
	session := g7.Sessions[6]
	holiday := session.FirstDay.AddDays(2)
	rows, err := Build(m, session, g7.Timetable, s, []calendar.Date{holiday})
	if err != nil {
		t.Fatal(err)
	}
	openDays, nSlots := 24, len(s.Slots())
	if want := openDays * len(m.Lines) * nSlots; len(rows) != want {
		t.Fatalf("Build returned %d rows, want %d (%d open days × %d lines × %d slots)", len(rows), want, openDays, len(m.Lines), nSlots)
	}
	tt := sittingsByDate(g7.Timetable)
	for d, lines := range dayTotals(rows) {
		if d.Weekday() == time.Sunday || !session.Contains(d) {
			t.Errorf("row on %s (%s), outside the session's open days", d, d.Weekday())
		}
		for line, got := range lines {
			lm := m.Line(line)
			f, _ := lm.Level.predict(TypeOf(d, len(tt[d]) > 0), d.Weekday(), m.Years(session.FirstDay), session.Type,
				float64(remote(tt[d])), kernelCalls(m, lm, tt[d]), m.Priors)
			want := f.mean
			if d == holiday {
				want = 0
			}
			if math.Abs(got-want) > 1e-6*max(1, want) {
				t.Errorf("%s %s: %.3f calls in all, want the level model's %.3f", d, line, got, want)
			}
		}
	}
	dayCV := map[[2]string]float64{}
	for i, r := range rows {
		typ := TypeOf(r.Date, len(tt[r.Date]) > 0)
		lm := m.Line(r.Line)
		dm := lm.Types[typ]
		k := i % nSlots
		if r.SessionID != session.ID || r.Weekday != r.Date.Weekday() || r.Slot != s.Slots()[k] ||
			r.AHT != dm.AHT[k] || r.Patience != dm.Patience.Mean || r.Calls < 0 {
			t.Fatalf("row %d = %+v, want session %s, weekday %s, slot %s, AHT %.1f, patience %.1f, calls >= 0",
				i, r, session.ID, r.Date.Weekday(), s.Slots()[k], dm.AHT[k], dm.Patience.Mean)
		}
		if r.Date == holiday {
			continue
		}
		key := [2]string{r.Date.String(), r.Line}
		if cv, ok := dayCV[key]; ok && cv != r.DayCV || r.DayCV <= 0 || r.SlotCV != math.Sqrt(lm.Level.SlotNoise) {
			t.Fatalf("row %d = %+v: want one DayCV above 0 on every row of the day and line, and the line's SlotCV %.4f", i, r, math.Sqrt(lm.Level.SlotNoise))
		}
		dayCV[key] = r.DayCV
	}

	// The kernels: a lone big exam at 13:30 for two hours raises the slot before its start
	// slot (13:00) and its last slot (15:00) well above the profile's share.
	d := session.FirstDay.AddDays(1)
	one := []ExamSitting{{Date: d, Start: calendar.MustClock("13:30"), Minutes: 120, RemoteSittings: 400}}
	day, err := m.Day(d, session, true, one)
	if err != nil {
		t.Fatal(err)
	}
	lm := m.Lines[0]
	dm := lm.Types[ExamWeekday]
	base := sum(func() []float64 {
		var c []float64
		for _, r := range day[:nSlots] {
			c = append(c, r.Calls)
		}
		return c
	}()) - kernelCalls(m, &lm, one)
	for _, c := range []string{"13:00", "15:00"} {
		k := startSlot(s, calendar.MustClock(c))
		if share := base * dm.Profile[k]; day[k].Calls <= share*1.2 {
			t.Errorf("%s %s with a 13:30-15:30 exam of 400 sittings: %.1f calls, want a spike well above the base %.1f", d, day[k].Slot, day[k].Calls, share)
		}
	}
}

// TestBuildUncertainty: a session of a type the history lacks gets a wider spread than one of
// a known type; and the further ahead a session, the wider its spread (the growth's
// uncertainty).
func TestBuildUncertainty(t *testing.T) {
	h := mustHistory(t, sixSessions)
	m := estimateSynth(t, h)
	d := calendar.MustDate("2026-01-14") // a Wednesday
	cv := func(typ string, first calendar.Date) float64 {
		t.Helper()
		rows, err := m.Day(d, planner.Session{ID: "s", Type: typ, FirstDay: first, LastDay: first.AddDays(30)}, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rows[0].DayCV
	}
	jan, resit := cv("january", d), cv("resit", d)
	later := cv("january", d.AddDays(3*365))
	if !(resit > jan+0.1 && later > jan+0.02) {
		t.Errorf("day CV %.3f for january, %.3f for an unseen type, %.3f three years later: want the last two clearly wider", jan, resit, later)
	}
}

func TestBuildExamDaysRule(t *testing.T) {
	h := mustHistory(t, sixSessions)
	m := estimateSynth(t, h)
	session := planner.Session{ID: "s", Type: "june", FirstDay: calendar.MustDate("2026-06-01"), LastDay: calendar.MustDate("2026-06-07"),
		ExamDays: "FREQ=WEEKLY;BYDAY=MO,WE"}
	rows, err := Build(m, session, nil, h.g.Settings, nil)
	if err != nil {
		t.Fatal(err)
	}
	tot := dayTotals(rows)
	if len(tot) != 6 {
		t.Errorf("forecast for %d days, want 6 (Monday to Saturday)", len(tot))
	}
	for d, lines := range tot {
		typ := TypeOf(d, d.Weekday() == time.Monday || d.Weekday() == time.Wednesday)
		for line, got := range lines {
			f, _ := m.Line(line).Level.predict(typ, d.Weekday(), m.Years(session.FirstDay), "june", 0, 0, m.Priors)
			if want := f.mean; math.Abs(got-want) > 1e-6*want {
				t.Errorf("%s (%s) %s: %.2f calls, want the %s level with no sitting %.2f", d, d.Weekday(), line, got, typ, want)
			}
		}
	}
}

func TestBuildErrors(t *testing.T) {
	h := mustHistory(t, sixteenWeeks)
	m := estimateSynth(t, h)
	s := h.g.Settings
	week := planner.Session{ID: "w", FirstDay: calendar.MustDate("2026-06-01"), LastDay: calendar.MustDate("2026-06-06")}

	var weekdays []Call
	for _, c := range h.calls {
		if c.Arrival.Weekday() != time.Saturday {
			weekdays = append(weekdays, c)
		}
	}
	noSat, err := Estimate(weekdays, s, &Options{Timetable: h.g.Timetable})
	if err != nil {
		t.Fatal(err)
	}
	fine := s
	fine.SlotMinutes = 15
	tests := []struct {
		name    string
		model   *Model
		session planner.Session
		s       planner.Settings
		want    []string
	}{
		{"slot grid", m, week, fine, []string{"30-minute slots 07:30-19:30", "15-minute"}},
		{"rule", m, planner.Session{ID: "r", FirstDay: week.FirstDay, LastDay: week.LastDay, ExamDays: "FREQ=DAILY;INTERVAL=2"}, s,
			[]string{"session r", "FREQ=DAILY", "give a timetable"}},
		{"reversed", m, planner.Session{ID: "x", FirstDay: week.LastDay, LastDay: week.FirstDay}, s, []string{"ends (2026-06-01) before it starts"}},
		{"no saturday history", noSat, week, s, []string{"no saturday in the history of line LLN, MONS to forecast 2026-06-06 (Saturday)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := Build(tt.model, tt.session, nil, tt.s, nil)
			if err == nil || rows != nil {
				t.Fatalf("Build = %d rows, %v, want an error", len(rows), err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Build error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestWeeklyDays(t *testing.T) {
	tests := []struct {
		rule string
		want []time.Weekday
		ok   bool
	}{
		{planner.DefaultExamDays, []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}, true},
		{"RRULE:FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY=TU", []time.Weekday{time.Tuesday}, true},
		{"FREQ=WEEKLY;BYDAY=XX", nil, false},
		{"FREQ=WEEKLY", nil, false},
		{"FREQ=MONTHLY;BYDAY=MO", nil, false},
		{"FREQ=WEEKLY;BYDAY=MO;UNTIL=20270101", nil, false},
	}
	for _, tt := range tests {
		got, err := weeklyDays(tt.rule)
		if (err == nil) != tt.ok {
			t.Errorf("weeklyDays(%q) error = %v, want ok %v", tt.rule, err, tt.ok)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("weeklyDays(%q) = %v, want %v", tt.rule, got, tt.want)
		}
		for _, wd := range tt.want {
			if !got[wd] {
				t.Errorf("weeklyDays(%q) = %v, want %v", tt.rule, got, tt.want)
			}
		}
	}
}
