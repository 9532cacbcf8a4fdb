package solver

import (
	"math"
	"math/rand/v2"
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
		sp := newWSpec(p, w)
		in := dpInput{off: make([]float64, p.nD), opt: make([][]float64, p.nD)}
		for d := range p.nD {
			in.off[d] = float64(rng.IntN(5))
			in.opt[d] = make([]float64, len(p.allowed[w][d]))
			for i := range in.opt[d] {
				in.opt[d][i] = float64(rng.IntN(21) - 10)
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
