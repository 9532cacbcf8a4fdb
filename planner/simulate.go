package planner

import (
	"context"

	"deskplan/planner/sim"
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
// patience. It is the independent check of what Evaluate claims: the same inputs, no
// queueing formula. opt.Target is set from the settings when zero.
func Simulate(ctx context.Context, ds *Dataset, r *Roster, opt sim.Options) (*Simulation, error) {
	d, err := BuildDemand(ds, r.SessionID, r.From, r.To)
	if err != nil {
		return nil, err
	}
	if opt.Target == 0 {
		opt.Target = float64(ds.Settings.TargetSeconds)
	}
	phones := OnPhone(d, ds, r.Shifts)
	out := &Simulation{Lines: d.Lines}
	var days []sim.Day
	for di := range d.Days {
		if !d.Open[di] {
			continue
		}
		day := sim.Day{Slot: float64(d.SlotMinutes * 60), Agents: make([][]sim.Agent, len(d.Slots))}
		for li := range d.Lines {
			q := d.dayQueue(di, li)
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
