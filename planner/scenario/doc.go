// Package scenario holds what-if scenarios: a named set of changes to the base data (calls
// x1.2, two mentors fewer, a stricter target, extra staff...), stored, chained on a parent
// scenario and applied to a copy of the dataset.
//
// The change language is that of the CLI flags (--calls, --aht, --add, --without...):
// ParseChange reads one change and checks its values against the ranges of planner, so a bad
// change is refused with the flag and the text that broke it. Apply never changes the base
// dataset.
package scenario
