package planner

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner/calendar"
)

// Settings are the desk-wide parameters: opening hours, slot grid, service target and labour
// rules. They are stored as key/value pairs (the Settings sheet); SettingKeys lists the keys.
type Settings struct {
	OpenDays      []time.Weekday // days the desk is open, Monday first
	Open, Close   calendar.Clock // opening hours, e.g. 07:30-19:30
	SlotMinutes   int            // 15 or 30 (any divisor of 60 from 5 up is accepted)
	TargetPercent float64        // service target: TargetPercent % of calls answered ...
	TargetSeconds int            // ... within TargetSeconds seconds
	MaxOccupancy  float64        // cap on agent occupancy, 0 < x <= 1
	Shrinkage     float64        // unplanned loss (absence, unplanned tasks), 0 <= x < 1
	// PatienceSeconds is the callers' mean patience used when the forecast gives none; 0 means
	// callers never hang up (Erlang C).
	PatienceSeconds      int
	TimeZone             string  // IANA zone of the desk, e.g. Europe/Brussels
	MaxTraineesPerMentor int     // trainees and new staff allowed beside one mentor
	MinShiftHours        float64 // shortest shift
	MinRestHours         float64 // rest between two shifts
	// MinAgentsPerLine is the line floor: whenever the desk is open and a line has forecast
	// calls, at least this many people who can answer it (not new staff) are on duty.
	MinAgentsPerLine int
	// CoordinatorPhoneShare is the share of an agent the coordinator on duty gives the phones
	// (the rest of their time goes to dispatching and informing faculties): 1 answers like
	// any agent, 0 takes no call.
	CoordinatorPhoneShare float64
	// Hourly cost of a paid hour by status, for comparing the cost of scenarios.
	RateNew, RateTrainee, RateQualified, RateMentor float64
	// DemandQuantile is the demand requirements, plan and compare use unless told otherwise:
	// the mean forecast, or a quantile of it.
	DemandQuantile DemandQuantile
}

// DefaultSettings are the settings `deskplan init` stores.
func DefaultSettings() Settings {
	return Settings{
		OpenDays:              []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday},
		Open:                  calendar.MustClock("07:30"),
		Close:                 calendar.MustClock("19:30"),
		SlotMinutes:           30,
		TargetPercent:         80,
		TargetSeconds:         60,
		MaxOccupancy:          0.85,
		Shrinkage:             0,
		PatienceSeconds:       0,
		TimeZone:              "Europe/Brussels",
		MaxTraineesPerMentor:  2,
		MinShiftHours:         3,
		MinRestHours:          11,
		MinAgentsPerLine:      1,
		CoordinatorPhoneShare: 1,
		RateNew:               15,
		RateTrainee:           18,
		RateQualified:         25,
		RateMentor:            30,
	}
}

// SettingKey documents one key of the Settings table.
type SettingKey struct {
	Key     string
	Help    string
	Example string
}

// SettingKeys lists every settings key, in the order the template and `Pairs` use.
var SettingKeys = []SettingKey{
	{"open_days", "days the desk is open: a comma list or a range of MO TU WE TH FR SA SU", "MO-SA"},
	{"open_time", "opening time HH:MM, on the slot grid", "07:30"},
	{"close_time", "closing time HH:MM, on the slot grid", "19:30"},
	{"slot_minutes", "length of a slot in minutes (15 or 30)", "30"},
	{"target_percent", "service target: percent of calls answered within target_seconds (above 0, below 100)", "80"},
	{"target_seconds", "service target: answer time in seconds (0-3600)", "60"},
	{"max_occupancy", "highest share of time an agent is busy with calls (0.1-1 or a percent)", "0.85"},
	{"shrinkage", "share of rostered time lost to unplanned absence (0-0.9 or a percent)", "0"},
	{"patience_seconds", "callers' mean patience when the forecast gives none (0-3600); 0 = never hang up", "180"},
	{"time_zone", "IANA time zone of the desk", "Europe/Brussels"},
	{"max_trainees_per_mentor", "trainees and new staff on duty beside one mentor", "2"},
	{"min_shift_hours", "shortest shift in hours", "3"},
	{"min_rest_hours", "rest between the end of a shift and the next start, in hours", "11"},
	{"min_agents_per_line", "fewest people able to answer a line (not new staff) on duty whenever it has forecast calls", "1"},
	{"coordinator_phone_share", "share of an agent the coordinator on duty gives the phones (0-1 or a percent)", "1"},
	// the costs of a paid hour, for scenario comparisons
	{"rate_new", "cost of a paid hour of new staff (in training), for scenario comparisons", "15"},
	{"rate_trainee", "cost of a paid hour of a trainee", "18"},
	{"rate_qualified", "cost of a paid hour of qualified staff", "25"},
	{"rate_mentor", "cost of a paid hour of a mentor", "30"},
	{"demand_quantile", "demand to plan for unless told otherwise: mean, or a quantile of the forecast such as p80 (enough for 4 days in 5)", "mean"},
}

// Pairs returns the settings as key/value strings, in SettingKeys order.
func (s Settings) Pairs() [][2]string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	return [][2]string{
		{"open_days", calendar.FormatWeekdays(s.OpenDays)},
		{"open_time", s.Open.String()},
		{"close_time", s.Close.String()},
		{"slot_minutes", strconv.Itoa(s.SlotMinutes)},
		{"target_percent", f(s.TargetPercent)},
		{"target_seconds", strconv.Itoa(s.TargetSeconds)},
		{"max_occupancy", f(s.MaxOccupancy)},
		{"shrinkage", f(s.Shrinkage)},
		{"patience_seconds", strconv.Itoa(s.PatienceSeconds)},
		{"time_zone", s.TimeZone},
		{"max_trainees_per_mentor", strconv.Itoa(s.MaxTraineesPerMentor)},
		{"min_shift_hours", f(s.MinShiftHours)},
		{"min_rest_hours", f(s.MinRestHours)},
		{"min_agents_per_line", strconv.Itoa(s.MinAgentsPerLine)},
		{"coordinator_phone_share", f(s.CoordinatorPhoneShare)},
		{"rate_new", f(s.RateNew)},
		{"rate_trainee", f(s.RateTrainee)},
		{"rate_qualified", f(s.RateQualified)},
		{"rate_mentor", f(s.RateMentor)},
		{"demand_quantile", s.DemandQuantile.String()},
	}
}

// Set parses value into the setting key. The error names the key and the rule broken; the
// settings are then left as they were.
func (s *Settings) Set(key, value string) error {
	old := *s
	value = strings.TrimSpace(value)
	key = strings.ToLower(strings.TrimSpace(key))
	var err error
	switch key {
	case "open_days":
		s.OpenDays, err = calendar.ParseWeekdays(value)
	case "open_time":
		s.Open, err = calendar.ParseClock(value)
	case "close_time":
		s.Close, err = calendar.ParseClock(value)
	case "slot_minutes":
		s.SlotMinutes, err = parseInt(value, 5, 60)
		if err == nil && 60%s.SlotMinutes != 0 {
			err = fmt.Errorf("%d does not divide an hour", s.SlotMinutes)
		}
	case "target_percent":
		s.TargetPercent, err = parseIn(value, TargetPercentRange)
	case "target_seconds":
		s.TargetSeconds, err = parseInt(value, int(TargetSecondsRange.Min), int(TargetSecondsRange.Max))
	case "max_occupancy":
		s.MaxOccupancy, err = parseFraction(value)
		if err == nil {
			err = MaxOccupancyRange.Check(s.MaxOccupancy)
		}
	case "shrinkage":
		s.Shrinkage, err = parseFraction(value)
		if err == nil {
			err = ShrinkageRange.Check(s.Shrinkage)
		}
	case "patience_seconds":
		s.PatienceSeconds, err = parseInt(value, int(PatienceRange.Min), int(PatienceRange.Max))
	case "time_zone":
		_, err = time.LoadLocation(value)
		if err == nil {
			s.TimeZone = value
		}
	case "max_trainees_per_mentor":
		s.MaxTraineesPerMentor, err = parseInt(value, 0, 100)
	case "min_shift_hours":
		s.MinShiftHours, err = parseFloat(value, 0.5, 24)
	case "min_rest_hours":
		s.MinRestHours, err = parseFloat(value, 0, 48)
	case "min_agents_per_line":
		s.MinAgentsPerLine, err = parseInt(value, 0, 20)
	case "coordinator_phone_share":
		s.CoordinatorPhoneShare, err = parseFraction(value)
	case "rate_new":
		s.RateNew, err = parseFloat(value, 0, 10000)
	case "rate_trainee":
		s.RateTrainee, err = parseFloat(value, 0, 10000)
	case "rate_qualified":
		s.RateQualified, err = parseFloat(value, 0, 10000)
	case "rate_mentor":
		s.RateMentor, err = parseFloat(value, 0, 10000)
	case "demand_quantile":
		s.DemandQuantile, err = ParseDemandQuantile(value)
	default:
		keys := make([]string, len(SettingKeys))
		for i, k := range SettingKeys {
			keys[i] = k.Key
		}
		return fmt.Errorf("unknown setting %q (known: %s)", key, strings.Join(keys, ", "))
	}
	if err != nil {
		*s = old
		return fmt.Errorf("setting %s = %q: %v", key, value, err)
	}
	return nil
}

// Validate checks the rules that tie settings together, and the service target against its
// ranges (TargetPercentRange...), for settings that did not come through Set.
func (s Settings) Validate() error {
	if s.Close <= s.Open {
		return fmt.Errorf("close_time %s is not after open_time %s", s.Close, s.Open)
	}
	if s.SlotMinutes < 5 || s.SlotMinutes > 60 || 60%s.SlotMinutes != 0 {
		return fmt.Errorf("setting slot_minutes: %d does not divide an hour", s.SlotMinutes)
	}
	for _, c := range []calendar.Clock{s.Open, s.Close} {
		if int(c)%s.SlotMinutes != 0 {
			return fmt.Errorf("opening hours %s-%s are not on the %d-minute slot grid", s.Open, s.Close, s.SlotMinutes)
		}
	}
	for _, x := range []struct {
		key string
		v   float64
		r   Range
	}{
		{"target_percent", s.TargetPercent, TargetPercentRange},
		{"target_seconds", float64(s.TargetSeconds), TargetSecondsRange},
		{"max_occupancy", s.MaxOccupancy, MaxOccupancyRange},
		{"shrinkage", s.Shrinkage, ShrinkageRange},
		{"patience_seconds", float64(s.PatienceSeconds), PatienceRange},
	} {
		if err := x.r.Check(x.v); err != nil {
			return fmt.Errorf("setting %s: %v", x.key, err)
		}
	}
	return nil
}

// Rate returns the hourly cost of a paid hour of staff of status s, for scenario comparisons.
func (s Settings) Rate(st Status) float64 {
	switch st {
	case StatusNew:
		return s.RateNew
	case StatusTrainee:
		return s.RateTrainee
	case StatusMentor:
		return s.RateMentor
	default:
		return s.RateQualified
	}
}

// Location returns the desk's time zone.
func (s Settings) Location() (*time.Location, error) { return time.LoadLocation(s.TimeZone) }

// IsOpen reports whether the desk opens on weekday wd.
func (s Settings) IsOpen(wd time.Weekday) bool { return slices.Contains(s.OpenDays, wd) }

// Slots returns the start clocks of the slots of an open day.
func (s Settings) Slots() []calendar.Clock {
	var out []calendar.Clock
	for c := s.Open; c < s.Close; c += calendar.Clock(s.SlotMinutes) {
		out = append(out, c)
	}
	return out
}

// OnGrid reports whether c is a slot boundary within the opening hours.
func (s Settings) OnGrid(c calendar.Clock) bool {
	return c >= s.Open && c <= s.Close && int(c-s.Open)%s.SlotMinutes == 0
}

func parseInt(s string, lo, hi int) (int, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	if f < float64(lo) || f > float64(hi) {
		return 0, fmt.Errorf("%v is outside %d..%d", f, lo, hi)
	}
	return int(f), nil
}

func parseFloat(s string, lo, hi float64) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if f < lo || f > hi {
		return 0, fmt.Errorf("%v is outside %v..%v", f, lo, hi)
	}
	return f, nil
}

// parseIn parses a number in r.
func parseIn(s string, r Range) (float64, error) {
	f, err := parseFloat(s, math.Inf(-1), math.Inf(1))
	if err == nil {
		err = r.Check(f)
	}
	return f, err
}

// parseFraction accepts "0.85", "85%" or "85" (a number above 1 is read as a percent).
func parseFraction(s string) (float64, error) {
	pct := strings.HasSuffix(s, "%")
	f, err := parseFloat(strings.TrimSuffix(s, "%"), 0, 100)
	if err != nil {
		return 0, err
	}
	if pct || f > 1 {
		f /= 100
	}
	return f, nil
}
