package planner

import (
	"cmp"
	"math"
	"slices"

	"github.com/deskplan/deskplan/planner/calendar"
)

// SlotReport is what a roster delivers on one line in one slot.
type SlotReport struct {
	Date  calendar.Date  `json:"date"`
	Time  calendar.Clock `json:"time"`
	Line  string         `json:"line"`
	Calls float64        `json:"calls"`
	// Needed is the number of effective agents the service target asks for (after occupancy
	// cap, before shrinkage).
	Needed int `json:"needed"`
	// Staff is the number of people on the phone who answer the line, trainees included (new
	// staff take no calls).
	Staff int `json:"staff"`
	// Effective is the effective agents who answer the line: the sum of their speeds (a
	// trainee counts 0.5, the coordinator on duty coordinator_phone_share). A person on
	// both lines counts fully on each: they answer either whenever free.
	Effective float64 `json:"effective_agents"`
	// Pooled is the part of Effective shared with another line.
	Pooled       float64 `json:"pooled_agents"`
	ServiceLevel float64 `json:"service_level"` // share of calls answered within the target time
	ASA          float64 `json:"asa_seconds"`   // mean wait of all calls
	PAbandon     float64 `json:"p_abandon"`     // share of callers who hang up before an answer
	Occupancy    float64 `json:"occupancy"`
}

// Short reports whether the slot has fewer effective agents than needed.
func (s SlotReport) Short() bool { return s.Effective+1e-9 < float64(s.Needed) }

// DayReport sums a day over its slots and lines.
type DayReport struct {
	Date         calendar.Date `json:"date"`
	Calls        float64       `json:"calls"`
	ServiceLevel float64       `json:"service_level"` // call-weighted
	ASA          float64       `json:"asa_seconds"`   // call-weighted
	PAbandon     float64       `json:"p_abandon"`     // call-weighted
	PaidHours    float64       `json:"paid_hours"`
	SlotsShort   int           `json:"slots_short"`
}

// StaffReport is a person's hours against contract over the roster.
type StaffReport struct {
	StaffID   string  `json:"staff"`
	Name      string  `json:"name"`
	Status    Status  `json:"status"`
	Shifts    int     `json:"shifts"`
	Hours     float64 `json:"hours"`
	MinHours  float64 `json:"min_hours"` // contract over the roster's horizon
	MaxHours  float64 `json:"max_hours"`
	Saturdays int     `json:"saturdays"`
	Openings  int     `json:"openings"` // shifts starting at opening time
	Closings  int     `json:"closings"` // shifts ending at closing time
	// BesideMentor is, for trainees and new staff, the hours on duty beside a mentor who
	// answers their line.
	BesideMentor float64 `json:"hours_beside_mentor,omitempty"`
	// TrainingAsked is, for new staff, the shadowing the horizon should give them:
	// training_hours for each week (in proportion to its open days for a week the horizon
	// covers in part). Their planned shadowing is BesideMentor.
	TrainingAsked float64 `json:"training_asked,omitempty"`
}

// TrainingShort returns the hours of shadowing a new person misses (0 for others).
func (s StaffReport) TrainingShort() float64 {
	if s.Status != StatusNew {
		return 0
	}
	return math.Max(0, s.TrainingAsked-s.BesideMentor)
}

// LineReport sums a line over the roster's horizon.
type LineReport struct {
	Line         string  `json:"line"`
	Calls        float64 `json:"calls"`
	ServiceLevel float64 `json:"service_level"` // call-weighted
	ASA          float64 `json:"asa_seconds"`   // call-weighted
	PAbandon     float64 `json:"p_abandon"`     // call-weighted
	// SlotsUnanswered counts the slots with forecast calls and nobody on the phone who
	// answers the line.
	SlotsUnanswered int `json:"slots_unanswered"`
}

// Violation is a hard rule a roster breaks.
type Violation struct {
	Rule    string         `json:"rule"` // e.g. "min-rest", "mentor", "coordinator"
	StaffID string         `json:"staff,omitempty"`
	Date    calendar.Date  `json:"date,omitzero"`
	Time    calendar.Clock `json:"time,omitempty"`
	Line    string         `json:"line,omitempty"`
	Msg     string         `json:"message"`
	// Soft marks a soft rule (see Rule): the planner keeps it as far as it can at its price.
	Soft bool `json:"soft,omitempty"`
}

func (v Violation) String() string { return v.Msg }

// Report is what a roster delivers: per slot, per day, per person, and the rules it breaks.
type Report struct {
	Slots      []SlotReport  `json:"slots"`
	Days       []DayReport   `json:"days"`
	Lines      []LineReport  `json:"lines"`
	Staff      []StaffReport `json:"staff"`
	Violations []Violation   `json:"violations"` // hard rules broken
	// Unmet lists the soft rules the roster misses (Violation.Soft): wishes, training hours.
	Unmet        []Violation `json:"unmet"`
	Calls        float64     `json:"calls"`
	ServiceLevel float64     `json:"service_level"`
	ASA          float64     `json:"asa_seconds"`
	PAbandon     float64     `json:"p_abandon"`
	PaidHours    float64     `json:"paid_hours"`
	SlotsShort   int         `json:"slots_short"`
	// LateCalls is the expected number of calls not answered within the target time
	// (abandoned calls included): the planner's main objective, as the transient evaluator
	// predicts it.
	LateCalls float64 `json:"late_calls"`
}

// WorstSlots returns up to n slots that lose the most callers: by expected calls not
// answered within the target time (calls x (1 - service level)), then by lowest service level.
// Ranking by service level alone would list near-empty evening slots before a peak that misses
// the target for dozens of students.
func (r *Report) WorstSlots(n int) []SlotReport {
	var out []SlotReport
	for _, s := range r.Slots {
		if s.Calls > 0 {
			out = append(out, s)
		}
	}
	late := func(s SlotReport) float64 { return s.Calls * (1 - s.ServiceLevel) }
	slices.SortStableFunc(out, func(a, b SlotReport) int {
		if c := cmp.Compare(late(b), late(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.ServiceLevel, b.ServiceLevel)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
