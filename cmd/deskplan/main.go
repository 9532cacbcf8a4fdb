// Command deskplan staffs a university IT helpdesk during exam sessions: it turns call
// forecasts into staff needed per slot, plans rosters for named staff, and exports them to
// Excel.
//
// Each command lives in its own file (cmd_<noun>_<verb>.go) and is made by a constructor,
// newXCmd(g, ios, runF), that takes the global options and the IOStreams and makes the
// command's options struct afresh; newRootCmd assembles the tree per run, so no flag value
// outlives a run. RunE only fills the options struct and calls one run function (or runF, in
// tests), which calls one use case of the planner packages (planner/desk for those over the
// store). Exit codes are decided once, here, from the
// returned error (see exitCode).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // the desk's time zone works where the system has no zone database

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/store"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// globalOptions holds the flags shared by every command; newRootCmd makes one per run.
type globalOptions struct {
	DB string // path of the SQLite store
}

// newRootCmd builds the whole command tree, with fresh options, writing to ios. Nothing of a
// run stays behind for the next: a test (or testscript) may build and run as many as it likes.
func newRootCmd(ios *IOStreams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "deskplan",
		Short: "Plan helpdesk staffing and rosters for exam sessions",
		Long: `deskplan staffs a university IT helpdesk during exam sessions.

It turns forecast call volumes into agents needed per slot (Erlang C and Erlang A),
builds weekly rosters for named staff that respect availability, contracts, labour
rules and training status, and exports them to Excel.

Data lives in a SQLite store (--db, default deskplan.db or $DESKPLAN_DB).
Run "deskplan demo -o roster.xlsx" to see it work on invented demo data.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	def := os.Getenv("DESKPLAN_DB")
	if def == "" {
		def = "deskplan.db"
	}
	root.PersistentFlags().StringVar(&g.DB, "db", def, "path of the deskplan store (env DESKPLAN_DB)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{err: flagSuggestion(c, err), cmd: c}
	})
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetIn(ios.In)
	root.AddCommand(
		newInitCmd(g, ios, nil),
		newTemplateCmd(g, ios, nil),
		newImportCmd(g, ios, nil),
		newStaffCmd(g, ios),
		newSessionCmd(g, ios),
		newAvailabilityCmd(g, ios),
		newClosuresCmd(g, ios),
		newHistoryCmd(g, ios),
		newExamsCmd(g, ios),
		newForecastCmd(g, ios),
		newStaffingCmd(g, ios, nil),
		newRequirementsCmd(g, ios, nil),
		newSizeCmd(g, ios, nil),
		newPlanCmd(g, ios, nil),
		newRosterCmd(g, ios),
		newCheckCmd(g, ios, nil),
		newExportCmd(g, ios, nil),
		newScenarioCmd(g, ios),
		newCompareCmd(g, ios, nil),
		newDemoCmd(g, ios, nil),
		newVersionCmd(g, ios, nil),
	)
	refuseUnknownCommands(root)
	registerCompletions(root, g)
	return root
}

// usageError is a mistake in the command line: exit code 2, and the usage is printed.
type usageError struct {
	err error
	cmd *cobra.Command
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// flagError reports a flag whose value is not acceptable; it is a usage error.
func flagError(c *cobra.Command, flag string, format string, args ...any) error {
	return usageError{err: fmt.Errorf("--%s: %s", flag, fmt.Sprintf(format, args...)), cmd: c}
}

// Exit codes (docs/exit-codes.md).
const (
	exitOK          = 0
	exitFailure     = 1
	exitBadInput    = 2
	exitInfeasible  = 3
	exitInterrupted = 130
)

// exitCode maps an error returned by a command to the process exit code: bad usage, bad input
// and a --db that names no store are 2; a cancelled context (Ctrl-C, SIGTERM) is 130, even
// when the command kept what it had done (a plan saves its best roster).
func exitCode(err error) int {
	var ue usageError
	var ie *planner.InputError
	var inf *planner.InfeasibleError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.As(err, &ie),
		errors.Is(err, store.ErrNotInitialised), errors.Is(err, store.ErrNotStore):
		return exitBadInput
	case errors.As(err, &inf):
		return exitInfeasible
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	default:
		return exitFailure
	}
}

// run executes the command line args with the given streams and returns the exit code. It is
// main without os.Exit, so tests (and testscript) can call it. What the command prints on
// stdout, and the error, go out without control characters (see printableWriter).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	ios := writerIO(stdout, stderr)
	if stdout == os.Stdout && stderr == os.Stderr {
		ios = systemIO()
	}
	return runWith(ctx, args, ios)
}

// runWith executes args on a fresh command tree writing to ios and returns the exit code.
func runWith(ctx context.Context, args []string, ios *IOStreams) int {
	stdout := ios.Out
	out := &printableWriter{w: stdout}
	cmdIO := *ios
	cmdIO.Out = out
	root := newRootCmd(&cmdIO)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(ios.ErrOut, "deskplan: %s\n", printable(err.Error()))
	var ue usageError
	if errors.As(err, &ue) && ue.cmd != nil {
		fmt.Fprintf(ios.ErrOut, "Run '%s --help' for usage.\n", ue.cmd.CommandPath())
	}
	return exitCode(err)
}

// refuseUnknownCommands makes every command that only groups others (deskplan, deskplan
// staff...) print its help when called alone and refuse anything else as a usage error
// (cobra would print the help with exit code 0, or fail with exit code 1).
func refuseUnknownCommands(c *cobra.Command) {
	if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
			if cmd.SuggestionsMinimumDistance <= 0 {
				cmd.SuggestionsMinimumDistance = 2 // cobra's default, set on the root only
			}
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
			}
			return usageError{err: errors.New(msg), cmd: cmd}
		}
		c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
	}
	for _, sub := range c.Commands() {
		refuseUnknownCommands(sub)
	}
}

// runMain runs the command line of the process with Ctrl-C (and SIGTERM) cancelling its
// context, and returns the exit code.
func runMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runWith(ctx, os.Args[1:], systemIO())
}

func main() { os.Exit(runMain()) }
