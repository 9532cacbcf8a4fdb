// Package solver is a generic rostering engine: it chooses, for each worker and each day of a
// horizon, one shift option or a day off, so that every hard rule holds and a penalty (demand
// cells, requests, costs, coupling rules, fairness) is as small as possible.
//
// The package knows nothing about any application: a Model is plain data (days, shift options,
// demand cells with convex piecewise-linear penalties, workers with their rules). Solve runs an
// anytime, seeded, deterministic search and returns the best Solution found with a lower bound;
// Model.Check recomputes every rule and the objective of any Solution from scratch; WriteLP
// writes the model as a mixed integer program in CPLEX LP format for independent solvers.
//
// Limits follow one convention: a zero limit means "no limit". To forbid something (a shift
// type, weekend work, a day), remove the options from Worker.Allowed instead.
//
// # Search
//
// Solve runs, in order:
//
//  1. Cheap proofs of infeasibility (a worker without any roster satisfying his or her own
//     rules, explained by relaxing the rules one at a time; a hard cover rule on a cell too few
//     workers of the kind can reach).
//  2. A construction: every worker in random order gets the best roster given the others.
//  3. Column generation (package solver/lp solves the master LP; the pricing problem is the
//     per-worker roster DP below). It gives the lower bound (the Lagrangian value of the LP
//     duals, valid at every iteration) and, by diving (fix the columns with the largest LP
//     values, re-price, repeat), a first roster. It may use 40% of the time limit. A
//     master whose simplex pivots more than 8 times per row per round over its first
//     rounds is too degenerate to converge in that time (models that converge pivot a few
//     times per row per round): the root then stops there, without a bound or dives.
//  4. Epochs: each search goroutine makes one randomized dive (offered to the search if
//     better; a dive waits a few epochs after one that did not help) and Options.Epoch
//     local-search moves, then all goroutines adopt the best roster (a deterministic
//     barrier). Without an effort budget (Options.MaxIterations), a goroutine done with its
//     epoch goes on with moves until the others are done, except beside exact dives
//     (below). When the master prices the whole objective (no coupling, fairness or joint rules,
//     no two identical workers) and its column generation ended by itself within a quarter
//     of the time limit, the last goroutine also spends a budget of pricing DPs per epoch on a
//     branch-and-price tree (branch.go) over "worker w works choice o on day d", which
//     proves the roster optimal once the tree is exhausted; dives then re-price for more
//     rounds per step. Otherwise a dive spends at most a quarter of the root's effort on
//     column generation, and the goroutine's moves then spend as much effort as the dive
//     before the next one (effort: DP label expansions and simplex work, counted, so runs
//     stay deterministic). Once a goroutine's best roster is within 1% of the bound, every
//     second dive is guided (RINS): it first fixes, for a random 40% of the workers, that
//     roster's row where the root LP uses it. The moves, with late-acceptance acceptance:
//     ejection chains aimed at a short cell (eject.go: force a worker onto it, then repair
//     the cell that worker left most, up to three links), whose share of the moves adapts
//     between 10% and 90% to their gain per DP against the other moves' (none where the
//     root converged quickly: beside exact dives they cost more than they find);
//     re-optimise one worker exactly; ruin and recreate 2-4 workers on a window (often
//     around a badly covered cell), each recreated by the DP; chain moves (2-3 workers,
//     every combination of a few candidate rosters each: DP variants with one day forced,
//     or LP columns), which find ejection chains; swaps of a block of days between two
//     workers.
//
// The roster DP is a resource-constrained shortest path over days whose state holds the run
// (working days in a row with the class of the last shift, or days off in a row), the paid
// minutes (in units of the gcd of the option lengths), the minutes and days of the week, the
// weekends worked and the counts of limited shift types while that state space stays small
// (larger for the pricing than for the search, within a work budget: exact pricing is what
// lets the master converge); remaining type and weekend limits are handled by Lagrangian
// penalties and checked, and a re-optimisation keeps the worker's row when the penalised
// roster costs more.
//
// Coupling rules and fairness are not in the master LP: they are handled by the local search
// (hard coupling rules weigh heavily until satisfied) and dropped from the bound, which stays
// valid because they are non-negative.
//
// The package uses the standard library (and its own solver/lp) only, performs no I/O except
// in WriteLP, and has no global state: the same model, options and seed give the same
// solution when the search is stopped by Options.MaxIterations; a wall-clock stop
// (TimeLimit, ctx) can end it at a different move on a loaded machine.
package solver
