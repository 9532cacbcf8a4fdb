package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Rule is a parsed RFC 5545 recurrence rule that gives days: "FREQ=WEEKLY;BYDAY=TU,TH",
// optionally with a DTSTART and EXDATE or RDATE lines. Rules are expanded with
// github.com/teambition/rrule-go in a time zone (the desk's), so that a rule keeps its local
// days and times across a daylight-saving change.
//
// A Rule gives days, not times: frequencies finer than a day (HOURLY, MINUTELY, SECONDLY) are
// refused, and the times of an availability rule come from its own from/to columns.
//
// A Rule is immutable once parsed: it may be shared and used from several goroutines.
type Rule struct {
	text    string        // normalised text, see String
	opt     rrule.ROption // the RRULE; Dtstart and Until are set per expansion
	dtstart timeValue     // DTSTART, or none
	until   timeValue     // UNTIL, or none
	rdates  []timeValue   // extra days (RDATE)
	exdates []timeValue   // days left out (EXDATE)
	// simple rules (DAILY or WEEKLY, without COUNT) may move their DTSTART forward by whole
	// periods without changing their days: expanding a window far from DTSTART stays fast.
	period int // days, or 0
}

// valueKind says how a DTSTART, UNTIL, RDATE or EXDATE value was written.
type valueKind uint8

const (
	noValue  valueKind = iota
	dateOnly           // 20270104: a day, in the desk's zone
	floating           // 20270104T090000: a wall-clock time in the desk's zone
	utc                // 20270104T080000Z: an instant
	zoned              // TZID=Europe/Brussels:20270104T090000: a wall-clock time in a zone
)

// timeValue is a date or date-time of a rule. For dateOnly and floating, t holds the wall
// clock in UTC and is moved to the desk's zone on expansion.
type timeValue struct {
	kind valueKind
	t    time.Time
}

// in returns v as an instant, reading dates and floating times in loc.
func (v timeValue) in(loc *time.Location) time.Time {
	switch v.kind {
	case dateOnly, floating:
		y, m, d := v.t.Date()
		h, mi, s := v.t.Clock()
		return time.Date(y, m, d, h, mi, s, 0, loc)
	default:
		return v.t
	}
}

// date returns the day of v in loc: the written day for dates, floating and zoned times,
// the day in loc for UTC instants.
func (v timeValue) date(loc *time.Location) Date {
	if v.kind == utc {
		return DateOf(v.t.In(loc))
	}
	return DateOf(v.t)
}

// ruleError is the error of ParseRule: the rule as given, and what is wrong with it.
func ruleError(s, format string, args ...any) error {
	return fmt.Errorf("RRULE %q: %s", s, fmt.Sprintf(format, args...))
}

// ParseRule parses a recurrence rule as RFC 5545 writes it, with or without the "RRULE:"
// prefix: "FREQ=WEEKLY;BYDAY=TU,TH", "RRULE:FREQ=DAILY;INTERVAL=2;COUNT=10". A DTSTART may
// come first, on its own line or separated by a space ("DTSTART;TZID=Europe/Brussels:
// 20270104T090000", "DTSTART:20270104") or as a part of the rule ("DTSTART=20270104"); EXDATE
// and RDATE lines add or remove days ("EXDATE:20270112,20270119"). Names are read in any case
// and spaces between parts are ignored. Dates may also be written 2027-01-04.
//
// The parts are those of RFC 5545 and rrule-go: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY),
// INTERVAL, COUNT, UNTIL, WKST, BYDAY (with ordinals such as 1MO or -1FR for MONTHLY and
// YEARLY), BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYSETPOS, BYHOUR, BYMINUTE, BYSECOND and
// BYEASTER. A date-only UNTIL includes its whole day.
//
// The error is short and plain, names the rule and the part at fault, and carries no
// place: the caller puts it behind the file, sheet, row and column it read the rule from.
func ParseRule(s string) (*Rule, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return nil, errors.New("RRULE is empty")
	}
	r := &Rule{}
	var ruleLine string
	var textLines []string
	for _, line := range ruleLines(in) {
		name, rest := propertyName(line)
		switch name {
		case "DTSTART":
			if r.dtstart.kind != noValue {
				return nil, ruleError(in, "DTSTART is given twice")
			}
			v, err := parseProperty(rest)
			if err != nil {
				return nil, ruleError(in, "DTSTART: %v", err)
			}
			if len(v) != 1 {
				return nil, ruleError(in, "DTSTART: give one date, not %d", len(v))
			}
			r.dtstart = v[0]
			textLines = append(textLines, line)
		case "EXDATE", "RDATE":
			v, err := parseProperty(rest)
			if err != nil {
				return nil, ruleError(in, "%s: %v", name, err)
			}
			if name == "EXDATE" {
				r.exdates = append(r.exdates, v...)
			} else {
				r.rdates = append(r.rdates, v...)
			}
			textLines = append(textLines, line)
		case "RRULE", "":
			if name == "RRULE" {
				rest = strings.TrimPrefix(rest, ":")
			}
			if ruleLine != "" {
				// a stray word (DTSTART 20270104) makes a second rule: say what is wrong in either
				for _, l := range []string{ruleLine, rest} {
					if _, err := new(Rule).parseRRule(l); err != nil {
						return nil, ruleError(in, "%v", err)
					}
				}
				return nil, ruleError(in, "more than one RRULE")
			}
			ruleLine = rest
		default:
			return nil, ruleError(in, "unknown property %s (want RRULE, DTSTART, EXDATE or RDATE)", name)
		}
	}
	if ruleLine == "" {
		return nil, ruleError(in, "FREQ is missing")
	}
	norm, err := r.parseRRule(ruleLine)
	if err != nil {
		return nil, ruleError(in, "%v", err)
	}
	// rrule-go checks the bounds of every part; it does not depend on DTSTART.
	opt := r.opt
	opt.Dtstart = time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	if _, err := rrule.NewRRule(opt); err != nil {
		return nil, ruleError(in, "%v", err)
	}
	if r.opt.Count == 0 && (r.opt.Freq == rrule.DAILY || r.opt.Freq == rrule.WEEKLY) {
		r.period = max(r.opt.Interval, 1)
		if r.opt.Freq == rrule.WEEKLY {
			r.period *= 7
		}
	}
	if len(textLines) == 0 {
		r.text = norm
	} else {
		r.text = strings.Join(append(textLines, "RRULE:"+norm), "\n")
	}
	return r, nil
}

// ruleLines splits the text of a rule into its property lines: at line breaks, and at spaces
// before DTSTART, RRULE, EXDATE and RDATE. Other spaces are dropped.
func ruleLines(s string) []string {
	var lines []string
	for _, text := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		first := true
		for _, f := range strings.Fields(text) {
			if name, _ := propertyName(f); name != "" || first {
				lines = append(lines, f)
				first = false
				continue
			}
			lines[len(lines)-1] += f
		}
	}
	return lines
}

// propertyName returns the upper-case name of a DTSTART, RRULE, EXDATE or RDATE line and the
// rest of the line after the name (starting with ";" or ":"), or "" and the line for a bare
// rule. Any other name followed by ":" is returned too, to be refused.
func propertyName(line string) (name, rest string) {
	i := strings.IndexAny(line, ";:=")
	if i <= 0 {
		return "", line
	}
	name = strings.ToUpper(line[:i])
	switch {
	case line[i] == '=':
		return "", line // a part of a bare rule, e.g. FREQ=DAILY
	case name == "DTSTART" || name == "EXDATE" || name == "RDATE":
		return name, line[i:]
	case name == "RRULE" && line[i] == ':':
		return name, line[i:]
	case line[i] == ':':
		return name, line[i:] // unknown property
	}
	return "", line
}

// parseProperty parses the parameters and value list of a DTSTART, EXDATE or RDATE line:
// ";TZID=Europe/Brussels:20270104T090000", ";VALUE=DATE:20270104,20270105" or ":20270104".
func parseProperty(rest string) ([]timeValue, error) {
	params, value, ok := strings.Cut(rest, ":")
	if !ok {
		return nil, errors.New("no value after ':'")
	}
	var loc *time.Location
	for p := range strings.SplitSeq(params, ";") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		switch strings.ToUpper(k) {
		case "TZID":
			l, err := time.LoadLocation(v)
			if err != nil || v == "" || strings.EqualFold(v, "local") {
				return nil, fmt.Errorf("unknown time zone %q", v)
			}
			loc = l
		case "VALUE":
			if u := strings.ToUpper(v); u != "DATE" && u != "DATE-TIME" {
				return nil, fmt.Errorf("VALUE=%s is not DATE or DATE-TIME", v)
			}
		default:
			return nil, fmt.Errorf("unknown parameter %q", p)
		}
	}
	var out []timeValue
	for v := range strings.SplitSeq(value, ",") {
		tv, err := parseTimeValue(v, loc)
		if err != nil {
			return nil, err
		}
		out = append(out, tv)
	}
	return out, nil
}

// parseTimeValue parses "20270104", "20270104T090000", "20270104T080000Z" (or the same with
// dashes and colons: "2027-01-04T09:00:00"); with loc, a time without Z is in loc.
func parseTimeValue(s string, loc *time.Location) (timeValue, error) {
	v := strings.ToUpper(s)
	if len(v) >= 10 && v[4] == '-' {
		v = strings.NewReplacer("-", "", ":", "").Replace(v)
	}
	var tv timeValue
	var t time.Time
	var err error
	switch len(v) {
	case 8:
		t, err = time.Parse("20060102", v)
		tv.kind = dateOnly
	case 15:
		t, err = time.Parse("20060102T150405", v)
		tv.kind = floating
		if err == nil && loc != nil {
			tv.kind = zoned
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
		}
	case 16:
		t, err = time.Parse("20060102T150405Z", v)
		tv.kind = utc
	default:
		err = errors.New("bad length")
	}
	if err != nil {
		return timeValue{}, fmt.Errorf("%q is not a date (20270104) or date-time (20270104T090000)", s)
	}
	if y := t.Year(); y < 1900 || y > 2199 {
		return timeValue{}, fmt.Errorf("year %d is outside 1900-2199", y)
	}
	tv.t = t
	return tv, nil
}

// ruleFreqs are the frequencies a Rule accepts.
var ruleFreqs = map[string]rrule.Frequency{
	"DAILY": rrule.DAILY, "WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY, "YEARLY": rrule.YEARLY,
}

// ruleWeekdays maps RFC 5545 weekday codes to rrule-go weekdays.
var ruleWeekdays = map[string]rrule.Weekday{
	"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH, "FR": rrule.FR, "SA": rrule.SA, "SU": rrule.SU,
}

// parseRRule parses the parts of an RRULE line ("FREQ=WEEKLY;BYDAY=TU") into r and returns
// the normalised line.
func (r *Rule) parseRRule(line string) (string, error) {
	p := rruleParts{seen: map[string]bool{}}
	for part := range strings.SplitSeq(line, ";") {
		if part == "" {
			continue
		}
		key, value, err := p.split(part)
		if err != nil {
			return "", err
		}
		if err := r.setPart(&p, key, value); err != nil {
			return "", err
		}
		p.norm = append(p.norm, key+"="+value)
	}
	if err := r.checkParts(p.freq, p.numbered); err != nil {
		return "", err
	}
	if err := r.checkOccurs(); err != nil {
		return "", err
	}
	return strings.Join(p.norm, ";"), nil
}

// rruleParts is what parseRRule has read of an RRULE line so far.
type rruleParts struct {
	seen     map[string]bool // the parts' names
	freq     string          // FREQ, "" before it
	numbered []string        // BYDAY values with an ordinal
	norm     []string        // the parts, normalised
}

// split returns the name and value of a part, in upper case; an error when the part is not
// NAME=VALUE or its name came before.
func (p *rruleParts) split(part string) (key, value string, err error) {
	key, value, ok := strings.Cut(part, "=")
	key, value = strings.ToUpper(key), strings.ToUpper(value)
	if !ok || key == "" {
		return "", "", fmt.Errorf("part %q is not NAME=VALUE", part)
	}
	if value == "" {
		return "", "", fmt.Errorf("%s has no value", key)
	}
	if p.seen[key] {
		return "", "", fmt.Errorf("%s is given twice", key)
	}
	p.seen[key] = true
	return key, value, nil
}

// setPart sets the part key=value of r's rule.
func (r *Rule) setPart(p *rruleParts, key, value string) error {
	var err error
	o := &r.opt
	switch key {
	case "FREQ":
		if err = r.setFreq(value); err == nil {
			p.freq = value
		}
	case "INTERVAL":
		o.Interval, err = ruleInt(key, value, 1, 1000)
	case "COUNT":
		o.Count, err = ruleInt(key, value, 1, 100000)
	case "UNTIL":
		r.until, err = parseTimeValue(value, nil)
		if err != nil {
			err = fmt.Errorf("UNTIL: %v", err)
		}
	case "DTSTART":
		if r.dtstart.kind != noValue {
			return errors.New("DTSTART is given twice")
		}
		r.dtstart, err = parseTimeValue(value, nil)
		if err != nil {
			err = fmt.Errorf("DTSTART: %v", err)
		}
	case "WKST":
		wd, ok := ruleWeekdays[value]
		if !ok {
			err = fmt.Errorf("WKST %q is not one of MO, TU, WE, TH, FR, SA, SU", value)
		}
		o.Wkst = wd
	case "BYDAY":
		err = r.setByDay(p, value)
	case "BYMONTH":
		o.Bymonth, err = ruleInts(key, value, 1, 12, false)
	case "BYMONTHDAY":
		o.Bymonthday, err = ruleInts(key, value, 1, 31, true)
	case "BYYEARDAY":
		o.Byyearday, err = ruleInts(key, value, 1, 366, true)
	case "BYWEEKNO":
		o.Byweekno, err = ruleInts(key, value, 1, 53, true)
	case "BYSETPOS":
		o.Bysetpos, err = ruleInts(key, value, 1, 366, true)
	case "BYHOUR":
		o.Byhour, err = ruleInts(key, value, 0, 23, false)
	case "BYMINUTE":
		o.Byminute, err = ruleInts(key, value, 0, 59, false)
	case "BYSECOND":
		o.Bysecond, err = ruleInts(key, value, 0, 59, false)
	case "BYEASTER":
		o.Byeaster, err = ruleInts(key, value, 0, 366, true)
	default:
		err = fmt.Errorf("unknown part %s", key)
	}
	return err
}

// setFreq sets the rule's frequency: a day or longer.
func (r *Rule) setFreq(value string) error {
	f, ok := ruleFreqs[value]
	switch {
	case ok:
		r.opt.Freq = f
		return nil
	case value == "HOURLY" || value == "MINUTELY" || value == "SECONDLY":
		return fmt.Errorf("FREQ=%s is finer than a day: the rule gives days, the from and to columns give times", value)
	default:
		return fmt.Errorf("FREQ %q is not one of DAILY, WEEKLY, MONTHLY, YEARLY", value)
	}
}

// setByDay sets the rule's weekdays ("TU,TH", "1MO,-1FR"), noting in p those with an ordinal.
func (r *Rule) setByDay(p *rruleParts, value string) error {
	for v := range strings.SplitSeq(value, ",") {
		wd, n, err := ruleWeekday(v)
		if err != nil {
			return err
		}
		if n != 0 {
			p.numbered = append(p.numbered, v)
		}
		r.opt.Byweekday = append(r.opt.Byweekday, wd.Nth(n))
	}
	return nil
}

// checkParts refuses the combinations of parts that RFC 5545 rules out or that give no
// meaning: no FREQ, COUNT with UNTIL, BY parts the frequency does not take (numbered, the
// BYDAY values with an ordinal).
func (r *Rule) checkParts(freq string, numbered []string) error {
	o := &r.opt
	switch {
	case freq == "":
		return errors.New("FREQ is missing")
	case o.Count != 0 && r.until.kind != noValue:
		return errors.New("COUNT and UNTIL may not both be given")
	case len(numbered) > 0 && freq != "MONTHLY" && freq != "YEARLY":
		return fmt.Errorf("BYDAY %s: a numbered weekday needs FREQ=MONTHLY or YEARLY", numbered[0])
	case len(o.Byweekno) > 0 && freq != "YEARLY":
		return errors.New("BYWEEKNO needs FREQ=YEARLY")
	case len(o.Byyearday) > 0 && freq != "YEARLY":
		return errors.New("BYYEARDAY needs FREQ=YEARLY")
	case len(o.Byeaster) > 0 && freq != "YEARLY":
		return errors.New("BYEASTER needs FREQ=YEARLY")
	case len(o.Bymonthday) > 0 && freq == "WEEKLY":
		return errors.New("BYMONTHDAY does not go with FREQ=WEEKLY")
	case len(o.Bysetpos) > 0 && len(o.Byweekday)+len(o.Bymonth)+len(o.Bymonthday)+
		len(o.Byyearday)+len(o.Byweekno)+len(o.Byhour)+len(o.Byminute)+
		len(o.Bysecond)+len(o.Byeaster) == 0:
		return errors.New("BYSETPOS needs another BY part")
	}
	return nil
}

// checkOccurs refuses the rules that never occur and are easy to spot: a day of the month that
// none of the months has (BYMONTH=2;BYMONTHDAY=30), or positions beyond the largest set of a
// period (FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2). rrule-go searches such rules until the year 9999.
func (r *Rule) checkOccurs() error {
	o := r.opt
	if len(o.Bymonthday) > 0 && len(o.Byyearday)+len(o.Byweekno)+len(o.Byeaster) == 0 {
		months := o.Bymonth
		if len(months) == 0 {
			months = []int{1, 3, 5, 7, 8, 10, 12} // 31 days
		}
		longest := 0
		for _, m := range months {
			longest = max(longest, [...]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m])
		}
		if !slices.ContainsFunc(o.Bymonthday, func(d int) bool { return d <= longest && -d <= longest }) {
			return errors.New("BYMONTHDAY and BYMONTH give no day: the rule never occurs")
		}
	}
	if len(o.Bysetpos) > 0 {
		times := max(len(o.Byhour), 1) * max(len(o.Byminute), 1) * max(len(o.Bysecond), 1)
		days := map[rrule.Frequency]int{rrule.DAILY: 1, rrule.WEEKLY: 7, rrule.MONTHLY: 31, rrule.YEARLY: 366}[o.Freq]
		if o.Freq == rrule.WEEKLY && len(o.Byweekday) > 0 {
			var set [7]bool
			for _, wd := range o.Byweekday {
				set[wd.Day()] = true
			}
			days = 0
			for _, b := range set {
				if b {
					days++
				}
			}
		}
		largest := days * times
		if !slices.ContainsFunc(o.Bysetpos, func(p int) bool { return p <= largest && -p <= largest }) {
			return fmt.Errorf("BYSETPOS picks beyond the %d occurrences of a period: the rule never occurs", largest)
		}
	}
	return nil
}

// ruleInt parses a whole number lo..hi.
func ruleInt(key, s string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s %q is not a whole number from %d to %d", key, s, lo, hi)
	}
	return n, nil
}

// ruleInts parses a comma list of whole numbers lo..hi (or -hi..-lo when signed).
func ruleInts(key, s string, lo, hi int, signed bool) ([]int, error) {
	var out []int
	for v := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(v)
		ok := err == nil && (n >= lo && n <= hi || signed && n <= -lo && n >= -hi && n != 0)
		if !ok {
			rng := fmt.Sprintf("%d to %d", lo, hi)
			if signed {
				rng += fmt.Sprintf(" or %d to %d", -hi, -lo)
			}
			return nil, fmt.Errorf("%s %q is not a whole number from %s", key, v, rng)
		}
		out = append(out, n)
	}
	return out, nil
}

// ruleWeekday parses a BYDAY value: "MO", "1MO", "+2TU", "-1FR".
func ruleWeekday(s string) (rrule.Weekday, int, error) {
	bad := fmt.Errorf("BYDAY %q is not a weekday MO, TU, WE, TH, FR, SA, SU with an optional ordinal such as 1MO or -1FR", s)
	if len(s) < 2 {
		return rrule.Weekday{}, 0, bad
	}
	wd, ok := ruleWeekdays[s[len(s)-2:]]
	if !ok {
		return rrule.Weekday{}, 0, bad
	}
	n := 0
	if num := s[:len(s)-2]; num != "" {
		var err error
		n, err = strconv.Atoi(num)
		if err != nil || n == 0 || n < -53 || n > 53 || num[0] == '0' {
			return rrule.Weekday{}, 0, bad
		}
	}
	return wd, n, nil
}

// MustRule is ParseRule that panics on error; for tests and literals.
func MustRule(s string) *Rule {
	r, err := ParseRule(s)
	if err != nil {
		panic(err)
	}
	return r
}

// String returns the rule normalised: upper case, without spaces, the RRULE line last (with
// its "RRULE:" prefix only when a DTSTART, EXDATE or RDATE line comes first).
func (r *Rule) String() string { return r.text }

// HasStart reports whether the rule gives its own DTSTART.
func (r *Rule) HasStart() bool { return r.dtstart.kind != noValue }

// Days returns the days within first..last (both included) on which the rule occurs, in
// order, expanded in loc. A rule without DTSTART starts on first at 00:00 in loc: use DaysFrom
// when the days must not depend on the window (rules with INTERVAL, COUNT, or MONTHLY and
// YEARLY rules without a BY part take their rhythm from DTSTART).
func (r *Rule) Days(first, last Date, loc *time.Location) []Date {
	return r.DaysFrom(first, first, last, loc)
}

// DaysFrom returns the days within first..last (both included) on which the rule occurs, in
// order. A rule without DTSTART starts on start at 00:00 in loc (start may be before first).
//
// The rule is expanded in loc, the desk's zone: dates and times written without a zone
// (DTSTART:20270104T090000, UNTIL=20270131) are wall-clock times in loc, so a weekly rule keeps
// its local day and time across a daylight-saving change. A DTSTART in UTC (...Z) keeps its
// UTC time instead, as RFC 5545 says; its days are those of loc. loc must not be nil.
func (r *Rule) DaysFrom(start, first, last Date, loc *time.Location) []Date {
	if last.Before(first) {
		return nil
	}
	winStart := first.In(0, loc)
	winEnd := last.AddDays(1).In(0, loc) // exclusive
	opt := r.opt
	if r.dtstart.kind != noValue {
		opt.Dtstart = r.dtstart.in(loc)
	} else {
		opt.Dtstart = start.In(0, loc)
	}
	var until time.Time
	switch r.until.kind {
	case noValue:
		until = winEnd.Add(-time.Second)
	case dateOnly: // the whole day, in DTSTART's zone
		until = r.until.in(opt.Dtstart.Location()).AddDate(0, 0, 1).Add(-time.Second)
	default:
		until = r.until.in(opt.Dtstart.Location())
	}
	until = minTime(until, winEnd.Add(-time.Second))
	var out []Date
	if !until.Before(winStart) && !until.Before(opt.Dtstart) && opt.Dtstart.Before(winEnd) {
		opt.Until = until
		if r.period > 0 {
			opt.Dtstart = skipPeriods(opt.Dtstart, winStart, r.period)
		}
		rule, err := rrule.NewRRule(opt)
		if err != nil {
			panic("calendar: rule checked by ParseRule: " + err.Error())
		}
		next := rule.Iterator()
		for {
			t, ok := next()
			if !ok || !t.Before(winEnd) {
				break
			}
			if t.Before(winStart) {
				continue
			}
			d := DateOf(t.In(loc))
			if n := len(out); n == 0 || out[n-1] != d {
				out = append(out, d)
			}
		}
	}
	if len(r.rdates) == 0 && len(r.exdates) == 0 {
		return out
	}
	for _, v := range r.rdates {
		if d := v.date(loc); !d.Before(first) && !d.After(last) {
			out = append(out, d)
		}
	}
	out = slices.DeleteFunc(out, func(d Date) bool {
		return slices.ContainsFunc(r.exdates, func(v timeValue) bool { return v.date(loc) == d })
	})
	slices.SortFunc(out, Date.Compare)
	return slices.Compact(out)
}

// skipPeriods moves dtstart forward by whole periods of days, keeping its wall clock, to at
// least two periods and two days before winStart. A DAILY or WEEKLY rule without COUNT has
// the same days after the new start as after the old one.
func skipPeriods(dtstart, winStart time.Time, period int) time.Time {
	gap := DateOf(winStart).Sub(DateOf(dtstart)) - 2
	k := gap/period - 2
	if k <= 0 {
		return dtstart
	}
	y, m, d := dtstart.Date()
	h, mi, s := dtstart.Clock()
	return time.Date(y, m, d+k*period, h, mi, s, 0, dtstart.Location())
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
