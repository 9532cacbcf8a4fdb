package planner

import (
	"fmt"

	"deskplan/planner/calendar"
)

// Load is the forecast of one line in one slot.
type Load struct {
	Calls    float64 // calls arriving in the slot
	AHT      float64 // average handle time, seconds
	Patience float64 // callers' mean patience, seconds; 0: callers never hang up
}

// Demand is the forecast laid on the slot grid of a horizon: Load[day][slot][line], with days
// from From (open and closed days alike: a closed day has no slots), slots of the opening hours
// and lines in Dataset order.
type Demand struct {
	From  calendar.Date
	Days  []calendar.Date
	Open  []bool // desk open that day
	Slots []calendar.Clock
	Lines []string
	Load  [][][]Load
	// SlotMinutes is the length of a slot.
	SlotMinutes int
}

// Horizon returns the days of a plan: the week (Monday to Sunday) of week when it is set,
// otherwise the whole session. Days outside the session are dropped.
func Horizon(sess Session, week calendar.Date) (from, to calendar.Date, err error) {
	from, to = sess.FirstDay, sess.LastDay
	if !week.IsZero() {
		mon := week.Monday()
		from, to = mon, mon.AddDays(6)
		if from.Before(sess.FirstDay) {
			from = sess.FirstDay
		}
		if to.After(sess.LastDay) {
			to = sess.LastDay
		}
		if to.Before(from) {
			return from, to, fmt.Errorf("week of %s is outside session %s (%s to %s)", week, sess.ID, sess.FirstDay, sess.LastDay)
		}
	}
	return from, to, nil
}

// BuildDemand lays the forecast of session sessionID on the slot grid of [from, to]. A dated
// forecast row wins over a weekly-profile row for the same weekday, slot and line. Patience
// falls back to the patience_seconds setting. A row used that is outside its ranges
// (ForecastRow.Validate), or makes a load beyond LoadRange, is an *InputError naming it.
func BuildDemand(ds *Dataset, sessionID string, from, to calendar.Date) (*Demand, error) {
	if _, ok := ds.Session(sessionID); !ok {
		return nil, fmt.Errorf("unknown session %q", sessionID)
	}
	st := ds.Settings
	d := &Demand{From: from, Slots: st.Slots(), Lines: ds.LineIDs(), SlotMinutes: st.SlotMinutes}
	slotIndex := make(map[calendar.Clock]int, len(d.Slots))
	for i, c := range d.Slots {
		slotIndex[c] = i
	}
	lineIndex := make(map[string]int, len(d.Lines))
	for i, l := range d.Lines {
		lineIndex[l] = i
	}
	dayIndex := map[calendar.Date]int{}
	for day := from; !day.After(to); day = day.AddDays(1) {
		dayIndex[day] = len(d.Days)
		d.Days = append(d.Days, day)
		open := st.IsOpen(day.Weekday())
		d.Open = append(d.Open, open)
		grid := make([][]Load, len(d.Slots))
		for s := range grid {
			grid[s] = make([]Load, len(d.Lines))
		}
		d.Load = append(d.Load, grid)
	}
	// dated[day][slot][line] marks cells set by a dated row, which profile rows must not touch
	dated := make(map[[3]int]bool)
	// every row used is checked against its ranges and the load it makes (LoadRange): data
	// built in code, or changed by a scenario, does not come through an import
	var bad InputError
	checked := make(map[*ForecastRow]bool)
	set := func(di, si, li int, f *ForecastRow) {
		if !checked[f] {
			checked[f] = true
			err := f.Validate()
			if err == nil {
				err = f.checkLoad(st.SlotMinutes)
			}
			if err != nil {
				bad.Add(Place{}, "%v", err)
			}
		}
		p := f.Patience
		if p == 0 {
			p = float64(st.PatienceSeconds)
		}
		d.Load[di][si][li] = Load{Calls: f.Calls, AHT: f.AHT, Patience: p}
	}
	for i := range ds.Forecast {
		f := &ds.Forecast[i]
		if f.SessionID != sessionID || f.Date.IsZero() {
			continue
		}
		di, ok := dayIndex[f.Date]
		si, ok2 := slotIndex[f.Slot]
		li, ok3 := lineIndex[f.Line]
		if !ok || !ok2 || !ok3 || !d.Open[di] {
			continue
		}
		set(di, si, li, f)
		dated[[3]int{di, si, li}] = true
	}
	for i := range ds.Forecast {
		f := &ds.Forecast[i]
		if f.SessionID != sessionID || !f.Date.IsZero() {
			continue
		}
		si, ok2 := slotIndex[f.Slot]
		li, ok3 := lineIndex[f.Line]
		if !ok2 || !ok3 {
			continue
		}
		for di, day := range d.Days {
			if d.Open[di] && day.Weekday() == f.Weekday && !dated[[3]int{di, si, li}] {
				set(di, si, li, f)
			}
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

// Calls returns the total forecast calls of the horizon.
func (d *Demand) Calls() float64 {
	var sum float64
	for _, day := range d.Load {
		for _, slot := range day {
			for _, l := range slot {
				sum += l.Calls
			}
		}
	}
	return sum
}
