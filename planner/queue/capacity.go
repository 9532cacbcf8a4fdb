package queue

// Productivity of a staff member on the phone, in effective agents, by status. A per-person
// override replaces these defaults.
const (
	ProductivityNew       = 0.0 // in training: takes no calls
	ProductivityTrainee   = 0.5 // takes calls while a mentor is on duty
	ProductivityQualified = 1.0 // qualified staff and mentors
)

// EffectiveAgents returns the capacity of the staff on the phone in a slot: the sum of their
// productivities. Seven qualified staff, two trainees and a mentor shadowed by a new hire make
// 7 + 2·0.5 + 1 + 0 = 9 effective agents, not 11. Evaluate takes the result as N.
func EffectiveAgents(productivity []float64) float64 {
	sum := 0.0
	for _, p := range productivity {
		sum += p
	}
	return sum
}

// Pool returns the queue seen by staff who answer every line of ps at once: the calls add up,
// and the AHT and the patience are the call-weighted means (patience 0, Erlang C, if any line
// has no patience). Pooling is exact when the lines share AHT and patience, and a close
// approximation otherwise; pooled agents need fewer than the sum of the lines' needs. Every
// line must have the same interval. Pool panics if ps is empty or the intervals differ.
func Pool(ps ...Params) Params {
	if len(ps) == 0 {
		panic("queue: Pool of no lines")
	}
	out := Params{Interval: ps[0].Interval}
	var work, wait float64
	erlangC := false
	for _, p := range ps {
		if p.Interval != out.Interval {
			panic("queue: Pool: lines with different intervals")
		}
		out.Calls += p.Calls
		work += p.Calls * p.AHT
		wait += p.Calls * p.Patience
		erlangC = erlangC || p.Patience == 0
	}
	if out.Calls == 0 {
		out.AHT = ps[0].AHT
		for _, p := range ps[1:] {
			out.AHT = max(out.AHT, p.AHT)
		}
		if !erlangC {
			out.Patience = ps[0].Patience
		}
		return out
	}
	out.AHT = work / out.Calls
	if !erlangC {
		out.Patience = wait / out.Calls
	}
	return out
}
