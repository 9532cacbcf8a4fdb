package solver

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// WriteLP writes the model as a mixed integer program in CPLEX LP format, for an independent
// solver (cbc, glpsol --lp, highs...). Variable x_w_d_o is 1 when worker w works option o on
// day d; y_w_d when w works on day d; convex cell penalties are modelled with one continuous
// variable per linear segment. Every hard rule of the model is a constraint, and the optimum
// of the MIP equals the optimum of the model, with three provisos: a cell should be covered by
// options of a single day (a worker covering a cell on two days counts twice for the coupling
// rules), fairness rules must use Range (SumSquares is not linear), and the model must have
// no joint (WriteLP returns an error for either of the last two). The objective constant is
// carried by the variable "one", fixed to 1.
func WriteLP(w io.Writer, m *Model) error {
	if err := m.Validate(); err != nil {
		return err
	}
	for _, f := range m.Fairness {
		if f.Spread != Range && f.Weight != 0 {
			return errors.New("solver: WriteLP cannot express a SumSquares fairness rule")
		}
	}
	if len(m.Joints) > 0 {
		return errors.New("solver: WriteLP cannot express a joint penalty")
	}
	lw := &lpWriter{w: bufio.NewWriter(w), m: m, p: newPrep(m)}
	lw.line("\\ written by deskplan/solver.WriteLP")
	lw.line("Minimize")
	lw.row(" obj:", lw.objective(), "", 0, false)
	lw.line("Subject To")
	lw.dayRows()
	lw.cellRows()
	for wi := range m.Workers {
		lw.workerRows(wi)
	}
	lw.coverRows()
	lw.supervisionRows()
	lw.fairnessRows()
	lw.bounds()
	lw.integers()
	lw.line("End")
	if lw.err != nil {
		return lw.err
	}
	return lw.w.Flush()
}

// lpX names the variable that is 1 when worker w works option o on day d.
func lpX(w, d int, o int32) string { return fmt.Sprintf("x_%d_%d_%d", w, d, o) }

// lpY names the variable that is 1 when worker w works on day d.
func lpY(w, d int) string { return fmt.Sprintf("y_%d_%d", w, d) }

// objective returns the terms of the objective: the cell penalties' segments, the option and
// request costs, the soft covers', supervisions' and fairness rules' slacks, and the constant
// on the variable "one".
func (l *lpWriter) objective() []term {
	m, p := l.m, l.p
	constant := 0.0
	var obj []term
	for c := range m.Cells {
		f := &m.Cells[c].Penalty
		constant += f.At0
		for k, sl := range f.Slopes {
			if sl != 0 {
				obj = append(obj, term{sl, fmt.Sprintf("s_%d_%d", c, k)})
			}
		}
	}
	for wi := range m.Workers {
		for d := range m.Days {
			constant += p.reqOff[wi][d]
			for _, o := range p.allowed[wi][d] {
				if c := p.reqCost(wi, d, o) - p.reqOff[wi][d] + p.optCost(wi, d, o); c != 0 {
					obj = append(obj, term{c, lpX(wi, d, o)})
				}
			}
		}
	}
	for i, r := range m.Covers {
		if r.Weight != 0 {
			for _, c := range r.Cells {
				obj = append(obj, term{r.Weight, fmt.Sprintf("cs_%d_%d", i, c)})
			}
		}
	}
	for i, r := range m.Supervisions {
		if r.Weight != 0 {
			for _, c := range supCells(m, r) {
				obj = append(obj, term{r.Weight, fmt.Sprintf("ss_%d_%d", i, c)})
			}
		}
	}
	for i, f := range m.Fairness {
		if f.Weight != 0 && len(f.Workers) > 0 {
			obj = append(obj, term{f.Weight, fmt.Sprintf("fmax_%d", i)}, term{-f.Weight, fmt.Sprintf("fmin_%d", i)})
		}
	}
	return append(obj, term{constant, "one"})
}

// dayRows writes, for each worker and day, that y is the sum of the day's options: one
// option a day at most.
func (l *lpWriter) dayRows() {
	m, p := l.m, l.p
	for wi := range m.Workers {
		for d := range m.Days {
			t := []term{{1, lpY(wi, d)}}
			for _, o := range p.allowed[wi][d] {
				t = append(t, term{-1, lpX(wi, d, o)})
			}
			l.row(fmt.Sprintf(" day_%d_%d:", wi, d), t, "=", 0, true)
		}
	}
}

// cellRows writes, for each cell with a penalty, that the sum of its segment variables is
// the staff on duty there.
func (l *lpWriter) cellRows() {
	m, p := l.m, l.p
	for c := range m.Cells {
		f := &m.Cells[c].Penalty
		var t []term
		for k := range f.Slopes {
			t = append(t, term{1, fmt.Sprintf("s_%d_%d", c, k)})
		}
		if len(t) == 0 {
			continue
		}
		for wi := range m.Workers {
			wt := m.Workers[wi].Weight
			for d := range m.Days {
				for _, o := range p.allowed[wi][d] {
					for _, cv := range m.Options[d][o].Cover {
						if cv.Cell == c && wt*cv.Coef != 0 {
							t = append(t, term{-wt * cv.Coef, lpX(wi, d, o)})
						}
					}
				}
			}
		}
		l.row(fmt.Sprintf(" cell_%d:", c), t, "=", 0, true)
	}
}

// workerRows writes the rules of worker wi: minutes, days a week, shifts of each type,
// consecutive days worked and off, weekends, and the successions and rest between days.
func (l *lpWriter) workerRows(wi int) {
	l.workerLimits(wi)
	l.runRows(wi)
	l.weekendRows(wi)
	l.successionRows(wi)
}

// workerLimits writes worker wi's limits on minutes (horizon and week), days a week and
// shifts of each type.
func (l *lpWriter) workerLimits(wi int) {
	m, p := l.m, l.p
	wk := &m.Workers[wi]
	var mins []term
	weekTerms := map[int][]term{}
	weekDays := map[int][]term{}
	var weeks []int
	typeTerms := make([][]term, len(m.Types))
	for d := range m.Days {
		k := p.week[d]
		if len(weeks) == 0 || weeks[len(weeks)-1] != k {
			weeks = append(weeks, k)
		}
		weekDays[k] = append(weekDays[k], term{1, lpY(wi, d)})
		for _, o := range p.allowed[wi][d] {
			op := &m.Options[d][o]
			mins = append(mins, term{float64(op.Length), lpX(wi, d, o)})
			weekTerms[k] = append(weekTerms[k], term{float64(op.Length), lpX(wi, d, o)})
			typeTerms[op.Type] = append(typeTerms[op.Type], term{1, lpX(wi, d, o)})
		}
	}
	if wk.MaxMinutes > 0 {
		l.row(fmt.Sprintf(" maxmin_%d:", wi), mins, "<=", float64(wk.MaxMinutes), true)
	}
	if wk.MinMinutes > 0 {
		l.row(fmt.Sprintf(" minmin_%d:", wi), mins, ">=", float64(wk.MinMinutes), true)
	}
	for _, k := range weeks {
		if wk.MaxWeekMinutes > 0 {
			l.row(fmt.Sprintf(" maxwmin_%d_%d:", wi, k), weekTerms[k], "<=", float64(wk.MaxWeekMinutes), true)
		}
		if wk.MinWeekMinutes > 0 {
			l.row(fmt.Sprintf(" minwmin_%d_%d:", wi, k), weekTerms[k], ">=", float64(wk.MinWeekMinutes), true)
		}
		if wk.MaxDaysPerWeek > 0 {
			l.row(fmt.Sprintf(" maxdays_%d_%d:", wi, k), weekDays[k], "<=", float64(wk.MaxDaysPerWeek), true)
		}
	}
	if wk.MaxShifts != nil {
		for t, lim := range wk.MaxShifts {
			if lim > 0 && len(typeTerms[t]) > lim {
				l.row(fmt.Sprintf(" maxshifts_%d_%d:", wi, t), typeTerms[t], "<=", float64(lim), true)
			}
		}
	}
}

// history returns the days worked and off that end worker wi's history (0, 0 without one).
func (l *lpWriter) history(wi int) (worked, off int) {
	if h := l.m.Workers[wi].History; h != nil {
		return h.Worked, h.Off
	}
	return 0, 0
}

// yAt returns worker wi's y at day d, or, for a day before 0, "" and the constant its
// history gives (hw days worked at the end of it).
func yAt(wi, d, hw int) (string, float64) {
	if d >= 0 {
		return lpY(wi, d), 0
	}
	if hw >= -d {
		return "", 1
	}
	return "", 0
}

// runRows writes worker wi's limits on runs of days: at most MaxConsecutive days worked in a
// row, at least MinConsecutive worked and MinConsecutiveOff off, the history included.
func (l *lpWriter) runRows(wi int) {
	m := l.m
	wk := &m.Workers[wi]
	hw, ho := l.history(wi)
	if n := wk.MaxConsecutive; n > 0 {
		for s := -hw; s+n < m.Days; s++ {
			var t []term
			rhs := float64(n)
			for d := s; d <= s+n; d++ {
				if v, c := yAt(wi, d, hw); v != "" {
					t = append(t, term{1, v})
				} else {
					rhs -= c
				}
			}
			l.row(fmt.Sprintf(" maxcons_%d_%d:", wi, s+hw), t, "<=", rhs, true)
		}
	}
	noHist := hw == 0 && ho == 0
	l.minRunRows(wi, "mincons", wk.MinConsecutive, true, hw, hw, noHist)
	l.minRunRows(wi, "minoff", wk.MinConsecutiveOff, false, ho, hw, noHist)
}

// minRunRows writes that every run of days worked (work) or off (!work) of worker wi lasts at
// least k days; histLen is the length of the history's last run of that kind, hw the days
// worked at the end of the history.
func (l *lpWriter) minRunRows(wi int, name string, k int, work bool, histLen, hw int, noHist bool) {
	m := l.m
	if k <= 1 {
		return
	}
	// the history run must reach k days
	if histLen > 0 && histLen < k {
		for j := 0; j < k-histLen && j < m.Days; j++ {
			rhs := 1.0
			if !work {
				rhs = 0
			}
			l.row(fmt.Sprintf(" %sh_%d_%d:", name, wi, j), []term{{1, lpY(wi, j)}}, "=", rhs, true)
		}
	}
	first := 1
	if !noHist {
		first = 0
	}
	for d := first; d < m.Days; d++ {
		for j := 1; j < k && d+j < m.Days; j++ {
			// work: y[d] - y[d-1] - y[d+j] <= 0; off: y[d-1] - y[d] + y[d+j] <= 1
			var t []term
			rhs := 0.0
			sPrev, sCur, sNext := -1.0, 1.0, -1.0
			if !work {
				sPrev, sCur, sNext, rhs = 1, -1, 1, 1
			}
			if v, c := yAt(wi, d-1, hw); v != "" {
				t = append(t, term{sPrev, v})
			} else {
				rhs -= sPrev * c
			}
			t = append(t, term{sCur, lpY(wi, d)}, term{sNext, lpY(wi, d+j)})
			l.row(fmt.Sprintf(" %s_%d_%d_%d:", name, wi, d, j), t, "<=", rhs, true)
		}
	}
}

// weekendRows writes worker wi's limit on weekends worked: z of a week is 1 when a weekend
// day of it is worked.
func (l *lpWriter) weekendRows(wi int) {
	m, p := l.m, l.p
	wk := &m.Workers[wi]
	if wk.MaxWeekends <= 0 {
		return
	}
	var zs []term
	seen := map[int]bool{}
	for d := range m.Days {
		if !p.weekend[d] {
			continue
		}
		k := p.week[d]
		z := fmt.Sprintf("z_%d_%d", wi, k)
		if !seen[k] {
			seen[k] = true
			zs = append(zs, term{1, z})
		}
		l.row(fmt.Sprintf(" we_%d_%d:", wi, d), []term{{1, z}, {-1, lpY(wi, d)}}, ">=", 0, true)
	}
	hist := 0.0
	if h := wk.History; h != nil {
		hist = float64(h.Weekends)
	}
	l.row(fmt.Sprintf(" maxwe_%d:", wi), zs, "<=", float64(wk.MaxWeekends)-hist, true)
}

// successionRows writes worker wi's forbidden successions and minimum rest: between the
// history's last shift and day 0, and between each pair of consecutive days.
func (l *lpWriter) successionRows(wi int) {
	m, p := l.m, l.p
	wk := &m.Workers[wi]
	h := wk.History
	for d := range m.Days {
		if d == 0 && h != nil && h.Worked > 0 {
			for _, o := range p.allowed[wi][0] {
				op := &m.Options[0][o]
				if p.forb[h.LastType][op.Type] || (wk.MinRest > 0 && op.Start+1440-h.LastEnd < wk.MinRest) {
					l.row(fmt.Sprintf(" hist_%d_%d:", wi, o), []term{{1, lpX(wi, 0, o)}}, "=", 0, true)
				}
			}
		}
		if d+1 >= m.Days {
			continue
		}
		for _, o := range p.allowed[wi][d] {
			op := &m.Options[d][o]
			t := []term{{1, lpX(wi, d, o)}}
			for _, o2 := range p.allowed[wi][d+1] {
				op2 := &m.Options[d+1][o2]
				if p.forb[op.Type][op2.Type] || (wk.MinRest > 0 && op2.Start+1440-op.End() < wk.MinRest) {
					t = append(t, term{1, lpX(wi, d+1, o2)})
				}
			}
			if len(t) > 1 {
				l.row(fmt.Sprintf(" succ_%d_%d_%d:", wi, d, o), t, "<=", 1, true)
			}
		}
	}
}

// covering returns, with coefficient sign, the variables of worker wi's options that cover
// cell c.
func (l *lpWriter) covering(wi, c int, sign float64) []term {
	m, p := l.m, l.p
	var t []term
	for d := range m.Days {
		for _, o := range p.allowed[wi][d] {
			for _, cv := range m.Options[d][o].Cover {
				if cv.Cell == c {
					t = append(t, term{sign, lpX(wi, d, o)})
				}
			}
		}
	}
	return t
}

// onDuty returns, with coefficient sign, the variables of the options that put a worker of
// kinds on duty in cell c.
func (l *lpWriter) onDuty(kinds uint64, c int, sign float64) []term {
	var t []term
	for wi := range l.m.Workers {
		if l.m.Workers[wi].Kinds&kinds != 0 {
			t = append(t, l.covering(wi, c, sign)...)
		}
	}
	return t
}

// coverRows writes the cover rules: at least Min workers of the kinds on duty in each cell,
// less the slack cs of a soft rule.
func (l *lpWriter) coverRows() {
	for i, r := range l.m.Covers {
		for _, c := range r.Cells {
			t := l.onDuty(r.Kinds, c, 1)
			if r.Weight != 0 {
				t = append(t, term{1, fmt.Sprintf("cs_%d_%d", i, c)})
			}
			l.row(fmt.Sprintf(" cover_%d_%d:", i, c), t, ">=", float64(r.Min), true)
		}
	}
}

// supervisionRows writes the supervision rules: with a ratio, at most Ratio supervised per
// supervisor on duty (the slack ss of a soft rule is an integer: a supervisor short); without,
// no supervised worker on duty without a supervisor (ss is a 0-1 slack).
func (l *lpWriter) supervisionRows() {
	m := l.m
	for i, r := range m.Supervisions {
		for _, c := range supCells(m, r) {
			short := fmt.Sprintf("ss_%d_%d", i, c)
			if r.Ratio > 0 {
				t := append(l.onDuty(r.Supervised, c, 1), l.onDuty(r.Supervisor, c, -r.Ratio)...)
				if r.Weight != 0 {
					t = append(t, term{-r.Ratio, short})
					l.generals = append(l.generals, short)
				}
				if len(t) > 0 {
					l.row(fmt.Sprintf(" sup_%d_%d:", i, c), t, "<=", 0, true)
				}
				continue
			}
			nb := l.onDuty(r.Supervisor, c, -1)
			for wi := range m.Workers {
				if m.Workers[wi].Kinds&r.Supervised == 0 {
					continue
				}
				t := l.covering(wi, c, 1)
				if len(t) == 0 {
					continue
				}
				t = append(t, nb...)
				if r.Weight != 0 {
					t = append(t, term{-1, short})
				}
				l.row(fmt.Sprintf(" sup_%d_%d_%d:", i, c, wi), t, "<=", 0, true)
			}
		}
	}
}

// fairnessRows writes the fairness rules (Range spread): fmax and fmin bound every counted
// worker's total, so that the objective's fmax - fmin is the range.
func (l *lpWriter) fairnessRows() {
	m, p := l.m, l.p
	for i, f := range m.Fairness {
		if f.Weight == 0 {
			continue
		}
		for j, wi := range f.Workers {
			var t []term
			for d := range m.Days {
				if f.Counted == nil || f.Counted[d] == nil {
					continue
				}
				for _, o := range f.Counted[d] {
					if p.isAllowed(wi, d, int32(o)) {
						t = append(t, term{1, lpX(wi, d, int32(o))})
					}
				}
			}
			init := 0.0
			if f.Initial != nil {
				init = f.Initial[j]
			}
			hi := append([]term{{1, fmt.Sprintf("fmax_%d", i)}}, negate(t)...)
			l.row(fmt.Sprintf(" fmax_%d_%d:", i, j), hi, ">=", init, true)
			lo := append([]term{{1, fmt.Sprintf("fmin_%d", i)}}, negate(t)...)
			l.row(fmt.Sprintf(" fmin_%d_%d:", i, j), lo, "<=", init, true)
		}
	}
}

// bounds writes the Bounds section: the constant, the penalty segments' widths (the last one
// up to the most staff a cell can get), y, fmin (free) and the 0-1 supervision slacks.
func (l *lpWriter) bounds() {
	m, p := l.m, l.p
	l.line("Bounds")
	l.line(" one = 1")
	for c := range m.Cells {
		f := &m.Cells[c].Penalty
		prev := 0.0
		for k := range f.Slopes {
			if k < len(f.Breaks) {
				l.line(fmt.Sprintf(" 0 <= s_%d_%d <= %s", c, k, num(f.Breaks[k]-prev)))
				prev = f.Breaks[k]
			} else {
				l.line(fmt.Sprintf(" 0 <= s_%d_%d <= %s", c, k, num(math.Max(0, p.xmax[c]-prev)+1)))
			}
		}
	}
	for wi := range m.Workers {
		for d := range m.Days {
			l.line(fmt.Sprintf(" 0 <= %s <= 1", lpY(wi, d)))
		}
	}
	for i, f := range m.Fairness {
		if f.Weight != 0 {
			l.line(fmt.Sprintf(" fmin_%d >= -1e9", i))
		}
	}
	for i, r := range m.Supervisions {
		if r.Weight != 0 && r.Ratio <= 0 {
			for _, c := range supCells(m, r) {
				l.line(fmt.Sprintf(" 0 <= ss_%d_%d <= 1", i, c))
			}
		}
	}
}

// integers writes the General section (the supervision slacks that count supervisors short)
// and the Binary one (every x).
func (l *lpWriter) integers() {
	m, p := l.m, l.p
	if len(l.generals) > 0 {
		l.line("General")
		for _, g := range l.generals {
			l.line(" " + g)
		}
	}
	l.line("Binary")
	for wi := range m.Workers {
		for d := range m.Days {
			for _, o := range p.allowed[wi][d] {
				l.line(" " + lpX(wi, d, o))
			}
		}
	}
}

func supCells(m *Model, r SupervisionRule) []int {
	if r.Cells != nil {
		return r.Cells
	}
	cells := make([]int, len(m.Cells))
	for c := range cells {
		cells[c] = c
	}
	return cells
}

type term struct {
	coef float64
	name string
}

func negate(t []term) []term {
	out := make([]term, len(t))
	for i, x := range t {
		out[i] = term{-x.coef, x.name}
	}
	return out
}

// lpWriter writes the LP file of model m (prepared as p); the first write error sticks.
type lpWriter struct {
	w        *bufio.Writer
	err      error
	m        *Model
	p        *prep
	generals []string // integer variables, for the General section
}

func (l *lpWriter) line(s string) {
	if l.err == nil {
		_, l.err = l.w.WriteString(s + "\n")
	}
}

// row writes a linear expression (with a constraint sense and right-hand side when cons),
// merging duplicate variables and wrapping long lines.
func (l *lpWriter) row(label string, t []term, sense string, rhs float64, cons bool) {
	merged := map[string]float64{}
	var order []string
	for _, x := range t {
		if _, ok := merged[x.name]; !ok {
			order = append(order, x.name)
		}
		merged[x.name] += x.coef
	}
	s := label
	n := 0
	for _, name := range order {
		c := merged[name]
		if c == 0 {
			continue
		}
		if c < 0 {
			s += " - " + num(-c) + " " + name
		} else {
			s += " + " + num(c) + " " + name
		}
		n++
		if n%8 == 0 {
			l.line(s)
			s = "  "
		}
	}
	if n == 0 {
		if !cons {
			s += " 0 one"
		} else {
			// an empty constraint: write it on the constant variable so that it is checked
			s += " 0 one"
		}
	}
	if cons {
		s += " " + sense + " " + num(rhs)
	}
	l.line(s)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
