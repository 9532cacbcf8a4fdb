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

var cmdStaff = &cobra.Command{
	Use:   "staff",
	Short: "Show the staff in the store",
}

type staffListOptions struct {
	JSON bool
}

var staffListOpts staffListOptions

var cmdStaffList = &cobra.Command{
	Use:   "list",
	Short: "List staff members with status, lines and contract",
	Example: `  deskplan staff list
  deskplan staff list --json | jq '.[] | select(.status == "trainee") | .id'`,
	Args: noArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		return runStaffList(cmd.Context(), staffListOpts, cmd.OutOrStdout())
	},
}

func init() {
	cmdStaffList.Flags().BoolVar(&staffListOpts.JSON, "json", false, "print JSON")
	cmdStaff.AddCommand(cmdStaffList)
	cmdRoot.AddCommand(cmdStaff)
}

func runStaffList(ctx context.Context, opts staffListOptions, out io.Writer) error {
	ds, err := loadDataset(ctx)
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
