package forecast

import (
	"fmt"
	"time"

	"github.com/deskplan/deskplan/planner/calendar"
)

// Call is one call of the history.
type Call struct {
	// Arrival is when the call reached the queue, in the desk's time zone.
	Arrival time.Time `json:"arrival"`
	// Line is the id of the line called, e.g. LLN.
	Line string `json:"line"`
	// WaitSeconds is the time the caller waited: until an answer, or until they hung up.
	WaitSeconds float64 `json:"wait_seconds"`
	// HandleSeconds is talk plus wrap-up time; 0 for an abandoned call.
	HandleSeconds float64 `json:"handle_seconds"`
	// Abandoned reports whether the caller hung up before an answer.
	Abandoned bool `json:"abandoned"`
}

// ExamSitting is one exam of the timetable.
type ExamSitting struct {
	Date    calendar.Date  `json:"date"`
	Start   calendar.Clock `json:"start"`
	Minutes int            `json:"duration_minutes"`
	// RemoteSittings is the number of students sitting the exam remotely: they are the ones
	// who call the desk when their exam platform fails them.
	RemoteSittings int    `json:"remote_sittings"`
	Name           string `json:"name,omitempty"` // optional: the course or exam name
}

// DayType is the kind of day a forecast distinguishes.
type DayType int

// The day types.
const (
	ExamWeekday DayType = iota // Monday to Friday, an exam day
	NonExamDay                 // Monday to Friday, no exam
	Saturday                   // Saturday (and Sunday when the desk opens then)
	NumDayTypes = 3
)

// DayTypes lists the day types in order.
var DayTypes = [NumDayTypes]DayType{ExamWeekday, NonExamDay, Saturday}

// String returns "exam-weekday", "non-exam-day" or "saturday".
func (t DayType) String() string {
	switch t {
	case ExamWeekday:
		return "exam-weekday"
	case NonExamDay:
		return "non-exam-day"
	case Saturday:
		return "saturday"
	}
	return "day-type?"
}

// MarshalText implements encoding.TextMarshaler.
func (t DayType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (t *DayType) UnmarshalText(b []byte) error {
	for _, v := range DayTypes {
		if string(b) == v.String() {
			*t = v
			return nil
		}
	}
	return fmt.Errorf("forecast: day type %q is not one of exam-weekday, non-exam-day, saturday", b)
}

// TypeOf returns the day type of d: Saturday on a weekend day, else ExamWeekday when exam is
// true and NonExamDay otherwise.
func TypeOf(d calendar.Date, exam bool) DayType {
	switch wd := d.Weekday(); {
	case wd == time.Saturday || wd == time.Sunday:
		return Saturday
	case exam:
		return ExamWeekday
	default:
		return NonExamDay
	}
}

// sittingsByDate groups a timetable by date.
func sittingsByDate(tt []ExamSitting) map[calendar.Date][]ExamSitting {
	m := make(map[calendar.Date][]ExamSitting)
	for _, e := range tt {
		m[e.Date] = append(m[e.Date], e)
	}
	return m
}

// remote returns the remote sittings of a day's exams.
func remote(es []ExamSitting) int {
	n := 0
	for _, e := range es {
		n += e.RemoteSittings
	}
	return n
}
