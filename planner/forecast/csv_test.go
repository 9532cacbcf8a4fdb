package forecast

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

func brussels(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestReadCalls(t *testing.T) {
	loc := brussels(t)
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	want := []Call{
		{Arrival: at("2026-06-08 09:31:05"), Line: "LLN", WaitSeconds: 12.5, HandleSeconds: 300},
		{Arrival: at("2026-06-08 09:32:00"), Line: "MONS", WaitSeconds: 61, Abandoned: true},
	}
	tests := []struct {
		name, in string
	}{
		{"rfc3339", "arrival,line,wait_seconds,handle_seconds,abandoned\n" +
			"2026-06-08T09:31:05+02:00,LLN,12.5,300,false\n" +
			"2026-06-08T07:32:00Z,MONS,61,,true\n"},
		{"local time, columns reordered, extra column, blank line", "call_id,abandoned,line,arrival,handle_seconds,wait_seconds\n" +
			"c1,no,LLN,2026-06-08 09:31:05,300,12.5\n\n" +
			"c2,YES,MONS,2026-06-08 09:32,0,61\n"},
		{"talk and wrap", "arrival,line,wait_seconds,talk_seconds,wrap_seconds,abandoned\n" +
			"2026-06-08T09:31:05,LLN,12.5,240,60,0\n" +
			"2026-06-08 09:32:00,MONS,61,,,1\n"},
		{"semicolons, decimal comma, BOM, header case", "\ufeffArrival;Line;Wait_Seconds;Handle_Seconds;Abandoned\n" +
			"2026-06-08 09:31:05;LLN;12,5;300;n\n" +
			"2026-06-08 09:32:00;MONS;61;;y\n"},
		{"CRLF and spaces", "arrival, line ,wait_seconds,handle_seconds,abandoned\r\n" +
			" 2026-06-08 09:31:05 , LLN ,12.5, 300 ,false\r\n" +
			"2026-06-08 09:32:00,MONS,61,0,TRUE\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCalls(strings.NewReader(tt.in), "calls.csv", loc)
			if err != nil {
				t.Fatalf("ReadCalls: %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ReadCalls mismatch (-want +got):\n%s", diff)
			}
			for _, c := range got {
				if c.Arrival.Location() != loc {
					t.Errorf("arrival %v is in %v, want the desk's zone", c.Arrival, c.Arrival.Location())
				}
			}
		})
	}
}

// problem is an expected problem: its row, its column and a piece of its message.
type problem struct {
	row    int
	column string
	msg    string
}

func checkProblems(t *testing.T, err error, file string, want []problem) {
	t.Helper()
	var ie *planner.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not a *planner.InputError", err, err)
	}
	if len(ie.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ie.Problems), len(want), err)
	}
	for i, w := range want {
		p := ie.Problems[i]
		if p.Place.File != file || p.Place.Row != w.row || p.Place.Column != w.column || !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d = %q (row %d, column %q), want row %d, column %q, containing %q",
				i, p.String(), p.Place.Row, p.Place.Column, w.row, w.column, w.msg)
		}
	}
}

func TestReadCallsBadRows(t *testing.T) {
	const header = "arrival,line,wait_seconds,handle_seconds,abandoned\n"
	tests := []struct {
		name string
		in   string
		want []problem
	}{
		{"empty file", "", []problem{{0, "", "empty file"}}},
		{"missing columns", "arrival,line\n", []problem{
			{1, "", "missing column wait_seconds"},
			{1, "", "missing column abandoned"},
			{1, "", "missing column handle_seconds"},
		}},
		{"handle and talk", "arrival,line,wait_seconds,handle_seconds,talk_seconds,wrap_seconds,abandoned\n",
			[]problem{{1, "", "not both"}}},
		{"duplicate column", "arrival,line,wait_seconds,handle_seconds,abandoned,line\n",
			[]problem{{1, "line", "appears twice"}}},
		{"every bad row, every bad field", header +
			"2026-06-08 09:31:05,LLN,12,300,false\n" + // row 2 fine
			"2026-13-08 09:31:05,LLN,12,300,false\n" + // row 3 bad date
			"2026-06-08 09:31:05,,-1,300,maybe\n" + // row 4: three problems
			"2026-06-08 09:31:05,LLN,NaN,,false\n" + // row 5: NaN wait, missing handle
			"2026-06-08 09:31:05,LLN,5,30,true\n" + // row 6: abandoned with a handle time
			"2026-06-08 09:31:05,LLN,5\n" + // row 7: short row
			"2026-06-08 09:31:05,LLN,99999,1,no\n" + // row 8: wait too long
			"2026-06-08 09:31:05,LLN,5,,maybe\n", // row 9: unknown abandoned: no handle problem
			[]problem{
				{3, "arrival", "neither RFC 3339"},
				{4, "line", "missing value"},
				{4, "wait_seconds", "outside 0..86400"},
				{4, "abandoned", `"maybe" is not one of`},
				{5, "wait_seconds", `"NaN" is not a number`},
				{5, "handle_seconds", "missing value"},
				{6, "handle_seconds", "abandoned call"},
				{7, "", "the row has 3 fields, the header 5"},
				{8, "wait_seconds", "outside"},
				{9, "abandoned", `"maybe" is not one of`},
			}},
		{"quoted field over two lines keeps line numbers", "note,arrival,line,wait_seconds,handle_seconds,abandoned\n" +
			"\"two\nlines\",2026-06-08 09:31:05,LLN,12,300,false\n" + // rows 2-3, fine
			"\"one\",2026-06-08 09:31:05,LLN,x,300,false\n" + // row 4
			"\"three\n\nlines\",2026-06-08 09:31:05,\"LL\nN\",12,300,false\n", // rows 5-7: line on 7
			[]problem{{4, "wait_seconds", `"x" is not a number`}, {7, "line", "control character"}}},
		{"bare quote", header + "2026-06-08 09:31:05,L\"LN,12,300,false\n2026-06-08 09:31:05,LLN,-3,300,false\n",
			[]problem{{2, "", "bare"}, {3, "wait_seconds", "outside"}}},
		{"control character in line", header + "2026-06-08 09:31:05,\"L\x01N\",12,300,false\n",
			[]problem{{2, "line", "control character"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, err := ReadCalls(strings.NewReader(tt.in), "calls.csv", time.UTC)
			if calls != nil {
				t.Errorf("ReadCalls returned %d calls with an error", len(calls))
			}
			checkProblems(t, err, "calls.csv", tt.want)
		})
	}
}

func TestReadCallsCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("arrival,line,wait_seconds,handle_seconds,abandoned\n")
	const bad = planner.MaxProblems + 10
	for i := range bad {
		fmt.Fprintf(&b, "2026-06-08 09:%02d:00,LLN,-%d,300,false\n", i%60, i+1)
	}
	_, err := ReadCalls(strings.NewReader(b.String()), "calls.csv", time.UTC)
	var ie *planner.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("ReadCalls error = %v, want an InputError", err)
	}
	if len(ie.Problems) != planner.MaxProblems || ie.Len() != bad {
		t.Errorf("got %d problems listed and %d in all, want %d and %d", len(ie.Problems), ie.Len(), planner.MaxProblems, bad)
	}
	if last := ie.Problems[len(ie.Problems)-1].Place.Row; last != planner.MaxProblems+1 {
		t.Errorf("last listed problem on row %d, want %d", last, planner.MaxProblems+1)
	}
	if !strings.Contains(err.Error(), "... and 10 more") {
		t.Errorf("error does not count the dropped problems:\n%v", err)
	}
}

func TestReadTimetable(t *testing.T) {
	in := "course,date,start,duration_minutes,remote_sittings,name\n" +
		"x,2027-01-11,08:30,180,240,LINFO1101\n" +
		"y,2027-01-11,13h30,120,0,\n"
	got, err := ReadTimetable(strings.NewReader(in), "tt.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []ExamSitting{
		{Date: calendar.MustDate("2027-01-11"), Start: calendar.MustClock("08:30"), Minutes: 180, RemoteSittings: 240, Name: "LINFO1101"},
		{Date: calendar.MustDate("2027-01-11"), Start: calendar.MustClock("13:30"), Minutes: 120},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadTimetable mismatch (-want +got):\n%s", diff)
	}
}

func TestReadTimetableBadRows(t *testing.T) {
	const header = "date,start,duration_minutes,remote_sittings\n"
	tests := []struct {
		name string
		in   string
		want []problem
	}{
		{"missing column", "date,start,remote_sittings\n", []problem{{1, "", "missing column duration_minutes"}}},
		{"bad rows", header +
			"2027-01-11,08:30,180,240\n" +
			"2027-02-30,08:30,180,240\n" +
			"2027-01-11,25:00,0,-1\n" +
			"2027-01-11,24:00,90.5,ten\n",
			[]problem{
				{3, "date", "February 2027 has 28 days, not 30"},
				{4, "start", "out of range"},
				{4, "duration_minutes", "outside 1..1440"},
				{4, "remote_sittings", "outside 0..1000000"},
				{5, "start", "not a time of the day"},
				{5, "duration_minutes", "not a whole number"},
				{5, "remote_sittings", "not a whole number"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadTimetable(strings.NewReader(tt.in), "tt.csv")
			if got != nil {
				t.Errorf("ReadTimetable returned %d exams with an error", len(got))
			}
			checkProblems(t, err, "tt.csv", tt.want)
		})
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	s := planner.DefaultSettings()
	g := DefaultSynth(s, calendar.MustDate("2026-06-08"), calendar.MustDate("2026-06-09"), 7)
	calls, err := g.Calls()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteCalls(&b, calls); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCalls(&b, "calls.csv", brussels(t))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(calls, back); diff != "" {
		t.Errorf("calls changed on a round trip (-wrote +read):\n%s", diff)
	}
	b.Reset()
	if err := WriteTimetable(&b, g.Timetable); err != nil {
		t.Fatal(err)
	}
	tt, err := ReadTimetable(&b, "tt.csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(g.Timetable, tt); diff != "" {
		t.Errorf("timetable changed on a round trip (-wrote +read):\n%s", diff)
	}
}

func FuzzReadCalls(f *testing.F) {
	f.Add("arrival,line,wait_seconds,handle_seconds,abandoned\n2026-06-08T09:31:05+02:00,LLN,12.5,300,false\n2026-06-08 09:32:00,MONS,61,,true\n")
	f.Add("arrival;line;wait_seconds;talk_seconds;wrap_seconds;abandoned\n2026-06-08 09:31;LLN;1,5;3;4;n\n")
	f.Add("arrival,line,wait_seconds,handle_seconds,abandoned\n\"2026-06-08\n09:31:05\",\"a\"\"b\",1e3,0x10,2\n")
	f.Add("")
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		calls, err := ReadCalls(strings.NewReader(in), "f.csv", loc)
		if err != nil {
			var ie *planner.InputError
			if !errors.As(err, &ie) || calls != nil || ie.Len() == 0 {
				t.Fatalf("ReadCalls = %d calls, %v (%T): want nil and an InputError", len(calls), err, err)
			}
			return
		}
		for _, c := range calls {
			if c.Line == "" || !(c.WaitSeconds >= 0) || !(c.HandleSeconds >= 0) || math.IsInf(c.WaitSeconds+c.HandleSeconds, 0) ||
				(c.Abandoned && c.HandleSeconds != 0) {
				t.Fatalf("ReadCalls accepted an invalid call %+v", c)
			}
		}
		var b bytes.Buffer
		if err := WriteCalls(&b, calls); err != nil {
			t.Fatal(err)
		}
		back, err := ReadCalls(&b, "f.csv", loc)
		if err != nil {
			t.Fatalf("reading back what WriteCalls wrote: %v\n%s", err, b.String())
		}
		if diff := cmp.Diff(calls, back, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
			t.Fatalf("round trip changed the calls (-first +second):\n%s", diff)
		}
	})
}

func FuzzReadTimetable(f *testing.F) {
	f.Add("date,start,duration_minutes,remote_sittings,name\n2027-01-11,08:30,180,240,LINFO1101\n")
	f.Add("date;start;duration_minutes;remote_sittings\n2027-01-11;13h30;120;0\n")
	f.Add("date,start,duration_minutes,remote_sittings\n2027-01-11T00:00:00,8:30:00,1,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		tt, err := ReadTimetable(strings.NewReader(in), "f.csv")
		if err != nil {
			var ie *planner.InputError
			if !errors.As(err, &ie) || tt != nil || ie.Len() == 0 {
				t.Fatalf("ReadTimetable = %d exams, %v (%T): want nil and an InputError", len(tt), err, err)
			}
			return
		}
		for _, e := range tt {
			if e.Date.IsZero() || e.Start < 0 || e.Start >= 24*60 || e.Minutes < 1 || e.RemoteSittings < 0 {
				t.Fatalf("ReadTimetable accepted an invalid exam %+v", e)
			}
		}
		var b bytes.Buffer
		if err := WriteTimetable(&b, tt); err != nil {
			t.Fatal(err)
		}
		back, err := ReadTimetable(&b, "f.csv")
		if err != nil {
			t.Fatalf("reading back what WriteTimetable wrote: %v\n%s", err, b.String())
		}
		if diff := cmp.Diff(tt, back); diff != "" {
			t.Fatalf("round trip changed the timetable (-first +second):\n%s", diff)
		}
	})
}
