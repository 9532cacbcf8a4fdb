package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/forecast"
	"github.com/deskplan/deskplan/planner/store"
)

// newHistoryCmd makes "deskplan history", which groups the commands under it.
func newHistoryCmd(g *globalOptions, ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Keep the desk's call history, from which forecasts are built",
	}
	cmd.AddCommand(newHistoryImportCmd(g, ios, nil))
	return cmd
}

type historyImportOptions struct {
	g      *globalOptions
	io     *IOStreams
	Path   string
	DryRun bool
	JSON   bool
}

// newHistoryImportCmd makes "deskplan history import" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newHistoryImportCmd(g *globalOptions, ios *IOStreams, runF func(*historyImportOptions) error) *cobra.Command {
	o := &historyImportOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "import CALLS.csv",
		Short: "Check a call log and add its calls to the store's history",
		Long: `Check a call log (CSV, one header row, one row per call) and add its calls to the call
history in the store, in one transaction.

Columns, in any order (header names are case-insensitive; other columns are ignored):
  arrival         when the call reached the queue: RFC 3339 (2026-06-08T09:31:05+02:00), or
                  a local time in the desk's time_zone setting (2026-06-08 09:31:05)
  line            the line called, e.g. LLN
  wait_seconds    seconds waited until answered, or until the caller hung up
  handle_seconds  talk + wrap-up seconds (or talk_seconds and wrap_seconds); empty or 0 for
                  an abandoned call
  abandoned       the caller hung up before an answer: true/false, yes/no, y/n or 1/0
A file whose header has only semicolons is read as semicolon-separated, with decimal commas.

Every bad row is listed with its line number and column, and then nothing is written (exit
code 2). A call equal in every field to a stored one is the same call: importing a log twice,
or two exports that overlap, adds each call once.`,
		Example: `  deskplan history import calls-2026-06.csv
  deskplan history import --dry-run calls.csv
  deskplan history import calls.csv --json | jq .added`,
		Args: exactArgs(1, "CALLS.csv"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := *o
			opts.Path = args[0]
			if runF != nil {
				return runF(&opts)
			}
			return runHistoryImport(cmd.Context(), opts, ios.Out, ios.ErrOut)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&o.DryRun, "dry-run", "n", false, "check the file only; write nothing")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

// historyImportOutput is what history import prints with --json.
type historyImportOutput struct {
	File    string               `json:"file"`
	Read    int                  `json:"read"`
	Lines   []lineCount          `json:"lines"`
	First   time.Time            `json:"first,omitzero"`
	Last    time.Time            `json:"last,omitzero"`
	DryRun  bool                 `json:"dry_run,omitempty"`
	Added   int                  `json:"added"`
	Already int                  `json:"already_stored"`
	History store.HistorySummary `json:"history"`
}

type lineCount struct {
	Line  string `json:"line"`
	Calls int    `json:"calls"`
	Known bool   `json:"known"` // a line of the store
}

func runHistoryImport(ctx context.Context, opts historyImportOptions, out, errOut io.Writer) error {
	st, ds, err := opts.g.openDataset(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	loc, err := ds.Settings.Location()
	if err != nil {
		return err
	}
	calls, err := readInputFile(opts.Path, func(r io.Reader) ([]forecast.Call, error) {
		return forecast.ReadCalls(r, opts.Path, loc)
	})
	if err != nil {
		return err
	}
	o := historyImportOutput{File: opts.Path, Read: len(calls), DryRun: opts.DryRun}
	o.Lines = countLines(ds, calls)
	for _, c := range calls {
		if o.First.IsZero() || c.Arrival.Before(o.First) {
			o.First = c.Arrival
		}
		if c.Arrival.After(o.Last) {
			o.Last = c.Arrival
		}
	}
	for _, l := range o.Lines {
		if !l.Known {
			fmt.Fprintf(errOut, "deskplan: warning: %s: line %s is not a line of the store (%s): its calls are kept, but no forecast is built for it\n",
				opts.Path, l.Line, desk.KnownLines(ds))
		}
	}
	if !opts.DryRun {
		if o.Added, err = st.ImportCalls(ctx, calls); err != nil {
			return err
		}
		o.Already = len(calls) - o.Added
	}
	if o.History, err = st.History(ctx); err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(out, o)
	}
	fmt.Fprintf(out, "Read %d calls from %s", o.Read, o.File)
	if o.Read > 0 {
		parts := make([]string, len(o.Lines))
		for i, l := range o.Lines {
			parts[i] = fmt.Sprintf("%s %d", l.Line, l.Calls)
		}
		fmt.Fprintf(out, " (%s; %s to %s)", strings.Join(parts, ", "), o.First.Format(time.DateOnly), o.Last.Format(time.DateOnly))
	}
	fmt.Fprintln(out)
	if opts.DryRun {
		fmt.Fprintf(out, "%s is valid; nothing written (--dry-run)\n", o.File)
		return nil
	}
	fmt.Fprintf(out, "Added %d calls to %s (%d already stored)\n", o.Added, opts.g.DB, o.Already)
	return printHistory(out, o.History)
}

// readInputFile opens path and reads it with read; a file that cannot be opened is bad
// input naming the file.
func readInputFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		var ie planner.InputError
		ie.Add(planner.Place{File: path}, "cannot read: %v", err)
		return zero, &ie
	}
	defer f.Close()
	return read(f)
}

// countLines counts the calls per line, lines in id order.
func countLines(ds *planner.Dataset, calls []forecast.Call) []lineCount {
	n := map[string]int{}
	for _, c := range calls {
		n[c.Line]++
	}
	out := []lineCount{}
	for line, k := range n {
		out = append(out, lineCount{Line: line, Calls: k, Known: desk.HasLine(ds, line)})
	}
	slices.SortFunc(out, func(a, b lineCount) int { return strings.Compare(a.Line, b.Line) })
	return out
}

// printHistory prints what the store's history holds.
func printHistory(out io.Writer, h store.HistorySummary) error {
	fmt.Fprintf(out, "History: %d calls", h.Calls)
	if h.Exams > 0 {
		fmt.Fprintf(out, "; timetable: %d exams on %d days, %s to %s", h.Exams, h.ExamDays, h.FirstExam, h.LastExam)
	}
	fmt.Fprintln(out)
	if len(h.Lines) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tCALLS\tABANDONED\tFIRST\tLAST")
	for _, l := range h.Lines {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\n", l.Line, l.Calls, l.Abandoned,
			l.First.Format(time.DateTime), l.Last.Format(time.DateTime))
	}
	return tw.Flush()
}
