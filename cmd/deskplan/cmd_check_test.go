package main

import (
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/rules"
)

// cmdWeekSet is the script command "weekset FILE STAFFID DATE TEXT": it writes TEXT (with \n
// for a line break; "" for a day off) into the Week sheet cell of staff STAFFID on DATE of the
// roster workbook FILE, as a person editing the roster by hand would.
func cmdWeekSet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: weekset FILE STAFFID DATE TEXT")
	}
	path := ts.MkAbs(args[0])
	f, err := excelize.OpenFile(path)
	ts.Check(err)
	defer f.Close()
	rows, err := f.GetRows("Week")
	ts.Check(err)
	day := calendar.MustDate(args[2])
	idCol, dayCol, row := -1, -1, -1
	for r, cells := range rows {
		for c, v := range cells {
			switch {
			case strings.TrimSpace(v) == "ID" && idCol < 0:
				idCol = c
			case strings.HasSuffix(v, day.String()) && dayCol < 0:
				dayCol = c
			case idCol >= 0 && c == idCol && v == args[1]:
				row = r
			}
		}
	}
	if idCol < 0 || dayCol < 0 || row < 0 {
		ts.Fatalf("weekset: no cell for %s on %s in %s", args[1], args[2], args[0])
	}
	cell, err := excelize.CoordinatesToCellName(dayCol+1, row+1)
	ts.Check(err)
	ts.Check(f.SetCellStr("Week", cell, strings.ReplaceAll(args[3], `\n`, "\n")))
	ts.Check(f.Save())
	ts.Logf("weekset: %s!%s = %q", "Week", cell, args[3])
}

// A roster that breaks rules exits with code 3, as a plan that cannot keep them; a bad
// workbook with code 2.
func TestCheckExitCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{&rulesError{Version: 2, Violations: []planner.Violation{{Rule: rules.RuleMentor, Msg: "x"}}}, exitInfeasible},
		{&rulesError{Violations: []planner.Violation{{Rule: rules.RuleMentor}}, What: "not published"}, exitInfeasible},
		{inputProblem("roster version %d does not exist", 9), exitBadInput},
		{desk.ErrNoRoster, exitFailure},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
	e := &rulesError{Version: 2, Violations: make([]planner.Violation, 3), What: "not published"}
	if got, want := e.Error(), "roster v2 breaks 3 rules: not published"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
