package sim

import (
	"fmt"
	"math"
)

// Counts are the calls of one or more slots and lines, in one or more replications, counted
// in their arrival slot.
type Counts struct {
	Calls     int     // calls that arrived
	Waited    int     // found no idle agent for their line
	Answered  int     // answered, at once or after a wait
	Within    int     // answered after a wait of at most the target time
	Abandoned int     // hung up before being answered
	Unserved  int     // still waiting at closing on a line nobody on duty answers: cut off
	Wait      float64 // total wait of the calls until answered, hung up or cut off, seconds
}

func (c *Counts) add(x cell) {
	c.Calls += int(x.calls)
	c.Waited += int(x.waited)
	c.Answered += int(x.answered)
	c.Within += int(x.within)
	c.Abandoned += int(x.abandoned)
	c.Unserved += int(x.unserved)
	c.Wait += x.wait
}

// cell is the compact Counts of one replication, day, slot and line.
type cell struct {
	calls, waited, answered, within, abandoned, unserved int32
	wait                                                 float64
}

// Estimate is the mean of a measure over replications with the half-width of its 95%
// confidence interval: the interval is Mean ± HalfWidth. HalfWidth is +Inf when only one
// replication gave a value, 0 when none did.
type Estimate struct {
	Mean      float64
	HalfWidth float64
}

// Figures are the service measures of a group of slots and lines.
type Figures struct {
	ServiceLevel Estimate // share of calls answered within the target time
	PWait        Estimate // share of calls that found no idle agent
	ASA          Estimate // mean wait of all calls, seconds
	Abandoned    Estimate // share of calls that hung up
	Unserved     Estimate // share of calls cut off at closing
}

// Measures are the estimates for a group of slots and lines, in two views.
//
// The embedded Figures are the day's view: the shares and the ASA are formed per replication
// from the group's counts and averaged over the Replications that had at least one call in the
// group, each replication weighing the same (see the package documentation).
//
// PerCall is the caller's view: the shares over all the calls of all replications, the ratio
// of the sums (service level = Σ within / Σ calls), with the delta-method confidence interval
// of a ratio estimator. It estimates the probability that one call is answered within the
// target, which is what Erlang formulas give; for a group with many calls per replication
// both views agree, for a single slot with a handful of calls they can differ.
//
// A group without any call has a service level of 1 and shares and ASA of 0.
type Measures struct {
	Calls Estimate // calls per replication, over all replications
	Figures
	PerCall      Figures
	Replications int    // replications with at least one call in the group
	Total        Counts // sums over all replications
}

// Result holds the counts of every replication, day, slot and line of a simulation, and gives
// the measures of any group of them.
type Result struct {
	Replications int     // replications run
	Target       float64 // target time of the service level, seconds
	Lines        int     // lines of every day
	Slots        []int   // slots of each day

	offset []int  // per day, the index of its first cell within a replication
	perRep int    // cells per replication
	data   []cell // replication-major
}

func newResult(plans []*plan, opt Options) *Result {
	r := &Result{Replications: opt.Replications, Target: opt.Target, Lines: plans[0].lines}
	for _, p := range plans {
		r.Slots = append(r.Slots, p.slots)
		r.offset = append(r.offset, r.perRep)
		r.perRep += p.slots * p.lines
	}
	r.data = make([]cell, r.perRep*r.Replications)
	return r
}

// cells returns the cells of day d in replication rep.
func (r *Result) cells(rep, d int) []cell {
	start := rep*r.perRep + r.offset[d]
	return r.data[start : start+r.Slots[d]*r.Lines]
}

// keep drops the replications not done and reports whether at least two are left.
func (r *Result) keep(done []bool) bool {
	n := 0
	for rep, ok := range done {
		if ok {
			copy(r.data[n*r.perRep:(n+1)*r.perRep], r.data[rep*r.perRep:(rep+1)*r.perRep])
			n++
		}
	}
	r.Replications = n
	r.data = r.data[:n*r.perRep]
	return n >= 2
}

func (r *Result) index(day, slot, line int) int {
	if day < 0 || day >= len(r.Slots) || slot < 0 || slot >= r.Slots[day] || line < 0 || line >= r.Lines {
		panic(fmt.Sprintf("sim: no day %d, slot %d, line %d in the result", day, slot, line))
	}
	return r.offset[day] + slot*r.Lines + line
}

// Counts returns the counts of one replication, day, slot and line. It panics if an index is
// out of range.
func (r *Result) Counts(rep, day, slot, line int) Counts {
	if rep < 0 || rep >= r.Replications {
		panic(fmt.Sprintf("sim: no replication %d in the result", rep))
	}
	var c Counts
	c.add(r.data[rep*r.perRep+r.index(day, slot, line)])
	return c
}

// Slot returns the measures of one slot and line of a day. It panics if an index is out of
// range.
func (r *Result) Slot(day, slot, line int) Measures {
	return r.measure([]int{r.index(day, slot, line)})
}

// DayLine returns the measures of one line over a day.
func (r *Result) DayLine(day, line int) Measures {
	return r.Group(func(d, _, l int) bool { return d == day && l == line })
}

// Day returns the measures of all lines over a day.
func (r *Result) Day(day int) Measures {
	return r.Group(func(d, _, _ int) bool { return d == day })
}

// Line returns the measures of one line over all days.
func (r *Result) Line(line int) Measures {
	return r.Group(func(_, _, l int) bool { return l == line })
}

// Total returns the measures of all lines over all days.
func (r *Result) Total() Measures {
	return r.Group(func(_, _, _ int) bool { return true })
}

// Group returns the measures of the slots and lines for which in reports true.
func (r *Result) Group(in func(day, slot, line int) bool) Measures {
	var idx []int
	for d, n := range r.Slots {
		for s := range n {
			for l := range r.Lines {
				if in(d, s, l) {
					idx = append(idx, r.offset[d]+s*r.Lines+l)
				}
			}
		}
	}
	return r.measure(idx)
}

// measure returns the measures of the cells idx (indexes within a replication).
func (r *Result) measure(idx []int) Measures {
	var m Measures
	reps := make([]Counts, r.Replications)
	var calls, sl, pw, asa, ab, un sample
	for rep := range r.Replications {
		cells := r.data[rep*r.perRep : (rep+1)*r.perRep]
		c := &reps[rep]
		for _, i := range idx {
			c.add(cells[i])
		}
		m.Total.Calls += c.Calls
		m.Total.Waited += c.Waited
		m.Total.Answered += c.Answered
		m.Total.Within += c.Within
		m.Total.Abandoned += c.Abandoned
		m.Total.Unserved += c.Unserved
		m.Total.Wait += c.Wait
		calls.add(float64(c.Calls))
		if c.Calls == 0 {
			continue
		}
		n := float64(c.Calls)
		sl.add(float64(c.Within) / n)
		pw.add(float64(c.Waited) / n)
		asa.add(c.Wait / n)
		ab.add(float64(c.Abandoned) / n)
		un.add(float64(c.Unserved) / n)
	}
	m.Replications = sl.n
	m.Calls = calls.estimate(0)
	m.ServiceLevel = sl.estimate(1)
	m.PWait = pw.estimate(0)
	m.ASA = asa.estimate(0)
	m.Abandoned = ab.estimate(0)
	m.Unserved = un.estimate(0)
	m.PerCall = Figures{
		ServiceLevel: ratio(reps, func(c *Counts) float64 { return float64(c.Within) }, 1),
		PWait:        ratio(reps, func(c *Counts) float64 { return float64(c.Waited) }, 0),
		ASA:          ratio(reps, func(c *Counts) float64 { return c.Wait }, 0),
		Abandoned:    ratio(reps, func(c *Counts) float64 { return float64(c.Abandoned) }, 0),
		Unserved:     ratio(reps, func(c *Counts) float64 { return float64(c.Unserved) }, 0),
	}
	return m
}

// ratio returns the ratio estimator R = Σ num / Σ calls over the replications reps, with the
// half-width t·s/(mean calls·√n) of its 95% confidence interval, s the standard deviation of
// num - R·calls (the delta method); none when no call arrived.
func ratio(reps []Counts, num func(*Counts) float64, none float64) Estimate {
	var sumX, sumN float64
	for i := range reps {
		sumX += num(&reps[i])
		sumN += float64(reps[i].Calls)
	}
	if sumN == 0 {
		return Estimate{Mean: none}
	}
	r := sumX / sumN
	var ss float64
	for i := range reps {
		d := num(&reps[i]) - r*float64(reps[i].Calls)
		ss += d * d
	}
	n := float64(len(reps))
	sd := math.Sqrt(ss / (n - 1))
	return Estimate{Mean: r, HalfWidth: studentT975(len(reps)-1) * sd / (sumN / n * math.Sqrt(n))}
}

// sample accumulates a mean and a variance (Welford's method).
type sample struct {
	n        int
	mean, m2 float64
}

func (s *sample) add(x float64) {
	s.n++
	d := x - s.mean
	s.mean += d / float64(s.n)
	s.m2 += d * (x - s.mean)
}

// estimate returns the mean with its 95% half-width; none is the mean of an empty sample.
func (s *sample) estimate(none float64) Estimate {
	switch s.n {
	case 0:
		return Estimate{Mean: none}
	case 1:
		return Estimate{Mean: s.mean, HalfWidth: math.Inf(1)}
	}
	sd := math.Sqrt(s.m2 / float64(s.n-1))
	return Estimate{Mean: s.mean, HalfWidth: studentT975(s.n-1) * sd / math.Sqrt(float64(s.n))}
}

// t975 holds the 97.5% quantiles of Student's t with 1..9 degrees of freedom.
var t975 = [...]float64{1: 12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157}

// studentT975 returns the 97.5% quantile of Student's t with df degrees of freedom: the
// factor of a two-sided 95% confidence interval. From 10 degrees of freedom on it uses the
// Cornish-Fisher expansion around the normal quantile (Abramowitz and Stegun 26.7.5), exact
// to 1e-5 there and tending to 1.96 as df grows.
func studentT975(df int) float64 {
	if df < len(t975) {
		return t975[df]
	}
	const z = 1.959963984540054
	z2 := z * z
	g1 := z * (z2 + 1) / 4
	g2 := z * ((5*z2+16)*z2 + 3) / 96
	g3 := z * (((3*z2+19)*z2+17)*z2 - 15) / 384
	g4 := z * ((((79*z2+776)*z2+1482)*z2-1920)*z2 - 945) / 92160
	v := float64(df)
	return z + (g1+(g2+(g3+g4/v)/v)/v)/v
}
