package demo

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner/input"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/xlsx"
)

// TestRuleBookFiles writes the rule-book desk as a team workbook and its roster as a roster
// workbook into testdata/rulebook, for the command-line tests that break one rule at a time
// by editing the roster's Week sheet (cmd/deskplan/testdata/script/rulebook.txtar). With
// -update it rewrites them; without, it checks they are current.
func TestRuleBookFiles(t *testing.T) {
	ds, r := RuleBookDesk()
	rep, err := optimize.Evaluate(ds, r)
	if err != nil {
		t.Fatal(err)
	}
	var desk, roster bytes.Buffer
	if err := input.WriteWorkbook(&desk, ds); err != nil {
		t.Fatal(err)
	}
	if err := xlsx.WriteRoster(&roster, xlsx.Workbook{Dataset: ds, Roster: r, Report: rep, GeneratedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(repo, "testdata", "rulebook")
	for name, b := range map[string][]byte{"desk.xlsx": desk.Bytes(), "roster.xlsx": roster.Bytes()} {
		path := filepath.Join(dir, name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// the team workbook is written the same byte for byte; the roster workbook is compared by
	// its shifts (its zip is not)
	if got, err := os.ReadFile(filepath.Join(dir, "desk.xlsx")); err != nil || !bytes.Equal(got, desk.Bytes()) {
		t.Errorf("desk.xlsx is stale (%v): run go test ./planner/demo -run TestRuleBookFiles -update", err)
	}
	back, err := xlsx.ReadRoster(filepath.Join(dir, "roster.xlsx"), ds)
	if err != nil || !slices.Equal(back.Shifts, r.Shifts) {
		t.Errorf("roster.xlsx is stale (%v): run go test ./planner/demo -run TestRuleBookFiles -update", err)
	}
}
