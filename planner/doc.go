// Package planner holds deskplan's domain types, in the words of DESIGN.md: the team (staff,
// lines, statuses, roles, availability, closures), sessions and their forecast rows, the
// settings and their accepted ranges, shift templates and the shift options they allow, the
// demand of a horizon and the need it makes (agents per line and slot), rosters and their
// shifts, the report of what a roster delivers, and the errors that name a place in the input
// (InputError, Place) or a rule in the way (InfeasibleError).
//
// A Dataset is everything the store holds for planning; the functions here read it and
// never change it (CloneDataset copies it for those that do). planner imports the queueing
// math (planner/queue) and the calendar (planner/calendar) only, and does no I/O.
//
// The packages around it:
//   - planner/rules: the rule book, what Check reports and the planner keeps;
//   - planner/optimize: the use cases that plan and evaluate rosters (Plan, Evaluate,
//     Compare, Size, Swap, Simulate) and the helpdesk model they hand to the solver;
//   - planner/scenario: what-if scenarios and their change language;
//   - planner/store, planner/input, planner/xlsx, planner/ics: storage, import and export.
package planner
