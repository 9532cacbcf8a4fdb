package queue

import (
	"fmt"
	"math"
)

// Params describes the calls offered to one line during one interval.
type Params struct {
	Calls    float64 // calls offered during the interval
	Interval float64 // length of the interval, seconds
	AHT      float64 // average handle time, seconds
	Patience float64 // callers' mean patience, seconds; 0 means they never hang up (Erlang C)
}

// Load returns the offered load A = λ·AHT in Erlangs, where λ = Calls/Interval.
func (p Params) Load() float64 { return p.Calls * p.AHT / p.Interval }

// Validate reports whether p describes a queue: calls finite and not negative, interval and
// AHT finite and positive, patience finite and not negative.
func (p Params) Validate() error {
	switch {
	case !(p.Calls >= 0) || math.IsInf(p.Calls, 0):
		return fmt.Errorf("queue: calls must be a finite number >= 0, got %v", p.Calls)
	case !(p.Interval > 0) || math.IsInf(p.Interval, 0):
		return fmt.Errorf("queue: interval must be positive, got %v s", p.Interval)
	case !(p.AHT > 0) || math.IsInf(p.AHT, 0):
		return fmt.Errorf("queue: AHT must be positive, got %v s", p.AHT)
	case !(p.Patience >= 0) || math.IsInf(p.Patience, 0):
		return fmt.Errorf("queue: patience must be >= 0, got %v s", p.Patience)
	}
	return nil
}

func (p Params) mustValidate() {
	if err := p.Validate(); err != nil {
		panic(err)
	}
}

// Result holds the measures of a queue staffed with a given number of agents. See the package
// documentation for the exact definitions.
type Result struct {
	Load         float64 // offered load A, Erlangs
	Agents       float64 // effective agents on the phone N
	ServiceLevel float64 // P(answered and waited <= t), over all offered calls
	PWait        float64 // P(all agents busy on arrival)
	ASA          float64 // mean wait of all offered calls, seconds; +Inf for unstable Erlang C
	Occupancy    float64 // carried load / N, in [0, 1]; 0 when N = 0
	PAbandon     float64 // P(caller hangs up before being answered); 0 under Erlang C
}

// ErlangB returns the blocking probability of the Erlang loss system with n servers and
// offered load a Erlangs, by the stable recursion B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)).
// It costs O(n). ErlangB panics if n < 0 or a is negative or NaN.
func ErlangB(n int, a float64) float64 {
	if n < 0 || !(a >= 0) {
		panic(fmt.Sprintf("queue: ErlangB(%d, %v): bad argument", n, a))
	}
	if n == 0 {
		return 1
	}
	if a == 0 {
		return 0
	}
	// The same recursion on 1/B: 1/B(k) = 1 + (k/a)/B(k-1), a multiply-add per step instead
	// of a division. All terms are positive, so it is as stable; an overflow to +Inf means
	// B = 0 to double precision.
	ra, inv := 1/a, 1.0
	for k := 1; k <= n; k++ {
		inv = 1 + inv*float64(k)*ra
	}
	return 1 / inv
}

// nextB returns B(k) from B(k-1).
func nextB(b float64, k int, a float64) float64 {
	ab := a * b
	return ab / (float64(k) + ab)
}

// ErlangC returns the probability that a call waits in the Erlang C queue with n agents and
// offered load a Erlangs: C = n·B / (n - a·(1-B)), B = ErlangB(n, a). It returns 1 when
// n <= a (the queue is unstable: every call eventually waits) and 0 when a = 0.
func ErlangC(n int, a float64) float64 {
	return erlangC(n, a, ErlangB(n, a))
}

func erlangC(n int, a, b float64) float64 {
	if a == 0 {
		return 0
	}
	nf := float64(n)
	if nf <= a {
		return 1
	}
	c := nf * b / (nf - a*(1-b))
	return math.Min(c, 1)
}

// Evaluate returns the measures of the queue p staffed with n effective agents, with the
// service level measured at t seconds. Erlang C is used when p.Patience is 0, Erlang A
// otherwise.
//
// A non-integer n gives the linear interpolation of the measures at floor(n) and ceil(n)
// (for occupancy, of the carried load, then divided by n):
// exact at integers and continuous in n; the service level rises and P(wait), ASA and
// P(abandon) fall as n grows. An ASA of +Inf (Erlang C with floor(n) <= A) stays +Inf.
//
// Evaluate costs O(n) for Erlang B plus, for Erlang A, O(sqrt(x)+|y-x|) terms of the series.
// It panics if p is invalid (see Params.Validate), n < 0 or t < 0.
func Evaluate(p Params, n, t float64) Result {
	p.mustValidate()
	if !(n >= 0) || math.IsInf(n, 0) || !(t >= 0) || math.IsInf(t, 0) {
		panic(fmt.Sprintf("queue: Evaluate: bad agents %v or time %v", n, t))
	}
	a := p.Load()
	lo := math.Floor(n)
	frac := n - lo
	k := int(lo)
	b := ErlangB(k, a)
	r := evalInt(p, a, k, b, t)
	if frac == 0 {
		return r
	}
	r1 := evalInt(p, a, k+1, nextB(b, k+1, a), t)
	out := Result{
		Load:         a,
		Agents:       n,
		ServiceLevel: lerp(r.ServiceLevel, r1.ServiceLevel, frac),
		PWait:        lerp(r.PWait, r1.PWait, frac),
		ASA:          lerp(r.ASA, r1.ASA, frac),
		Occupancy:    occupancy(r.Occupancy, r1.Occupancy, lo, frac),
		PAbandon:     lerp(r.PAbandon, r1.PAbandon, frac),
	}
	return out
}

// lerp returns (1-f)·u + f·v for f in (0, 1), keeping +Inf without producing NaN.
func lerp(u, v, f float64) float64 {
	if math.IsInf(u, 1) || math.IsInf(v, 1) {
		return math.Inf(1)
	}
	return u + f*(v-u)
}

// occupancy returns the occupancy at n = lo+frac from the occupancies u at lo and v at lo+1:
// the carried load (occupancy·N) is interpolated, then divided by n, so that Erlang C keeps
// occupancy = A/n exactly.
func occupancy(u, v, lo, frac float64) float64 {
	return math.Min(lerp(u*lo, v*(lo+1), frac)/(lo+frac), 1)
}

// evalInt returns the measures at the integer staffing n, given b = ErlangB(n, a).
func evalInt(p Params, a float64, n int, b, t float64) Result {
	r := Result{Load: a, Agents: float64(n)}
	nf := float64(n)
	if a == 0 {
		r.ServiceLevel = 1
		return r
	}
	if p.Patience == 0 {
		if nf <= a {
			r.PWait, r.ServiceLevel, r.ASA = 1, 0, math.Inf(1)
			if n > 0 {
				r.Occupancy = 1
			}
			return r
		}
		c := erlangC(n, a, b)
		r.PWait = c
		r.ServiceLevel = clamp01(1 - c*math.Exp(-(nf-a)*t/p.AHT))
		r.ASA = c * p.AHT / (nf - a)
		r.Occupancy = a / nf
		return r
	}
	pw, pab, sl, patience := erlangA(n, a, b, p.AHT, p.Patience, t)
	r.PWait = pw
	r.PAbandon = pab
	r.ServiceLevel = sl
	r.ASA = pab * patience
	if n > 0 {
		r.Occupancy = math.Min(a*(1-pab)/nf, 1)
	}
	return r
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// maxY bounds y = λ·Patience, the number of calls arriving during one mean patience. Beyond
// it the patience is shortened so that y = maxY: Erlang A is then indistinguishable from its
// limit (Erlang C when N > A, a fluid queue when N < A), and the series stays O(maxY) terms.
const maxY = 1e6

// ln of the rescaling factor used by the running sums.
const (
	bigScale    = 1e200
	logBigScale = 460.51701859880916 // ln(1e200)
)

// erlangA returns P(wait), P(abandon) and the service level P(answered and W <= t) of the
// M/M/n+M queue with load a Erlangs, handle time aht, mean patience and b = ErlangB(n, a).
// It also returns the patience it used (see maxY).
//
// With x = n·patience/aht, y = a·patience/aht the stationary probabilities of the states n+j
// (j callers waiting) are π_n·w_j with w_0 = 1, w_j = w_{j-1}·y/(x+j), and 𝒜 = Σ_j w_j, so
// (Mandelbaum and Zeltyn)
//
//	P(wait) = 𝒜·B / (1 + (𝒜-1)·B).
//
// A caller who finds j others waiting moves up at rate θ(x+m) while m are ahead and hangs up at
// rate θ, so it is answered with probability Π (x+m)/(x+m+1) = x/(x+j+1), after a wait whose
// density is θ·Π_{m=0..j}(x+m)/j!·e^{-θxs}(1-e^{-θs})^j. Weighting by e^{-θs} and integrating
// to t gives
//
//	P(answered within t | j) = x/(x+j+1) · P(K > j),  K ~ NegBin(x+1, z), z = 1-e^{-θt},
//
// with P(K = k) = C(x+k, k)·(1-z)^{x+1}·z^k. Summing over j with the weights w_j gives the
// service level, and Σ_j w_j·x/(x+j+1) gives P(answered | wait) without the cancellation of
// the textbook 1/(ρ𝒜) + 1 - 1/ρ.
func erlangA(n int, a, b, aht, patience, t float64) (pwait, pab, sl, usedPatience float64) {
	if y := a * patience / aht; y > maxY {
		patience = maxY * aht / a
	}
	x := float64(n) * patience / aht
	y := a * patience / aht
	z := -math.Expm1(-t / patience)

	// The negative binomial CDF P(K <= j), accumulated term by term.
	var nb cumPMF
	nb.start(-(x + 1) * t / patience)
	// Series, scaled: true values = sum·exp(logW).
	w, logW := 1.0, 0.0
	var sumW, sumServed, sumSL float64
	mode := y - x
	for j := 0; ; j++ {
		jf := float64(j)
		var cdf float64
		if j > 0 {
			w *= y / (x + jf)
			cdf = nb.add(z * (x + jf) / jf)
		} else {
			cdf = nb.add(1)
		}
		served := w * x / (x + jf + 1)
		sumW += w
		sumServed += served
		sumSL += served * (1 - cdf)
		if w > bigScale {
			w /= bigScale
			sumW /= bigScale
			sumServed /= bigScale
			sumSL /= bigScale
			logW += logBigScale
		}
		if jf > mode && w <= 1e-17*sumW {
			break
		}
	}
	logA := math.Log(sumW) + logW // log 𝒜
	// P(wait) = 1 / (1 + (1/B - 1)/𝒜), in logs so that B = 0 or a huge 𝒜 are harmless.
	pwait = 1 / (1 + math.Exp(math.Log1p(-b)-math.Log(b)-logA))
	pServed := math.Min(sumServed/sumW, 1)
	pab = pwait * (1 - pServed)
	sl = clamp01(1 - pwait + pwait*sumSL/sumW)
	return pwait, pab, sl, patience
}
