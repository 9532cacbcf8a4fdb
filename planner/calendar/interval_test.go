package calendar

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// iv is shorthand for an interval of clock strings.
func iv(a, b string) Interval { return Interval{MustClock(a), MustClock(b)} }

// ivs parses "09:00-12:00,13:00-14:00" into intervals, without normalising.
func ivs(t testing.TB, s string) Intervals {
	t.Helper()
	var out Intervals
	if s == "" {
		return nil
	}
	for _, p := range strings.Split(s, ",") {
		x, err := ParseInterval(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, x)
	}
	return out
}

func TestInterval(t *testing.T) {
	a := iv("09:00", "12:00")
	tests := []struct {
		name      string
		got, want any
	}{
		{"Contains start", a.Contains(MustClock("09:00")), true},
		{"Contains end", a.Contains(MustClock("12:00")), false},
		{"Contains before", a.Contains(MustClock("08:59")), false},
		{"Covers inner", a.Covers(iv("10:00", "11:00")), true},
		{"Covers same", a.Covers(a), true},
		{"Covers wider", a.Covers(iv("08:00", "11:00")), false},
		{"Covers empty", a.Covers(Interval{}), true},
		{"Overlaps touching", a.Overlaps(iv("12:00", "13:00")), false},
		{"Overlaps partly", a.Overlaps(iv("11:30", "13:00")), true},
		{"Intersect", a.Intersect(iv("11:30", "13:00")), iv("11:30", "12:00")},
		{"Intersect none", a.Intersect(iv("13:00", "14:00")), Interval{}},
		{"Minutes", a.Minutes(), 180},
		{"Minutes empty", iv("12:00", "09:00").Minutes(), 0},
		{"String", a.String(), "09:00-12:00"},
		{"Slots", iv("07:30", "09:00").Slots(30), []Clock{450, 480, 510}},
		{"Slots partial", iv("07:30", "08:45").Slots(30), []Clock{450, 480}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", tt.name, diff)
		}
	}
}

func TestParseInterval(t *testing.T) {
	tests := []struct {
		in      string
		want    Interval
		wantErr string
	}{
		{"09:00-12:00", iv("09:00", "12:00"), ""},
		{" 7:30 - 19h30 ", iv("07:30", "19:30"), ""},
		{"00:00-24:00", WholeDay, ""},
		{"12:00-09:00", Interval{}, `interval "12:00-09:00" ends before it starts`},
		{"09:00", Interval{}, `interval "09:00" is not of the form HH:MM-HH:MM`},
		{"09:00-25:00", Interval{}, `interval "09:00-25:00": time "25:00" is out of range 00:00-24:00`},
	}
	for _, tt := range tests {
		got, err := ParseInterval(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseInterval(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseInterval(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestIntervalsOps(t *testing.T) {
	tests := []struct {
		s, t                string
		union, inter, subtr string
	}{
		{"09:00-12:00", "", "09:00-12:00", "", "09:00-12:00"},
		{"", "09:00-12:00", "09:00-12:00", "", ""},
		{"09:00-12:00", "10:00-11:00", "09:00-12:00", "10:00-11:00", "09:00-10:00,11:00-12:00"},
		{"09:00-12:00", "12:00-13:00", "09:00-13:00", "", "09:00-12:00"},
		{"07:30-12:00,13:00-19:30", "11:00-14:00", "07:30-19:30", "11:00-12:00,13:00-14:00", "07:30-11:00,14:00-19:30"},
		{"07:30-09:00,10:00-11:00,12:00-13:00", "08:00-12:30", "07:30-13:00", "08:00-09:00,10:00-11:00,12:00-12:30", "07:30-08:00,12:30-13:00"},
		{"07:30-19:30", "07:30-08:00,09:00-10:00,19:00-19:30", "07:30-19:30", "07:30-08:00,09:00-10:00,19:00-19:30", "08:00-09:00,10:00-19:00"},
	}
	for _, tt := range tests {
		s, u := NewIntervals(ivs(t, tt.s)...), NewIntervals(ivs(t, tt.t)...)
		if got := s.Union(u).String(); got != tt.union {
			t.Errorf("%q.Union(%q) = %q, want %q", tt.s, tt.t, got, tt.union)
		}
		if got := s.Intersect(u).String(); got != tt.inter {
			t.Errorf("%q.Intersect(%q) = %q, want %q", tt.s, tt.t, got, tt.inter)
		}
		if got := s.Subtract(u).String(); got != tt.subtr {
			t.Errorf("%q.Subtract(%q) = %q, want %q", tt.s, tt.t, got, tt.subtr)
		}
	}
}

func TestNewIntervals(t *testing.T) {
	got := NewIntervals(iv("13:00", "14:00"), iv("09:00", "10:00"), iv("10:00", "11:00"), iv("12:00", "12:00"), iv("09:30", "09:45"))
	if want := "09:00-11:00,13:00-14:00"; got.String() != want {
		t.Errorf("NewIntervals = %q, want %q", got, want)
	}
	if got := NewIntervals(); got != nil || got.Minutes() != 0 || got.String() != "" {
		t.Errorf("NewIntervals() = %#v, want the empty set", got)
	}
}

// minuteSet is the model the interval sets are checked against: one bool per minute.
type minuteSet [24*60 + 1]bool

func (m *minuteSet) add(s Intervals) {
	for _, iv := range s {
		for c := iv.Start; c < iv.End; c++ {
			m[c] = true
		}
	}
}

func modelOf(s Intervals) *minuteSet { var m minuteSet; m.add(s); return &m }

// checkNormal fails unless s is sorted, disjoint, non-adjacent and without empty intervals.
func checkNormal(t *testing.T, what string, s Intervals) {
	t.Helper()
	for i, iv := range s {
		if iv.Empty() || i > 0 && s[i-1].End >= iv.Start {
			t.Fatalf("%s = %v is not normalised", what, s)
		}
	}
}

// TestIntervalsModel checks the set operations against a minute-by-minute model on random
// sets (seeded: the same sets every run).
func TestIntervalsModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func() Intervals {
		var out []Interval
		for range rng.IntN(5) {
			a := Clock(rng.IntN(24*4) * 15)
			out = append(out, Interval{a, min(a+Clock(rng.IntN(16)*15), 24*60)})
		}
		return NewIntervals(out...)
	}
	for range 2000 {
		s, u := random(), random()
		ms, mu := modelOf(s), modelOf(u)
		union, inter, sub := s.Union(u), s.Intersect(u), s.Subtract(u)
		for _, x := range []struct {
			name string
			got  Intervals
		}{{"Union", union}, {"Intersect", inter}, {"Subtract", sub}} {
			checkNormal(t, fmt.Sprintf("%v.%s(%v)", s, x.name, u), x.got)
		}
		mU, mI, mS := modelOf(union), modelOf(inter), modelOf(sub)
		for c := range Clock(24 * 60) {
			if mU[c] != (ms[c] || mu[c]) || mI[c] != (ms[c] && mu[c]) || mS[c] != (ms[c] && !mu[c]) {
				t.Fatalf("%v and %v at %v: union %v, intersect %v, subtract %v", s, u, c, union, inter, sub)
			}
			if s.Contains(c) != ms[c] {
				t.Fatalf("%v.Contains(%v) = %v", s, c, s.Contains(c))
			}
		}
		q := Interval{Clock(rng.IntN(96) * 15), 0}
		q.End = min(q.Start+Clock(rng.IntN(8)*15), 24*60)
		covers, overlaps := true, false
		for c := q.Start; c < q.End; c++ {
			covers = covers && ms[c]
			overlaps = overlaps || ms[c]
		}
		if s.Covers(q) != covers || s.Overlaps(q) != overlaps {
			t.Fatalf("%v: Covers(%v) = %v, Overlaps = %v; want %v, %v", s, q, s.Covers(q), s.Overlaps(q), covers, overlaps)
		}
	}
}

func TestOpeningHours(t *testing.T) {
	h := NewOpeningHours([]time.Weekday{time.Monday, time.Saturday}, MustClock("07:30"), MustClock("19:30"))
	tests := []struct {
		day  string
		want Interval
	}{
		{"2027-01-04", iv("07:30", "19:30")}, // Monday
		{"2027-01-05", Interval{}},           // Tuesday
		{"2027-01-09", iv("07:30", "19:30")}, // Saturday
		{"2027-01-10", Interval{}},           // Sunday
	}
	for _, tt := range tests {
		if got := h.On(MustDate(tt.day)); got != tt.want {
			t.Errorf("On(%s) = %v, want %v", tt.day, got, tt.want)
		}
	}
}

func ExampleIntervals() {
	open := NewIntervals(Interval{MustClock("07:30"), MustClock("19:30")})
	class := NewIntervals(Interval{MustClock("08:00"), MustClock("10:00")})
	exam := NewIntervals(Interval{MustClock("13:00"), MustClock("16:00")})
	free := open.Subtract(class.Union(exam))
	fmt.Println(free, free.Minutes())
	fmt.Println(free.Covers(Interval{MustClock("10:00"), MustClock("13:00")}))
	// Output:
	// 07:30-08:00,10:00-13:00,16:00-19:30 420
	// true
}

// FuzzParseInterval: no panic; an accepted interval is non-empty, within the day and prints
// back to itself; a rejection names the value.
func FuzzParseInterval(f *testing.F) {
	for _, s := range []string{"09:00-12:00", " 7:30 - 19h30 ", "12:00-09:00", "09:00", "-", "00:00-24:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseInterval(s)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
				t.Errorf("ParseInterval(%q) error %q does not name the value", s, err)
			}
			return
		}
		if got.Empty() || got.Start < 0 || got.End > 24*60 {
			t.Fatalf("ParseInterval(%q) = %v", s, got)
		}
		if again, err := ParseInterval(got.String()); err != nil || again != got {
			t.Errorf("ParseInterval(%q) = %v, but ParseInterval(%q) = %v, %v", s, got, got.String(), again, err)
		}
	})
}
