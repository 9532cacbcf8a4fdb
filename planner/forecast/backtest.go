package forecast

import (
	"fmt"
	"math"
	"time"

	"deskplan/planner"
	"deskplan/planner/calendar"
)

// ErrorStats are forecast errors over N (day, line, slot) cells, in calls per slot.
type ErrorStats struct {
	MAE  float64 `json:"mae"`  // mean absolute error
	RMSE float64 `json:"rmse"` // root mean square error
	N    int     `json:"n"`
}

// errAcc accumulates errors.
type errAcc struct {
	abs, sq float64
	n       int
}

func (a *errAcc) add(pred, actual float64) {
	d := pred - actual
	a.abs += math.Abs(d)
	a.sq += d * d
	a.n++
}

func (a errAcc) stats() ErrorStats {
	if a.n == 0 {
		return ErrorStats{}
	}
	return ErrorStats{MAE: a.abs / float64(a.n), RMSE: math.Sqrt(a.sq / float64(a.n)), N: a.n}
}

// SlotError compares the model and the naive forecast in one slot of the day, over every
// holdout day and line.
type SlotError struct {
	Slot  calendar.Clock `json:"slot"`
	Model ErrorStats     `json:"model"`
	Naive ErrorStats     `json:"naive"`
}

// LineError compares the model and the naive forecast on one line, over every holdout day
// and slot.
type LineError struct {
	Line  string     `json:"line"`
	Model ErrorStats `json:"model"`
	Naive ErrorStats `json:"naive"`
}

// BacktestResult is the accuracy of the model against a naive forecast on the last days of
// a history.
type BacktestResult struct {
	TrainFirst calendar.Date   `json:"train_first"`
	TrainLast  calendar.Date   `json:"train_last"`
	TrainDays  int             `json:"train_days"`
	Holdout    []calendar.Date `json:"holdout"`
	Slots      []SlotError     `json:"slots"`
	Lines      []LineError     `json:"lines"`
	Model      ErrorStats      `json:"model"` // over every holdout day, line and slot
	Naive      ErrorStats      `json:"naive"`
}

// Backtest measures accuracy: it fits a Model on the history less its last holdoutDays days
// (open days with calls, as Estimate counts them), forecasts those days slot by slot with
// Model.Day (the exams of opts.Timetable are known in advance, as they are when a session is
// planned) and compares with the calls that came. The naive forecast it is set against is the
// mean calls of the same line, weekday and slot over the training days (over all training days
// when the weekday has none). Errors are per slot, per line and overall; there is no MAPE, as
// slot counts are small and often zero.
//
// It returns an error when holdoutDays is not between 1 and the history's days less one, or
// when Estimate or Model.Day does (a holdout day of a type the training days lack).
func Backtest(calls []Call, s planner.Settings, opts *Options, holdoutDays int) (BacktestResult, error) {
	var res BacktestResult
	o := opts.withDefaults()
	h, err := collect(calls, s, &o)
	if err != nil {
		return res, err
	}
	if holdoutDays < 1 || holdoutDays >= len(h.days) {
		return res, fmt.Errorf("forecast: holdout days %d: must be between 1 and %d (the history has %d days with calls)",
			holdoutDays, len(h.days)-1, len(h.days))
	}
	train, test := h.days[:len(h.days)-holdoutDays], h.days[len(h.days)-holdoutDays:]
	cut := test[0].date
	var trainCalls []Call
	for _, c := range calls {
		if calendar.DateOf(c.Arrival.In(h.loc)).Before(cut) {
			trainCalls = append(trainCalls, c)
		}
	}
	model, err := Estimate(trainCalls, s, &o)
	if err != nil {
		return res, err
	}
	res.TrainFirst, res.TrainLast, res.TrainDays = train[0].date, train[len(train)-1].date, len(train)

	// The naive forecast: mean of the same weekday (else of all days) per line and slot.
	nL := len(h.lines)
	var byWd [7][][]float64
	var nWd [7]int
	all := make([][]float64, nL)
	for li := range all {
		all[li] = make([]float64, h.nSlots)
	}
	for _, d := range train {
		wd := d.date.Weekday()
		if byWd[wd] == nil {
			byWd[wd] = make([][]float64, nL)
			for li := range byWd[wd] {
				byWd[wd][li] = make([]float64, h.nSlots)
			}
		}
		nWd[wd]++
		for li := range nL {
			for k, c := range d.counts[li] {
				byWd[wd][li][k] += c
				all[li][k] += c
			}
		}
	}
	naive := func(wd time.Weekday, li, k int) float64 {
		if nWd[wd] > 0 {
			return byWd[wd][li][k] / float64(nWd[wd])
		}
		return all[li][k] / float64(len(train))
	}

	slotAcc := make([][2]errAcc, h.nSlots)
	lineAcc := make(map[string]*[2]errAcc)
	var total [2]errAcc
	tt := sittingsByDate(o.Timetable)
	for _, d := range test {
		res.Holdout = append(res.Holdout, d.date)
		rows, err := model.Day(d.date, d.typ == ExamWeekday, tt[d.date])
		if err != nil {
			return res, err
		}
		for i, r := range rows {
			k := i % h.nSlots
			li, ok := h.lineIdx[r.Line]
			if !ok {
				continue
			}
			actual := d.counts[li][k]
			nv := naive(d.date.Weekday(), li, k)
			la := lineAcc[r.Line]
			if la == nil {
				la = &[2]errAcc{}
				lineAcc[r.Line] = la
			}
			for m, pred := range [2]float64{r.Calls, nv} {
				slotAcc[k][m].add(pred, actual)
				la[m].add(pred, actual)
				total[m].add(pred, actual)
			}
		}
	}
	for k, c := range s.Slots() {
		res.Slots = append(res.Slots, SlotError{Slot: c, Model: slotAcc[k][0].stats(), Naive: slotAcc[k][1].stats()})
	}
	for _, lm := range model.Lines {
		if la := lineAcc[lm.Line]; la != nil {
			res.Lines = append(res.Lines, LineError{Line: lm.Line, Model: la[0].stats(), Naive: la[1].stats()})
		}
	}
	res.Model, res.Naive = total[0].stats(), total[1].stats()
	return res, nil
}
