package main

import (
	"fmt"

	"github.com/deskplan/deskplan/planner/calendar"

	"github.com/spf13/cobra"
)

// noArgs rejects positional arguments as a usage error (exit code 2).
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{err: fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0]), cmd: cmd}
	}
	return nil
}

// exactArgs requires n positional arguments, named in the message (e.g. "FILE.xlsx").
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{err: fmt.Errorf("%s needs %s, got %d argument(s)", cmd.CommandPath(), names, len(args)), cmd: cmd}
		}
		return nil
	}
}

// weekFlag parses the --week flag's day (YYYY-MM-DD); "" is the zero Date (no week given).
func weekFlag(cmd *cobra.Command, s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return d, flagError(cmd, "week", "%v", err)
	}
	return d, nil
}
