package solver

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteBest enumerates every roster of worker w (small models only).
func bruteBest(p *prep, w int, in *dpInput) ([]int32, float64) {
	row := make([]int32, p.nD)
	best := math.Inf(1)
	var bestRow []int32
	tc := make([]int, len(p.m.Types))
	var rec func(d int, c float64)
	rec = func(d int, c float64) {
		if d == p.nD {
			if c < best && p.rowFeasible(w, row, tc) {
				best = c
				bestRow = append([]int32(nil), row...)
			}
			return
		}
		row[d] = Off
		rec(d+1, c+in.off[d])
		for i, o := range p.allowed[w][d] {
			row[d] = o
			rec(d+1, c+in.opt[d][i])
		}
	}
	rec(0, 0)
	return bestRow, best
}

func checkDPExact(t *testing.T, m *Model, trials int, seed uint64) {
	t.Helper()
	p := newPrep(m)
	rng := rand.New(rand.NewPCG(seed, 1))
	var sc dpScratch
	for trial := range trials {
		w := rng.IntN(p.nW)
		sp := newWSpec(p, w, searchExactStates)
		in := dpInput{off: make([]float64, p.nD), opt: make([][]float64, p.nD)}
		// every other trial fixes the days outside a window to one choice each, the others
		// +Inf, as a windowed re-optimisation does (the DP skips infinite choices)
		a, b := 0, p.nD-1
		if trial%2 == 1 {
			a = rng.IntN(p.nD)
			b = a + rng.IntN(p.nD-a)
		}
		for d := range p.nD {
			in.off[d] = float64(rng.IntN(5))
			in.opt[d] = make([]float64, len(p.allowed[w][d]))
			for i := range in.opt[d] {
				in.opt[d][i] = float64(rng.IntN(21) - 10)
			}
			if d < a || d > b {
				keep := rng.IntN(len(in.opt[d])+1) - 1 // -1: off
				if keep >= 0 {
					in.off[d] = math.Inf(1)
				}
				for i := range in.opt[d] {
					if i != keep {
						in.opt[d][i] = math.Inf(1)
					}
				}
			}
		}
		_, want := bruteBest(p, w, &in)
		r, got, ok := sp.solveDP(p, &in, &sc)
		if math.IsInf(want, 1) {
			if ok {
				t.Fatalf("trial %d worker %d: DP found %v, brute force none", trial, w, r)
			}
			continue
		}
		if !ok {
			t.Fatalf("trial %d worker %d: DP found nothing, brute force %v", trial, w, want)
		}
		if len(sp.limitedTypes) == 0 && math.Abs(got-want) > 1e-9 {
			t.Fatalf("trial %d worker %d: DP %v, brute force %v", trial, w, got, want)
		}
		if len(sp.limitedTypes) == 0 && !p.rowFeasible(w, r, make([]int, len(m.Types))) {
			t.Fatalf("trial %d worker %d: DP roster %v infeasible", trial, w, r)
		}
	}
}

// TestRestClassesOnlyWhenRestBinds pins the DP's state space under a rest rule that cannot
// bind (every option ends 12 h before the earliest start of the next day): the last shift's
// end is not tracked, whether or not the worker has days without any allowed option. A day
// without options once made the check wrap around (math.MaxInt + 1440) and split the states by
// end time: 37 times more labels and 15 times more groups on the 200-staff desk. When the
// rule does bind, the end is tracked and the DP stays exact.
func TestRestClassesOnlyWhenRestBinds(t *testing.T) {
	build := func(lastStart int) *Model {
		opts := []Option{{Start: 450, Length: 240}, {Start: 600, Length: 300}, {Start: lastStart, Length: 240}}
		m := &Model{Days: 7, Types: []string{"day"}}
		m.Options = make([][]Option, m.Days)
		for d := range m.Options {
			m.Options[d] = opts
		}
		w := Worker{Name: "w", Weight: 1, MinRest: 11 * 60, MaxWeekMinutes: 20 * 60, Allowed: make([][]int, m.Days)}
		for d := range w.Allowed {
			w.Allowed[d] = []int{0, 1, 2}
		}
		w.Allowed[2] = []int{} // unavailable on day 2
		w.Allowed[6] = []int{}
		m.Workers = []Worker{w}
		return m
	}
	for _, tc := range []struct {
		name      string
		lastStart int // the latest option starts here and lasts 4 h
		classes   int
	}{
		{"never binds", 13*60 + 30, 1}, // ends 17:30, 14 h before 07:30
		{"binds", 21 * 60, 3},          // ends 01:00 next day
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := build(tc.lastStart)
			if err := m.Validate(); err != nil {
				t.Fatal(err)
			}
			p := newPrep(m)
			if got := newWSpec(p, 0, searchExactStates).nClassMax; got != tc.classes {
				t.Errorf("nClassMax = %d, want %d", got, tc.classes)
			}
			checkDPExact(t, m, 30, 7)
		})
	}
}

// limitModel is a 4-week model of workers whose limit on type B fits the pricing's exact
// state space but not the search's.
func limitModel(workers int) *Model {
	m := &Model{Days: 28, Types: []string{"A", "B"}}
	m.Options = make([][]Option, m.Days)
	for d := range m.Days {
		for t := range 2 {
			m.Cells = append(m.Cells, Cell{Penalty: Linear(1, 1, 1)})
			m.Options[d] = append(m.Options[d], Option{Type: t, Start: 420 + 480*t, Length: 480,
				Cover: []Coverage{{Cell: len(m.Cells) - 1, Coef: 1}}})
		}
	}
	for range workers {
		m.Workers = append(m.Workers, Worker{Weight: 1, MaxMinutes: 28 * 480, MaxWeekMinutes: 5 * 480,
			MaxConsecutive: 5, MaxWeekends: 2, MaxShifts: []int{0, 6}})
	}
	return m
}

// TestPricingSpecs checks that the pricing's DPs count a type limit the search's DPs price by
// penalties, that their rosters keep it, and that over the work budget the search's DPs are
// used.
func TestPricingSpecs(t *testing.T) {
	m := limitModel(2)
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	p := newPrep(m)
	specs := []*wspec{newWSpec(p, 0, searchExactStates), newWSpec(p, 1, searchExactStates)}
	if len(specs[0].limitedTypes) != 1 {
		t.Fatalf("search DP: limited types %v, want B priced by penalties", specs[0].limitedTypes)
	}
	ps := pricingSpecs(p, specs)
	if len(ps[0].limitedTypes) != 0 || ps[0].tcStride[1] == 0 {
		t.Fatalf("pricing DP: limited types %v, want B counted in the state", ps[0].limitedTypes)
	}
	// B is cheaper than A and a day off: the exact DP works 20 days (4 weeks of 5), 6 of B
	in := dpInput{off: make([]float64, p.nD), opt: make([][]float64, p.nD)}
	for d := range p.nD {
		in.opt[d] = []float64{-1, -10}
	}
	var sc dpScratch
	r, cost, ok := ps[0].solveDP(p, &in, &sc)
	if !ok || !p.rowFeasible(0, r, make([]int, 2)) || cost != -6*10-14*1 {
		t.Fatalf("pricing DP: roster %v cost %v ok %v, want a feasible roster of cost -74", r, cost, ok)
	}
	// too much pricing work: the search's DPs are used
	big := limitModel(int(pricingWork/(float64(ps[0].size)*float64(p.nD))) + 1)
	pb := newPrep(big)
	bs := make([]*wspec, pb.nW)
	for w := range bs {
		bs[w] = newWSpec(pb, w, searchExactStates)
	}
	if got := pricingSpecs(pb, bs); &got[0] != &bs[0] {
		t.Fatalf("%d workers: pricing work %.3g over the budget, want the search's DPs", pb.nW, float64(pb.nW*ps[0].size*p.nD))
	}
}

// largeModel is shaped like the largest DPs of the public benchmark: 4 weeks, 18 shift types
// of 8, 10 and 12 hours in four families (a later family may not be followed by an earlier
// one the next day), most types limited per worker, tight total minutes, runs of 2-5 days.
func largeModel(workers int, seed uint64) *Model {
	rng := rand.New(rand.NewPCG(seed, 13))
	const types = 18
	m := &Model{Days: 28}
	lengths := []int{480, 480, 480, 600, 720}
	for t := range types {
		m.Types = append(m.Types, fmt.Sprintf("%c%d", "adpn"[min(t/5, 3)], t%5+1))
	}
	for a := range types {
		for b := range types {
			if b/5 < a/5 {
				m.Forbidden = append(m.Forbidden, Succession{From: a, To: b})
			}
		}
	}
	m.Options = make([][]Option, m.Days)
	for d := range m.Days {
		for t := range types {
			m.Cells = append(m.Cells, Cell{Penalty: Linear(100, 1, 0)})
			m.Options[d] = append(m.Options[d], Option{Type: t, Start: 360 + 240*(t/5), Length: lengths[t%5],
				Cover: []Coverage{{Cell: len(m.Cells) - 1, Coef: 1}}})
		}
	}
	for range workers {
		wk := Worker{Weight: 1, MaxMinutes: 8640, MinMinutes: 7920, MaxConsecutive: 5, MinConsecutive: 2,
			MinConsecutiveOff: 2, MaxWeekends: 2, MaxShifts: make([]int, types)}
		for t := range types {
			switch r := rng.IntN(6); {
			case r < 3: // about half the types
				wk.MaxShifts[t] = 0
			case t%5 >= 3:
				wk.MaxShifts[t] = []int{7, 11}[t%5-3]
			case r == 3:
				wk.MaxShifts[t] = 2 + rng.IntN(2)
			default:
				wk.MaxShifts[t] = 28
			}
		}
		m.Workers = append(m.Workers, wk)
	}
	return m
}

// BenchmarkSolveDP times the roster DPs of largeModel's 8 workers (one op: all 8), for the
// search (type limits beyond searchExactStates priced by penalties) and the pricing
// (pricingExactStates), with costs like a search's marginals: some cells short (-100), the
// rest over (+1), and for a search's re-optimisation of one week (the other days fixed).
// Reported: label expansions per op, and nanoseconds per label.
func BenchmarkSolveDP(b *testing.B) {
	m := largeModel(8, 1)
	if err := m.Validate(); err != nil {
		b.Fatal(err)
	}
	p := newPrep(m)
	rng := rand.New(rand.NewPCG(1, 2))
	ins := make([]dpInput, p.nW)
	for w := range ins {
		in := dpInput{off: make([]float64, p.nD), opt: make([][]float64, p.nD), typePen: make([]float64, len(m.Types))}
		for d := range p.nD {
			in.opt[d] = make([]float64, len(p.allowed[w][d]))
			for i := range in.opt[d] {
				in.opt[d][i] = 1
				if rng.IntN(8) == 0 {
					in.opt[d][i] = -100
				}
			}
		}
		ins[w] = in
	}
	// window: the search's re-optimisation of days 7-13 only, the others fixed to the
	// worker's whole-horizon optimum (one finite choice each, as searcher.reopt does)
	wins := make([]dpInput, p.nW)
	for w := range wins {
		sp := newWSpec(p, w, searchExactStates)
		var sc dpScratch
		row, _, ok := sp.solveDP(p, &ins[w], &sc)
		if !ok {
			b.Fatalf("worker %d: no roster", w)
		}
		in := dpInput{off: slices.Clone(ins[w].off), opt: make([][]float64, p.nD), typePen: ins[w].typePen}
		for d := range p.nD {
			in.opt[d] = slices.Clone(ins[w].opt[d])
			if d >= 7 && d <= 13 {
				continue
			}
			in.off[d] = math.Inf(1)
			if row[d] == Off {
				in.off[d] = 0
			}
			for i, o := range p.allowed[w][d] {
				in.opt[d][i] = math.Inf(1)
				if o == row[d] {
					in.opt[d][i] = 0
				}
			}
		}
		wins[w] = in
	}
	for _, bc := range []struct {
		name   string
		states int
		ins    []dpInput
	}{{"search", searchExactStates, ins}, {"pricing", pricingExactStates, ins}, {"window", searchExactStates, wins}} {
		b.Run(bc.name, func(b *testing.B) {
			specs := make([]*wspec, p.nW)
			for w := range specs {
				specs[w] = newWSpec(p, w, bc.states)
			}
			var sc dpScratch
			ops := 0
			for b.Loop() {
				ops++
				for w, sp := range specs {
					if _, _, ok := sp.solveDP(p, &bc.ins[w], &sc); !ok {
						b.Fatalf("worker %d: no roster", w)
					}
				}
			}
			b.ReportMetric(float64(sc.work)/float64(ops), "labels/op")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(sc.work), "ns/label")
		})
	}
}

// TestDivisor checks divisor.div and mod against the hardware division at the edges of the
// 32-bit range, for divisors that are powers of two, odd, 1 and the largest.
func TestDivisor(t *testing.T) {
	ns := []uint32{0, 1, 2, 3, 7, 1000, 1<<15 - 1, 1 << 22, 1<<31 - 1, 1 << 31, math.MaxUint32 - 1, math.MaxUint32}
	for _, d := range []int{1, 2, 3, 5, 7, 8, 31, 100, 1 << 16, 65537, 1<<31 + 1, math.MaxUint32} {
		v := newDivisor(d)
		for _, n := range ns {
			q, r := v.div(n), v.mod(n)
			if wq, wr := n/uint32(d), n%uint32(d); q != wq || r != wr {
				t.Errorf("%d / %d = %d, %d; want %d, %d", n, d, q, r, wq, wr)
			}
		}
	}
}

// FuzzDivisor compares divisor.div and mod with / and % on any 32-bit numerator and divisor.
func FuzzDivisor(f *testing.F) {
	f.Add(uint32(1<<31-1), uint32(3))
	f.Add(uint32(math.MaxUint32), uint32(1))
	f.Add(uint32(12345), uint32(math.MaxUint32))
	f.Fuzz(func(t *testing.T, n, d uint32) {
		if d == 0 {
			return
		}
		v := newDivisor(int(d))
		q, r := v.div(n), v.mod(n)
		if q != n/d || r != n%d {
			t.Fatalf("%d / %d = %d, %d; want %d, %d", n, d, q, r, n/d, n%d)
		}
	})
}
