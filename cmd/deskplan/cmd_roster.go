package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/rules"
	"github.com/deskplan/deskplan/planner/store"
)

// rosterSelector picks a stored roster version for export, check and roster: --version N; or
// the newest version of --session (and/or covering the day --week); by default the newest
// roster (desk.SelectRoster). The roster is evaluated on the data of the scenario it was
// planned for, under the settings it was planned with; --scenario evaluates it on a what-if
// scenario's data instead, --current-settings under today's settings (desk.Evaluation).
type rosterSelector struct {
	Version         int
	Session         string
	Week            string
	Scenario        string
	CurrentSettings bool
}

// addFlags registers the selector's flags; withWeek adds --session and --week.
func (s *rosterSelector) addFlags(f *pflag.FlagSet, withWeek bool) {
	f.IntVar(&s.Version, "version", 0, "roster version (see deskplan roster list); default the newest")
	if withWeek {
		f.StringVar(&s.Session, "session", "", "the newest roster of this exam session")
		f.StringVar(&s.Week, "week", "", "the newest roster covering this day, YYYY-MM-DD")
	}
	s.addEvalFlags(f)
}

// addEvalFlags registers the flags that say what a stored roster is evaluated on.
func (s *rosterSelector) addEvalFlags(f *pflag.FlagSet) {
	f.StringVar(&s.Scenario, "scenario", "", "evaluate on this what-if scenario's data (default: the one the roster was planned for)")
	f.BoolVar(&s.CurrentSettings, "current-settings", false, "evaluate under the settings in the store today, not those the roster was planned with")
}

// check rejects contradictory flags as usage errors.
func (s rosterSelector) check(cmd *cobra.Command) error {
	if s.Version < 0 {
		return flagError(cmd, "version", "must be positive, got %d", s.Version)
	}
	if s.Version > 0 && (s.Session != "" || s.Week != "") {
		return flagError(cmd, "version", "picks one roster: give it without --session and --week")
	}
	if s.Week != "" {
		if _, err := calendar.ParseDate(s.Week); err != nil {
			return flagError(cmd, "week", "%v", err)
		}
	}
	return nil
}

// evaluation says what the selected roster is evaluated on.
func (s rosterSelector) evaluation() desk.Evaluation {
	return desk.Evaluation{Scenario: s.Scenario, CurrentSettings: s.CurrentSettings}
}

// load returns the selected roster with its shifts, the dataset to evaluate it on and the
// report of what it delivers.
func (s rosterSelector) load(ctx context.Context, st *store.Store) (*planner.Roster, *planner.Dataset, *planner.Report, error) {
	r, err := s.roster(ctx, st)
	if err != nil {
		return nil, nil, nil, err
	}
	ds, rep, err := s.evaluation().Evaluate(ctx, st, r)
	if err != nil {
		return nil, nil, nil, err
	}
	return r, ds, rep, nil
}

// scenarioFor is the scenario to evaluate a roster planned for planned on: --scenario, or
// planned.
func (s rosterSelector) scenarioFor(planned string) string {
	return s.evaluation().ScenarioFor(planned)
}

// roster returns the selected roster (checked by check).
func (s rosterSelector) roster(ctx context.Context, st *store.Store) (*planner.Roster, error) {
	sel := desk.Selection{Version: s.Version, Session: s.Session}
	if s.Week != "" {
		sel.Week, _ = calendar.ParseDate(s.Week) // checked by check
	}
	return desk.SelectRoster(ctx, st, sel)
}

// inputProblem is a bad-input error (exit code 2) without a place.
func inputProblem(format string, args ...any) error {
	var e planner.InputError
	e.Add(planner.Place{}, format, args...)
	return e.Err()
}

// rulesError reports that a roster breaks hard rules. It unwraps to a
// *planner.InfeasibleError, so exitCode gives it the exit code of a plan that cannot keep
// the rules: 3.
type rulesError struct {
	Version    int
	Violations []planner.Violation
	What       string // what was refused, e.g. "not published"; "" for check
}

func (e *rulesError) Error() string {
	n := len(e.Violations)
	s := fmt.Sprintf("the roster breaks %d rule", n)
	if e.Version > 0 {
		s = fmt.Sprintf("roster v%d breaks %d rule", e.Version, n)
	}
	if n != 1 {
		s += "s"
	}
	if e.What != "" {
		s += ": " + e.What
	}
	return s
}

func (e *rulesError) Unwrap() error {
	inf := &planner.InfeasibleError{}
	for _, v := range e.Violations {
		inf.Reasons = append(inf.Reasons, "["+v.Rule+"] "+v.Msg)
	}
	return inf
}

// newRosterCmd makes "deskplan roster", which groups the commands under it.
func newRosterCmd(g *globalOptions, ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "roster",
		Short: "List, show and publish roster versions",
		Long: `Every "deskplan plan" saves its roster as a new draft version. List them, show what a
version delivers (re-evaluated on the data in the store, under the settings it was planned with;
--current-settings: today's), and publish the one staff will work.`,
	}
	cmd.AddCommand(newRosterListCmd(g, ios, nil))
	cmd.AddCommand(newRosterShowCmd(g, ios, nil))
	cmd.AddCommand(newRosterPublishCmd(g, ios, nil))
	cmd.AddCommand(newRosterDiffCmd(g, ios, nil))
	cmd.AddCommand(newRosterSimulateCmd(g, ios, nil))
	cmd.AddCommand(newRosterSwapCmd(g, ios, nil))
	return cmd
}

type rosterListOptions struct {
	g    *globalOptions
	io   *IOStreams
	JSON bool
}

// newRosterListCmd makes "deskplan roster list" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newRosterListCmd(g *globalOptions, ios *IOStreams, runF func(*rosterListOptions) error) *cobra.Command {
	o := &rosterListOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the roster versions, newest first",
		Example: "  deskplan roster list\n  deskplan roster list --json | jq '.[] | select(.status == \"published\")'",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runRosterList(cmd.Context(), *o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

type rosterShowOptions struct {
	g        *globalOptions
	io       *IOStreams
	Selector rosterSelector
	JSON     bool
}

// newRosterShowCmd makes "deskplan roster show" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newRosterShowCmd(g *globalOptions, ios *IOStreams, runF func(*rosterShowOptions) error) *cobra.Command {
	o := &rosterShowOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "show N",
		Short: "Show what roster version N delivers",
		Long: `Show roster version N re-evaluated on the data in the store (or on --scenario), under the
settings it was planned with (--current-settings: under today's settings): per day the
calls and the service it delivers, the worst slots, each person's hours against contract and
the rules it breaks. The same summary as deskplan plan prints; --json gives the same fields.`,
		Example: "  deskplan roster show 3\n  deskplan roster show 3 --json | jq .days",
		Args:    exactArgs(1, "a roster version N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := versionArg(cmd, args[0])
			if err != nil {
				return err
			}
			o := *o
			o.Selector.Version = v
			if runF != nil {
				return runF(&o)
			}
			return runRosterShow(cmd.Context(), o, ios.Out)
		},
	}
	f := cmd.Flags()
	o.Selector.addEvalFlags(f)
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

type rosterPublishOptions struct {
	g     *globalOptions
	io    *IOStreams
	Force bool
	// CurrentSettings checks the roster under today's settings, not those it was planned with.
	CurrentSettings bool
}

// newRosterPublishCmd makes "deskplan roster publish" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newRosterPublishCmd(g *globalOptions, ios *IOStreams, runF func(*rosterPublishOptions) error) *cobra.Command {
	o := &rosterPublishOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "publish N",
		Short: "Publish roster version N",
		Long: `Mark roster version N as published: the version staff work. A roster that breaks a hard
rule (see deskplan check --version N) is not published (exit code 3), nor one whose days have
no calls forecast (exit code 2: its paid hours would answer no call), unless --force is given.`,
		Example: "  deskplan roster publish 3",
		Args:    exactArgs(1, "a roster version N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := versionArg(cmd, args[0])
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runRosterPublish(cmd.Context(), v, *o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.Force, "force", false, "publish even if the roster breaks rules or its days have no calls forecast")
	cmd.Flags().BoolVar(&o.CurrentSettings, "current-settings", false, "check the rules under the settings in the store today, not those the roster was planned with")
	return cmd
}

// versionArg parses a roster version argument.
func versionArg(cmd *cobra.Command, s string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v <= 0 {
		return 0, usageError{err: fmt.Errorf("roster version %q is not a positive number", s), cmd: cmd}
	}
	return v, nil
}

// rosterItem is a roster version in roster list --json.
type rosterItem struct {
	rosterHeader
	CreatedAt  time.Time `json:"created_at"`
	Objective  *float64  `json:"objective"`
	LowerBound *float64  `json:"lower_bound"`
}

func finitePtr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func runRosterList(ctx context.Context, o rosterListOptions, out io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	all, err := st.Rosters(ctx)
	if err != nil {
		return err
	}
	if o.JSON {
		items := make([]rosterItem, len(all))
		for i, r := range all {
			items[i] = rosterItem{rosterHeader: header(&r), CreatedAt: r.CreatedAt,
				Objective: finitePtr(r.Objective), LowerBound: finitePtr(r.LowerBound)}
		}
		return writeJSON(out, items)
	}
	if len(all) == 0 {
		fmt.Fprintln(out, "No roster yet: run deskplan plan.")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTATUS\tSESSION\tSCENARIO\tFROM\tTO\tSEED\tMETHOD\tOBJECTIVE\tCREATED")
	for _, r := range all {
		obj := "-"
		if p := finitePtr(r.Objective); p != nil {
			obj = strconv.FormatFloat(*p, 'f', 2, 64)
		}
		sc := r.Scenario
		if sc == "" {
			sc = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.Version, r.Status, r.SessionID, sc,
			r.From, r.To, r.Seed, r.Method, obj, r.CreatedAt.Local().Format("2006-01-02 15:04"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d roster version(s)\n", len(all))
	return nil
}

// header is the roster's identity as --json prints it.
func header(r *planner.Roster) rosterHeader {
	return rosterHeader{Version: r.Version, Session: r.SessionID, Scenario: r.Scenario,
		From: r.From.String(), To: r.To.String(), Seed: r.Seed, Status: string(r.Status), Method: r.Method}
}

func runRosterShow(ctx context.Context, o rosterShowOptions, out io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	r, ds, rep, err := o.Selector.load(ctx, st)
	if err != nil {
		return err
	}
	// A roster saved without objective or bound keeps NaN: JSON has no NaN.
	if math.IsNaN(r.Objective) {
		r.Objective = 0
	}
	if math.IsNaN(r.LowerBound) {
		r.LowerBound = 0
	}
	if o.JSON {
		return writeJSON(out, newPlanOutput(r, rep))
	}
	return printSummary(out, ds, r, rep)
}

func runRosterPublish(ctx context.Context, version int, o rosterPublishOptions, out io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	r, ds, rep, err := rosterSelector{Version: version, CurrentSettings: o.CurrentSettings}.load(ctx, st)
	if err != nil {
		return err
	}
	if r.Status == planner.Published {
		fmt.Fprintf(out, "Roster v%d is published already.\n", version)
		return nil
	}
	if rep.Calls <= 0 && !o.Force {
		return inputProblem("roster v%d is not published: the forecast of session %s has no calls from %s to %s, so its %.1f paid hours answer no call (deskplan forecast show --session %s; --force publishes it anyway)",
			version, r.SessionID, r.From, r.To, rep.PaidHours, r.SessionID)
	}
	if vs := rules.HardViolations(rules.Check(ds, r)); len(vs) > 0 && !o.Force {
		return &rulesError{Version: version, Violations: vs,
			What: fmt.Sprintf("not published (see deskplan check --version %d; --force publishes it anyway)", version)}
	}
	if err := st.Publish(ctx, version); err != nil {
		return err
	}
	fmt.Fprintf(out, "Roster v%d published: session %s, %s to %s.\n", version, r.SessionID, r.From, r.To)
	return nil
}
