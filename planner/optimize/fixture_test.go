package optimize

import (
	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

func sh(staff, date, start, end, line string) planner.Shift {
	return planner.Shift{StaffID: staff, Date: calendar.MustDate(date), Start: calendar.MustClock(start), End: calendar.MustClock(end), Line: line}
}
