package planner

import (
	"encoding/json"
	"time"

	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
)

// PlanRecord is how a roster was made: the inputs of the plan that built it (beside the
// roster's own Settings and Seed) and a few figures of its search, so that the roster is
// reported on the demand and need it was planned for, and a plan can be made again.
//
// Its JSON keys are those the store has always kept for a roster ("need_method", "demand",
// "time_limit", "effort", ...): rosters stored before the record existed read the same.
type PlanRecord struct {
	// NeedMethod is how slot loads were turned into the need (the zero value is
	// queue.Lagged, queue.DefaultMethod).
	NeedMethod queue.Method
	// Demand is the demand planned for: the mean forecast (the zero value) or a quantile.
	Demand DemandQuantile
	// TimeLimit is the plan's time limit (0: none, an effort budget alone); Effort the moves
	// per search goroutine (0: the time limit alone) and Workers the search goroutines.
	TimeLimit time.Duration
	Effort    int
	Workers   int
	// SolveSeconds is how long the search took; ShiftOptions the shift options of the
	// templates and SolverOptions those of the solver model on the first open day.
	SolveSeconds  float64
	ShiftOptions  int
	SolverOptions int
	// SwapOf, SwapDate, SwapFrom and SwapTo say, for a roster made by swapping two people's
	// shifts (roster swap), the version swapped, the day and the two people.
	SwapOf           int
	SwapDate         calendar.Date
	SwapFrom, SwapTo string
}

// planRecordJSON is the stored form of a PlanRecord.
type planRecordJSON struct {
	NeedMethod    string  `json:"need_method,omitempty"`
	Demand        string  `json:"demand,omitempty"`
	TimeLimit     string  `json:"time_limit,omitempty"`
	Effort        int     `json:"effort,omitempty"`
	Workers       int     `json:"workers,omitempty"`
	SolveSeconds  float64 `json:"solve_seconds,omitempty"`
	ShiftOptions  int     `json:"shift_options,omitempty"`
	SolverOptions int     `json:"solver_options,omitempty"`
	SwapOf        int     `json:"swap_of,omitempty"`
	SwapDate      string  `json:"date,omitempty"`
	SwapFrom      string  `json:"from,omitempty"`
	SwapTo        string  `json:"to,omitempty"`
}

// MarshalJSON writes the record with the store's keys, leaving out what is zero.
func (p PlanRecord) MarshalJSON() ([]byte, error) {
	w := planRecordJSON{Effort: p.Effort, Workers: p.Workers, SolveSeconds: p.SolveSeconds,
		ShiftOptions: p.ShiftOptions, SolverOptions: p.SolverOptions, SwapOf: p.SwapOf, SwapFrom: p.SwapFrom, SwapTo: p.SwapTo}
	if !p.IsZero() {
		w.NeedMethod = p.NeedMethod.String()
	}
	if p.Demand != MeanDemand {
		w.Demand = p.Demand.String()
	}
	if p.TimeLimit > 0 {
		w.TimeLimit = p.TimeLimit.String()
	}
	if !p.SwapDate.IsZero() {
		w.SwapDate = p.SwapDate.String()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads a record as the store keeps it. A method, demand, time limit or date
// that does not parse reads as its zero value, as older rosters were read.
func (p *PlanRecord) UnmarshalJSON(b []byte) error {
	var w planRecordJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = PlanRecord{Effort: w.Effort, Workers: w.Workers, SolveSeconds: w.SolveSeconds,
		ShiftOptions: w.ShiftOptions, SolverOptions: w.SolverOptions, SwapOf: w.SwapOf, SwapFrom: w.SwapFrom, SwapTo: w.SwapTo}
	if m, err := queue.ParseMethod(w.NeedMethod); err == nil && w.NeedMethod != "" {
		p.NeedMethod = m
	}
	if q, err := ParseDemandQuantile(w.Demand); err == nil && w.Demand != "" {
		p.Demand = q
	}
	if d, err := time.ParseDuration(w.TimeLimit); err == nil {
		p.TimeLimit = d
	}
	if d, err := calendar.ParseDate(w.SwapDate); err == nil && w.SwapDate != "" {
		p.SwapDate = d
	}
	return nil
}

// IsZero reports whether the record holds nothing: a roster not made by the planner (a
// greedy roster, a workbook read back).
func (p PlanRecord) IsZero() bool { return p == PlanRecord{} }
