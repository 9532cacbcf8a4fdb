package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/input"
)

type availabilityExportOptions struct {
	g        *globalOptions
	io       *IOStreams
	PerStaff string
	Session  string
	Force    bool // replace the workbooks if they exist
}

// newAvailabilityExportCmd makes "deskplan availability export" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newAvailabilityExportCmd(g *globalOptions, ios *IOStreams, runF func(*availabilityExportOptions) error) *cobra.Command {
	o := &availabilityExportOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write one availability workbook per staff member",
		Long: `Write into --per-staff DIR one workbook per staff member, named after their id (DIR/p01.xlsx):
their current availability rules on an Availability sheet with the columns, instruction line
and drop-downs of the team template, and a Read me sheet that names the person and gives the
session's days (--session, default the session that starts last), the opening hours and the
closed days for reference, with instructions. Send each person their file; import the files
they send back with deskplan availability import.`,
		Example: `  deskplan availability export --per-staff availability/
  deskplan availability export --per-staff availability/ --session jan-2027`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o := *o
			if o.PerStaff == "" {
				return flagError(cmd, "per-staff", "is required: the folder of the workbooks")
			}
			if err := refuseOverwriteDir(cmd, o.Force, o.PerStaff, ".xlsx"); err != nil {
				return err
			}
			if runF != nil {
				return runF(&o)
			}
			return runAvailabilityExport(cmd.Context(), o, ios.Out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.PerStaff, "per-staff", "", "folder to write one workbook per staff member into")
	f.StringVar(&o.Session, "session", "", "the session whose days the workbooks show (default: the session that starts last)")
	forceFlag(f, &o.Force)
	return cmd
}

func runAvailabilityExport(ctx context.Context, o availabilityExportOptions, out io.Writer) error {
	ds, err := o.g.loadDataset(ctx)
	if err != nil {
		return err
	}
	if len(ds.Staff) == 0 {
		return inputProblem("the store has no staff: import a team workbook first")
	}
	var sess *planner.Session
	if o.Session != "" || len(ds.Sessions) > 0 {
		s, err := defaultSession(ds, o.Session)
		if err != nil {
			return err
		}
		sess = &s
	}
	if err := os.MkdirAll(o.PerStaff, 0o755); err != nil {
		return err
	}
	used := map[string]bool{}
	for _, p := range ds.Staff {
		path := filepath.Join(o.PerStaff, planner.FileStem(p.ID, used)+".xlsx")
		err := writeFileAtomic(path, func(w io.Writer) error { return input.WriteStaffAvailability(w, ds, p.ID, sess) })
		if err != nil {
			return err
		}
	}
	what := ""
	if sess != nil {
		what = fmt.Sprintf(" (session %s, %s to %s)", sess.ID, sess.FirstDay, sess.LastDay)
	}
	fmt.Fprintf(out, "Wrote %d availability workbooks%s to %s\n", len(ds.Staff), what, o.PerStaff)
	return nil
}
