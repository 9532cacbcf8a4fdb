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

type importOptions struct {
	g      *globalOptions
	io     *IOStreams
	Path   string
	DryRun bool
	JSON   bool
}

// newImportCmd makes "deskplan import" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newImportCmd(g *globalOptions, ios *IOStreams, runF func(*importOptions) error) *cobra.Command {
	o := &importOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "import FILE.xlsx|DIR",
		Short: "Check a team workbook or a folder of CSV files and load it into the store",
		Long: `Check a team workbook (FILE.xlsx, one sheet per table) or a folder of CSV files (one file
per table: settings.csv, lines.csv, staff.csv, availability.csv, sessions.csv, forecast.csv,
shifttemplates.csv, closures.csv) and load it into the store in one transaction.

Everything is checked first, against the file itself and against what the store already
holds; every problem is listed with its place (file, sheet, row, column), and then nothing
is written (exit code 2). A file may hold only some tables: only those change. Rows are
matched by id, so importing the same file twice changes nothing the second time; the
availability rows given for a person replace that person's rules, and the forecast rows
given for a session replace its forecast, and the closures given replace the stored closures
of the years they touch.
"deskplan template" writes a blank workbook.`,
		Example: `  deskplan import team.xlsx
  deskplan import --dry-run forecast-jan/
  deskplan import team.xlsx --json`,
		Args: exactArgs(1, "FILE.xlsx or DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := *o
			opts.Path = args[0]
			if runF != nil {
				return runF(&opts)
			}
			return runImport(cmd.Context(), opts, ios.Out)
		},
	}
	cmd.Flags().BoolVarP(&o.DryRun, "dry-run", "n", false, "check the input only; write nothing")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print what changed per table as JSON")
	return cmd
}

func runImport(ctx context.Context, opts importOptions, out io.Writer) error {
	st, err := store.Open(ctx, opts.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	known, err := st.Dataset(ctx)
	var bad *store.ValueError
	if errors.As(err, &bad) {
		// values out of range in the store: check against the rest; the import may replace them
		known, err = bad.Dataset, nil
	}
	if err != nil {
		return err
	}
	ds, err := input.ReadContext(ctx, opts.Path, known)
	if err != nil {
		return err
	}
	tables := givenTables(ds)
	if opts.DryRun {
		if opts.JSON {
			return writeJSON(out, map[string]any{"valid": true, "tables": tables})
		}
		fmt.Fprintf(out, "%s is valid (%d tables); nothing written (--dry-run)\n", opts.Path, len(tables))
		return nil
	}
	stats, err := st.Import(ctx, ds)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(out, stats)
	}
	return printImportStats(out, opts.Path, opts.g.DB, tables, stats)
}

// givenTables names the tables the input holds.
func givenTables(ds *planner.Dataset) []string {
	var out []string
	for _, t := range []struct {
		name  string
		given bool
	}{
		{"Settings", ds.SettingsSet != nil},
		{"Lines", ds.Lines != nil},
		{"Staff", ds.Staff != nil},
		{"Availability", ds.Availability != nil},
		{"Sessions", ds.Sessions != nil},
		{"Forecast", ds.Forecast != nil},
		{"ShiftTemplates", ds.ShiftTemplates != nil},
		{"Closures", ds.Closures != nil},
	} {
		if t.given {
			out = append(out, t.name)
		}
	}
	return out
}

func printImportStats(out io.Writer, path, db string, tables []string, stats store.ImportStats) error {
	fmt.Fprintf(out, "Imported %s into %s\n", path, db)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tINSERTED\tUPDATED\tUNCHANGED\tDELETED")
	for _, t := range stats.Tables() {
		given := false
		for _, name := range tables {
			given = given || name == t.Table
		}
		if !given {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", t.Table, t.Inserted, t.Updated, t.Unchanged, t.Deleted)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if !stats.Changed() {
		fmt.Fprintln(out, "No change: the store already held this data.")
	}
	return nil
}
