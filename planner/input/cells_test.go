package input

import (
	"math"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

func TestParseCells(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func(string) (any, error)
		in   string
		want any // nil: an error
	}{
		{"id", anyOf(parseID), "jan-2027", "jan-2027"},
		{"id", anyOf(parseID), "u.dupont@uclouvain", "u.dupont@uclouvain"},
		{"id", anyOf(parseID), "Zoë", "Zoë"},
		{"id", anyOf(parseID), "-x", nil},
		{"id", anyOf(parseID), "a b", nil},
		{"id", anyOf(parseID), "LLN,MONS", nil},
		{"id", anyOf(parseID), strings.Repeat("x", 65), nil},
		{"number", anyOf(func(s string) (float64, error) { return parseNumber(s, 0, 100) }), "0,5", 0.5},
		{"number", anyOf(func(s string) (float64, error) { return parseNumber(s, 0, 100) }), "1e2", 100.0},
		{"number", anyOf(func(s string) (float64, error) { return parseNumber(s, 0, 100) }), "NaN", nil},
		{"number", anyOf(func(s string) (float64, error) { return parseNumber(s, 0, 100) }), "1,000.5", nil},
		{"number", anyOf(func(s string) (float64, error) { return parseNumber(s, 0, 100) }), "101", nil},
		{"int", anyOf(func(s string) (int, error) { return parseInt(s, 1, 7) }), "5.0", 5},
		{"int", anyOf(func(s string) (int, error) { return parseInt(s, 1, 7) }), "5.5", nil},
		{"fraction", anyOf(parseFraction), "75%", 0.75},
		{"fraction", anyOf(parseFraction), "0.5", 0.5},
		{"fraction", anyOf(parseFraction), "50", nil},
		{"date", anyOf(parseDate), "2027-01-04", calendar.MustDate("2027-01-04")},
		{"date", anyOf(parseDate), "2027-01-04 00:00:00", calendar.MustDate("2027-01-04")},
		{"date", anyOf(parseDate), "04/01/2027", nil},
		{"clock", anyOf(parseClock), "7:30", calendar.MustClock("07:30")},
		{"clock", anyOf(parseClock), "24:00", calendar.Clock(1440)},
		{"clock", anyOf(parseClock), "7.30", nil},
		{"rrule", anyOf(parseRRule), "RRULE:FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=WEEKLY;BYDAY=TU,TH"},
		{"rrule", anyOf(parseRRule), "FREQ=WEEKLY;BYDAY=XX", nil},
		{"rrule", anyOf(parseRRule), "freq=weekly;byday=tu", "FREQ=WEEKLY;BYDAY=TU"},
		{"rrule", anyOf(parseRRule), "FREQ=HOURLY", nil},
		{"rrule", anyOf(parseRRule), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", nil},
		{"email", anyOf(parseEmail), "a.b@example.org", "a.b@example.org"},
		{"email", anyOf(parseEmail), "Anne <a@b.org>", nil},
		{"enum", anyOf(func(s string) (planner.Status, error) { return parseEnum(s, "status", planner.Statuses) }), "Mentor", planner.StatusMentor},
	} {
		got, err := tc.fn(tc.in)
		if tc.want == nil {
			if err == nil {
				t.Errorf("%s(%q) = %v, want an error", tc.name, tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s(%q) = %v, %v; want %v", tc.name, tc.in, got, err, tc.want)
		}
	}
}

func anyOf[T any](fn func(string) (T, error)) func(string) (any, error) {
	return func(s string) (any, error) {
		v, err := fn(s)
		return v, err
	}
}

func TestSerial(t *testing.T) {
	for _, tc := range []struct {
		v         float64
		date, clk string
	}{
		{46391, "2027-01-04", "00:00"},
		{46391.3125, "2027-01-04", "07:30"},
		{0.8125, "", "19:30"},
		{1, "1900-01-01", "24:00"},
		{0.3229166666666667, "", "07:45"},
	} {
		if tc.date != "" {
			if got, ok := serialDate(tc.v, false); !ok || got != tc.date {
				t.Errorf("serialDate(%v) = %q, %v; want %q", tc.v, got, ok, tc.date)
			}
		}
		if got, ok := serialClock(tc.v); !ok || got != tc.clk {
			t.Errorf("serialClock(%v) = %q, %v; want %q", tc.v, got, ok, tc.clk)
		}
	}
	if _, ok := serialDate(-3, false); ok {
		t.Error("serialDate(-3) accepted")
	}
}

// FuzzParse runs every cell parser on the same text: none may panic, and what one accepts
// must print back to a value it accepts again.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2027-01-04", "07:30", "24:00", "-0:30", "FREQ=WEEKLY;BYDAY=TU", "RRULE:FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO",
		"FREQ=YEARLY;BYWEEKNO=53;BYDAY=SU", "0,5", "75%", "1e308", "u1001", "MO-SA", "a@b", "Zoë", "\x00", "FREQ=SECONDLY;INTERVAL=0"} {
		f.Add(s, 0.5)
	}
	f.Fuzz(func(t *testing.T, s string, v float64) {
		if d, err := parseDate(s); err == nil {
			if d2, err := parseDate(d.String()); err != nil || d2 != d {
				t.Errorf("parseDate(%q) = %v, which reads back as %v, %v", s, d, d2, err)
			}
		}
		if c, err := parseClock(s); err == nil {
			if c < 0 || c > 24*60 {
				t.Errorf("parseClock(%q) = %d, out of range", s, c)
			}
			if c2, err := parseClock(c.String()); err != nil || c2 != c {
				t.Errorf("parseClock(%q) = %v, which reads back as %v, %v", s, c, c2, err)
			}
		}
		if r, err := parseRRule(s); err == nil {
			if r2, err := parseRRule(r); err != nil || r2 != r {
				t.Errorf("parseRRule(%q) = %q, which reads back as %q, %v", s, r, r2, err)
			}
		}
		if n, err := parseNumber(s, -1e9, 1e9); err == nil && (math.IsNaN(n) || n < -1e9 || n > 1e9) {
			t.Errorf("parseNumber(%q) = %v, out of range", s, n)
		}
		if n, err := parseInt(s, 0, 100); err == nil && (n < 0 || n > 100) {
			t.Errorf("parseInt(%q) = %v, out of range", s, n)
		}
		if x, err := parseFraction(s); err == nil && !(x >= 0 && x <= 1) {
			t.Errorf("parseFraction(%q) = %v, out of 0..1", s, x)
		}
		if id, err := parseID(s); err == nil && (id == "" || strings.ContainsAny(id, ", \t\n")) {
			t.Errorf("parseID(%q) = %q", s, id)
		}
		_, _ = parseWeekday(s)
		_, _ = parseEmail(s)
		_, _ = parseEnum(s, "kind", planner.AvailabilityKinds)
		for _, item := range parseList(s) {
			if item == "" || strings.Contains(item, ",") {
				t.Errorf("parseList(%q) has item %q", s, item)
			}
		}
		for _, k := range planner.SettingKeys {
			st := planner.DefaultSettings()
			_ = st.Set(k.Key, s)
		}
		if d, ok := serialDate(v, false); ok {
			if _, err := parseDate(d); err != nil {
				t.Errorf("serialDate(%v) = %q, not a date: %v", v, d, err)
			}
		}
		if c, ok := serialClock(v); ok {
			if _, err := parseClock(c); err != nil {
				t.Errorf("serialClock(%v) = %q, not a time: %v", v, c, err)
			}
		}
	})
}
