package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner/scenario"
)

func change(t *testing.T, kind, text string) scenario.Change {
	t.Helper()
	c, err := scenario.ParseChange(kind, text)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestScenarios(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	plus := scenario.Scenario{Name: "plus20", Changes: []scenario.Change{change(t, "calls", "+20%"), change(t, "add", "3 qualified 20h")}, Note: "busy January"}
	if err := s.SaveScenario(ctx, plus, false); err != nil {
		t.Fatal(err)
	}
	ill := scenario.Scenario{Name: "plus20-ill", From: "plus20", Changes: []scenario.Change{change(t, "without", "ana")}}
	if err := s.SaveScenario(ctx, ill, false); err != nil {
		t.Fatal(err)
	}
	got, err := s.Scenario(ctx, "plus20")
	if err != nil {
		t.Fatal(err)
	}
	plus.From = scenario.Base
	if diff := cmp.Diff(plus, got.Scenario, cmp.Comparer(func(a, b scenario.Change) bool { return a.Kind == b.Kind && a.Text == b.Text })); diff != "" {
		t.Errorf("Scenario(plus20) (-want +got):\n%s", diff)
	}
	if got.CreatedAt.IsZero() {
		t.Error("no creation time")
	}
	list, err := s.Scenarios(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "plus20" || list[1].Name != "plus20-ill" {
		t.Fatalf("Scenarios() = %v, %v", list, err)
	}

	tests := []struct {
		name string
		err  error
		want string
	}{
		{"same name", s.SaveScenario(ctx, plus, false), "already exists"},
		{"reserved name", s.SaveScenario(ctx, scenario.Scenario{Name: "base"}, false), "reserved"},
		{"unknown base", s.SaveScenario(ctx, scenario.Scenario{Name: "x", From: "nope"}, false), "--from nope: no such scenario"},
		{"loop", s.SaveScenario(ctx, scenario.Scenario{Name: "plus20", From: "plus20-ill"}, true), "cannot build on itself"},
		{"delete a base", s.DeleteScenario(ctx, "plus20"), "is the base of plus20-ill"},
		{"delete unknown", s.DeleteScenario(ctx, "nope"), "not found"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, tt.err, tt.want)
		}
	}
	if _, err := s.Scenario(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Scenario(nope) = %v, want ErrNotFound", err)
	}
	// replace is allowed when asked for
	plus.Changes = plus.Changes[:1]
	if err := s.SaveScenario(ctx, plus, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Scenario(ctx, "plus20"); len(got.Changes) != 1 {
		t.Errorf("replaced scenario has %d changes, want 1", len(got.Changes))
	}
	if err := s.DeleteScenario(ctx, "plus20-ill"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteScenario(ctx, "plus20"); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Scenarios(ctx); len(list) != 0 {
		t.Errorf("after delete: %v", list)
	}
}

func TestScenarioDataset(t *testing.T) {
	ctx := context.Background()
	s, err := Init(ctx, filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Import(ctx, fullDataset(2)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveScenario(ctx, scenario.Scenario{Name: "a", Changes: []scenario.Change{change(t, "add", "2 qualified 20h")}}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveScenario(ctx, scenario.Scenario{Name: "b", From: "a", Changes: []scenario.Change{change(t, "without", "ana")}}, false); err != nil {
		t.Fatal(err)
	}
	base, err := s.ScenarioDataset(ctx, "base")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.ScenarioDataset(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Staff) != len(base.Staff)+1 {
		t.Errorf("scenario b has %d staff, want %d", len(b.Staff), len(base.Staff)+1)
	}
	if _, ok := b.StaffByID("ana"); ok {
		t.Error("ana is still in scenario b")
	}
	if err := s.SaveScenario(ctx, scenario.Scenario{Name: "c", Changes: []scenario.Change{change(t, "without", "zed")}}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ScenarioDataset(ctx, "c"); err == nil || !strings.Contains(err.Error(), `no staff member "zed"`) {
		t.Errorf("ScenarioDataset(c) = %v, want the unknown id named", err)
	}
}
