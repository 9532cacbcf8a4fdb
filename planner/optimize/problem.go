package optimize

import (
	"context"
	"math"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/planner/rules"
)

// problem is a planning problem in plain data: the horizon's demand and need, the team, the
// shift options and, per person and day, the options they may work.
type problem struct {
	ctx     context.Context // stops building the problem and its model
	ds      *planner.Dataset
	demand  *planner.Demand
	needs   *planner.Needs
	options []planner.ShiftOption
	allowed [][][]int // allowed[person][day] option indexes
	avail   *planner.AvailabilityIndex
	work    *rules.Workable // options and allowed, with the rules' view of them
}

// newProblem builds the planning problem of the session's days from to to: the demand at
// quantile q, the need by method, and what each person may work.
func newProblem(ctx context.Context, ds *planner.Dataset, sessionID string, from, to calendar.Date, method queue.Method, q planner.DemandQuantile) (*problem, error) {
	d, err := planner.BuildDemandAt(ds, sessionID, from, to, q)
	if err != nil {
		return nil, err
	}
	needs, err := planner.ComputeNeedsContext(ctx, d, ds.Settings, method)
	if err != nil {
		return nil, err
	}
	opts, err := planner.ShiftOptions(ds.Settings, ds.ShiftTemplates)
	if err != nil {
		return nil, &planner.InputError{Problems: []planner.Problem{{Place: planner.Place{Sheet: "ShiftTemplates"}, Msg: err.Error()}}}
	}
	ix, err := planner.NewAvailabilityIndex(ds)
	if err != nil {
		return nil, err
	}
	work := rules.NewWorkable(ds, d, opts, ix)
	p := &problem{ctx: ctx, ds: ds, demand: d, needs: needs, options: opts, allowed: work.Allowed, avail: ix, work: work}
	return p, nil
}

// greedyInput is the problem as the greedy construction reads it.
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

// openWeeks returns the weeks of the horizon of d, each counted in proportion to its open
// days (a whole week counts 1).
func openWeeks(d *planner.Demand, st planner.Settings) float64 {
	if len(st.OpenDays) == 0 {
		return 0
	}
	open := 0
	for _, o := range d.Open {
		if o {
			open++
		}
	}
	return float64(open) / float64(len(st.OpenDays))
}
