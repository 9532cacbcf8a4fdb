package solver

import (
	"math/rand/v2"
	"testing"
)

// randomModel builds a small model exercising every rule kind.
func randomModel(rng *rand.Rand, days, workers, types int, coupling bool) *Model {
	m := &Model{Days: days}
	for t := range types {
		m.Types = append(m.Types, string(rune('A'+t)))
	}
	if types > 1 && rng.IntN(2) == 0 {
		m.Forbidden = append(m.Forbidden, Succession{From: types - 1, To: 0})
	}
	m.Options = make([][]Option, days)
	for d := range days {
		for t := range types {
			m.Cells = append(m.Cells, Cell{Penalty: Linear(float64(1+rng.IntN(3)), float64(5+rng.IntN(10)), float64(rng.IntN(3)))})
			c := len(m.Cells) - 1
			start := 360 + 240*t
			m.Options[d] = append(m.Options[d], Option{Type: t, Start: start, Length: 240 + 120*rng.IntN(2),
				Cover: []Coverage{{Cell: c, Coef: 1}}})
		}
	}
	for range workers {
		wk := Worker{Weight: 1, Kinds: uint64(1 + rng.IntN(3))}
		if rng.IntN(3) == 0 {
			wk.Weight = 0.5
		}
		if rng.IntN(2) == 0 {
			wk.MaxConsecutive = 3 + rng.IntN(3)
		}
		wk.MinConsecutive = rng.IntN(3)
		wk.MinConsecutiveOff = rng.IntN(3)
		if rng.IntN(2) == 0 {
			wk.MaxMinutes = 240 * (days / 2)
			wk.MinMinutes = 240 * (days / 4)
		}
		if rng.IntN(3) == 0 {
			wk.MaxWeekMinutes = 240 * 4
			wk.MinWeekMinutes = 240
		}
		if rng.IntN(3) == 0 {
			wk.MaxDaysPerWeek = 3 + rng.IntN(3)
		}
		if rng.IntN(3) == 0 {
			wk.MaxWeekends = 1
		}
		if rng.IntN(3) == 0 {
			wk.MaxShifts = make([]int, types)
			wk.MaxShifts[rng.IntN(types)] = 1 + rng.IntN(3)
		}
		if rng.IntN(3) == 0 {
			wk.MinRest = 12*60 + 60*rng.IntN(6)
		}
		if rng.IntN(4) == 0 {
			wk.History = &History{Worked: rng.IntN(3), LastType: rng.IntN(types), LastEnd: 1200}
			if wk.History.Worked == 0 {
				wk.History.Off = 1 + rng.IntN(2)
			}
		}
		wk.CostPerMinute = float64(rng.IntN(2)) / 100
		if rng.IntN(2) == 0 {
			wk.Allowed = make([][]int, days)
			for d := range days {
				if rng.IntN(6) == 0 {
					wk.Allowed[d] = []int{}
				} else if rng.IntN(4) == 0 {
					wk.Allowed[d] = []int{rng.IntN(types)}
				}
			}
		}
		m.Workers = append(m.Workers, wk)
	}
	for range workers * 2 {
		w, d := rng.IntN(workers), rng.IntN(days)
		r := Request{Worker: w, Day: d, On: rng.IntN(2) == 0, Weight: float64(1 + rng.IntN(3))}
		if rng.IntN(2) == 0 {
			r.Options = []int{rng.IntN(types)}
		}
		m.Requests = append(m.Requests, r)
	}
	if coupling {
		all := make([]int, len(m.Cells))
		for i := range all {
			all[i] = i
		}
		m.Covers = append(m.Covers, CoverRule{Name: "k1", Cells: all[:len(all)/2], Kinds: 1, Min: 1, Weight: 7})
		m.Supervisions = append(m.Supervisions, SupervisionRule{Name: "sup", Supervised: 2, Supervisor: 1, Ratio: 2, Weight: 5})
		ws := make([]int, workers)
		for i := range ws {
			ws[i] = i
		}
		counted := make([][]int, days)
		for d := range days {
			if d%7 == 5 {
				counted[d] = []int{0, types - 1}
			}
		}
		m.Fairness = append(m.Fairness, FairnessRule{Name: "sat", Workers: ws, Counted: counted, Weight: 0.5})
		m.Fairness = append(m.Fairness, FairnessRule{Name: "early", Workers: ws[:workers/2+1], Counted: counted, Weight: 1, Spread: Range,
			Initial: make([]float64, workers/2+1)})
	}
	return m
}

func TestDPExactRandom(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		m := randomModel(rng, 9+rng.IntN(2), 3, 1+rng.IntN(2), false)
		if err := m.Validate(); err != nil {
			t.Fatal(err)
		}
		checkDPExact(t, m, 10, seed)
	}
}

func TestDPExactRandomTwoWeeks(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 8))
		m := randomModel(rng, 14+rng.IntN(3), 3, 1, false)
		checkDPExact(t, m, 10, seed)
	}
}
