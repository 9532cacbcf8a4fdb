package forecast

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Effect is one fitted effect of a line's model, in words.
type Effect struct {
	Line string `json:"line"`
	// Kind is growth, session-type, day-type, weekday, sittings or noise.
	Kind string `json:"kind"`
	// Name names the effect: the session type, day type or weekday ("june", "saturday",
	// "exam-weekday Monday"), or what it measures ("per year", "start", "day").
	Name string `json:"name"`
	// Value is the effect: a relative change (0.062 for +6.2%), calls per remote sitting
	// (sittings) or a coefficient of variation (noise); SE its standard error (0: not known).
	Value float64 `json:"value"`
	SE    float64 `json:"se,omitempty"`
	Text  string  `json:"text"` // e.g. "june: +6.2% over january (± 2.0%)"
}

// pct formats a relative change as "+6.2%".
func pct(x float64) string { return fmt.Sprintf("%+.1f%%", 100*x) }

// typeName returns a session type's name for the text ("(no type)" for "").
func typeName(t string) string {
	if t == "" {
		return "(no type)"
	}
	return t
}

// Effects lists the fitted effects of each line's model in words, in line order: the growth
// per year, each session type against the type of the history's first session, each day type
// against an exam weekday, the weekdays of each day type against their mean, the calls per
// remote sitting (spread over the day, around the exam's start and around its end) and the
// noise. An effect with its standard error near its prior's is mostly the prior: the text says
// so.
func (m *Model) Effects() []Effect {
	var out []Effect
	for _, lm := range m.Lines {
		out = append(out, m.lineEffects(&lm)...)
	}
	return out
}

// lineEffects lists the fitted effects of one line's model in words (see Effects).
func (m *Model) lineEffects(lm *LineModel) []Effect {
	e := &effectList{line: lm.Line, lv: &lm.Level}
	e.growth(m.Priors)
	e.sessionTypes(m.Sessions)
	e.dayTypes()
	e.weekdays()
	e.sittings(lm, m.KernelSlots, m.SlotMinutes)
	e.noise()
	return e.out
}

// effectList gathers the effects of one line's level model.
type effectList struct {
	line string
	lv   *Level
	out  []Effect
}

func (e *effectList) add(kind, name string, v, se float64, text string) {
	e.out = append(e.out, Effect{Line: e.line, Kind: kind, Name: name, Value: v, SE: se, Text: text})
}

// combo returns the value and standard error of Σ w_i·θ_i over the parameters matching ps,
// and whether any does.
func (e *effectList) combo(ps []Param, w []float64) (v, se float64, ok bool) {
	lv := e.lv
	x := make([]float64, len(lv.Params))
	for i, p := range ps {
		j := lv.find(p)
		if j < 0 {
			continue
		}
		ok = true
		x[j] += w[i]
	}
	for j, xj := range x {
		v += xj * lv.Params[j].Value
	}
	return v, math.Sqrt(max(0, quad(x, lv.Cov, x))), ok
}

// relative turns a log effect and its standard error into a relative change and its own.
func relative(v, se float64) (float64, float64) { return math.Expm1(v), math.Exp(v) * se }

// growth adds the growth per year, the desk's and the line's together.
func (e *effectList) growth(pr Priors) {
	v, se, ok := e.combo([]Param{{Kind: ParamGrowth, Desk: true}, {Kind: ParamGrowth}}, []float64{1, 1})
	if !ok {
		return
	}
	r, rse := relative(v, se)
	prior := math.Hypot(pr.Growth, pr.LineGrowth)
	text := fmt.Sprintf("growth: %s a year (± %.1f%%)", pct(r), 100*rse)
	if se > 0.9*prior {
		text += ": the history cannot tell, this is mostly the prior"
	}
	e.add("growth", "per year", r, rse, text)
}

// sessionTypes adds each session type against the type of the first session.
func (e *effectList) sessionTypes(sessions []HistorySession) {
	if len(sessions) == 0 {
		return
	}
	ref := sessions[0].Type
	seen := map[string]bool{ref: true}
	for _, s := range sessions {
		if seen[s.Type] {
			continue
		}
		seen[s.Type] = true
		ps := []Param{{Kind: ParamSessionType, Desk: true, SessionType: s.Type}, {Kind: ParamSessionType, SessionType: s.Type},
			{Kind: ParamSessionType, Desk: true, SessionType: ref}, {Kind: ParamSessionType, SessionType: ref}}
		v, se, _ := e.combo(ps, []float64{1, 1, -1, -1})
		r, rse := relative(v, se)
		e.add("session-type", s.Type, r, rse, fmt.Sprintf("%s: %s over %s (± %.1f%%)", typeName(s.Type), pct(r), typeName(ref), 100*rse))
	}
}

// dayTypes adds the non-exam days and Saturdays against an exam weekday.
func (e *effectList) dayTypes() {
	for _, typ := range []DayType{NonExamDay, Saturday} {
		if e.lv.find(Param{Kind: ParamBase, DayType: typ}) < 0 || e.lv.find(Param{Kind: ParamBase, DayType: ExamWeekday}) < 0 {
			continue
		}
		v, se, _ := e.combo([]Param{{Kind: ParamBase, DayType: typ}, {Kind: ParamBase, DayType: ExamWeekday}}, []float64{1, -1})
		r, rse := relative(v, se)
		e.add("day-type", typ.String(), r, rse, fmt.Sprintf("%s: %s against an exam weekday, sittings aside (± %.1f%%)", typ, pct(r), 100*rse))
	}
}

// weekdays adds the weekdays of each day type against their mean, for the day types with
// two weekdays or more.
func (e *effectList) weekdays() {
	for _, typ := range DayTypes {
		var wds []time.Weekday
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			if e.lv.find(Param{Kind: ParamWeekday, DayType: typ, Weekday: wd}) >= 0 {
				wds = append(wds, wd)
			}
		}
		if len(wds) < 2 {
			continue
		}
		for _, wd := range wds {
			var ps []Param
			var w []float64
			for _, o := range wds {
				f := -1 / float64(len(wds))
				if o == wd {
					f++
				}
				ps = append(ps, Param{Kind: ParamWeekday, Desk: true, Weekday: o}, Param{Kind: ParamWeekday, DayType: typ, Weekday: o})
				w = append(w, f, f)
			}
			v, se, _ := e.combo(ps, w)
			r, rse := relative(v, se)
			e.add("weekday", typ.String()+" "+wd.String(), r, rse,
				fmt.Sprintf("%s %s: %s against the mean %s (± %.1f%%)", typ, wd, pct(r), typ, 100*rse))
		}
	}
}

// sittings adds the calls per remote sitting: spread over the day, and in the kernels around
// an exam's start and its end (with their peak slot).
func (e *effectList) sittings(lm *LineModel, kernelSlots, slotMinutes int) {
	lv := e.lv
	if i := lv.find(Param{Kind: ParamPerSitting}); i >= 0 {
		p := lv.Params[i]
		e.add("sittings", "over the day", p.Value, math.Sqrt(max(0, lv.Cov[i][i])),
			fmt.Sprintf("per remote sitting: %.3f calls over the day (± %.3f)", p.Value, math.Sqrt(max(0, lv.Cov[i][i]))))
	}
	for _, k := range []struct {
		name, what string
		kernel     []float64
	}{{"start", "its start slot", lm.Start}, {"end", "its last slot", lm.End}} {
		total, peak, at := 0.0, 0.0, 0
		for q, x := range k.kernel {
			total += x
			if x > peak {
				peak, at = x, q-kernelSlots
			}
		}
		if total <= 0 {
			continue
		}
		where := "in " + k.what
		if at != 0 {
			where = fmt.Sprintf("%d min %s %s", abs(at)*slotMinutes, map[bool]string{true: "before", false: "after"}[at < 0], k.what)
		}
		e.add("sittings", k.name, total, 0, fmt.Sprintf("per remote sitting: %.3f calls around an exam's %s, the most %s (%.3f)",
			total, k.name, where, peak))
	}
}

// noise adds the day-level and slot-level noise beyond Poisson.
func (e *effectList) noise() {
	lv := e.lv
	e.add("noise", "day", math.Sqrt(lv.DayNoise), 0, fmt.Sprintf("day-to-day noise: ± %.1f%% of the base calls beyond Poisson", 100*math.Sqrt(lv.DayNoise)))
	e.add("noise", "slot", math.Sqrt(lv.SlotNoise), 0, fmt.Sprintf("slot noise: ± %.1f%% beyond Poisson and the day's", 100*math.Sqrt(lv.SlotNoise)))
}

// Summary writes effects in words, under a heading per line, indented by two spaces; the
// weekdays of a day type share one line ("exam-weekday: Mon +12.0%, ... against their mean").
func Summary(effects []Effect) string {
	var b strings.Builder
	line := ""
	for i := 0; i < len(effects); i++ {
		e := effects[i]
		if e.Line != line {
			line = e.Line
			fmt.Fprintf(&b, "%s:\n", line)
		}
		if e.Kind != "weekday" {
			fmt.Fprintf(&b, "  %s\n", e.Text)
			continue
		}
		typ, _, _ := strings.Cut(e.Name, " ")
		var parts []string
		for ; i < len(effects) && effects[i].Line == line && effects[i].Kind == "weekday" && strings.HasPrefix(effects[i].Name, typ+" "); i++ {
			wd := strings.TrimPrefix(effects[i].Name, typ+" ")
			parts = append(parts, fmt.Sprintf("%s %s", wd[:min(3, len(wd))], pct(effects[i].Value)))
		}
		i--
		fmt.Fprintf(&b, "  %s: %s against their mean\n", typ, strings.Join(parts, ", "))
	}
	return b.String()
}
