package planner

import (
	"fmt"
	"math"

	"deskplan/planner/calendar"
	"deskplan/planner/queue"
)

// Coverage is who is on the phone in each cell of a horizon: Staff[day][slot][line] people
// and Effective[day][slot][line] effective agents (sum of productivity).
type Coverage struct {
	Staff     [][][]int
	Effective [][][]float64
}

// Cover lays shifts on the grid of d. A pooled shift (Line == PooledLine) answers all its
// person's lines: its productivity is split among them in proportion to their calls in the
// slot (equally when no calls), and its person counts as on duty on each.
func Cover(d *Demand, ds *Dataset, shifts []Shift) *Coverage {
	cv := &Coverage{Staff: make([][][]int, len(d.Days)), Effective: make([][][]float64, len(d.Days))}
	for di := range d.Days {
		cv.Staff[di] = make([][]int, len(d.Slots))
		cv.Effective[di] = make([][]float64, len(d.Slots))
		for si := range d.Slots {
			cv.Staff[di][si] = make([]int, len(d.Lines))
			cv.Effective[di][si] = make([]float64, len(d.Lines))
		}
	}
	lineIdx := map[string]int{}
	for i, l := range d.Lines {
		lineIdx[l] = i
	}
	for _, sh := range shifts {
		di := sh.Date.Sub(d.From)
		if di < 0 || di >= len(d.Days) {
			continue
		}
		st, _ := ds.StaffByID(sh.StaffID)
		w := st.EffectiveProductivity()
		var lines []int
		if sh.Line == PooledLine {
			for _, l := range st.Lines {
				if li, ok := lineIdx[l]; ok {
					lines = append(lines, li)
				}
			}
		} else if li, ok := lineIdx[sh.Line]; ok {
			lines = []int{li}
		}
		for si, c := range d.Slots {
			if !sh.OnDuty(c, d.SlotMinutes) {
				continue
			}
			var total float64
			for _, li := range lines {
				total += d.Load[di][si][li].Calls
			}
			for _, li := range lines {
				share := 1 / float64(len(lines))
				if total > 0 {
					share = d.Load[di][si][li].Calls / total
				}
				cv.Staff[di][si][li]++
				cv.Effective[di][si][li] += w * share
			}
		}
	}
	return cv
}

// Evaluate reports what roster r delivers on dataset ds: per slot the needed and effective
// agents and the predicted service level, ASA and abandonment (from the transient evaluator,
// which carries the queue from one slot to the next), per day and per person, and every hard
// rule the roster breaks. The calls are those of the demand the roster was planned for
// (RosterDemand).
func Evaluate(ds *Dataset, r *Roster) (*Report, error) {
	d, err := BuildDemandAt(ds, r.SessionID, r.From, r.To, RosterDemand(r))
	if err != nil {
		return nil, err
	}
	needs := ComputeNeeds(d, ds.Settings, queue.DefaultMethod)
	cv := Cover(d, ds, r.Shifts)
	rep := &Report{Violations: Check(ds, r)}
	t := float64(ds.Settings.TargetSeconds)
	var callsAll, slAll, asaAll, abAll float64
	for di, day := range d.Days {
		if !d.Open[di] {
			continue
		}
		dr := DayReport{Date: day}
		var sl, asa, ab float64
		for li, line := range d.Lines {
			q := d.dayQueue(di, li)
			eff := make([]float64, len(d.Slots))
			for si := range d.Slots {
				eff[si] = cv.Effective[di][si][li]
			}
			res := evaluateDay(q, eff, t)
			for si, c := range d.Slots {
				load := d.Load[di][si][li]
				x := res[si]
				s := SlotReport{Date: day, Time: c, Line: line, Calls: load.Calls,
					Needed: needs.Agents[di][si][li], Staff: cv.Staff[di][si][li], Effective: eff[si],
					ServiceLevel: x.ServiceLevel, ASA: finite(x.ASA), PAbandon: x.PAbandon, Occupancy: x.Occupancy}
				if s.Short() {
					dr.SlotsShort++
				}
				rep.Slots = append(rep.Slots, s)
				dr.Calls += load.Calls
				sl += load.Calls * s.ServiceLevel
				rep.LateCalls += load.Calls * (1 - s.ServiceLevel)
				asa += load.Calls * s.ASA
				ab += load.Calls * s.PAbandon
			}
		}
		if dr.Calls > 0 {
			dr.ServiceLevel, dr.ASA, dr.PAbandon = sl/dr.Calls, asa/dr.Calls, ab/dr.Calls
		}
		for _, sh := range r.Shifts {
			if sh.Date == day {
				dr.PaidHours += float64(sh.Minutes()) / 60
			}
		}
		rep.Days = append(rep.Days, dr)
		rep.Calls += dr.Calls
		rep.PaidHours += dr.PaidHours
		rep.SlotsShort += dr.SlotsShort
		callsAll += dr.Calls
		slAll += sl
		asaAll += asa
		abAll += ab
	}
	if callsAll > 0 {
		rep.ServiceLevel, rep.ASA, rep.PAbandon = slAll/callsAll, asaAll/callsAll, abAll/callsAll
	}
	rep.LateCalls = math.Round(rep.LateCalls*100) / 100
	rep.Staff = staffReports(ds, r, d)
	return rep, nil
}

// maxASA caps an infinite mean wait (no agent on an unstable Erlang C queue) so reports and
// JSON stay finite: a day.
const maxASA = 86400

func finite(x float64) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) || x > maxASA {
		return maxASA
	}
	return x
}

// evaluateDay returns the measures of each slot of one line's day with eff effective agents
// per slot, from the transient evaluator: the queue carries over from one slot to the next,
// starting from an empty desk at opening.
func evaluateDay(q queue.Day, eff []float64, t float64) []queue.Result {
	return queue.Transient(q, eff, t, nil)
}

// staffReports returns each person's hours against contract over the roster's horizon.
func staffReports(ds *Dataset, r *Roster, d *Demand) []StaffReport {
	weeks := float64(len(d.Days)) / 7
	out := make([]StaffReport, 0, len(ds.Staff))
	idx := map[string]int{}
	for _, st := range ds.Staff {
		idx[st.ID] = len(out)
		out = append(out, StaffReport{StaffID: st.ID, Name: st.Name, Status: st.Status,
			MinHours: math.Round(st.MinHoursWeek*weeks*10) / 10, MaxHours: math.Round(st.MaxHoursWeek*weeks*10) / 10})
	}
	for _, sh := range r.Shifts {
		i, ok := idx[sh.StaffID]
		if !ok {
			continue
		}
		sr := &out[i]
		sr.Shifts++
		sr.Hours += float64(sh.Minutes()) / 60
		if sh.Date.Weekday() == 6 {
			sr.Saturdays++
		}
		if sh.Start == ds.Settings.Open {
			sr.Openings++
		}
		if sh.End == ds.Settings.Close {
			sr.Closings++
		}
	}
	return out
}

// weekKey identifies the ISO week of a day by its Monday.
func weekKey(d calendar.Date) calendar.Date { return d.Monday() }

// hours formats minutes as hours for messages.
func hours(min int) string { return fmt.Sprintf("%gh", float64(min)/60) }
