// Package queue is the staffing mathematics of deskplan: the Erlang B, Erlang C and Erlang A
// (M/M/N+M) queueing models that turn a forecast (calls per interval, average handle time,
// callers' patience) into the agents needed per slot, and a transient evaluator that tells what
// a roster really delivers over a day whose calls come in spikes.
//
// # Models
//
// Calls arrive as a Poisson stream of rate λ, are handled by N identical agents in an
// exponential time of mean AHT (rate μ = 1/AHT), and wait in one first-come first-served queue.
// The offered load is A = λ·AHT Erlangs.
//
//   - Erlang C (M/M/N): callers never hang up. The queue is stable only when N > A; when
//     N <= A it grows without bound and the measures are their limits: P(wait) = 1, service
//     level 0, ASA +Inf, occupancy 1.
//   - Erlang A (M/M/N+M): each waiting caller hangs up after an exponential patience of mean
//     Patience (rate θ). The queue is always stable, so every measure is finite, also with
//     fewer agents than Erlangs. As Patience grows, Erlang A tends to Erlang C.
//
// Params.Patience == 0 selects Erlang C; a positive patience selects Erlang A.
//
// # What the package gives
//
//   - Evaluate: the measures of one slot staffed with N (possibly fractional) agents.
//   - Needed: the smallest N meeting a Target, and the agents to roster after shrinkage.
//   - Shortfall and ConvexEnvelope: the calls not answered within target as a function of N,
//     the per-slot penalty of the roster optimiser.
//   - Requirements and SlotParams: a day's needs, slot by slot, with the SIPP or the Lagged
//     load (DefaultMethod).
//   - Transient: what a staffing really delivers over a day, from the time-varying queue.
//   - EffectiveAgents and Pool: the capacity of a mixed team, and the queue of staff who
//     answer several lines.
//
// # Measures
//
// A Result holds the measures of one staffing level:
//
//   - ServiceLevel: the fraction of all offered calls that are answered after a wait of at
//     most t: P(answered and W <= t). Under Erlang C every call is answered, so this is
//     P(W <= t) = 1 - P(wait)·exp(-(N-A)·t/AHT). Under Erlang A a caller who hangs up, even
//     after 2 seconds, counts against the service level.
//   - PWait: the probability that a caller finds all agents busy.
//   - ASA: the mean wait, in seconds, over all offered calls (those answered at once count
//     0 s; under Erlang A those who hang up count the time they waited, so ASA = P(abandon) ·
//     Patience by Little's law).
//   - Occupancy: the fraction of time agents are busy: carried load over N.
//   - PAbandon: the fraction of offered calls that hang up before being answered (0 under
//     Erlang C).
//
// # Fractional agents
//
// A trainee counts for half an agent, so staffing levels are real numbers. The measures at a
// non-integer N are the linear interpolation of the measures at floor(N) and ceil(N)
// (occupancy interpolates the carried load, then divides by N, so that it stays A/N under
// Erlang C). The curves are exact at integers, continuous and monotone in N (the service level
// rises, waits and abandonment fall), and they are exactly the piecewise-linear view of a slot
// that the roster optimiser takes (see Evaluate and Shortfall).
//
// # Numerics
//
// Erlang B uses the recursion B(0) = 1, B(k) = A·B(k-1) / (k + A·B(k-1)), which never forms
// A^N or N! (ErlangB runs it on 1/B, a multiply-add per step); it is stable for any load.
// Erlang A uses the closed forms of Mandelbaum and Zeltyn built on Erlang B and the series
// 𝒜(x, y) = Σ_j y^j / Π_{k=1..j}(x+k), x = N·Patience/AHT, y = λ·Patience, summed with a
// running scale (log space), so heavy overload neither overflows nor loses precision. The
// service level of Erlang A is exact too: a caller who finds j others waiting is answered
// with probability x/(x+j+1), and within t with that probability times P(K > j), K negative
// binomial with parameters x+1 and 1-exp(-t/Patience). When y exceeds 10^6 (a patience of
// days) the patience is shortened to y = 10^6, where Erlang A has reached its limit.
//
// All times are in seconds. Functions panic on programmer errors (negative durations, NaN
// inputs); use Params.Validate and Target.Validate on values read from users.
package queue
