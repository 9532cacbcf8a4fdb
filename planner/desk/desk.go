// Package desk holds the use cases over the store: the steps that read what the store holds,
// call the planner packages on it and (for some) write the result back, without knowing how a
// command line, flags or a terminal look. The CLI (cmd/deskplan) calls one use case per
// command:
//
//   - SelectRoster and RosterVersion pick a stored roster; Evaluate re-evaluates it on the data
//     of its scenario, under the settings it was planned with (or today's, when asked);
//   - ScenarioDataset, Scenarios and KeptRoster load the data of named what-if scenarios and
//     the roster a re-plan keeps;
//   - BuildForecast assembles the call history, the exam timetable and the closures into a
//     forecast model, forecasts a session with it and stores the forecast.
//
// Errors that come from what the user named (a roster version, a scenario, a session that does
// not exist) are *planner.InputError, so that the CLI gives them the exit code of bad input.
package desk

import "github.com/deskplan/deskplan/planner"

// inputProblem is a bad-input error without a place.
func inputProblem(format string, args ...any) error {
	var e planner.InputError
	e.Add(planner.Place{}, format, args...)
	return e.Err()
}
