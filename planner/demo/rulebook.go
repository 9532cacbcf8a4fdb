package demo

import (
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// RuleBookDesk returns a tiny desk and a roster of it that keeps every rule of the rule book
// (rules.Book), for tests that break one rule at a time. The desk opens Monday and Tuesday
// 07:30-19:30 on two lines with calls all day. Anne and Bruno are mentors, coordinators and
// answer both lines; Quentin and Rita are qualified agents on LLN; Tom is a trainee on both
// lines; Nora is new on LLN with 4 hours of shadowing a week; one of them per mentor. Shifts start on the hour plus 30
// minutes (template "day", 2 to 8 hours, a 30-minute break in 11:00-14:30 beyond 6 hours).
//
// The roster: Anne 07:30-13:30 and Bruno 13:30-19:30 on both lines both days; Quentin Monday
// 07:30-13:30 and Rita Monday 13:30-19:30 on LLN; Tom Monday 08:30-12:30 and Nora Tuesday
// 08:30-12:30 beside Anne.
func RuleBookDesk() (*planner.Dataset, *planner.Roster) {
	c := calendar.MustClock
	st := planner.DefaultSettings()
	st.OpenDays = []time.Weekday{time.Monday, time.Tuesday}
	st.PatienceSeconds = 180
	st.MaxTraineesPerMentor = 1
	first := calendar.MustDate("2027-01-04")
	both := []string{"LLN", "MONS"}
	ds := &planner.Dataset{
		Settings: st,
		Lines:    []planner.Line{{ID: "LLN", Name: "Louvain-la-Neuve"}, {ID: "MONS", Name: "Mons"}},
		Staff: []planner.Staff{
			{ID: "anne", Name: "Anne", Lines: both, Status: planner.StatusMentor, Roles: []string{planner.RoleCoordinator}, MaxHoursWeek: 38, MaxDaysWeek: 5, MaxHoursDay: 9},
			{ID: "bruno", Name: "Bruno", Lines: both, Status: planner.StatusMentor, Roles: []string{planner.RoleCoordinator}, MaxHoursWeek: 38, MaxDaysWeek: 5, MaxHoursDay: 9},
			{ID: "quentin", Name: "Quentin", Lines: []string{"LLN"}, Status: planner.StatusQualified, MaxHoursWeek: 20, MaxDaysWeek: 5, MaxHoursDay: 10},
			{ID: "rita", Name: "Rita", Lines: []string{"LLN"}, Status: planner.StatusQualified, MinHoursWeek: 6, MaxHoursWeek: 20, MaxDaysWeek: 5, MaxHoursDay: 8},
			{ID: "tom", Name: "Tom", Lines: both, Status: planner.StatusTrainee, MaxHoursWeek: 20, MaxDaysWeek: 5, MaxHoursDay: 8},
			{ID: "nora", Name: "Nora", Lines: []string{"LLN"}, Status: planner.StatusNew, MaxHoursWeek: 20, MaxDaysWeek: 5, MaxHoursDay: 8, TrainingHours: 4},
		},
		Sessions: []planner.Session{{ID: "jan", Name: "January", FirstDay: first, LastDay: first.AddDays(6), ExamDays: planner.DefaultExamDays}},
		ShiftTemplates: []planner.ShiftTemplate{{Name: "day", EarliestStart: st.Open, LatestStart: c("15:30"), StepMinutes: 60,
			MinMinutes: 120, MaxMinutes: 480, BreakMinutes: 30, BreakAfterMinutes: 360, BreakEarliest: c("11:00"), BreakLatest: c("14:30")}},
	}
	for _, wd := range st.OpenDays {
		for _, slot := range st.Slots() {
			for i, line := range []string{"LLN", "MONS"} {
				ds.Forecast = append(ds.Forecast, planner.ForecastRow{SessionID: "jan", Weekday: wd, Slot: slot, Line: line,
					Calls: float64(6 - 3*i), AHT: 300})
			}
		}
	}
	shift := func(staff string, day int, start, end, line string) planner.Shift {
		return planner.Shift{StaffID: staff, Date: first.AddDays(day), Start: c(start), End: c(end), Line: line}
	}
	r := &planner.Roster{SessionID: "jan", From: first, To: first.AddDays(6), Status: planner.Draft, Settings: st, Method: "hand",
		Shifts: []planner.Shift{
			shift("anne", 0, "07:30", "13:30", planner.PooledLine),
			shift("bruno", 0, "13:30", "19:30", planner.PooledLine),
			shift("quentin", 0, "07:30", "13:30", "LLN"),
			shift("rita", 0, "13:30", "19:30", "LLN"),
			shift("tom", 0, "08:30", "12:30", planner.PooledLine),
			shift("anne", 1, "07:30", "13:30", planner.PooledLine),
			shift("bruno", 1, "13:30", "19:30", planner.PooledLine),
			shift("nora", 1, "08:30", "12:30", "LLN"),
		}}
	planner.SortShifts(r.Shifts)
	return ds, r
}
