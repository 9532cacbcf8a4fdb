package optimize_test

import (
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/scenario"
)

func demoData(t testing.TB) *planner.Dataset {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func mustChange(t testing.TB, kind, text string) scenario.Change {
	t.Helper()
	c, err := scenario.ParseChange(kind, text)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
