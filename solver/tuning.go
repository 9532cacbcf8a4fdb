package solver

// The constants of the search's schedule: the mix of local-search moves and the cadence and
// depth of the dives. They were chosen by measurement; docs/solver-tuning.md has the
// measurements and the command that reproduces them. Changing any of them changes the
// rosters found for a given seed and effort.

// tune holds the move probabilities and parameters of the local search.
var tune = struct { // read-only
	stale          int     // moves without improvement before a restart from the best
	peject         float64 // initial share of ejection chains (eject.go; ejectShare adapts it)
	p1, pchain, p2 float64 // then cumulative probabilities: reopt, chain, ruin (the rest: swap)
	ptarget        float64 // probability that a ruin targets a bad cell
}{5000, 0.1, 0.25, 0.5, 0.65, 0.5}

// maxDiveBackoff caps the epochs between two dives: after a dive that does not improve the
// roster a goroutine waits twice as long before the next one, up to this many epochs, so that
// useless dives do not eat the moves' time while useful ones still come often.
const maxDiveBackoff = 3

// diveRounds is the number of column-generation rounds after each fixing step of a dive.
// More rounds make better dives on middle-sized models, but on the largest a dive then never
// ends within the time limit. So a dive takes diveRoundsConverged rounds when the root's
// column generation ended by itself within a quarter of the time limit (a sign that rounds
// are cheap enough), and diveRounds otherwise.
const (
	diveRounds          = 2
	diveRoundsConverged = 20
)

// diveCapDiv: a shallow dive (the root did not converge quickly) spends at most the root's
// effort divided by diveCapDiv on column generation, then fixes the remaining workers from
// the LP values it has. Uncapped, the first dive on a large model can outlast the time limit
// in every goroutine, leaving the constructed roster as the result.
const diveCapDiv = 4
