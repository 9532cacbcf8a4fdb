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
// of the MIP equals the optimum of the model, with two provisos: a cell should be covered by
// options of a single day (a worker covering a cell on two days counts twice for the coupling
// rules), fairness rules must use Range (SumSquares is not linear), and the model must have
// no joint (WriteLP returns an error for either). The objective constant is carried by the variable "one", fixed to 1.
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
	p := newPrep(m)
	lw := &lpWriter{w: bufio.NewWriter(w)}
	x := func(w, d int, o int32) string { return fmt.Sprintf("x_%d_%d_%d", w, d, o) }
	y := func(w, d int) string { return fmt.Sprintf("y_%d_%d", w, d) }

	// Objective.
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
					obj = append(obj, term{c, x(wi, d, o)})
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
	obj = append(obj, term{constant, "one"})
	lw.line("\\ written by deskplan/solver.WriteLP")
	lw.line("Minimize")
	lw.row(" obj:", obj, "", 0, false)
	lw.line("Subject To")

	// One option a day, and y.
	for wi := range m.Workers {
		for d := range m.Days {
			t := []term{{1, y(wi, d)}}
			for _, o := range p.allowed[wi][d] {
				t = append(t, term{-1, x(wi, d, o)})
			}
			lw.row(fmt.Sprintf(" day_%d_%d:", wi, d), t, "=", 0, true)
		}
	}
	// Cells.
	xmax := p.xmax
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
							t = append(t, term{-wt * cv.Coef, x(wi, d, o)})
						}
					}
				}
			}
		}
		lw.row(fmt.Sprintf(" cell_%d:", c), t, "=", 0, true)
	}
	// Worker rules.
	for wi := range m.Workers {
		wk := &m.Workers[wi]
		h := wk.History
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
			weekDays[k] = append(weekDays[k], term{1, y(wi, d)})
			for _, o := range p.allowed[wi][d] {
				op := &m.Options[d][o]
				mins = append(mins, term{float64(op.Length), x(wi, d, o)})
				weekTerms[k] = append(weekTerms[k], term{float64(op.Length), x(wi, d, o)})
				typeTerms[op.Type] = append(typeTerms[op.Type], term{1, x(wi, d, o)})
			}
		}
		if wk.MaxMinutes > 0 {
			lw.row(fmt.Sprintf(" maxmin_%d:", wi), mins, "<=", float64(wk.MaxMinutes), true)
		}
		if wk.MinMinutes > 0 {
			lw.row(fmt.Sprintf(" minmin_%d:", wi), mins, ">=", float64(wk.MinMinutes), true)
		}
		for _, k := range weeks {
			if wk.MaxWeekMinutes > 0 {
				lw.row(fmt.Sprintf(" maxwmin_%d_%d:", wi, k), weekTerms[k], "<=", float64(wk.MaxWeekMinutes), true)
			}
			if wk.MinWeekMinutes > 0 {
				lw.row(fmt.Sprintf(" minwmin_%d_%d:", wi, k), weekTerms[k], ">=", float64(wk.MinWeekMinutes), true)
			}
			if wk.MaxDaysPerWeek > 0 {
				lw.row(fmt.Sprintf(" maxdays_%d_%d:", wi, k), weekDays[k], "<=", float64(wk.MaxDaysPerWeek), true)
			}
		}
		if wk.MaxShifts != nil {
			for t, lim := range wk.MaxShifts {
				if lim > 0 && len(typeTerms[t]) > lim {
					lw.row(fmt.Sprintf(" maxshifts_%d_%d:", wi, t), typeTerms[t], "<=", float64(lim), true)
				}
			}
		}
		hw, ho := 0, 0
		if h != nil {
			hw, ho = h.Worked, h.Off
		}
		noHist := hw == 0 && ho == 0
		// y at day d, or a constant for days before 0 (history).
		yv := func(d int) (string, float64) {
			if d >= 0 {
				return y(wi, d), 0
			}
			if hw >= -d {
				return "", 1
			}
			return "", 0
		}
		if n := wk.MaxConsecutive; n > 0 {
			for s := -hw; s+n < m.Days; s++ {
				var t []term
				rhs := float64(n)
				for d := s; d <= s+n; d++ {
					if v, c := yv(d); v != "" {
						t = append(t, term{1, v})
					} else {
						rhs -= c
					}
				}
				lw.row(fmt.Sprintf(" maxcons_%d_%d:", wi, s+hw), t, "<=", rhs, true)
			}
		}
		runRule := func(name string, k int, work bool, histLen int) {
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
					lw.row(fmt.Sprintf(" %sh_%d_%d:", name, wi, j), []term{{1, y(wi, j)}}, "=", rhs, true)
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
					if v, c := yv(d - 1); v != "" {
						t = append(t, term{sPrev, v})
					} else {
						rhs -= sPrev * c
					}
					t = append(t, term{sCur, y(wi, d)}, term{sNext, y(wi, d+j)})
					lw.row(fmt.Sprintf(" %s_%d_%d_%d:", name, wi, d, j), t, "<=", rhs, true)
				}
			}
		}
		runRule("mincons", wk.MinConsecutive, true, hw)
		runRule("minoff", wk.MinConsecutiveOff, false, ho)
		if wk.MaxWeekends > 0 {
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
				lw.row(fmt.Sprintf(" we_%d_%d:", wi, d), []term{{1, z}, {-1, y(wi, d)}}, ">=", 0, true)
			}
			hist := 0.0
			if h != nil {
				hist = float64(h.Weekends)
			}
			lw.row(fmt.Sprintf(" maxwe_%d:", wi), zs, "<=", float64(wk.MaxWeekends)-hist, true)
		}
		// Successions and rest.
		for d := range m.Days {
			if d == 0 && h != nil && h.Worked > 0 {
				for _, o := range p.allowed[wi][0] {
					op := &m.Options[0][o]
					if p.forb[h.LastType][op.Type] || (wk.MinRest > 0 && op.Start+1440-h.LastEnd < wk.MinRest) {
						lw.row(fmt.Sprintf(" hist_%d_%d:", wi, o), []term{{1, x(wi, 0, o)}}, "=", 0, true)
					}
				}
			}
			if d+1 >= m.Days {
				continue
			}
			for _, o := range p.allowed[wi][d] {
				op := &m.Options[d][o]
				t := []term{{1, x(wi, d, o)}}
				for _, o2 := range p.allowed[wi][d+1] {
					op2 := &m.Options[d+1][o2]
					if p.forb[op.Type][op2.Type] || (wk.MinRest > 0 && op2.Start+1440-op.End() < wk.MinRest) {
						t = append(t, term{1, x(wi, d+1, o2)})
					}
				}
				if len(t) > 1 {
					lw.row(fmt.Sprintf(" succ_%d_%d_%d:", wi, d, o), t, "<=", 1, true)
				}
			}
		}
	}
	// Coupling rules.
	onDuty := func(kinds uint64, c int, sign float64) []term {
		var t []term
		for wi := range m.Workers {
			if m.Workers[wi].Kinds&kinds == 0 {
				continue
			}
			for d := range m.Days {
				for _, o := range p.allowed[wi][d] {
					for _, cv := range m.Options[d][o].Cover {
						if cv.Cell == c {
							t = append(t, term{sign, x(wi, d, o)})
						}
					}
				}
			}
		}
		return t
	}
	var generals []string
	for i, r := range m.Covers {
		for _, c := range r.Cells {
			t := onDuty(r.Kinds, c, 1)
			if r.Weight != 0 {
				t = append(t, term{1, fmt.Sprintf("cs_%d_%d", i, c)})
			}
			lw.row(fmt.Sprintf(" cover_%d_%d:", i, c), t, ">=", float64(r.Min), true)
		}
	}
	for i, r := range m.Supervisions {
		for _, c := range supCells(m, r) {
			short := fmt.Sprintf("ss_%d_%d", i, c)
			if r.Ratio > 0 {
				t := append(onDuty(r.Supervised, c, 1), onDuty(r.Supervisor, c, -r.Ratio)...)
				if r.Weight != 0 {
					t = append(t, term{-r.Ratio, short})
					generals = append(generals, short)
				}
				if len(t) > 0 {
					lw.row(fmt.Sprintf(" sup_%d_%d:", i, c), t, "<=", 0, true)
				}
				continue
			}
			nb := onDuty(r.Supervisor, c, -1)
			for wi := range m.Workers {
				if m.Workers[wi].Kinds&r.Supervised == 0 {
					continue
				}
				var t []term
				for d := range m.Days {
					for _, o := range p.allowed[wi][d] {
						for _, cv := range m.Options[d][o].Cover {
							if cv.Cell == c {
								t = append(t, term{1, x(wi, d, o)})
							}
						}
					}
				}
				if len(t) == 0 {
					continue
				}
				t = append(t, nb...)
				if r.Weight != 0 {
					t = append(t, term{-1, short})
				}
				lw.row(fmt.Sprintf(" sup_%d_%d_%d:", i, c, wi), t, "<=", 0, true)
			}
		}
	}
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
						t = append(t, term{1, x(wi, d, int32(o))})
					}
				}
			}
			init := 0.0
			if f.Initial != nil {
				init = f.Initial[j]
			}
			hi := append([]term{{1, fmt.Sprintf("fmax_%d", i)}}, negate(t)...)
			lw.row(fmt.Sprintf(" fmax_%d_%d:", i, j), hi, ">=", init, true)
			lo := append([]term{{1, fmt.Sprintf("fmin_%d", i)}}, negate(t)...)
			lw.row(fmt.Sprintf(" fmin_%d_%d:", i, j), lo, "<=", init, true)
		}
	}

	lw.line("Bounds")
	lw.line(" one = 1")
	for c := range m.Cells {
		f := &m.Cells[c].Penalty
		prev := 0.0
		for k := range f.Slopes {
			if k < len(f.Breaks) {
				lw.line(fmt.Sprintf(" 0 <= s_%d_%d <= %s", c, k, num(f.Breaks[k]-prev)))
				prev = f.Breaks[k]
			} else {
				lw.line(fmt.Sprintf(" 0 <= s_%d_%d <= %s", c, k, num(math.Max(0, xmax[c]-prev)+1)))
			}
		}
	}
	for wi := range m.Workers {
		for d := range m.Days {
			lw.line(fmt.Sprintf(" 0 <= %s <= 1", y(wi, d)))
		}
	}
	for i, f := range m.Fairness {
		if f.Weight != 0 {
			lw.line(fmt.Sprintf(" fmin_%d >= -1e9", i))
		}
	}
	for i, r := range m.Supervisions {
		if r.Weight != 0 && r.Ratio <= 0 {
			for _, c := range supCells(m, r) {
				lw.line(fmt.Sprintf(" 0 <= ss_%d_%d <= 1", i, c))
			}
		}
	}
	if len(generals) > 0 {
		lw.line("General")
		for _, g := range generals {
			lw.line(" " + g)
		}
	}
	lw.line("Binary")
	for wi := range m.Workers {
		for d := range m.Days {
			for _, o := range p.allowed[wi][d] {
				lw.line(" " + x(wi, d, o))
			}
		}
	}
	lw.line("End")
	if lw.err != nil {
		return lw.err
	}
	return lw.w.Flush()
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

type lpWriter struct {
	w   *bufio.Writer
	err error
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
