package planner

import (
	"fmt"

	"github.com/deskplan/deskplan/planner/calendar"
)

// ShiftOption is a shift a template allows on a day: its times and, for long shifts, its
// break. The line is chosen separately.
type ShiftOption struct {
	Template   int
	Start, End calendar.Clock
	BreakStart calendar.Clock // equal to BreakEnd when there is no break
	BreakEnd   calendar.Clock
}

// Minutes returns the paid minutes of the option.
func (o ShiftOption) Minutes() int { return int(o.End-o.Start) - int(o.BreakEnd-o.BreakStart) }

// OnDuty reports whether the option has its person on the phone over the whole slot
// [c, c+minutes).
func (o ShiftOption) OnDuty(c calendar.Clock, minutes int) bool {
	return Shift{Start: o.Start, End: o.End, BreakStart: o.BreakStart, BreakEnd: o.BreakEnd}.OnDuty(c, minutes)
}

// ShiftOptions lists every shift the templates allow inside the opening hours: starts on the
// template's step, lengths on the slot grid from the template's minimum to its maximum (and at
// least the min_shift_hours setting), ending by closing time. A shift longer than the
// template's break_after gets one break of break_minutes for each allowed placement on the slot
// grid inside the break window, with at least one slot worked before and after it: the
// optimiser places breaks where they cost least.
func ShiftOptions(st Settings, templates []ShiftTemplate) ([]ShiftOption, error) {
	if len(templates) == 0 {
		return nil, fmt.Errorf("no shift template: add a row to the ShiftTemplates sheet")
	}
	slot := calendar.Clock(st.SlotMinutes)
	minLen := int(st.MinShiftHours * 60)
	seen := map[ShiftOption]bool{}
	var out []ShiftOption
	for ti, t := range templates {
		step := calendar.Clock(t.StepMinutes)
		if step <= 0 {
			step = slot
		}
		for start := max(t.EarliestStart, st.Open); start <= t.LatestStart; start += step {
			for length := max(t.MinMinutes, minLen); length <= t.MaxMinutes; length += st.SlotMinutes {
				end := start + calendar.Clock(length)
				if end > st.Close {
					break
				}
				base := ShiftOption{Template: ti, Start: start, End: end, BreakStart: start, BreakEnd: start}
				if t.BreakMinutes <= 0 || length <= t.BreakAfterMinutes {
					if !seen[base] {
						seen[base] = true
						out = append(out, base)
					}
					continue
				}
				brk := calendar.Clock(t.BreakMinutes)
				for bs := max(t.BreakEarliest, start+slot); bs+brk <= min(t.BreakLatest, end-slot); bs += slot {
					o := base
					o.BreakStart, o.BreakEnd = bs, bs+brk
					// the break is unpaid: the option must still be long enough
					if o.Minutes() < minLen || seen[o] {
						continue
					}
					seen[o] = true
					out = append(out, o)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the shift templates allow no shift inside opening hours %s-%s of at least %v hours", st.Open, st.Close, st.MinShiftHours)
	}
	return out, nil
}
