package main

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
)

// runArgs runs cmd, made by a constructor with a runF, on args and returns its error.
func runArgs(cmd *cobra.Command, args ...string) error {
	var out bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	return cmd.Execute()
}

// TestPlanOptions checks the first layer of the commands: the command line to the options
// the run function gets (the second, options to output, is what the other tests check).
func TestPlanOptions(t *testing.T) {
	g := &globalOptions{DB: "x.db"}
	ios := writerIO(&bytes.Buffer{}, &bytes.Buffer{})
	for _, tc := range []struct {
		args  []string
		want  planOptions
		usage bool // a usage error, runF not called
	}{
		{[]string{"--session", "jan-2027", "--week", "2027-01-04", "--effort", "20"},
			planOptions{Session: "jan-2027", Week: "2027-01-04", Effort: 20, Workers: 2, Seed: 1, Method: "lagged", Scenario: "base", ChangeWeight: 2}, false},
		{[]string{"--session", "jan-2027", "--keep", "3", "--demand", "p80", "--json"},
			planOptions{Session: "jan-2027", Effort: 300, Workers: 2, Seed: 1, Method: "lagged", Scenario: "base", Keep: 3, ChangeWeight: 2, Demand: "p80", JSON: true}, false},
		{[]string{"--week", "2027-01-04"}, planOptions{}, true},
		{[]string{"--session", "jan-2027", "--workers", "0"}, planOptions{}, true},
	} {
		var got *planOptions
		cmd := newPlanCmd(g, ios, func(o *planOptions) error { got = o; return nil })
		err := runArgs(cmd, tc.args...)
		var ue usageError
		if tc.usage {
			if !errors.As(err, &ue) || got != nil {
				t.Errorf("plan %v: err %v, runF called %v; want a usage error", tc.args, err, got != nil)
			}
			continue
		}
		if err != nil || got == nil {
			t.Fatalf("plan %v: %v", tc.args, err)
		}
		if got.g != g || got.io != ios {
			t.Errorf("plan %v: the options lack the global options or the streams", tc.args)
		}
		got.g, got.io, got.TimeLimit = nil, nil, 0
		if diff := cmp.Diff(tc.want, *got, cmp.AllowUnexported(planOptions{})); diff != "" {
			t.Errorf("plan %v: options (-want +got):\n%s", tc.args, diff)
		}
	}
}

// TestRosterShowOptions checks that roster show takes the version from its argument and the
// evaluation flags, --current-settings among them.
func TestRosterShowOptions(t *testing.T) {
	var got *rosterShowOptions
	cmd := newRosterShowCmd(&globalOptions{}, writerIO(&bytes.Buffer{}, &bytes.Buffer{}), func(o *rosterShowOptions) error { got = o; return nil })
	if err := runArgs(cmd, "3", "--current-settings", "--scenario", "plus20"); err != nil || got == nil {
		t.Fatalf("roster show: %v", err)
	}
	if want := (rosterSelector{Version: 3, Scenario: "plus20", CurrentSettings: true}); got.Selector != want {
		t.Errorf("roster show 3 --current-settings --scenario plus20: selector %+v, want %+v", got.Selector, want)
	}
}
