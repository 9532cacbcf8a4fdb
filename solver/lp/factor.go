package lp

// etaFile holds the basis inverse in product form:
//
//	B^-1 = E_k^-1 ... E_1^-1 B0^-1,  B0 = -I,
//
// where E_t is the identity with column r_t replaced by the transformed
// column eta_t (eta_t[r_t] is the pivot). The all-logical basis is -I.
type etaFile struct {
	m     int
	row   []int     // pivot position per eta
	piv   []float64 // pivot value per eta
	start []int     // start of eta t's off-pivot entries in idx/val; len = etas+1
	idx   []int
	val   []float64
}

func (f *etaFile) reset(m int) {
	f.m = m
	f.row = f.row[:0]
	f.piv = f.piv[:0]
	f.start = append(f.start[:0], 0)
	f.idx = f.idx[:0]
	f.val = f.val[:0]
}

func (f *etaFile) len() int { return len(f.row) }
func (f *etaFile) nnz() int { return len(f.idx) }

// push appends an eta with pivot position r taken from the transformed
// column v (dense, length m). Entries below dropTol are dropped.
func (f *etaFile) push(r int, v []float64, nz []int) {
	const dropTol = 1e-14
	f.row = append(f.row, r)
	f.piv = append(f.piv, v[r])
	if nz != nil {
		for _, i := range nz {
			if i != r && (v[i] > dropTol || v[i] < -dropTol) {
				f.idx = append(f.idx, i)
				f.val = append(f.val, v[i])
			}
		}
	} else {
		for i, x := range v {
			if i != r && (x > dropTol || x < -dropTol) {
				f.idx = append(f.idx, i)
				f.val = append(f.val, x)
			}
		}
	}
	f.start = append(f.start, len(f.idx))
}

// ftran overwrites v with B^-1 v.
func (f *etaFile) ftran(v []float64) {
	for i := range v {
		v[i] = -v[i]
	}
	for t, r := range f.row {
		xr := v[r]
		if xr == 0 {
			continue
		}
		xr /= f.piv[t]
		v[r] = xr
		idx := f.idx[f.start[t]:f.start[t+1]]
		val := f.val[f.start[t]:f.start[t+1]]
		for k, i := range idx {
			v[i] -= val[k] * xr
		}
	}
}

// btran overwrites v with B^-T v.
func (f *etaFile) btran(v []float64) {
	for t := len(f.row) - 1; t >= 0; t-- {
		r := f.row[t]
		s := v[r]
		idx := f.idx[f.start[t]:f.start[t+1]]
		val := f.val[f.start[t]:f.start[t+1]]
		for k, i := range idx {
			s -= val[k] * v[i]
		}
		v[r] = s / f.piv[t]
	}
	for i := range v {
		v[i] = -v[i]
	}
}

// ftranSparse is ftran for a vector whose nonzeros are listed in nz (and
// marked in mark); it returns the extended list of possible nonzeros.
func (f *etaFile) ftranSparse(v []float64, nz []int, mark []bool) []int {
	for _, i := range nz {
		v[i] = -v[i]
	}
	for t, r := range f.row {
		xr := v[r]
		if xr == 0 {
			continue
		}
		xr /= f.piv[t]
		v[r] = xr
		idx := f.idx[f.start[t]:f.start[t+1]]
		val := f.val[f.start[t]:f.start[t+1]]
		for k, i := range idx {
			if !mark[i] {
				mark[i] = true
				nz = append(nz, i)
			}
			v[i] -= val[k] * xr
		}
	}
	return nz
}
