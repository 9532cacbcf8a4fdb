// Package calendar holds the time words of deskplan: civil dates, clock times on the slot
// grid, opening hours, exam sessions and availability rules (RFC 5545 RRULEs expanded in the
// desk's time zone).
//
// A Date is a day without a time zone (the desk's local day); a Clock is a time of day in
// minutes since midnight. Both are small value types that compare with == and <.
package calendar

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date (year, month, day) with no time zone. The zero Date is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses an ISO date "2027-01-04". It also accepts "2027-01-04T00:00:00" and
// "2027-01-04 00:00:00" (what spreadsheets produce for a date cell): a time after the date is
// ignored, but it must look like one.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	day := s
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') && isTimeOfDay(s[11:]) {
		day = s[:10]
	}
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return Date{}, dateError(s, day)
	}
	return DateOf(t), nil
}

// dateError says what is wrong with a date that does not parse: a month or a day out of
// range when it has the form YYYY-MM-DD, else the form.
func dateError(s, day string) error {
	var y, m, d int
	digits := len(day) == 10 && strings.Trim(day[:4]+day[5:7]+day[8:], "0123456789") == ""
	if n, err := fmt.Sscanf(day, "%4d-%2d-%2d", &y, &m, &d); digits && err == nil && n == 3 {
		switch {
		case m < 1 || m > 12:
			return fmt.Errorf("date %q: month %d is not 1 to 12 (the form is YYYY-MM-DD)", s, m)
		case d < 1 || d > daysIn(y, time.Month(m)):
			return fmt.Errorf("date %q: %s %d has %d days, not %d", s, time.Month(m), y, daysIn(y, time.Month(m)), d)
		}
	}
	return fmt.Errorf("date %q is not of the form YYYY-MM-DD", s)
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isTimeOfDay reports whether s looks like the time part of a spreadsheet date-time:
// "00:00:00", "00:00:00.000", "00:00:00Z".
func isTimeOfDay(s string) bool {
	s = strings.TrimSuffix(s, "Z")
	if len(s) < 5 || !strings.Contains(s, ":") {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != ':' && r != '.' {
			return false
		}
	}
	return true
}

// MustDate is ParseDate that panics on error; for tests and literals.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// In returns the time at clock c of day d in loc. Clocks past 24:00 roll into the next day.
func (d Date) In(c Clock, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, int(c), 0, 0, loc)
}

// time returns midnight UTC of d, for arithmetic.
func (d Date) time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns d plus n days (n may be negative).
func (d Date) AddDays(n int) Date { return DateOf(d.time().AddDate(0, 0, n)) }

// Sub returns the number of days from e to d (d - e).
func (d Date) Sub(e Date) int { return int(d.time().Sub(e.time()).Hours() / 24) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.time().Weekday() }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.time().Before(e.time()) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.time().After(e.time()) }

// Monday returns the Monday on or before d: the start of d's ISO week.
func (d Date) Monday() Date {
	wd := int(d.Weekday()+6) % 7 // Monday = 0
	return d.AddDays(-wd)
}

// MarshalText implements encoding.TextMarshaler (JSON prints "2027-01-04").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Clock is a time of day in minutes since midnight (0..1440). 24:00 is a valid closing time.
type Clock int

// ParseClock parses "7:30", "07:30", "07:30:00" (seconds must be zero), "19h30" or "19h".
// Minutes have two digits, 0..59, and the time is at most 24:00.
func ParseClock(s string) (Clock, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("time %q is not of the form HH:MM", s)
	var fields []string
	if h, m, ok := strings.Cut(strings.ToLower(s), "h"); ok {
		if m == "" {
			m = "00"
		}
		fields = []string{h, m}
	} else {
		fields = strings.Split(s, ":")
	}
	if len(fields) < 2 || len(fields) > 3 || len(fields[0]) < 1 || len(fields[0]) > 2 {
		return 0, bad
	}
	for i, f := range fields {
		if i > 0 && len(f) != 2 {
			return 0, bad
		}
		for _, r := range f {
			if r < '0' || r > '9' {
				return 0, bad
			}
		}
	}
	h, _ := strconv.Atoi(fields[0])
	m, _ := strconv.Atoi(fields[1])
	if len(fields) == 3 && fields[2] != "00" {
		return 0, fmt.Errorf("time %q has seconds: give HH:MM", s)
	}
	if m > 59 || h*60+m > 24*60 {
		return 0, fmt.Errorf("time %q is out of range 00:00-24:00", s)
	}
	return Clock(h*60 + m), nil
}

// MustClock is ParseClock that panics on error; for tests and literals.
func MustClock(s string) Clock {
	c, err := ParseClock(s)
	if err != nil {
		panic(err)
	}
	return c
}

// String returns c as HH:MM.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText implements encoding.TextMarshaler (JSON prints "07:30").
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// weekdayNames maps the accepted weekday spellings to time.Weekday.
var weekdayNames = map[string]time.Weekday{
	"mo": time.Monday, "mon": time.Monday, "monday": time.Monday,
	"tu": time.Tuesday, "tue": time.Tuesday, "tuesday": time.Tuesday,
	"we": time.Wednesday, "wed": time.Wednesday, "wednesday": time.Wednesday,
	"th": time.Thursday, "thu": time.Thursday, "thursday": time.Thursday,
	"fr": time.Friday, "fri": time.Friday, "friday": time.Friday,
	"sa": time.Saturday, "sat": time.Saturday, "saturday": time.Saturday,
	"su": time.Sunday, "sun": time.Sunday, "sunday": time.Sunday,
}

// ParseWeekday parses a weekday name: "MO", "Mon" or "Monday" in any case.
func ParseWeekday(s string) (time.Weekday, error) {
	if wd, ok := weekdayNames[strings.ToLower(strings.TrimSpace(s))]; ok {
		return wd, nil
	}
	return 0, fmt.Errorf("weekday %q is not one of MO, TU, WE, TH, FR, SA, SU", strings.TrimSpace(s))
}

// WeekdayCode returns the two-letter RFC 5545 code of wd ("MO").
func WeekdayCode(wd time.Weekday) string {
	return [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[wd]
}

// ParseWeekdays parses a comma list of weekdays ("MO,TU,WE" or "Mon, Tue") or a range
// ("MO-SA"), returned in Monday-first order without duplicates.
func ParseWeekdays(s string) ([]time.Weekday, error) {
	var set [7]bool
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if a, b, ok := strings.Cut(part, "-"); ok {
			if strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
				return nil, fmt.Errorf("weekday range %q needs a weekday on each side of '-'", part)
			}
			from, err := ParseWeekday(a)
			if err != nil {
				return nil, err
			}
			to, err := ParseWeekday(b)
			if err != nil {
				return nil, err
			}
			for wd := from; ; wd = (wd + 1) % 7 {
				set[wd] = true
				if wd == to {
					break
				}
			}
			continue
		}
		wd, err := ParseWeekday(part)
		if err != nil {
			return nil, err
		}
		set[wd] = true
	}
	var out []time.Weekday
	for i := 1; i <= 7; i++ {
		if wd := time.Weekday(i % 7); set[wd] {
			out = append(out, wd)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no weekday in %q", s)
	}
	return out, nil
}

// FormatWeekdays returns days as "MO,TU,WE".
func FormatWeekdays(days []time.Weekday) string {
	codes := make([]string, len(days))
	for i, wd := range days {
		codes[i] = WeekdayCode(wd)
	}
	return strings.Join(codes, ",")
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e (for slices.SortFunc).
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}
