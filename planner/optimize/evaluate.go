package optimize

import (
	"math"
	"math/bits"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/deskplan/deskplan/planner/rules"
)

// Evaluate reports what roster r delivers on dataset ds: per slot the needed and effective
// agents and the predicted service level, ASA and abandonment, per day, per line and per
// person, and every rule the roster breaks. The calls are those of the demand the roster was
// planned for, with the need of its method (its PlanRecord).
//
// The service comes from the pooled two-line chain of queue.TransientPool: people on one line
// answer it, people on both lines (pooled shifts) answer whichever caller has waited longest,
// each person answers at their speed (a trainee is a slower server, the coordinator on duty
// gives the phones coordinator_phone_share of their time), and the queue carries over from one
// slot to the next, from an empty desk at opening. A desk with more than two lines is
// evaluated line by line, a pooled person split between the lines by their calls.
func Evaluate(ds *planner.Dataset, r *planner.Roster) (*planner.Report, error) {
	d, err := planner.BuildDemandAt(ds, r.SessionID, r.From, r.To, r.Plan.Demand)
	if err != nil {
		return nil, err
	}
	return evaluate(ds, r, d, planner.ComputeNeeds(d, ds.Settings, r.Plan.NeedMethod)), nil
}

// evaluate reports what roster r delivers on demand d, against needs.
func evaluate(ds *planner.Dataset, r *planner.Roster, d *planner.Demand, needs *planner.Needs) *planner.Report {
	phones := planner.OnPhone(d, ds, r.Shifts)
	chk := rules.NewChecker(ds, r, d)
	all := chk.Violations()
	rep := &planner.Report{Violations: rules.HardViolations(all), Unmet: rules.SoftViolations(all)}
	t := float64(ds.Settings.TargetSeconds)
	lines := make([]planner.LineReport, len(d.Lines))
	for li, l := range d.Lines {
		lines[li].Line = l
	}
	var callsAll, slAll, asaAll, abAll float64
	for di, day := range d.Days {
		if !d.Open[di] {
			continue
		}
		dr := planner.DayReport{Date: day}
		var sl, asa, ab float64
		res, staff := serveDay(d, di, phones[di], t)
		for li, line := range d.Lines {
			lr := &lines[li]
			for si, c := range d.Slots {
				load := d.Load[di][si][li]
				x := res[li][si]
				s := planner.SlotReport{Date: day, Time: c, Line: line, Calls: load.Calls,
					Needed: needs.Agents[di][si][li], Staff: staff[si][li].people, Effective: staff[si][li].effective,
					Pooled: staff[si][li].pooled, ServiceLevel: x.ServiceLevel, ASA: finite(x.ASA), PAbandon: x.PAbandon, Occupancy: x.Occupancy}
				if s.Short() {
					dr.SlotsShort++
				}
				rep.Slots = append(rep.Slots, s)
				dr.Calls += load.Calls
				sl += load.Calls * s.ServiceLevel
				rep.LateCalls += load.Calls * (1 - s.ServiceLevel)
				asa += load.Calls * s.ASA
				ab += load.Calls * s.PAbandon
				lr.Calls += load.Calls
				lr.ServiceLevel += load.Calls * s.ServiceLevel
				lr.ASA += load.Calls * s.ASA
				lr.PAbandon += load.Calls * s.PAbandon
				if load.Calls > 0 && s.Staff == 0 {
					lr.SlotsUnanswered++
				}
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
	for li := range lines {
		if c := lines[li].Calls; c > 0 {
			lines[li].ServiceLevel /= c
			lines[li].ASA /= c
			lines[li].PAbandon /= c
		}
	}
	rep.Lines = lines
	rep.LateCalls = math.Round(rep.LateCalls*100) / 100
	rep.Staff = staffReports(ds, r, d, chk)
	return rep
}

// lineStaff is who answers a line in a slot: people, their effective agents, and the part of
// those shared with another line.
type lineStaff struct {
	people            int
	effective, pooled float64
}

// serveDay returns the measures of every line and slot of day di (res[line][slot]) and who
// answers each line in each slot (staff[slot][line]), from the people on the phone.
func serveDay(d *planner.Demand, di int, phones [][]planner.PhoneAgent, t float64) (res [][]queue.Result, staff [][]lineStaff) {
	nl := len(d.Lines)
	staff = make([][]lineStaff, len(d.Slots))
	for si, agents := range phones {
		staff[si] = make([]lineStaff, nl)
		for _, a := range agents {
			if a.Speed <= 0 {
				continue
			}
			shared := bits.OnesCount64(a.Lines) > 1
			for li := range nl {
				if a.Answers(li) {
					staff[si][li].people++
					staff[si][li].effective += a.Speed
					if shared {
						staff[si][li].pooled += a.Speed
					}
				}
			}
		}
	}
	if nl > 2 || maxPhones(phones) > maxPoolAgents {
		return serveSplit(d, di, phones, t), staff
	}
	crews := make([]queue.Crew, len(d.Slots))
	for si, agents := range phones {
		for _, a := range agents {
			if a.Speed <= 0 {
				continue
			}
			g := queue.Dedicated0
			switch {
			case a.Lines == 3:
				g = queue.Pooled
			case a.Lines == 2:
				g = queue.Dedicated1
			}
			crews[si].Agents[g]++
			crews[si].Effective[g] += a.Speed
		}
	}
	days := [2]queue.Day{d.DayQueue(di, 0)}
	if nl == 2 {
		days[1] = d.DayQueue(di, 1)
	} else {
		days[1] = queue.Day{Slot: days[0].Slot, Calls: make([]float64, len(d.Slots)), AHT: days[0].AHT, Patience: days[0].Patience}
	}
	if nl == 2 && !anyPooled(crews) {
		// nobody answers both lines all day: the lines are independent, and two chains of
		// one line each are far smaller than their product
		return [][]queue.Result{aloneTransient(days, crews, 0, t), aloneTransient(days, crews, 1, t)}, staff
	}
	both := queue.TransientPool(days, crews, t)
	return both[:nl], staff
}

// maxPhones returns the most agents on the phones in one slot.
func maxPhones(phones [][]planner.PhoneAgent) int {
	most := 0
	for _, agents := range phones {
		n := 0
		for _, a := range agents {
			if a.Speed > 0 {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// anyPooled reports whether some crew has someone who answers both lines.
func anyPooled(crews []queue.Crew) bool {
	for _, c := range crews {
		if c.Agents[queue.Pooled] > 0 {
			return true
		}
	}
	return false
}

// aloneTransient returns TransientPool's results for line l of days with its own agents
// only, the other line left without calls or agents.
func aloneTransient(days [2]queue.Day, crews []queue.Crew, l int, t float64) []queue.Result {
	var one [2]queue.Day
	one[l] = days[l]
	other := days[1-l]
	one[1-l] = queue.Day{Slot: other.Slot, Calls: make([]float64, len(other.Calls)), AHT: other.AHT, Patience: other.Patience}
	mine := make([]queue.Crew, len(crews))
	for si, c := range crews {
		mine[si].Agents[l], mine[si].Effective[l] = c.Agents[l], c.Effective[l]
	}
	return queue.TransientPool(one, mine, t)[l]
}

// serveSplit evaluates a desk of more than two lines line by line, with a person who answers
// several lines split between them in proportion to their calls in the slot (equally when
// there are none).
func serveSplit(d *planner.Demand, di int, phones [][]planner.PhoneAgent, t float64) [][]queue.Result {
	nl := len(d.Lines)
	res := make([][]queue.Result, nl)
	for li := range nl {
		eff := make([]float64, len(d.Slots))
		for si, agents := range phones {
			shares := d.LineShares(di, si)
			for _, a := range agents {
				if !a.Answers(li) {
					continue
				}
				var total float64
				for l := range nl {
					if a.Answers(l) {
						total += shares[l]
					}
				}
				eff[si] += a.Speed * shares[li] / total
			}
		}
		res[li] = queue.Transient(d.DayQueue(di, li), eff, t, nil)
	}
	return res
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

// staffReports returns each person's hours against contract over the roster's horizon, and
// for trainees and new staff their hours beside a mentor of their line (as the rule book
// counts them).
func staffReports(ds *planner.Dataset, r *planner.Roster, d *planner.Demand, chk *rules.Checker) []planner.StaffReport {
	weeks := float64(len(d.Days)) / 7
	out := make([]planner.StaffReport, 0, len(ds.Staff))
	idx := map[string]int{}
	for _, st := range ds.Staff {
		idx[st.ID] = len(out)
		sr := planner.StaffReport{StaffID: st.ID, Name: st.Name, Status: st.Status,
			MinHours: math.Round(st.MinHoursWeek*weeks*10) / 10, MaxHours: math.Round(st.MaxHoursWeek*weeks*10) / 10}
		if st.Supervised() {
			sr.BesideMentor = chk.BesideMentor(st, calendar.Date{})
		}
		if st.Status == planner.StatusNew {
			sr.TrainingAsked = math.Round(st.TrainingHours*openWeeks(d, ds.Settings)*10) / 10
		}
		out = append(out, sr)
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
