package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner/input"
)

type templateOptions struct {
	g     *globalOptions
	io    *IOStreams
	Path  string
	Force bool
}

// newTemplateCmd makes "deskplan template" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newTemplateCmd(g *globalOptions, ios *IOStreams, runF func(*templateOptions) error) *cobra.Command {
	o := &templateOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "template FILE.xlsx",
		Short: "Write a blank input workbook to fill in",
		Long: `Write a blank input workbook: one sheet per table (Settings, Lines, Staff, Availability,
Sessions, Forecast, ShiftTemplates) with its header, an instruction line, one example row
(the Settings sheet lists every key with its default), drop-down lists for the enumerations,
and a frozen header. The instruction line and the examples are comments (their first cell
starts with #) that import skips: delete the # of a row to make it data. Fill the sheets in
and load the workbook with "deskplan import FILE.xlsx"; a sheet with no data row changes
nothing.`,
		Example: `  deskplan template team.xlsx
  deskplan template --force team.xlsx`,
		Args: exactArgs(1, "FILE.xlsx"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := *o
			opts.Path = args[0]
			if !strings.EqualFold(filepath.Ext(opts.Path), ".xlsx") {
				return usageError{err: fmt.Errorf("%s: the template is an Excel workbook: give a FILE.xlsx", opts.Path), cmd: cmd}
			}
			if err := refuseOverwrite(cmd, opts.Force, opts.Path); err != nil {
				return err
			}
			if runF != nil {
				return runF(&opts)
			}
			return runTemplate(opts, ios.Out)
		},
	}
	forceFlag(cmd.Flags(), &o.Force)
	return cmd
}

// runTemplate writes the template to opts.Path, atomically.
func runTemplate(opts templateOptions, out io.Writer) error {
	if err := writeFileAtomic(opts.Path, input.WriteTemplate); err != nil {
		return err
	}
	fmt.Fprintf(out, "template written to %s\n", opts.Path)
	return nil
}
