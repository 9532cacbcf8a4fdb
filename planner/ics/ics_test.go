package ics

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/arran4/golang-ical"
	"github.com/google/go-cmp/cmp"
	"github.com/teambition/rrule-go"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	clk  = calendar.MustClock
	date = calendar.MustDate
)

func dataset() *planner.Dataset {
	return &planner.Dataset{
		Settings: planner.DefaultSettings(),
		Lines: []planner.Line{
			{ID: "LLN", Name: "Louvain-la-Neuve, Brussels", Phone: "+32 10 47 82 82"},
			{ID: "MONS", Name: "Mons; Charleroi", Phone: "+32 65 37 40 00"},
		},
		Staff: []planner.Staff{
			{ID: "ana", Name: "Ana Martins", Lines: []string{"LLN"}, Status: planner.StatusMentor},
			{ID: "yamada", Name: "山田 太郎", Lines: []string{"LLN"}, Status: planner.StatusTrainee},
			{ID: "zoe", Name: "Zoë Lambert", Lines: []string{"LLN", "MONS"}, Status: planner.StatusQualified},
			{ID: "../x y", Name: `=HYPERLINK("http://x")`, Lines: []string{"MONS"}, Status: planner.StatusQualified},
		},
		Sessions: []planner.Session{{ID: "mar-2027", Name: "March 2027 resits, R&D"}},
	}
}

// dstRoster has shifts on both sides of the change to summer time on Sunday 2027-03-28.
func dstRoster(version int) *planner.Roster {
	r := &planner.Roster{Version: version, SessionID: "mar-2027", From: date("2027-03-22"), To: date("2027-04-03"),
		Status: planner.Draft, CreatedAt: time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)}
	add := func(id, day, start, end, line, brk string) {
		s := planner.Shift{StaffID: id, Date: date(day), Start: clk(start), End: clk(end), Line: line}
		if brk != "" {
			s.BreakStart, s.BreakEnd = clk(brk[:5]), clk(brk[6:])
		}
		r.Shifts = append(r.Shifts, s)
	}
	add("ana", "2027-03-27", "07:30", "13:30", "LLN", "")
	add("ana", "2027-03-29", "07:30", "15:30", "LLN", "11:30-12:00")
	add("yamada", "2027-03-27", "07:30", "13:30", "LLN", "")
	add("zoe", "2027-03-29", "13:30", "19:30", planner.PooledLine, "")
	add("../x y", "2027-03-29", "09:00", "17:00", "MONS", "12:30-13:00")
	return r
}

func write(t *testing.T, ds *planner.Dataset, r *planner.Roster, id string) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteStaff(&b, ds, r, id, nil); err != nil {
		t.Fatalf("WriteStaff(%s): %v", id, err)
	}
	return b.String()
}

func parse(t *testing.T, s string) *ical.Calendar {
	t.Helper()
	cal, err := ical.ParseCalendar(strings.NewReader(s))
	if err != nil {
		t.Fatalf("ParseCalendar: %v\n%s", err, s)
	}
	return cal
}

func prop(c *ical.ComponentBase, p ical.ComponentProperty) string {
	if v := c.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// TestDSTChange checks that 07:30 stays 07:30 local on both sides of the change to summer
// time, in UTC 06:30 before and 05:30 after, both with the zone database (what the parser
// uses) and with the file's own VTIMEZONE rules.
func TestDSTChange(t *testing.T) {
	out := write(t, dataset(), dstRoster(1), "ana")
	cal := parse(t, out)
	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("%d events, want 2 (one per shift)", len(events))
	}
	brussels, _ := time.LoadLocation("Europe/Brussels")
	tzs := cal.Timezones()
	if len(tzs) != 1 || prop(&tzs[0].ComponentBase, ical.ComponentPropertyTzid) != "Europe/Brussels" {
		t.Fatalf("VTIMEZONE missing or not Europe/Brussels:\n%s", out)
	}
	for i, want := range []struct {
		local, utcStart, utcEnd string
	}{
		{"2027-03-27 07:30", "2027-03-27 06:30", "2027-03-27 12:30"},
		{"2027-03-29 07:30", "2027-03-29 05:30", "2027-03-29 13:30"},
	} {
		ev := events[i]
		start, err := ev.GetStartAt()
		if err != nil {
			t.Fatal(err)
		}
		end, err := ev.GetEndAt()
		if err != nil {
			t.Fatal(err)
		}
		if got := start.In(brussels).Format("2006-01-02 15:04"); got != want.local {
			t.Errorf("event %d starts %s local, want %s", i, got, want.local)
		}
		if got := start.UTC().Format("2006-01-02 15:04"); got != want.utcStart {
			t.Errorf("event %d starts %s UTC, want %s", i, got, want.utcStart)
		}
		if got := end.UTC().Format("2006-01-02 15:04"); got != want.utcEnd {
			t.Errorf("event %d ends %s UTC, want %s", i, got, want.utcEnd)
		}
		// The same instant from the VTIMEZONE in the file.
		dt := ev.GetProperty(ical.ComponentPropertyDtStart)
		if tz := dt.ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "Europe/Brussels" {
			t.Errorf("event %d DTSTART TZID = %v", i, tz)
		}
		local, _ := time.Parse("20060102T150405", dt.Value)
		if got := resolve(t, tzs[0], local).Format("2006-01-02 15:04"); got != want.utcStart {
			t.Errorf("event %d: VTIMEZONE puts %s at %s UTC, want %s", i, dt.Value, got, want.utcStart)
		}
	}
}

// resolve converts a wall-clock time (given as UTC fields) to UTC with the observances of a
// parsed VTIMEZONE: the observance with the latest onset at or before the wall time applies.
func resolve(t *testing.T, tz *ical.VTimezone, wall time.Time) time.Time {
	t.Helper()
	var best time.Time
	offset := ""
	for _, c := range tz.Components {
		var cb *ical.ComponentBase
		switch o := c.(type) {
		case *ical.Standard:
			cb = &o.ComponentBase
		case *ical.Daylight:
			cb = &o.ComponentBase
		default:
			t.Fatalf("unexpected %T in VTIMEZONE", c)
		}
		start, err := time.Parse("20060102T150405", prop(cb, ical.ComponentPropertyDtStart))
		if err != nil {
			t.Fatal(err)
		}
		onset := start
		if rule := prop(cb, ical.ComponentPropertyRrule); rule != "" {
			opt, err := rrule.StrToROption(rule)
			if err != nil {
				t.Fatal(err)
			}
			opt.Dtstart = start
			r, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatal(err)
			}
			onset = r.Before(wall, true)
		}
		if onset.IsZero() || onset.After(wall) {
			continue
		}
		if best.IsZero() || onset.After(best) {
			best, offset = onset, prop(cb, ical.ComponentProperty(ical.PropertyTzoffsetto))
		}
	}
	if offset == "" {
		t.Fatalf("no observance covers %s", wall)
	}
	var sign, h, m int = 1, 0, 0
	if offset[0] == '-' {
		sign = -1
	}
	fmt.Sscanf(offset[1:3], "%d", &h)
	fmt.Sscanf(offset[3:5], "%d", &m)
	return wall.Add(-time.Duration(sign*(h*60+m)) * time.Minute)
}

// TestVTimezoneMatchesZoneDatabase checks, for zones with regular, irregular and no
// daylight-saving rules, that the VTIMEZONE written gives every day's 07:30 and 19:30 the
// offset the zone database gives.
func TestVTimezoneMatchesZoneDatabase(t *testing.T) {
	for _, tc := range []struct {
		zone      string
		withRRule bool
	}{
		{"Europe/Brussels", true},
		{"America/New_York", true},
		{"Australia/Lord_Howe", true}, // a half-hour change
		{"Asia/Tokyo", false},
		{"UTC", false},
		{"Africa/Casablanca", false}, // no yearly rule: one observance per change
	} {
		t.Run(tc.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			if err != nil {
				t.Skipf("zone database: %v", err)
			}
			ds := dataset()
			ds.Settings.TimeZone = tc.zone
			r := dstRoster(1)
			r.From, r.To = date("2027-01-01"), date("2027-12-31")
			cal := parse(t, write(t, ds, r, "ana"))
			tz := cal.Timezones()[0]
			if got := strings.Contains(serialize(tz), "RRULE:"); got != tc.withRRule {
				t.Errorf("RRULE present = %v, want %v:\n%s", got, tc.withRRule, serialize(tz))
			}
			for d := date("2027-01-01"); !d.After(date("2027-12-31")); d = d.AddDays(1) {
				for _, c := range []calendar.Clock{clk("07:30"), clk("19:30")} {
					want := d.In(c, loc).UTC()
					wall := d.In(c, time.UTC)
					if got := resolve(t, tz, wall); !got.Equal(want) {
						t.Fatalf("%s %s: VTIMEZONE gives %s UTC, zone database %s", d, c, got, want)
					}
				}
			}
		})
	}
}

func serialize(c ical.Component) string {
	var b strings.Builder
	_ = c.SerializeTo(&b, &ical.SerializationConfiguration{MaxLength: 75, PropertyMaxLength: 75, NewLine: "\n"})
	return b.String()
}

// TestFoldingAndEscaping writes texts with every character iCalendar escapes and long
// non-Latin names, and checks the physical lines (CRLF, at most 75 octets, whole UTF-8
// characters) and that a parser gets the texts back verbatim.
func TestFoldingAndEscaping(t *testing.T) {
	ds := dataset()
	long := strings.Repeat("山田 Zoë, Łukasz; \\ back ", 8)
	ds.Staff[1].Name = long
	ds.Lines[0].Name = "Line, with; \\ specials\nand a newline " + strings.Repeat("é", 60)
	r := dstRoster(1)
	out := write(t, ds, r, "yamada")
	if !strings.HasSuffix(out, "\r\n") {
		t.Error("the file does not end with CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
	}
	cal := parse(t, out)
	if got := prop(&cal.Events()[0].ComponentBase, ical.ComponentPropertyLocation); got != ds.Lines[0].Name {
		t.Errorf("LOCATION = %q, want %q", got, ds.Lines[0].Name)
	}
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ical.PropertyXWRCalName) {
			if want := "DRAFT Helpdesk shifts: " + long; p.Value != want {
				t.Errorf("X-WR-CALNAME = %q, want %q", p.Value, want)
			}
		}
	}
	desc := prop(&cal.Events()[0].ComponentBase, ical.ComponentPropertyDescription)
	if !strings.Contains(desc, "Mentor on duty: Ana Martins.") || !strings.Contains(desc, "\nDRAFT roster version 1, March 2027 resits, R&D: not published") {
		t.Errorf("DESCRIPTION = %q", desc)
	}
}

// TestUpdatedRosterKeepsUIDs checks that the next version of a roster gives the same events
// the same UIDs and a higher SEQUENCE, so a calendar program updates them (drafts: twice the
// version).
func TestUpdatedRosterKeepsUIDs(t *testing.T) {
	ds := dataset()
	v1 := parse(t, write(t, ds, dstRoster(1), "ana")).Events()
	r2 := dstRoster(2)
	r2.Shifts[0].Start, r2.Shifts[0].End = clk("09:00"), clk("15:00")
	v2 := parse(t, write(t, ds, r2, "ana")).Events()
	if len(v1) != len(v2) {
		t.Fatalf("%d and %d events", len(v1), len(v2))
	}
	for i := range v1 {
		if v1[i].Id() != v2[i].Id() {
			t.Errorf("event %d UID %s then %s", i, v1[i].Id(), v2[i].Id())
		}
		s1, s2 := prop(&v1[i].ComponentBase, ical.ComponentPropertySequence), prop(&v2[i].ComponentBase, ical.ComponentPropertySequence)
		if s1 != "2" || s2 != "4" {
			t.Errorf("event %d SEQUENCE %s then %s, want 2 then 4", i, s1, s2)
		}
	}
	if got := prop(&v2[0].ComponentBase, ical.ComponentPropertyDtStart); got != "20270327T090000" {
		t.Errorf("updated DTSTART = %s", got)
	}
	uids := map[string]bool{}
	for _, id := range []string{"ana", "yamada"} {
		for _, d := range []string{"2027-03-27", "2027-03-28"} {
			u := UID(id, date(d))
			if uids[u] || !regexp.MustCompile(`^[0-9a-f]{32}@deskplan$`).MatchString(u) {
				t.Errorf("UID(%s, %s) = %s: duplicate or malformed", id, d, u)
			}
			uids[u] = true
		}
	}
}

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ics")
	ds := dataset()
	r := dstRoster(3)
	r.Status = planner.Published
	paths, err := WriteAll(dir, ds, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		if filepath.Dir(p) != dir {
			t.Errorf("%s is outside %s", p, dir)
		}
		names = append(names, filepath.Base(p))
	}
	want := []string{"ana.ics", "yamada.ics", "zoe.ics", "x_y_" + hash4("../x y") + ".ics"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	perPerson := map[string]int{"ana": 2, "yamada": 1, "zoe": 1, "../x y": 1}
	for i, s := range ds.Staff {
		b, err := os.ReadFile(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		events := parse(t, string(b)).Events()
		if len(events) != perPerson[s.ID] {
			t.Errorf("%s: %d events, want %d", paths[i], len(events), perPerson[s.ID])
		}
		for _, ev := range events {
			if got := prop(&ev.ComponentBase, ical.ComponentPropertyStatus); got != "CONFIRMED" {
				t.Errorf("%s: STATUS %s, want CONFIRMED for a published roster", paths[i], got)
			}
		}
	}
	b, _ := os.ReadFile(paths[3])
	if got := prop(&parse(t, string(b)).Events()[0].ComponentBase, ical.ComponentPropertySummary); got != "Helpdesk MONS" {
		t.Errorf("SUMMARY = %q", got)
	}
}

func TestWriteStaffErrors(t *testing.T) {
	ds := dataset()
	if err := WriteStaff(&bytes.Buffer{}, ds, dstRoster(1), "nobody", nil); err == nil {
		t.Error("unknown staff: no error")
	}
	ds.Settings.TimeZone = "Mars/Olympus"
	if err := WriteStaff(&bytes.Buffer{}, ds, dstRoster(1), "ana", nil); err == nil || !strings.Contains(err.Error(), "Mars/Olympus") {
		t.Errorf("bad time zone: error %v", err)
	}
	if _, err := WriteAll(t.TempDir(), nil, nil, nil); err == nil {
		t.Error("WriteAll(nil): no error")
	}
	if err := WriteStaff(&bytes.Buffer{}, dataset(), dstRoster(2), "ana", &Options{Since: dstRoster(2)}); err == nil {
		t.Error("a roster cancelling its own shifts: no error")
	}
	if _, err := WriteAll(t.TempDir(), dataset(), dstRoster(2), &Options{Since: dstRoster(3)}); err == nil {
		t.Error("a roster cancelling a later version's shifts: no error")
	}
}

func TestGolden(t *testing.T) {
	out := write(t, dataset(), dstRoster(1), "ana")
	path := filepath.Join("testdata", "ana.ics")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), out); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func hash4(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

// FuzzWriteStaff writes calendars for arbitrary names and line names and checks that they
// parse back to the same texts with lines of at most 75 octets.
func FuzzWriteStaff(f *testing.F) {
	f.Add("Ana", "Louvain-la-Neuve, Brussels")
	f.Add("山田 太郎;\\,", "a\nb")
	f.Add(strings.Repeat("é", 80), strings.Repeat("x ", 60))
	f.Fuzz(func(t *testing.T, name, lineName string) {
		if !utf8.ValidString(name) || !utf8.ValidString(lineName) {
			t.Skip()
		}
		ds := dataset()
		ds.Staff[1].Name = name
		ds.Lines[0].Name = lineName
		out := write(t, ds, dstRoster(1), "yamada")
		for _, line := range strings.Split(out, "\r\n") {
			if len(line) > 75 || !utf8.ValidString(line) {
				t.Fatalf("bad line %q", line)
			}
		}
		cal := parse(t, out)
		if len(cal.Events()) != 1 {
			t.Fatalf("%d events", len(cal.Events()))
		}
		want := strings.ReplaceAll(clean(lineName), "\r", "")
		if got := prop(&cal.Events()[0].ComponentBase, ical.ComponentPropertyLocation); want != "" && got != want {
			t.Fatalf("LOCATION = %q, want %q", got, want)
		}
	})
}

// events indexes a calendar's events by UID.
func events(t *testing.T, s string) map[string]*ical.VEvent {
	t.Helper()
	out := map[string]*ical.VEvent{}
	for _, ev := range parse(t, s).Events() {
		if _, dup := out[ev.Id()]; dup {
			t.Fatalf("UID %s twice", ev.Id())
		}
		out[ev.Id()] = ev
	}
	return out
}

func seq(t *testing.T, ev *ical.VEvent) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscanf(prop(&ev.ComponentBase, ical.ComponentPropertySequence), "%d", &n); err != nil {
		t.Fatalf("SEQUENCE of %s: %v", ev.Id(), err)
	}
	return n
}

// TestCancellations writes version 2 of a roster in which ana lost a shift, zoe moved one and
// yamada (gone from the team) lost every one: a calendar parser finds each lost shift with the
// UID it had in version 1, STATUS:CANCELLED and a higher SEQUENCE, and yamada's file holds
// the cancellations.
func TestCancellations(t *testing.T) {
	ds := dataset()
	v1 := dstRoster(1)
	v1.Status = planner.Published
	v1.Shifts = append(v1.Shifts, planner.Shift{StaffID: "ana", Date: date("2027-04-05"), Start: clk("07:30"), End: clk("13:30"), Line: "LLN"})
	v2 := dstRoster(2)
	var kept []planner.Shift
	for _, s := range v2.Shifts {
		switch {
		case s.StaffID == "yamada":
		case s.StaffID == "ana" && s.Date == date("2027-03-29"):
		case s.StaffID == "zoe":
			s.Start, s.End = clk("07:30"), clk("13:30")
			kept = append(kept, s)
		default:
			kept = append(kept, s)
		}
	}
	v2.Shifts = kept
	gone := ds.Staff[1]
	ds.Staff = slices.Delete(ds.Staff, 1, 2) // yamada

	if got := Cancelled(v1, v2); len(got) != 2 || got[0].StaffID != "ana" || got[0].Date != date("2027-03-29") || got[1].StaffID != "yamada" {
		t.Fatalf("Cancelled = %+v, want ana's 2027-03-29 and yamada's shift (ana's 2027-04-05 is outside v2)", got)
	}
	dir := t.TempDir()
	old, err := WriteAll(filepath.Join(dir, "v1"), dataset(), v1, nil)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := WriteAll(filepath.Join(dir, "v2"), ds, v2, &Options{Since: v1, Former: []planner.Staff{gone}})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 4 || filepath.Base(paths[3]) != "yamada.ics" {
		t.Fatalf("paths %v, want the team's and then yamada.ics", paths)
	}
	read := func(path string) map[string]*ical.VEvent {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return events(t, string(b))
	}
	for _, id := range []string{"ana", "yamada", "zoe"} {
		before := read(filepath.Join(dir, "v1", id+".ics"))
		after := read(filepath.Join(dir, "v2", id+".ics"))
		for uid, ev := range before {
			day := prop(&ev.ComponentBase, ical.ComponentPropertyDtStart)[:8]
			nw, ok := after[uid]
			if day == "20270405" { // outside version 2's horizon: left alone
				if ok {
					t.Errorf("%s: the shift of %s, outside v2, is in v2's calendar", id, day)
				}
				continue
			}
			if !ok {
				t.Errorf("%s: v1's event %s (%s) is not in v2's calendar", id, uid, day)
				continue
			}
			if seq(t, nw) <= seq(t, ev) {
				t.Errorf("%s %s: SEQUENCE %d then %d, want higher", id, day, seq(t, ev), seq(t, nw))
			}
			status := prop(&nw.ComponentBase, ical.ComponentPropertyStatus)
			lost := id == "yamada" || id == "ana" && day == "20270329"
			if lost != (status == "CANCELLED") {
				t.Errorf("%s %s: STATUS %s, lost %v", id, day, status, lost)
			}
			if lost && prop(&nw.ComponentBase, ical.ComponentPropertyDtStart) != prop(&ev.ComponentBase, ical.ComponentPropertyDtStart) {
				t.Errorf("%s %s: the cancelled event moved", id, day)
			}
		}
		if id == "yamada" && len(after) != 1 {
			t.Errorf("yamada's v2 calendar has %d events, want the cancellation", len(after))
		}
	}
	if len(old) != 4 {
		t.Errorf("v1: %d calendars, want 4", len(old))
	}
}

// TestSequenceGrows: from draft to published and from one version to the next.
func TestSequenceGrows(t *testing.T) {
	prev := -1
	for v := 1; v <= 3; v++ {
		for _, st := range []planner.RosterStatus{planner.Draft, planner.Published} {
			n := Sequence(&planner.Roster{Version: v, Status: st})
			if n <= prev {
				t.Errorf("Sequence(v%d %s) = %d, not above %d", v, st, n, prev)
			}
			prev = n
		}
	}
}

// TestDraftMarked: a draft's calendar says DRAFT in its name, description and summaries; a
// published one does not.
func TestDraftMarked(t *testing.T) {
	for _, st := range []planner.RosterStatus{planner.Draft, planner.Published} {
		r := dstRoster(1)
		r.Status = st
		cal := parse(t, write(t, dataset(), r, "ana"))
		var name, desc string
		for _, p := range cal.CalendarProperties {
			switch p.IANAToken {
			case string(ical.PropertyXWRCalName):
				name = p.Value
			case string(ical.PropertyXWRCalDesc):
				desc = p.Value
			}
		}
		draft := st == planner.Draft
		if strings.HasPrefix(name, "DRAFT ") != draft || strings.HasPrefix(desc, "DRAFT") != draft {
			t.Errorf("%s: X-WR-CALNAME %q, X-WR-CALDESC %q", st, name, desc)
		}
		for _, ev := range cal.Events() {
			sum := prop(&ev.ComponentBase, ical.ComponentPropertySummary)
			status := prop(&ev.ComponentBase, ical.ComponentPropertyStatus)
			if strings.HasPrefix(sum, "DRAFT ") != draft || (status == "TENTATIVE") != draft {
				t.Errorf("%s: SUMMARY %q, STATUS %s", st, sum, status)
			}
		}
	}
}
