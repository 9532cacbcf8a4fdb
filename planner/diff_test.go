package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner/calendar"
)

func TestDiffRosters(t *testing.T) {
	ds := smallDataset()
	brk := func(s Shift, from, to string) Shift {
		s.BreakStart, s.BreakEnd = calendar.MustClock(from), calendar.MustClock(to)
		return s
	}
	a := &Roster{Version: 1, From: calendar.MustDate("2027-01-04"), To: calendar.MustDate("2027-01-10"), Shifts: []Shift{
		sh("ana", "2027-01-04", "07:30", "13:30", "LLN"),
		sh("ana", "2027-01-05", "07:30", "13:30", "LLN"),
		brk(sh("bob", "2027-01-04", "07:30", "15:30", "LLN"), "12:00", "12:30"),
		sh("bob", "2027-01-06", "13:30", "19:30", "LLN"),
		sh("zed", "2027-01-07", "07:30", "13:30", "LLN"), // no longer in the team
		sh("tia", "2027-01-11", "07:30", "13:30", "LLN"), // outside b's horizon
	}}
	b := &Roster{Version: 2, From: calendar.MustDate("2027-01-04"), To: calendar.MustDate("2027-01-09"), Shifts: []Shift{
		sh("ana", "2027-01-04", "07:30", "13:30", "LLN"),                                                   // unchanged
		sh("ana", "2027-01-05", "07:30", "13:30", "MONS"),                                                  // moved: another line
		brk(sh("bob", "2027-01-04", "07:30", "15:30", "LLN"), "12:30", "13:00"),                            // moved: another break
		sh("bob", "2027-01-08", "13:30", "19:30", "LLN"),                                                   // added; 01-06 removed
		sh("tia", "2027-01-09", "07:30", "10:30", "LLN"),                                                   // added
		sh("ana", "2027-01-10", "07:30", "13:30", "LLN"), sh("ana", "2027-01-10", "14:00", "16:00", "LLN"), // added twice
	}}
	d := DiffRosters(a, b, ds)
	if d.From.String() != "2027-01-04" || d.To.String() != "2027-01-09" {
		t.Errorf("days compared %s to %s, want 2027-01-04 to 2027-01-09", d.From, d.To)
	}
	if d.Unchanged != 1 || d.Added != 2 || d.Removed != 2 || d.Moved != 2 {
		t.Errorf("unchanged %d, added %d, removed %d, moved %d; want 1, 2, 2, 2", d.Unchanged, d.Added, d.Removed, d.Moved)
	}
	type row struct {
		ID, Name              string
		Added, Removed, Moved int
		Before, After         float64
		Kinds                 []string
	}
	var got []row
	for _, p := range d.Staff {
		r := row{p.StaffID, p.Name, p.Added, p.Removed, p.Moved, p.HoursBefore, p.HoursAfter, nil}
		for _, c := range p.Changes {
			r.Kinds = append(r.Kinds, c.Date.String()+" "+c.Kind)
		}
		got = append(got, r)
	}
	want := []row{
		{"ana", "Ana", 0, 0, 1, 12, 12, []string{"2027-01-05 moved"}},
		{"bob", "Bob", 1, 1, 1, 13.5, 13.5, []string{"2027-01-04 moved", "2027-01-06 removed", "2027-01-08 added"}},
		{"tia", "Tia", 1, 0, 0, 0, 3, []string{"2027-01-09 added"}},
		{"zed", "", 0, 1, 0, 6, 0, []string{"2027-01-07 removed"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DiffRosters (-want +got):\n%s", diff)
	}
	// only the days both horizons cover are compared: ana's shifts of 2027-01-10 lie outside
	// b's horizon
	for _, p := range d.Staff {
		for _, c := range p.Changes {
			if c.Date.After(d.To) {
				t.Errorf("%s: change on %s, after the days compared", p.StaffID, c.Date)
			}
		}
	}

	// a roster against itself: nothing changed, every shift unchanged
	same := DiffRosters(b, b, ds)
	if same.Changed() || len(same.Staff) != 0 || same.Unchanged != 5 {
		t.Errorf("DiffRosters(b, b) = %+v, want 5 unchanged shifts and no change", same)
	}
	// disjoint horizons share no day
	c := &Roster{From: calendar.MustDate("2027-02-01"), To: calendar.MustDate("2027-02-07")}
	if DiffRosters(a, c).Overlap() {
		t.Error("rosters of January and February overlap")
	}
}
