package planner_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
)

func TestParseDemandQuantile(t *testing.T) {
	tests := []struct {
		in   string
		want planner.DemandQuantile
		str  string
		err  string
	}{
		{"mean", planner.MeanDemand, "mean", ""},
		{" MEAN ", planner.MeanDemand, "mean", ""},
		{"p80", 0.8, "p80", ""},
		{"P50", 0.5, "p50", ""},
		{"p97.5", 0.975, "p97.5", ""},
		{"p0.1", 0.001, "p0.1", ""},
		{"p12.3456789", 0.123456789, "p12.3456789", ""},
		{"p0.01", 0.0001, "p0.01", ""},
		{"p0", 0, "", "from p0.01 to p99.99"},
		{"p0.001", 0, "", "from p0.01 to p99.99"},
		{"p100", 0, "", "from p0.01 to p99.99"},
		{"p", 0, "", "is not mean or a quantile pNN"},
		{"80", 0, "", "is not mean or a quantile pNN"},
		{"p-5", 0, "", "is not mean or a quantile pNN"},
		{"p1e1", 0, "", "is not mean or a quantile pNN"},
		{"pNaN", 0, "", "is not mean or a quantile pNN"},
		{"median", 0, "", "is not mean or a quantile pNN"},
	}
	for _, tt := range tests {
		got, err := planner.ParseDemandQuantile(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDemandQuantile(%q) = %v, %v, want an error with %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || math.Abs(float64(got-tt.want)) > 1e-12 || got.String() != tt.str {
			t.Errorf("ParseDemandQuantile(%q) = %v (%q), %v, want %v (%q)", tt.in, float64(got), got, err, float64(tt.want), tt.str)
		}
	}
	var q struct{ Demand planner.DemandQuantile }
	if err := json.Unmarshal([]byte(`{"Demand":"p90"}`), &q); err != nil || q.Demand != 0.9 {
		t.Errorf("JSON p90 = %v, %v", q.Demand, err)
	}
	if b, _ := json.Marshal(q); string(b) != `{"Demand":"p90"}` {
		t.Errorf("JSON of p90 = %s", b)
	}
}

// nbPMF is the gamma-Poisson (Poisson when cv2 is 0) written out plainly, to check
// CallsQuantile.
func nbPMF(mean, cv2 float64, n int) float64 {
	if cv2 == 0 {
		lg, _ := math.Lgamma(float64(n) + 1)
		return math.Exp(float64(n)*math.Log(mean) - mean - lg)
	}
	r := 1 / cv2
	a, _ := math.Lgamma(float64(n) + r)
	b, _ := math.Lgamma(r)
	c, _ := math.Lgamma(float64(n) + 1)
	return math.Exp(a - b - c + r*math.Log(r/(r+mean)) + float64(n)*math.Log(mean/(r+mean)))
}

// TestCallsQuantile checks CallsQuantile against the distribution summed from 0: the
// quantile x lies where the CDF spread evenly over [n-½, n+½] reaches q.
func TestCallsQuantile(t *testing.T) {
	for _, c := range []struct{ mean, cv2 float64 }{{0.3, 0}, {10, 0}, {300, 0}, {10, 0.05}, {300, 0.02}, {40, 0.5}} {
		for _, q := range []float64{0.1, 0.5, 0.8, 0.9, 0.99} {
			x := planner.CallsQuantile(c.mean, c.cv2, q)
			n := int(math.Floor(x + 0.5))
			cum := 0.0
			for k := range n {
				cum += nbPMF(c.mean, c.cv2, k)
			}
			want := cum + (x-float64(n)+0.5)*nbPMF(c.mean, c.cv2, n)
			if x == 0 && nbPMF(c.mean, c.cv2, 0)/2 >= q {
				continue // clamped at 0: the spread CDF at 0 already reaches q
			}
			if math.Abs(want-q) > 1e-9 {
				t.Errorf("CallsQuantile(%v, %v, %v) = %.4f: the spread CDF there is %.6f", c.mean, c.cv2, q, x, want)
			}
		}
	}
	// Wider spread, wider quantiles; the median stays near the mean.
	if lo, hi := planner.CallsQuantile(300, 0.04, 0.1), planner.CallsQuantile(300, 0.04, 0.9); !(lo < planner.CallsQuantile(300, 0, 0.1) && hi > planner.CallsQuantile(300, 0, 0.9)) {
		t.Errorf("a 20%% spread on 300 calls gives %v-%v, want wider than Poisson's", lo, hi)
	}
	if m := planner.CallsQuantile(300, 0, 0.5); math.Abs(m-300) > 0.5 {
		t.Errorf("median of Poisson(300) = %v, want about 300", m)
	}
	// Beyond the summed range, the normal approximation takes over without a jump.
	big := 1e9
	if got, want := planner.CallsQuantile(big, 0, 0.8), big+0.8416212335729143*math.Sqrt(big); math.Abs(got-want) > 1 {
		t.Errorf("CallsQuantile(1e9, 0, 0.8) = %v, want %v", got, want)
	}
	for _, m := range []float64{4e8 - 1e6, 4e8 + 1e6} { // either side of the approximation
		if got, want := planner.CallsQuantile(m, 0, 0.9), m+1.2815515655446004*math.Sqrt(m); math.Abs(got-want) > 1 {
			t.Errorf("CallsQuantile(%v, 0, 0.9) = %v, want %v", m, got, want)
		}
	}
	if planner.CallsQuantile(0, 0.1, 0.9) != 0 {
		t.Errorf("CallsQuantile of no calls is not 0")
	}
	for _, bad := range []func(){func() { planner.CallsQuantile(10, 0, 0) }, func() { planner.CallsQuantile(10, 0, 1) },
		func() { planner.CallsQuantile(10, -1, 0.5) }, func() { planner.CallsQuantile(10, math.Inf(1), 0.5) }} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("CallsQuantile with a bad argument did not panic")
				}
			}()
			bad()
		}()
	}
}

// ExampleDayCallsQuantile gives the 80% interval of a day of 300 calls on two slots, with a
// day-to-day spread of 10% beyond Poisson.
func ExampleDayCallsQuantile() {
	rows := []planner.ForecastRow{{Calls: 120, DayCV: 0.1}, {Calls: 180, DayCV: 0.1}}
	fmt.Printf("%.1f to %.1f calls\n", planner.DayCallsQuantile(rows, 0.1), planner.DayCallsQuantile(rows, 0.9))
	// Output:
	// 256.4 to 345.1 calls
}

func TestDayQuantileFactor(t *testing.T) {
	calls := []float64{100, 200}
	cv := [][2]float64{{0.1, 0}, {0.1, 0}}
	if k := planner.DayQuantileFactor(calls, cv, planner.MeanDemand); k != 1 {
		t.Errorf("mean factor = %v, want 1", k)
	}
	if k := planner.DayQuantileFactor([]float64{0, 0}, cv, 0.8); k != 1 {
		t.Errorf("factor of a day without calls = %v, want 1", k)
	}
	k := planner.DayQuantileFactor(calls, cv, 0.8)
	if want := planner.CallsQuantile(300, 0.01, 0.8) / 300; math.Abs(k-want) > 1e-12 || k < 1.08 || k > 1.12 {
		t.Errorf("p80 factor = %v, want %v (about +10%%: 0.84 standard deviations of 10.5%%)", k, want)
	}
}

// spreadDesk is tinyDesk with a day-to-day spread of 15% on its forecast.
func spreadDesk() *planner.Dataset {
	ds := demo.TinyDesk()
	for i := range ds.Forecast {
		ds.Forecast[i].DayCV = 0.15
	}
	return ds
}

// TestBuildDemandAt: each day is raised to its quantile, every slot by the day's factor.
func TestBuildDemandAt(t *testing.T) {
	ds := spreadDesk()
	from, to := calendar.MustDate("2027-01-04"), calendar.MustDate("2027-01-06")
	mean, err := planner.BuildDemand(ds, "jan", from, to)
	if err != nil {
		t.Fatal(err)
	}
	p80, err := planner.BuildDemandAt(ds, "jan", from, to, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	if mean.Quantile != planner.MeanDemand || p80.Quantile != 0.8 {
		t.Errorf("quantiles %v and %v", mean.Quantile, p80.Quantile)
	}
	for di := range mean.Days {
		calls := make([]float64, len(mean.Slots))
		cv := make([][2]float64, len(mean.Slots))
		for si := range mean.Slots {
			calls[si], cv[si] = mean.Load[di][si][0].Calls, [2]float64{0.15, 0}
		}
		k := planner.DayQuantileFactor(calls, cv, 0.8)
		if k <= 1 {
			t.Fatalf("%s: factor %v, want above 1", mean.Days[di], k)
		}
		for si := range mean.Slots {
			if got, want := p80.Load[di][si][0].Calls, k*calls[si]; math.Abs(got-want) > 1e-9 {
				t.Errorf("%s %s: %v calls at p80, want %v", mean.Days[di], mean.Slots[si], got, want)
			}
			if p80.Load[di][si][0].AHT != mean.Load[di][si][0].AHT {
				t.Errorf("%s %s: the AHT changed", mean.Days[di], mean.Slots[si])
			}
		}
	}
}

// TestPlanRecordsDemand plans the tiny desk for p80: the roster records it, and its report,
// like Evaluate's, is at p80.
// TestCompareAtQuantile compares the tiny desk planned for the mean and for p80.
// FuzzParseDemandQuantile: whatever parses is the mean or a quantile strictly between 0 and 1,
// and its String parses back to the same demand.
func FuzzParseDemandQuantile(f *testing.F) {
	for _, s := range []string{"mean", "p80", "P97.5", "p0.001", "p100", "p", "80", "p1e1", " p50 ", "pInf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := planner.ParseDemandQuantile(s)
		if err != nil {
			return
		}
		if q != planner.MeanDemand && !(q > 0 && q < 1) {
			t.Fatalf("ParseDemandQuantile(%q) = %v, outside (0, 1)", s, float64(q))
		}
		back, err := planner.ParseDemandQuantile(q.String())
		if err != nil || math.Abs(float64(back-q)) > 1e-6 {
			t.Fatalf("ParseDemandQuantile(%q) = %v, whose String %q parses to %v, %v", s, float64(q), q.String(), float64(back), err)
		}
	})
}

// BenchmarkCallsQuantile: the p80 of a busy line's day (the quantile BuildDemandAt takes per
// day and line).
func BenchmarkCallsQuantile(b *testing.B) {
	for b.Loop() {
		planner.CallsQuantile(2000, 0.015, 0.8)
	}
}
