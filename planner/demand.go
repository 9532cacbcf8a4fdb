package planner

import (
	"fmt"

	"github.com/deskplan/deskplan/planner/calendar"
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
	// Quantile is the demand laid: the mean forecast, or a quantile of it (BuildDemandAt).
	Quantile DemandQuantile
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

// BuildDemand lays the mean forecast of session sessionID on the slot grid of [from, to]
// (BuildDemandAt with MeanDemand).
func BuildDemand(ds *Dataset, sessionID string, from, to calendar.Date) (*Demand, error) {
	return BuildDemandAt(ds, sessionID, from, to, MeanDemand)
}

// BuildDemandAt lays the forecast of session sessionID on the slot grid of [from, to], for the
// demand q. A dated forecast row wins over a weekly-profile row for the same weekday, slot and
// line. Patience falls back to the patience_seconds setting. A day of a closure
// (Dataset.Closures) is closed: it has no demand, so no shift is planned on it. A row used
// that is outside its ranges (ForecastRow.Validate), or makes a load beyond LoadRange, is an
// *InputError naming it.
//
// For a quantile, each day of each line is raised to the q-quantile of its calls (see
// DayQuantileFactor): every slot of the day by the same factor, so that the day keeps its
// shape.
func BuildDemandAt(ds *Dataset, sessionID string, from, to calendar.Date, q DemandQuantile) (*Demand, error) {
	if _, ok := ds.Session(sessionID); !ok {
		return nil, fmt.Errorf("unknown session %q", sessionID)
	}
	b := newDemandBuilder(ds, from, to, q)
	b.layDated(ds.Forecast, sessionID)
	b.layProfiles(ds.Forecast, sessionID)
	if err := b.bad.Err(); err != nil {
		return nil, err
	}
	b.applyQuantile(q)
	return b.d, nil
}

// demandBuilder lays forecast rows on the slot grid of a Demand.
type demandBuilder struct {
	st        Settings
	d         *Demand
	slotIndex map[calendar.Clock]int
	lineIndex map[string]int
	dayIndex  map[calendar.Date]int
	// cv[day][line][slot] holds the rows' DayCV and SlotCV, for the quantile; nil for the mean
	cv [][][][2]float64
	// dated[day][slot][line] marks cells set by a dated row, which profile rows must not touch
	dated map[[3]int]bool
	// every row used is checked against its ranges and the load it makes (LoadRange): data
	// built in code, or changed by a scenario, does not come through an import
	bad     InputError
	checked map[*ForecastRow]bool
}

// newDemandBuilder returns the builder of the demand q of ds over [from, to]: every day of
// it, open or closed, with a grid of zero load.
func newDemandBuilder(ds *Dataset, from, to calendar.Date, q DemandQuantile) *demandBuilder {
	st := ds.Settings
	d := &Demand{From: from, Slots: st.Slots(), Lines: ds.LineIDs(), SlotMinutes: st.SlotMinutes, Quantile: q}
	b := &demandBuilder{st: st, d: d, slotIndex: make(map[calendar.Clock]int, len(d.Slots)),
		lineIndex: make(map[string]int, len(d.Lines)), dayIndex: map[calendar.Date]int{},
		dated: make(map[[3]int]bool), checked: make(map[*ForecastRow]bool)}
	for i, c := range d.Slots {
		b.slotIndex[c] = i
	}
	for i, l := range d.Lines {
		b.lineIndex[l] = i
	}
	for day := from; !day.After(to); day = day.AddDays(1) {
		b.dayIndex[day] = len(d.Days)
		d.Days = append(d.Days, day)
		open := ds.OpenOn(day)
		d.Open = append(d.Open, open)
		grid := make([][]Load, len(d.Slots))
		for s := range grid {
			grid[s] = make([]Load, len(d.Lines))
		}
		d.Load = append(d.Load, grid)
	}
	if q != MeanDemand {
		b.cv = make([][][][2]float64, len(d.Days))
		for di := range b.cv {
			b.cv[di] = make([][][2]float64, len(d.Lines))
			for li := range b.cv[di] {
				b.cv[di][li] = make([][2]float64, len(d.Slots))
			}
		}
	}
	return b
}

// set lays row f on cell (di, si, li), checking f the first time it is used. Patience falls
// back to the patience_seconds setting.
func (b *demandBuilder) set(di, si, li int, f *ForecastRow) {
	if !b.checked[f] {
		b.checked[f] = true
		err := f.Validate()
		if err == nil {
			err = f.CheckLoad(b.st.SlotMinutes)
		}
		if err != nil {
			b.bad.Add(Place{}, "%v", err)
		}
	}
	p := f.Patience
	if p == 0 {
		p = float64(b.st.PatienceSeconds)
	}
	b.d.Load[di][si][li] = Load{Calls: f.Calls, AHT: f.AHT, Patience: p}
	if b.cv != nil {
		b.cv[di][li][si] = [2]float64{f.DayCV, f.SlotCV}
	}
}

// layDated lays the dated rows of session sessionID that fall on an open day, slot and line of
// the grid, and marks their cells.
func (b *demandBuilder) layDated(rows []ForecastRow, sessionID string) {
	for i := range rows {
		f := &rows[i]
		if f.SessionID != sessionID || f.Date.IsZero() {
			continue
		}
		di, ok := b.dayIndex[f.Date]
		si, ok2 := b.slotIndex[f.Slot]
		li, ok3 := b.lineIndex[f.Line]
		if !ok || !ok2 || !ok3 || !b.d.Open[di] {
			continue
		}
		b.set(di, si, li, f)
		b.dated[[3]int{di, si, li}] = true
	}
}

// layProfiles lays the weekly-profile rows of session sessionID on every open day of their
// weekday, in the cells no dated row set.
func (b *demandBuilder) layProfiles(rows []ForecastRow, sessionID string) {
	d := b.d
	for i := range rows {
		f := &rows[i]
		if f.SessionID != sessionID || !f.Date.IsZero() {
			continue
		}
		si, ok2 := b.slotIndex[f.Slot]
		li, ok3 := b.lineIndex[f.Line]
		if !ok2 || !ok3 {
			continue
		}
		for di, day := range d.Days {
			if d.Open[di] && day.Weekday() == f.Weekday && !b.dated[[3]int{di, si, li}] {
				b.set(di, si, li, f)
			}
		}
	}
}

// applyQuantile scales the calls of each day and line to quantile q of that day's calls
// (DayQuantileFactor); nothing for the mean.
func (b *demandBuilder) applyQuantile(q DemandQuantile) {
	d := b.d
	for di := range b.cv {
		for li := range d.Lines {
			calls := make([]float64, len(d.Slots))
			for si := range d.Slots {
				calls[si] = d.Load[di][si][li].Calls
			}
			k := DayQuantileFactor(calls, b.cv[di][li], q)
			for si := range d.Slots {
				d.Load[di][si][li].Calls *= k
			}
		}
	}
}

// DayQuantileFactor returns the factor that raises a day's calls of one line to their
// q-quantile: CallsQuantile(μ, cv2, q)/μ for the day's mean calls μ = Σ calls[k] and its
// variance μ + DayCV²·μ² + Σ SlotCV[k]²·calls[k]² (cv[k] holds slot k's DayCV and SlotCV;
// the calls-weighted DayCV of the day's slots is taken). It is 1 for MeanDemand and for a day
// without calls.
func DayQuantileFactor(calls []float64, cv [][2]float64, q DemandQuantile) float64 {
	if q == MeanDemand {
		return 1
	}
	mu, cv2 := dayMoments(calls, cv)
	if !(mu > 0) {
		return 1
	}
	return CallsQuantile(mu, cv2, float64(q)) / mu
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

// LineShares returns, for a pooled person on duty in slot si of day di, the share of their
// time each line gets: in proportion to the lines' calls (equal shares when none).
func (d *Demand) LineShares(di, si int) []float64 {
	out := make([]float64, len(d.Lines))
	var total float64
	for li := range d.Lines {
		total += d.Load[di][si][li].Calls
	}
	for li := range d.Lines {
		if total > 0 {
			out[li] = d.Load[di][si][li].Calls / total
		} else {
			out[li] = 1 / float64(len(d.Lines))
		}
	}
	return out
}
