package desk

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/forecast"
)

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
