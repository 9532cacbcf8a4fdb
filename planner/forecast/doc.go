// Package forecast turns a helpdesk's call history and the university's exam timetable into
// the per-slot forecast that the staffing math needs (calls, average handle time and callers'
// patience per line and slot), and says how accurate it is.
//
// # Inputs
//
// A call log is one Call per call (ReadCalls reads it from CSV); an exam timetable is one
// ExamSitting per exam (ReadTimetable). Both readers report every bad row with its line number
// and column in a *planner.InputError and return nothing on error.
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
//   - For each day type, the daily volume as a linear function of the day's remote sittings
//     (the sum of ExamSitting.RemoteSittings over the day's exams): calls = A + B × sittings,
//     by least squares, with its R². A day type whose sittings never vary, or with fewer than
//     MinFitDays days, gets B = 0 and A = the mean daily calls.
//   - An exam-start kernel: the extra calls per remote sitting in the slots from 60 minutes
//     before to 60 minutes after an exam's start (offsets -J..+J slots), on top of the base
//     profile. It is the least-squares solution of
//     n[d,k] = V[d]·p[k] + Σ_e R_e·K[k - s_e], alternating with the base profile p until
//     both settle, where n[d,k] are the calls of day d in slot k, V[d] the day's calls less
//     its spikes, R_e and s_e the remote sittings and start slot of exam e. The kernel is told
//     apart from the base profile because exam start times and sittings vary from day to day;
//     with a single start time every day the split between the two is arbitrary (the forecast
//     stays right, but the kernel is not meaningful).
//   - For each day type, the base intraday profile: the share of the day's calls (spikes
//     taken out) in each slot; the shares sum to 1.
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
// Build then writes dated rows for a session: for each open day and line, the day's volume
// A + B × sittings is split into the exam-start spikes (the kernel at each exam of the
// timetable) and a base spread on the day type's profile.
//
// # Accuracy
//
// Backtest fits the model on the history less its last days, predicts those days slot by slot
// and reports the mean absolute error and the root mean square error per slot and overall,
// beside those of a naive forecast (the mean of the same weekday, line and slot over the
// training days). There is no MAPE: slot counts are small and often zero.
//
// # Synthetic call logs
//
// Synth generates call logs from known parameters (a base profile per day type, volume per
// sitting, exam-start spikes, lognormal handle times, exponential patience) by simulating, event
// by event, a first-come first-served multi-agent queue with abandonment at a fixed staffing per
// slot. The logs are synthetic: they serve to test that Estimate recovers what went in.
package forecast
