package optimize_test

import (
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/optimize"
)

func TestCompareRowLabel(t *testing.T) {
	for _, c := range []struct{ metric, unit, want string }{
		{"calls", "calls", "calls"},
		{"calls at p80", "calls", "calls at p80"},
		{"answered in target", "calls", "answered in target (calls)"},
		{"service level", "%", "service level (%)"},
		{"service level of MONS", "%", "service level of MONS (%)"},
		{"ASA", "s", "ASA (s)"},
		{"paid hours", "h", "paid hours"},
		{"trainee hours beside a mentor", "h", "trainee hours beside a mentor"},
		{"slots short", "slots", "slots short"},
		{"cost", "EUR", "cost (EUR)"},
	} {
		if got := (optimize.CompareRow{Metric: c.metric, Unit: c.unit}).Label(); got != c.want {
			t.Errorf("Label of %q in %q = %q, want %q", c.metric, c.unit, got, c.want)
		}
	}
}

func TestShiftLineLabel(t *testing.T) {
	ds := &planner.Dataset{Staff: []planner.Staff{{ID: "p01", Lines: []string{"LLN", "MONS"}}, {ID: "p02", Lines: []string{"MONS"}}}}
	for _, c := range []struct {
		sh   planner.Shift
		want string
	}{
		{planner.Shift{StaffID: "p01", Line: planner.PooledLine}, "LLN+MONS"},
		{planner.Shift{StaffID: "p01", Line: "LLN"}, "LLN"},
		{planner.Shift{StaffID: "p02", Line: planner.PooledLine}, "MONS"},
		{planner.Shift{StaffID: "gone", Line: planner.PooledLine}, "all lines"},
	} {
		if got := planner.ShiftLineLabel(c.sh, nil, ds); got != c.want {
			t.Errorf("ShiftLineLabel(%+v) = %q, want %q", c.sh, got, c.want)
		}
	}
}
