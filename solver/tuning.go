package solver

// tune holds the move probabilities and parameters of the local search (measured on the
// Curtois instances).
var tune = struct { // read-only
	stale          int     // moves without improvement before a restart from the best
	peject         float64 // initial share of ejection chains (eject.go; ejectShare adapts it)
	p1, pchain, p2 float64 // then cumulative probabilities: reopt, chain, ruin (the rest: swap)
	ptarget        float64 // probability that a ruin targets a bad cell
}{5000, 0.1, 0.25, 0.5, 0.65, 0.5}

// maxDiveBackoff caps the epochs between two dives. Curtois instances, 60 s, 2 goroutines
// (cap 15 / cap 3): 8: 1315 / 1313, 13: 6079 / 5801, 14: 1525 / 1713, 15: 7432 / 7700,
// 17: 5875 / 5776, 18: 4811 / 4597 (4618 without backoff), 19: 6723 / 6916.
const maxDiveBackoff = 3

// diveRounds is the number of column-generation rounds after each fixing step of a dive.
// Curtois, 60 s, 2 goroutines (2 rounds / 6): 6 helps the middle-sized instances (8: 1313 /
// 1304, 12: 4626 / 4300, 14: 1713 / 1493, 17: 5776 / 5758, 18: 4597 / 4531) but a dive then
// never ends within the limit on the largest (13: 5801 / 10744, 15: 7700 / 13063, 19: 6916 /
// 14380). Capping each dive at the root's simplex iterations did not rescue them (13: 10744,
// 19: 7440): a budget would have to count the pricing DPs too. So a dive takes
// diveRoundsConverged rounds when the root's column generation ended by itself within a
// quarter of the time limit (the middle sizes: 12 in 7 s of 60), and diveRounds otherwise
// (the largest: 13 and 19 never converge, 15 takes 10-24 s). For those middle sizes, 6 / 10
// / 20 rounds gave 12: 4300 / 4179 / 4049, 8: 1304 / 1309 / 1304, 17: 5758 / 5760 / 5754,
// 18: 4654 / - / 4510, 9: 442 / - / 441 (6 is still proved optimal, in 25 s instead of 14).
const (
	diveRounds          = 2
	diveRoundsConverged = 20
)

// diveCapDiv: a shallow dive (the root did not converge quickly) spends at most the root's
// effort divided by diveCapDiv on column generation, then fixes the remaining workers from
// the LP values it has. Uncapped, the first dive on Curtois 13 could outlast the minute in
// both goroutines (seed 2: 10310, the constructed roster). Curtois 60 s, seeds 1 / 2, no cap /
// root effort over 8 / over 4: 13: 5040 / 10310, 5367 / 4989, - / 4713; 19: 4360 / 4794,
// 4590 / 5053, 5105 / 4824; 15 (seed 1): 4650, 4882, 4590.
const diveCapDiv = 4
