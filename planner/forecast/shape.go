package forecast

import (
	"math"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// startSlot returns the slot index (possibly outside 0..nSlots-1) holding clock c.
func startSlot(s planner.Settings, c calendar.Clock) int {
	return int(math.Floor(float64(c-s.Open) / float64(s.SlotMinutes)))
}

// lastSlot returns the slot index (possibly outside the opening hours) holding the last minute
// of exam e, and false when e has no duration.
func lastSlot(s planner.Settings, e ExamSitting) (int, bool) {
	if e.Minutes <= 0 {
		return 0, false
	}
	return startSlot(s, e.Start+calendar.Clock(e.Minutes)-1), true
}

// design returns X[k][q]: the weight of kernel entry q in slot k, for the exams es of a day.
// Entries 0..2J are the start kernel (offsets -J..+J of an exam's start slot), entries
// 2J+1..4J+1 the end kernel (offsets of its last slot); the weight is the exam's remote
// sittings.
func design(s planner.Settings, es []ExamSitting, nSlots, j int) [][]float64 {
	w := 2*j + 1
	x := make([][]float64, nSlots)
	for k := range x {
		x[k] = make([]float64, 2*w)
	}
	for _, e := range es {
		r := float64(e.RemoteSittings)
		s0 := startSlot(s, e.Start)
		e0, hasEnd := lastSlot(s, e)
		for off := -j; off <= j; off++ {
			if k := s0 + off; k >= 0 && k < nSlots {
				x[k][off+j] += r
			}
			if k := e0 + off; hasEnd && k >= 0 && k < nSlots {
				x[k][w+off+j] += r
			}
		}
	}
	return x
}

// kernelDesign is the design of one day with sittings, and its column sums.
type kernelDesign struct {
	x   [][]float64
	col []float64
}

// designs returns the kernel design of each day of the history (nil for a day without
// sittings).
func (h *history) designs(j int) []*kernelDesign {
	out := make([]*kernelDesign, len(h.days))
	for i, d := range h.days {
		if d.remote == 0 {
			continue
		}
		x := design(h.s, d.sittings, h.nSlots, j)
		col := make([]float64, len(x[0]))
		for k := range x {
			for q := range col {
				col[q] += x[k][q]
			}
		}
		out[i] = &kernelDesign{x, col}
	}
	return out
}

// shape is the within-day part of a line's model: the profiles, the kernels, the calls the
// kernels put in each slot of each history day, and the slot-level noise.
type shape struct {
	profile    [NumDayTypes][]float64
	start, end []float64
	kernel     []float64   // start then end
	spikes     [][]float64 // [day][slot]: kernel calls, nil for a day without sittings
	slotNoise  float64     // φ_S: squared CV of a slot's calls beyond Poisson and the day's
}

// spike returns the kernel calls of slot k of day i.
func (sh *shape) spike(designs []*kernelDesign, i, k int) float64 {
	if designs[i] == nil {
		return 0
	}
	v := 0.0
	for q, x := range designs[i].x[k] {
		v += x * sh.kernel[q]
	}
	return v
}

// fitShape fits the day types' profiles and the exam kernels of line li: the least-squares
// solution of n[d,k] = V[d]·p[type(d)][k] + Σ_q X[d][k][q]·K[q], where V[d] is the day's calls
// less its kernel calls, alternating between the profiles and the kernel until both settle.
// Conditioning on each day's own calls makes the fit blind to the day's level: the level
// model sees to that. It then estimates the slot-level noise.
func (h *history) fitShape(li, j int, designs []*kernelDesign) *shape {
	nS := h.nSlots
	nK := 2 * (2*j + 1)
	sh := &shape{kernel: make([]float64, nK)}
	anySitting := false
	for _, dz := range designs {
		anySitting = anySitting || dz != nil
	}
	for iter := 0; iter < 200; iter++ {
		// Base profiles given the kernel.
		for t := range sh.profile {
			acc := make([]float64, nS)
			n := 0
			for i, d := range h.days {
				if d.typ != DayType(t) {
					continue
				}
				n++
				for k, c := range d.counts[li] {
					acc[k] += c - sh.spike(designs, i, k)
				}
			}
			if n > 0 {
				sh.profile[t] = normalise(acc)
			}
		}
		if !anySitting {
			break
		}
		// Kernel given the profiles: least squares on y = n - N·p against Z = X - p·colsum.
		mat := make([][]float64, nK)
		for q := range mat {
			mat[q] = make([]float64, nK)
		}
		vec := make([]float64, nK)
		z := make([]float64, nK)
		for i, d := range h.days {
			dz := designs[i]
			if dz == nil {
				continue
			}
			p := sh.profile[d.typ]
			total := sum(d.counts[li])
			for k := range nS {
				y := d.counts[li][k] - total*p[k]
				for q := range z {
					z[q] = dz.x[k][q] - p[k]*dz.col[q]
				}
				for a := range z {
					if z[a] == 0 {
						continue
					}
					vec[a] += z[a] * y
					for b := range z {
						mat[a][b] += z[a] * z[b]
					}
				}
			}
		}
		kern := solve(mat, vec)
		delta := 0.0
		for q := range kern {
			delta = max(delta, math.Abs(kern[q]-sh.kernel[q]))
		}
		sh.kernel = kern
		if delta < 1e-10 {
			break
		}
	}
	w := 2*j + 1
	sh.start, sh.end = sh.kernel[:w:w], sh.kernel[w:]
	sh.spikes = make([][]float64, len(h.days))
	for i := range h.days {
		if designs[i] == nil {
			continue
		}
		sh.spikes[i] = make([]float64, nS)
		for k := range nS {
			sh.spikes[i][k] = sh.spike(designs, i, k)
		}
	}
	sh.slotNoise = h.slotNoise(li, sh)
	return sh
}

// slotNoise estimates φ_S, the squared coefficient of variation of a slot's calls beyond
// Poisson noise and the day's own level, by the method of moments on each day's slots given
// its calls: with m the slot's fitted calls given the day's and π = m / (the day's calls),
// E[(n - m)²] = m(1 - π) (multinomial) + φ_S·m²(1 - π)², the squared residuals raised for the
// degrees of freedom the profiles and kernels take.
func (h *history) slotNoise(li int, sh *shape) float64 {
	var squares, poisson, scale float64
	cells, params := 0, 0
	for t := range sh.profile {
		if sh.profile[t] != nil {
			params += h.nSlots - 1
		}
	}
	params += len(sh.kernel)
	for i, d := range h.days {
		total := sum(d.counts[li])
		if total <= 0 {
			continue
		}
		p := sh.profile[d.typ]
		spiked := 0.0
		if sh.spikes[i] != nil {
			spiked = sum(sh.spikes[i])
		}
		base := max(0, total-spiked)
		for k, n := range d.counts[li] {
			m := base * p[k]
			if sh.spikes[i] != nil {
				m += sh.spikes[i][k]
			}
			m = max(m, 0)
			pi := min(1, m/total)
			r := n - m
			squares += r * r
			poisson += m * (1 - pi)
			scale += m * m * (1 - pi) * (1 - pi)
		}
		cells += h.nSlots - 1
	}
	if scale <= 0 || cells <= params {
		return 0
	}
	return max(0, (squares*float64(cells)/float64(cells-params)-poisson)/scale)
}
