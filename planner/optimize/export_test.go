package optimize

import "flag"

// Long runs the long quality checks in full (go test ./planner/optimize -long): the demo week
// whole rather than its first days, every step of a ladder, the larger desks against cbc. The
// default run checks the same properties on a smaller horizon.
var Long = flag.Bool("long", false, "run the long quality checks in full")
