// Package sim is a discrete-event simulation of the helpdesk's phone lines: callers arrive,
// wait, hang up or are answered by the agents on duty, one by one, as the desk really works.
// It is the ground truth against which the analytic service model (Erlang C and A in
// planner/queue, its transient evaluator, pooled lines) is judged, so it models the desk
// literally and makes none of their approximations: no steady state, no fractional agents, no
// merging of lines into one queue.
//
// # The desk
//
// A Day is a sequence of slots of equal length Slot seconds, the first starting at opening
// (time 0), the last ending at closing. Times are in seconds from opening.
//
// Each Line has, per slot, the calls expected. Calls arrive as a Poisson stream whose rate is
// constant within a slot: Calls[s]/Slot. Each call needs an exponential handling time of mean
// AHT (the line's average handle time for an agent of speed 1), and its caller has an
// exponential patience of mean Patience; Patience 0 means callers never hang up.
//
// Agents[s] lists the agents on the phone during slot s, each with an ID (the same agent has
// the same ID in every slot of the day), the lines it answers (indexes into Day.Lines) and a
// speed: 1 for a qualified agent, 0.5 for a trainee who takes twice as long on average, the
// phone share (say 0.5) for a coordinator who gives the phones part of its time. A call
// handled by an agent of speed v takes an exponential time of mean AHT/v: the call's work,
// drawn when it arrives as an exponential of mean AHT, is divided by the speed of the agent
// who answers it. An agent appears in a slot's
// list only when on duty for the whole slot: breaks and shift ends fall on slot boundaries.
// An agent's lines and speed may change from one slot to the next; a call keeps the speed of
// the agent when it was answered.
//
// # Routing
//
//   - An arriving call goes to an idle agent on duty who answers its line: first the agents
//     who answer only that line (dedicated), then those who also answer others (pooled); among
//     them, the one idle longest. Agents who come on duty at the same time have been idle
//     equally long; the one listed first in the slot's list counts as idle longer.
//   - When no such agent is idle the call waits. A waiting caller hangs up when its patience
//     runs out.
//   - An agent who becomes free (its call is done) takes the longest-waiting call among all
//     the lines it answers, first come first served across them; if none waits it becomes idle.
//   - At a slot boundary, agents who leave go off duty: an idle one at once, a busy one when
//     its call is done (it finishes the call and takes no new one). Agents who come on duty
//     (or whose lines change) become available at once: the waiting calls are then taken
//     oldest first, each by the agent an arriving call of its line would get.
//   - At closing (the end of the last slot) no more calls arrive. The agents on duty in the
//     last slot keep answering until nobody waits (callers may still hang up). Callers still
//     waiting on a line that none of them answers are cut off at closing: they are unserved.
//
// When events fall at the same instant (only scripted inputs make this happen), a slot
// boundary comes first, then the end of a call, then a caller hanging up, then an arrival;
// two calls ending at once end in the order their agents first appear in the day's lists.
//
// # Measures
//
// Each call is counted in its arrival slot and line: arrived; waited (found no idle agent);
// answered; answered within the target time (a wait of exactly Options.Target counts as
// within); abandoned (hung up); unserved (cut off at closing); and its wait: the time until it
// was answered, hung up or was cut off. Counts holds these sums for one replication, slot and
// line.
//
// Result turns them into estimates for any group of slots and lines (a slot, a day, a line,
// the horizon, or any set chosen by Result.Group). For each replication the group's counts
// are summed and its shares formed:
//
//	service level = within / calls      P(wait) = waited / calls
//	ASA           = wait / calls        abandoned = abandoned / calls
//
// (ASA is the mean wait of all calls, as in planner/queue: calls answered at once count 0 s,
// those who hang up the time they waited.) Each Estimate is the mean of these shares over the
// replications with at least one call in the group, with the half-width of its 95% confidence
// interval across replications (Student's t). This is the service level a manager would read
// for that day, averaged over many possible days.
//
// Measures.PerCall gives the caller's view as well: the ratio of the sums over all
// replications (Σ within / Σ calls), with the confidence interval of a ratio estimator. It
// estimates the probability that a call is answered within the target, which is what the
// Erlang formulas and the transient evaluator compute. The two views agree for groups with
// many calls per replication (a day, a week); for a single slot with a handful of calls the
// mean of the replications' ratios weighs a replication with 3 calls as much as one with 30,
// so per-slot analytic figures are to be compared with PerCall.
//
// # Randomness
//
// Days and replications are independent: each day starts with an empty desk. Everything is
// drawn from math/rand/v2 PCG streams derived from Options.Seed, the replication, the day and
// the line, so the result is the same for a given seed whatever the number of goroutines, and
// the calls (arrival times, work, patience) of a day and line depend only on that line's
// forecast for the day: two rosters simulated with the same seed meet the same callers, and
// their difference is not noise from different call streams (common random numbers).
//
// # Errors
//
// Simulate returns an *InputError naming the day, slot, line or agent of invalid input, and
// stops early, with the replications done so far, when its context is cancelled. The methods
// of Result panic on a day, slot, line or replication out of range: a programmer error.
package sim
