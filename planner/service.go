package planner

import (
	"slices"
)

// PhoneAgent is a person on the phone during one slot: the lines they answer then (a bit per
// index of Demand.Lines) and their speed, the share of an agent they count for: their
// productivity, times coordinator_phone_share for the coordinator on duty.
type PhoneAgent struct {
	Staff        int // index in Dataset.Staff
	Lines        uint64
	Speed        float64
	Coordinating bool // the coordinator on duty
}

// Answers reports whether the agent answers line li.
func (a PhoneAgent) Answers(li int) bool { return a.Lines&(1<<li) != 0 }

// Phones is who is on the phone in each open slot of a horizon: Phones[day][slot] in staff
// order. New staff, who take no calls, are left out.
type Phones [][][]PhoneAgent

// IsCoordinator reports whether s may hold the coordinator role on duty: the role, and a status
// that takes calls alone (qualified or mentor).
func (s Staff) IsCoordinator() bool {
	return s.HasRole(RoleCoordinator) && (s.Status == StatusQualified || s.Status == StatusMentor)
}

// OnPhone lays shifts on the slot grid of d. A shift on one line answers that line; a pooled
// shift (Line PooledLine) answers every line of its person. In each slot the coordinator on
// duty is the coordinator (IsCoordinator) on duty whose shift started first (the first in
// staff order among equals): the one who has held the desk longest until the next takes over.
func OnPhone(d *Demand, ds *Dataset, shifts []Shift) Phones {
	out := make(Phones, len(d.Days))
	lineIdx := make(map[string]int, len(d.Lines))
	for i, l := range d.Lines {
		lineIdx[l] = i
	}
	staffIdx := make(map[string]int, len(ds.Staff))
	for i, s := range ds.Staff {
		staffIdx[s.ID] = i
	}
	type duty struct {
		agent PhoneAgent
		shift Shift
	}
	byDay := make([][]duty, len(d.Days))
	for _, sh := range shifts {
		di := sh.Date.Sub(d.From)
		pi, ok := staffIdx[sh.StaffID]
		if di < 0 || di >= len(d.Days) || !ok {
			continue
		}
		st := ds.Staff[pi]
		a := PhoneAgent{Staff: pi, Speed: st.EffectiveProductivity()}
		if sh.Line == PooledLine {
			for _, l := range st.Lines {
				if li, ok := lineIdx[l]; ok {
					a.Lines |= 1 << li
				}
			}
		} else if li, ok := lineIdx[sh.Line]; ok {
			a.Lines = 1 << li
		}
		if a.Lines != 0 {
			byDay[di] = append(byDay[di], duty{a, sh})
		}
	}
	share := ds.Settings.CoordinatorPhoneShare
	for di, list := range byDay {
		slices.SortStableFunc(list, func(x, y duty) int { return x.agent.Staff - y.agent.Staff })
		out[di] = make([][]PhoneAgent, len(d.Slots))
		for si, c := range d.Slots {
			coord := -1
			for k, x := range list {
				if x.shift.OnDuty(c, d.SlotMinutes) && ds.Staff[x.agent.Staff].IsCoordinator() &&
					(coord < 0 || x.shift.Start < list[coord].shift.Start) {
					coord = k
				}
			}
			var agents []PhoneAgent
			for k, x := range list {
				if !x.shift.OnDuty(c, d.SlotMinutes) {
					continue
				}
				a := x.agent
				if k == coord {
					a.Coordinating = true
					a.Speed *= share
				}
				if a.Speed > 0 || a.Coordinating {
					agents = append(agents, a)
				}
			}
			out[di][si] = agents
		}
	}
	return out
}
