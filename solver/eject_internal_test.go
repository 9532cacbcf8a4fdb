package solver

import (
	"slices"
	"testing"
)

// TestEjectChain: worker A covers Y and could cover X, which is short; B can only cover Y.
// Neither worker alone can improve the roster (A moving to X leaves Y short and costs 1 more,
// B on Y only over-covers it); the chain forces A onto X and then puts B on Y, the cell A
// left.
func TestEjectChain(t *testing.T) {
	m := &Model{Days: 1, Types: []string{"t"}}
	m.Cells = []Cell{{Name: "X", Penalty: Linear(1, 100, 1)}, {Name: "Y", Penalty: Linear(1, 100, 1)}}
	m.Options = [][]Option{{
		{Start: 480, Length: 480, Cover: []Coverage{{Cell: 0, Coef: 1}}, Label: "x", Cost: 1},
		{Start: 480, Length: 480, Cover: []Coverage{{Cell: 1, Coef: 1}}, Label: "y"},
	}}
	m.Workers = []Worker{
		{Name: "A", Weight: 1, Allowed: [][]int{{0, 1}}},
		{Name: "B", Weight: 1, Allowed: [][]int{{1}}},
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	p := newPrep(m)
	specs := []*wspec{newWSpec(p, 0, searchExactStates), newWSpec(p, 1, searchExactStates)}
	s := newSearcher(p, specs, 1, 0)
	s.st.set(0, 0, 1) // A on Y, B off: X short
	if got := s.st.score(); got != 100 {
		t.Fatalf("start score %v, want 100", got)
	}
	for w := range 2 {
		old := s.st.assign[w][0]
		if d := s.reopt(w, -1, -1); d < 0 {
			t.Fatalf("worker %d alone improves the roster by %v: the test needs a chain", w, -d)
		}
		s.st.set(w, 0, old)
	}
	var saved []int
	if !s.ejectChain(func(w int) { saved = append(saved, w) }) {
		t.Fatal("no chain made, X is short")
	}
	if got := s.st.score(); got != 1 {
		t.Errorf("score after the chain %v, want 1 (A on X at cost 1, B on Y); roster %v", got, s.st.assign)
	}
	if s.st.assign[0][0] != 0 || s.st.assign[1][0] != 1 {
		t.Errorf("roster %v, want A on x (0) and B on y (1)", s.st.assign)
	}
	if !slices.Equal(saved, []int{0, 1}) {
		t.Errorf("saved %v before changing rows, want [0 1]", saved)
	}
	// nothing short any more: no chain
	if s.ejectChain(func(int) {}) {
		t.Error("a chain made with no short cell")
	}
}

func TestEjectShare(t *testing.T) {
	type move struct {
		eject bool
		gain  float64
		dps   int
	}
	many := func(n int, mv move) []move { return slices.Repeat([]move{mv}, n) }
	tests := []struct {
		name   string
		p      float64
		moves  []move
		want   float64
		period bool // the moves end a period
	}{
		{"chains gain more per DP", 0.5, append(many(ejectPeriod-1, move{false, 1, 4}), move{true, 100, 4}), 0.6, true},
		{"others gain more per DP", 0.5, append(many(ejectPeriod-1, move{true, 1, 9}), move{false, 100, 1}), 0.4, true},
		{"chains cost more DPs for the same gain", 0.5, append(many(ejectPeriod/2, move{true, 10, 20}), many(ejectPeriod/2, move{false, 10, 1})...), 0.4, true},
		{"at most ejectMax", ejectMax, append(many(ejectPeriod-1, move{true, 5, 1}), move{false, 0, 1}), ejectMax, true},
		{"at least ejectMin", ejectMin, many(ejectPeriod, move{false, 5, 1}), ejectMin, true},
		{"no gain either way", 0.5, many(ejectPeriod, move{true, -3, 2}), 0.5, true},
		{"before the period ends", 0.5, append(many(ejectPeriod-2, move{false, 1, 4}), move{true, 100, 1}), 0.5, false},
	}
	off := ejectShare{off: true}
	for _, mv := range append(many(ejectPeriod, move{true, 100, 1}), many(ejectPeriod, move{false, 1, 1})...) {
		off.record(mv.eject, mv.gain, mv.dps)
	}
	if off.p != 0 {
		t.Errorf("a share that is off rose to %v", off.p)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ejectShare{p: tc.p}
			for _, mv := range tc.moves {
				e.record(mv.eject, mv.gain, mv.dps)
			}
			if diff := e.p - tc.want; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("p = %v, want %v", e.p, tc.want)
			}
			if tc.period && (e.moves != 0 || e.gain != [2]float64{} || e.dps != [2]int{}) {
				t.Errorf("counters not reset at the end of a period: %+v", e)
			}
		})
	}
}

// TestDegenerate pins the degeneracy test on a stalling master (15 pivots per row per round
// over rounds 1-4), two converging ones (3.0 and 1.4) and the edges of degenerateRatio.
func TestDegenerate(t *testing.T) {
	tests := []struct {
		name               string
		iters, rounds, row int
		want               bool
	}{
		{"stalling: 15 pivots per row per round", 37875, 4, 624, true},
		{"converging: 3.0 per row per round", 3 * 4 * 340, 4, 340, false},
		{"converging: 1.4 per row per round", 14 * 4 * 46, 4, 460, false},
		{"just above the ratio", degenerateRatio*4*100 + 1, 4, 100, true},
		{"at the ratio", degenerateRatio * 4 * 100, 4, 100, false},
	}
	for _, tc := range tests {
		if got := degenerate(tc.iters, tc.rounds, tc.row); got != tc.want {
			t.Errorf("%s: degenerate(%d, %d, %d) = %v, want %v", tc.name, tc.iters, tc.rounds, tc.row, got, tc.want)
		}
	}
}
