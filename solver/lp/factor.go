package lp

import "math"

// etaFile holds the basis inverse in product form:
//
//	B^-1 = E_k^-1 ... E_1^-1 B0^-1,  B0 = -I,
//
// where E_t is the identity with column r_t replaced by the transformed
// column eta_t (eta_t[r_t] is the pivot). The all-logical basis is -I.
// After a factorisation the file holds the LU factors of -B (see lu), and
// every basis change appends one eta.
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

func (f *etaFile) nnz() int { return len(f.idx) }

// push appends an eta with pivot position r taken from the transformed
// column v (dense, length m). Entries below dropTol are dropped.
func (f *etaFile) push(r int, v []float64) {
	const dropTol = 1e-14
	f.row = append(f.row, r)
	f.piv = append(f.piv, v[r])
	for i, x := range v {
		if i != r && (x > dropTol || x < -dropTol) {
			f.idx = append(f.idx, i)
			f.val = append(f.val, x)
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

// pushSparse appends an eta with pivot position r, pivot value piv and off-pivot entries
// val[k] at positions idx[k].
func (f *etaFile) pushSparse(r int, piv float64, idx []int, val []float64) {
	f.row = append(f.row, r)
	f.piv = append(f.piv, piv)
	f.idx = append(f.idx, idx...)
	f.val = append(f.val, val...)
	f.start = append(f.start, len(f.idx))
}

// luEntry is a nonzero of the active submatrix or of a factor.
type luEntry struct {
	i int // row
	v float64
}

// luFactor is the workspace of the sparse LU factorisation of a basis.
type luFactor struct {
	cols     [][]luEntry // active part of each column (by column number k)
	ucols    [][]luEntry // U part of each column: entries in rows pivoted before it
	rowCols  [][]int     // per row, the columns that may have an entry in it (stale allowed)
	colCount []int
	rowCount []int
	colDone  []bool
	rowDone  []bool
	posOf    []int // scatter map: row -> position in the column being updated, -1
	stamp    []int // per column, last step it was visited (dedupes rowCols)
	lIdx     []int
	lVal     []float64
	order    []int // pivot order of the columns
	pivRow   []int // per column, its pivot row
	pivVal   []float64
	cb, rb   buckets // active columns and rows by count
	rowVisit []int   // per row, the last column update that met it
	visit    int
}

// buckets keeps items 0..n-1 in doubly linked lists by count.
type buckets struct {
	head, next, prev []int
}

func (b *buckets) init(items, counts int) {
	b.head = resizeInts(b.head, counts+1)
	b.next = resizeInts(b.next, items)
	b.prev = resizeInts(b.prev, items)
	for c := range b.head {
		b.head[c] = -1
	}
}

func (b *buckets) add(x, cnt int) {
	h := b.head[cnt]
	b.next[x], b.prev[x] = h, -1-cnt // prev < 0 encodes the bucket of the first item
	if h >= 0 {
		b.prev[h] = x
	}
	b.head[cnt] = x
}

func (b *buckets) remove(x int) {
	p, nx := b.prev[x], b.next[x]
	if p >= 0 {
		b.next[p] = nx
	} else {
		b.head[-1-p] = nx
	}
	if nx >= 0 {
		b.prev[nx] = p
	}
}

// lu factorises M = -B, B being made of the logicals already in head (head[i] = n+i, or -1
// for a free row) and the structural columns structs, as P M Q = L U by right-looking
// Gaussian elimination with Markowitz pivoting and a threshold of 0.1 on the column, and
// writes L^-1 and U^-1 to the eta file in product form: the etas of L in pivot order, then
// those of U in reverse pivot order (the logicals, M's unit columns, need none). It sets
// head for the columns it pivots and returns the structurals it rejects as dependent.
func (s *simplex) lu(structs []int, head []int) (rejected []int) {
	lu := &s.lw
	nc := len(structs)
	freeRows := s.luLoad(structs, head)
	reject := func(k int) {
		lu.reject(k)
		rejected = append(rejected, structs[k])
	}
	for active := nc; active > 0; active-- {
		if freeRows == 0 {
			for c := range nc {
				if !lu.colDone[c] {
					reject(c)
				}
			}
			break
		}
		r, k, bad := lu.choosePivot(s.m)
		if bad >= 0 {
			reject(bad)
			continue
		}
		s.luEliminate(r, k, structs, head)
		freeRows--
	}
	s.luPushU()
	return rejected
}

// luLoad sizes the work space for the structurals structs and loads their entries: those in
// the rows of logicals already in head go straight to U, the others make the active matrix,
// bucketed by count. It returns the number of rows left to pivot.
func (s *simplex) luLoad(structs []int, head []int) (freeRows int) {
	m := s.m
	lu := &s.lw
	nc := len(structs)
	lu.cols = resize(lu.cols, nc)
	lu.ucols = resize(lu.ucols, nc)
	lu.rowCols = resize(lu.rowCols, m)
	lu.colCount = resizeInts(lu.colCount, nc)
	lu.rowCount = resizeInts(lu.rowCount, m)
	lu.stamp = resizeInts(lu.stamp, nc)
	lu.pivRow = resizeInts(lu.pivRow, nc)
	lu.posOf = resizeInts(lu.posOf, m)
	if len(lu.rowVisit) < m {
		lu.rowVisit = make([]int, m)
	}
	lu.colDone = resizeBools(lu.colDone, nc)
	lu.rowDone = resizeBools(lu.rowDone, m)
	if cap(lu.pivVal) < nc {
		lu.pivVal = make([]float64, nc)
	}
	lu.pivVal = lu.pivVal[:nc]
	lu.order = lu.order[:0]
	freeRows = 0
	for i := range m {
		lu.rowCols[i] = lu.rowCols[i][:0]
		lu.rowDone[i] = head[i] >= 0
		lu.posOf[i] = -1
		if !lu.rowDone[i] {
			freeRows++
		}
	}
	for k, j := range structs {
		lu.cols[k] = lu.cols[k][:0]
		lu.ucols[k] = lu.ucols[k][:0]
		lu.stamp[k] = -1
		for t := s.cs[j]; t < s.cs[j+1]; t++ {
			i, v := s.ci[t], -s.cv[t]
			if lu.rowDone[i] {
				lu.ucols[k] = append(lu.ucols[k], luEntry{i, v}) // row of a logical: pivoted before
				continue
			}
			lu.cols[k] = append(lu.cols[k], luEntry{i, v})
			lu.rowCols[i] = append(lu.rowCols[i], k)
			lu.rowCount[i]++
		}
		lu.colCount[k] = len(lu.cols[k])
	}
	lu.cb.init(nc, m)
	lu.rb.init(m, nc)
	for k := nc - 1; k >= 0; k-- {
		lu.cb.add(k, lu.colCount[k])
	}
	for i := m - 1; i >= 0; i-- {
		if !lu.rowDone[i] {
			lu.rb.add(i, lu.rowCount[i])
		}
	}
	return freeRows
}

// setRowCount changes the count of active row i.
func (lu *luFactor) setRowCount(i, cnt int) {
	lu.rb.remove(i)
	lu.rowCount[i] = cnt
	lu.rb.add(i, cnt)
}

// colMax returns the largest magnitude of active column k.
func (lu *luFactor) colMax(k int) float64 {
	mx := 0.0
	for _, e := range lu.cols[k] {
		mx = max(mx, math.Abs(e.v))
	}
	return mx
}

// reject takes column k out of the active matrix, as dependent.
func (lu *luFactor) reject(k int) {
	lu.colDone[k] = true
	lu.cb.remove(k)
	for _, e := range lu.cols[k] {
		lu.setRowCount(e.i, lu.rowCount[e.i]-1)
	}
}

// luThreshold is the threshold of the pivot choice, relative to its column's largest entry.
const luThreshold = 0.1

// choosePivot chooses the next pivot (r, k) among m rows: a column singleton, else a row
// singleton with an acceptable pivot, else by Markowitz count. It returns bad >= 0 instead
// when column bad must be rejected as dependent (empty, or without an acceptable pivot).
func (lu *luFactor) choosePivot(m int) (r, k, bad int) {
	const threshold = luThreshold
	r, k = -1, -1
	if c := lu.cb.head[0]; c >= 0 {
		return -1, -1, c // empty: dependent
	}
	if c := lu.cb.head[1]; c >= 0 {
		if e := lu.cols[c][0]; math.Abs(e.v) >= refactorPivot {
			r, k = e.i, c
		} else {
			return -1, -1, c
		}
	}
	// a row singleton with an acceptable pivot
	for i, tries := lu.rb.head[1], 0; r < 0 && i >= 0 && tries < 4; i, tries = lu.rb.next[i], tries+1 {
		for _, c := range lu.rowCols[i] {
			if lu.colDone[c] {
				continue
			}
			for _, e := range lu.cols[c] {
				if e.i == i && math.Abs(e.v) >= refactorPivot && math.Abs(e.v) >= threshold*lu.colMax(c) {
					r, k = i, c
				}
			}
			if r >= 0 {
				break
			}
		}
	}
	if r >= 0 {
		return r, k, -1
	}
	// Markowitz: among (up to) 4 columns of the smallest counts, the entry passing the
	// threshold with the least (row count - 1) * (column count - 1)
	best, seen := math.MaxInt, 0
	bad = -1
	for cnt := 2; cnt <= m && seen < 4 && bad < 0; cnt++ {
		for c := lu.cb.head[cnt]; c >= 0 && seen < 4; c = lu.cb.next[c] {
			seen++
			mx := lu.colMax(c)
			if mx < refactorPivot {
				bad = c
				break
			}
			for _, e := range lu.cols[c] {
				if math.Abs(e.v) < threshold*mx {
					continue
				}
				if cost := (lu.rowCount[e.i] - 1) * (cnt - 1); cost < best {
					best, r, k = cost, e.i, c
				}
			}
		}
	}
	if bad >= 0 {
		return -1, -1, bad
	}
	return r, k, -1
}

// luEliminate eliminates with pivot (r, k): pushes the eta of L's column, sets head[r], moves
// row r of the other active columns to U and updates them (with fill).
func (s *simplex) luEliminate(r, k int, structs, head []int) {
	lu := &s.lw
	var piv float64
	lu.lIdx, lu.lVal = lu.lIdx[:0], lu.lVal[:0]
	for _, e := range lu.cols[k] {
		if e.i == r {
			piv = e.v
		}
	}
	for _, e := range lu.cols[k] {
		if e.i != r {
			lu.lIdx = append(lu.lIdx, e.i)
			lu.lVal = append(lu.lVal, e.v/piv)
			lu.setRowCount(e.i, lu.rowCount[e.i]-1)
		}
	}
	lu.colDone[k] = true
	lu.cb.remove(k)
	lu.rowDone[r] = true
	lu.rb.remove(r)
	lu.pivRow[k], lu.pivVal[k] = r, piv
	lu.order = append(lu.order, k)
	head[r] = structs[k]
	if len(lu.lIdx) > 0 {
		s.f.pushSparse(r, 1, lu.lIdx, lu.lVal)
	}
	step := len(lu.order)
	for t, i := range lu.lIdx {
		lu.posOf[i] = t // multiplier of row i
	}
	for _, c := range lu.rowCols[r] {
		if lu.colDone[c] || lu.stamp[c] == step {
			continue
		}
		lu.stamp[c] = step
		col := lu.cols[c]
		arc, at := 0.0, -1
		for t, e := range col {
			if e.i == r {
				arc, at = e.v, t
				break
			}
		}
		if at < 0 {
			continue // stale
		}
		// row r moves to U
		lu.ucols[c] = append(lu.ucols[c], luEntry{r, arc})
		col[at] = col[len(col)-1]
		col = col[:len(col)-1]
		if len(lu.lIdx) > 0 {
			lu.visit++
			for t := range col {
				if p := lu.posOf[col[t].i]; p >= 0 {
					col[t].v -= lu.lVal[p] * arc
					lu.rowVisit[col[t].i] = lu.visit
				}
			}
			for t, i := range lu.lIdx {
				if lu.rowVisit[i] != lu.visit {
					col = append(col, luEntry{i, -lu.lVal[t] * arc}) // fill
					lu.setRowCount(i, lu.rowCount[i]+1)
					lu.rowCols[i] = append(lu.rowCols[i], c)
				}
			}
		}
		lu.cols[c] = col
		lu.cb.remove(c)
		lu.colCount[c] = len(col)
		lu.cb.add(c, len(col))
	}
	for _, i := range lu.lIdx {
		lu.posOf[i] = -1
	}
}

// luPushU writes U^-1 to the eta file: one eta per pivoted column, in reverse pivot order.
func (s *simplex) luPushU() {
	lu := &s.lw
	for t := len(lu.order) - 1; t >= 0; t-- {
		k := lu.order[t]
		lu.lIdx, lu.lVal = lu.lIdx[:0], lu.lVal[:0]
		for _, e := range lu.ucols[k] {
			if e.v > 1e-14 || e.v < -1e-14 {
				lu.lIdx = append(lu.lIdx, e.i)
				lu.lVal = append(lu.lVal, e.v)
			}
		}
		if lu.pivVal[k] == 1 && len(lu.lIdx) == 0 {
			continue
		}
		s.f.pushSparse(lu.pivRow[k], lu.pivVal[k], lu.lIdx, lu.lVal)
	}
}

func resize[T any](s [][]T, n int) [][]T {
	if cap(s) < n {
		s = append(s[:cap(s)], make([][]T, n-cap(s))...)
	}
	return s[:n]
}

func resizeInts(s []int, n int) []int {
	if cap(s) < n {
		s = make([]int, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func resizeBools(s []bool, n int) []bool {
	if cap(s) < n {
		s = make([]bool, n)
	}
	s = s[:n]
	clear(s)
	return s
}
