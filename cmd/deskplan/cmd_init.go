package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner/store"
)

// initOptions are the options of deskplan init: the store to create (--db).
type initOptions struct {
	g  *globalOptions
	io *IOStreams
}

// newInitCmd makes "deskplan init" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newInitCmd(g *globalOptions, ios *IOStreams, runF func(*initOptions) error) *cobra.Command {
	o := &initOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create the store with default settings",
		Long: `Create the deskplan store (a SQLite file, --db) with default settings: open Monday
to Saturday 07:30-19:30 (Europe/Brussels), 30-minute slots, 80% of calls answered within
60 s, occupancy at most 85%, no shrinkage. Running it on an existing store only applies
pending migrations; data and settings already there are kept.`,
		Example: `  deskplan init
  deskplan --db exams.db init`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runInit(cmd.Context(), g.DB, ios.Out)
		},
	}
	return cmd
}

func runInit(ctx context.Context, path string, out io.Writer) error {
	st, err := store.Init(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(out, "store ready: %s\n", path)
	return nil
}
