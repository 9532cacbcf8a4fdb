package forecast

import (
	"math"
	"strings"
	"testing"
	"time"

	"deskplan/planner"
	"deskplan/planner/calendar"
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

func TestBuild(t *testing.T) {
	h := mustHistory(t, sixteenWeeks)
	m := estimateSynth(t, h)
	s := h.g.Settings
	session := planner.Session{ID: "jun-2026", FirstDay: calendar.MustDate("2026-06-01"), LastDay: calendar.MustDate("2026-06-20")}
	// Exams on the weekdays of the first two weeks; the third week has none.
	tt := SynthTimetable(session.FirstDay, calendar.MustDate("2026-06-12"), nil, 99)
	rows, err := Build(m, session, tt, s)
	if err != nil {
		t.Fatal(err)
	}
	openDays, nSlots := 18, len(s.Slots())
	if want := openDays * len(m.Lines) * nSlots; len(rows) != want {
		t.Fatalf("Build returned %d rows, want %d (%d open days × %d lines × %d slots)", len(rows), want, openDays, len(m.Lines), nSlots)
	}
	byDate := sittingsByDate(tt)
	for d, lines := range dayTotals(rows) {
		exam := len(byDate[d]) > 0
		typ := TypeOf(d, exam)
		if d.Weekday() == time.Sunday || !session.Contains(d) {
			t.Errorf("row on %s (%s), outside the session's open days", d, d.Weekday())
		}
		for line, got := range lines {
			want := m.Line(line).Types[typ].Volume.At(remote(byDate[d]))
			if math.Abs(got-want) > 1e-6*want {
				t.Errorf("%s %s (%s, %d sittings): %.3f calls in all, want A + B × sittings = %.3f", d, line, typ, remote(byDate[d]), got, want)
			}
		}
	}
	for i, r := range rows {
		typ := TypeOf(r.Date, len(byDate[r.Date]) > 0)
		dm := m.Line(r.Line).Types[typ]
		k := i % nSlots
		if r.SessionID != session.ID || r.Weekday != r.Date.Weekday() || r.Slot != s.Slots()[k] ||
			r.AHT != dm.AHT[k] || r.Patience != dm.Patience.Mean || r.Calls < 0 {
			t.Fatalf("row %d = %+v, want session %s, weekday %s, slot %s, AHT %.1f, patience %.1f, calls >= 0",
				i, r, session.ID, r.Date.Weekday(), s.Slots()[k], dm.AHT[k], dm.Patience.Mean)
		}
	}
	// The spike: on an exam day, the slot before a lone big exam has more calls than the base
	// profile alone gives it.
	d := calendar.MustDate("2026-06-03")
	one := []ExamSitting{{Date: d, Start: calendar.MustClock("13:30"), Minutes: 120, RemoteSittings: 400}}
	day, err := m.Day(d, true, one)
	if err != nil {
		t.Fatal(err)
	}
	k := startSlot(s, one[0].Start) - 1 // 13:00-13:30
	lm := m.Lines[0]
	dm := lm.Types[ExamWeekday]
	if base := dm.Volume.At(400) * dm.Profile[k]; day[k].Calls <= base*1.2 {
		t.Errorf("%s %s before a 13:30 exam of 400 sittings: %.1f calls, want a spike well above the base %.1f", d, day[k].Slot, day[k].Calls, base)
	}
}

func TestBuildExamDaysRule(t *testing.T) {
	h := mustHistory(t, sixteenWeeks)
	m := estimateSynth(t, h)
	session := planner.Session{ID: "s", FirstDay: calendar.MustDate("2026-06-01"), LastDay: calendar.MustDate("2026-06-07"),
		ExamDays: "FREQ=WEEKLY;BYDAY=MO,WE"}
	rows, err := Build(m, session, nil, h.g.Settings)
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
			if want := m.Line(line).Types[typ].Volume.At(0); math.Abs(got-want) > 1e-6*want {
				t.Errorf("%s (%s) %s: %.2f calls, want the %s volume with no sitting %.2f", d, d.Weekday(), line, got, typ, want)
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
			rows, err := Build(tt.model, tt.session, nil, tt.s)
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
