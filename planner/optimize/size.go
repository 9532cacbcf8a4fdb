package optimize

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/planner/scenario"
)

// MixPart is one status of the mix extra staff are hired by, with its weight: the mix
// qualified:2,trainee:1 hires two qualified people for each trainee.
type MixPart struct {
	Status planner.Status `json:"status"`
	Weight int            `json:"weight"`
}

// ParseMix parses a mix "qualified:2,trainee:1" (a status alone has weight 1).
func ParseMix(s string) ([]MixPart, error) {
	var out []MixPart
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, w, ok := strings.Cut(part, ":")
		mp := MixPart{Status: planner.Status(strings.ToLower(strings.TrimSpace(name))), Weight: 1}
		if !mp.Status.Valid() {
			return nil, fmt.Errorf("mix %q: status %q is not one of %s", s, name, planner.StatusNames())
		}
		if ok {
			n, err := strconv.Atoi(strings.TrimSpace(w))
			if err != nil || n < 1 || n > 100 {
				return nil, fmt.Errorf("mix %q: weight %q is not a whole number 1..100", s, w)
			}
			mp.Weight = n
		}
		if slices.ContainsFunc(out, func(x MixPart) bool { return x.Status == mp.Status }) {
			return nil, fmt.Errorf("mix %q: status %s is given twice", s, mp.Status)
		}
		out = append(out, mp)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("mix %q: no status", s)
	}
	return out, nil
}

// mixSequence returns the statuses of the first n extra people of the mix: the weights
// interleaved (q:2,t:1 gives q, q, t, q, q, t...).
func mixSequence(mix []MixPart, n int) []planner.Status {
	var cycle []planner.Status
	for _, m := range mix {
		for range m.Weight {
			cycle = append(cycle, m.Status)
		}
	}
	out := make([]planner.Status, n)
	for i := range out {
		out[i] = cycle[i%len(cycle)]
	}
	return out
}

// SizeRequest asks how many extra staff the desk needs.
type SizeRequest struct {
	SessionID string
	// Week is any day of the week to size; zero: the session's busiest week (most forecast
	// calls).
	Week calendar.Date
	// TargetPercent and TargetSeconds override the settings' service target when set.
	TargetPercent float64
	TargetSeconds int
	// Share, when above 0, also asks that this share of the slots with calls meet the target.
	Share float64
	Mix   []MixPart // default qualified:1
	// ContractHours is the weekly contract of each extra person (default 20).
	ContractHours float64
	// MaxExtra bounds the search (default 40).
	MaxExtra int
	Seed     int64
	// TimeLimit and Effort are those of each optimiser run (PlanRequest).
	TimeLimit time.Duration
	Effort    int
	Method    queue.Method
	// Progress, if set, is called at each step of the sizing and during each optimiser run.
	Progress func(SizeProgress)
}

// SizeStep is a step of the sizing.
type SizeStep string

// The steps of Size, in order.
const (
	SizeScreening  SizeStep = "screening"  // quick (greedy) rosters at a headcount
	SizeConfirming SizeStep = "confirming" // the optimiser's roster at a headcount
	SizeTraining   SizeStep = "training"   // planning a week before the busiest one
)

// SizeProgress is how far a sizing has come: the step, the extra staff it tries, and during
// an optimiser run its Progress.
type SizeProgress struct {
	Step  SizeStep
	Extra int // the extra staff tried (screening, confirming) or chosen (training)
	// Week and Weeks number the week planned for the training figures (1 of 3...).
	Week, Weeks int
	// Plan is the running optimiser's progress (nil before its first report, and when
	// screening).
	Plan *planner.Progress
}

// SizePoint is the service a roster delivers with Extra extra staff.
type SizePoint struct {
	Extra        int     `json:"extra"`
	Staff        string  `json:"staff"`  // e.g. "2 qualified, 1 trainee"
	Method       string  `json:"method"` // "greedy" (screening) or "solver" (confirmed)
	ServiceLevel float64 `json:"service_level"`
	WorstDay     float64 `json:"worst_day_service_level"`
	SlotShare    float64 `json:"slot_share"` // share of slots with calls that meet the target
	PaidHours    float64 `json:"paid_hours"`
	Cost         float64 `json:"cost"`
	Meets        bool    `json:"meets"`
}

// TraineeTraining is a trainee's (or new staff member's) time beside a mentor in the plans of
// the weeks before the busiest week.
type TraineeTraining struct {
	StaffID string             `json:"staff"`
	Name    string             `json:"name"`
	Status  planner.Status     `json:"status"`
	Weeks   map[string]float64 `json:"weeks"` // Monday of each week planned -> hours beside a mentor
	Hours   float64            `json:"hours"` // the sum over the weeks before the busiest week
}

// SizeResult answers a SizeRequest.
type SizeResult struct {
	SessionID     string        `json:"session"`
	From          calendar.Date `json:"from"`
	To            calendar.Date `json:"to"`
	BusiestWeek   calendar.Date `json:"busiest_week"` // Monday of the session's busiest week
	TargetPercent float64       `json:"target_percent"`
	TargetSeconds int           `json:"target_seconds"`
	Share         float64       `json:"share,omitempty"`
	Mix           []MixPart     `json:"mix"`
	ContractHours float64       `json:"contract_hours"`
	// CapacityBound is the fewest extra staff whose contract hours (times productivity) cover
	// the agent-hours of the need in every slot: a quick screen. The need meets the target in
	// every slot, so the answer (which asks it of every day) may be below it.
	CapacityBound int `json:"capacity_bound"`
	// Extra is the answer: the fewest extra staff with which the optimiser's roster meets the
	// target; -1 when even MaxExtra does not.
	Extra int    `json:"extra"`
	Staff string `json:"staff"`
	// Curve is the screening curve: greedy rosters at the headcounts the search visited.
	// Confirmed are the optimiser's runs.
	Curve     []SizePoint       `json:"curve"`
	Confirmed []SizePoint       `json:"confirmed"`
	Training  []TraineeTraining `json:"training"`
	// TrainingWeeks are the Mondays of the weeks before the busiest week that were planned for
	// the training figures (none when the busiest week is the session's first).
	TrainingWeeks []calendar.Date `json:"training_weeks"`
}

// Size finds the fewest extra staff (hired by the mix) with which the planned roster of the week
// meets the service target every day (and in the given share of slots). It screens quickly
// (a capacity lower bound, then greedy rosters evaluated by the transient evaluator, which give
// the service-level curve against headcount), then confirms with the optimiser: the smallest
// count whose optimised roster meets the target, searched down from the greedy answer. With
// the answer it plans the weeks before the session's busiest week and reports each trainee's
// hours beside a mentor.
func Size(ctx context.Context, base *planner.Dataset, req SizeRequest) (*SizeResult, error) {
	sess, ok := base.Session(req.SessionID)
	if !ok {
		return nil, planner.UnknownSessionError(base, req.SessionID)
	}
	sz, err := newSizing(ctx, base, sess, req.withDefaults())
	if err != nil {
		return nil, err
	}
	// 1. capacity screen
	lb, err := capacityBound(sz.ds, sess.ID, sz.from, sz.to, sz.req, sz.with)
	if err != nil {
		return nil, err
	}
	sz.res.CapacityBound = lb
	// 2. greedy screening
	greedyAnswer, err := sz.screenCurve()
	if err != nil {
		return nil, err
	}
	// 3. confirmation with the optimiser
	found, err := sz.confirmCurve(greedyAnswer)
	if err != nil {
		return nil, err
	}
	res := sz.res
	res.Extra = found
	if found >= 0 {
		res.Staff = mixLabel(mixSequence(sz.req.Mix, found))
		if err := res.training(ctx, sz.with(found), sess, sz.req); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// withDefaults returns req with the defaults of the mix, the contract hours and the bound of
// the search where it leaves them unset.
func (req SizeRequest) withDefaults() SizeRequest {
	if len(req.Mix) == 0 {
		req.Mix = []MixPart{{Status: planner.StatusQualified, Weight: 1}}
	}
	if req.ContractHours <= 0 {
		req.ContractHours = 20
	}
	if req.MaxExtra <= 0 {
		req.MaxExtra = 40
	}
	return req
}

// sizing is a Size under way: the dataset with the requested target, the week sized and the
// result so far.
type sizing struct {
	ctx      context.Context
	ds       *planner.Dataset
	sess     planner.Session
	req      SizeRequest
	from, to calendar.Date
	res      *SizeResult
}

// newSizing returns the sizing of session sess of base for req (with its defaults): a copy of
// base with the requested service target, the week (the busiest one unless req names one),
// its calls checked, and the result's header.
func newSizing(ctx context.Context, base *planner.Dataset, sess planner.Session, req SizeRequest) (*sizing, error) {
	ds := planner.CloneDataset(base)
	if req.TargetPercent > 0 {
		ds.Settings.TargetPercent = req.TargetPercent
	}
	if req.TargetSeconds > 0 {
		ds.Settings.TargetSeconds = req.TargetSeconds
	}
	busiest, err := busiestWeek(ds, sess)
	if err != nil {
		return nil, err
	}
	week := req.Week
	if week.IsZero() {
		week = busiest
	}
	from, to, err := planner.Horizon(sess, week)
	if err != nil {
		return nil, &planner.InputError{Problems: []planner.Problem{{Msg: err.Error()}}}
	}
	if err := planner.CheckCalls(ds, sess.ID, week); err != nil {
		return nil, err
	}
	res := &SizeResult{SessionID: sess.ID, From: from, To: to, BusiestWeek: busiest, TargetPercent: ds.Settings.TargetPercent,
		TargetSeconds: ds.Settings.TargetSeconds, Share: req.Share, Mix: req.Mix, ContractHours: req.ContractHours, Extra: -1,
		Curve: []SizePoint{}, Confirmed: []SizePoint{}, Training: []TraineeTraining{}, TrainingWeeks: []calendar.Date{}}
	return &sizing{ctx: ctx, ds: ds, sess: sess, req: req, from: from, to: to, res: res}, nil
}

// with returns the dataset with the first n extra people of the mix.
func (sz *sizing) with(n int) *planner.Dataset {
	return withExtra(sz.ds, sz.req.Mix, sz.req.ContractHours, n)
}

// screenCurve screens with greedy rosters: 0, 1, 2, 4, 8... extra staff until a greedy roster
// meets the target, then a binary search between the last two counts. It returns the fewest
// extra staff found to meet it (-1: not even MaxExtra) and sets the result's curve to the
// points screened, by count.
func (sz *sizing) screenCurve() (int, error) {
	req := sz.req
	screened := map[int]SizePoint{}
	screenAt := func(n int) (bool, error) {
		if p, ok := screened[n]; ok {
			return p.Meets, nil
		}
		if err := sz.ctx.Err(); err != nil {
			return false, err
		}
		req.progress(SizeProgress{Step: SizeScreening, Extra: n})
		p, err := screen(sz.ctx, sz.with(n), sz.sess.ID, sz.from, sz.to, req.Method, req)
		if err != nil {
			return false, err
		}
		p.Extra, p.Staff = n, mixLabel(mixSequence(req.Mix, n))
		screened[n] = p
		return p.Meets, nil
	}
	greedyAnswer, miss := -1, -1
	for n := 0; ; n = min(max(1, 2*n), req.MaxExtra) {
		ok, err := screenAt(n)
		if err != nil {
			return 0, err
		}
		if ok {
			greedyAnswer = n
			break
		}
		miss = n
		if n == req.MaxExtra {
			break
		}
	}
	for greedyAnswer >= 0 && greedyAnswer-miss > 1 {
		mid := (miss + greedyAnswer) / 2
		ok, err := screenAt(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			greedyAnswer = mid
		} else {
			miss = mid
		}
	}
	for _, p := range screened {
		sz.res.Curve = append(sz.res.Curve, p)
	}
	slices.SortFunc(sz.res.Curve, func(a, b SizePoint) int { return a.Extra - b.Extra })
	return greedyAnswer, nil
}

// confirmCurve confirms with the optimiser, down from the greedy answer (or up from it when the
// optimiser's roster misses the target there). It returns the fewest extra staff whose
// optimised roster meets the target (-1: none up to MaxExtra) and sets the result's confirmed
// points, by count.
func (sz *sizing) confirmCurve(greedyAnswer int) (int, error) {
	// hi: a count whose optimised roster meets the target (up from the greedy answer); then a
	// binary search below it, on the premise that more staff never serve worse
	hi := greedyAnswer
	if hi < 0 {
		hi = sz.req.MaxExtra
	}
	found := -1
	for ; hi <= sz.req.MaxExtra; hi++ {
		p, err := sz.confirm(hi)
		if err != nil {
			return 0, err
		}
		if p.Meets {
			found = hi
			break
		}
		if greedyAnswer < 0 {
			break // not even MaxExtra meets it
		}
	}
	if found >= 0 {
		lo := -1 // the largest count known to miss the target
		for found-lo > 1 {
			mid := (lo + found) / 2 // lo < mid < found
			p, err := sz.confirm(mid)
			if err != nil {
				return 0, err
			}
			if p.Meets {
				found = mid
			} else {
				lo = mid
			}
		}
	}
	slices.SortFunc(sz.res.Confirmed, func(a, b SizePoint) int { return a.Extra - b.Extra })
	return found, nil
}

// confirm plans the week with n extra staff and adds the service of the optimised roster to
// the result's confirmed points.
func (sz *sizing) confirm(n int) (SizePoint, error) {
	req := sz.req
	d := sz.with(n)
	at := SizeProgress{Step: SizeConfirming, Extra: n}
	req.progress(at)
	r, rep, err := Plan(sz.ctx, d, PlanRequest{SessionID: sz.sess.ID, Week: sz.from, Seed: req.Seed, TimeLimit: req.TimeLimit,
		Effort: req.Effort, Method: req.Method, Workers: runtime.GOMAXPROCS(0), Scenario: "size", Progress: req.planProgress(at)})
	if err != nil {
		return SizePoint{}, err
	}
	p := point(d, r, rep, req.Share)
	p.Extra, p.Staff, p.Method = n, mixLabel(mixSequence(req.Mix, n)), "solver"
	sz.res.Confirmed = append(sz.res.Confirmed, p)
	return p, nil
}

// training plans each week of the session before the busiest one with the chosen team and
// sums each trainee's hours beside a mentor.
func (res *SizeResult) training(ctx context.Context, ds *planner.Dataset, sess planner.Session, req SizeRequest) error {
	per := map[string]*TraineeTraining{}
	for _, s := range ds.Staff {
		if s.Status == planner.StatusTrainee || s.Status == planner.StatusNew {
			t := &TraineeTraining{StaffID: s.ID, Name: s.Name, Status: s.Status, Weeks: map[string]float64{}}
			per[s.ID] = t
		}
	}
	// the weeks with calls before the busiest: a week without a forecast is not planned
	forecast, err := planner.ForecastWeeks(ds, sess)
	if err != nil {
		return err
	}
	var before []calendar.Date
	for _, mon := range forecast {
		if mon.Before(res.BusiestWeek) {
			before = append(before, mon)
		}
	}
	weeks := len(before)
	for _, mon := range before {
		res.TrainingWeeks = append(res.TrainingWeeks, mon)
		at := SizeProgress{Step: SizeTraining, Extra: res.Extra, Week: len(res.TrainingWeeks), Weeks: weeks}
		req.progress(at)
		r, _, err := Plan(ctx, ds, PlanRequest{SessionID: sess.ID, Week: mon, Seed: req.Seed, TimeLimit: req.TimeLimit,
			Effort: req.Effort, Method: req.Method, Workers: runtime.GOMAXPROCS(0), Scenario: "size", Progress: req.planProgress(at)})
		if err != nil {
			return fmt.Errorf("planning the week of %s for the training figures: %w", mon, err)
		}
		for k, h := range MentoredHours(ds, r) {
			if t, ok := per[k.StaffID]; ok {
				t.Weeks[mon.String()] += h
				t.Hours += h
			}
		}
	}
	for _, s := range ds.Staff {
		if t, ok := per[s.ID]; ok {
			res.Training = append(res.Training, *t)
		}
	}
	return nil
}

// busiestWeek returns the Monday of the session's week with the most forecast calls.
func busiestWeek(ds *planner.Dataset, sess planner.Session) (calendar.Date, error) {
	d, err := planner.BuildDemand(ds, sess.ID, sess.FirstDay, sess.LastDay)
	if err != nil {
		return calendar.Date{}, err
	}
	calls := map[calendar.Date]float64{}
	var weeks []calendar.Date
	for di, day := range d.Days {
		mon := day.Monday()
		if _, ok := calls[mon]; !ok {
			weeks = append(weeks, mon)
		}
		for _, slot := range d.Load[di] {
			for _, l := range slot {
				calls[mon] += l.Calls
			}
		}
	}
	best := weeks[0]
	for _, w := range weeks {
		if calls[w] > calls[best]+1e-9 {
			best = w
		}
	}
	return best, nil
}

// withExtra returns ds with the first n extra people of the mix added.
func withExtra(ds *planner.Dataset, mix []MixPart, hours float64, n int) *planner.Dataset {
	out := planner.CloneDataset(ds)
	count := map[planner.Status]int{}
	for _, s := range mixSequence(mix, n) {
		count[s]++
	}
	for _, m := range mix {
		if count[m.Status] > 0 {
			scenario.AddStaff(out, count[m.Status], m.Status, hours)
		}
	}
	return out
}

func mixLabel(seq []planner.Status) string {
	if len(seq) == 0 {
		return "none"
	}
	count := map[planner.Status]int{}
	var order []planner.Status
	for _, s := range seq {
		if count[s] == 0 {
			order = append(order, s)
		}
		count[s]++
	}
	parts := make([]string, len(order))
	for i, s := range order {
		parts[i] = fmt.Sprintf("%d %s", count[s], s)
	}
	return strings.Join(parts, ", ")
}

// capacityBound returns the fewest extra staff with which the team's weekly hours (times
// productivity) can cover the agent-hours the target needs over the horizon.
func capacityBound(ds *planner.Dataset, sessionID string, from, to calendar.Date, req SizeRequest, with func(int) *planner.Dataset) (int, error) {
	d, err := planner.BuildDemand(ds, sessionID, from, to)
	if err != nil {
		return 0, err
	}
	needs := planner.ComputeNeeds(d, ds.Settings, req.Method)
	var need float64
	for di := range d.Days {
		for si := range d.Slots {
			for li := range d.Lines {
				need += float64(needs.Rostered[di][si][li]) * float64(d.SlotMinutes) / 60
			}
		}
	}
	weeks := math.Max(1, float64(len(d.Days))/7)
	open := float64(0)
	for di := range d.Days {
		if d.Open[di] {
			open++
		}
	}
	dayHours := float64(ds.Settings.Close-ds.Settings.Open) / 60
	capacity := func(x *planner.Dataset) float64 {
		var c float64
		for _, s := range x.Staff {
			h := s.MaxHoursWeek * weeks
			if s.MaxDaysWeek > 0 && s.MaxHoursDay > 0 {
				h = math.Min(h, float64(s.MaxDaysWeek)*weeks*s.MaxHoursDay)
			}
			h = math.Min(h, open*dayHours)
			c += h * s.EffectiveProductivity()
		}
		return c
	}
	for n := 0; n <= req.MaxExtra; n++ {
		if capacity(with(n)) >= need-1e-9 {
			return n, nil
		}
	}
	return req.MaxExtra, nil
}

// screen builds the greedy roster of the horizon and evaluates it.
func screen(ctx context.Context, ds *planner.Dataset, sessionID string, from, to calendar.Date, method queue.Method, req SizeRequest) (SizePoint, error) {
	prob, err := newProblem(ctx, ds, sessionID, from, to, method, planner.MeanDemand)
	if err != nil {
		return SizePoint{}, err
	}
	r := &planner.Roster{SessionID: sessionID, From: from, To: to, Settings: ds.Settings, Method: "greedy",
		Shifts: greedy(ctx, ctx, prob.greedyInput())}
	rep, err := Evaluate(ds, r)
	if err != nil {
		return SizePoint{}, err
	}
	p := point(ds, r, rep, req.Share)
	p.Method = "greedy"
	return p, nil
}

// point measures a roster against the target: every day, and the share of slots.
func point(ds *planner.Dataset, r *planner.Roster, rep *planner.Report, share float64) SizePoint {
	tot, _ := figures(ds, r, rep)
	p := SizePoint{ServiceLevel: rep.ServiceLevel, WorstDay: 1, PaidHours: rep.PaidHours, Cost: tot.Cost}
	target := ds.Settings.TargetPercent / 100
	p.Meets = true
	for _, d := range rep.Days {
		if d.Calls <= 0 {
			continue
		}
		p.WorstDay = math.Min(p.WorstDay, d.ServiceLevel)
		if d.ServiceLevel < target-1e-9 {
			p.Meets = false
		}
	}
	withCalls, ok := 0, 0
	for _, s := range rep.Slots {
		if s.Calls > 0 {
			withCalls++
			if s.ServiceLevel >= target-1e-9 {
				ok++
			}
		}
	}
	if withCalls > 0 {
		p.SlotShare = float64(ok) / float64(withCalls)
	}
	if share > 0 && p.SlotShare < share-1e-9 {
		p.Meets = false
	}
	return p
}

// progress reports p when the request asks for progress.
func (req SizeRequest) progress(p SizeProgress) {
	if req.Progress != nil {
		req.Progress(p)
	}
}

// planProgress returns the Progress callback of an optimiser run at step at (nil when nobody
// listens).
func (req SizeRequest) planProgress(at SizeProgress) func(planner.Progress) {
	if req.Progress == nil {
		return nil
	}
	return func(p planner.Progress) {
		at.Plan = &p
		req.Progress(at)
	}
}
