package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/forecast"
	"github.com/deskplan/deskplan/planner/store"
)

// newExamsCmd makes "deskplan exams", which groups the commands under it.
func newExamsCmd(g *globalOptions, ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "exams",
		Short: "Keep the university's exam timetable, which drives the forecast",
	}
	cmd.AddCommand(newExamsImportCmd(g, ios, nil))
	return cmd
}

type examsImportOptions struct {
	g      *globalOptions
	io     *IOStreams
	Path   string
	DryRun bool
	JSON   bool
}

// newExamsImportCmd makes "deskplan exams import" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newExamsImportCmd(g *globalOptions, ios *IOStreams, runF func(*examsImportOptions) error) *cobra.Command {
	o := &examsImportOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "import TIMETABLE.csv",
		Short: "Check an exam timetable and load it into the store",
		Long: `Check an exam timetable (CSV, one header row, one row per exam) and load it into the store,
in one transaction.

Columns, in any order (other columns are ignored):
  date              the exam's day, 2027-01-11
  start             the exam's start, 08:30 (8:30 and 08h30 accepted)
  duration_minutes  1 to 1440
  remote_sittings   students sitting the exam remotely (they are the ones who call)
  name              optional: the course or exam

The exams of a date in the file replace the stored exams of that date; other dates keep
theirs, so a corrected timetable corrects the store and importing it twice changes nothing.
Every bad row is listed with its line number and column, and then nothing is written (exit
code 2).

The timetable serves twice: over the history, the days' remote sittings and exam starts
explain the calls (forecast build and backtest estimate from them); over a session, they
drive its forecast.`,
		Example: `  deskplan exams import timetable-2027-01.csv
  deskplan exams import --dry-run timetable.csv`,
		Args: exactArgs(1, "TIMETABLE.csv"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := *o
			opts.Path = args[0]
			if runF != nil {
				return runF(&opts)
			}
			return runExamsImport(cmd.Context(), opts, ios.Out)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&o.DryRun, "dry-run", "n", false, "check the file only; write nothing")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

// examsImportOutput is what exams import prints with --json.
type examsImportOutput struct {
	File     string               `json:"file"`
	Exams    int                  `json:"exams"`
	Days     int                  `json:"days"`
	First    calendar.Date        `json:"first,omitzero"`
	Last     calendar.Date        `json:"last,omitzero"`
	Sittings int                  `json:"remote_sittings"`
	DryRun   bool                 `json:"dry_run,omitempty"`
	Counts   store.Counts         `json:"counts"`
	History  store.HistorySummary `json:"history"`
}

func runExamsImport(ctx context.Context, opts examsImportOptions, out io.Writer) error {
	st, err := store.Open(ctx, opts.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	tt, err := readInputFile(opts.Path, func(r io.Reader) ([]forecast.ExamSitting, error) {
		return forecast.ReadTimetable(r, opts.Path)
	})
	if err != nil {
		return err
	}
	o := examsImportOutput{File: opts.Path, Exams: len(tt), DryRun: opts.DryRun}
	days := map[calendar.Date]bool{}
	for _, e := range tt {
		days[e.Date] = true
		o.Sittings += e.RemoteSittings
		if o.First.IsZero() || e.Date.Before(o.First) {
			o.First = e.Date
		}
		if e.Date.After(o.Last) {
			o.Last = e.Date
		}
	}
	o.Days = len(days)
	if !opts.DryRun {
		if o.Counts, err = st.ImportTimetable(ctx, tt); err != nil {
			return err
		}
	}
	if o.History, err = st.History(ctx); err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(out, o)
	}
	fmt.Fprintf(out, "Read %d exams from %s", o.Exams, o.File)
	if o.Exams > 0 {
		fmt.Fprintf(out, " (%d days, %s to %s; %d remote sittings)", o.Days, o.First, o.Last, o.Sittings)
	}
	fmt.Fprintln(out)
	if opts.DryRun {
		fmt.Fprintf(out, "%s is valid; nothing written (--dry-run)\n", o.File)
		return nil
	}
	c := o.Counts
	fmt.Fprintf(out, "Timetable in %s: %d exams inserted, %d deleted, %d unchanged\n", opts.g.DB, c.Inserted, c.Deleted, c.Unchanged)
	if !c.Changed() {
		fmt.Fprintln(out, "No change")
	}
	return printHistory(out, o.History)
}
