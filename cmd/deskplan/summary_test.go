package main

import (
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// TestPrintDaysLines checks the per-line table: a line below the target is marked, one far
// below it gets a warning line, one that meets it neither.
func TestPrintDaysLines(t *testing.T) {
	st := planner.DefaultSettings() // 80% within 60 s
	rep := &planner.Report{
		Days: []planner.DayReport{{Date: calendar.MustDate("2027-01-04"), Calls: 300, ServiceLevel: 0.8}},
		Lines: []planner.LineReport{
			{Line: "LLN", Calls: 200, ServiceLevel: 0.91},
			{Line: "MONS", Calls: 60, ServiceLevel: 0.75},
			{Line: "NAM", Calls: 40, ServiceLevel: 0.52, SlotsUnanswered: 3},
		},
		Calls: 300, ServiceLevel: 0.8,
	}
	var b strings.Builder
	if err := printDays(&b, rep, st); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	lines := map[string]string{}
	for _, l := range strings.Split(got, "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines[f[0]] = l
		}
	}
	for _, c := range []struct{ line, want, not string }{
		{"LLN", "91.0%", "target"},
		{"MONS", "75.0%", "far"},
		{"MONS", "< below target", ""},
		{"NAM", "<< far below target", ""},
	} {
		l := lines[c.line]
		if !strings.Contains(l, c.want) || (c.not != "" && strings.Contains(l, c.not)) {
			t.Errorf("row of %s is %q: want %q, not %q", c.line, l, c.want, c.not)
		}
	}
	if !strings.Contains(got, "Warning: line NAM answers 52.0% of its calls within 60s, far below the 80% target") {
		t.Errorf("no warning for NAM in\n%s", got)
	}
	if strings.Contains(got, "Warning: line MONS") || strings.Contains(got, " \n") {
		t.Errorf("a warning for MONS, or trailing spaces, in\n%s", got)
	}
}
