package calendar

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func brussels(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// dates parses a space-separated list of dates.
func dates(s string) []Date {
	var out []Date
	for f := range strings.FieldsSeq(s) {
		out = append(out, MustDate(f))
	}
	return out
}

func TestParseRuleString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=WEEKLY;BYDAY=TU,TH"},
		{"RRULE:FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=WEEKLY;BYDAY=TU,TH"},
		{"  rrule:freq=weekly; byday=tu, th;  ", "FREQ=WEEKLY;BYDAY=TU,TH"},
		{"FREQ=DAILY;INTERVAL=2;COUNT=3", "FREQ=DAILY;INTERVAL=2;COUNT=3"},
		{"DTSTART:20270104T090000\nRRULE:FREQ=WEEKLY", "DTSTART:20270104T090000\nRRULE:FREQ=WEEKLY"},
		{"DTSTART:20270104T090000 RRULE:FREQ=WEEKLY", "DTSTART:20270104T090000\nRRULE:FREQ=WEEKLY"},
		{"DTSTART;TZID=Europe/Brussels:20270104T090000\r\nRRULE:FREQ=WEEKLY", "DTSTART;TZID=Europe/Brussels:20270104T090000\nRRULE:FREQ=WEEKLY"},
		{"FREQ=WEEKLY;DTSTART=20270104", "FREQ=WEEKLY;DTSTART=20270104"},
		{"DTSTART:20270104\nFREQ=WEEKLY; BYDAY=MO", "DTSTART:20270104\nRRULE:FREQ=WEEKLY;BYDAY=MO"},
		{"FREQ=WEEKLY;BYDAY=TU\n\nEXDATE:20270112", "EXDATE:20270112\nRRULE:FREQ=WEEKLY;BYDAY=TU"},
		{"FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"},
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.in)
		if err != nil {
			t.Errorf("ParseRule(%q) error: %v", tt.in, err)
			continue
		}
		if got := r.String(); got != tt.want {
			t.Errorf("ParseRule(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseRuleErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `RRULE is empty`},
		{"FREQ=WEKLY", `RRULE "FREQ=WEKLY": FREQ "WEKLY" is not one of DAILY, WEEKLY, MONTHLY, YEARLY`},
		{"FREQ=HOURLY", `RRULE "FREQ=HOURLY": FREQ=HOURLY is finer than a day: the rule gives days, the from and to columns give times`},
		{"BYDAY=MO", `RRULE "BYDAY=MO": FREQ is missing`},
		{"DTSTART:20270104", `RRULE "DTSTART:20270104": FREQ is missing`},
		{"FREQ=WEEKLY;BYDAY=MX", `RRULE "FREQ=WEEKLY;BYDAY=MX": BYDAY "MX" is not a weekday MO, TU, WE, TH, FR, SA, SU with an optional ordinal such as 1MO or -1FR`},
		{"FREQ=WEEKLY;BYDAY=1MO", `RRULE "FREQ=WEEKLY;BYDAY=1MO": BYDAY 1MO: a numbered weekday needs FREQ=MONTHLY or YEARLY`},
		{"FREQ=WEEKLY;WEEKLY", `RRULE "FREQ=WEEKLY;WEEKLY": part "WEEKLY" is not NAME=VALUE`},
		{"FREQ=WEEKLY;BYDAY=", `RRULE "FREQ=WEEKLY;BYDAY=": BYDAY has no value`},
		{"FREQ=WEEKLY;FREQ=DAILY", `RRULE "FREQ=WEEKLY;FREQ=DAILY": FREQ is given twice`},
		{"FREQ=DAILY;INTERVAL=0", `RRULE "FREQ=DAILY;INTERVAL=0": INTERVAL "0" is not a whole number from 1 to 1000`},
		{"FREQ=DAILY;COUNT=x", `RRULE "FREQ=DAILY;COUNT=x": COUNT "X" is not a whole number from 1 to 100000`},
		{"FREQ=DAILY;COUNT=2;UNTIL=20270131", `RRULE "FREQ=DAILY;COUNT=2;UNTIL=20270131": COUNT and UNTIL may not both be given`},
		{"FREQ=DAILY;UNTIL=2027013", `RRULE "FREQ=DAILY;UNTIL=2027013": UNTIL: "2027013" is not a date (20270104) or date-time (20270104T090000)`},
		{"FREQ=DAILY;UNTIL=00010101", `RRULE "FREQ=DAILY;UNTIL=00010101": UNTIL: year 1 is outside 1900-2199`},
		{"FREQ=MONTHLY;BYMONTHDAY=32", `RRULE "FREQ=MONTHLY;BYMONTHDAY=32": BYMONTHDAY "32" is not a whole number from 1 to 31 or -31 to -1`},
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", `RRULE "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30": BYMONTHDAY and BYMONTH give no day: the rule never occurs`},
		{"FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2", `RRULE "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2": BYSETPOS picks beyond the 1 occurrences of a period: the rule never occurs`},
		{"FREQ=DAILY;BYSETPOS=1", `RRULE "FREQ=DAILY;BYSETPOS=1": BYSETPOS needs another BY part`},
		{"FREQ=DAILY;BYWEEKNO=3", `RRULE "FREQ=DAILY;BYWEEKNO=3": BYWEEKNO needs FREQ=YEARLY`},
		{"FREQ=WEEKLY;BYMONTHDAY=3", `RRULE "FREQ=WEEKLY;BYMONTHDAY=3": BYMONTHDAY does not go with FREQ=WEEKLY`},
		{"FREQ=WEEKLY;COLOR=RED", `RRULE "FREQ=WEEKLY;COLOR=RED": unknown part COLOR`},
		{"FREQ=WEEKLY;WKST=XX", `RRULE "FREQ=WEEKLY;WKST=XX": WKST "XX" is not one of MO, TU, WE, TH, FR, SA, SU`},
		{"DTSTART;TZID=Mars/Olympus:20270104T090000\nRRULE:FREQ=DAILY", `RRULE "DTSTART;TZID=Mars/Olympus:20270104T090000\nRRULE:FREQ=DAILY": DTSTART: unknown time zone "Mars/Olympus"`},
		{"DTSTART:20270104\nDTSTART:20270105\nRRULE:FREQ=DAILY", `RRULE "DTSTART:20270104\nDTSTART:20270105\nRRULE:FREQ=DAILY": DTSTART is given twice`},
		{"RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY", `RRULE "RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY": more than one RRULE`},
		{"DTSTART:20270104,20270105\nRRULE:FREQ=DAILY", `RRULE "DTSTART:20270104,20270105\nRRULE:FREQ=DAILY": DTSTART: give one date, not 2`},
		{"DTSTART;FOO=BAR:20270104\nRRULE:FREQ=DAILY", `RRULE "DTSTART;FOO=BAR:20270104\nRRULE:FREQ=DAILY": DTSTART: unknown parameter "FOO=BAR"`},
		{"DTSTART 20270104 RRULE:FREQ=DAILY", `RRULE "DTSTART 20270104 RRULE:FREQ=DAILY": part "DTSTART20270104" is not NAME=VALUE`},
		{"VEVENT:FREQ=DAILY", `RRULE "VEVENT:FREQ=DAILY": unknown property VEVENT (want RRULE, DTSTART, EXDATE or RDATE)`},
		{"FREQ=DAILY\nEXDATE:2027-13-01", `RRULE "FREQ=DAILY\nEXDATE:2027-13-01": EXDATE: "2027-13-01" is not a date (20270104) or date-time (20270104T090000)`},
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.in)
		if err == nil {
			t.Errorf("ParseRule(%q) = %v, want error %q", tt.in, r, tt.want)
			continue
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("ParseRule(%q) error\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestRuleDays(t *testing.T) {
	loc := brussels(t)
	tests := []struct {
		rule        string
		first, last string
		want        string
	}{
		{"FREQ=WEEKLY;BYDAY=TU,TH", "2027-01-04", "2027-01-17", "2027-01-05 2027-01-07 2027-01-12 2027-01-14"},
		{"FREQ=DAILY;INTERVAL=2", "2027-01-04", "2027-01-11", "2027-01-04 2027-01-06 2027-01-08 2027-01-10"},
		{"FREQ=DAILY;COUNT=3", "2027-01-04", "2027-01-31", "2027-01-04 2027-01-05 2027-01-06"},
		{"FREQ=DAILY;UNTIL=20270106", "2027-01-04", "2027-01-31", "2027-01-04 2027-01-05 2027-01-06"},
		{"FREQ=DAILY;UNTIL=2027-01-06", "2027-01-04", "2027-01-31", "2027-01-04 2027-01-05 2027-01-06"},
		{"FREQ=DAILY;UNTIL=20270105T230000Z", "2027-01-04", "2027-01-31", "2027-01-04 2027-01-05 2027-01-06"}, // 00:00 on the 6th in Brussels is 23:00Z on the 5th
		{"FREQ=DAILY;UNTIL=20270105T225959Z", "2027-01-04", "2027-01-31", "2027-01-04 2027-01-05"},
		{"FREQ=DAILY;UNTIL=20260105", "2027-01-04", "2027-01-31", ""},
		{"FREQ=WEEKLY", "2027-01-06", "2027-01-27", "2027-01-06 2027-01-13 2027-01-20 2027-01-27"}, // the weekday of DTSTART
		{"FREQ=MONTHLY;BYDAY=-1FR", "2027-01-01", "2027-03-31", "2027-01-29 2027-02-26 2027-03-26"},
		{"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1", "2027-01-01", "2027-03-31", "2027-01-01 2027-02-01 2027-03-01"},
		{"FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "2026-06-01", "2028-06-01", "2027-01-01 2028-01-01"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "2027-01-04", "2027-02-07", "2027-01-04 2027-01-18 2027-02-01"},
		{"FREQ=WEEKLY;BYDAY=SA;BYMONTH=2", "2027-01-25", "2027-02-14", "2027-02-06 2027-02-13"},
		{"FREQ=DAILY;BYHOUR=9,14", "2027-01-04", "2027-01-05", "2027-01-04 2027-01-05"},
		// a DTSTART of its own sets the rhythm and the start
		{"DTSTART:20270105\nRRULE:FREQ=DAILY;INTERVAL=3", "2027-01-04", "2027-01-12", "2027-01-05 2027-01-08 2027-01-11"},
		{"FREQ=DAILY;INTERVAL=3;DTSTART=20270105", "2027-01-04", "2027-01-12", "2027-01-05 2027-01-08 2027-01-11"},
		{"DTSTART:20200106\nRRULE:FREQ=WEEKLY;INTERVAL=2", "2027-01-04", "2027-01-31", "2027-01-11 2027-01-25"},
		{"DTSTART:20200106\nRRULE:FREQ=DAILY;COUNT=2", "2027-01-04", "2027-01-31", ""},
		{"DTSTART:20270201\nRRULE:FREQ=DAILY", "2027-01-04", "2027-01-31", ""},
		// EXDATE and RDATE
		{"FREQ=WEEKLY;BYDAY=TU\nEXDATE:20270112", "2027-01-04", "2027-01-24", "2027-01-05 2027-01-19"},
		{"FREQ=WEEKLY;BYDAY=TU\nEXDATE;VALUE=DATE:20270112,20270119\nRDATE:20270123,20280101", "2027-01-04", "2027-01-24", "2027-01-05 2027-01-23"},
		{"FREQ=WEEKLY;BYDAY=TU EXDATE;TZID=Europe/Brussels:20270112T090000", "2027-01-04", "2027-01-24", "2027-01-05 2027-01-19"},
		{"FREQ=WEEKLY;BYDAY=TU\nEXDATE:20270111T230000Z", "2027-01-04", "2027-01-24", "2027-01-05 2027-01-19"}, // 00:00 on the 12th in Brussels
		// empty windows
		{"FREQ=DAILY", "2027-01-05", "2027-01-04", ""},
	}
	for _, tt := range tests {
		r := MustRule(tt.rule)
		got := r.Days(MustDate(tt.first), MustDate(tt.last), loc)
		if diff := cmp.Diff(dates(tt.want), got); diff != "" {
			t.Errorf("ParseRule(%q).Days(%s, %s) (-want +got):\n%s", tt.rule, tt.first, tt.last, diff)
		}
	}
}

func TestRuleDaysFrom(t *testing.T) {
	loc := brussels(t)
	start := MustDate("2027-01-04")
	tests := []struct {
		rule        string
		first, last string
		want        string
	}{
		// the rhythm comes from start, not from the window
		{"FREQ=DAILY;INTERVAL=2", "2027-01-07", "2027-01-12", "2027-01-08 2027-01-10 2027-01-12"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "2027-01-05", "2027-02-07", "2027-01-18 2027-02-01"},
		{"FREQ=DAILY;COUNT=5", "2027-01-07", "2027-01-31", "2027-01-07 2027-01-08"},
		// far windows: the fast-forward must keep the rhythm
		// (1517 days from 2027-01-04 to 2031-03-01; 219 weeks to Monday 2031-03-17)
		{"FREQ=DAILY;INTERVAL=3", "2031-03-01", "2031-03-07", "2031-03-02 2031-03-05"},
		{"FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,FR", "2031-03-01", "2031-03-31", "2031-03-17 2031-03-21"},
		// a window before the start
		{"FREQ=DAILY", "2026-12-28", "2027-01-05", "2027-01-04 2027-01-05"},
	}
	for _, tt := range tests {
		r := MustRule(tt.rule)
		got := r.DaysFrom(start, MustDate(tt.first), MustDate(tt.last), loc)
		if diff := cmp.Diff(dates(tt.want), got); diff != "" {
			t.Errorf("ParseRule(%q).DaysFrom(%s, %s, %s) (-want +got):\n%s", tt.rule, start, tt.first, tt.last, diff)
		}
	}
}

// TestRuleDaysFastForward checks that moving DTSTART forward by whole periods gives the days
// a plain walk from DTSTART gives, for many windows.
func TestRuleDaysFastForward(t *testing.T) {
	loc := brussels(t)
	start := MustDate("2026-09-07")
	for _, s := range []string{
		"FREQ=DAILY;INTERVAL=3",
		"FREQ=DAILY;INTERVAL=5;BYDAY=MO,TU",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,WE",
		"FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,SA",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;BYSETPOS=-1",
	} {
		r := MustRule(s)
		slow := *r
		slow.period = 0
		for off := 0; off < 400; off += 13 {
			first := start.AddDays(off)
			last := first.AddDays(20)
			got := r.DaysFrom(start, first, last, loc)
			want := slow.DaysFrom(start, first, last, loc)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%q DaysFrom(%s, %s, %s) with a skipped start (-walk +skip):\n%s", s, start, first, last, diff)
			}
		}
	}
}

// TestRuleDaysDST expands rules over the change to summer time (Sunday 28 March 2027) and back
// to winter time (Sunday 31 October 2027) in Brussels: the local days must not move.
func TestRuleDaysDST(t *testing.T) {
	loc := brussels(t)
	tests := []struct {
		rule        string
		first, last string
		want        string
	}{
		{"FREQ=WEEKLY;BYDAY=MO", "2027-03-22", "2027-04-05", "2027-03-22 2027-03-29 2027-04-05"},
		{"FREQ=WEEKLY;BYDAY=MO", "2027-10-25", "2027-11-08", "2027-10-25 2027-11-01 2027-11-08"},
		{"FREQ=DAILY", "2027-03-27", "2027-03-29", "2027-03-27 2027-03-28 2027-03-29"},
		// a floating 23:30 stays 23:30 local, on Mondays, on both sides of the change
		{"DTSTART:20270322T233000\nRRULE:FREQ=WEEKLY", "2027-03-22", "2027-04-05", "2027-03-22 2027-03-29 2027-04-05"},
		{"DTSTART;TZID=Europe/Brussels:20270322T233000\nRRULE:FREQ=WEEKLY", "2027-03-22", "2027-04-05", "2027-03-22 2027-03-29 2027-04-05"},
		// a UTC DTSTART keeps its UTC time (RFC 5545): 22:30Z is 23:30 in winter, 00:30 the
		// next day in summer
		{"DTSTART:20270322T223000Z\nRRULE:FREQ=WEEKLY", "2027-03-22", "2027-04-06", "2027-03-22 2027-03-30 2027-04-06"},
		// a rule written in another zone gives the days of the desk's zone
		{"DTSTART;TZID=America/New_York:20270322T180000\nRRULE:FREQ=WEEKLY", "2027-03-22", "2027-04-06", "2027-03-22 2027-03-30 2027-04-06"},
	}
	for _, tt := range tests {
		got := MustRule(tt.rule).Days(MustDate(tt.first), MustDate(tt.last), loc)
		if diff := cmp.Diff(dates(tt.want), got); diff != "" {
			t.Errorf("ParseRule(%q).Days(%s, %s) (-want +got):\n%s", tt.rule, tt.first, tt.last, diff)
		}
	}
}

func TestRuleConcurrent(t *testing.T) {
	loc := brussels(t)
	r := MustRule("FREQ=WEEKLY;BYDAY=MO,WE")
	want := r.Days(MustDate("2027-01-04"), MustDate("2027-02-14"), loc)
	done := make(chan []Date)
	for range 8 {
		go func() { done <- r.Days(MustDate("2027-01-04"), MustDate("2027-02-14"), loc) }()
	}
	for range 8 {
		if got := <-done; !cmp.Equal(got, want) {
			t.Errorf("concurrent Days = %v, want %v", got, want)
		}
	}
}

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{
		"FREQ=WEEKLY;BYDAY=TU,TH", "RRULE:FREQ=DAILY;INTERVAL=2;COUNT=10", "FREQ=MONTHLY;BYDAY=-1FR",
		"DTSTART;TZID=Europe/Brussels:20270104T090000\nRRULE:FREQ=WEEKLY;UNTIL=20270131",
		"FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO", "FREQ=WEEKLY;BYDAY=TU\nEXDATE:20270112\nRDATE:20270123",
		"FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1", "FREQ=YEARLY;BYEASTER=1", "freq=weekly; byday=sa",
		"FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29",
	} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		f.Fatal(err)
	}
	first, last := MustDate("2027-01-04"), MustDate("2027-02-14")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(s)
		if err != nil {
			if strings.TrimSpace(s) != "" && !strings.Contains(err.Error(), fmt.Sprintf("%q", strings.TrimSpace(s))) {
				t.Errorf("ParseRule(%q) error %q does not name the rule", s, err)
			}
			return
		}
		days := r.Days(first, last, loc)
		for i, d := range days {
			if d.Before(first) || d.After(last) || i > 0 && !days[i-1].Before(d) {
				t.Fatalf("ParseRule(%q).Days = %v: out of the window or order", s, days)
			}
		}
		// the normalised text parses to the same rule
		r2, err := ParseRule(r.String())
		if err != nil {
			t.Fatalf("ParseRule(%q) = %q, which does not parse: %v", s, r, err)
		}
		if got := r2.Days(first, last, loc); !cmp.Equal(got, days) {
			t.Fatalf("ParseRule(%q).Days = %v, but its String %q gives %v", s, days, r, got)
		}
	})
}

func ExampleParseRule() {
	r, err := ParseRule("RRULE:FREQ=WEEKLY;BYDAY=TU,TH")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r)
	_, err = ParseRule("FREQ=WEKLY;BYDAY=SA")
	fmt.Println(err)
	// Output:
	// FREQ=WEEKLY;BYDAY=TU,TH
	// RRULE "FREQ=WEKLY;BYDAY=SA": FREQ "WEKLY" is not one of DAILY, WEEKLY, MONTHLY, YEARLY
}

func ExampleRule_Days() {
	loc, _ := time.LoadLocation("Europe/Brussels")
	r := MustRule("FREQ=WEEKLY;BYDAY=MO")
	// Brussels moves to summer time on Sunday 28 March 2027: the Mondays stay Mondays.
	for _, d := range r.Days(MustDate("2027-03-22"), MustDate("2027-04-05"), loc) {
		fmt.Println(d, d.Weekday())
	}
	// Output:
	// 2027-03-22 Monday
	// 2027-03-29 Monday
	// 2027-04-05 Monday
}

func ExampleRule_DaysFrom() {
	loc, _ := time.LoadLocation("Europe/Brussels")
	// Every other Monday of a session that starts on 4 January, asked for February only.
	r := MustRule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO")
	fmt.Println(r.DaysFrom(MustDate("2027-01-04"), MustDate("2027-02-01"), MustDate("2027-02-28"), loc))
	// Output:
	// [2027-02-01 2027-02-15]
}

// BenchmarkRuleDays expands rules over a 6-week session window.
func BenchmarkRuleDays(b *testing.B) {
	loc := brussels(b)
	first, last := MustDate("2027-01-04"), MustDate("2027-02-14")
	for _, s := range []string{
		"FREQ=WEEKLY;BYDAY=TU,TH",
		"FREQ=DAILY;INTERVAL=2",
		"FREQ=MONTHLY;BYDAY=-1FR",
		"DTSTART:20200106\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
		"FREQ=WEEKLY;BYDAY=TU\nEXDATE:20270112",
	} {
		r := MustRule(s)
		b.Run(strings.ReplaceAll(r.String(), "\n", " "), func(b *testing.B) {
			for b.Loop() {
				r.Days(first, last, loc)
			}
		})
	}
}

func BenchmarkParseRule(b *testing.B) {
	for b.Loop() {
		if _, err := ParseRule("FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270131"); err != nil {
			b.Fatal(err)
		}
	}
}
