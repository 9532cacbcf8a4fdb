package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/scenario"
	"github.com/deskplan/deskplan/planner/store"
)

// newScenarioCmd makes "deskplan scenario", which groups the commands under it.
func newScenarioCmd(g *globalOptions, ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario",
		Short: "Create, list, show and delete what-if scenarios",
		Long: `A scenario is a named set of changes on top of the data in the store (the scenario "base")
or on top of another scenario (--from). Plan it with "deskplan plan --scenario NAME", compare
several with "deskplan compare". The store's data is never changed by a scenario.`,
	}
	cmd.AddCommand(newScenarioCreateCmd(g, ios, nil))
	cmd.AddCommand(newScenarioListCmd(g, ios, nil))
	cmd.AddCommand(newScenarioShowCmd(g, ios, nil))
	cmd.AddCommand(newScenarioDeleteCmd(g, ios, nil))
	return cmd
}

type scenarioCreateOptions struct {
	g       *globalOptions
	io      *IOStreams
	From    string
	Note    string
	Replace bool
	Changes map[scenario.ChangeKind]*[]string
}

var changeHelp = map[scenario.ChangeKind]string{
	scenario.ChangeCalls:     `calls x factor: "+20%", "LLN:+20%", "2027-01-05:x1.5", "08:00-10:00:+30%", "LLN,2027-01-05:=0"`,
	scenario.ChangeAHT:       `handle time: "+10%", "=420" or "420s" (seconds), "MONS:7m"; scopes as --calls`,
	scenario.ChangePatience:  `callers' patience: "-20%", "=120"; scopes as --calls`,
	scenario.ChangeTarget:    `service target PERCENT/SECONDS: "90/60s"`,
	scenario.ChangeOccupancy: `max occupancy: "0.9" or "90%"`,
	scenario.ChangeShrinkage: `shrinkage: "10%"`,
	scenario.ChangeWithout:   `staff removed: "p03,p07" (ids, or names that match one person)`,
	scenario.ChangeAdd:       `extra staff "COUNT STATUS HOURS [coordinator] [LINES]": "3 qualified 20h", "2 trainee 10-15h LLN"`,
	scenario.ChangeStatus:    `status changed: "p12=qualified,p13=mentor"`,
	scenario.ChangeOpen:      `opening hours: "07:30-20:00"`,
	scenario.ChangeDays:      `open days: "MO-FR"`,
	scenario.ChangeMaxShift:  `longest shift of every shift template: "9h", "7h30"`,
	scenario.ChangeSet:       `any setting KEY=VALUE: "min_rest_hours=12"`,
}

// newScenarioCreateCmd makes "deskplan scenario create" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newScenarioCreateCmd(g *globalOptions, ios *IOStreams, runF func(*scenarioCreateOptions) error) *cobra.Command {
	o := &scenarioCreateOptions{g: g, io: ios, Changes: map[scenario.ChangeKind]*[]string{}}
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a scenario from changes given as flags",
		Long: `Create a scenario: each flag is a change, and may be repeated. Changes apply in the order
of the flags listed below (all --calls, then all --aht, ...), each kind in the order given. The
scenario is checked against the data now (unknown staff ids or lines are refused).`,
		Example: `  deskplan scenario create plus20 --calls +20%
  deskplan scenario create lean --from plus20 --without p03,p07 --add "3 qualified 20h" --target 90/60s
  deskplan scenario create late --open 07:30-20:00 --calls "19:30-20:00:=4"`,
		Args: exactArgs(1, "a scenario NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := o.scenario(cmd, args[0])
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runScenarioCreate(cmd.Context(), g, sc, o.Replace, ios.Out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.From, "from", scenario.Base, "the scenario this one builds on")
	f.StringVar(&o.Note, "note", "", "a note shown by scenario list")
	f.BoolVar(&o.Replace, "replace", false, "replace a scenario of the same name")
	for _, k := range scenario.ChangeKinds {
		v := new([]string)
		o.Changes[k] = v
		f.StringArrayVar(v, string(k), nil, changeHelp[k])
	}
	return cmd
}

func (o scenarioCreateOptions) scenario(cmd *cobra.Command, name string) (scenario.Scenario, error) {
	sc := scenario.Scenario{Name: name, From: o.From, Note: o.Note}
	if err := scenario.ValidName(name); err != nil {
		return sc, usageError{err: err, cmd: cmd}
	}
	for _, k := range scenario.ChangeKinds {
		for _, text := range *o.Changes[k] {
			c, err := scenario.ParseChange(string(k), text)
			if err != nil {
				return sc, usageError{err: err, cmd: cmd}
			}
			sc.Changes = append(sc.Changes, c)
		}
	}
	if len(sc.Changes) == 0 {
		return sc, usageError{err: fmt.Errorf("a scenario needs at least one change (see --help)"), cmd: cmd}
	}
	return sc, nil
}

func runScenarioCreate(ctx context.Context, g *globalOptions, sc scenario.Scenario, replace bool, out io.Writer) error {
	st, err := store.Open(ctx, g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	from := sc.From
	if from == "" {
		from = scenario.Base
	}
	base, err := desk.ScenarioDataset(ctx, st, from)
	if err != nil {
		return err
	}
	if _, err := sc.Apply(base); err != nil {
		return err
	}
	if err := st.SaveScenario(ctx, sc, replace); err != nil {
		if errors.Is(err, store.ErrExists) {
			return &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("scenario %s exists already: delete it or give --replace", sc.Name)}}}
		}
		return err
	}
	fmt.Fprintf(out, "Scenario %s saved (%d changes on %s)\n", sc.Name, len(sc.Changes), from)
	return nil
}

type scenarioListOptions struct {
	g    *globalOptions
	io   *IOStreams
	JSON bool
}

// newScenarioListCmd makes "deskplan scenario list" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newScenarioListCmd(g *globalOptions, ios *IOStreams, runF func(*scenarioListOptions) error) *cobra.Command {
	o := &scenarioListOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the scenarios",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runScenarioList(cmd.Context(), *o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runScenarioList(ctx context.Context, opts scenarioListOptions, out io.Writer) error {
	st, err := store.Open(ctx, opts.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.Scenarios(ctx)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(out, list)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tFROM\tCHANGES\tNOTE")
	for _, sc := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", sc.Name, sc.From, changeList(sc.Changes), sc.Note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d scenarios\n", len(list))
	return nil
}

func changeList(cs []scenario.Change) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.String()
	}
	return strings.Join(s, " ")
}

type scenarioShowOptions struct {
	g    *globalOptions
	io   *IOStreams
	JSON bool
}

// newScenarioShowCmd makes "deskplan scenario show" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newScenarioShowCmd(g *globalOptions, ios *IOStreams, runF func(*scenarioShowOptions) error) *cobra.Command {
	o := &scenarioShowOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a scenario's changes and their effect on the data",
		Args:  exactArgs(1, "a scenario NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runScenarioShow(cmd.Context(), args[0], *o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

// scenarioEffect is what a scenario changes in the data, in figures.
type scenarioEffect struct {
	Staff         [2]int                `json:"staff"` // base, scenario
	SessionsCalls map[string][2]float64 `json:"session_calls"`
	Target        [2]string             `json:"target"`
	Open          [2]string             `json:"opening_hours"`
}

func runScenarioShow(ctx context.Context, name string, opts scenarioShowOptions, out io.Writer) error {
	st, err := store.Open(ctx, opts.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	sc, err := st.Scenario(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return &planner.InputError{Problems: []planner.Problem{{Msg: err.Error()}}}
	} else if err != nil {
		return err
	}
	base, err := st.Dataset(ctx)
	if err != nil {
		return err
	}
	ds, err := desk.ScenarioDataset(ctx, st, name)
	if err != nil {
		return err
	}
	eff := scenarioEffect{Staff: [2]int{len(base.Staff), len(ds.Staff)}, SessionsCalls: map[string][2]float64{}}
	target := func(d *planner.Dataset) string {
		return fmt.Sprintf("%g%%/%ds", d.Settings.TargetPercent, d.Settings.TargetSeconds)
	}
	hours := func(d *planner.Dataset) string {
		return fmt.Sprintf("%s %s-%s", formatDays(d), d.Settings.Open, d.Settings.Close)
	}
	eff.Target = [2]string{target(base), target(ds)}
	eff.Open = [2]string{hours(base), hours(ds)}
	for _, s := range base.Sessions {
		var calls [2]float64
		for i, d := range []*planner.Dataset{base, ds} {
			if dm, err := planner.BuildDemand(d, s.ID, s.FirstDay, s.LastDay); err == nil {
				calls[i] = dm.Calls()
			}
		}
		eff.SessionsCalls[s.ID] = calls
	}
	if opts.JSON {
		return writeJSON(out, struct {
			store.StoredScenario
			Effect scenarioEffect `json:"effect"`
		}{sc, eff})
	}
	fmt.Fprintf(out, "Scenario %s (from %s)\n", sc.Name, sc.From)
	if sc.Note != "" {
		fmt.Fprintf(out, "Note: %s\n", sc.Note)
	}
	fmt.Fprintln(out, "Changes:")
	for _, c := range sc.Changes {
		fmt.Fprintf(out, "  %s\n", c)
	}
	fmt.Fprintln(out, "Effect on the data (base -> scenario):")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  staff\t%d\t%d\n", eff.Staff[0], eff.Staff[1])
	fmt.Fprintf(tw, "  target\t%s\t%s\n", eff.Target[0], eff.Target[1])
	fmt.Fprintf(tw, "  opening hours\t%s\t%s\n", eff.Open[0], eff.Open[1])
	for _, s := range base.Sessions {
		c := eff.SessionsCalls[s.ID]
		fmt.Fprintf(tw, "  calls %s\t%.0f\t%.0f\n", s.ID, c[0], c[1])
	}
	return tw.Flush()
}

func formatDays(d *planner.Dataset) string {
	s := make([]string, len(d.Settings.OpenDays))
	for i, wd := range d.Settings.OpenDays {
		s[i] = wd.String()[:2]
	}
	return strings.ToUpper(strings.Join(s, ","))
}

// scenarioDeleteOptions are the options of scenario delete.
type scenarioDeleteOptions struct {
	g    *globalOptions
	io   *IOStreams
	Name string
}

// newScenarioDeleteCmd makes "deskplan scenario delete" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newScenarioDeleteCmd(g *globalOptions, ios *IOStreams, runF func(*scenarioDeleteOptions) error) *cobra.Command {
	o := &scenarioDeleteOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a scenario",
		Args:  exactArgs(1, "a scenario NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Name = args[0]
			if runF != nil {
				return runF(o)
			}
			return runScenarioDelete(cmd.Context(), o)
		},
	}
	return cmd
}

func runScenarioDelete(ctx context.Context, o *scenarioDeleteOptions) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.DeleteScenario(ctx, o.Name); errors.Is(err, store.ErrNotFound) {
		return &planner.InputError{Problems: []planner.Problem{{Msg: err.Error()}}}
	} else if err != nil {
		return err
	}
	fmt.Fprintf(o.io.Out, "Scenario %s deleted\n", o.Name)
	return nil
}
