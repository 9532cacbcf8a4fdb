package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
)

// newAvailabilityCmd makes "deskplan availability", which groups the commands under it.
func newAvailabilityCmd(g *globalOptions, ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "availability",
		Short: "Staff availability: list it, and collect it from each person's workbook",
		Long: `Each person can keep their own availability: "availability export --per-staff DIR" writes
one workbook per person with their current rules; they edit it (an exam day, a class) and send
it back; "availability import" merges the files, replacing the rules of those people only.`,
	}
	cmd.AddCommand(newAvailabilityExportCmd(g, ios, nil))
	cmd.AddCommand(newAvailabilityImportCmd(g, ios, nil))
	cmd.AddCommand(newAvailabilityListCmd(g, ios, nil))
	return cmd
}

type availabilityListOptions struct {
	g     *globalOptions
	io    *IOStreams
	Staff string
	JSON  bool
}

// newAvailabilityListCmd makes "deskplan availability list" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newAvailabilityListCmd(g *globalOptions, ios *IOStreams, runF func(*availabilityListOptions) error) *cobra.Command {
	o := &availabilityListOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the availability rules in the store",
		Long: `List the availability rules of every staff member, or of --staff ID: kind, RRULE, first and
last day, times (from-to; 00:00-24:00 is the whole day) and note.`,
		Example: `  deskplan availability list
  deskplan availability list --staff s03 --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runAvailabilityList(cmd.Context(), *o, ios.Out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Staff, "staff", "", "only this staff member's rules")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

// availabilityRow is one rule as availability list prints it: dates "" when open, times as
// the span they cover.
type availabilityRow struct {
	StaffID  string `json:"staff_id"`
	Kind     string `json:"kind"`
	RRule    string `json:"rrule"`
	FirstDay string `json:"first_day"`
	LastDay  string `json:"last_day"`
	From     string `json:"from"`
	To       string `json:"to"`
	Note     string `json:"note"`
}

func newAvailabilityRow(a planner.Availability) availabilityRow {
	r := availabilityRow{StaffID: a.StaffID, Kind: string(a.Kind), RRule: a.RRule, From: a.From.String(), To: a.To.String(), Note: a.Note}
	if !a.FirstDay.IsZero() {
		r.FirstDay = a.FirstDay.String()
	}
	if !a.LastDay.IsZero() {
		r.LastDay = a.LastDay.String()
	}
	if a.To == 0 {
		r.To = "24:00"
	}
	return r
}

func runAvailabilityList(ctx context.Context, o availabilityListOptions, out io.Writer) error {
	ds, err := o.g.loadDataset(ctx)
	if err != nil {
		return err
	}
	if o.Staff != "" {
		if _, ok := ds.StaffByID(o.Staff); !ok {
			return inputProblem("--staff: no staff member %q (see deskplan staff list)", o.Staff)
		}
	}
	rows := []availabilityRow{}
	for _, a := range ds.Availability {
		if o.Staff == "" || a.StaffID == o.Staff {
			rows = append(rows, newAvailabilityRow(a))
		}
	}
	if o.JSON {
		return writeJSON(out, rows)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STAFF\tKIND\tRRULE\tFIRST DAY\tLAST DAY\tFROM\tTO\tNOTE")
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.StaffID, r.Kind, dash(r.RRule), dash(r.FirstDay), dash(r.LastDay), r.From, r.To, r.Note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d availability rule(s)\n", len(rows))
	return nil
}
