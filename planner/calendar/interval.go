package calendar

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Interval is the half-open span [Start, End) of clock times within one day, e.g. the opening
// hours 07:30-19:30 or a shift. An interval with End <= Start is empty.
type Interval struct {
	Start, End Clock
}

// WholeDay is the interval 00:00-24:00.
var WholeDay = Interval{0, 24 * 60}

// ParseInterval parses "09:00-12:00" (the clocks as ParseClock reads them).
func ParseInterval(s string) (Interval, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Interval{}, fmt.Errorf("interval %q is not of the form HH:MM-HH:MM", s)
	}
	start, err := ParseClock(a)
	if err != nil {
		return Interval{}, fmt.Errorf("interval %q: %v", s, err)
	}
	end, err := ParseClock(b)
	if err != nil {
		return Interval{}, fmt.Errorf("interval %q: %v", s, err)
	}
	if end <= start {
		return Interval{}, fmt.Errorf("interval %q ends before it starts", s)
	}
	return Interval{start, end}, nil
}

// Empty reports whether i holds no time.
func (i Interval) Empty() bool { return i.End <= i.Start }

// Minutes returns the length of i in minutes (0 when empty).
func (i Interval) Minutes() int { return max(int(i.End-i.Start), 0) }

// Contains reports whether clock c is in i (Start included, End excluded).
func (i Interval) Contains(c Clock) bool { return i.Start <= c && c < i.End }

// Covers reports whether all of j lies in i. An empty j is covered by anything.
func (i Interval) Covers(j Interval) bool { return j.Empty() || i.Start <= j.Start && j.End <= i.End }

// Overlaps reports whether i and j share some time.
func (i Interval) Overlaps(j Interval) bool { return !i.Intersect(j).Empty() }

// Intersect returns the time i and j share (an empty Interval when none).
func (i Interval) Intersect(j Interval) Interval {
	out := Interval{max(i.Start, j.Start), min(i.End, j.End)}
	if out.Empty() {
		return Interval{}
	}
	return out
}

// String returns i as "09:00-12:00".
func (i Interval) String() string { return i.Start.String() + "-" + i.End.String() }

// Slots returns the start clocks of the slots of minutes each within iv (the last slot ends at
// or before iv.End). It panics if minutes is not positive.
func (i Interval) Slots(minutes int) []Clock {
	if minutes <= 0 {
		panic("calendar: Slots needs a positive slot length")
	}
	var out []Clock
	for c := i.Start; c+Clock(minutes) <= i.End; c += Clock(minutes) {
		out = append(out, c)
	}
	return out
}

// Intervals is a set of clock times within a day, kept as sorted, disjoint, non-adjacent and
// non-empty intervals: availability windows, preferences, shifts of a day. The zero value is
// the empty set. Build one with NewIntervals; the operations return new sets and never change
// their operands.
type Intervals []Interval

// NewIntervals returns the union of ivs as a normalised set.
func NewIntervals(ivs ...Interval) Intervals {
	var s Intervals
	for _, iv := range ivs {
		if !iv.Empty() {
			s = append(s, iv)
		}
	}
	if len(s) <= 1 {
		return s
	}
	slices.SortFunc(s, func(a, b Interval) int { return cmp.Compare(a.Start, b.Start) })
	out := s[:1]
	for _, iv := range s[1:] {
		if last := &out[len(out)-1]; iv.Start <= last.End {
			last.End = max(last.End, iv.End)
		} else {
			out = append(out, iv)
		}
	}
	return out
}

// Union returns the times in s or in t.
func (s Intervals) Union(t Intervals) Intervals {
	all := make([]Interval, 0, len(s)+len(t))
	return NewIntervals(append(append(all, s...), t...)...)
}

// Intersect returns the times in both s and t.
func (s Intervals) Intersect(t Intervals) Intervals {
	var out Intervals
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		if x := s[i].Intersect(t[j]); !x.Empty() {
			out = append(out, x)
		}
		if s[i].End < t[j].End {
			i++
		} else {
			j++
		}
	}
	return out
}

// Subtract returns the times in s and not in t.
func (s Intervals) Subtract(t Intervals) Intervals {
	var out Intervals
	j := 0
	for _, iv := range s {
		for j < len(t) && t[j].End <= iv.Start {
			j++
		}
		cur := iv
		for k := j; k < len(t) && t[k].Start < cur.End; k++ {
			if t[k].Start > cur.Start {
				out = append(out, Interval{cur.Start, t[k].Start})
			}
			cur.Start = max(cur.Start, t[k].End)
			if cur.Empty() {
				break
			}
		}
		if !cur.Empty() {
			out = append(out, cur)
		}
	}
	return out
}

// Clip returns the times of s within iv.
func (s Intervals) Clip(iv Interval) Intervals { return s.Intersect(Intervals{iv}) }

// Contains reports whether clock c is in s.
func (s Intervals) Contains(c Clock) bool {
	i := s.search(c)
	return i < len(s) && s[i].Contains(c)
}

// Covers reports whether all of iv lies in s.
func (s Intervals) Covers(iv Interval) bool {
	if iv.Empty() {
		return true
	}
	i := s.search(iv.Start)
	return i < len(s) && s[i].Covers(iv)
}

// Overlaps reports whether some of iv lies in s.
func (s Intervals) Overlaps(iv Interval) bool {
	i := s.search(iv.Start)
	return i < len(s) && s[i].Overlaps(iv)
}

// search returns the index of the first interval that ends after c.
func (s Intervals) search(c Clock) int {
	i, _ := slices.BinarySearchFunc(s, c, func(iv Interval, c Clock) int {
		if iv.End <= c {
			return -1
		}
		return 1
	})
	return i
}

// Minutes returns the total length of s in minutes.
func (s Intervals) Minutes() int {
	n := 0
	for _, iv := range s {
		n += iv.Minutes()
	}
	return n
}

// String returns s as "07:30-12:00,13:00-19:30" ("" when empty).
func (s Intervals) String() string {
	parts := make([]string, len(s))
	for i, iv := range s {
		parts[i] = iv.String()
	}
	return strings.Join(parts, ",")
}

// OpeningHours are the days and the hours the desk is open: the same hours every open day.
type OpeningHours struct {
	Days  [7]bool  // indexed by time.Weekday
	Hours Interval // e.g. 07:30-19:30
}

// NewOpeningHours returns the opening hours open..close on the given weekdays.
func NewOpeningHours(days []time.Weekday, open, close Clock) OpeningHours {
	h := OpeningHours{Hours: Interval{open, close}}
	for _, wd := range days {
		h.Days[wd] = true
	}
	return h
}

// On returns the opening hours of day d, or an empty Interval when the desk is closed.
func (h OpeningHours) On(d Date) Interval {
	if !h.Days[d.Weekday()] || h.Hours.Empty() {
		return Interval{}
	}
	return h.Hours
}
