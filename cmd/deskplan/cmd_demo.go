package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/forecast"
	"github.com/deskplan/deskplan/planner/input"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/store"
)

type demoOptions struct {
	g       *globalOptions
	io      *IOStreams
	Output  string
	Seed    int64
	Effort  int
	JSON    bool
	History string // write the demo's call history into this folder instead
	Force   bool   // replace the files written if they exist
}

// newDemoCmd makes "deskplan demo" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newDemoCmd(g *globalOptions, ios *IOStreams, runF func(*demoOptions) error) *cobra.Command {
	o := &demoOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Plan the first exam week of the embedded demo data and write its roster workbook",
		Long: `Import the embedded demo data (an invented university exam helpdesk: two lines, 22 staff,
the January 2027 session and its forecast) into a temporary store, plan its first exam week
and write the roster workbook. "deskplan init" followed by "deskplan import testdata/demo.xlsx"
gives a store holding the same data.

With --history DIR, write instead an invented call history of the demo desk into DIR, to try
the forecast with: sessions/sessions.csv (the demo's sessions and the past ones from January
2024, with their types), calls.csv (the calls of every session before January 2027) and
timetable.csv (the exams of every session, January 2027's included). Import them into a store holding the
demo data and build the January 2027 forecast from them (the commands are printed).`,
		Example: `  deskplan demo -o roster.xlsx
  deskplan demo --history demo-history`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.History != "" {
				h := o.History
				if err := refuseOverwrite(cmd, o.Force, filepath.Join(h, "sessions", "sessions.csv"), filepath.Join(h, "calls.csv"), filepath.Join(h, "timetable.csv")); err != nil {
					return err
				}
				if runF != nil {
					return runF(o)
				}
				return runDemoHistory(*o, ios.Out)
			}
			if o.Effort < 0 {
				return flagError(cmd, "effort", "must not be negative, got %d", o.Effort)
			}
			if err := refuseOverwrite(cmd, o.Force, o.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runDemo(cmd.Context(), *o, ios.Out, ios.ErrOut)
		},
	}
	cmd.Flags().StringVarP(&o.Output, "output", "o", "roster.xlsx", "roster workbook to write")
	cmd.Flags().Int64Var(&o.Seed, "seed", 1, "random seed of the planner")
	cmd.Flags().IntVar(&o.Effort, "effort", optimize.DefaultEffort, "search budget in moves per search goroutine, as plan --effort")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the plan as JSON instead of the summary")
	cmd.Flags().StringVar(&o.History, "history", "", "write an invented call history of the demo desk into `DIR` instead of planning")
	forceFlag(cmd.Flags(), &o.Force)
	return cmd
}

func runDemo(ctx context.Context, opts demoOptions, out, errw io.Writer) error {
	status := newStatusLine(opts.io, opts.JSON)
	defer status.Close()
	status.Set(-1, "loading the demo data")
	ds, err := demo.Dataset()
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	dir, err := os.MkdirTemp("", "deskplan-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.Init(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Import(ctx, ds); err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if ds, err = st.Dataset(ctx); err != nil {
		return err
	}
	if len(ds.Sessions) == 0 {
		return fmt.Errorf("demo data has no session")
	}
	// the upcoming session: the one that starts last
	sess := ds.Sessions[0]
	for _, s := range ds.Sessions {
		if s.FirstDay.After(sess.FirstDay) {
			sess = s
		}
	}
	status.Set(-1, "planning the week of %s: reading the forecast and building the model", sess.FirstDay.Monday())
	r, rep, err := optimize.Plan(ctx, ds, optimize.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: opts.Seed,
		Effort: opts.Effort, Workers: 2,
		Progress: func(p planner.Progress) { status.Set(p.Done, "%s", planWords(p, ds.Settings.TargetSeconds)) }})
	if err != nil {
		return err
	}
	status.Set(-1, "writing the roster workbook")
	if _, err := st.SaveRoster(ctx, r); err != nil {
		return err
	}
	if err := writeRosterFile(opts.Output, ds, r, rep); err != nil {
		return err
	}
	status.Close()
	if opts.JSON {
		return writeJSON(out, newPlanOutput(r, rep))
	}
	if err := printSummary(out, ds, r, rep); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nRoster workbook written to %s\n", opts.Output)
	return nil
}

// runDemoHistory writes the demo's invented call history into opts.History.
func runDemoHistory(opts demoOptions, out io.Writer) error {
	sessions, calls, tt, err := demo.History(uint64(opts.Seed))
	if err != nil {
		return err
	}
	dir := opts.History
	// The sessions go in a folder of their own, which deskplan import reads as a table folder.
	if err := os.MkdirAll(filepath.Join(dir, "sessions"), 0o755); err != nil {
		return err
	}
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{filepath.Join("sessions", "sessions.csv"), func(w io.Writer) error { return input.WriteSessions(w, sessions) }},
		{"calls.csv", func(w io.Writer) error { return forecast.WriteCalls(w, calls) }},
		{"timetable.csv", func(w io.Writer) error { return forecast.WriteTimetable(w, tt) }},
	}
	for _, f := range files {
		var buf bytes.Buffer
		if err := f.write(&buf); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "Wrote the demo desk's invented history into %s: %d sessions (sessions/sessions.csv), %d calls from %s to %s (calls.csv), %d exams (timetable.csv)\n",
		dir, len(sessions), len(calls), calls[0].Arrival.Format(time.DateOnly), calls[len(calls)-1].Arrival.Format(time.DateOnly), len(tt))
	fmt.Fprintf(out, "Into a store holding the demo data (deskplan init; deskplan import testdata/demo.xlsx):\n")
	fmt.Fprintf(out, "  deskplan import %s\n  deskplan history import %s\n  deskplan exams import %s\n  deskplan forecast build --session jan-2027\n",
		filepath.Join(dir, "sessions"), filepath.Join(dir, "calls.csv"), filepath.Join(dir, "timetable.csv"))
	return nil
}
