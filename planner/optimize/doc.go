// Package optimize holds the use cases that make and weigh rosters, and the helpdesk model
// they give the generic solver.
//
//   - Plan builds a roster for a session or a week: the demand and need of the horizon, the
//     helpdesk -> solver model (model.go, with the pooled lines' joint penalties of
//     pooljoint.go), a greedy first roster (greedy.go), the solver's anytime search, and the
//     report of what the roster delivers. A plan that cannot keep a hard rule is refused with
//     the reasons in words (explain.go). Keep (PlanRequest.Keep) re-plans from a roster
//     already announced and pays for each change.
//   - Evaluate reports what a roster delivers on the demand and need it was planned for;
//     Simulate checks that claim against the discrete-event simulation.
//   - Compare plans several scenarios alike, side by side; Size finds the fewest extra staff
//     that meet the target; Swap exchanges two people's shifts of a day.
//
// The name says what the package adds to planner: optimisation against the service target.
// The model builder stays here, unexported, as Plan is its only caller: a package of its own
// would have to export the planning problem's internals for one user.
//
// optimize imports planner, planner/rules (the rules the model keeps and the report lists),
// planner/scenario (the extra staff of Size), planner/queue, planner/sim and solver.
package optimize
