package planner

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner/calendar"
)

// availDataset is a desk open Mon-Sat 07:30-19:30 in Brussels with one session and the given
// availability rules.
func availDataset(rules ...Availability) *Dataset {
	return &Dataset{
		Settings: DefaultSettings(),
		Staff: []Staff{
			{ID: "ana", Name: "Ana", Status: StatusMentor},
			{ID: "bo", Name: "Bo", Status: StatusQualified},
		},
		Sessions:     []Session{{ID: "jan-2027", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-30")}},
		Availability: rules,
	}
}

func mustIndex(t testing.TB, ds *Dataset) *AvailabilityIndex {
	t.Helper()
	ix, err := NewAvailabilityIndex(ds)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// clock is calendar.MustClock, short for tables.
func clock(s string) calendar.Clock { return calendar.MustClock(s) }

// windows formats the fields of w that a table checks.
func windows(w DayWindows) string {
	var why []string
	for _, u := range w.Unavailable {
		why = append(why, fmt.Sprintf("%s #%d", u.Interval, u.Row))
	}
	return fmt.Sprintf("open=%s avail=%s pref=%s avoid=%s why=%s",
		calendar.NewIntervals(w.Open), w.Available, w.Preferred, w.Avoided, strings.Join(why, ","))
}

func TestAvailabilityDay(t *testing.T) {
	const (
		mon = "2027-01-04"
		tue = "2027-01-05"
		sat = "2027-01-09"
		sun = "2027-01-10"
	)
	tests := []struct {
		name  string
		rules []Availability
		day   string
		want  string
	}{
		{"no rules: open hours", nil, mon,
			"open=07:30-19:30 avail=07:30-19:30 pref= avoid= why="},
		{"closed on Sunday", nil, sun,
			"open= avail= pref= avoid= why="},
		{"closed day ignores rules", []Availability{{StaffID: "ana", Kind: Available, From: clock("08:00"), To: clock("12:00")}}, sun,
			"open= avail= pref= avoid= why="},
		{"unavailable weekly on Tuesday mornings",
			[]Availability{{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU", From: clock("08:00"), To: clock("10:00")}}, tue,
			"open=07:30-19:30 avail=07:30-08:00,10:00-19:30 pref= avoid= why=08:00-10:00 #0"},
		{"the Tuesday rule leaves Monday alone",
			[]Availability{{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU", From: clock("08:00"), To: clock("10:00")}}, mon,
			"open=07:30-19:30 avail=07:30-19:30 pref= avoid= why="},
		{"unavailable whole Saturday",
			[]Availability{{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "own exam"}}, sat,
			"open=07:30-19:30 avail= pref= avoid= why=07:30-19:30 #0"},
		{"unavailable outside opening hours changes nothing",
			[]Availability{{StaffID: "ana", Kind: Unavailable, From: clock("19:30"), To: clock("22:00")}}, mon,
			"open=07:30-19:30 avail=07:30-19:30 pref= avoid= why="},
		{"available rows restrict",
			[]Availability{{StaffID: "ana", Kind: Available, RRule: "FREQ=WEEKLY;BYDAY=MO,WE,FR", From: clock("09:00"), To: clock("17:00")}}, mon,
			"open=07:30-19:30 avail=09:00-17:00 pref= avoid= why=07:30-09:00 #-1,17:00-19:30 #-1"},
		{"available rows restrict on other days too",
			[]Availability{{StaffID: "ana", Kind: Available, RRule: "FREQ=WEEKLY;BYDAY=MO,WE,FR", From: clock("09:00"), To: clock("17:00")}}, tue,
			"open=07:30-19:30 avail= pref= avoid= why=07:30-19:30 #-1"},
		{"available from a time to the end of the day",
			[]Availability{{StaffID: "ana", Kind: Available, From: clock("13:00")}}, tue,
			"open=07:30-19:30 avail=13:00-19:30 pref= avoid= why=07:30-13:00 #-1"},
		{"two available rows join",
			[]Availability{
				{StaffID: "ana", Kind: Available, From: clock("07:00"), To: clock("12:00")},
				{StaffID: "ana", Kind: Available, RRule: "FREQ=DAILY", From: clock("12:00"), To: clock("15:00")},
			}, mon,
			"open=07:30-19:30 avail=07:30-15:00 pref= avoid= why=15:00-19:30 #-1"},
		{"unavailable wins over available",
			[]Availability{
				{StaffID: "ana", Kind: Available, From: clock("09:00"), To: clock("17:00")},
				{StaffID: "ana", Kind: Unavailable, FirstDay: calendar.MustDate(mon), LastDay: calendar.MustDate(mon), From: clock("11:00"), To: clock("13:00")},
			}, mon,
			"open=07:30-19:30 avail=09:00-11:00,13:00-17:00 pref= avoid= why=07:30-09:00 #-1,11:00-13:00 #1,17:00-19:30 #-1"},
		{"a date range applies only inside it",
			[]Availability{{StaffID: "ana", Kind: Unavailable, FirstDay: calendar.MustDate("2027-01-05"), LastDay: calendar.MustDate("2027-01-07")}}, mon,
			"open=07:30-19:30 avail=07:30-19:30 pref= avoid= why="},
		{"a date range bounds its RRULE",
			[]Availability{{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;BYDAY=MO", FirstDay: calendar.MustDate("2027-01-11")}}, mon,
			"open=07:30-19:30 avail=07:30-19:30 pref= avoid= why="},
		{"overlapping unavailable rules both explain",
			[]Availability{
				{StaffID: "ana", Kind: Unavailable, From: clock("08:00"), To: clock("10:00")},
				{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;BYDAY=MO", From: clock("09:00"), To: clock("11:00")},
			}, mon,
			"open=07:30-19:30 avail=07:30-08:00,11:00-19:30 pref= avoid= why=08:00-10:00 #0,09:00-11:00 #1"},
		{"prefer and avoid are kept where available",
			[]Availability{
				{StaffID: "ana", Kind: Prefer, RRule: "FREQ=WEEKLY;BYDAY=MO", From: clock("07:00"), To: clock("12:00")},
				{StaffID: "ana", Kind: Avoid, From: clock("17:00")},
				{StaffID: "ana", Kind: Unavailable, From: clock("10:00"), To: clock("11:00")},
			}, mon,
			"open=07:30-19:30 avail=07:30-10:00,11:00-19:30 pref=07:30-10:00,11:00-12:00 avoid=17:00-19:30 why=10:00-11:00 #2"},
		{"another person's rules do not apply",
			[]Availability{{StaffID: "bo", Kind: Unavailable}}, mon,
			"open=07:30-19:30 avail=07:30-19:30 pref= avoid= why="},
		{"every other Monday from the session start",
			[]Availability{{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"}}, "2027-01-11",
			"open=07:30-19:30 avail=07:30-19:30 pref= avoid= why="},
		{"every other Monday from the session start, on",
			[]Availability{{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"}}, "2027-01-18",
			"open=07:30-19:30 avail= pref= avoid= why=07:30-19:30 #0"},
		{"every other Monday, outside the session (expanded on demand)",
			[]Availability{{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"}}, "2027-03-01",
			"open=07:30-19:30 avail= pref= avoid= why=07:30-19:30 #0"},
		{"every other Monday from the rule's first day",
			[]Availability{{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", FirstDay: calendar.MustDate("2027-01-11")}}, "2027-01-25",
			"open=07:30-19:30 avail= pref= avoid= why=07:30-19:30 #0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustIndex(t, availDataset(tt.rules...))
			if got := windows(ix.Day("ana", calendar.MustDate(tt.day))); got != tt.want {
				t.Errorf("Day(ana, %s)\n got %s\nwant %s", tt.day, got, tt.want)
			}
		})
	}
}

// TestAvailabilityDayOnDemand checks that days outside the sessions, expanded on demand, get
// the same windows as days inside them.
func TestAvailabilityDayOnDemand(t *testing.T) {
	rules := []Availability{
		{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", From: clock("08:00"), To: clock("12:00")},
		{StaffID: "ana", Kind: Available, RRule: "FREQ=DAILY;INTERVAL=3", FirstDay: calendar.MustDate("2027-01-02")},
		{StaffID: "ana", Kind: Prefer, RRule: "FREQ=MONTHLY;BYDAY=-1FR"},
	}
	with := mustIndex(t, availDataset(rules...))
	ds := availDataset(rules...)
	ds.Sessions[0].LastDay = ds.Sessions[0].FirstDay // a one-day horizon: everything else on demand
	without := mustIndex(t, ds)
	for d := calendar.MustDate("2027-01-04"); !d.After(calendar.MustDate("2027-01-30")); d = d.AddDays(1) {
		a, b := with.Day("ana", d), without.Day("ana", d)
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("Day(ana, %s): expanded up front vs on demand (-up front +on demand):\n%s", d, diff)
		}
	}
}

// TestAvailabilityDST: a weekly Monday 09:00-12:00 rule over the change to summer time in
// Brussels (Sunday 28 March 2027) gives the same local 09:00-12:00 on both sides.
func TestAvailabilityDST(t *testing.T) {
	ds := availDataset(Availability{StaffID: "ana", Kind: Available, RRule: "FREQ=WEEKLY;BYDAY=MO", From: clock("09:00"), To: clock("12:00")})
	ds.Sessions = []Session{{ID: "mar-2027", FirstDay: calendar.MustDate("2027-03-22"), LastDay: calendar.MustDate("2027-04-05")}}
	loc, err := ds.Settings.Location()
	if err != nil {
		t.Fatal(err)
	}
	ix := mustIndex(t, ds)
	var got []string
	for d := calendar.MustDate("2027-03-22"); !d.After(calendar.MustDate("2027-04-05")); d = d.AddDays(1) {
		w := ix.Day("ana", d)
		if len(w.Available) == 0 {
			continue
		}
		start := d.In(w.Available[0].Start, loc)
		got = append(got, fmt.Sprintf("%s %s %s UTC%s", d, d.Weekday(), w.Available, start.Format("-07")))
	}
	want := []string{
		"2027-03-22 Monday 09:00-12:00 UTC+01",
		"2027-03-29 Monday 09:00-12:00 UTC+02",
		"2027-04-05 Monday 09:00-12:00 UTC+02",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("available days over the DST change (-want +got):\n%s", diff)
	}
	// the same rule with a DTSTART of its own at 23:30 local keeps Mondays too
	ds.Availability[0].RRule = "DTSTART:20270322T233000\nRRULE:FREQ=WEEKLY"
	ix = mustIndex(t, ds)
	for _, d := range []string{"2027-03-22", "2027-03-29", "2027-04-05"} {
		if w := ix.Day("ana", calendar.MustDate(d)); w.Available.String() != "09:00-12:00" {
			t.Errorf("DTSTART 23:30 rule: Day(ana, %s).Available = %v, want 09:00-12:00", d, w.Available)
		}
	}
}

func TestAvailabilityAllowsWhy(t *testing.T) {
	ix := mustIndex(t, availDataset(
		Availability{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "own exam"},
		Availability{StaffID: "bo", Kind: Available, FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-08"), From: clock("09:00"), To: clock("17:00")},
		Availability{StaffID: "bo", Kind: Unavailable, FirstDay: calendar.MustDate("2027-01-05"), LastDay: calendar.MustDate("2027-01-05"), From: clock("09:00"), To: clock("10:00"), Note: "dentist"},
	))
	tests := []struct {
		staff, day string
		start, end string
		allows     bool
		why        string
	}{
		{"ana", "2027-01-09", "07:30", "09:00", false, `unavailable 07:30-19:30 (RRULE FREQ=WEEKLY;BYDAY=SA, note "own exam")`},
		{"ana", "2027-01-08", "07:30", "09:00", true, ``},
		{"bo", "2027-01-04", "09:00", "17:00", true, ``},
		{"bo", "2027-01-04", "08:30", "12:00", false, `not available 07:30-09:00 (outside the available rules)`},
		{"bo", "2027-01-05", "09:00", "12:00", false, `unavailable 09:00-10:00 (2027-01-05, note "dentist")`},
		{"bo", "2027-01-05", "10:00", "12:00", true, ``},
		{"bo", "2027-01-11", "10:00", "12:00", false, `not available 07:30-19:30 (outside the available rules)`},
		{"bo", "2027-01-04", "10:00", "10:00", false, ``}, // an empty span is no shift
	}
	for _, tt := range tests {
		w := ix.Day(tt.staff, calendar.MustDate(tt.day))
		s, e := clock(tt.start), clock(tt.end)
		if got := w.Allows(s, e); got != tt.allows {
			t.Errorf("Day(%s, %s).Allows(%s, %s) = %v, want %v", tt.staff, tt.day, s, e, got, tt.allows)
		}
		var why []string
		for _, u := range w.Why(s, e) {
			why = append(why, u.String())
		}
		if got := strings.Join(why, "; "); got != tt.why {
			t.Errorf("Day(%s, %s).Why(%s, %s) = %s, want %s", tt.staff, tt.day, s, e, got, tt.why)
		}
	}
}

func TestUnavailabilityReason(t *testing.T) {
	d := calendar.MustDate
	tests := []struct {
		a    Availability
		want string
	}{
		{Availability{RRule: "FREQ=WEEKLY;BYDAY=SA", Note: "own exam"}, `RRULE FREQ=WEEKLY;BYDAY=SA, note "own exam"`},
		{Availability{RRule: "FREQ=WEEKLY;BYDAY=SA", FirstDay: d("2027-01-04"), LastDay: d("2027-01-30")}, `RRULE FREQ=WEEKLY;BYDAY=SA, within 2027-01-04 to 2027-01-30`},
		{Availability{FirstDay: d("2027-01-11"), LastDay: d("2027-01-15")}, `2027-01-11 to 2027-01-15`},
		{Availability{FirstDay: d("2027-01-11")}, `from 2027-01-11`},
		{Availability{LastDay: d("2027-01-11")}, `until 2027-01-11`},
		{Availability{Note: "=HYPERLINK(\"x\")"}, `every day, note "=HYPERLINK(\"x\")"`},
	}
	for _, tt := range tests {
		u := Unavailability{Row: 0, Rule: tt.a}
		if got := u.Reason(); got != tt.want {
			t.Errorf("Reason of %+v = %s, want %s", tt.a, got, tt.want)
		}
	}
	if got := (Unavailability{Row: -1}).Reason(); got != "outside the available rules" {
		t.Errorf("Reason of Row -1 = %s", got)
	}
}

func TestNewAvailabilityIndexErrors(t *testing.T) {
	rules := []Availability{
		{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEKLY;BYDAY=SA"},
		{StaffID: "ana", Kind: "away"},
		{StaffID: "bo", Kind: Available, From: clock("12:00"), To: clock("09:00")},
		{StaffID: "bo", Kind: Available, FirstDay: calendar.MustDate("2027-01-10"), LastDay: calendar.MustDate("2027-01-09")},
		{StaffID: "bo", Kind: Available, From: clock("09:00"), To: 25 * 60},
		{StaffID: "bo", Kind: Prefer, RRule: "FREQ=DAILY"}, // fine
	}
	_, err := NewAvailabilityIndex(availDataset(rules...))
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("NewAvailabilityIndex error = %v, want an *InputError", err)
	}
	var got []string
	for _, p := range ie.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`: Availability: rule 1 (staff "ana", unavailable): RRULE "FREQ=WEKLY;BYDAY=SA": FREQ "WEKLY" is not one of DAILY, WEEKLY, MONTHLY, YEARLY`,
		`: Availability: rule 2 (staff "ana", away): kind "away" is not one of available, unavailable, prefer, avoid`,
		`: Availability: rule 3 (staff "bo", available): from 12:00 to 09:00 is not a time span within a day`,
		`: Availability: rule 4 (staff "bo", available): last day 2027-01-09 is before first day 2027-01-10`,
		`: Availability: rule 5 (staff "bo", available): from 09:00 to 25:00 is not a time span within a day`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	ds := availDataset()
	ds.Settings.TimeZone = "Mars/Olympus"
	if _, err := NewAvailabilityIndex(ds); err == nil || !strings.Contains(err.Error(), `time_zone "Mars/Olympus"`) {
		t.Errorf("NewAvailabilityIndex with a bad zone: error = %v", err)
	}
}

func TestSessionExamDayList(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	d := calendar.MustDate
	tests := []struct {
		s       Session
		want    int
		first   string
		last    string
		wantErr string
	}{
		{Session{ID: "jan-2027", FirstDay: d("2027-01-04"), LastDay: d("2027-01-30")}, 24, "2027-01-04", "2027-01-30", ""},
		{Session{ID: "jan-2027", FirstDay: d("2027-01-04"), LastDay: d("2027-01-30"), ExamDays: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"}, 20, "2027-01-04", "2027-01-29", ""},
		{Session{ID: "mar", FirstDay: d("2027-03-22"), LastDay: d("2027-04-03"), ExamDays: "RRULE:FREQ=DAILY;INTERVAL=2"}, 7, "2027-03-22", "2027-04-03", ""},
		{Session{ID: "bad", FirstDay: d("2027-01-04"), LastDay: d("2027-01-30"), ExamDays: "FREQ=WEKLY"}, 0, "", "", `session bad: exam days: RRULE "FREQ=WEKLY": FREQ "WEKLY" is not one of DAILY, WEEKLY, MONTHLY, YEARLY`},
		{Session{ID: "back", FirstDay: d("2027-01-30"), LastDay: d("2027-01-04")}, 0, "", "", `session back: days 2027-01-30 to 2027-01-04 are not a span of days`},
	}
	for _, tt := range tests {
		got, err := tt.s.ExamDayList(loc)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%s: ExamDayList error = %v, want %s", tt.s.ID, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: ExamDayList error: %v", tt.s.ID, err)
			continue
		}
		if len(got) != tt.want || got[0].String() != tt.first || got[len(got)-1].String() != tt.last {
			t.Errorf("%s: ExamDayList = %d days %v..%v, want %d days %s..%s", tt.s.ID, len(got), got[0], got[len(got)-1], tt.want, tt.first, tt.last)
		}
	}
}

func ExampleAvailabilityIndex_Day() {
	ds := &Dataset{
		Settings: DefaultSettings(), // open Mon-Sat 07:30-19:30, Europe/Brussels
		Sessions: []Session{{ID: "jan-2027", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-30")}},
		Availability: []Availability{
			{StaffID: "ana", Kind: Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU", From: calendar.MustClock("08:00"), To: calendar.MustClock("10:00"), Note: "class"},
			{StaffID: "ana", Kind: Avoid, From: calendar.MustClock("18:00")},
		},
	}
	ix, err := NewAvailabilityIndex(ds)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := ix.Day("ana", calendar.MustDate("2027-01-05")) // a Tuesday
	fmt.Println("available:", w.Available)
	fmt.Println("avoided:", w.Avoided)
	fmt.Println("07:30-13:30:", w.Allows(calendar.MustClock("07:30"), calendar.MustClock("13:30")))
	for _, u := range w.Why(calendar.MustClock("07:30"), calendar.MustClock("13:30")) {
		fmt.Println("because:", u)
	}
	// Output:
	// available: 07:30-08:00,10:00-19:30
	// avoided: 18:00-19:30
	// 07:30-13:30: false
	// because: unavailable 08:00-10:00 (RRULE FREQ=WEEKLY;BYDAY=TU, note "class")
}

// benchDataset is 200 staff with 3 rules each over a 6-week session.
func benchDataset() *Dataset {
	ds := &Dataset{
		Settings: DefaultSettings(),
		Sessions: []Session{{ID: "s", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-02-14")}},
	}
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA"}
	for i := range 200 {
		id := fmt.Sprintf("s%03d", i)
		ds.Staff = append(ds.Staff, Staff{ID: id, Name: id, Status: StatusQualified})
		ds.Availability = append(ds.Availability,
			Availability{StaffID: id, Kind: Unavailable, RRule: "FREQ=WEEKLY;BYDAY=" + days[i%6], From: clock("08:00"), To: clock("10:00")},
			Availability{StaffID: id, Kind: Available, RRule: fmt.Sprintf("FREQ=WEEKLY;BYDAY=%s,%s,%s", days[i%6], days[(i+2)%6], days[(i+4)%6]),
				From: calendar.Clock(450 + 30*(i%4)), To: calendar.Clock(1170 - 30*(i%3))},
			Availability{StaffID: id, Kind: Avoid, RRule: fmt.Sprintf("FREQ=DAILY;INTERVAL=%d", 2+i%3), FirstDay: calendar.MustDate("2027-01-04").AddDays(i % 7), From: clock("17:00")},
		)
	}
	return ds
}

// BenchmarkAvailabilityIndex builds the index of 200 staff x 3 rules over a 6-week session and
// asks every (staff, day).
func BenchmarkAvailabilityIndex(b *testing.B) {
	ds := benchDataset()
	s := ds.Sessions[0]
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			if _, err := NewAvailabilityIndex(ds); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("build+query", func(b *testing.B) {
		for b.Loop() {
			ix, err := NewAvailabilityIndex(ds)
			if err != nil {
				b.Fatal(err)
			}
			for _, st := range ds.Staff {
				for d := s.FirstDay; !d.After(s.LastDay); d = d.AddDays(1) {
					ix.Day(st.ID, d)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/200, "µs/staff")
	})
	ix, err := NewAvailabilityIndex(ds)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("query", func(b *testing.B) {
		day := s.FirstDay.AddDays(8)
		for b.Loop() {
			ix.Day("s042", day)
		}
	})
}
