package queue

// Shortfall returns the expected number of calls of the slot p that are not answered within t
// seconds, Calls·(1 - ServiceLevel), for N = 0, 1, ..., nmax agents. It is the cost the
// roster optimiser pays for each agent missing in the slot. Shortfall costs O(nmax) under
// Erlang C (one Erlang B recursion) and O(nmax·terms) under Erlang A.
//
// The curve decreases in N. It is not convex at small N: under Erlang C it is flat (every
// call misses the target) up to N = A and then drops; use ConvexEnvelope (or ShortfallConvex)
// to get a convex piecewise-linear penalty.
func Shortfall(p Params, t float64, nmax int) []float64 {
	p.mustValidate()
	if nmax < 0 {
		panic("queue: Shortfall: negative nmax")
	}
	a := p.Load()
	out := make([]float64, nmax+1)
	b := 1.0
	for n := 0; n <= nmax; n++ {
		if n > 0 {
			b = nextB(b, n, a)
		}
		r := evalInt(p, a, n, b, t)
		out[n] = p.Calls * (1 - r.ServiceLevel)
	}
	return out
}

// ShortfallConvex returns ConvexEnvelope(Shortfall(p, t, nmax)).
func ShortfallConvex(p Params, t float64, nmax int) []float64 {
	return ConvexEnvelope(Shortfall(p, t, nmax))
}

// ConvexEnvelope returns the lower convex envelope of the points (i, y[i]), evaluated at
// i = 0..len(y)-1: the largest convex function that lies nowhere above y. Where y is already
// convex the envelope equals y; elsewhere it replaces y by the chord joining the hull points
// on either side, which lies below y. A penalty taken from the envelope never overstates the
// cost of a shortage, and the slopes it gives the optimiser increase.
func ConvexEnvelope(y []float64) []float64 {
	n := len(y)
	out := make([]float64, n)
	if n == 0 {
		return out
	}
	// Andrew's monotone chain, lower hull.
	hull := make([]int, 0, n)
	for i := range y {
		for len(hull) >= 2 {
			o, a := hull[len(hull)-2], hull[len(hull)-1]
			// Remove a if it lies on or above the segment o-i.
			if cross(o, y[o], a, y[a], i, y[i]) <= 0 {
				hull = hull[:len(hull)-1]
				continue
			}
			break
		}
		hull = append(hull, i)
	}
	for h := 0; h+1 < len(hull); h++ {
		i0, i1 := hull[h], hull[h+1]
		for i := i0; i <= i1; i++ {
			f := float64(i-i0) / float64(i1-i0)
			out[i] = y[i0] + f*(y[i1]-y[i0])
		}
	}
	out[hull[len(hull)-1]] = y[hull[len(hull)-1]]
	return out
}

// cross returns the z component of (a-o) x (b-o).
func cross(o int, yo float64, a int, ya float64, b int, yb float64) float64 {
	return float64(a-o)*(yb-yo) - (ya-yo)*float64(b-o)
}
