package solver

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Off marks a day off in Solution.Assign.
const Off = -1

// Model is a rostering problem. Indexes are used throughout: Option.Type indexes Types, a
// Coverage.Cell indexes Cells, Request.Worker indexes Workers, and so on.
type Model struct {
	Days    int      // length of the horizon in days
	Week    []int    // week index of each day; nil: day/7
	Weekend []bool   // weekend membership of each day; nil: day%7 is 5 or 6 (day 0 a Monday)
	Types   []string // names of the shift types; at least one

	// Options lists, for each day, the shift options that can be worked that day. Options
	// are stored once per day; workers refer to them by index.
	Options [][]Option

	Cells   []Cell   // demand cells
	Joints  []Joint  // penalties on several cells taken together
	Workers []Worker // the staff

	// Forbidden lists the successions no worker may work: type From on day d, then type To
	// on day d+1.
	Forbidden []Succession

	Requests     []Request         // soft requests of workers
	Covers       []CoverRule       // at least k workers of a kind in some cells
	Supervisions []SupervisionRule // workers of one kind need workers of another kind
	Fairness     []FairnessRule    // spread of a counted quantity across workers
}

// Option is a shift that can be worked on one day.
type Option struct {
	Type   int        // index in Model.Types
	Start  int        // start, in minutes from the midnight of its day (may exceed 1440)
	Length int        // paid minutes; counted by the minute rules
	Span   int        // minutes from start to end, breaks included; 0: Length
	Cover  []Coverage // the demand cells the option covers
	Cost   float64    // fixed cost whoever works it
	Label  string     // free text for reports
}

// End returns the end of the option in minutes from the midnight of its day.
func (o *Option) End() int {
	if o.Span > 0 {
		return o.Start + o.Span
	}
	return o.Start + o.Length
}

// Coverage says that an option covers a demand cell. A worker on duty on the option adds
// Worker.Weight*Coef to the effective staff of the cell. A worker is "on duty in the cell"
// for the coupling rules whenever the option lists the cell, whatever the coefficient.
type Coverage struct {
	Cell int
	Coef float64
}

// Cell is a unit of demand (a shift type on a day, a time slot of a line...). Its penalty is a
// convex function of the effective staff x >= 0 it receives.
type Cell struct {
	Name    string
	Penalty PWL
}

// Joint is a penalty on several cells taken together, for demand that no sum of per-cell
// penalties describes: two phone lines answered by staff of each line and by staff who answer
// both, say, where what a shared person is worth to a line depends on the other line. It adds
// Penalty(x) to the objective, x[i] being the effective staff of Cells[i]; the cells keep
// their own Penalty too. A cell belongs to at most one joint.
//
// Penalty must be non-negative, depend on x only, and be safe to call from several goroutines
// at once. Joints are left out of the LP relaxation, like coupling and fairness rules: the
// lower bound stays valid (Penalty >= 0) but does not see them, and neither does WriteLP. A
// model with joints should give its cells penalties that are a good convex lower bound of the
// joint cost, so that the bound and the column generation are guided well.
type Joint struct {
	Name    string
	Cells   []int
	Penalty func(x []float64) float64
}

// PWL is a convex piecewise-linear function of x >= 0: its value at 0 is At0, and its slope is
// Slopes[0] on [0, Breaks[0]], Slopes[i] on [Breaks[i-1], Breaks[i]] and Slopes[len(Breaks)]
// beyond the last break. Breaks must increase and be positive, slopes must not decrease
// (convexity); len(Slopes) == len(Breaks)+1. The zero PWL is the zero function.
type PWL struct {
	At0    float64
	Breaks []float64
	Slopes []float64
}

// Linear returns the cover penalty under*max(0, target-x) + over*max(0, x-target).
func Linear(target, under, over float64) PWL {
	if target <= 0 {
		return PWL{Slopes: []float64{over}}
	}
	return PWL{At0: under * target, Breaks: []float64{target}, Slopes: []float64{-under, over}}
}

// FromPoints returns the convex PWL through the points (xs[i], ys[i]), with xs[0] == 0 and xs
// increasing, extended beyond the last point with slope after. It returns an error if the
// points are not convex.
func FromPoints(xs, ys []float64, after float64) (PWL, error) {
	if len(xs) == 0 || len(xs) != len(ys) || xs[0] != 0 {
		return PWL{}, errors.New("solver: FromPoints needs matching points starting at x=0")
	}
	f := PWL{At0: ys[0]}
	for i := 1; i < len(xs); i++ {
		if xs[i] <= xs[i-1] {
			return PWL{}, errors.New("solver: FromPoints needs increasing x")
		}
		f.Slopes = append(f.Slopes, (ys[i]-ys[i-1])/(xs[i]-xs[i-1]))
		if i < len(xs)-1 {
			f.Breaks = append(f.Breaks, xs[i])
		}
	}
	if len(xs) == 1 {
		f.Slopes = []float64{after}
	} else {
		f.Breaks = append(f.Breaks, xs[len(xs)-1])
		f.Slopes = append(f.Slopes, after)
	}
	return f, f.validate()
}

func (f *PWL) validate() error {
	if len(f.Breaks) == 0 && len(f.Slopes) == 0 {
		return nil
	}
	if len(f.Slopes) != len(f.Breaks)+1 {
		return errors.New("needs len(Slopes) == len(Breaks)+1")
	}
	for i, b := range f.Breaks {
		if b <= 0 || (i > 0 && b <= f.Breaks[i-1]) {
			return errors.New("breaks must be positive and increasing")
		}
	}
	for i := 1; i < len(f.Slopes); i++ {
		if f.Slopes[i] < f.Slopes[i-1]-1e-12 {
			return errors.New("slopes must not decrease (the penalty must be convex)")
		}
	}
	return nil
}

// Value returns f(x).
func (f *PWL) Value(x float64) float64 {
	v := f.At0
	if len(f.Slopes) == 0 {
		return v
	}
	prev := 0.0
	for i, b := range f.Breaks {
		if x <= b {
			return v + f.Slopes[i]*(x-prev)
		}
		v += f.Slopes[i] * (b - prev)
		prev = b
	}
	return v + f.Slopes[len(f.Slopes)-1]*(x-prev)
}

// Worker is a member of staff and the hard rules of his or her roster. Every limit is hard;
// a zero limit means no limit.
type Worker struct {
	Name   string
	Weight float64 // effective staff per unit of coverage (productivity, usually 0..1)
	Kinds  uint64  // labels for the coupling rules, one bit each

	// Allowed lists, per day, the sorted option indexes the worker may work. A nil Allowed,
	// or a nil Allowed[d], allows every option of the day; an empty non-nil Allowed[d]
	// forces a day off.
	Allowed [][]int

	MinMinutes, MaxMinutes         int   // paid minutes over the horizon
	MinWeekMinutes, MaxWeekMinutes int   // paid minutes in each week
	MaxShifts                      []int // per type, shifts over the horizon; nil: none
	MaxDaysPerWeek                 int   // working days in each week
	MinConsecutive, MaxConsecutive int   // working days in a row
	MinConsecutiveOff              int   // days off in a row
	MaxWeekends                    int   // weekends with work on at least one weekend day
	MinRest                        int   // minutes between the end of a shift and the next start
	CostPerMinute                  float64

	// History describes the days before day 0. Without it the minimum-run rules exempt a run
	// that touches day 0 (and, always, a run that reaches the last day).
	History *History
}

// History continues a roster from the days before the horizon.
type History struct {
	Worked   int // consecutive days worked up to day -1; 0 if day -1 was off
	Off      int // consecutive days off up to day -1; 0 if day -1 was worked
	LastType int // type worked on day -1 (when Worked > 0)
	LastEnd  int // end of the shift of day -1, minutes from the midnight of day -1
	Weekends int // weekends already worked, counted against MaxWeekends
}

// Succession is a pair of shift types.
type Succession struct{ From, To int }

// Request is a soft request of a worker for one day. With On, the penalty Weight is paid when
// the worker does not work one of Options that day; without, when the worker works one of
// them. A nil Options means any option: a day-on request, or a day-off request.
type Request struct {
	Worker, Day int
	Options     []int
	On          bool
	Weight      float64
}

// CoverRule needs at least Min workers having one of the bits Kinds on duty in each of Cells.
// Each missing worker in a cell costs Weight; a zero Weight makes the rule hard.
type CoverRule struct {
	Name   string
	Cells  []int
	Kinds  uint64
	Min    int
	Weight float64
}

// SupervisionRule: in each of Cells (nil: every cell) where workers of kind Supervised are on
// duty, workers of kind Supervisor must be on duty too, at most Ratio supervised per
// supervisor (Ratio 0: one supervisor is enough). The shortfall of a cell is
// max(0, ceil(nA/Ratio)-nB), or 1 when Ratio is 0 and nA > 0 = nB, and costs Weight each; a
// zero Weight makes the rule hard.
type SupervisionRule struct {
	Name                   string
	Cells                  []int
	Supervised, Supervisor uint64
	Ratio                  float64
	Weight                 float64
}

// Spread says how a FairnessRule measures unevenness.
type Spread int

const (
	// SumSquares is the sum over the group of the squared deviations of the counts from the
	// group mean. It rewards every step towards evenness; WriteLP cannot express it.
	SumSquares Spread = iota
	// Range is the largest count minus the smallest.
	Range
)

// FairnessRule counts, for each worker of Workers, the days worked on a counted option (plus
// Initial, e.g. earlier weeks), and costs Weight times the Spread of the counts.
type FairnessRule struct {
	Name    string
	Workers []int
	Counted [][]int   // per day, the sorted options that count; nil (or a nil day): none
	Initial []float64 // per member of Workers; nil: zeros
	Weight  float64
	Spread  Spread
}

// Solution is a roster: Assign[w][d] is the option worker w works on day d, or Off.
type Solution struct {
	Assign    [][]int
	Objective float64 // as recomputed by Check
	Bound     float64 // a lower bound on the optimum (-Inf if unknown)
	Feasible  bool    // every hard rule holds
}

// Gap returns the relative optimality gap of the solution: Gap(s.Objective, s.Bound).
func (s *Solution) Gap() float64 { return Gap(s.Objective, s.Bound) }

// Gap returns the relative optimality gap (obj-bound)/max(|obj|, 1e-9): 0 when obj is within
// 1e-9 of bound (relative to |obj|, or absolute below 1), +Inf when the bound is unknown (-Inf
// or NaN).
func Gap(obj, bound float64) float64 {
	if math.IsInf(bound, -1) || math.IsNaN(bound) {
		return math.Inf(1)
	}
	d := obj - bound
	if d <= 1e-9*math.Max(1, math.Abs(obj)) {
		return 0
	}
	return d / math.Max(math.Abs(obj), 1e-9)
}

// InfeasibleError explains why a model has no feasible roster, or why the search found none:
// the rule, and the workers, days and cells that make it impossible.
type InfeasibleError struct {
	Rule    string
	Name    string // the coupling rule's Name, for RuleCover and RuleSupervision
	Workers []int
	Days    []int
	Cells   []int
	Reason  string
}

func (e *InfeasibleError) Error() string {
	s := "solver: infeasible: " + e.Rule
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// ErrInfeasible is matched by every *InfeasibleError with errors.Is.
var ErrInfeasible = errors.New("solver: infeasible")

// Is reports whether target is ErrInfeasible.
func (e *InfeasibleError) Is(target error) bool { return target == ErrInfeasible }

// WeekOf returns the week index of day d.
func (m *Model) WeekOf(d int) int {
	if m.Week != nil {
		return m.Week[d]
	}
	return d / 7
}

// IsWeekend reports whether day d belongs to a weekend.
func (m *Model) IsWeekend(d int) bool {
	if m.Weekend != nil {
		return m.Weekend[d]
	}
	return d%7 == 5 || d%7 == 6
}

// AllowedOn returns the options worker w may work on day d (a fresh slice).
func (m *Model) AllowedOn(w, d int) []int {
	wk := &m.Workers[w]
	if wk.Allowed == nil || wk.Allowed[d] == nil {
		out := make([]int, len(m.Options[d]))
		for i := range out {
			out[i] = i
		}
		return out
	}
	return append([]int(nil), wk.Allowed[d]...)
}

// Validate checks the model for programming errors (bad indexes, non-convex penalties...).
func (m *Model) Validate() error {
	for _, check := range []func() error{m.validateDays, m.validateCells, m.validateWorkers, m.validateRequests, m.validateCoupling} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// validateDays checks the horizon, its weeks and weekends, and each day's options.
func (m *Model) validateDays() error {
	if m.Days <= 0 {
		return errors.New("solver: model has no days")
	}
	if len(m.Types) == 0 {
		return errors.New("solver: model has no shift types")
	}
	if len(m.Options) != m.Days {
		return fmt.Errorf("solver: %d option lists for %d days", len(m.Options), m.Days)
	}
	if m.Week != nil && len(m.Week) != m.Days {
		return errors.New("solver: Week must have one entry per day")
	}
	if m.Weekend != nil && len(m.Weekend) != m.Days {
		return errors.New("solver: Weekend must have one entry per day")
	}
	for d := range m.Days {
		if d > 0 && m.WeekOf(d) < m.WeekOf(d-1) {
			return errors.New("solver: week indexes must not decrease")
		}
		for i, o := range m.Options[d] {
			if o.Type < 0 || o.Type >= len(m.Types) {
				return fmt.Errorf("solver: day %d option %d: bad type %d", d, i, o.Type)
			}
			if o.Length < 0 || o.Span < 0 {
				return fmt.Errorf("solver: day %d option %d: negative length", d, i)
			}
			for _, c := range o.Cover {
				if c.Cell < 0 || c.Cell >= len(m.Cells) {
					return fmt.Errorf("solver: day %d option %d: bad cell %d", d, i, c.Cell)
				}
			}
		}
	}
	return nil
}

// validateCells checks the cells' penalties and the joints.
func (m *Model) validateCells() error {
	for i := range m.Cells {
		if err := m.Cells[i].Penalty.validate(); err != nil {
			return fmt.Errorf("solver: cell %d (%s): penalty %v", i, m.Cells[i].Name, err)
		}
	}
	inJoint := make([]bool, len(m.Cells))
	for i, j := range m.Joints {
		if j.Penalty == nil || len(j.Cells) == 0 {
			return fmt.Errorf("solver: joint %d (%s) has no cells or no penalty", i, j.Name)
		}
		for _, c := range j.Cells {
			if c < 0 || c >= len(m.Cells) {
				return fmt.Errorf("solver: joint %d (%s): bad cell %d", i, j.Name, c)
			}
			if inJoint[c] {
				return fmt.Errorf("solver: joint %d (%s): cell %d is in another joint", i, j.Name, c)
			}
			inJoint[c] = true
		}
	}
	return nil
}

// validateWorkers checks each worker's allowed options, shift limits and history.
func (m *Model) validateWorkers() error {
	for w := range m.Workers {
		wk := &m.Workers[w]
		if wk.Allowed != nil {
			if len(wk.Allowed) != m.Days {
				return fmt.Errorf("solver: worker %d: Allowed must have one entry per day", w)
			}
			for d, a := range wk.Allowed {
				if !sort.IntsAreSorted(a) {
					return fmt.Errorf("solver: worker %d day %d: Allowed not sorted", w, d)
				}
				for _, o := range a {
					if o < 0 || o >= len(m.Options[d]) {
						return fmt.Errorf("solver: worker %d day %d: bad option %d", w, d, o)
					}
				}
			}
		}
		if wk.MaxShifts != nil && len(wk.MaxShifts) != len(m.Types) {
			return fmt.Errorf("solver: worker %d: MaxShifts must have one entry per type", w)
		}
		if h := wk.History; h != nil && h.Worked > 0 && (h.LastType < 0 || h.LastType >= len(m.Types)) {
			return fmt.Errorf("solver: worker %d: bad History.LastType", w)
		}
	}
	return nil
}

// validateRequests checks the forbidden successions and the requests.
func (m *Model) validateRequests() error {
	for _, s := range m.Forbidden {
		if s.From < 0 || s.From >= len(m.Types) || s.To < 0 || s.To >= len(m.Types) {
			return errors.New("solver: bad forbidden succession")
		}
	}
	for i, r := range m.Requests {
		if r.Worker < 0 || r.Worker >= len(m.Workers) || r.Day < 0 || r.Day >= m.Days {
			return fmt.Errorf("solver: request %d: bad worker or day", i)
		}
		for _, o := range r.Options {
			if o < 0 || o >= len(m.Options[r.Day]) {
				return fmt.Errorf("solver: request %d: bad option %d", i, o)
			}
		}
	}
	return nil
}

// validateCoupling checks the cover, supervision and fairness rules.
func (m *Model) validateCoupling() error {
	checkCells := func(what string, cells []int) error {
		for _, c := range cells {
			if c < 0 || c >= len(m.Cells) {
				return fmt.Errorf("solver: %s: bad cell %d", what, c)
			}
		}
		return nil
	}
	for i, r := range m.Covers {
		if err := checkCells(fmt.Sprintf("cover rule %d", i), r.Cells); err != nil {
			return err
		}
	}
	for i, r := range m.Supervisions {
		if err := checkCells(fmt.Sprintf("supervision rule %d", i), r.Cells); err != nil {
			return err
		}
		if r.Ratio < 0 {
			return fmt.Errorf("solver: supervision rule %d: negative ratio", i)
		}
	}
	for i, f := range m.Fairness {
		for _, w := range f.Workers {
			if w < 0 || w >= len(m.Workers) {
				return fmt.Errorf("solver: fairness rule %d: bad worker %d", i, w)
			}
		}
		if f.Counted != nil && len(f.Counted) != m.Days {
			return fmt.Errorf("solver: fairness rule %d: Counted must have one entry per day", i)
		}
		if f.Initial != nil && len(f.Initial) != len(f.Workers) {
			return fmt.Errorf("solver: fairness rule %d: Initial must match Workers", i)
		}
	}
	return nil
}

func contains(sorted []int, x int) bool {
	i := sort.SearchInts(sorted, x)
	return i < len(sorted) && sorted[i] == x
}
