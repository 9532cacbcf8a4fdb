// Package forecast turns a helpdesk's call history and the university's exam timetable into
// the per-slot forecast that the staffing math needs (calls, average handle time and callers'
// patience per line and slot, with the spread of the calls), and says how accurate it is.
//
// # Inputs
//
// A call log is one Call per call (ReadCalls reads it from CSV); an exam timetable is one
// ExamSitting per exam (ReadTimetable). Both readers report every bad row with its line number
// and column in a *planner.InputError and return nothing on error. The exam sessions
// (Options.Sessions) tell which session each day of the history belongs to, and so its type
// (january, june, august-september...) and its time; Options.Closed lists the days the desk
// was closed.
//
// # Day types
//
// Every open day of the history is one of three day types (TypeOf): an exam weekday (Monday to
// Friday, an exam day), a non-exam weekday, or a Saturday (Sunday, when the desk opens then,
// counts as a Saturday). A day is an exam day when the timetable lists a sitting on it, or when
// Options.ExamDay says so.
//
// # The model
//
// Estimate fits, per line:
//
//   - The level of each day (see Level): the day's base calls B, log-linear in its day type,
//     its weekday, the growth of the desk over the years and its session's type; plus c calls
//     per remote sitting of the day spread over the day's profile, plus the exam kernels'
//     calls. The growth, session-type and weekday effects are the desk's, shared by its lines,
//     with each line's own deviations; they have normal priors (Priors), so that a short
//     history gives no growth and a session type never seen the mean level, with their
//     uncertainty. All the lines' level parameters, the growth and the calls per sitting
//     among them, are fitted together by quasi-likelihood: Gauss-Newton with weights 1/Var,
//     Var = mean + DayNoise·B² + SlotNoise·Σ(slot mean)², the day noise (squared coefficient
//     of variation of the day's base calls beyond Poisson) estimated by the method of moments
//     and the fit repeated until it settles.
//   - The exam kernels: the extra calls per remote sitting in the slots from 60 minutes before
//     to 60 minutes after an exam's start slot (Start, offsets -J..+J slots), and likewise
//     around its last slot, from its duration (End), on top of the base profile. They are the
//     least-squares solution of n[d,k] = V[d]·p[k] + Σ_e R_e·(S[k - s_e] + E[k - f_e]),
//     alternating with the base profile p until both settle, where n[d,k] are the calls of
//     day d in slot k, V[d] the day's calls less its kernels' calls, R_e, s_e and f_e the
//     remote sittings, start slot and last slot of exam e. Conditioning on each day's calls
//     keeps the day's level out of the kernels. The kernels are told apart from the profile,
//     and from each other, because exam start times, durations and sittings vary from day to
//     day.
//   - For each day type, the base intraday profile: the share of the day's calls (kernels
//     taken out) in each slot; the shares sum to 1. The slot noise (squared coefficient of
//     variation of a slot's calls beyond Poisson and the day's level) comes from the slots'
//     residuals given each day's calls, by the method of moments.
//   - For each day type, the AHT per slot: the mean handle time (talk + wrap) of the answered
//     calls of the slot, shrunk towards the day type's mean by empirical Bayes: AHT[k] =
//     (n[k]·mean[k] + κ·mean) / (n[k] + κ) with κ = σ²/τ², σ² the variance of handle times
//     within a slot and τ² the variance of the true slot means (method of moments). A slot
//     with few calls thus gets nearly the day mean, a busy one its own mean.
//   - For each day type, callers' mean patience from abandonment, as the maximum-likelihood
//     estimate of an exponential patience with censoring: patience = exposure / abandons,
//     where abandons counts the callers who hung up before an answer and exposure adds up
//     every caller's waiting time (an answered caller's wait is a censored patience). Short
//     abandons, under ShortAbandonSeconds (5 s), are misdials rather than impatience: they
//     are excluded from both counts, and to keep the estimate unbiased the first 5 s of every
//     wait are left out of the exposure as well (an exponential patience is memoryless, so the
//     patience left after 5 s of waiting has the same mean). A day type with fewer than
//     MinAbandons abandons takes the line's pooled estimate.
//
// Model.Effects says what was fitted in words: "june: +6.2% over january (± 2.0%)".
//
// Build then writes dated rows for a session: for each open day and line, the day's calls of
// the level model (at the session's type and time, with the day's exams), split into the
// kernels' calls around each exam's start and end and a base spread on the day type's
// profile; a closed day gets no calls. Each row carries the spread of its calls: the day's
// coefficient of variation beyond Poisson (day noise and the uncertainty of the level
// parameters, larger for a session of an unseen type or far ahead) and the slot's. From them
// planner.DayCallsQuantile and planner.SlotCallsQuantile give the forecast's intervals, and
// planner.BuildDemandAt its quantiles.
//
// # Accuracy
//
// Backtest forecasts every session of the history with two or more before it from the history
// before its first day only (rolling origin), and reports per session and overall the bias,
// the WAPE of slots and of line-days' totals, and the share of line-days inside the 80%
// interval, beside two baselines: the same session a year earlier, and the mean profile of the
// last two sessions of the same type. There is no MAPE: slot counts are small and often zero.
//
// # Synthetic call logs
//
// Synth generates call logs from known parameters (sessions of given types, growth, a base
// profile per day type, weekday effects, volume per sitting, exam-start and exam-end spikes,
// day and slot noise, closed days, lognormal handle times, exponential patience) by
// simulating, event by event, a first-come first-served multi-agent queue with abandonment at
// a fixed staffing per slot. The logs are synthetic: they serve to test that Estimate recovers
// what went in.
package forecast
