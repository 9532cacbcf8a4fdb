package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/solver"
)

// PlanRequest says what to plan.
type PlanRequest struct {
	SessionID string
	// Week is any day of the week to plan (Monday to Sunday, clipped to the session); the
	// zero Date plans the whole session.
	Week calendar.Date
	Seed int64
	// TimeLimit bounds the plan: reading the demand, building the model, constructing,
	// optimising and evaluating the roster (0: the planner's default). The construction of a
	// first roster runs to its end whatever the clock; when no roster keeps the hard rules
	// once the limit is up, the optimiser goes on for up to a quarter of it more to find one
	// (solver.Options.TimeLimit), and Plan then returns a *TimeoutError.
	TimeLimit time.Duration
	Scenario  string       // recorded on the roster
	Method    queue.Method // how slot loads are computed for the need
	// Effort is a deterministic search budget (moves per search goroutine); with it, the
	// same request gives the same roster whatever the machine's load. 0: time limit only.
	Effort int
	// Workers is the number of search goroutines (0 or 1: one).
	Workers int
	// Progress, if set, is called during the search with the service of the best roster so
	// far and the budget spent (from the goroutine that called Plan).
	Progress func(planner.Progress)
	// Keep, if set, is a roster already announced (stable re-planning): the plan
	// starts from it and pays ChangeWeight (in calls not answered within the target; 0:
	// DefaultChangeWeight) for each person's day whose shift differs from it.
	Keep         *planner.Roster
	ChangeWeight float64
	// Demand is the demand to plan for: the mean forecast (the zero value) or a quantile of
	// it. The roster records it (PlanRecord.Demand), and Evaluate reports on it.
	Demand planner.DemandQuantile
}

// Plan builds a roster for the request and reports what it delivers. The roster is not stored:
// the caller saves it (store.SaveRoster) and so gives it its version.
//
// The time limit stops the search, never the construction: the greedy roster and the
// optimiser's first roster are built to their end first. When ctx is cancelled (Ctrl-C), Plan
// returns the best roster found so far if it keeps the hard rules, and otherwise an error
// that wraps context.Canceled.
func Plan(ctx context.Context, ds *planner.Dataset, req PlanRequest) (*planner.Roster, *planner.Report, error) {
	begin := time.Now() // the time limit counts from here: building the model is part of it
	sess, ok := ds.Session(req.SessionID)
	if !ok {
		return nil, nil, planner.UnknownSessionError(ds, req.SessionID)
	}
	from, to, err := planner.Horizon(sess, req.Week)
	if err != nil {
		return nil, nil, &planner.InputError{Problems: []planner.Problem{{Msg: err.Error()}}}
	}
	prob, err := newProblem(ctx, ds, req.SessionID, from, to, req.Method, req.Demand)
	if cerr := ctx.Err(); err != nil && cerr != nil {
		return nil, nil, stoppedError(cerr, limitOf(req), nil)
	}
	if err != nil {
		return nil, nil, err
	}
	if prob.demand.Calls() <= 0 {
		return nil, nil, planner.NoCallsError(ds, sess, from, to)
	}
	reasons := append(prob.explainCoordinators(), prob.coordinatorCapacity()...)
	if reasons = append(reasons, prob.explainLineFloors()...); len(reasons) > 0 {
		return nil, nil, &planner.InfeasibleError{Reasons: reasons}
	}
	hm, err := buildModel(prob)
	if err := ctx.Err(); err != nil {
		return nil, nil, stoppedError(err, limitOf(req), nil)
	}
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	// the greedy construction is the warm start; the solver repairs what it breaks
	gin := prob.greedyInput()
	gin.minWeek = make([]int, len(hm.m.Workers))
	for i, w := range hm.m.Workers {
		gin.minWeek[i] = w.MinWeekMinutes
	}
	initial := hm.assignment(greedy(ctx, ctx, gin))
	if err := ctx.Err(); err != nil {
		return nil, nil, stoppedError(err, limitOf(req), nil)
	}
	if req.Keep != nil { // stable re-planning: start from the announced roster (keep.go)
		initial = hm.keep(req.Keep.Shifts, req.ChangeWeight)
	}
	limit := limitOf(req)
	solveLimit := limit
	if limit > 0 {
		// what the model and the construction left of the limit, less evalReserve for the
		// evaluation (at least a moment: the solver always completes its own construction,
		// so it still returns a roster)
		solveLimit = max(limit-limit/evalReserve-time.Since(begin), time.Millisecond)
	}
	opts := solver.Options{TimeLimit: solveLimit, MaxIterations: req.Effort, Seed: uint64(req.Seed), Workers: req.Workers, Epoch: 5,
		Initial: initial, Progress: solverProgress(req.Progress, prob.demand.Calls(), req.Effort*max(req.Workers, 1), solveLimit)}
	if req.Effort > 0 {
		// a bounded number of column-generation rounds keeps the bound, and the dives that
		// start from it, independent of the clock
		opts.BoundIterations = boundRounds(req.Effort)
		opts.NoDive = true
	}
	sol, err := solver.Solve(ctx, hm.m, opts)
	var stopped *solver.StoppedError
	if errors.As(err, &stopped) {
		var broken []string
		if stopped.Broken != nil {
			broken = hm.explainSolver(stopped.Broken).Reasons
		}
		return nil, nil, stoppedError(stopped.Cause, limit, broken)
	}
	var inf *solver.InfeasibleError
	if errors.As(err, &inf) {
		return nil, nil, hm.explainSolver(inf)
	}
	if err != nil {
		return nil, nil, err
	}
	r := &planner.Roster{
		SessionID: sess.ID, Scenario: req.Scenario, From: from, To: to, Seed: req.Seed,
		Status: planner.Draft, Settings: ds.Settings, Method: "solver", Shifts: hm.shifts(sol.Assign),
		Objective: round2(sol.Objective), LowerBound: round2(math.Max(sol.Bound, 0)),
		Plan: planner.PlanRecord{NeedMethod: req.Method, Demand: req.Demand, TimeLimit: limit, Effort: req.Effort,
			Workers: req.Workers, SolveSeconds: round2(time.Since(start).Seconds()), ShiftOptions: len(prob.options),
			SolverOptions: len(hm.m.Options[firstOpen(prob.demand)])},
	}
	// the report is on the demand and need the roster was planned for, as they were built
	return r, evaluate(ds, r, prob.demand, prob.needs), nil
}

// evalReserve: 1/evalReserve of the time limit is left to finish the search's last epoch,
// check and evaluate the roster, so that a plan returns close to its limit; the evaluation is a
// small part of a plan even on a large session (docs/limits.md has the figures).
const evalReserve = 50

// TimeoutError reports that the time limit ran out before any roster kept the hard rules. It
// is no proof that none exists: a longer limit may find one.
type TimeoutError struct {
	Limit time.Duration
	// Broken says which hard rules the best roster found still broke, and where.
	Broken []string
}

func (e *TimeoutError) Error() string {
	s := "no roster keeping the hard rules was found within the time limit"
	if e.Limit > 0 {
		s += fmt.Sprintf(" of %v", e.Limit)
	}
	if len(e.Broken) > 0 {
		s += " (the best one breaks: " + strings.Join(e.Broken, "; ") + ")"
	}
	return s + ": raise --time-limit"
}

// Unwrap returns context.DeadlineExceeded.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// stoppedError is the error of a plan stopped (cause: the context's error) before any roster
// kept the hard rules: a *TimeoutError for a deadline, else an error that wraps cause (a
// cancellation: Ctrl-C). broken says which rules the best roster broke.
func stoppedError(cause error, limit time.Duration, broken []string) error {
	if errors.Is(cause, context.DeadlineExceeded) {
		return &TimeoutError{Limit: limit, Broken: broken}
	}
	s := "interrupted before a roster keeping the hard rules was found"
	if len(broken) > 0 {
		s += " (the best one breaks: " + strings.Join(broken, "; ") + ")"
	}
	return fmt.Errorf("%s: %w", s, cause)
}

// limitOf returns the time limit of req: a deterministic effort budget alone runs without a
// clock; otherwise the time limit (DefaultTimeLimit when unset) stops the search.
func limitOf(req PlanRequest) time.Duration {
	if req.TimeLimit <= 0 && req.Effort <= 0 {
		return DefaultTimeLimit
	}
	return req.TimeLimit
}

// boundRounds is the number of column-generation rounds of the lower bound for a request with
// an effort budget: a quarter of the moves, from 10 to 80 rounds. The bound only reports how
// far the roster may be from the best; a small budget, a quick plan, spends little on it.
func boundRounds(effort int) int { return min(80, max(10, effort/4)) }

// DefaultEffort is the search budget (moves per search goroutine) the commands use unless told
// otherwise: where more moves stop paying on the demo week (docs/planning.md has the
// measurements).
const DefaultEffort = 300

// DefaultTimeLimit is how long Plan lets the optimiser search when the request sets no limit.
const DefaultTimeLimit = 10 * time.Second

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func firstOpen(d *planner.Demand) int {
	for di, open := range d.Open {
		if open {
			return di
		}
	}
	return 0
}

// solverProgress turns the optimiser's reports into Progress for req.Progress (nil when the
// request asks for none). calls is the horizon's forecast calls, budget the moves of all search
// goroutines (0: none) and limit the optimiser's time limit (0: none).
func solverProgress(report func(planner.Progress), calls float64, budget int, limit time.Duration) func(solver.Progress) {
	if report == nil {
		return nil
	}
	// searchFrom is when the moves began: the reports before them (construction, bound) have
	// made none, and the time they took says nothing of the moves' pace
	searchFrom := time.Duration(-1)
	return func(sp solver.Progress) {
		p := planner.Progress{Elapsed: sp.Elapsed, Calls: calls, Objective: sp.Objective, Bound: sp.Bound, Feasible: sp.Feasible}
		if sp.Iterations == 0 || searchFrom < 0 {
			searchFrom = sp.Elapsed
		}
		if budget > 0 {
			p.Done = min(1, float64(sp.Iterations)/float64(budget))
			if moving := sp.Elapsed - searchFrom; p.Done > 0 && moving > 0 {
				p.Left = time.Duration(float64(moving) * (1 - p.Done) / p.Done)
			}
		}
		// the time limit stops the search when it comes before the effort is spent (as far as
		// the pace of the moves tells)
		if left := max(0, limit-sp.Elapsed); limit > 0 && (budget <= 0 || (p.Left > 0 && left < p.Left)) {
			p.Done, p.Left = min(1, float64(sp.Elapsed)/float64(limit)), left
		}
		report(p)
	}
}
