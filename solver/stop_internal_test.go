package solver

import (
	"context"
	"math/rand/v2"
	"testing"
)

// TestFeasibleRowRandom: feasibleRow's rosters keep every rule of their worker, also with the
// shift-type limits and the weekend limit priced rather than counted (as on a large model) and
// with the band; it finds no
// roster only where the exact DP finds none either (its DP relaxes the priced limits, so it may
// find one where none exists), and repairs most of the rosters that break a priced limit.
func TestFeasibleRowRandom(t *testing.T) {
	found, repaired, broken := 0, 0, 0
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 11))
		m := randomModel(rng, 14+rng.IntN(8), 4, 1+rng.IntN(3), false)
		for w := range m.Workers {
			// every type limited, more shifts than the limits allow of any one, and at
			// most one weekend in three: the DP's first roster often breaks a limit
			wk := &m.Workers[w]
			wk.MaxShifts = make([]int, len(m.Types))
			for t := range wk.MaxShifts {
				wk.MaxShifts[t] = 2 + rng.IntN(3)
			}
			wk.MinMinutes = 240 * (len(m.Types) + 1)
			wk.MaxMinutes = max(wk.MaxMinutes, wk.MinMinutes+480)
			wk.MaxWeekends = 1
		}
		if err := m.Validate(); err != nil {
			t.Fatal(err)
		}
		p := newPrep(m)
		tcnt := make([]int, len(m.Types))
		for w := range p.nW {
			exact := newWSpec(p, w, maxDPStates)
			in := dpInput{off: make([]float64, p.nD), opt: make([][]float64, p.nD)}
			var sc dpScratch
			for d := range p.nD {
				in.opt[d] = make([]float64, len(p.allowed[w][d]))
			}
			_, _, exists := exact.solveDP(p, &in, &sc)
			sp := newWSpecLabels(p, w, 1, 0)
			if sp.weExact || !sp.large {
				t.Fatalf("seed %d worker %d: the weekends counted in the state of a large DP", seed, w)
			}
			first, ok := feasibleRow(p, sp, &in, &sc, tcnt, false)
			if !ok && exists {
				t.Fatalf("seed %d worker %d: feasibleRow found no roster, the exact DP one", seed, w)
			}
			if !exists {
				continue
			}
			found++
			row, _ := feasibleRow(p, sp, &in, &sc, tcnt, true)
			switch {
			case row != nil && !p.rowFeasible(w, row, tcnt):
				t.Fatalf("seed %d worker %d: feasibleRow gave %v, which breaks the worker's rules", seed, w, row)
			case row == nil:
				broken++
			case !p.rowFeasible(w, first, tcnt):
				repaired++
			}
		}
	}
	t.Logf("%d workers with a roster, %d repaired, %d left without one", found, repaired, broken)
	if repaired == 0 || broken > found/20 {
		t.Fatalf("repaired %d rosters and left %d of %d without one", repaired, broken, found)
	}
}

// TestBandKeepsThePace: with dpInput.band, the DP's roster keeps the paid minutes within the
// band after every day.
func TestBandKeepsThePace(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 12))
		m := randomModel(rng, 21, 3, 2, false)
		p := newPrep(m)
		for w := range p.nW {
			sp := newWSpec(p, w, searchExactStates)
			if sp.bandLo == nil {
				continue
			}
			in := dpInput{off: make([]float64, p.nD), opt: make([][]float64, p.nD), band: true}
			for d := range p.nD {
				in.opt[d] = make([]float64, len(p.allowed[w][d]))
			}
			var sc dpScratch
			r, _, ok := sp.solveDP(p, &in, &sc)
			if !ok {
				continue
			}
			units := 0
			for d, o := range r {
				if o != Off {
					units += m.Options[d][o].Length / sp.unit
				}
				if units < sp.bandLo[d] || units > sp.bandHi[d] {
					t.Fatalf("seed %d worker %d day %d: %d units, outside the band %d..%d", seed, w, d, units, sp.bandLo[d], sp.bandHi[d])
				}
			}
		}
	}
}

// TestDPStops: a DP whose context is done finds nothing and says it was stopped.
func TestDPStops(t *testing.T) {
	m := randomModel(rand.New(rand.NewPCG(1, 1)), 14, 2, 2, false)
	p := newPrep(m)
	sp := newWSpec(p, 0, searchExactStates)
	in := dpInput{off: make([]float64, p.nD), opt: make([][]float64, p.nD)}
	for d := range p.nD {
		in.opt[d] = make([]float64, len(p.allowed[0][d]))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sc := dpScratch{ctx: ctx}
	if _, _, ok := sp.solveDP(p, &in, &sc); ok || !sc.stopped {
		t.Fatalf("solveDP with a cancelled context: ok %v, stopped %v; want false, true", ok, sc.stopped)
	}
	sc.ctx = context.Background()
	if _, _, ok := sp.solveDP(p, &in, &sc); sc.stopped || (!ok && sc.stopped) {
		t.Fatalf("solveDP with a live context: stopped %v", sc.stopped)
	}
}
