package calendar

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr string
	}{
		{"2027-01-04", Date{2027, time.January, 4}, ""},
		{" 2027-01-04 ", Date{2027, time.January, 4}, ""},
		{"2027-01-04T00:00:00", Date{2027, time.January, 4}, ""},
		{"2027-01-04 00:00:00", Date{2027, time.January, 4}, ""},
		{"2027-01-04T00:00:00Z", Date{2027, time.January, 4}, ""},
		{"2027-01-04 09:30:00.000", Date{2027, time.January, 4}, ""},
		{"2028-02-29", Date{2028, time.February, 29}, ""},
		{"2027-02-29", Date{}, `date "2027-02-29": February 2027 has 28 days, not 29`},
		{"2027-02-30T00:00:00", Date{}, `date "2027-02-30T00:00:00": February 2027 has 28 days, not 30`},
		{"2027-13-01", Date{}, `date "2027-13-01": month 13 is not 1 to 12 (the form is YYYY-MM-DD)`},
		{"2027-00-01", Date{}, `date "2027-00-01": month 0 is not 1 to 12 (the form is YYYY-MM-DD)`},
		{"2027-04-31", Date{}, `date "2027-04-31": April 2027 has 30 days, not 31`},
		{"2027-04-00", Date{}, `date "2027-04-00": April 2027 has 30 days, not 0`},
		{"2027--1-04", Date{}, `date "2027--1-04" is not of the form YYYY-MM-DD`},
		{"2027-1-4", Date{}, `date "2027-1-4" is not of the form YYYY-MM-DD`},
		{"04/01/2027", Date{}, `date "04/01/2027" is not of the form YYYY-MM-DD`},
		{"20270104", Date{}, `date "20270104" is not of the form YYYY-MM-DD`},
		{"2027-01-04X", Date{}, `date "2027-01-04X" is not of the form YYYY-MM-DD`},
		{"2027-01-04Tjunk", Date{}, `date "2027-01-04Tjunk" is not of the form YYYY-MM-DD`},
		{"", Date{}, `date "" is not of the form YYYY-MM-DD`},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseDate(%q) = %v, %v, want error %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in      string
		want    Clock
		wantErr string
	}{
		{"7:30", 450, ""},
		{"07:30", 450, ""},
		{" 07:30 ", 450, ""},
		{"07:30:00", 450, ""},
		{"19h30", 1170, ""},
		{"19H30", 1170, ""},
		{"19h", 1140, ""},
		{"00:00", 0, ""},
		{"24:00", 1440, ""},
		{"24:01", 0, `time "24:01" is out of range 00:00-24:00`},
		{"25:00", 0, `time "25:00" is out of range 00:00-24:00`},
		{"07:60", 0, `time "07:60" is out of range 00:00-24:00`},
		{"07:30:15", 0, `time "07:30:15" has seconds: give HH:MM`},
		{"7:5", 0, `time "7:5" is not of the form HH:MM`},
		{"+7:30", 0, `time "+7:30" is not of the form HH:MM`},
		{"-1:30", 0, `time "-1:30" is not of the form HH:MM`},
		{"07:-0", 0, `time "07:-0" is not of the form HH:MM`},
		{"007:30", 0, `time "007:30" is not of the form HH:MM`},
		{"07:30:00:00", 0, `time "07:30:00:00" is not of the form HH:MM`},
		{"07:30:00junk", 0, `time "07:30:00junk" is not of the form HH:MM`},
		{"07:30am", 0, `time "07:30am" is not of the form HH:MM`},
		{"7 : 30", 0, `time "7 : 30" is not of the form HH:MM`},
		{"0730", 0, `time "0730" is not of the form HH:MM`},
		{"h30", 0, `time "h30" is not of the form HH:MM`},
		{"", 0, `time "" is not of the form HH:MM`},
		{"٣:30", 0, `time "٣:30" is not of the form HH:MM`},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseClock(%q) = %v, %v, want error %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseClock(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseWeekdays(t *testing.T) {
	const (
		su = time.Sunday
		mo = time.Monday
		tu = time.Tuesday
		we = time.Wednesday
		th = time.Thursday
		fr = time.Friday
		sa = time.Saturday
	)
	tests := []struct {
		in      string
		want    []time.Weekday
		wantErr string
	}{
		{"MO-SA", []time.Weekday{mo, tu, we, th, fr, sa}, ""},
		{"SA-MO", []time.Weekday{mo, sa, su}, ""}, // wraps over Sunday, Monday first
		{"FR-TU", []time.Weekday{mo, tu, fr, sa, su}, ""},
		{"SU-SU", []time.Weekday{su}, ""},
		{"MO-SU", []time.Weekday{mo, tu, we, th, fr, sa, su}, ""},
		{"mon, Tue,WEDNESDAY", []time.Weekday{mo, tu, we}, ""},
		{"Monday-Friday", []time.Weekday{mo, tu, we, th, fr}, ""},
		{"SU,MO,MO", []time.Weekday{mo, su}, ""},
		{"MO-WE,FR", []time.Weekday{mo, tu, we, fr}, ""},
		{"MO,,TU,", []time.Weekday{mo, tu}, ""},
		{"", nil, `no weekday in ""`},
		{",", nil, `no weekday in ","`},
		{"MX", nil, `weekday "MX" is not one of MO, TU, WE, TH, FR, SA, SU`},
		{"MO;TU", nil, `weekday "MO;TU" is not one of MO, TU, WE, TH, FR, SA, SU`},
		{"MO-", nil, `weekday range "MO-" needs a weekday on each side of '-'`},
		{"-SA", nil, `weekday range "-SA" needs a weekday on each side of '-'`},
		{"MO-XX", nil, `weekday "XX" is not one of MO, TU, WE, TH, FR, SA, SU`},
		{"MO-TU-WE", nil, `weekday "TU-WE" is not one of MO, TU, WE, TH, FR, SA, SU`},
	}
	for _, tt := range tests {
		got, err := ParseWeekdays(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseWeekdays(%q) = %v, %v, want error %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseWeekdays(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestFormatWeekdays(t *testing.T) {
	tests := []struct {
		in   []time.Weekday
		want string
	}{
		{nil, ""},
		{[]time.Weekday{time.Monday}, "MO"},
		{[]time.Weekday{time.Monday, time.Tuesday, time.Saturday, time.Sunday}, "MO,TU,SA,SU"},
	}
	for _, tt := range tests {
		if got := FormatWeekdays(tt.in); got != tt.want {
			t.Errorf("FormatWeekdays(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// FormatWeekdays and ParseWeekdays round-trip
	for _, s := range []string{"MO-SA", "SA-MO", "TU,TH", "SU"} {
		days, err := ParseWeekdays(s)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseWeekdays(FormatWeekdays(days))
		if err != nil || !slices.Equal(again, days) {
			t.Errorf("ParseWeekdays(FormatWeekdays(%v)) = %v, %v", days, again, err)
		}
	}
}

func TestMonday(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2027-01-04", "2027-01-04"}, // Monday
		{"2027-01-05", "2027-01-04"},
		{"2027-01-10", "2027-01-04"}, // Sunday belongs to the week before
		{"2027-01-11", "2027-01-11"},
		{"2027-01-01", "2026-12-28"}, // across the year
		{"2027-03-28", "2027-03-22"}, // the DST Sunday
	}
	for _, tt := range tests {
		if got := MustDate(tt.in).Monday(); got != MustDate(tt.want) {
			t.Errorf("%s.Monday() = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestAddDaysDST(t *testing.T) {
	loc := brussels(t)
	tests := []struct {
		in    string
		n     int
		want  string
		hours float64 // from in at 09:00 local to want at 09:00 local
	}{
		{"2027-03-27", 1, "2027-03-28", 23}, // summer time starts on Sunday 28 March
		{"2027-03-27", 2, "2027-03-29", 47},
		{"2027-10-30", 1, "2027-10-31", 25}, // winter time on Sunday 31 October
		{"2027-03-29", -7, "2027-03-22", -167},
		{"2027-01-04", 0, "2027-01-04", 0},
		{"2027-12-31", 1, "2028-01-01", 24},
		{"2028-02-28", 1, "2028-02-29", 24},
	}
	nine := MustClock("09:00")
	for _, tt := range tests {
		in := MustDate(tt.in)
		got := in.AddDays(tt.n)
		if got != MustDate(tt.want) {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tt.in, tt.n, got, tt.want)
		}
		if d := got.Sub(in); d != tt.n {
			t.Errorf("%s.Sub(%s) = %d, want %d", got, in, d, tt.n)
		}
		if h := got.In(nine, loc).Sub(in.In(nine, loc)).Hours(); h != tt.hours {
			t.Errorf("%s 09:00 to %s 09:00 in Brussels = %vh, want %vh", in, got, h, tt.hours)
		}
		if c := got.In(nine, loc); c.Hour() != 9 || DateOf(c) != got {
			t.Errorf("%s.In(09:00) = %v, want 09:00 that day", got, c)
		}
	}
}

func TestDateCompare(t *testing.T) {
	days := dates("2027-01-04 2026-12-31 2027-01-04 2027-02-01 2026-12-30")
	slices.SortFunc(days, Date.Compare)
	want := dates("2026-12-30 2026-12-31 2027-01-04 2027-01-04 2027-02-01")
	if !slices.Equal(days, want) {
		t.Errorf("sorted = %v, want %v", days, want)
	}
	for i := 1; i < len(want); i++ {
		a, b := want[i-1], want[i]
		if (a.Compare(b) < 0) != a.Before(b) || (b.Compare(a) > 0) != b.After(a) {
			t.Errorf("Compare(%s, %s) disagrees with Before/After", a, b)
		}
	}
}

func TestDateClockJSON(t *testing.T) {
	type row struct {
		Day  Date  `json:"day"`
		At   Clock `json:"at"`
		None Date  `json:"none"`
	}
	in := row{Day: MustDate("2027-01-04"), At: MustClock("07:30")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"day":"2027-01-04","at":"07:30","none":""}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var out row
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("json round trip = %+v, %v, want %+v", out, err, in)
	}
	if err := json.Unmarshal([]byte(`{"at":"7:5"}`), &out); err == nil {
		t.Errorf("json of a bad clock: no error")
	}
}

// FuzzParseDate: no panic; a date is accepted only if it prints back to its first 10 bytes;
// a rejection names the value.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2027-01-04", "2027-01-04T00:00:00", "2027-01-04 09:30:00.000", "2027-02-30", "04/01/2027", "", "2027-01-04Tjunk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", strings.TrimSpace(s))) {
				t.Errorf("ParseDate(%q) error %q does not name the value", s, err)
			}
			return
		}
		if got := d.String(); !strings.HasPrefix(strings.TrimSpace(s), got) {
			t.Errorf("ParseDate(%q) = %s, not the date written", s, got)
		}
	})
}

// FuzzParseClock: no panic; an accepted time is within 00:00-24:00 and a parse of its
// String gives it back; a rejection names the value.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"7:30", "07:30:00", "19h30", "19h", "24:00", "24:01", "7:5", "07:30:00junk", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", strings.TrimSpace(s))) {
				t.Errorf("ParseClock(%q) error %q does not name the value", s, err)
			}
			return
		}
		if c < 0 || c > 24*60 {
			t.Fatalf("ParseClock(%q) = %d, out of range", s, c)
		}
		if again, err := ParseClock(c.String()); err != nil || again != c {
			t.Errorf("ParseClock(%q) = %v, but ParseClock(%q) = %v, %v", s, c, c.String(), again, err)
		}
	})
}

// FuzzParseWeekdays: no panic; an accepted list is in Monday-first order without duplicates
// and round-trips through FormatWeekdays; a rejection names the value or the part at fault.
func FuzzParseWeekdays(f *testing.F) {
	for _, s := range []string{"MO-SA", "SA-MO", "mon, tue", "MO-", "MO-TU-WE", "", ",", "Monday-Friday"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseWeekdays(s)
		if err != nil {
			named := strings.Contains(err.Error(), fmt.Sprintf("%q", s))
			for _, part := range strings.Split(s, ",") {
				for _, p := range append([]string{part}, strings.SplitN(part, "-", 2)...) {
					named = named || strings.Contains(err.Error(), fmt.Sprintf("%q", strings.TrimSpace(p)))
				}
			}
			if !named {
				t.Errorf("ParseWeekdays(%q) error %q names neither the value nor a part", s, err)
			}
			return
		}
		if len(days) == 0 {
			t.Fatalf("ParseWeekdays(%q) = no days and no error", s)
		}
		for i := 1; i < len(days); i++ {
			if (days[i-1]+6)%7 >= (days[i]+6)%7 {
				t.Fatalf("ParseWeekdays(%q) = %v, not Monday first without duplicates", s, days)
			}
		}
		if again, err := ParseWeekdays(FormatWeekdays(days)); err != nil || !slices.Equal(again, days) {
			t.Errorf("ParseWeekdays(%q) = %v, round trip gives %v, %v", s, days, again, err)
		}
	})
}

func ExampleParseWeekdays() {
	days, _ := ParseWeekdays("SA-MO")
	fmt.Println(FormatWeekdays(days))
	days, _ = ParseWeekdays("mon-fri, sat")
	fmt.Println(FormatWeekdays(days))
	// Output:
	// MO,SA,SU
	// MO,TU,WE,TH,FR,SA
}

func ExampleDate_AddDays() {
	loc, _ := time.LoadLocation("Europe/Brussels")
	sat := MustDate("2027-03-27")
	sun := sat.AddDays(1) // summer time starts: the day has 23 hours
	fmt.Println(sun, sun.Weekday(), sun.Monday())
	fmt.Println(sun.In(MustClock("09:00"), loc))
	// Output:
	// 2027-03-28 Sunday 2027-03-22
	// 2027-03-28 09:00:00 +0200 CEST
}
