package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

// newStaffCmd makes "deskplan staff", which groups the commands under it.
func newStaffCmd(g *globalOptions, ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "staff",
		Short: "Show the staff in the store",
	}
	cmd.AddCommand(newStaffListCmd(g, ios, nil))
	return cmd
}

type staffListOptions struct {
	g    *globalOptions
	io   *IOStreams
	JSON bool
}

// newStaffListCmd makes "deskplan staff list" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newStaffListCmd(g *globalOptions, ios *IOStreams, runF func(*staffListOptions) error) *cobra.Command {
	o := &staffListOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List staff members with status, lines and contract",
		Example: `  deskplan staff list
  deskplan staff list --json | jq '.[] | select(.status == "trainee") | .id'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runStaffList(cmd.Context(), *o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runStaffList(ctx context.Context, opts staffListOptions, out io.Writer) error {
	ds, err := opts.g.loadDataset(ctx)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(out, ds.Staff)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSTATUS\tLINES\tROLES\tHOURS/WEEK\tDAYS/WEEK\tPRODUCTIVITY")
	for _, s := range ds.Staff {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s-%s\t%d\t%s\n", s.ID, s.Name, s.Status,
			strings.Join(s.Lines, ","), strings.Join(s.Roles, ","),
			num(s.MinHoursWeek), num(s.MaxHoursWeek), s.MaxDaysWeek, num(s.EffectiveProductivity()))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d staff\n", len(ds.Staff))
	return nil
}

// num formats a float without trailing zeros.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
