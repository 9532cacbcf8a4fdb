package demo

import (
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// TinyDesk returns a small desk for planning tests: one line (LLN), session "jan" of three
// open days (Monday 4 to Wednesday 6 January 2027, 08:00-14:00), two mentor coordinators, a
// qualified agent and a trainee, one shift template ("day", 3 to 6 hours starting on the hour
// until 11:00) and a weekly forecast that peaks mid-morning and grows by 10% a day.
func TinyDesk() *planner.Dataset {
	st := planner.DefaultSettings()
	st.OpenDays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday}
	st.Open, st.Close = calendar.MustClock("08:00"), calendar.MustClock("14:00")
	st.PatienceSeconds = 180
	ds := &planner.Dataset{
		Settings: st,
		Lines:    []planner.Line{{ID: "LLN", Name: "Louvain-la-Neuve"}},
		Staff: []planner.Staff{
			{ID: "ana", Name: "Ana Mentor", Lines: []string{"LLN"}, Status: planner.StatusMentor, Roles: []string{planner.RoleCoordinator}, MaxHoursWeek: 20, MaxDaysWeek: 3, MaxHoursDay: 6},
			{ID: "bob", Name: "Bob Qualified", Lines: []string{"LLN"}, Status: planner.StatusMentor, Roles: []string{planner.RoleCoordinator}, MaxHoursWeek: 20, MaxDaysWeek: 3, MaxHoursDay: 6},
			{ID: "cyd", Name: "Cyd Qualified", Lines: []string{"LLN"}, Status: planner.StatusQualified, MaxHoursWeek: 12, MaxDaysWeek: 3, MaxHoursDay: 6},
			{ID: "tia", Name: "Tia Trainee", Lines: []string{"LLN"}, Status: planner.StatusTrainee, MaxHoursWeek: 12, MaxDaysWeek: 3, MaxHoursDay: 6},
		},
		Sessions: []planner.Session{{ID: "jan", Name: "January", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-06"), ExamDays: planner.DefaultExamDays}},
		ShiftTemplates: []planner.ShiftTemplate{{Name: "day", EarliestStart: st.Open, LatestStart: calendar.MustClock("11:00"), StepMinutes: 60,
			MinMinutes: 180, MaxMinutes: 360}},
	}
	calls := []float64{10, 18, 22, 20, 14, 10, 8, 8, 10, 12, 9, 6}
	for wd := time.Monday; wd <= time.Wednesday; wd++ {
		for i, c := range calls {
			ds.Forecast = append(ds.Forecast, planner.ForecastRow{SessionID: "jan", Weekday: wd,
				Slot: st.Open + calendar.Clock(30*i), Line: "LLN", Calls: c * (1 + 0.1*float64(wd-1)), AHT: 300})
		}
	}
	return ds
}
