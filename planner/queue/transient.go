package queue

import (
	"fmt"
	"math"
)

// minStep is the shortest default step of Transient, in seconds: with a handle time or
// patience under 8 s the step is no longer an eighth of it.
const minStep = 1.0

// TransientOptions tunes Transient. The zero value (or nil) gives the defaults.
type TransientOptions struct {
	// Step is the time step in seconds; 0 means min(AHT, Patience, Slot)/8 (at least minStep),
	// rounded down so that each slot is a whole number of steps. Backward Euler is first-order
	// accurate and the measures are slot averages, so an eighth of the shortest time scale
	// suffices.
	Step float64
}

// Transient returns what a staffing really delivers over a day: for each slot of d, staffed
// with agents[i] effective agents, the service level within t seconds, P(wait), ASA,
// occupancy and abandonment, computed from the time-varying queue rather than from each
// slot's steady state.
//
// The queue is the birth-death chain of the number of callers in the system, k = 0..K:
// arrivals at the slot's rate λ_i, departures at rate μ·min(k, N_i) + θ·max(k-N_i, 0) (service
// and, under Erlang A, abandonment). Its forward (Kolmogorov) equations p' = pQ are integrated
// from an empty desk at opening with a fixed step by backward Euler: one tridiagonal solve
// per step, O(K). Backward Euler keeps p a probability vector for any step, and its fixed
// point is exactly the stationary distribution, so with constant calls and staffing
// Transient converges to Evaluate. K is chosen from a fluid model of the day, with room for
// the fluctuations, so the truncated mass is negligible.
//
// The measures of a caller depend on the state k it finds on arrival (Poisson arrivals see
// time averages, so a slot's measures are the per-state measures weighted by p averaged over
// the slot). A caller who finds k < N is answered at once. One who finds j = k-N others waiting
// is answered with probability x/(x+j+1), within t with probability x/(x+j+1)·P(K > j) (see
// the package documentation; under Erlang C, P(Poisson(N·t/AHT) > j)), hangs up with
// probability (j+1)/(x+j+1) and waits (j+1)/(x+j+1)·Patience on average (Erlang C:
// (j+1)·AHT/N), where x = N·Patience/AHT with the staffing in force when it arrives.
//
// That is the approximation, and why: following each caller's wait exactly across staffing
// changes would need the age of every waiting caller (a state per queue position and age), far
// too many states for an evaluator the optimiser calls often. Instead the state a caller finds,
// which is what carries a spike from one slot into the next, is exact, and only its wait is
// computed as if the staffing did not change while it waits. Waits last seconds to a few
// minutes and slots 15 or 30, so only callers caught waiting by a staffing change are
// affected, and the result is exact whenever staffing is constant.
//
// Fractional staffing follows the rule of Evaluate: two chains run through the day, one with
// floor(N_i) and one with ceil(N_i) agents, and each slot's measures are interpolated between
// them (one chain when every N_i is an integer).
//
// Transient panics if d is invalid, len(agents) != len(d.Calls), an agents value is negative
// or not finite, or t < 0.
func Transient(d Day, agents []float64, t float64, opt *TransientOptions) []Result {
	if err := d.Validate(); err != nil {
		panic(err)
	}
	if len(agents) != len(d.Calls) {
		panic(fmt.Sprintf("queue: Transient: %d staffing levels for %d slots", len(agents), len(d.Calls)))
	}
	if !(t >= 0) || math.IsInf(t, 0) {
		panic(fmt.Sprintf("queue: Transient: bad target time %v", t))
	}
	allInt := true
	for _, n := range agents {
		if !(n >= 0) || math.IsInf(n, 0) {
			panic(fmt.Sprintf("queue: Transient: bad staffing %v", n))
		}
		if n != math.Floor(n) {
			allInt = false
		}
	}
	step := min(d.AHT, d.Slot) / 8
	if d.Patience > 0 {
		step = min(step, d.Patience/8)
	}
	// a handle time or patience of seconds would take tens of thousands of steps a slot
	step = max(step, minStep)
	if opt != nil && opt.Step > 0 {
		step = opt.Step
	}
	steps := max(1, int(math.Ceil(d.Slot/step-1e-9)))
	dt := d.Slot / float64(steps)

	k := truncation(d, agents)
	lo := newChain(k)
	var hi *chain
	if !allInt {
		hi = newChain(k)
	}
	out := make([]Result, len(d.Calls))
	for i, calls := range d.Calls {
		lam := calls / d.Slot
		n := agents[i]
		nLo := math.Floor(n)
		r := lo.advance(d, lam, int(nLo), t, steps, dt)
		if hi != nil {
			nHi := math.Ceil(n)
			r1 := hi.advance(d, lam, int(nHi), t, steps, dt)
			if f := n - nLo; f > 0 {
				r = Result{
					ServiceLevel: lerp(r.ServiceLevel, r1.ServiceLevel, f),
					PWait:        lerp(r.PWait, r1.PWait, f),
					ASA:          lerp(r.ASA, r1.ASA, f),
					Occupancy:    occupancy(r.Occupancy, r1.Occupancy, nLo, f),
					PAbandon:     lerp(r.PAbandon, r1.PAbandon, f),
				}
			}
		}
		r.Load = calls * d.AHT / d.Slot
		r.Agents = n
		out[i] = r
	}
	return out
}

// truncation returns the largest state K of the chain: the peak of a fluid model of the day
// (number in system X' = λ - μ·min(X, N) - θ·max(X-N, 0)) or of the staffing, plus ten
// standard deviations of a Poisson count of that size, plus a margin; under Erlang C, room for
// the geometric tail of the stable slots.
func truncation(d Day, agents []float64) int {
	mu := 1 / d.AHT
	theta := 0.0
	if d.Patience > 0 {
		theta = 1 / d.Patience
	}
	x, peak, maxN := 0.0, 0.0, 0.0
	const sub = 32
	h := d.Slot / sub
	for i, calls := range d.Calls {
		lam := calls / d.Slot
		n := math.Floor(agents[i])
		maxN = math.Max(maxN, math.Ceil(agents[i]))
		peak = math.Max(peak, lam*d.AHT)
		for range sub {
			x += h * (lam - mu*math.Min(x, n) - theta*math.Max(x-n, 0))
			x = math.Max(x, 0)
			peak = math.Max(peak, x)
		}
	}
	k := math.Ceil(math.Max(peak, maxN) + 10*math.Sqrt(peak+1) + 40)
	if theta == 0 {
		// Without abandonment a stable queue has a geometric tail of ratio ρ = A/N: room
		// for ρ^j to fall below 1e-12, up to 1000 places.
		for i, calls := range d.Calls {
			a, n := calls*d.AHT/d.Slot, math.Floor(agents[i])
			if a > 0 && n > a {
				k = math.Max(k, n+math.Min(math.Ceil(27.7/-math.Log(a/n)), 1000))
			}
		}
	}
	return int(k)
}

// chain is the state of one birth-death chain through the day, with its work buffers.
type chain struct {
	p    []float64 // P(k callers in the system), k = 0..K
	sum  []float64 // sum of p over the steps of the current slot
	low  []float64 // sub-diagonal of I - dt·Q (transposed), scaled
	cp   []float64 // Thomas algorithm: modified super-diagonal
	invM []float64 // Thomas algorithm: 1 / modified diagonal
	dp   []float64 // Thomas algorithm: modified right-hand side
}

func newChain(k int) *chain {
	c := &chain{
		p:    make([]float64, k+1),
		sum:  make([]float64, k+1),
		low:  make([]float64, k+1),
		cp:   make([]float64, k+1),
		invM: make([]float64, k+1),
		dp:   make([]float64, k+1),
	}
	c.p[0] = 1 // an empty desk at opening
	return c
}

// advance integrates the chain over one slot with arrival rate lam and n agents, and returns
// the slot's measures (without Load and Agents).
func (c *chain) advance(d Day, lam float64, n int, t float64, steps int, dt float64) Result {
	K := len(c.p) - 1
	mu := 1 / d.AHT
	theta := 0.0
	if d.Patience > 0 {
		theta = 1 / d.Patience
	}
	death := func(k int) float64 {
		if k <= n {
			return mu * float64(k)
		}
		return mu*float64(n) + theta*float64(k-n)
	}
	birth := func(k int) float64 {
		if k >= K {
			return 0
		}
		return lam
	}
	// Backward Euler: p_new·(I - dt·Q) = p_old. Written column by column, equation k is
	//   -dt·birth(k-1)·p[k-1] + (1 + dt·(birth(k)+death(k)))·p[k] - dt·death(k+1)·p[k+1] = old[k].
	// Factor it once per slot (Thomas algorithm); each step is then two sweeps.
	for k := 0; k <= K; k++ {
		diag := 1 + dt*(birth(k)+death(k))
		low := 0.0
		if k > 0 {
			low = -dt * birth(k-1)
			diag -= low * c.cp[k-1]
		}
		c.low[k] = low
		c.invM[k] = 1 / diag
		if k < K {
			c.cp[k] = -dt * death(k+1) * c.invM[k]
		} else {
			c.cp[k] = 0
		}
	}
	clear(c.sum)
	for range steps {
		prev := 0.0
		for k := 0; k <= K; k++ {
			prev = (c.p[k] - c.low[k]*prev) * c.invM[k]
			c.dp[k] = prev
		}
		next := 0.0
		for k := K; k >= 0; k-- {
			next = c.dp[k] - c.cp[k]*next
			c.p[k] = next
			c.sum[k] += next
		}
	}
	return c.measures(d, n, t, steps)
}

// measures returns the measures of callers arriving while the chain spends, on average,
// sum/steps of its time in each state (see Transient).
func (c *chain) measures(d Day, n int, t float64, steps int) Result {
	K := len(c.p) - 1
	inv := 1 / float64(steps)
	var r Result
	var busy, sl float64
	for k := 0; k <= min(n-1, K); k++ {
		q := c.sum[k] * inv
		sl += q
		busy += q * float64(k)
	}
	var pw, ab, asa float64
	if n <= K {
		var nb cumPMF
		nf := float64(n)
		var x, z float64
		if d.Patience > 0 {
			x = nf * d.Patience / d.AHT
			z = -math.Expm1(-t / d.Patience)
			nb.start(-(x + 1) * t / d.Patience)
		} else {
			x = nf * t / d.AHT // Poisson mean: services completed in t
			nb.start(-x)
		}
		for k := n; k <= K; k++ {
			j := float64(k - n)
			var cdf float64
			if d.Patience > 0 {
				if k == n {
					cdf = nb.add(1)
				} else {
					cdf = nb.add(z * (x + j) / j)
				}
			} else {
				if k == n {
					cdf = nb.add(1)
				} else {
					cdf = nb.add(x / j)
				}
			}
			q := c.sum[k] * inv
			if q == 0 {
				continue
			}
			pw += q
			busy += q * nf
			if d.Patience > 0 {
				pAb := (j + 1) / (x + j + 1)
				sl += q * (x / (x + j + 1)) * (1 - cdf)
				ab += q * pAb
				asa += q * pAb * d.Patience
			} else {
				sl += q * (1 - cdf)
				if n == 0 {
					asa = math.Inf(1)
				} else {
					asa += q * (j + 1) * d.AHT / nf
				}
			}
		}
	}
	r.ServiceLevel = clamp01(sl)
	r.PWait = clamp01(pw)
	r.PAbandon = clamp01(ab)
	r.ASA = asa
	if n > 0 {
		r.Occupancy = clamp01(busy / float64(n))
	}
	return r
}

// cumPMF accumulates the CDF of a distribution on 0, 1, 2, ... given the log of its first
// probability and the ratios q_k/q_{k-1}, keeping a running scale so that neither a tiny
// first term nor a huge mode underflows or overflows.
type cumPMF struct {
	qs, cdfS, logQ float64 // true term = qs·exp(logQ), true CDF = cdfS·exp(logQ)
	scale          float64 // exp(logQ), or 0 if it underflows
	thresh         float64 // when scale is 0: cdfS above which the CDF is not negligible
}

func (c *cumPMF) start(logq0 float64) {
	*c = cumPMF{qs: 1, logQ: logq0}
	c.rescaled()
}

func (c *cumPMF) rescaled() {
	if c.logQ >= -700 {
		c.scale = math.Exp(c.logQ)
		return
	}
	c.scale = 0
	c.thresh = math.Exp(math.Min(-700-c.logQ, 709))
}

// add multiplies the current term by ratio (1 for the first term), adds it, and returns the
// CDF so far, clamped to [0, 1].
func (c *cumPMF) add(ratio float64) float64 {
	c.qs *= ratio
	c.cdfS += c.qs
	if c.qs > bigScale {
		c.qs /= bigScale
		c.cdfS /= bigScale
		c.logQ += logBigScale
		c.rescaled()
	}
	switch {
	case c.scale > 0:
		return math.Min(c.cdfS*c.scale, 1)
	case c.cdfS > c.thresh:
		return math.Min(math.Exp(math.Log(c.cdfS)+c.logQ), 1)
	}
	return 0
}
