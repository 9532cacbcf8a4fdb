package planner

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// DemandQuantile says which demand a roster is planned for: the mean forecast (MeanDemand, 0)
// or a quantile q of the forecast's predictive distribution (0 < q < 1): p80 (0.8) plans each
// day of each line for the calls that only one day in five exceeds.
type DemandQuantile float64

// MeanDemand plans for the mean forecast.
const MeanDemand DemandQuantile = 0

// ParseDemandQuantile reads "mean" or a quantile "pNN" (p50, p80, p97.5: a percent from 0.01
// to 99.99), in any case.
func ParseDemandQuantile(s string) (DemandQuantile, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "mean" {
		return MeanDemand, nil
	}
	num, ok := strings.CutPrefix(t, "p")
	pct, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || num == "" || strings.ContainsAny(num, "eE+-") || math.IsNaN(pct) {
		return 0, fmt.Errorf("demand %q is not mean or a quantile pNN such as p80", s)
	}
	if pct < 0.01 || pct > 99.99 {
		return 0, fmt.Errorf("demand %q: the quantile must be from p0.01 to p99.99", s)
	}
	return DemandQuantile(pct / 100), nil
}

// String returns "mean" or the quantile as "p80", "p97.5".
func (q DemandQuantile) String() string {
	if q == MeanDemand {
		return "mean"
	}
	return "p" + strconv.FormatFloat(math.Round(float64(q)*1e11)/1e9, 'f', -1, 64)
}

// MarshalText implements encoding.TextMarshaler.
func (q DemandQuantile) MarshalText() ([]byte, error) { return []byte(q.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (q *DemandQuantile) UnmarshalText(b []byte) error {
	v, err := ParseDemandQuantile(string(b))
	if err != nil {
		return err
	}
	*q = v
	return nil
}

// RosterDemand returns the demand roster r was planned for (its PlanRecord's Demand):
// MeanDemand for a nil roster.
func RosterDemand(r *Roster) DemandQuantile {
	if r == nil {
		return MeanDemand
	}
	return r.Plan.Demand
}

// DayCallsQuantile returns the q-quantile (0 < q < 1) of the calls of a day of one line from
// its forecast rows (one per slot): a count of mean μ = Σ Calls and variance μ + DayCV²·μ² +
// Σ SlotCV²·Calls² (see CallsQuantile), with the calls-weighted DayCV of the rows.
func DayCallsQuantile(rows []ForecastRow, q float64) float64 {
	calls := make([]float64, len(rows))
	cv := make([][2]float64, len(rows))
	for i, r := range rows {
		calls[i], cv[i] = r.Calls, [2]float64{r.DayCV, r.SlotCV}
	}
	mu, cv2 := dayMoments(calls, cv)
	return CallsQuantile(mu, cv2, q)
}

// SlotCallsQuantile returns the q-quantile (0 < q < 1) of the calls of a forecast row's slot:
// a count of mean Calls and variance Calls + (DayCV² + SlotCV²)·Calls².
func SlotCallsQuantile(r ForecastRow, q float64) float64 {
	return CallsQuantile(r.Calls, r.DayCV*r.DayCV+r.SlotCV*r.SlotCV, q)
}

// dayMoments returns the mean calls of a day of one line and the squared coefficient of
// variation of the day's calls beyond Poisson, from its slots' calls and (DayCV, SlotCV).
func dayMoments(calls []float64, cv [][2]float64) (mu, cv2 float64) {
	var dayCV, slotVar float64
	for k, c := range calls {
		mu += c
		dayCV += c * cv[k][0]
		slotVar += cv[k][1] * cv[k][1] * c * c
	}
	if !(mu > 0) {
		return 0, 0
	}
	dayCV /= mu
	return mu, dayCV*dayCV + slotVar/(mu*mu)
}

// CallsQuantile returns the q-quantile (0 < q < 1) of a count of calls with the given mean
// whose variance is mean + cv2·mean²: a gamma-Poisson (negative binomial) count, a Poisson
// count when cv2 is 0. The count is spread evenly over [n-½, n+½], so that the quantile is
// continuous in q and the mean: q = F(n-1) + (x-n+½)·P(n). A mean of 0 or less gives 0.
//
// It panics when q is not strictly between 0 and 1 or cv2 is negative or not finite.
func CallsQuantile(mean, cv2, q float64) float64 {
	if !(q > 0 && q < 1) || !(cv2 >= 0) || math.IsInf(cv2, 0) {
		panic(fmt.Sprintf("planner: CallsQuantile(%v, %v, %v): q must be in (0, 1) and cv2 finite and not negative", mean, cv2, q))
	}
	if !(mean > 0) {
		return 0
	}
	sd := math.Sqrt(mean + cv2*mean*mean)
	if sd > 2e4 {
		// Beyond some 4e8 in variance the sum below grows long: a normal with the same
		// mean and variance is within a fraction of a call there.
		return max(0, mean+sd*normalQuantile(q))
	}
	// The ratio P(n+1)/P(n) of the count, and its mode.
	var ratio func(n float64) float64
	var mode float64
	if cv2 < 1e-9 {
		ratio = func(n float64) float64 { return mean / (n + 1) }
		mode = math.Floor(mean)
	} else {
		r := 1 / cv2
		ratio = func(n float64) float64 { return (n + r) / (n + 1) * mean / (r + mean) }
		mode = max(0, math.Floor((r-1)*mean/r))
	}
	// The probabilities from the mode down to where they fall under 1e-18 of the mode's
	// (or to 0), and up likewise, relative to the mode's; normalised by their own sum, so
	// that the tails left out (under 1e-15 in all) and rounding cannot push q out of reach.
	const tiny = 1e-18
	var down []float64 // P(mode-1), P(mode-2)...
	for n, p := mode, 1.0; n > 0; n-- {
		p /= ratio(n - 1)
		if p < tiny {
			break
		}
		down = append(down, p)
	}
	up := []float64{1} // P(mode), P(mode+1)...
	for n, p := mode, 1.0; ; n++ {
		p *= ratio(n)
		if p < tiny && n > mode+sd {
			break
		}
		up = append(up, p)
	}
	lo := mode - float64(len(down))
	p := make([]float64, 0, len(down)+len(up))
	for i := len(down) - 1; i >= 0; i-- {
		p = append(p, down[i])
	}
	p = append(p, up...)
	total := 0.0
	for _, pi := range p {
		total += pi
	}
	cum := 0.0
	for i, pi := range p {
		pi /= total
		if cum+pi >= q {
			return max(0, lo+float64(i)-0.5+(q-cum)/pi)
		}
		cum += pi
	}
	return lo + float64(len(p)) - 0.5
}

// normalQuantile returns the q-quantile of the standard normal distribution.
func normalQuantile(q float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*q) }
