package solver

// DbgCounters is temporary instrumentation.
func DbgCounters() any { return [][3]int{dbgTried, dbgImp, dbgWorse} }
