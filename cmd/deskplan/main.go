// Command deskplan staffs a university IT helpdesk during exam sessions: it turns call
// forecasts into staff needed per slot, plans rosters for named staff, and exports them to
// Excel.
//
// Each command lives in its own file (cmd_<noun>_<verb>.go) and registers itself on cmdRoot
// in an init function. RunE only fills an options struct and calls a run function; the work is
// done by the planner and solver packages. Exit codes are decided once, here, from the
// returned error (see exitCode).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the desk's time zone works where the system has no zone database

	"github.com/spf13/cobra"

	"deskplan/planner"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// globalOptions holds the flags shared by every command.
type globalOptions struct {
	DB string // path of the SQLite store
}

var globalOpts globalOptions

var cmdRoot = &cobra.Command{
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

func init() {
	def := os.Getenv("DESKPLAN_DB")
	if def == "" {
		def = "deskplan.db"
	}
	cmdRoot.PersistentFlags().StringVar(&globalOpts.DB, "db", def, "path of the deskplan store (env DESKPLAN_DB)")
	cmdRoot.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{err: err, cmd: c}
	})
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

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1
	exitBadInput    = 2
	exitInfeasible  = 3
	exitInterrupted = 130
)

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	var ue usageError
	var ie *planner.InputError
	var inf *planner.InfeasibleError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.As(err, &ie):
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
// main without os.Exit, so tests (and testscript) can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmdRoot.SetArgs(args)
	cmdRoot.SetOut(stdout)
	cmdRoot.SetErr(stderr)
	err := cmdRoot.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "deskplan: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) && ue.cmd != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", ue.cmd.CommandPath())
	}
	return exitCode(err)
}

// runMain runs the command line of the process with Ctrl-C (and SIGTERM) cancelling its
// context, and returns the exit code.
func runMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

func main() { os.Exit(runMain()) }
