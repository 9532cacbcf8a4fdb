package demo

import (
	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// SmallDesk returns a small desk for tests of the rules and the model: two lines, four
// people (a mentor coordinator on both lines; a qualified agent unavailable on Tuesday
// mornings, a trainee and a new person on LLN), session "jan" of 4-9 January 2027 and one
// shift template ("day", 3 to 9 hours, a 30-minute break in 11:00-14:30 beyond 6 hours).
// It has no forecast.
func SmallDesk() *planner.Dataset {
	st := planner.DefaultSettings()
	one := 1.0
	return &planner.Dataset{
		Settings: st,
		Lines:    []planner.Line{{ID: "LLN", Name: "Louvain-la-Neuve"}, {ID: "MONS", Name: "Mons"}},
		Staff: []planner.Staff{
			{ID: "ana", Name: "Ana", Lines: []string{"LLN", "MONS"}, Status: planner.StatusMentor, Roles: []string{planner.RoleCoordinator}, MaxHoursWeek: 38, MaxDaysWeek: 5, MaxHoursDay: 9},
			{ID: "bob", Name: "Bob", Lines: []string{"LLN"}, Status: planner.StatusQualified, MaxHoursWeek: 20, MaxDaysWeek: 3, MaxHoursDay: 6},
			{ID: "tia", Name: "Tia", Lines: []string{"LLN"}, Status: planner.StatusTrainee, MaxHoursWeek: 20, MaxDaysWeek: 5, MaxHoursDay: 8},
			{ID: "ned", Name: "Ned", Lines: []string{"LLN"}, Status: planner.StatusNew, MaxHoursWeek: 20, MaxDaysWeek: 5, MaxHoursDay: 8, Productivity: &one},
		},
		Availability: []planner.Availability{
			{StaffID: "bob", Kind: planner.Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU", From: calendar.MustClock("08:00"), To: calendar.MustClock("12:00"), Note: "class"},
		},
		Sessions: []planner.Session{{ID: "jan", Name: "January", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-09"), ExamDays: planner.DefaultExamDays}},
		ShiftTemplates: []planner.ShiftTemplate{{Name: "day", EarliestStart: st.Open, LatestStart: calendar.MustClock("16:30"), StepMinutes: 30,
			MinMinutes: 180, MaxMinutes: 540, BreakMinutes: 30, BreakAfterMinutes: 360, BreakEarliest: calendar.MustClock("11:00"), BreakLatest: calendar.MustClock("14:30")}},
	}
}
