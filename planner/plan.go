package planner

import (
	"context"
	"errors"
	"math"
	"time"

	"deskplan/planner/calendar"
	"deskplan/planner/queue"
	"deskplan/solver"
)

// PlanRequest says what to plan.
type PlanRequest struct {
	SessionID string
	// Week is any day of the week to plan (Monday to Sunday, clipped to the session); the
	// zero Date plans the whole session.
	Week calendar.Date
	Seed int64
	// TimeLimit bounds the whole plan: reading the demand, building the model, constructing,
	// optimising and evaluating the roster (0: the planner's default). When no roster keeps
	// the hard rules by then, the optimiser goes on for up to as long again to find one
	// (solver.Options.TimeLimit).
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
	Progress func(Progress)
	// Keep, if set, is a roster already announced (issue 7: stable re-planning): the plan
	// starts from it and pays ChangeWeight (in calls not answered within the target; 0:
	// DefaultChangeWeight) for each person's day whose shift differs from it.
	Keep         *Roster
	ChangeWeight float64
	// Demand is the demand to plan for: the mean forecast (the zero value) or a quantile of
	// it. The roster records it (ParamDemand), and Evaluate reports on it.
	Demand DemandQuantile
}

// Plan builds a roster for the request and reports what it delivers. The roster is not stored:
// the caller saves it (store.SaveRoster) and so gives it its version.
func Plan(ctx context.Context, ds *Dataset, req PlanRequest) (*Roster, *Report, error) {
	begin := time.Now() // the time limit counts from here: building the model is part of it
	sess, ok := ds.Session(req.SessionID)
	if !ok {
		return nil, nil, UnknownSessionError(ds, req.SessionID)
	}
	from, to, err := Horizon(sess, req.Week)
	if err != nil {
		return nil, nil, &InputError{Problems: []Problem{{Msg: err.Error()}}}
	}
	prob, err := newProblem(ds, req.SessionID, from, to, req.Method, req.Demand)
	if err != nil {
		return nil, nil, err
	}
	if prob.demand.Calls() <= 0 {
		return nil, nil, noCallsError(ds, sess, from, to)
	}
	reasons := append(prob.explainCoordinators(), prob.coordinatorCapacity()...)
	if reasons = append(reasons, prob.explainLineFloors()...); len(reasons) > 0 {
		return nil, nil, &InfeasibleError{Reasons: reasons}
	}
	hm, err := buildModel(prob)
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
	// a deterministic effort budget alone runs without a clock; otherwise the time limit
	// (DefaultTimeLimit when unset) stops the search
	limit := req.TimeLimit
	if limit <= 0 && req.Effort <= 0 {
		limit = DefaultTimeLimit
	}
	gctx, rest := ctx, ctx
	if limit > 0 {
		// on a large desk the construction alone could eat the time limit: it gets a share
		// (a larger one for the coordinators), and the optimiser completes what it leaves
		var cancel, rcancel context.CancelFunc
		gctx, cancel = context.WithDeadline(ctx, begin.Add(limit/coordShare))
		defer cancel()
		rest, rcancel = context.WithDeadline(ctx, begin.Add(limit/greedyShare))
		defer rcancel()
	}
	initial := hm.assignment(greedy(gctx, rest, gin))
	if req.Keep != nil { // issue 7: stable re-planning (scenario_keep.go)
		initial = hm.keep(req.Keep.Shifts, req.ChangeWeight)
	}
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
	var inf *solver.InfeasibleError
	if errors.As(err, &inf) {
		return nil, nil, hm.explainSolver(inf)
	}
	if err != nil {
		return nil, nil, err
	}
	r := &Roster{
		SessionID: sess.ID, Scenario: req.Scenario, From: from, To: to, Seed: req.Seed,
		Status: Draft, Settings: ds.Settings, Method: "solver", Shifts: hm.shifts(sol.Assign),
		Objective: round2(sol.Objective), LowerBound: round2(math.Max(sol.Bound, 0)),
		Params: map[string]any{
			"need_method":    req.Method.String(),
			"time_limit":     limit.String(),
			"effort":         req.Effort,
			"workers":        req.Workers,
			"solve_seconds":  round2(time.Since(start).Seconds()),
			"shift_options":  len(prob.options),
			"solver_options": len(hm.m.Options[firstOpen(prob.demand)]),
			ParamDemand:      req.Demand.String(),
		},
	}
	rep, err := Evaluate(ds, r)
	if err != nil {
		return nil, nil, err
	}
	return r, rep, nil
}

// evalReserve: 1/evalReserve of the time limit is left to finish the search's last epoch,
// check and evaluate the roster (on a 200-staff, 6-week session the evaluation takes 0.35 s of
// the 60, and with a reserve of 1% the plan returned after 60.06 s).
const evalReserve = 50

// greedyShare: the greedy construction (after the coordinators, see coordShare) gets
// 1/greedyShare of the time limit. On the 200-staff session (60 s) the whole greedy cut at a
// fifth (12 s, unfinished) left the plan at objective 4598 and bound 1671, cut at a twentieth
// at 4537 and 1914: the solver's own construction does the rest better. With the coordinator
// phase allowed a fifth, the plan ends at 4614-4673 (bound 1732-1838), feasible after 23-25 s.
const greedyShare = 20

// coordShare: the greedy's coordinator phase may run until 1/coordShare of the time limit.
// The search repairs a missing coordinator poorly: with the whole greedy cut at a twentieth,
// two of four demo-week plans run side by side with a 3 s limit ended without a coordinator
// at one slot; the 200-staff session's coordinators take 8.7 s.
const coordShare = 5

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

func firstOpen(d *Demand) int {
	for di, open := range d.Open {
		if open {
			return di
		}
	}
	return 0
}

func sessionIDs(ds *Dataset) []string {
	ids := make([]string, len(ds.Sessions))
	for i, s := range ds.Sessions {
		ids[i] = s.ID
	}
	return ids
}

// problem is a planning problem in plain data: the horizon's demand and need, the team, the
// shift options and, per person and day, the options they may work.
type problem struct {
	ds      *Dataset
	demand  *Demand
	needs   *Needs
	options []ShiftOption
	allowed [][][]int // allowed[person][day] option indexes
	avail   *AvailabilityIndex
}

func newProblem(ds *Dataset, sessionID string, from, to calendar.Date, method queue.Method, q DemandQuantile) (*problem, error) {
	d, err := BuildDemandAt(ds, sessionID, from, to, q)
	if err != nil {
		return nil, err
	}
	opts, err := ShiftOptions(ds.Settings, ds.ShiftTemplates)
	if err != nil {
		return nil, &InputError{Problems: []Problem{{Place: Place{Sheet: "ShiftTemplates"}, Msg: err.Error()}}}
	}
	ix, err := NewAvailabilityIndex(ds)
	if err != nil {
		return nil, err
	}
	p := &problem{ds: ds, demand: d, needs: ComputeNeeds(d, ds.Settings, method), options: opts, avail: ix}
	p.allowed = make([][][]int, len(ds.Staff))
	for si, s := range ds.Staff {
		p.allowed[si] = make([][]int, len(d.Days))
		for di, day := range d.Days {
			if !d.Open[di] {
				continue
			}
			w := ix.Day(s.ID, day)
			for o, opt := range opts {
				if s.MaxHoursDay > 0 && float64(opt.Minutes()) > s.MaxHoursDay*60+1e-9 {
					continue
				}
				if w.Allows(opt.Start, opt.End) {
					p.allowed[si][di] = append(p.allowed[si][di], o)
				}
			}
		}
	}
	return p, nil
}

func (p *problem) greedyInput() *greedyInput {
	d := p.demand
	need := make([][][]float64, len(d.Days))
	calls := make([][][]float64, len(d.Days))
	for di := range need {
		need[di] = make([][]float64, len(d.Slots))
		calls[di] = make([][]float64, len(d.Slots))
		for si := range need[di] {
			need[di][si] = make([]float64, len(d.Lines))
			calls[di][si] = make([]float64, len(d.Lines))
			for li := range d.Lines {
				need[di][si][li] = float64(p.needs.Agents[di][si][li])
				calls[di][si][li] = d.Load[di][si][li].Calls
			}
		}
	}
	return &greedyInput{
		days: d.Days, open: d.Open, slots: d.Slots, slotMin: d.SlotMinutes, lines: d.Lines, calls: calls, need: need,
		staff: p.ds.Staff, options: p.options, allowed: p.allowed,
		mentorRatio: max(1, p.ds.Settings.MaxTraineesPerMentor),
		floor:       p.ds.Settings.MinAgentsPerLine,
		minRest:     int(math.Round(p.ds.Settings.MinRestHours * 60)),
	}
}
