package lp

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// coveringProblem returns a set-covering-like LP: cells are days of
// slotsPerDay time slots; each of the shifts columns covers a contiguous run
// of 8-20 slots within a day, costs its length plus noise, and is bounded by
// 4; every cell has a demand of 1-5 and an under-coverage slack with penalty
// 30. The total number of variables is shifts + cells.
func coveringProblem(seed uint64, shifts, cells int) *Problem {
	const slotsPerDay = 100
	rng := rand.New(rand.NewPCG(seed, 7))
	var p Problem
	for i := 0; i < cells; i++ {
		p.AddRow(float64(1+rng.IntN(5)), inf, nil, nil)
	}
	days := (cells + slotsPerDay - 1) / slotsPerDay
	for k := 0; k < shifts; k++ {
		day := rng.IntN(days)
		first := day * slotsPerDay
		last := min(first+slotsPerDay, cells)
		length := 8 + rng.IntN(13)
		start := first + rng.IntN(max(1, last-first-length+1))
		end := min(start+length, last)
		rows := make([]int, 0, end-start)
		vals := make([]float64, 0, end-start)
		for i := start; i < end; i++ {
			rows = append(rows, i)
			vals = append(vals, 1)
		}
		p.AddCol(0, 4, float64(end-start)+rng.Float64(), rows, vals)
	}
	for i := 0; i < cells; i++ {
		p.AddCol(0, inf, 30, []int{i}, []float64{1})
	}
	return &p
}

func benchCovering(b *testing.B, shifts, cells int) {
	p := coveringProblem(1, shifts, cells)
	var res *Result
	for b.Loop() {
		var err error
		res, err = Solve(context.Background(), p, Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Iterations), "iters")
	b.ReportMetric(res.Objective, "objective")
	b.ReportMetric((res.Objective-res.Bound)/max(1, res.Objective), "relgap")
}

// BenchmarkCoveringSmall: 2,000 variables x 600 rows.
func BenchmarkCoveringSmall(b *testing.B) { benchCovering(b, 1400, 600) }

// BenchmarkCoveringLarge: 20,000 variables x 5,000 rows.
func BenchmarkCoveringLarge(b *testing.B) { benchCovering(b, 15000, 5000) }

// rosterProblem returns the LP relaxation of a rostering model: workers x
// days x shift options variables in [0,1] with a small preference cost; at
// most one shift per worker and day; per cell (day, 15-minute slot) the
// coverage plus under minus over equals the demand (under costs 100, over
// costs 1 per slot); every worker works between 60% and 100% of a nominal
// 8 hours per day.
func rosterProblem(seed uint64, workers, days, shifts int) *Problem {
	const slots = 96
	rng := rand.New(rand.NewPCG(seed, 11))
	var p Problem
	type shift struct{ start, length int }
	opts := make([]shift, shifts)
	for s := range opts {
		length := 16 + 4*rng.IntN(5) // 4 to 8 hours
		opts[s] = shift{rng.IntN(slots - length + 1), length}
	}
	// coverage rows first
	cell := func(d, t int) int { return d*slots + t }
	for d := 0; d < days; d++ {
		for t := 0; t < slots; t++ {
			dem := 0.0
			if t >= 28 && t < 84 { // 7:00 to 21:00
				dem = float64(1 + rng.IntN(workers/4))
			}
			p.AddRow(dem, dem, nil, nil)
		}
	}
	first := p.NumRows()
	for w := 0; w < workers; w++ {
		for d := 0; d < days; d++ {
			p.AddRow(math.Inf(-1), 1, nil, nil)
		}
	}
	minutes := p.NumRows()
	for w := 0; w < workers; w++ {
		p.AddRow(0.6*480*float64(days)*5/7, 480*float64(days)*5/7, nil, nil)
	}
	for w := 0; w < workers; w++ {
		for d := 0; d < days; d++ {
			for _, o := range opts {
				rows := []int{first + w*days + d, minutes + w}
				vals := []float64{1, float64(o.length * 15)}
				for t := o.start; t < o.start+o.length; t++ {
					rows = append(rows, cell(d, t))
					vals = append(vals, 1)
				}
				p.AddCol(0, 1, 2*rng.Float64(), rows, vals)
			}
		}
	}
	for i := 0; i < days*slots; i++ {
		p.AddCol(0, inf, 100, []int{i}, []float64{1})
		p.AddCol(0, inf, 1, []int{i}, []float64{-1})
	}
	return &p
}

// BenchmarkRoster: 40 workers x 28 days x 16 shifts: 23,296 variables,
// 3,856 rows.
func BenchmarkRoster(b *testing.B) {
	p := rosterProblem(1, 40, 28, 16)
	var res *Result
	for b.Loop() {
		var err error
		res, err = Solve(context.Background(), p, Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Iterations), "iters")
	b.ReportMetric(res.Objective, "objective")
	b.ReportMetric((res.Objective-res.Bound)/max(1, res.Objective), "relgap")
}

// benchSequence solves the problems of seq in turn, each from the basis of the one before
// (warm) or from scratch (cold), and reports the iterations of the whole sequence.
func benchSequence(b *testing.B, seq []*Problem, warm bool) {
	var iters int
	var obj float64
	for b.Loop() {
		iters = 0
		var start *Basis
		for _, p := range seq {
			var o Options
			if warm {
				o.Start = start
			}
			res, err := Solve(context.Background(), p, o)
			if err != nil {
				b.Fatal(err)
			}
			iters += res.Iterations
			obj = res.Objective
			start = res.Basis
		}
	}
	b.ReportMetric(float64(iters), "iters")
	b.ReportMetric(float64(len(seq)), "solves")
	b.ReportMetric(obj, "objective")
}

// BenchmarkColumnGeneration re-solves the master of a column generation: the covering
// problem of BenchmarkCoveringSmall, and a roster problem with artificial columns, start
// with their single-entry columns (slacks) only, and each round adds the 50 columns of most
// negative reduced cost, until none prices out.
func BenchmarkColumnGeneration(b *testing.B) {
	for _, tc := range []struct {
		name string
		p    *Problem
	}{
		{"covering", coveringProblem(1, 1400, 600)},
		{"roster", withArtificials(rosterProblem(1, 10, 14, 12), 1e4)},
	} {
		seq := cgSequence(tc.p, 50)
		b.Run(tc.name+"/cold", func(b *testing.B) { benchSequence(b, seq, false) })
		b.Run(tc.name+"/warm", func(b *testing.B) { benchSequence(b, seq, true) })
	}
}

// BenchmarkDive re-solves BenchmarkRoster's problem (smaller: 20 workers x 14 days) while a
// dive fixes, 15 times, the variable of largest fractional value at 1.
func BenchmarkDive(b *testing.B) {
	q := rosterProblem(1, 20, 14, 12)
	seq := []*Problem{q}
	for range 15 {
		res, err := Solve(context.Background(), q, Options{})
		if err != nil {
			b.Fatal(err)
		}
		best, bj := 0.0, -1
		for j, v := range res.X {
			if f := v - math.Floor(v); f > best && q.lo[j] != q.hi[j] {
				best, bj = f, j
			}
		}
		if bj < 0 {
			break
		}
		q = clone(q)
		v := math.Min(math.Ceil(res.X[bj]), q.hi[bj])
		q.SetVarBounds(bj, v, v)
		seq = append(seq, q)
	}
	b.Run("cold", func(b *testing.B) { benchSequence(b, seq, false) })
	b.Run("warm", func(b *testing.B) { benchSequence(b, seq, true) })
}

// withArtificials adds to p, for every row, two columns of cost big with coefficient +1 and
// -1 in that row, so that the columns with a single entry make a feasible problem.
func withArtificials(p *Problem, big float64) *Problem {
	for i := range p.NumRows() {
		p.AddCol(0, math.Inf(1), big, []int{i}, []float64{1})
		p.AddCol(0, math.Inf(1), big, []int{i}, []float64{-1})
	}
	return p
}
