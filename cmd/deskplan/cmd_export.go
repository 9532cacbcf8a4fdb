package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"deskplan/planner/ics"
	"deskplan/planner/store"
	"deskplan/planner/xlsx"
)

type exportOptions struct {
	Selector rosterSelector
	Output   string // the manager's workbook
	PerStaff string // folder of one workbook (or calendar) per person
}

var exportOpts exportOptions

var cmdExport = &cobra.Command{
	Use:   "export",
	Short: "Write a roster to Excel workbooks (or calendars: export ics)",
	Long: `Write a stored roster as the manager's workbook (-o: sheets Summary, Week, Coverage,
Timeline, Staff and one per person) and, with --per-staff DIR, one small workbook per staff
member named after their id. The roster is re-evaluated on the data in the store, so the
service figures are those of today's forecast and rules.

The roster is --version N, or the newest version of --session and/or covering the day --week,
or by default the newest roster. The Week sheet may be edited by hand and read back with
deskplan check.`,
	Example: `  deskplan export -o roster.xlsx
  deskplan export --version 3 -o roster-v3.xlsx --per-staff staff/
  deskplan export --session jan-2027 --week 2027-01-11 -o week2.xlsx`,
	Args: noArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		o := exportOpts
		if err := o.Selector.check(cmd); err != nil {
			return err
		}
		if o.Output == "" && o.PerStaff == "" {
			return flagError(cmd, "output", "give the workbook to write (-o roster.xlsx) or --per-staff DIR")
		}
		return runExport(cmd.Context(), o, cmd.OutOrStdout())
	},
}

var cmdExportICS = &cobra.Command{
	Use:   "ics",
	Short: "Write one iCalendar (.ics) file per staff member",
	Long: `Write a stored roster as one RFC 5545 calendar per staff member into --per-staff DIR, named
after their id: one event per shift, in the desk's time zone. Event UIDs are stable, so
importing the calendar of a newer roster version updates the events. The roster is chosen as
for deskplan export.`,
	Example: `  deskplan export ics --per-staff calendars/
  deskplan export ics --version 3 --per-staff calendars/`,
	Args: noArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		o := exportOpts
		if err := o.Selector.check(cmd); err != nil {
			return err
		}
		if o.PerStaff == "" {
			return flagError(cmd, "per-staff", "is required: the folder of the calendars")
		}
		return runExportICS(cmd.Context(), o, cmd.OutOrStdout())
	},
}

func init() {
	pf := cmdExport.PersistentFlags()
	exportOpts.Selector.addFlags(pf, true)
	pf.StringVar(&exportOpts.PerStaff, "per-staff", "", "also write one file per staff member into this folder")
	cmdExport.Flags().StringVarP(&exportOpts.Output, "output", "o", "", "the manager's workbook to write (.xlsx)")
	cmdExport.AddCommand(cmdExportICS)
	cmdRoot.AddCommand(cmdExport)
}

func runExport(ctx context.Context, o exportOptions, out io.Writer) error {
	st, err := store.Open(ctx, globalOpts.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	r, ds, rep, err := o.Selector.load(ctx, st)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("roster v%d (session %s, %s to %s)", r.Version, r.SessionID, r.From, r.To)
	if o.Output != "" {
		if err := writeRosterFile(o.Output, ds, r, rep); err != nil {
			return err
		}
		fmt.Fprintf(out, "Wrote %s to %s\n", what, o.Output)
	}
	if o.PerStaff != "" {
		paths, err := xlsx.WriteStaffFiles(o.PerStaff, xlsx.Workbook{Dataset: ds, Roster: r, Report: rep, GeneratedAt: time.Now()})
		if err != nil {
			return fmt.Errorf("writing the staff workbooks: %w", err)
		}
		fmt.Fprintf(out, "Wrote %d staff workbooks of %s to %s\n", len(paths), what, o.PerStaff)
	}
	return nil
}

func runExportICS(ctx context.Context, o exportOptions, out io.Writer) error {
	st, err := store.Open(ctx, globalOpts.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := o.Selector.roster(ctx, st)
	if err != nil {
		return err
	}
	ds, err := loadScenarioDataset(ctx, st, o.Selector.scenarioFor(r.Scenario))
	if err != nil {
		return err
	}
	paths, err := ics.WriteAll(o.PerStaff, ds, r)
	if err != nil {
		return fmt.Errorf("writing the calendars: %w", err)
	}
	fmt.Fprintf(out, "Wrote %d calendars of roster v%d (session %s, %s to %s) to %s\n", len(paths), r.Version, r.SessionID, r.From, r.To, o.PerStaff)
	return nil
}
