package planner_test

import (
	"testing"

	"deskplan/planner"
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
		if got := (planner.CompareRow{Metric: c.metric, Unit: c.unit}).Label(); got != c.want {
			t.Errorf("Label of %q in %q = %q, want %q", c.metric, c.unit, got, c.want)
		}
	}
}
