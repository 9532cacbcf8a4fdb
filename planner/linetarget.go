package planner

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
