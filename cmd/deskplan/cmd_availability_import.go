package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/input"
	"github.com/deskplan/deskplan/planner/store"
)

type availabilityImportOptions struct {
	g      *globalOptions
	io     *IOStreams
	Path   string
	DryRun bool
	JSON   bool
}

// newAvailabilityImportCmd makes "deskplan availability import" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newAvailabilityImportCmd(g *globalOptions, ios *IOStreams, runF func(*availabilityImportOptions) error) *cobra.Command {
	o := &availabilityImportOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "import FILE.xlsx|DIR",
		Short: "Merge availability workbooks sent back by staff",
		Long: `Read one person's availability workbook (written by deskplan availability export
--per-staff and filled in), or every .xlsx file of a folder, and replace the availability rules
of the people whose files are given with the rules in their files. Nobody else's rules change.

A file names its person on its Read me sheet; a staff_id cell left empty is that person's, a
row for anyone else is refused. Every cell is checked as deskplan import checks the team
workbook, and every problem of every file is listed with its place (file, sheet, cell); then
nothing is written (exit code 2). The files are written in one transaction: all or nothing.`,
		Example: `  deskplan availability import availability/
  deskplan availability import availability/s03.xlsx --dry-run`,
		Args: exactArgs(1, "FILE.xlsx or DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := *o
			o.Path = args[0]
			if runF != nil {
				return runF(&o)
			}
			return runAvailabilityImport(cmd.Context(), o, ios.Out)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&o.DryRun, "dry-run", "n", false, "check the files only; write nothing")
	f.BoolVar(&o.JSON, "json", false, "print what changed per person as JSON")
	return cmd
}

// availabilityChange is what an import does to one person's rules.
type availabilityChange struct {
	StaffID string `json:"staff"`
	Name    string `json:"name"`
	File    string `json:"file"`
	Rules   int    `json:"rules"` // after the import
	store.Counts
}

// availabilityImportOutput is availability import --json.
type availabilityImportOutput struct {
	DryRun bool                 `json:"dry_run"`
	Staff  []availabilityChange `json:"staff"`
	Total  store.Counts         `json:"total"`
}

func runAvailabilityImport(ctx context.Context, o availabilityImportOptions, out io.Writer) error {
	st, known, err := o.g.openDataset(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	files, err := input.StaffAvailabilityFiles(o.Path)
	if err != nil {
		return err
	}
	var bad planner.InputError
	rules := map[string][]planner.Availability{}
	fileOf := map[string]string{}
	var order []string
	for _, path := range files {
		sa, err := input.ReadStaffAvailability(path, known)
		var ie *planner.InputError
		switch {
		case errors.As(err, &ie):
			for _, p := range ie.Problems {
				bad.Add(p.Place, "%s", p.Msg)
			}
			bad.Dropped += ie.Dropped
			continue
		case err != nil:
			return err
		}
		if prev, dup := fileOf[sa.StaffID]; dup {
			bad.Add(planner.Place{File: path}, "a second file of %s (the first is %s): give each person's file once", sa.StaffID, prev)
			continue
		}
		fileOf[sa.StaffID] = path
		rules[sa.StaffID] = sa.Rules
		order = append(order, sa.StaffID)
	}
	if err := bad.Err(); err != nil {
		return err
	}
	res := availabilityImportOutput{DryRun: o.DryRun, Staff: []availabilityChange{}}
	for _, id := range order {
		var before []planner.Availability
		for _, a := range known.Availability {
			if a.StaffID == id {
				before = append(before, a)
			}
		}
		p, _ := known.StaffByID(id)
		c := availabilityChange{StaffID: id, Name: p.Name, File: fileOf[id], Rules: len(rules[id]), Counts: countRules(before, rules[id])}
		res.Staff = append(res.Staff, c)
		res.Total.Inserted += c.Inserted
		res.Total.Unchanged += c.Unchanged
		res.Total.Deleted += c.Deleted
	}
	if !o.DryRun {
		if _, err := st.ReplaceAvailability(ctx, rules); err != nil {
			return err
		}
	}
	if o.JSON {
		return writeJSON(out, res)
	}
	if o.DryRun {
		fmt.Fprintf(out, "%s is valid: the availability of %d person(s); nothing written (--dry-run)\n", o.Path, len(order))
	} else {
		fmt.Fprintf(out, "Imported the availability of %d person(s) from %s into %s\n", len(order), o.Path, o.g.DB)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STAFF\tNAME\tFILE\tRULES\tADDED\tREMOVED\tUNCHANGED")
	for _, c := range res.Staff {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\n", c.StaffID, c.Name, c.File, c.Rules, c.Inserted, c.Deleted, c.Unchanged)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if res.Total.Inserted+res.Total.Deleted == 0 {
		fmt.Fprintln(out, "No change: the store already held these rules.")
	}
	fmt.Fprintln(out, "Nobody else's availability changed.")
	return nil
}

// countRules counts, as a multiset, the rules of after that before has (unchanged), the
// others of after (added) and the others of before (removed).
func countRules(before, after []planner.Availability) store.Counts {
	have := map[planner.Availability]int{}
	for _, a := range before {
		have[a]++
	}
	var c store.Counts
	for _, a := range after {
		if have[a] > 0 {
			have[a]--
			c.Unchanged++
		} else {
			c.Inserted++
		}
	}
	c.Deleted = len(before) - c.Unchanged
	return c
}
