package planner

import (
	"context"

	"github.com/deskplan/deskplan/planner/queue"
)

// Target returns the queue target of the settings.
func (s Settings) Target() queue.Target {
	return queue.Target{
		ServiceLevel: s.TargetPercent / 100,
		Time:         float64(s.TargetSeconds),
		MaxOccupancy: s.MaxOccupancy,
		Shrinkage:    s.Shrinkage,
	}
}

// DayQueue returns line li's forecast of day di as a queue.Day. The handle time and patience of
// a day are the call-weighted means of its slots (queue.Day has one of each).
func (d *Demand) DayQueue(di, li int) queue.Day {
	day := queue.Day{Slot: float64(d.SlotMinutes * 60), Calls: make([]float64, len(d.Slots))}
	var calls, aht, pat float64
	for si := range d.Slots {
		l := d.Load[di][si][li]
		day.Calls[si] = l.Calls
		calls += l.Calls
		aht += l.Calls * l.AHT
		pat += l.Calls * l.Patience
	}
	if calls > 0 {
		day.AHT, day.Patience = aht/calls, pat/calls
	} else {
		day.AHT = 300
	}
	return day
}

// Needs holds the agents needed per day, slot and line (Agents[day][slot][line]), and the
// agents to roster after shrinkage.
type Needs struct {
	Method   queue.Method
	Agents   [][][]int
	Rostered [][][]int
}

// ComputeNeeds returns the agents needed in every cell of d to meet the settings' service
// target, with the slot loads given by method (queue.Lagged or queue.SIPP).
func ComputeNeeds(d *Demand, st Settings, method queue.Method) *Needs {
	n, _ := ComputeNeedsContext(context.Background(), d, st, method)
	return n
}

// ComputeNeedsContext is ComputeNeeds that stops, with ctx's error, once ctx is done (looked
// at once a day and line).
func ComputeNeedsContext(ctx context.Context, d *Demand, st Settings, method queue.Method) (*Needs, error) {
	tg := st.Target()
	n := &Needs{Method: method, Agents: make([][][]int, len(d.Days)), Rostered: make([][][]int, len(d.Days))}
	for di := range d.Days {
		n.Agents[di] = make([][]int, len(d.Slots))
		n.Rostered[di] = make([][]int, len(d.Slots))
		for si := range d.Slots {
			n.Agents[di][si] = make([]int, len(d.Lines))
			n.Rostered[di][si] = make([]int, len(d.Lines))
		}
		if !d.Open[di] {
			continue
		}
		for li := range d.Lines {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for si, r := range queue.Requirements(d.DayQueue(di, li), tg, method) {
				n.Agents[di][si][li] = r.Agents
				n.Rostered[di][si][li] = r.Rostered
			}
		}
	}
	return n, nil
}
