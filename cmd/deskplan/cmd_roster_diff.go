package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/scenario"
	"github.com/deskplan/deskplan/planner/store"
)

type rosterDiffOptions struct {
	g             *globalOptions
	io            *IOStreams
	Before, After int
	JSON          bool
}

// newRosterDiffCmd makes "deskplan roster diff" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newRosterDiffCmd(g *globalOptions, ios *IOStreams, runF func(*rosterDiffOptions) error) *cobra.Command {
	o := &rosterDiffOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "What changed from roster version A to version B, person by person",
		Long: `Compare roster version B with version A over the days both cover: per person, the shifts
added (off in A), removed (off in B) and moved (other times, line or break), with the paid
hours in each. Shifts that are the same in both are not listed.`,
		Example: `  deskplan roster diff 1 2
  deskplan roster diff 1 2 --json | jq '.staff[] | select(.removed > 0) | .staff'`,
		Args: exactArgs(2, "two roster versions A B"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := *o
			var err error
			if o.Before, err = versionArg(cmd, args[0]); err != nil {
				return err
			}
			if o.After, err = versionArg(cmd, args[1]); err != nil {
				return err
			}
			if runF != nil {
				return runF(&o)
			}
			return runRosterDiff(cmd.Context(), o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runRosterDiff(ctx context.Context, o rosterDiffOptions, out io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := desk.RosterVersion(ctx, st, o.Before)
	if err != nil {
		return err
	}
	b, err := desk.RosterVersion(ctx, st, o.After)
	if err != nil {
		return err
	}
	// names: the data each roster was planned on, then the store's (a scenario may lack people)
	var people []*planner.Dataset
	for _, sc := range []string{b.Scenario, a.Scenario, scenario.Base} {
		if ds, err := desk.ScenarioDataset(ctx, st, rosterSelector{}.scenarioFor(sc)); err == nil {
			people = append(people, ds)
		}
	}
	d := planner.DiffRosters(a, b, people...)
	if !d.Overlap() {
		return inputProblem("rosters v%d (%s to %s) and v%d (%s to %s) share no day", a.Version, a.From, a.To, b.Version, b.From, b.To)
	}
	if o.JSON {
		return writeJSON(out, d)
	}
	return printRosterDiff(out, fmt.Sprintf("Roster v%d against v%d", b.Version, a.Version), d, people...)
}

// printRosterDiff prints a roster diff under a title: the totals, a line per person with the
// shifts added, removed and moved and the hours before and after, then each change.
// Pooled shifts name the lines of their person, found in people.
func printRosterDiff(w io.Writer, title string, d *planner.RosterDiff, people ...*planner.Dataset) error {
	n := d.Added + d.Removed + d.Moved
	fmt.Fprintf(w, "%s, %s to %s: %d shift(s) of %d person(s) changed (%d added, %d removed, %d moved); %d unchanged\n",
		title, d.From, d.To, n, len(d.Staff), d.Added, d.Removed, d.Moved, d.Unchanged)
	if len(d.Staff) == 0 {
		return nil
	}
	name := func(p planner.StaffDiff) string {
		if p.Name == "" {
			return "(no longer in the team)"
		}
		return p.Name
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  STAFF\tNAME\tADDED\tREMOVED\tMOVED\tHOURS BEFORE\tHOURS AFTER")
	for _, p := range d.Staff {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\t%s\t%s\n", p.StaffID, name(p), p.Added, p.Removed, p.Moved, fmtHours(p.HoursBefore), fmtHours(p.HoursAfter))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range d.Staff {
		for i, ch := range p.Changes {
			who := "\t"
			if i == 0 {
				who = fmt.Sprintf("%s\t%s", p.StaffID, name(p))
			}
			fmt.Fprintf(tw, "  %s\t%s %s\t%s\t%s\t->\t%s\n", who, ch.Date.Weekday().String()[:3], ch.Date, ch.Kind, shiftText(ch.Before, people...), shiftText(ch.After, people...))
		}
	}
	return tw.Flush()
}

// fmtHours prints hours with at most one decimal: 37.5, 8, 0.
func fmtHours(h float64) string { return fmt.Sprintf("%gh", float64(int(h*10+0.5))/10) }
