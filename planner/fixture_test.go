package planner

import "github.com/deskplan/deskplan/planner/calendar"

// smallDataset is a tiny desk: one line, four people, a week in January 2027.
func smallDataset() *Dataset {
	st := DefaultSettings()
	one := 1.0
	return &Dataset{
		Settings: st,
		Lines:    []Line{{ID: "LLN", Name: "Louvain-la-Neuve"}, {ID: "MONS", Name: "Mons"}},
		Staff: []Staff{
			{ID: "ana", Name: "Ana", Lines: []string{"LLN", "MONS"}, Status: StatusMentor, Roles: []string{RoleCoordinator}, MaxHoursWeek: 38, MaxDaysWeek: 5, MaxHoursDay: 9},
			{ID: "bob", Name: "Bob", Lines: []string{"LLN"}, Status: StatusQualified, MaxHoursWeek: 20, MaxDaysWeek: 3, MaxHoursDay: 6},
			{ID: "tia", Name: "Tia", Lines: []string{"LLN"}, Status: StatusTrainee, MaxHoursWeek: 20, MaxDaysWeek: 5, MaxHoursDay: 8},
			{ID: "ned", Name: "Ned", Lines: []string{"LLN"}, Status: StatusNew, MaxHoursWeek: 20, MaxDaysWeek: 5, MaxHoursDay: 8, Productivity: &one},
		},
		Availability: []Availability{
			{StaffID: "bob", Kind: Unavailable, RRule: "FREQ=WEEKLY;BYDAY=TU", From: calendar.MustClock("08:00"), To: calendar.MustClock("12:00"), Note: "class"},
		},
		Sessions: []Session{{ID: "jan", Name: "January", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-09"), ExamDays: DefaultExamDays}},
		ShiftTemplates: []ShiftTemplate{{Name: "day", EarliestStart: st.Open, LatestStart: calendar.MustClock("16:30"), StepMinutes: 30,
			MinMinutes: 180, MaxMinutes: 540, BreakMinutes: 30, BreakAfterMinutes: 360, BreakEarliest: calendar.MustClock("11:00"), BreakLatest: calendar.MustClock("14:30")}},
	}
}

func sh(staff, date, start, end, line string) Shift {
	return Shift{StaffID: staff, Date: calendar.MustDate(date), Start: calendar.MustClock(start), End: calendar.MustClock(end), Line: line}
}
