package queue

import (
	"math"
	"testing"
)

// near reports whether got is within rel relative error of want.
func near(got, want, rel float64) bool {
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300)
}

// rounded reports whether got rounds to want at the given number of decimals.
func rounded(got, want float64, decimals int) bool {
	s := math.Pow(10, float64(decimals))
	return math.Abs(got*s-want*s) <= 0.5+1e-9
}

func TestErlangB(t *testing.T) {
	for _, tc := range []struct {
		n    int
		a    float64
		want float64
	}{
		{0, 5, 1},
		{1, 1, 0.5},
		{2, 1, 0.2},
		{3, 0, 0},
		{5, 0.5, 0.000157952930026852},
		{10, 10, 0.21458234310734733},
		{30, 25, 0.052603172228140614},
	} {
		if got := ErlangB(tc.n, tc.a); !near(got, tc.want, 1e-12) {
			t.Errorf("ErlangB(%d, %v) = %v, want %v", tc.n, tc.a, got, tc.want)
		}
	}
}

// Reference values from the tests of the CRAN package ErlangC and of pyworkforce.
func TestEvaluateErlangCReference(t *testing.T) {
	p := Params{Calls: 100, Interval: 1800, AHT: 180}
	for _, tc := range []struct {
		n                  float64
		pwait, sl, asa, oc float64
	}{
		{11, 0.6821182, 0.3896138, 122.78128, 10.0 / 11},
		{12, 0.4493882, 0.6401580, 40.444940, 10.0 / 12},
		{13, 0.2852705, 0.7955948, 17.116227, 10.0 / 13},
		{14, 0.1741319, 0.8883500, 7.835937, 0.7142857},
	} {
		r := Evaluate(p, tc.n, 20)
		if !near(r.PWait, tc.pwait, 1e-6) || !near(r.ServiceLevel, tc.sl, 1e-6) ||
			!near(r.ASA, tc.asa, 1e-6) || !near(r.Occupancy, tc.oc, 1e-6) {
			t.Errorf("Evaluate(%+v, %v, 20) = %+v, want P(wait) %v, SL %v, ASA %v, occupancy %v",
				p, tc.n, r, tc.pwait, tc.sl, tc.asa, tc.oc)
		}
		if r.Load != 10 || r.PAbandon != 0 {
			t.Errorf("Evaluate(%+v, %v, 20) = load %v, P(abandon) %v, want 10, 0", p, tc.n, r.Load, r.PAbandon)
		}
	}

	p = Params{Calls: 1000, Interval: 3600, AHT: 120}
	r := Evaluate(p, 40, 20)
	if !rounded(r.Load, 33.333, 3) || !rounded(r.PWait, 0.1907, 4) ||
		!rounded(r.ServiceLevel, 0.9372, 4) || !rounded(r.ASA, 3.43, 2) {
		t.Errorf("Evaluate(%+v, 40, 20) = %+v, want A 33.333, P(wait) 0.1907, SL 0.9372, ASA 3.43", p, r)
	}
}

func TestEvaluateErlangAReference(t *testing.T) {
	p := Params{Calls: 100, Interval: 1800, AHT: 180, Patience: 300}
	r := Evaluate(p, 14, 20)
	want := Result{Load: 10, Agents: 14, ServiceLevel: 0.9167921, PWait: 0.1452601,
		ASA: 4.195123, Occupancy: 0.7042973, PAbandon: 0.0139837}
	// The reference has 7 significant digits: compare at those digits.
	if !rounded(r.PWait, want.PWait, 7) || !rounded(r.PAbandon, want.PAbandon, 7) ||
		!rounded(r.Occupancy, want.Occupancy, 7) || !rounded(r.ASA, want.ASA, 6) ||
		!rounded(r.ServiceLevel, want.ServiceLevel, 7) {
		t.Errorf("Evaluate(%+v, 14, 20) = %+v, want %+v", p, r, want)
	}
}

func TestNeededReference(t *testing.T) {
	for _, tc := range []struct {
		p              Params
		tg             Target
		agents, roster int
	}{
		{Params{Calls: 100, Interval: 1800, AHT: 180}, Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.85, Shrinkage: 0.3}, 14, 20},
		{Params{Calls: 100, Interval: 1800, AHT: 180}, Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.70, Shrinkage: 0.3}, 15, 22},
		{Params{Calls: 1000, Interval: 3600, AHT: 120}, Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.85}, 40, 40},
		{Params{Calls: 1000, Interval: 3600, AHT: 120}, Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.85, Shrinkage: 0.3}, 40, 58},
		{Params{Calls: 100, Interval: 1800, AHT: 180, Patience: 300}, Target{ServiceLevel: 0.8, Time: 20, MaxOccupancy: 0.85, MaxAbandon: 0.05, Shrinkage: 0.3}, 13, 19},
		// Constraints one at a time.
		{Params{Calls: 100, Interval: 1800, AHT: 180}, Target{}, 11, 11},
		{Params{Calls: 100, Interval: 1800, AHT: 180}, Target{MaxASA: 20}, 13, 13},
		{Params{Calls: 100, Interval: 1800, AHT: 180, Patience: 300}, Target{}, 10, 10}, // occupancy <= 1
		{Params{Calls: 0, Interval: 1800, AHT: 180}, Target{ServiceLevel: 0.8, Time: 20}, 0, 0},
	} {
		got := Needed(tc.p, tc.tg)
		if got.Agents != tc.agents || got.Rostered != tc.roster {
			t.Errorf("Needed(%+v, %+v) = %d agents, %d rostered, want %d, %d",
				tc.p, tc.tg, got.Agents, got.Rostered, tc.agents, tc.roster)
		}
		if want := Evaluate(tc.p, float64(got.Agents), tc.tg.Time); !sameResult(got.Result, want, 1e-12) {
			t.Errorf("Needed(%+v, %+v).Result = %+v, want %+v", tc.p, tc.tg, got.Result, want)
		}
	}
}

// Needed returns the smallest N: N-1 fails the target (or the occupancy cap).
func TestNeededIsSmallest(t *testing.T) {
	for _, pat := range []float64{0, 60, 300} {
		for _, calls := range []float64{1, 7, 40, 100, 450, 2000} {
			p := Params{Calls: calls, Interval: 1800, AHT: 240, Patience: pat}
			tg := Target{ServiceLevel: 0.8, Time: 30, MaxOccupancy: 0.9, MaxASA: 40, MaxAbandon: 0.03}
			if pat == 0 {
				tg.MaxAbandon = 0
			}
			n := Needed(p, tg).Agents
			r := Evaluate(p, float64(n), tg.Time)
			if !tg.meets(r) || float64(n) < p.Load()/0.9-1e-9 {
				t.Errorf("Needed(%+v) = %d, which fails %+v: %+v", p, n, tg, r)
			}
			if n == 0 {
				continue
			}
			prev := Evaluate(p, float64(n-1), tg.Time)
			if tg.meets(prev) && float64(n-1) >= p.Load()/0.9 && (pat > 0 || float64(n-1) > p.Load()) {
				t.Errorf("Needed(%+v) = %d, but %d meets %+v: %+v", p, n, n-1, tg, prev)
			}
		}
	}
}

func TestRostered(t *testing.T) {
	for _, tc := range []struct {
		n, s float64
		want int
	}{{14, 0.3, 20}, {15, 0.3, 22}, {40, 0.3, 58}, {13, 0.3, 19}, {10, 0, 10}, {0, 0.5, 0}, {7, 0.3, 10}, {9.5, 0.3, 14}} {
		if got := Rostered(tc.n, tc.s); got != tc.want {
			t.Errorf("Rostered(%v, %v) = %d, want %d", tc.n, tc.s, got, tc.want)
		}
	}
}

func TestMixedTeam(t *testing.T) {
	// 7 qualified, 2 trainees, a mentor shadowed by a new hire: 11 on the phone.
	team := []float64{1, 1, 1, 1, 1, 1, 1, ProductivityTrainee, ProductivityTrainee, ProductivityQualified, ProductivityNew}
	n := EffectiveAgents(team)
	if n != 9 {
		t.Fatalf("EffectiveAgents(%v) = %v, want 9", team, n)
	}
	p := Params{Calls: 50, Interval: 1800, AHT: 240}
	r := Evaluate(p, n, 20)
	if !rounded(r.ServiceLevel, 0.7421, 4) || !rounded(r.PWait, 0.3133, 4) ||
		!rounded(r.ASA, 32.22, 2) || !rounded(r.Occupancy, 0.7407, 4) {
		t.Errorf("Evaluate(%+v, 9, 20) = %+v, want SL 0.7421, P(wait) 0.3133, ASA 32.22, occupancy 0.7407", p, r)
	}
	if r := Evaluate(p, float64(len(team)), 20); !rounded(r.ServiceLevel, 0.9359, 4) {
		t.Errorf("Evaluate(%+v, 11, 20).ServiceLevel = %v, want 0.9359", p, r.ServiceLevel)
	}
}

func TestWaitQuantile(t *testing.T) {
	a := 10.0
	for _, q := range []float64{0.5, 0.8, 0.9, 0.95, 0.99} {
		w := WaitQuantile(14, a, 180, q)
		// P(W <= w) = 1 - C·exp(-(N-A)w/AHT) >= q, with equality when w > 0.
		sl := Evaluate(Params{Calls: 100, Interval: 1800, AHT: 180}, 14, w).ServiceLevel
		if w > 0 && !near(sl, q, 1e-12) || w == 0 && sl < q {
			t.Errorf("WaitQuantile(14, 10, 180, %v) = %v, where the service level is %v", q, w, sl)
		}
	}
	if w := WaitQuantile(10, a, 180, 0.5); !math.IsInf(w, 1) {
		t.Errorf("WaitQuantile(10, 10, 180, 0.5) = %v, want +Inf", w)
	}
}

func TestUnstableErlangC(t *testing.T) {
	p := Params{Calls: 100, Interval: 1800, AHT: 180}
	for _, n := range []float64{0, 1, 9, 9.5, 10} {
		r := Evaluate(p, n, 20)
		if r.PWait != 1 || r.ServiceLevel != 0 || !math.IsInf(r.ASA, 1) {
			t.Errorf("Evaluate(%+v, %v, 20) = %+v, want P(wait) 1, SL 0, ASA +Inf", p, n, r)
		}
	}
}

func TestFractionalAgents(t *testing.T) {
	for _, pat := range []float64{0, 300} {
		p := Params{Calls: 100, Interval: 1800, AHT: 180, Patience: pat}
		r13, r14 := Evaluate(p, 13, 20), Evaluate(p, 14, 20)
		r := Evaluate(p, 13.25, 20)
		want := 0.75*r13.ServiceLevel + 0.25*r14.ServiceLevel
		if !near(r.ServiceLevel, want, 1e-12) || r.Agents != 13.25 {
			t.Errorf("Evaluate(%+v, 13.25, 20) = %+v, want SL %v", p, r, want)
		}
		prev := Evaluate(p, 0, 20)
		for n := 0.1; n < 25; n += 0.1 {
			r := Evaluate(p, n, 20)
			if r.ServiceLevel < prev.ServiceLevel || r.PWait > prev.PWait || r.ASA > prev.ASA || r.PAbandon > prev.PAbandon {
				t.Fatalf("patience %v: measures not monotone between N=%v (%+v) and N=%v (%+v)", pat, n-0.1, prev, n, r)
			}
			prev = r
		}
	}
}

// SL increases with N and decreases with calls and AHT.
func TestServiceLevelMonotone(t *testing.T) {
	for _, pat := range []float64{0, 30, 300, 3000} {
		for _, calls := range []float64{5, 50, 500} {
			p := Params{Calls: calls, Interval: 1800, AHT: 200, Patience: pat}
			prev := -1.0
			for n := 0; n < int(p.Load())+40; n++ {
				sl := Evaluate(p, float64(n), 20).ServiceLevel
				if sl < prev-1e-15 {
					t.Fatalf("Evaluate(%+v, %d, 20).ServiceLevel = %v < %v at N-1", p, n, sl, prev)
				}
				prev = sl
			}
		}
		for _, n := range []float64{5, 20, 80} {
			prevCalls, prevAHT := 2.0, 2.0
			for x := 1.0; x < 2*n; x++ {
				slCalls := Evaluate(Params{Calls: x * 10, Interval: 1800, AHT: 180, Patience: pat}, n, 20).ServiceLevel
				slAHT := Evaluate(Params{Calls: 100, Interval: 1800, AHT: 18 * x, Patience: pat}, n, 20).ServiceLevel
				if slCalls > prevCalls+1e-15 || slAHT > prevAHT+1e-15 {
					t.Fatalf("patience %v, N %v: SL increases with calls (%v > %v) or AHT (%v > %v) at step %v",
						pat, n, slCalls, prevCalls, slAHT, prevAHT, x)
				}
				prevCalls, prevAHT = slCalls, slAHT
			}
		}
	}
}

func TestErlangATendsToErlangC(t *testing.T) {
	for _, tc := range []struct{ calls, n float64 }{{100, 11}, {100, 14}, {1000, 40}, {20, 3}} {
		c := Evaluate(Params{Calls: tc.calls, Interval: 1800, AHT: 180}, tc.n, 20)
		prevErr := math.Inf(1)
		for _, pat := range []float64{1e3, 1e4, 1e5, 1e6, 1e7} {
			a := Evaluate(Params{Calls: tc.calls, Interval: 1800, AHT: 180, Patience: pat}, tc.n, 20)
			e := math.Abs(a.ServiceLevel-c.ServiceLevel) + math.Abs(a.PWait-c.PWait) + math.Abs(a.ASA-c.ASA)/c.ASA
			if e > prevErr*1.0001 {
				t.Errorf("calls %v, N %v, patience %v: distance to Erlang C %v grew from %v", tc.calls, tc.n, pat, e, prevErr)
			}
			prevErr = e
		}
		if prevErr > 1e-3 {
			t.Errorf("calls %v, N %v, patience 1e7 s: Erlang A is %v away from Erlang C", tc.calls, tc.n, prevErr)
		}
	}
}

func checkFinite(t *testing.T, what string, r Result, erlangC bool) {
	t.Helper()
	for _, v := range []float64{r.ServiceLevel, r.PWait, r.Occupancy, r.PAbandon} {
		if math.IsNaN(v) || v < 0 || v > 1 {
			t.Fatalf("%s = %+v: a probability out of [0, 1]", what, r)
		}
	}
	if math.IsNaN(r.ASA) || r.ASA < 0 || math.IsInf(r.ASA, 0) && !(erlangC && r.Agents <= math.Floor(r.Load)+1) {
		t.Fatalf("%s = %+v: bad ASA", what, r)
	}
}

// No NaN, no Inf (but the documented ASA of unstable Erlang C), no panic for loads 0..20,000
// Erlangs and N 0..25,000.
func TestExtremes(t *testing.T) {
	loads := []float64{0, 1e-9, 0.3, 1, 10, 99.5, 1000, 5000, 19999.5, 20000}
	agents := []float64{0, 0.5, 1, 3, 10, 100, 999.5, 5000, 20000, 25000}
	patience := []float64{0, 1e-6, 1, 180, 3600, 1e7}
	for _, a := range loads {
		for _, n := range agents {
			for _, pat := range patience {
				times := []float64{0, 20, 1e6}
				if a*pat/180 > 1e4 {
					times = times[1:2] // the long series: one time is enough
				}
				for _, tt := range times {
					p := Params{Calls: a * 1800 / 180, Interval: 1800, AHT: 180, Patience: pat}
					checkFinite(t, "Evaluate", Evaluate(p, n, tt), pat == 0)
				}
			}
		}
	}
}

func TestShortfallConvex(t *testing.T) {
	for _, pat := range []float64{0, 180} {
		p := Params{Calls: 100, Interval: 1800, AHT: 180, Patience: pat}
		raw := Shortfall(p, 20, 30)
		env := ShortfallConvex(p, 20, 30)
		if len(raw) != 31 || len(env) != 31 {
			t.Fatalf("Shortfall: lengths %d, %d, want 31", len(raw), len(env))
		}
		for n := range raw {
			want := p.Calls * (1 - Evaluate(p, float64(n), 20).ServiceLevel)
			if !near(raw[n], want, 1e-12) && math.Abs(raw[n]-want) > 1e-12 {
				t.Errorf("Shortfall(%+v)[%d] = %v, want %v", p, n, raw[n], want)
			}
			if env[n] > raw[n]+1e-12 {
				t.Errorf("envelope above the curve at %d: %v > %v", n, env[n], raw[n])
			}
			if n >= 2 && env[n]-env[n-1] < env[n-1]-env[n-2]-1e-9 {
				t.Errorf("envelope not convex at %d: %v", n, env[n-2:n+1])
			}
		}
		if raw[30] != env[30] || raw[0] != env[0] {
			t.Errorf("envelope moved the end points: %v %v, %v %v", raw[0], env[0], raw[30], env[30])
		}
	}
}

func TestConvexEnvelope(t *testing.T) {
	for _, tc := range []struct{ in, want []float64 }{
		{nil, []float64{}},
		{[]float64{3}, []float64{3}},
		{[]float64{10, 10, 10, 4, 1, 0}, []float64{10, 7.75, 5.5, 3.25, 1, 0}},
		{[]float64{4, 2, 1, 0.5}, []float64{4, 2, 1, 0.5}},
		{[]float64{0, 5, 0}, []float64{0, 0, 0}},
	} {
		got := ConvexEnvelope(tc.in)
		if len(got) != len(tc.want) {
			t.Fatalf("ConvexEnvelope(%v) = %v, want %v", tc.in, got, tc.want)
		}
		for i := range got {
			if !near(got[i], tc.want[i], 1e-12) && math.Abs(got[i]-tc.want[i]) > 1e-12 {
				t.Errorf("ConvexEnvelope(%v) = %v, want %v", tc.in, got, tc.want)
				break
			}
		}
	}
}

func TestParamsValidate(t *testing.T) {
	for _, p := range []Params{
		{Calls: -1, Interval: 1800, AHT: 180},
		{Calls: math.NaN(), Interval: 1800, AHT: 180},
		{Calls: 1, Interval: 0, AHT: 180},
		{Calls: 1, Interval: 1800, AHT: 0},
		{Calls: 1, Interval: 1800, AHT: -5},
		{Calls: 1, Interval: 1800, AHT: 180, Patience: -1},
		{Calls: math.Inf(1), Interval: 1800, AHT: 180},
	} {
		if err := p.Validate(); err == nil {
			t.Errorf("Params%+v.Validate() = nil, want an error", p)
		}
	}
	for _, tg := range []Target{{ServiceLevel: 1}, {ServiceLevel: -0.1}, {MaxOccupancy: 1.2}, {Shrinkage: 1}, {MaxAbandon: -1}, {Time: -1}} {
		if err := tg.Validate(); err == nil {
			t.Errorf("Target%+v.Validate() = nil, want an error", tg)
		}
	}
}

func TestParseMethod(t *testing.T) {
	for _, m := range []Method{SIPP, Lagged} {
		if got, err := ParseMethod(m.String()); got != m || err != nil {
			t.Errorf("ParseMethod(%q) = %v, %v, want %v", m.String(), got, err, m)
		}
	}
	if _, err := ParseMethod("psa"); err == nil {
		t.Errorf("ParseMethod(%q) = nil error, want one", "psa")
	}
}

func TestSlotParams(t *testing.T) {
	d := Day{Slot: 1800, Calls: []float64{30, 90, 60}, AHT: 360}
	for _, tc := range []struct {
		m    Method
		want []float64
	}{
		{SIPP, []float64{30, 90, 60}},
		// Lagged by 6 min of a 30 min slot: 4/5 of the slot's own calls, 1/5 of the previous.
		{Lagged, []float64{24, 78, 66}},
	} {
		ps := SlotParams(d, tc.m)
		for i, p := range ps {
			if !near(p.Calls, tc.want[i], 1e-12) || p.Interval != 1800 || p.AHT != 360 {
				t.Errorf("SlotParams(%v)[%d] = %+v, want %v calls", tc.m, i, p, tc.want[i])
			}
		}
	}
	// An AHT longer than a slot reaches two slots back.
	d = Day{Slot: 900, Calls: []float64{90, 0, 0}, AHT: 1200}
	if got := SlotParams(d, Lagged)[1].Calls; !near(got, 60, 1e-12) {
		t.Errorf("lagged calls of slot 1 = %v, want 60", got)
	}
	rs := Requirements(Day{Slot: 1800, Calls: []float64{100, 100}, AHT: 180}, Target{ServiceLevel: 0.8, Time: 20}, SIPP)
	if rs[0].Agents != 14 || rs[1].Agents != 14 {
		t.Errorf("Requirements(SIPP) = %+v, want 14 agents per slot", rs)
	}
}

func sameResult(r, s Result, tol float64) bool {
	return r.Load == s.Load && r.Agents == s.Agents && near(r.ServiceLevel, s.ServiceLevel, tol) &&
		near(r.PWait, s.PWait, tol) && near(r.ASA, s.ASA, tol) && near(r.Occupancy, s.Occupancy, tol) &&
		near(r.PAbandon, s.PAbandon, tol)
}

func TestPool(t *testing.T) {
	lln := Params{Calls: 60, Interval: 1800, AHT: 180, Patience: 300}
	mons := Params{Calls: 40, Interval: 1800, AHT: 180, Patience: 300}
	got := Pool(lln, mons)
	if want := (Params{Calls: 100, Interval: 1800, AHT: 180, Patience: 300}); got != want {
		t.Errorf("Pool(%+v, %+v) = %+v, want %+v", lln, mons, got, want)
	}
	tg := Target{ServiceLevel: 0.8, Time: 20}
	sep := Needed(lln, tg).Agents + Needed(mons, tg).Agents
	if pooled := Needed(got, tg).Agents; pooled >= sep {
		t.Errorf("pooled lines need %d agents, separate %d: want fewer when pooled", pooled, sep)
	}
	mixed := Pool(Params{Calls: 30, Interval: 900, AHT: 100}, Params{Calls: 10, Interval: 900, AHT: 300, Patience: 60})
	if want := (Params{Calls: 40, Interval: 900, AHT: 150}); mixed != want {
		t.Errorf("Pool(mixed) = %+v, want %+v", mixed, want)
	}
}

func TestFractionalOccupancy(t *testing.T) {
	p := Params{Calls: 100, Interval: 1800, AHT: 180}
	if r := Evaluate(p, 13.5, 20); !near(r.Occupancy, 10/13.5, 1e-12) {
		t.Errorf("Evaluate(%+v, 13.5, 20).Occupancy = %v, want A/N = %v", p, r.Occupancy, 10/13.5)
	}
	p.Patience = 180
	r0, r1, r := Evaluate(p, 0, 20), Evaluate(p, 1, 20), Evaluate(p, 0.5, 20)
	if r0.Occupancy != 0 || !near(r.Occupancy, r1.Occupancy, 1e-12) {
		t.Errorf("Erlang A occupancy at 0, 0.5, 1 agents = %v, %v, %v; want 0, %v, %v", r0.Occupancy, r.Occupancy, r1.Occupancy, r1.Occupancy, r1.Occupancy)
	}
}
