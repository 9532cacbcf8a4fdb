package planner

import (
	"testing"

	"github.com/deskplan/deskplan/planner/calendar"
)

func TestClosedOn(t *testing.T) {
	ds := &Dataset{Settings: DefaultSettings(), Closures: []Closure{
		{FirstDay: calendar.MustDate("2027-07-19"), LastDay: calendar.MustDate("2027-07-23"), Note: "summer"},
		{FirstDay: calendar.MustDate("2027-01-01"), LastDay: calendar.MustDate("2027-01-01")},
	}}
	for _, tc := range []struct {
		day  string
		want string
	}{
		{"2027-07-18", ""},
		{"2027-07-19", "2027-07-19 to 2027-07-23 (summer)"},
		{"2027-07-23", "2027-07-19 to 2027-07-23 (summer)"},
		{"2027-07-24", ""},
		{"2027-01-01", "2027-01-01"},
	} {
		c, ok := ds.ClosedOn(calendar.MustDate(tc.day))
		got := ""
		if ok {
			got = c.String()
		}
		if got != tc.want {
			t.Errorf("ClosedOn(%s) = %q, want %q", tc.day, got, tc.want)
		}
	}
	if got := ds.ClosuresBetween(calendar.MustDate("2026-12-28"), calendar.MustDate("2027-07-19")); len(got) != 2 || got[0].Note != "" {
		t.Errorf("ClosuresBetween = %v, want both, New Year first", got)
	}
}
