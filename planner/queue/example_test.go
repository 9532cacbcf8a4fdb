package queue_test

import (
	"fmt"

	"github.com/deskplan/deskplan/planner/queue"
)

// 100 calls in 30 minutes, 3 minutes each: 10 Erlangs. With 14 agents, 88.8% of the calls are
// answered within 20 seconds.
func ExampleEvaluate() {
	p := queue.Params{Calls: 100, Interval: 1800, AHT: 180}
	r := queue.Evaluate(p, 14, 20)
	fmt.Printf("load %.0f Erlangs, SL %.4f, P(wait) %.4f, ASA %.2f s, occupancy %.4f\n",
		r.Load, r.ServiceLevel, r.PWait, r.ASA, r.Occupancy)
	// Output:
	// load 10 Erlangs, SL 0.8884, P(wait) 0.1741, ASA 7.84 s, occupancy 0.7143
}

// Callers who hang up after 5 minutes on average (Erlang A): the service level counts the
// calls answered within 20 s over all offered calls, abandoned ones included.
func ExampleEvaluate_erlangA() {
	p := queue.Params{Calls: 100, Interval: 1800, AHT: 180, Patience: 300}
	r := queue.Evaluate(p, 14, 20)
	fmt.Printf("SL %.4f, P(wait) %.4f, P(abandon) %.4f, ASA %.2f s\n", r.ServiceLevel, r.PWait, r.PAbandon, r.ASA)
	// Fewer agents than Erlangs: Erlang C would never answer, Erlang A stays finite.
	r = queue.Evaluate(p, 8, 20)
	fmt.Printf("8 agents: SL %.4f, P(abandon) %.4f, ASA %.0f s\n", r.ServiceLevel, r.PAbandon, r.ASA)
	// Output:
	// SL 0.9168, P(wait) 0.1453, P(abandon) 0.0140, ASA 4.20 s
	// 8 agents: SL 0.2265, P(abandon) 0.2319, ASA 70 s
}

// Seven qualified agents, two trainees and a mentor shadowed by a new hire: 11 people on the
// phone, 9 effective agents.
func ExampleEffectiveAgents() {
	team := []float64{1, 1, 1, 1, 1, 1, 1,
		queue.ProductivityTrainee, queue.ProductivityTrainee,
		queue.ProductivityQualified, queue.ProductivityNew}
	n := queue.EffectiveAgents(team)
	r := queue.Evaluate(queue.Params{Calls: 50, Interval: 1800, AHT: 240}, n, 20)
	fmt.Printf("%d on the phone, %v effective: SL %.4f, occupancy %.4f\n", len(team), n, r.ServiceLevel, r.Occupancy)
	// Output:
	// 11 on the phone, 9 effective: SL 0.7421, occupancy 0.7407
}

func ExampleNeeded() {
	p := queue.Params{Calls: 100, Interval: 1800, AHT: 180}
	tg := queue.Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.85, Shrinkage: 0.3}
	r := queue.Needed(p, tg)
	fmt.Printf("%d agents on the phone, %d rostered, SL %.4f\n", r.Agents, r.Rostered, r.ServiceLevel)
	// Output:
	// 14 agents on the phone, 20 rostered, SL 0.8884
}

// The penalty of a slot for the roster optimiser: calls not answered within 20 s for 0..16
// agents, and its convex envelope.
func ExampleShortfall() {
	p := queue.Params{Calls: 100, Interval: 1800, AHT: 180}
	raw := queue.Shortfall(p, 20, 16)
	env := queue.ConvexEnvelope(raw)
	for n := 8; n <= 16; n += 2 {
		fmt.Printf("N=%2d  %6.2f  %6.2f\n", n, raw[n], env[n])
	}
	// Output:
	// N= 8  100.00   49.24
	// N=10  100.00   36.55
	// N=12   35.98   23.86
	// N=14   11.16   11.16
	// N=16    2.94    2.94
}

// Staffing a day with a spike: lagged moves agents to the slot after the spike, where the
// calls of the spike are still being handled.
func ExampleRequirements() {
	d := queue.Day{Slot: 1800, AHT: 360, Patience: 180, Calls: []float64{25, 110, 45, 30}}
	tg := queue.Target{ServiceLevel: 0.8, Time: 20}
	for _, m := range []queue.Method{queue.SIPP, queue.Lagged} {
		fmt.Print(m, ":")
		for _, r := range queue.Requirements(d, tg, m) {
			fmt.Print(" ", r.Agents)
		}
		fmt.Println()
	}
	// Output:
	// sipp: 7 25 12 8
	// lagged: 6 21 14 9
}

// What a roster delivers over a day, slot by slot, from an empty desk at opening.
func ExampleTransient() {
	d := queue.Day{Slot: 1800, AHT: 360, Patience: 180, Calls: []float64{25, 110, 45, 30}}
	for i, r := range queue.Transient(d, []float64{7, 25, 12, 8}, 20, nil) {
		fmt.Printf("slot %d: N %2.0f SL %.3f abandon %.3f\n", i, r.Agents, r.ServiceLevel, r.PAbandon)
	}
	// Output:
	// slot 0: N  7 SL 0.890 abandon 0.042
	// slot 1: N 25 SL 0.906 abandon 0.025
	// slot 2: N 12 SL 0.704 abandon 0.117
	// slot 3: N  8 SL 0.753 abandon 0.096
}
