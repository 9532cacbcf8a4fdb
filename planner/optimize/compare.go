package optimize

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
)

// CompareRequest says how to plan each scenario of a comparison: the same session, horizon,
// seed and budget for all.
type CompareRequest struct {
	SessionID string
	Week      calendar.Date // zero: the whole session
	Seed      int64
	TimeLimit time.Duration // per scenario; 0: the planner's default
	Effort    int           // deterministic search budget (PlanRequest.Effort)
	Method    queue.Method
	// Parallel is the number of scenarios planned at once (0: GOMAXPROCS). Each plan uses one
	// search goroutine, so the plans share the cores.
	Parallel int
	// Demand is the demand to plan for. For a quantile, each scenario is planned twice, for
	// the mean forecast and for the quantile, and every roster is reported at both: what the
	// quantile costs, and what it buys.
	Demand planner.DemandQuantile
	// Progress, if set, is called as the plans go on (from several goroutines, one call at a
	// time).
	Progress func(CompareProgress)
}

// CompareProgress is how far a comparison has come.
type CompareProgress struct {
	Plans    int      // plans in all: the scenarios, each twice for a quantile demand
	Finished int      // plans done
	Running  []string // the names of the plans under way, in the order given
	// Done is the share of the work done, 0 to 1 (each plan counts alike), and Left an
	// estimate of the time left (0: not known yet).
	Done float64
	Left time.Duration
}

// ScenarioData is one scenario to compare: its name and its data (the base data with the
// scenario applied).
type ScenarioData struct {
	Name    string
	Dataset *planner.Dataset
}

// Figures are what a roster delivers over a day or the whole horizon.
type Figures struct {
	Calls            float64 `json:"calls"`
	AnsweredInTarget float64 `json:"answered_in_target"` // expected calls answered within the target time
	ServiceLevel     float64 `json:"service_level"`
	ASA              float64 `json:"asa_seconds"`
	PAbandon         float64 `json:"p_abandon"`
	PaidHours        float64 `json:"paid_hours"`
	Cost             float64 `json:"cost"` // paid hours at the status rates (rate_* settings)
	SlotsShort       int     `json:"slots_short"`
	// MentoredHours is the hours trainees and new staff spend on duty beside a mentor of
	// their line.
	MentoredHours float64 `json:"mentored_hours"`
}

// DayFigures are the figures of one day.
type DayFigures struct {
	Date calendar.Date `json:"date"`
	Figures
}

// ScenarioResult is one scenario of a comparison: its roster and report, or the error that
// kept it from being planned (an infeasible scenario is a valid answer to a what-if).
//
// Total and Days are at the mean forecast, whatever the demand the roster was planned for;
// when the comparison is for a quantile, AtQuantile and QuantileDays are at the quantile.
type ScenarioResult struct {
	Name     string                 `json:"name"`
	Scenario string                 `json:"scenario"` // the scenario planned: Name less the demand
	Demand   planner.DemandQuantile `json:"demand"`   // the demand the roster was planned for
	Error    string                 `json:"error,omitempty"`
	Roster   *planner.Roster        `json:"roster,omitempty"`
	Report   *planner.Report        `json:"-"`
	Dataset  *planner.Dataset       `json:"-"`
	Total    Figures                `json:"total"`
	Days     []DayFigures           `json:"days"`
	// Lines is the service of each line over the horizon, at the mean forecast.
	Lines []planner.LineReport `json:"lines,omitempty"`
	// AtQuantile and QuantileDays are the figures at the comparison's quantile.
	AtQuantile   *Figures     `json:"at_quantile,omitempty"`
	QuantileDays []DayFigures `json:"quantile_days,omitempty"`
}

// StaffChanges is what changed for one person in a scenario against the first scenario: the
// days whose shift differs (DiffRosters), with hours in each.
type StaffChanges struct {
	Scenario string `json:"scenario"`
	planner.StaffDiff
}

// Comparison is several scenarios planned alike, side by side.
type Comparison struct {
	SessionID string                 `json:"session"`
	Demand    planner.DemandQuantile `json:"demand"` // the quantile the rosters are also reported at
	From      calendar.Date          `json:"from"`
	To        calendar.Date          `json:"to"`
	Seed      int64                  `json:"seed"`
	Scenarios []ScenarioResult       `json:"scenarios"`
	Staff     []StaffChanges         `json:"staff_changes"`
	Elapsed   time.Duration          `json:"-"`
}

// Compare plans every scenario with the same request, Parallel at a time, and puts the results
// side by side. A scenario that cannot be planned (infeasible, bad data) keeps its error in its
// result; Compare fails only when ctx is done or no scenario could be planned.
//
// For a quantile demand each scenario gives two results, planned for the mean (named as the
// scenario) and for the quantile (named "NAME p80").
func Compare(ctx context.Context, scenarios []ScenarioData, req CompareRequest) (*Comparison, error) {
	if len(scenarios) == 0 {
		return nil, fmt.Errorf("compare: no scenario")
	}
	if err := planner.CheckCalls(scenarios[0].Dataset, req.SessionID, req.Week); err != nil {
		return nil, err
	}
	type job struct {
		sc     ScenarioData
		demand planner.DemandQuantile
	}
	var jobs []job
	for _, sc := range scenarios {
		jobs = append(jobs, job{sc, planner.MeanDemand})
		if req.Demand != planner.MeanDemand {
			jobs = append(jobs, job{sc, req.Demand})
		}
	}
	start := time.Now()
	par := req.Parallel
	if par <= 0 {
		par = runtime.GOMAXPROCS(0)
	}
	out := &Comparison{SessionID: req.SessionID, Seed: req.Seed, Demand: req.Demand, Scenarios: make([]ScenarioResult, len(jobs))}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	track := newCompareTracker(req.Progress, len(jobs), start)
	for i, jb := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			sc := jb.sc
			res := ScenarioResult{Name: sc.Name, Scenario: sc.Name, Demand: jb.demand, Dataset: sc.Dataset}
			if jb.demand != planner.MeanDemand {
				res.Name += " " + jb.demand.String()
			}
			defer track.finish(i)
			track.start(i, res.Name)
			r, rep, err := Plan(ctx, sc.Dataset, PlanRequest{SessionID: req.SessionID, Week: req.Week, Seed: req.Seed,
				TimeLimit: req.TimeLimit, Effort: req.Effort, Method: req.Method, Workers: 1, Scenario: sc.Name, Demand: jb.demand,
				Progress: track.plan(i)})
			if err == nil && jb.demand != planner.MeanDemand {
				// the figures are at the mean forecast
				rep, err = evaluateAt(sc.Dataset, r, planner.MeanDemand)
			}
			if err == nil {
				res.Roster, res.Report = r, rep
				res.Total, res.Days = figures(sc.Dataset, r, rep)
				res.Lines = rep.Lines
			}
			if err == nil && req.Demand != planner.MeanDemand {
				var at *planner.Report
				if at, err = evaluateAt(sc.Dataset, r, req.Demand); err == nil {
					t, days := figures(sc.Dataset, r, at)
					res.AtQuantile, res.QuantileDays = &t, days
				}
			}
			if err != nil {
				res = ScenarioResult{Name: res.Name, Scenario: res.Scenario, Demand: res.Demand, Dataset: sc.Dataset, Error: err.Error()}
			}
			out.Scenarios[i] = res
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var errs []error
	for _, res := range out.Scenarios {
		if res.Roster != nil {
			out.From, out.To = res.Roster.From, res.Roster.To
			errs = nil
			break
		}
		errs = append(errs, fmt.Errorf("scenario %s: %s", res.Name, res.Error))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out.Staff = staffChanges(out.Scenarios)
	out.Elapsed = time.Since(start)
	return out, nil
}

// evaluateAt reports what roster r delivers when the calls are those of demand q, whatever
// the demand it was planned for.
func evaluateAt(ds *planner.Dataset, r *planner.Roster, q planner.DemandQuantile) (*planner.Report, error) {
	c := *r
	c.Plan.Demand = q
	return Evaluate(ds, &c)
}

// figures sums what roster r delivers, per day and in total.
func figures(ds *planner.Dataset, r *planner.Roster, rep *planner.Report) (Figures, []DayFigures) {
	days := make([]DayFigures, len(rep.Days))
	index := map[calendar.Date]int{}
	for i, d := range rep.Days {
		index[d.Date] = i
		days[i] = DayFigures{Date: d.Date, Figures: Figures{Calls: d.Calls, ServiceLevel: d.ServiceLevel, ASA: d.ASA,
			PAbandon: d.PAbandon, PaidHours: d.PaidHours, SlotsShort: d.SlotsShort}}
	}
	for _, s := range rep.Slots {
		if i, ok := index[s.Date]; ok {
			days[i].AnsweredInTarget += s.Calls * s.ServiceLevel
		}
	}
	status := map[string]planner.Status{}
	for _, s := range ds.Staff {
		status[s.ID] = s.Status
	}
	for _, sh := range r.Shifts {
		if i, ok := index[sh.Date]; ok {
			days[i].Cost += float64(sh.Minutes()) / 60 * ds.Settings.Rate(status[sh.StaffID])
		}
	}
	for key, h := range MentoredHours(ds, r) {
		if i, ok := index[key.Date]; ok {
			days[i].MentoredHours += h
		}
	}
	t := Figures{Calls: rep.Calls, ServiceLevel: rep.ServiceLevel, ASA: rep.ASA, PAbandon: rep.PAbandon,
		PaidHours: rep.PaidHours, SlotsShort: rep.SlotsShort}
	for _, d := range days {
		t.AnsweredInTarget += d.AnsweredInTarget
		t.Cost += d.Cost
		t.MentoredHours += d.MentoredHours
	}
	return t, days
}

// MentoredHours returns, for each trainee's and new staff member's day in roster r, the hours
// they are on duty while a mentor who answers one of the same lines is on duty too (a pooled
// shift answers every line of its person).
func MentoredHours(ds *planner.Dataset, r *planner.Roster) map[planner.StaffDay]float64 {
	out := map[planner.StaffDay]float64{}
	slot := ds.Settings.SlotMinutes
	staff := map[string]planner.Staff{}
	for _, s := range ds.Staff {
		staff[s.ID] = s
	}
	lines := func(sh planner.Shift) []string {
		if sh.Line == planner.PooledLine {
			return staff[sh.StaffID].Lines
		}
		return []string{sh.Line}
	}
	byDay := map[calendar.Date][]planner.Shift{}
	for _, sh := range r.Shifts {
		byDay[sh.Date] = append(byDay[sh.Date], sh)
	}
	for day, shifts := range byDay {
		for _, t := range shifts {
			if st := staff[t.StaffID].Status; st != planner.StatusTrainee && st != planner.StatusNew {
				continue
			}
			for c := t.Start; c+calendar.Clock(slot) <= t.End; c += calendar.Clock(slot) {
				if !t.OnDuty(c, slot) {
					continue
				}
				beside := slices.ContainsFunc(shifts, func(m planner.Shift) bool {
					return staff[m.StaffID].Status == planner.StatusMentor && m.OnDuty(c, slot) &&
						slices.ContainsFunc(lines(t), func(l string) bool { return slices.Contains(lines(m), l) })
				})
				if beside {
					out[planner.StaffDay{StaffID: t.StaffID, Date: day}] += float64(slot) / 60
				}
			}
		}
	}
	return out
}

// staffChanges lists, for every scenario after the first, the people whose shifts differ from
// the first scenario's (DiffRosters: shifts that are the same in both are not listed).
func staffChanges(results []ScenarioResult) []StaffChanges {
	first := results[0]
	out := []StaffChanges{}
	if first.Roster == nil {
		return out
	}
	for _, res := range results[1:] {
		if res.Roster == nil {
			continue
		}
		for _, p := range planner.DiffRosters(first.Roster, res.Roster, res.Dataset, first.Dataset).Staff {
			out = append(out, StaffChanges{Scenario: res.Name, StaffDiff: p})
		}
	}
	return out
}

// CompareRow is one line of the side-by-side table: a figure of a day (Date zero: the whole
// horizon) in each scenario (NaN where a scenario has no roster).
type CompareRow struct {
	Date   calendar.Date
	Metric string // e.g. "service level"
	Unit   string // "%", "s", "h", "calls", "EUR", "slots"
	Values []float64
}

// Label is the row's name with its unit, the unit left out where the name says it already:
// "service level (%)", "paid hours", "calls at p80".
func (r CompareRow) Label() string {
	words := strings.Fields(r.Metric)
	if r.Unit == "" || slices.Contains(words, r.Unit) || (r.Unit == "h" && slices.Contains(words, "hours")) {
		return r.Metric
	}
	return r.Metric + " (" + r.Unit + ")"
}

// CompareMetrics are the figures of the table, in order.
var CompareMetrics = []struct {
	Name, Unit string
	Get        func(Figures) float64
}{
	{"calls", "calls", func(f Figures) float64 { return f.Calls }},
	{"answered in target", "calls", func(f Figures) float64 { return f.AnsweredInTarget }},
	{"service level", "%", func(f Figures) float64 { return 100 * f.ServiceLevel }},
	{"ASA", "s", func(f Figures) float64 { return f.ASA }},
	{"abandonment", "%", func(f Figures) float64 { return 100 * f.PAbandon }},
	{"paid hours", "h", func(f Figures) float64 { return f.PaidHours }},
	{"cost", "EUR", func(f Figures) float64 { return f.Cost }},
	{"slots short", "slots", func(f Figures) float64 { return float64(f.SlotsShort) }},
	{"trainee hours beside a mentor", "h", func(f Figures) float64 { return f.MentoredHours }},
}

// QuantileMetrics are the figures of CompareMetrics that the table repeats at the quantile when
// the comparison has one.
var QuantileMetrics = []string{"calls", "answered in target", "service level", "ASA", "abandonment", "slots short"}

// Rows returns the side-by-side table: the whole horizon first, then each day, every metric
// of CompareMetrics with one value per scenario (at the mean forecast); for a comparison at a
// quantile, then the QuantileMetrics at the quantile, named e.g. "service level at p80".
func (c *Comparison) Rows() []CompareRow {
	var days []calendar.Date
	for _, s := range c.Scenarios {
		for _, d := range s.Days {
			if !slices.Contains(days, d.Date) {
				days = append(days, d.Date)
			}
		}
	}
	slices.SortFunc(days, calendar.Date.Compare)
	var rows []CompareRow
	for _, day := range append([]calendar.Date{{}}, days...) {
		for _, m := range CompareMetrics {
			row := CompareRow{Date: day, Metric: m.Name, Unit: m.Unit, Values: make([]float64, len(c.Scenarios))}
			for i, s := range c.Scenarios {
				row.Values[i] = math.NaN()
				if s.Roster == nil {
					continue
				}
				if day.IsZero() {
					row.Values[i] = m.Get(s.Total)
					continue
				}
				if j := slices.IndexFunc(s.Days, func(d DayFigures) bool { return d.Date == day }); j >= 0 {
					row.Values[i] = m.Get(s.Days[j].Figures)
				}
			}
			rows = append(rows, row)
			if day.IsZero() && m.Name == "service level" {
				rows = append(rows, c.lineRows()...)
			}
		}
		if c.Demand == planner.MeanDemand {
			continue
		}
		for _, m := range CompareMetrics {
			if !slices.Contains(QuantileMetrics, m.Name) {
				continue
			}
			row := CompareRow{Date: day, Metric: m.Name + " at " + c.Demand.String(), Unit: m.Unit, Values: make([]float64, len(c.Scenarios))}
			for i, s := range c.Scenarios {
				row.Values[i] = math.NaN()
				if s.AtQuantile == nil {
					continue
				}
				if day.IsZero() {
					row.Values[i] = m.Get(*s.AtQuantile)
					continue
				}
				if j := slices.IndexFunc(s.QuantileDays, func(d DayFigures) bool { return d.Date == day }); j >= 0 {
					row.Values[i] = m.Get(s.QuantileDays[j].Figures)
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// lineRows returns the rows of the service level of each line over the horizon ("service
// level of LLN"), when the desk has two lines or more.
func (c *Comparison) lineRows() []CompareRow {
	var lines []string
	for _, s := range c.Scenarios {
		for _, l := range s.Lines {
			if !slices.Contains(lines, l.Line) {
				lines = append(lines, l.Line)
			}
		}
	}
	if len(lines) < 2 {
		return nil
	}
	rows := make([]CompareRow, len(lines))
	for k, line := range lines {
		rows[k] = CompareRow{Metric: "service level of " + line, Unit: "%", Values: make([]float64, len(c.Scenarios))}
		for i, s := range c.Scenarios {
			rows[k].Values[i] = math.NaN()
			if j := slices.IndexFunc(s.Lines, func(l planner.LineReport) bool { return l.Line == line }); j >= 0 && s.Lines[j].Calls > 0 {
				rows[k].Values[i] = 100 * s.Lines[j].ServiceLevel
			}
		}
	}
	return rows
}

// SlotSeries returns, for each scenario, the call-weighted service level of each slot of the
// horizon over all lines (NaN for a slot without calls), with the slots' labels
// ("2027-01-04 07:30"): the data of the comparison's chart.
func (c *Comparison) SlotSeries() (labels []string, series [][]float64) {
	type key struct {
		d calendar.Date
		t calendar.Clock
	}
	var keys []key
	seen := map[key]bool{}
	for _, s := range c.Scenarios {
		if s.Report == nil {
			continue
		}
		for _, x := range s.Report.Slots {
			k := key{x.Date, x.Time}
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := a.d.Compare(b.d); c != 0 {
			return c
		}
		return cmp.Compare(a.t, b.t)
	})
	pos := map[key]int{}
	for i, k := range keys {
		pos[k] = i
		labels = append(labels, k.d.String()+" "+k.t.String())
	}
	for _, s := range c.Scenarios {
		calls := make([]float64, len(keys))
		inTarget := make([]float64, len(keys))
		if s.Report != nil {
			for _, x := range s.Report.Slots {
				i := pos[key{x.Date, x.Time}]
				calls[i] += x.Calls
				inTarget[i] += x.Calls * x.ServiceLevel
			}
		}
		v := make([]float64, len(keys))
		for i := range v {
			v[i] = math.NaN()
			if calls[i] > 0 {
				v[i] = inTarget[i] / calls[i]
			}
		}
		series = append(series, v)
	}
	return labels, series
}

// compareTracker gathers the progress of a comparison's plans, which run in parallel, and
// reports it one call at a time.
type compareTracker struct {
	mu     sync.Mutex
	report func(CompareProgress)
	begin  time.Time
	names  []string  // per plan: its name once started
	done   []float64 // per plan: the share done
	ended  []bool
}

func newCompareTracker(report func(CompareProgress), plans int, begin time.Time) *compareTracker {
	return &compareTracker{report: report, begin: begin, names: make([]string, plans), done: make([]float64, plans), ended: make([]bool, plans)}
}

func (t *compareTracker) start(i int, name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.names[i] = name
	t.send()
}

func (t *compareTracker) finish(i int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ended[i], t.done[i] = true, 1
	t.send()
}

// plan returns the Progress callback of plan i (nil when nobody listens).
func (t *compareTracker) plan(i int) func(planner.Progress) {
	if t.report == nil {
		return nil
	}
	return func(p planner.Progress) {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.done[i] = p.Done
		t.send()
	}
}

// send reports the progress; the caller holds t.mu.
func (t *compareTracker) send() {
	if t.report == nil {
		return
	}
	p := CompareProgress{Plans: len(t.names)}
	for i, name := range t.names {
		p.Done += t.done[i] / float64(len(t.names))
		switch {
		case t.ended[i]:
			p.Finished++
		case name != "":
			p.Running = append(p.Running, name)
		}
	}
	// the pace of the first few percent (models, bounds) says little of the rest
	if elapsed := time.Since(t.begin); p.Done >= 0.05 && p.Done < 1 {
		p.Left = time.Duration(float64(elapsed) * (1 - p.Done) / p.Done)
	}
	t.report(p)
}
