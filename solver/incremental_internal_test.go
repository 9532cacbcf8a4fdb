package solver

import (
	"math/rand/v2"
	"testing"
)

func TestIncrementalMatchesCheck(t *testing.T) {
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 3))
		m := randomModel(rng, 10+rng.IntN(8), 4+rng.IntN(3), 1+rng.IntN(3), seed%2 == 0)
		p := newPrep(m)
		st := newState(p)
		for range 300 {
			w, d := rng.IntN(p.nW), rng.IntN(p.nD)
			o := int32(Off)
			if al := p.allowed[w][d]; len(al) > 0 && rng.IntN(3) > 0 {
				o = al[rng.IntN(len(al))]
			}
			st.set(w, d, o)
		}
		rep, err := m.Check(Solution{Assign: st.copyAssign()})
		if err != nil {
			t.Fatal(err)
		}
		hard := 0.0
		for _, v := range rep.Violations {
			if v.Rule == RuleCover || v.Rule == RuleSupervision {
				hard++
			}
		}
		if d := rep.Objective - st.soft; d > 1e-6 || d < -1e-6 {
			t.Fatalf("seed %d: incremental %v, Check %v", seed, st.soft, rep.Objective)
		}
		_ = hard
	}
}
