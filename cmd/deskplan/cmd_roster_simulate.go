package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/sim"
	"github.com/deskplan/deskplan/planner/store"
)

type rosterSimulateOptions struct {
	g            *globalOptions
	io           *IOStreams
	Selector     rosterSelector
	Replications int
	Seed         uint64
	JSON         bool
}

// newRosterSimulateCmd makes "deskplan roster simulate" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newRosterSimulateCmd(g *globalOptions, ios *IOStreams, runF func(*rosterSimulateOptions) error) *cobra.Command {
	o := &rosterSimulateOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "simulate N",
		Short: "Check the service roster version N claims against a simulation of the desk",
		Long: `Run roster version N through a discrete-event simulation of the desk and set the service it
gives beside the service deskplan claims for it (deskplan roster show). Calls arrive at random
at each slot's forecast rate, the people on the phone answer them at their speed (a trainee
takes twice as long, the coordinator on duty gives the phones coordinator_phone_share of their
time), people on both lines take whichever caller has waited longest, and callers hang up after
their patience. No queueing formula is involved: it is the independent check of the claim.

Each figure is the share of calls answered within the target over --replications independent
weeks, with the half-width of its 95% confidence interval. The same seed gives the same
figures on any machine.`,
		Example: "  deskplan roster simulate 1\n  deskplan roster simulate 1 --replications 1000 --json | jq '.[-1]'",
		Args:    exactArgs(1, "a roster version N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := versionArg(cmd, args[0])
			if err != nil {
				return err
			}
			o := *o
			o.Selector.Version = v
			if o.Replications < 2 {
				return flagError(cmd, "replications", "%d: at least 2", o.Replications)
			}
			if runF != nil {
				return runF(&o)
			}
			return runRosterSimulate(cmd.Context(), o, ios.Out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Selector.Scenario, "scenario", "", "simulate on this what-if scenario's data (default: the one the roster was planned for)")
	f.BoolVar(&o.Selector.CurrentSettings, "current-settings", false, "simulate under the settings in the store today, not those the roster was planned with")
	f.IntVar(&o.Replications, "replications", 200, "independent replications of the roster's days")
	f.Uint64Var(&o.Seed, "seed", 1, "seed of the simulation's random streams")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runRosterSimulate(ctx context.Context, o rosterSimulateOptions, out io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	r, ds, rep, err := o.Selector.load(ctx, st)
	if err != nil {
		return err
	}
	s, err := optimize.Simulate(ctx, ds, r, sim.Options{Replications: o.Replications, Seed: o.Seed})
	if err != nil {
		return err
	}
	checks := optimize.CheckService(rep, s)
	if o.JSON {
		for i := range checks {
			if math.IsInf(checks[i].HalfWidth, 0) {
				checks[i].HalfWidth = 1 // one replication with calls: nothing known
			}
		}
		return writeJSON(out, checks)
	}
	fmt.Fprintf(out, "Roster v%d for session %s, %s to %s: claimed against %d simulated replications (seed %d)\n",
		r.Version, r.SessionID, r.From, r.To, o.Replications, o.Seed)
	fmt.Fprintf(out, "Share of calls answered within %ds:\n\n", ds.Settings.TargetSeconds)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "DAY\tLINE\tCALLS\tCLAIMED\tSIMULATED\t95% CI\tGAP\t")
	for _, c := range checks {
		day, line := "total", c.Line
		if !c.Date.IsZero() {
			day = c.Date.Weekday().String()[:3] + " " + c.Date.String()
		}
		if line == "" {
			line = "all"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.1f%%\t%.1f%%\t±%.1f\t%+.1f\t\n", day, line, c.Calls, 100*c.Claimed, 100*c.Simulated, 100*c.HalfWidth, c.Gap())
	}
	return tw.Flush()
}
