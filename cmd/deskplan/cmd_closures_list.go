package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

// newClosuresCmd makes "deskplan closures", which groups the commands under it.
func newClosuresCmd(g *globalOptions, ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "closures",
		Short: "Days the desk is closed: public holidays and closures",
		Long: `A closure is a day or a span of days on which the desk is closed beyond its weekly opening
days: a closed day has no demand, and plan, requirements and forecast build leave it out. Give
closures in the Closures table of the team workbook (or closures.csv), or add a country's
public holidays with "closures add-holidays".`,
	}
	cmd.AddCommand(newClosuresAddHolidaysCmd(g, ios, nil))
	cmd.AddCommand(newClosuresListCmd(g, ios, nil))
	return cmd
}

type closuresListOptions struct {
	g    *globalOptions
	io   *IOStreams
	JSON bool
}

// newClosuresListCmd makes "deskplan closures list" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newClosuresListCmd(g *globalOptions, ios *IOStreams, runF func(*closuresListOptions) error) *cobra.Command {
	o := &closuresListOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the closures in the store",
		Example: "  deskplan closures list\n  deskplan closures list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runClosuresList(cmd.Context(), *o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runClosuresList(ctx context.Context, o closuresListOptions, out io.Writer) error {
	ds, err := o.g.loadDataset(ctx)
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(out, ds.Closures)
	}
	if len(ds.Closures) == 0 {
		fmt.Fprintln(out, "No closure: the desk opens on every open day (deskplan closures add-holidays BE 2027 adds the public holidays).")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FIRST DAY\tLAST DAY\tDAYS\tNOTE")
	for _, c := range ds.Closures {
		fmt.Fprintf(tw, "%s %s\t%s %s\t%d\t%s\n", c.FirstDay.Weekday().String()[:3], c.FirstDay, c.LastDay.Weekday().String()[:3], c.LastDay, c.LastDay.Sub(c.FirstDay)+1, c.Note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d closure(s)\n", len(ds.Closures))
	return nil
}
