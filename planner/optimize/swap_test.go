package optimize

import (
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

func TestSwap(t *testing.T) {
	day := calendar.MustDate("2027-01-05")
	r := &planner.Roster{Version: 3, From: calendar.MustDate("2027-01-04"), To: calendar.MustDate("2027-01-09"), Status: planner.Published, Shifts: []planner.Shift{
		sh("ana", "2027-01-05", "07:30", "13:30", "LLN"),
		sh("bob", "2027-01-05", "13:30", "19:30", "LLN"),
		sh("ana", "2027-01-06", "07:30", "13:30", "LLN"),
		sh("tia", "2027-01-05", "08:00", "12:00", "LLN"),
	}}
	orig := append([]planner.Shift(nil), r.Shifts...)
	for _, tc := range []struct {
		name, from, to string
		want           []string // staff of each shift after the swap
		err            string
	}{
		{"to someone off: they take the shift", "ana", "ned", []string{"ned", "bob", "ana", "tia"}, ""},
		{"to someone on duty: an exchange", "ana", "bob", []string{"bob", "ana", "ana", "tia"}, ""},
		{"nothing to give", "ned", "ana", nil, "ned has no shift on 2027-01-05 in roster v3"},
		{"the same person", "ana", "ana", nil, "ana is given twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Swap(r, day, tc.from, tc.to)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Swap error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range got.Shifts {
				if s.StaffID != tc.want[i] {
					t.Errorf("shift %d goes to %s, want %s", i, s.StaffID, tc.want[i])
				}
				if s.Start != orig[i].Start || s.End != orig[i].End || s.Line != orig[i].Line {
					t.Errorf("shift %d changed times or line: %+v", i, s)
				}
			}
			if got.Version != 0 || got.Status != planner.Draft || got.Method != "swap" || got.Plan.SwapOf != 3 || got.Plan.SwapDate != day {
				t.Errorf("the swapped roster is %+v, want a new draft naming v3", got)
			}
		})
	}
	for i, s := range r.Shifts {
		if s != orig[i] {
			t.Errorf("Swap changed the original roster's shift %d: %+v", i, s)
		}
	}
	if _, err := Swap(r, calendar.MustDate("2027-01-11"), "ana", "bob"); err == nil {
		t.Error("a day outside the roster: no error")
	}
}
