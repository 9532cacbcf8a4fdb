package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"deskplan/planner"
	"deskplan/planner/demo"
	"deskplan/planner/store"
)

type demoOptions struct {
	Output string
	Seed   int64
	JSON   bool
}

var demoOpts demoOptions

var cmdDemo = &cobra.Command{
	Use:   "demo",
	Short: "Plan the first exam week of the embedded demo data and write its roster workbook",
	Long: `Import the embedded demo data (an invented university exam helpdesk: two lines, 22 staff,
the January 2027 session and its forecast) into a temporary store, plan its first exam week
and write the roster workbook. "deskplan init" followed by "deskplan import testdata/demo.xlsx"
gives a store holding the same data.`,
	Example: `  deskplan demo -o roster.xlsx`,
	Args:    noArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		return runDemo(cmd.Context(), demoOpts, cmd.OutOrStdout(), cmd.ErrOrStderr())
	},
}

func init() {
	cmdDemo.Flags().StringVarP(&demoOpts.Output, "output", "o", "roster.xlsx", "roster workbook to write")
	cmdDemo.Flags().Int64Var(&demoOpts.Seed, "seed", 1, "random seed of the planner")
	cmdDemo.Flags().BoolVar(&demoOpts.JSON, "json", false, "print the plan as JSON instead of the summary")
	cmdRoot.AddCommand(cmdDemo)
}

func runDemo(ctx context.Context, opts demoOptions, out, errw io.Writer) error {
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
	r, rep, err := planner.Plan(ctx, ds, planner.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: opts.Seed,
		Effort: planner.DefaultEffort, Workers: 2})
	if err != nil {
		return err
	}
	if _, err := st.SaveRoster(ctx, r); err != nil {
		return err
	}
	if err := writeRosterFile(opts.Output, ds, r, rep); err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(out, newPlanOutput(r, rep))
	}
	if err := printSummary(out, ds, r, rep); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nRoster workbook written to %s\n", opts.Output)
	return nil
}
