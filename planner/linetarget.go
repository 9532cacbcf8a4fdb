package planner

import "strings"

// FarBelowTarget is how far under the service target (a share: 0.10 is ten points) a line's
// service must be for the summaries to warn of it, beside marking it below target.
const FarBelowTarget = 0.10

// TargetGap says where a line's service stands against the settings' target: below it, and
// far below it (by FarBelowTarget or more). A line without calls is neither.
func (l LineReport) TargetGap(s Settings) (below, far bool) {
	if l.Calls <= 0 {
		return false, false
	}
	target := s.TargetPercent / 100
	return l.ServiceLevel < target-1e-9, l.ServiceLevel < target-FarBelowTarget-1e-9
}

// ShiftLineLabel is the line a shift answers, in words: its line id, or for a pooled shift
// (PooledLine) the lines of its person joined by "+" ("LLN+MONS"), from the first dataset of
// people that knows the person ("all lines" when none does). Every text, workbook and
// calendar writes pooled shifts so; JSON keeps the stored PooledLine.
func ShiftLineLabel(sh Shift, people ...*Dataset) string {
	if sh.Line != PooledLine {
		return sh.Line
	}
	for _, ds := range people {
		if ds == nil {
			continue
		}
		if s, ok := ds.StaffByID(sh.StaffID); ok && len(s.Lines) > 0 {
			return strings.Join(s.Lines, "+")
		}
	}
	return "all lines"
}
