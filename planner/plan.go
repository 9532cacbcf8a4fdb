package planner

import (
	"context"
	"fmt"
	"math"
	"time"

	"deskplan/planner/calendar"
	"deskplan/planner/queue"
)

// PlanRequest says what to plan.
type PlanRequest struct {
	SessionID string
	// Week is any day of the week to plan (Monday to Sunday, clipped to the session); the
	// zero Date plans the whole session.
	Week      calendar.Date
	Seed      int64
	TimeLimit time.Duration // 0: the planner's default
	Scenario  string        // recorded on the roster
	Method    queue.Method  // how slot loads are computed for the need
}

// Plan builds a roster for the request and reports what it delivers. The roster is not stored:
// the caller saves it (store.SaveRoster) and so gives it its version.
func Plan(ctx context.Context, ds *Dataset, req PlanRequest) (*Roster, *Report, error) {
	sess, ok := ds.Session(req.SessionID)
	if !ok {
		return nil, nil, &InputError{Problems: []Problem{{Msg: fmt.Sprintf("unknown session %q (known: %v)", req.SessionID, sessionIDs(ds))}}}
	}
	from, to, err := Horizon(sess, req.Week)
	if err != nil {
		return nil, nil, &InputError{Problems: []Problem{{Msg: err.Error()}}}
	}
	prob, err := newProblem(ds, req.SessionID, from, to, req.Method)
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	shifts := greedy(ctx, prob.greedyInput())
	r := &Roster{
		SessionID: sess.ID, Scenario: req.Scenario, From: from, To: to, Seed: req.Seed,
		Status: Draft, Settings: ds.Settings, Method: "greedy", Shifts: shifts,
		Params: map[string]any{"need_method": req.Method.String(), "solve_seconds": math.Round(time.Since(start).Seconds()*1000) / 1000},
	}
	rep, err := Evaluate(ds, r)
	if err != nil {
		return nil, nil, err
	}
	r.Objective = unansweredInTime(rep)
	return r, rep, nil
}

// unansweredInTime is the number of calls not answered within the target time: the planner's
// main objective, in callers.
func unansweredInTime(rep *Report) float64 {
	var sum float64
	for _, s := range rep.Slots {
		sum += s.Calls * (1 - s.ServiceLevel)
	}
	return math.Round(sum*100) / 100
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
}

func newProblem(ds *Dataset, sessionID string, from, to calendar.Date, method queue.Method) (*problem, error) {
	d, err := BuildDemand(ds, sessionID, from, to)
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
	p := &problem{ds: ds, demand: d, needs: ComputeNeeds(d, ds.Settings, method), options: opts}
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
	for di := range need {
		need[di] = make([][]float64, len(d.Slots))
		for si := range need[di] {
			need[di][si] = make([]float64, len(d.Lines))
			for li := range d.Lines {
				need[di][si][li] = float64(p.needs.Agents[di][si][li])
			}
		}
	}
	return &greedyInput{
		days: d.Days, open: d.Open, slots: d.Slots, slotMin: d.SlotMinutes, lines: d.Lines, need: need,
		staff: p.ds.Staff, options: p.options, allowed: p.allowed,
		mentorRatio: p.ds.Settings.MaxTraineesPerMentor,
		minRest:     int(math.Round(p.ds.Settings.MinRestHours * 60)),
	}
}
