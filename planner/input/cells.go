package input

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner/calendar"
)

// The cell parsers below turn one trimmed, non-empty cell text into a value. Their errors
// state the rule broken and quote the value; the caller adds the place.

// maxIDLen is the longest id accepted, in characters.
const maxIDLen = 64

// parseID accepts an identifier: letters, digits and . _ @ - , starting with a letter or a
// digit, at most maxIDLen characters. Ids appear in comma lists, so no comma or space.
func parseID(s string) (string, error) {
	if utf8.RuneCountInString(s) > maxIDLen {
		return "", fmt.Errorf("id %q is longer than %d characters", s, maxIDLen)
	}
	for i, r := range s {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r)
		if i > 0 {
			ok = ok || strings.ContainsRune("._@-", r)
		}
		if !ok {
			return "", fmt.Errorf("id %q may hold only letters, digits and . _ @ - (starting with a letter or digit)", s)
		}
	}
	if s == "" {
		return "", fmt.Errorf("id is empty")
	}
	return s, nil
}

// parseEnum accepts one of allowed, in any case, and returns its canonical spelling.
func parseEnum[T ~string](s, what string, allowed []T) (T, error) {
	for _, a := range allowed {
		if strings.EqualFold(s, string(a)) {
			return a, nil
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return "", fmt.Errorf("%s %q is not one of %s", what, s, strings.Join(names, ", "))
}

// parseList splits a comma list, trimming items and dropping empty ones and repeats.
func parseList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part != "" && !contains(out, part) {
			out = append(out, part)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseNumber accepts a decimal number within lo..hi. A single comma is read as a decimal
// point ("0,5"), as CSV files from a European spreadsheet write it.
func parseNumber(s string, lo, hi float64) (float64, error) {
	t := s
	if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if f < lo || f > hi {
		return 0, fmt.Errorf("%s is outside %s..%s", fmtNum(f), fmtNum(lo), fmtNum(hi))
	}
	return f, nil
}

// parseInt accepts a whole number within lo..hi ("12" or "12.0").
func parseInt(s string, lo, hi int) (int, error) {
	f, err := parseNumber(s, math.Inf(-1), math.Inf(1))
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	if f < float64(lo) || f > float64(hi) {
		return 0, fmt.Errorf("%s is outside %d..%d", fmtNum(f), lo, hi)
	}
	return int(f), nil
}

// parseFraction accepts a share 0..1, or a percent written with a % sign ("50%").
func parseFraction(s string) (float64, error) {
	if t, ok := strings.CutSuffix(s, "%"); ok {
		f, err := parseNumber(strings.TrimSpace(t), 0, 100)
		if err != nil {
			return 0, fmt.Errorf("%q is not a percent within 0%%..100%%", s)
		}
		return f / 100, nil
	}
	return parseNumber(s, 0, 1)
}

// parseDate accepts an ISO date, 2027-01-04.
func parseDate(s string) (calendar.Date, error) { return calendar.ParseDate(s) }

// parseClock accepts a time of day, 07:30.
func parseClock(s string) (calendar.Clock, error) { return calendar.ParseClock(s) }

// parseWeekday accepts MO, Mon or Monday in any case.
func parseWeekday(s string) (time.Weekday, error) { return calendar.ParseWeekday(s) }

// parseRRule accepts an RFC 5545 recurrence rule such as FREQ=WEEKLY;BYDAY=TU (see
// calendar.ParseRule: an "RRULE:" prefix, a DTSTART and EXDATE lines are allowed) and returns
// its normalised text.
func parseRRule(s string) (string, error) {
	r, err := calendar.ParseRule(s)
	if err != nil {
		return "", err
	}
	return r.String(), nil
}

// parseEmail accepts a plain address, name@example.org.
func parseEmail(s string) (string, error) {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(s, " \t<>,;\"") || strings.Contains(domain, "@") {
		return "", fmt.Errorf("email %q is not an address like name@example.org", s)
	}
	return s, nil
}

// serialDate converts an Excel serial day number to an ISO date. ok is false when v is no
// plausible date (before 1900 or after 9999).
func serialDate(v float64, date1904 bool) (string, bool) {
	if math.IsNaN(v) || v < 1 || v > 2958465 {
		return "", false
	}
	t, err := excelize.ExcelDateToTime(math.Floor(v), date1904)
	if err != nil {
		return "", false
	}
	return calendar.DateOf(t).String(), true
}

// serialClock converts an Excel time (a fraction of a day; a date-time's date part is
// dropped) to HH:MM, rounded to the minute. Exactly 1 is 24:00.
func serialClock(v float64) (string, bool) {
	if math.IsNaN(v) || v < 0 || v > 2958466 {
		return "", false
	}
	if v == 1 {
		return "24:00", true
	}
	min := int(math.Round((v - math.Floor(v)) * 24 * 60))
	if min == 24*60 {
		min = 0
	}
	return calendar.Clock(min).String(), true
}

// fmtNum prints a number without a needless fraction: 38, 0.5.
func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// controlChar returns the first control character of s other than a tab or a line break
// (C0 controls, DEL and the C1 controls: ESC, BEL, NUL...), which a terminal may obey.
func controlChar(s string) (rune, bool) {
	for _, r := range s {
		if isControl(r) {
			return r, true
		}
	}
	return 0, false
}

func isControl(r rune) bool {
	return r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || r >= 0x7f && r <= 0x9f)
}

// stripControls drops the characters controlChar finds.
func stripControls(s string) string {
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

// controlNames name the control characters a person may know by name.
var controlNames = map[rune]string{0: "NUL", 7: "BEL", 8: "BS", 0x0b: "VT", 0x0c: "FF", 0x1b: "ESC", 0x7f: "DEL", 0x9b: "CSI"}

// runeName writes a control character as U+001B (ESC).
func runeName(r rune) string {
	if n, ok := controlNames[r]; ok {
		return fmt.Sprintf("%U (%s)", r, n)
	}
	return fmt.Sprintf("%U", r)
}
