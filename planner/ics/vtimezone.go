package ics

import (
	"fmt"
	"time"

	ical "github.com/arran4/golang-ical"
)

// transition is a change of UTC offset in a time zone.
type transition struct {
	at       time.Time // the instant, UTC
	from, to int       // offsets in seconds east of UTC, before and after
	name     string    // abbreviation after, e.g. CEST
	dst      bool      // daylight saving time after
}

// local returns the wall-clock time of the transition in the offset before it: the DTSTART
// of an observance (RFC 5545 3.6.5).
func (t transition) local() time.Time { return t.at.Add(time.Duration(t.from) * time.Second) }

// rule returns the yearly RRULE the transition follows when it falls on a weekday counted
// from the start or the end of its month ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" for the last
// Sunday of March), and the key that groups transitions of the same rule.
func (t transition) rule() (rrule, key string) {
	l := t.local()
	day := l.Day()
	daysInMonth := time.Date(l.Year(), l.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	wd := [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[l.Weekday()]
	n := fmt.Sprint((day-1)/7 + 1)
	if day+7 > daysInMonth {
		n = "-1"
	}
	rrule = fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%s%s", int(l.Month()), n, wd)
	return rrule, fmt.Sprintf("%s %s %d %d %s %v", rrule, l.Format("150405"), t.from, t.to, t.name, t.dst)
}

// transitions returns the offset changes of loc from the start of year y0 to the end of y1.
func transitions(loc *time.Location, y0, y1 int) []transition {
	var out []transition
	end := time.Date(y1+1, 1, 1, 0, 0, 0, 0, loc)
	t := time.Date(y0, 1, 1, 0, 0, 0, 0, loc)
	for {
		_, next := t.ZoneBounds()
		if next.IsZero() || !next.Before(end) {
			return out
		}
		_, from := t.Zone()
		name, to := next.Zone()
		if from != to {
			out = append(out, transition{at: next.UTC(), from: from, to: to, name: name, dst: next.IsDST()})
		}
		t = next
	}
}

// vtimezone builds the VTIMEZONE of loc valid for the years y0..y1. When every year of the
// range has the same transitions, each on a weekday counted from its month's start or end
// (as in the European Union and North America), it writes one STANDARD and one DAYLIGHT
// observance with a yearly RRULE, as calendar programs expect; otherwise it lists each
// transition as its own observance. A zone without transitions gets a single STANDARD.
func vtimezone(tzid string, loc *time.Location, y0, y1 int) *ical.VTimezone {
	tz := ical.NewTimezone(tzid)
	trs := transitions(loc, y0, y1)
	if len(trs) == 0 {
		name, off := time.Date(y0, 1, 1, 0, 0, 0, 0, loc).Zone()
		tz.Components = append(tz.Components, observance(false, "19700101T000000", off, off, name, ""))
		return tz
	}
	years := y1 - y0 + 1
	type group struct {
		first transition
		rule  string
		n     int
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, t := range trs {
		rule, key := t.rule()
		g, ok := byKey[key]
		if !ok {
			g = &group{first: t, rule: rule}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.n++
	}
	regular := true
	for _, g := range groups {
		regular = regular && g.n == years
	}
	if regular && len(groups)*years == len(trs) {
		for _, g := range groups {
			tz.Components = append(tz.Components, observance(g.first.dst, g.first.local().Format("20060102T150405"),
				g.first.from, g.first.to, g.first.name, g.rule))
		}
		return tz
	}
	for _, t := range trs {
		tz.Components = append(tz.Components, observance(t.dst, t.local().Format("20060102T150405"), t.from, t.to, t.name, ""))
	}
	return tz
}

func observance(dst bool, start string, from, to int, name, rrule string) ical.Component {
	var cb *ical.ComponentBase
	var c ical.Component
	if dst {
		d := &ical.Daylight{}
		cb, c = &d.ComponentBase, d
	} else {
		s := ical.NewStandard()
		cb, c = &s.ComponentBase, s
	}
	cb.SetProperty(ical.ComponentPropertyDtStart, start)
	if rrule != "" {
		cb.SetProperty(ical.ComponentPropertyRrule, rrule)
	}
	cb.SetProperty(ical.ComponentProperty(ical.PropertyTzoffsetfrom), utcOffset(from))
	cb.SetProperty(ical.ComponentProperty(ical.PropertyTzoffsetto), utcOffset(to))
	if name != "" && name[0] != '+' && name[0] != '-' {
		cb.SetProperty(ical.ComponentProperty(ical.PropertyTzname), name)
	}
	return c
}

// utcOffset formats an offset in seconds as an RFC 5545 UTC-OFFSET: "+0100", "-0330",
// "+001730" when it has seconds.
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
