package solver

// rowFeasible reports whether row satisfies every rule of worker w (the fast twin of
// checkWorker, without allocations; tests keep them in agreement). typeCnt must have one
// entry per type and is used as scratch.
func (p *prep) rowFeasible(w int, row []int32, typeCnt []int) bool {
	m := p.m
	wk := &m.Workers[w]
	h := wk.History
	clear(typeCnt)
	total := 0
	weekMin, weekDays := 0, 0
	weekends := 0
	if h != nil {
		weekends = h.Weekends
	}
	weekendThisWeek := false
	noHist := h == nil || (h.Worked == 0 && h.Off == 0)
	// run state
	runWork := false
	runLen := 0
	runStart0 := true // current run touches day 0 without history
	if !noHist {
		runStart0 = false
		if h.Worked > 0 {
			runWork, runLen = true, h.Worked
		} else {
			runWork, runLen = false, h.Off
		}
	}
	for d, o := range row {
		if d > 0 && p.week[d] != p.week[d-1] {
			if weekMin < wk.MinWeekMinutes {
				return false
			}
			weekMin, weekDays, weekendThisWeek = 0, 0, false
		}
		work := o != Off
		if d == 0 && noHist {
			runWork, runLen = work, 1
		} else if work == runWork {
			runLen++
		} else {
			// a run ends at day d-1
			if runWork && !runStart0 && runLen < wk.MinConsecutive {
				return false
			}
			if !runWork && !runStart0 && runLen < wk.MinConsecutiveOff {
				return false
			}
			runWork, runLen, runStart0 = work, 1, false
		}
		if !work {
			continue
		}
		if wk.MaxConsecutive > 0 && runLen > wk.MaxConsecutive {
			return false
		}
		if !p.isAllowed(w, d, o) {
			return false
		}
		op := &m.Options[d][o]
		total += op.Length
		weekMin += op.Length
		weekDays++
		typeCnt[op.Type]++
		if wk.MaxWeekMinutes > 0 && weekMin > wk.MaxWeekMinutes {
			return false
		}
		if wk.MaxDaysPerWeek > 0 && weekDays > wk.MaxDaysPerWeek {
			return false
		}
		if p.weekend[d] && !weekendThisWeek {
			weekendThisWeek = true
			weekends++
		}
		if !p.followsOK(wk, d, row, op) {
			return false
		}
	}
	if weekMin < wk.MinWeekMinutes {
		return false
	}
	return totalsOK(wk, total, weekends, typeCnt)
}

// followsOK reports whether option op, worked on day d of row, may follow the shift of the day
// before (or the history's last one): no forbidden succession, and the minimum rest.
func (p *prep) followsOK(wk *Worker, d int, row []int32, op *Option) bool {
	h := wk.History
	var prevType, prevEnd int
	prevWorked := false
	if d > 0 && row[d-1] != Off {
		q := &p.m.Options[d-1][row[d-1]]
		prevType, prevEnd, prevWorked = q.Type, q.End(), true
	} else if d == 0 && h != nil && h.Worked > 0 {
		prevType, prevEnd, prevWorked = h.LastType, h.LastEnd, true
	}
	if !prevWorked {
		return true
	}
	if p.forb[prevType][op.Type] {
		return false
	}
	return !(wk.MinRest > 0 && op.Start+1440-prevEnd < wk.MinRest)
}

// totalsOK reports whether a row's totals keep the worker's limits over the horizon: paid
// minutes, weekends and shifts of each type.
func totalsOK(wk *Worker, total, weekends int, typeCnt []int) bool {
	if (wk.MaxMinutes > 0 && total > wk.MaxMinutes) || total < wk.MinMinutes {
		return false
	}
	if wk.MaxWeekends > 0 && weekends > wk.MaxWeekends {
		return false
	}
	if wk.MaxShifts != nil {
		for t, c := range typeCnt {
			if wk.MaxShifts[t] > 0 && c > wk.MaxShifts[t] {
				return false
			}
		}
	}
	return true
}
