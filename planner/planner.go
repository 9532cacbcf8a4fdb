package planner

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/deskplan/deskplan/planner/calendar"
)

// Status is a staff member's training status.
type Status string

// The training statuses, from least to most autonomous.
const (
	StatusNew       Status = "new"       // in training: takes no calls, may shadow a mentor
	StatusTrainee   Status = "trainee"   // takes calls only beside a mentor, counts for less
	StatusQualified Status = "qualified" // takes calls alone
	StatusMentor    Status = "mentor"    // qualified, and may supervise trainees
)

// Statuses lists the valid statuses in order.
var Statuses = []Status{StatusNew, StatusTrainee, StatusQualified, StatusMentor}

// StatusNames returns the names of the statuses, comma separated, for messages.
func StatusNames() string {
	s := make([]string, len(Statuses))
	for i, x := range Statuses {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// DefaultProductivity is the share of an agent a person of status s counts for on the phone:
// new 0, trainee 0.5, qualified and mentor 1.
func (s Status) DefaultProductivity() float64 {
	switch s {
	case StatusNew:
		return 0
	case StatusTrainee:
		return 0.5
	default:
		return 1
	}
}

// RoleCoordinator is the role of staff who keep faculties informed of incidents: one must be
// on duty whenever the desk is open.
const RoleCoordinator = "coordinator"

// Line is an entry number of the hotline with its own calls.
type Line struct {
	ID    string `json:"id"`    // short code, e.g. LLN
	Name  string `json:"name"`  // e.g. Louvain-la-Neuve and Brussels
	Phone string `json:"phone"` // e.g. +32 10 47 82 82
}

// Staff is a staff member with contract and training status.
type Staff struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Email        string   `json:"email,omitempty"`
	Lines        []string `json:"lines"`           // line ids the person may answer
	Status       Status   `json:"status"`          // new, trainee, qualified, mentor
	Roles        []string `json:"roles,omitempty"` // e.g. coordinator
	MinHoursWeek float64  `json:"min_hours_week"`
	MaxHoursWeek float64  `json:"max_hours_week"`
	MaxDaysWeek  int      `json:"max_days_week"`
	MaxHoursDay  float64  `json:"max_hours_day"`
	// Productivity overrides the status default (0..1) when set.
	Productivity *float64 `json:"productivity,omitempty"`
	// TrainingHours is, for new staff, how many hours of shadowing beside a mentor they may be
	// rostered for in a week.
	TrainingHours float64 `json:"training_hours,omitempty"`
}

// EffectiveProductivity is the share of an agent the person counts for on the phone.
func (s Staff) EffectiveProductivity() float64 {
	if s.Productivity != nil {
		return *s.Productivity
	}
	return s.Status.DefaultProductivity()
}

// TakesCalls reports whether s counts for the line floor: not new staff, and answering calls.
func (s Staff) TakesCalls() bool { return s.Status != StatusNew && s.EffectiveProductivity() > 0 }

// Supervised reports whether s works only beside a mentor: trainees and new staff.
func (s Staff) Supervised() bool { return s.Status == StatusTrainee || s.Status == StatusNew }

// HasRole reports whether the person has role r (case-insensitive).
func (s Staff) HasRole(r string) bool {
	return slices.ContainsFunc(s.Roles, func(x string) bool { return strings.EqualFold(x, r) })
}

// AnswersLine reports whether the person may answer line id.
func (s Staff) AnswersLine(id string) bool { return slices.Contains(s.Lines, id) }

// AvailabilityKind says what an availability rule means.
type AvailabilityKind string

// The availability kinds. Without any `available` rule a person is available whenever the desk
// is open; `unavailable` always wins; `prefer` and `avoid` are soft wishes.
const (
	Available   AvailabilityKind = "available"
	Unavailable AvailabilityKind = "unavailable"
	Prefer      AvailabilityKind = "prefer"
	Avoid       AvailabilityKind = "avoid"
)

// AvailabilityKinds lists the valid kinds.
var AvailabilityKinds = []AvailabilityKind{Available, Unavailable, Prefer, Avoid}

// Availability is one rule of a person's availability: on the days given by an RRULE or a date
// range, between From and To (the whole day when both are zero).
type Availability struct {
	StaffID string           `json:"staff"`
	Kind    AvailabilityKind `json:"kind"`
	RRule   string           `json:"rrule,omitempty"` // RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=TU
	// FirstDay and LastDay bound the rule (a single date has FirstDay == LastDay). With an
	// RRULE they are its first and last possible day (either may be zero: unbounded).
	FirstDay calendar.Date  `json:"first_day,omitzero"`
	LastDay  calendar.Date  `json:"last_day,omitzero"`
	From     calendar.Clock `json:"from"`
	To       calendar.Clock `json:"to"` // 0 with From 0: the whole day
	Note     string         `json:"note,omitempty"`
}

// WholeDay reports whether the rule covers whole days.
func (a Availability) WholeDay() bool { return a.From == 0 && (a.To == 0 || a.To == 24*60) }

// DefaultExamDays is the RRULE of exam days when a session gives none: Monday to Saturday.
const DefaultExamDays = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA"

// Session is an exam session: the days it spans and its forecast.
type Session struct {
	ID       string        `json:"id"` // e.g. jan-2027
	Name     string        `json:"name"`
	FirstDay calendar.Date `json:"first_day"`
	LastDay  calendar.Date `json:"last_day"`
	ExamDays string        `json:"exam_days"` // RRULE, default DefaultExamDays
	Sittings int           `json:"sittings,omitempty"`
	// Type is the kind of session, a lower-case label such as january, june or
	// august-september: the forecast learns one level per type from the call history, so that
	// a quieter resit session does not pull a main session down. "" is a type of its own.
	Type string `json:"type,omitempty"`
}

// ParseSessionType reads a session type: up to 40 letters, digits, hyphens and underscores,
// returned in lower case (" June " is june); "" is the empty type.
func ParseSessionType(s string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if len(t) > 40 {
		return "", fmt.Errorf("session type %q is longer than 40 characters", s)
	}
	for _, r := range t {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return "", fmt.Errorf("session type %q: only letters, digits, - and _ (e.g. january, june, august-september)", s)
		}
	}
	return t, nil
}

// Days returns the number of days in the session.
func (s Session) Days() int { return s.LastDay.Sub(s.FirstDay) + 1 }

// Contains reports whether day d is within the session.
func (s Session) Contains(d calendar.Date) bool {
	return !d.Before(s.FirstDay) && !d.After(s.LastDay)
}

// ForecastRow is the forecast of one line in one slot: a dated row, or a weekly profile row
// (Date zero, Weekday set) that applies to every such weekday of the session without a dated
// row.
type ForecastRow struct {
	SessionID string         `json:"session"`
	Date      calendar.Date  `json:"date,omitzero"`
	Weekday   time.Weekday   `json:"weekday"`
	Slot      calendar.Clock `json:"slot"`
	Line      string         `json:"line"`
	Calls     float64        `json:"calls"`
	AHT       float64        `json:"aht_seconds"`
	// Patience is the callers' mean patience in seconds; 0 takes the patience_seconds setting.
	Patience float64 `json:"patience_seconds,omitempty"`
	// DayCV is the coefficient of variation of the day's calls of the line beyond Poisson
	// noise: day-to-day shocks and the forecast's own uncertainty (the same on every row of a
	// day and line). SlotCV is that of the slot's calls beyond the day's. Both 0: the calls
	// vary as a Poisson count only. They give the forecast's intervals and its quantiles
	// (DemandQuantile).
	DayCV  float64 `json:"day_cv,omitempty"`
	SlotCV float64 `json:"slot_cv,omitempty"`
}

// ShiftTemplate says which shifts may be rostered: start times from EarliestStart to
// LatestStart every StepMinutes, lengths from MinMinutes to MaxMinutes (on the slot grid), and
// a break of BreakMinutes for shifts longer than BreakAfterMinutes, placed inside the window
// BreakEarliest..BreakLatest.
type ShiftTemplate struct {
	Name              string         `json:"name"`
	EarliestStart     calendar.Clock `json:"earliest_start"`
	LatestStart       calendar.Clock `json:"latest_start"`
	StepMinutes       int            `json:"step_minutes"`
	MinMinutes        int            `json:"min_minutes"`
	MaxMinutes        int            `json:"max_minutes"`
	BreakMinutes      int            `json:"break_minutes"`
	BreakAfterMinutes int            `json:"break_after_minutes"`
	BreakEarliest     calendar.Clock `json:"break_earliest"`
	BreakLatest       calendar.Clock `json:"break_latest"`
}

// Dataset is everything deskplan knows about the desk: what an import brings and the store
// holds.
type Dataset struct {
	Settings       Settings        `json:"settings"`
	Lines          []Line          `json:"lines"`
	Staff          []Staff         `json:"staff"`
	Availability   []Availability  `json:"availability"`
	Sessions       []Session       `json:"sessions"`
	Forecast       []ForecastRow   `json:"forecast"`
	ShiftTemplates []ShiftTemplate `json:"shift_templates"`
	// Closures are the days the desk is closed beyond its weekly opening days (holidays).
	Closures []Closure `json:"closures"`
	// SettingsSet lists the settings keys the input gave (lower case, see SettingKeys): an
	// import changes only those keys. Nil means the input gave no settings. SetSetting fills
	// it; a Dataset loaded from the store lists every stored key.
	SettingsSet []string `json:"settings_set,omitempty"`
}

// SetSetting parses value into the setting key (Settings.Set) and records the key in
// SettingsSet.
func (d *Dataset) SetSetting(key, value string) error {
	if err := d.Settings.Set(key, value); err != nil {
		return err
	}
	key = strings.ToLower(strings.TrimSpace(key))
	if !slices.Contains(d.SettingsSet, key) {
		d.SettingsSet = append(d.SettingsSet, key)
	}
	return nil
}

// StaffByID returns the staff member with id, or false.
func (d *Dataset) StaffByID(id string) (Staff, bool) {
	i := slices.IndexFunc(d.Staff, func(s Staff) bool { return s.ID == id })
	if i < 0 {
		return Staff{}, false
	}
	return d.Staff[i], true
}

// Session returns the session with id, or false.
func (d *Dataset) Session(id string) (Session, bool) {
	i := slices.IndexFunc(d.Sessions, func(s Session) bool { return s.ID == id })
	if i < 0 {
		return Session{}, false
	}
	return d.Sessions[i], true
}

// LineIDs returns the ids of the lines in order.
func (d *Dataset) LineIDs() []string {
	ids := make([]string, len(d.Lines))
	for i, l := range d.Lines {
		ids[i] = l.ID
	}
	return ids
}

// RosterStatus says whether a roster version may still change.
type RosterStatus string

// Roster statuses.
const (
	Draft     RosterStatus = "draft"
	Published RosterStatus = "published"
)

// PooledLine is the Line of a shift whose person answers every line they are allowed on.
const PooledLine = "*"

// Shift is one staff member's duty on one day.
type Shift struct {
	StaffID    string         `json:"staff"`
	Date       calendar.Date  `json:"date"`
	Start      calendar.Clock `json:"start"`
	End        calendar.Clock `json:"end"`
	Line       string         `json:"line"` // a line id, or PooledLine
	BreakStart calendar.Clock `json:"break_start,omitempty"`
	BreakEnd   calendar.Clock `json:"break_end,omitempty"`
}

// Minutes returns the paid minutes of the shift (its length less the break).
func (s Shift) Minutes() int { return int(s.End-s.Start) - int(s.BreakEnd-s.BreakStart) }

// OnDuty reports whether the person is on the phone during [c, c+minutes): inside the shift
// and not on break.
func (s Shift) OnDuty(c calendar.Clock, minutes int) bool {
	end := c + calendar.Clock(minutes)
	if c < s.Start || end > s.End {
		return false
	}
	return !(s.BreakEnd > s.BreakStart && c < s.BreakEnd && end > s.BreakStart)
}

// Roster is a plan of shifts over a horizon (a week or a session), stored as a numbered
// version with the inputs it was planned from.
type Roster struct {
	Version    int           `json:"version"`
	SessionID  string        `json:"session"`
	Scenario   string        `json:"scenario,omitempty"`
	From       calendar.Date `json:"from"`
	To         calendar.Date `json:"to"`
	Seed       int64         `json:"seed"`
	Status     RosterStatus  `json:"status"`
	CreatedAt  time.Time     `json:"created_at"`
	Settings   Settings      `json:"settings"`
	Objective  float64       `json:"objective"`
	LowerBound float64       `json:"lower_bound"`
	Method     string        `json:"method"` // the planner that made it, e.g. "greedy"
	Shifts     []Shift       `json:"shifts"`
	Plan       PlanRecord    `json:"params,omitzero"` // how the planner made it
}

// Days returns the dates of the roster's horizon.
func (r *Roster) Days() []calendar.Date {
	var out []calendar.Date
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

// CloneDataset returns a deep copy of ds: changing the copy never changes ds.
func CloneDataset(ds *Dataset) *Dataset {
	out := *ds
	out.Settings.OpenDays = slices.Clone(ds.Settings.OpenDays)
	out.Lines = slices.Clone(ds.Lines)
	out.Staff = slices.Clone(ds.Staff)
	for i := range out.Staff {
		s := &out.Staff[i]
		s.Lines = slices.Clone(s.Lines)
		s.Roles = slices.Clone(s.Roles)
		if s.Productivity != nil {
			p := *s.Productivity
			s.Productivity = &p
		}
	}
	out.Availability = slices.Clone(ds.Availability)
	out.Sessions = slices.Clone(ds.Sessions)
	out.Forecast = slices.Clone(ds.Forecast)
	out.ShiftTemplates = slices.Clone(ds.ShiftTemplates)
	out.Closures = slices.Clone(ds.Closures)
	out.SettingsSet = slices.Clone(ds.SettingsSet)
	return &out
}

// SortShifts orders shifts by date, start, staff id.
func SortShifts(shifts []Shift) {
	slices.SortFunc(shifts, func(a, b Shift) int {
		if a.Date != b.Date {
			if a.Date.Before(b.Date) {
				return -1
			}
			return 1
		}
		if a.Start != b.Start {
			return int(a.Start - b.Start)
		}
		if a.StaffID < b.StaffID {
			return -1
		}
		if a.StaffID > b.StaffID {
			return 1
		}
		return 0
	})
}
