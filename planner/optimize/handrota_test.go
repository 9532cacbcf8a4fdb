package optimize_test

import (
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// managerRota is the rota a competent manager makes by hand for the horizon of r, with the
// same people and no more paid hours than r: two fixed half-day shifts a day (07:30-13:30 and
// 13:30-19:30), as many of them in each half-day and line as its share of the forecast calls,
// and every rule kept as a careful person keeps them: a coordinator (on both lines) in every
// half-day, someone on each line with calls, trainees and new staff only beside a mentor of
// their line within the ratio, new staff their shadowing hours, contract minimum and maximum
// hours and days, availability for the whole half-day, one shift a day. People who answer both
// lines take both (pooled), the others their line.
func managerRota(tb testing.TB, ds *planner.Dataset, r *planner.Roster) *planner.Roster {
	tb.Helper()
	ix, err := planner.NewAvailabilityIndex(ds)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := planner.BuildDemand(ds, r.SessionID, r.From, r.To)
	if err != nil {
		tb.Fatal(err)
	}
	st := ds.Settings
	halves := [2][2]calendar.Clock{{st.Open, st.Open + 6*60}, {st.Open + 6*60, st.Close}}
	const shiftHours = 6.0
	type block struct {
		di, half int
		calls    []float64 // per line
		target   []float64 // shifts per line (pooled people count on each line in proportion)
		people   []int     // staff indexes
	}
	var blocks []*block
	var total float64
	for di := range d.Days {
		if !d.Open[di] {
			continue
		}
		for h := range 2 {
			b := &block{di: di, half: h, calls: make([]float64, len(d.Lines)), target: make([]float64, len(d.Lines))}
			for si, c := range d.Slots {
				if c >= halves[h][0] && c < halves[h][1] {
					for li := range d.Lines {
						b.calls[li] += d.Load[di][si][li].Calls
					}
				}
			}
			for _, c := range b.calls {
				total += c
			}
			blocks = append(blocks, b)
		}
	}
	paid := 0.0
	for _, sh := range r.Shifts {
		paid += float64(sh.Minutes()) / 60
	}
	shifts := math.Floor(paid / shiftHours)
	for _, b := range blocks {
		for li, c := range b.calls {
			b.target[li] = shifts * c / total
		}
	}
	days := map[int]map[int]bool{} // person -> day -> working
	hours := map[int]float64{}
	workdays := map[int]int{}
	for p := range ds.Staff {
		days[p] = map[int]bool{}
	}
	lineIdx := map[string]int{}
	for i, l := range d.Lines {
		lineIdx[l] = i
	}
	lines := func(p int) []int {
		var out []int
		for _, l := range ds.Staff[p].Lines {
			if li, ok := lineIdx[l]; ok {
				out = append(out, li)
			}
		}
		return out
	}
	// deficit of a block for person p: the shortfall of their lines against the target, in
	// people (someone on both lines counts half on each)
	deficit := func(b *block, p int) float64 {
		have := make([]float64, len(d.Lines))
		for _, q := range b.people {
			if ds.Staff[q].Status == planner.StatusNew {
				continue
			}
			ls := lines(q)
			for _, li := range ls {
				have[li] += 1 / float64(len(ls))
			}
		}
		sum := 0.0
		for _, li := range lines(p) {
			sum += b.target[li] - have[li]
		}
		return sum
	}
	mentorIn := func(b *block, li int) int {
		n := 0
		for _, q := range b.people {
			if ds.Staff[q].Status == planner.StatusMentor && slices.Contains(lines(q), li) {
				n++
			}
		}
		return n
	}
	learners := func(b *block) (n, mentors int) {
		for _, q := range b.people {
			switch ds.Staff[q].Status {
			case planner.StatusTrainee, planner.StatusNew:
				n++
			case planner.StatusMentor:
				mentors++
			}
		}
		return n, mentors
	}
	can := func(p int, b *block) bool {
		s := ds.Staff[p]
		if days[p][b.di] || hours[p]+shiftHours > s.MaxHoursWeek+1e-9 || (s.MaxDaysWeek > 0 && workdays[p] >= s.MaxDaysWeek) ||
			(s.MaxHoursDay > 0 && s.MaxHoursDay < shiftHours) {
			return false
		}
		if !ix.Day(s.ID, d.Days[b.di]).Allows(halves[b.half][0], halves[b.half][1]) {
			return false
		}
		if s.Status == planner.StatusTrainee || s.Status == planner.StatusNew {
			for _, li := range lines(p) {
				if mentorIn(b, li) == 0 {
					return false
				}
			}
			n, m := learners(b)
			if n+1 > st.MaxTraineesPerMentor*m {
				return false
			}
		}
		return true
	}
	put := func(p int, b *block) {
		b.people = append(b.people, p)
		days[p][b.di] = true
		hours[p] += shiftHours
		workdays[p]++
	}
	// people in the order a manager fills a rota: coordinators, mentors, qualified, trainees,
	// new staff; within each, those with the most contract hours first
	order := make([]int, len(ds.Staff))
	for i := range order {
		order[i] = i
	}
	rank := func(s planner.Staff) int {
		switch {
		case s.IsCoordinator():
			return 0
		case s.Status == planner.StatusMentor:
			return 1
		case s.Status == planner.StatusQualified:
			return 2
		case s.Status == planner.StatusTrainee:
			return 3
		}
		return 4
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := ds.Staff[order[i]], ds.Staff[order[j]]
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		return a.MaxHoursWeek > b.MaxHoursWeek
	})
	// 1. a coordinator in every half-day
	for _, b := range blocks {
		best := -1
		for _, p := range order {
			if ds.Staff[p].IsCoordinator() && can(p, b) && (best < 0 || hours[p] < hours[best]) {
				best = p
			}
		}
		if best >= 0 {
			put(best, b)
		}
	}
	// 2. someone on each line with calls in every half-day
	for _, b := range blocks {
		for li, c := range b.calls {
			if c == 0 || slices.ContainsFunc(b.people, func(q int) bool { return slices.Contains(lines(q), li) }) {
				continue
			}
			for _, p := range order {
				s := ds.Staff[p]
				if s.Status != planner.StatusNew && s.Status != planner.StatusTrainee && slices.Contains(lines(p), li) && can(p, b) {
					put(p, b)
					break
				}
			}
		}
	}
	// 3. everyone up to their contract minimum, where their lines fall shortest; new staff up
	// to their training hours
	want := func(p int) float64 {
		s := ds.Staff[p]
		if s.Status == planner.StatusNew {
			return s.TrainingHours
		}
		return s.MinHoursWeek
	}
	fill := func(p int, upto float64) {
		for hours[p] < upto-1e-9 {
			var best *block
			for _, b := range blocks {
				if can(p, b) && (best == nil || deficit(b, p) > deficit(best, p)) {
					best = b
				}
			}
			if best == nil {
				return
			}
			put(p, best)
		}
	}
	for _, p := range order {
		fill(p, want(p))
	}
	// 4. the remaining paid hours in proportion to the calls, to whoever has hours left
	for {
		used := 0.0
		for _, h := range hours {
			used += h
		}
		if used+shiftHours > paid+1e-9 {
			break
		}
		bp, bb, bd := -1, (*block)(nil), math.Inf(-1)
		for _, p := range order {
			if ds.Staff[p].Status == planner.StatusNew {
				continue
			}
			for _, b := range blocks {
				if v := deficit(b, p); v > bd && can(p, b) {
					bp, bb, bd = p, b, v
				}
			}
		}
		if bp < 0 {
			break
		}
		put(bp, bb)
	}
	hand := *r
	hand.Shifts = nil
	hand.Method = "manager"
	for _, b := range blocks {
		for _, p := range b.people {
			s := ds.Staff[p]
			line := planner.PooledLine
			if ls := lines(p); len(ls) == 1 {
				line = d.Lines[ls[0]]
			}
			hand.Shifts = append(hand.Shifts, planner.Shift{StaffID: s.ID, Date: d.Days[b.di],
				Start: halves[b.half][0], End: halves[b.half][1], Line: line})
		}
	}
	planner.SortShifts(hand.Shifts)
	return &hand
}
