package optimize

import (
	"context"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/sim"
)

// Simulation is a discrete-event simulation of what a roster delivers (see package sim), with
// the open days of the roster's horizon in order.
type Simulation struct {
	*sim.Result
	Days  []int    // the index in Demand.Days of each simulated day
	Lines []string // line ids, in the simulation's order
}

// Simulate runs the desk of roster r on dataset ds through a discrete-event simulation: calls
// arrive at random at each slot's forecast rate, people on the phone answer them as OnPhone
// lays them out (their lines, their speed, the coordinator on duty at coordinator_phone_share),
// pooled people take whichever caller has waited longest, and callers hang up after their
// patience. It is the independent check of what Evaluate claims: the same inputs (the demand
// the roster was planned for), no queueing formula. opt.Target is set from the settings when
// zero.
func Simulate(ctx context.Context, ds *planner.Dataset, r *planner.Roster, opt sim.Options) (*Simulation, error) {
	d, err := planner.BuildDemandAt(ds, r.SessionID, r.From, r.To, planner.RosterDemand(r))
	if err != nil {
		return nil, err
	}
	if opt.Target == 0 {
		opt.Target = float64(ds.Settings.TargetSeconds)
	}
	phones := planner.OnPhone(d, ds, r.Shifts)
	out := &Simulation{Lines: d.Lines}
	var days []sim.Day
	for di := range d.Days {
		if !d.Open[di] {
			continue
		}
		day := sim.Day{Slot: float64(d.SlotMinutes * 60), Agents: make([][]sim.Agent, len(d.Slots))}
		for li := range d.Lines {
			q := d.DayQueue(di, li)
			day.Lines = append(day.Lines, sim.Line{Calls: q.Calls, AHT: q.AHT, Patience: q.Patience})
		}
		for si, agents := range phones[di] {
			for _, a := range agents {
				if a.Speed <= 0 {
					continue
				}
				sa := sim.Agent{ID: a.Staff, Speed: a.Speed}
				for li := range d.Lines {
					if a.Answers(li) {
						sa.Lines = append(sa.Lines, li)
					}
				}
				day.Agents[si] = append(day.Agents[si], sa)
			}
		}
		days = append(days, day)
		out.Days = append(out.Days, di)
	}
	res, err := sim.Simulate(ctx, days, opt)
	if err != nil {
		return nil, err
	}
	out.Result = res
	return out, nil
}

// ServiceCheck is what Evaluate claims for a group of slots beside what the simulation of the
// same roster gives: the share of calls answered within the target, the simulation's with the
// half-width of its 95% confidence interval (the caller's view, sim.Measures.PerCall).
type ServiceCheck struct {
	Date      calendar.Date `json:"date,omitzero"`  // zero: every day of the horizon
	Line      string        `json:"line,omitempty"` // "": every line
	Calls     float64       `json:"calls"`
	Claimed   float64       `json:"claimed"`
	Simulated float64       `json:"simulated"`
	HalfWidth float64       `json:"half_width"`
}

// Gap returns the claimed service level less the simulated one, in points.
func (c ServiceCheck) Gap() float64 { return 100 * (c.Claimed - c.Simulated) }

// CheckService sets the report of a roster beside its simulation: per day, per day and line,
// per line, and for the whole horizon (last).
func CheckService(rep *planner.Report, s *Simulation) []ServiceCheck {
	claim := func(in func(planner.SlotReport) bool) (calls, sl float64) {
		for _, x := range rep.Slots {
			if in(x) {
				calls += x.Calls
				sl += x.Calls * x.ServiceLevel
			}
		}
		if calls > 0 {
			sl /= calls
		} else {
			sl = 1
		}
		return calls, sl
	}
	row := func(date calendar.Date, line string, m sim.Measures, in func(planner.SlotReport) bool) ServiceCheck {
		calls, sl := claim(in)
		return ServiceCheck{Date: date, Line: line, Calls: calls, Claimed: sl,
			Simulated: m.PerCall.ServiceLevel.Mean, HalfWidth: m.PerCall.ServiceLevel.HalfWidth}
	}
	var out []ServiceCheck
	d0 := rep.Days
	for k := range s.Days {
		if k >= len(d0) {
			break
		}
		day := d0[k].Date
		out = append(out, row(day, "", s.Day(k), func(x planner.SlotReport) bool { return x.Date == day }))
		for li, line := range s.Lines {
			out = append(out, row(day, line, s.DayLine(k, li), func(x planner.SlotReport) bool { return x.Date == day && x.Line == line }))
		}
	}
	for li, line := range s.Lines {
		out = append(out, row(calendar.Date{}, line, s.Line(li), func(x planner.SlotReport) bool { return x.Line == line }))
	}
	out = append(out, row(calendar.Date{}, "", s.Total(), func(planner.SlotReport) bool { return true }))
	return out
}
