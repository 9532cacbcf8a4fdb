package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/planner/scenario"
	"github.com/deskplan/deskplan/planner/store"
)

type planOptions struct {
	g            *globalOptions
	io           *IOStreams
	Session      string
	Week         string
	TimeLimit    time.Duration
	Effort       int
	Workers      int
	Seed         int64
	Method       string
	JSON         bool
	Scenario     string  // plan a what-if scenario
	Keep         int     // re-plan against this published roster version
	ChangeWeight float64 // cost of a changed shift with --keep
	Demand       string  // mean or a quantile such as p80; "": the demand_quantile setting
}

// newPlanCmd makes "deskplan plan" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newPlanCmd(g *globalOptions, ios *IOStreams, runF func(*planOptions) error) *cobra.Command {
	o := &planOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Plan a roster for a week or a whole exam session",
		Long: `Plan a roster for the staff in the store: a week (--week, any day of it) or the whole
session. The roster is saved as a new draft version and summarised: per day the calls and the
service it delivers, the worst slots, each person's hours against contract, and the rules it
breaks.

--demand p80 plans for the 80% quantile of the forecast instead of its mean (each day of each
line raised to the calls that only one day in five exceeds); the roster records it, and its
report is at that demand. The default is the demand_quantile setting (mean unless set).
"deskplan compare base --demand p80" shows what it costs and what it buys.`,
		Example: `  deskplan plan --session jan-2027 --week 2027-01-04
  deskplan plan --session jan-2027 --week 2027-01-04 --demand p80
  deskplan plan --session jan-2027 --json | jq .days`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := o.request(cmd)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runPlan(cmd.Context(), o, req)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Session, "session", "", "exam session id (required)")
	f.StringVar(&o.Week, "week", "", "plan the week (Monday to Sunday) of this date, YYYY-MM-DD; default the whole session")
	f.IntVar(&o.Effort, "effort", optimize.DefaultEffort, "search budget in moves per search goroutine: the same seed, effort and workers give the same roster")
	f.IntVar(&o.Workers, "workers", 2, "search goroutines (cores) to use")
	f.DurationVar(&o.TimeLimit, "time-limit", 2*time.Minute, "stop the search after this time even if the effort is not spent (a roster stopped by time may differ between runs)")
	f.Int64Var(&o.Seed, "seed", 1, "random seed: the same seed gives the same roster")
	f.StringVar(&o.Method, "method", queue.DefaultMethod.String(), "how slot loads are computed for the need: sipp or lagged")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	f.StringVar(&o.Scenario, "scenario", scenario.Base, "plan this what-if scenario (see deskplan scenario list)")
	f.IntVar(&o.Keep, "keep", 0, "re-plan against roster version N, changing as few announced shifts as possible")
	f.Float64Var(&o.ChangeWeight, "change-weight", optimize.DefaultChangeWeight, "with --keep: cost of a changed shift, in late calls")
	demandFlag(f, &o.Demand)
	return cmd
}

// request checks the flags and turns them into a planner request.
func (o planOptions) request(cmd *cobra.Command) (optimize.PlanRequest, error) {
	req := optimize.PlanRequest{SessionID: o.Session, Seed: o.Seed, TimeLimit: o.TimeLimit, Effort: o.Effort, Workers: o.Workers, Scenario: o.Scenario}
	if o.Effort < 0 {
		return req, flagError(cmd, "effort", "must not be negative, got %d", o.Effort)
	}
	if o.Workers < 1 {
		return req, flagError(cmd, "workers", "must be at least 1, got %d", o.Workers)
	}
	if o.Session == "" {
		return req, flagError(cmd, "session", "is required (see deskplan session list)")
	}
	if o.Week != "" {
		d, err := calendar.ParseDate(o.Week)
		if err != nil {
			return req, flagError(cmd, "week", "%v", err)
		}
		req.Week = d
	}
	if o.TimeLimit <= 0 {
		return req, flagError(cmd, "time-limit", "must be positive, got %v", o.TimeLimit)
	}
	m, err := queue.ParseMethod(o.Method)
	if err != nil {
		return req, flagError(cmd, "method", "%q is not sipp or lagged", o.Method)
	}
	req.Method = m
	if o.Keep < 0 || o.ChangeWeight <= 0 {
		return req, flagError(cmd, "keep", "needs a roster version >= 1 and a positive --change-weight, got %d and %g", o.Keep, o.ChangeWeight)
	}
	req.ChangeWeight = o.ChangeWeight
	if err := checkDemand(cmd, o.Demand); err != nil {
		return req, err
	}
	return req, nil
}

// runPlan plans req (from o.request) with the store and the streams of o.
func runPlan(ctx context.Context, o *planOptions, req optimize.PlanRequest) (err error) {
	asJSON, out, errw := o.JSON, o.io.Out, o.io.ErrOut
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	ds, err := desk.ScenarioDataset(ctx, st, req.Scenario) // the data with the scenario applied
	if err != nil {
		return err
	}
	if req.Keep, err = desk.KeptRoster(ctx, st, o.Keep, req.SessionID); err != nil { // --keep
		return err
	}
	req.Demand = demandOf(ds, o.Demand)
	warnNoSpread(errw, ds, req.SessionID, req.Demand)
	status := newStatusLine(o.io, asJSON)
	defer status.Close()
	what := "planning session " + req.SessionID
	if !req.Week.IsZero() {
		what = "planning the week of " + req.Week.Monday().String()
	}
	status.Set(-1, "%s: reading the forecast and building the model", what)
	report := req.Progress
	req.Progress = func(p planner.Progress) {
		status.Set(p.Done, "%s", planWords(p, ds.Settings.TargetSeconds))
		if report != nil {
			report(p)
		}
	}
	r, rep, err := optimize.Plan(ctx, ds, req)
	status.Close()
	if err != nil {
		return err
	}
	interrupted := ctx.Err() != nil
	if interrupted {
		// Ctrl-C stopped the search: keep the best roster found so far
		fmt.Fprintln(errw, "deskplan: interrupted; saving the best roster found so far")
	}
	if err := saveRoster(ctx, st, ds, r, rep, errw); err != nil {
		return err
	}
	if interrupted {
		// The roster is saved and printed; the exit code still says the search was cut short.
		defer func() {
			if err == nil {
				err = fmt.Errorf("interrupted: roster v%d is the best found before the search was stopped: %w", r.Version, context.Canceled)
			}
		}()
	}
	var base *planner.Dataset // names the people a scenario removed
	if req.Keep != nil && req.Scenario != scenario.Base {
		if base, err = st.Dataset(ctx); err != nil {
			return err
		}
	}
	if asJSON {
		po := newPlanOutput(r, rep)
		if req.Keep != nil {
			po.Changes = planner.DiffRosters(req.Keep, r, ds, base).Staff
		}
		return writeJSON(out, po)
	}
	if err := printSummary(out, ds, r, rep); err != nil {
		return err
	}
	return printKeepChanges(out, ds, base, req.Keep, r) // who is affected by re-planning
}
