package solver

// DbgCounters is temporary instrumentation.
func DbgCounters() any { return [][3]int{dbgTried, dbgImp, dbgWorse} }

// DbgChain tries every chain move of two workers on windows up to maxLen.
func DbgChain(m *Model, assign [][]int, maxLen int) (float64, float64) {
	p := newPrep(m)
	specs := make([]*wspec, p.nW)
	for w := range specs {
		specs[w] = newWSpec(p, w)
	}
	s := newSearcher(p, specs, 1, 0)
	for w, row := range assign {
		for d, o := range row {
			s.st.set(w, d, int32(o))
		}
	}
	start := s.st.score()
	for w1 := range p.nW {
		for w2 := range p.nW {
			if w1 == w2 {
				continue
			}
			for l := maxLen; l <= maxLen; l++ {
				for a := 0; a+l <= p.nD; a++ {
					before := s.st.score()
					s.chainMove([]int{w1, w2}, a, a+l-1)
					if s.st.score() < before-1e-9 {
						println("improved", w1, w2, a, l, before, s.st.score())
					}
				}
			}
		}
	}
	return start, s.st.score()
}
