package queue

import "testing"

func TestTargetMeets(t *testing.T) {
	p := Params{Calls: 100, Interval: 1800, AHT: 180}
	tg := Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.85}
	req := Needed(p, tg)
	for _, tc := range []struct {
		name string
		tg   Target
		n    float64
		want bool
	}{
		{"the agents needed", tg, float64(req.Agents), true},
		{"one fewer", tg, float64(req.Agents - 1), false},
		{"occupancy cap missed", Target{ServiceLevel: 0.5, Time: 20, MaxOccupancy: 0.6}, 12, false}, // 10 Erlangs on 12: 83%
		{"no cap", Target{ServiceLevel: 0.5, Time: 20}, 12, true},
		{"ASA too long", Target{ServiceLevel: 0.5, Time: 20, MaxASA: 1}, 12, false},
	} {
		if got := tc.tg.Meets(Evaluate(p, tc.n, tc.tg.Time)); got != tc.want {
			t.Errorf("%s: %+v.Meets(Evaluate(%g agents)) = %v, want %v", tc.name, tc.tg, tc.n, got, tc.want)
		}
	}
}
