package forecast

import (
	"math"
	"slices"
)

// solve solves the symmetric positive semi-definite system a·x = b by Gaussian elimination
// with partial pivoting, after a tiny ridge that sets unidentified entries to 0.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	tr := 0.0
	for i := range n {
		tr += a[i][i]
	}
	ridge := 1e-9 * (tr/float64(n) + 1)
	m := make([][]float64, n)
	for i := range m {
		m[i] = append(slices.Clone(a[i]), b[i])
		m[i][i] += ridge
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		v := m[r][n]
		for k := r + 1; k < n; k++ {
			v -= m[r][k] * x[k]
		}
		x[r] = v / m[r][r]
	}
	return x
}

// inverse returns the inverse of the symmetric positive definite matrix a, column by column
// with solve, symmetrised.
func inverse(a [][]float64) [][]float64 {
	n := len(a)
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, n)
	}
	e := make([]float64, n)
	for c := range n {
		clear(e)
		e[c] = 1
		x := solve(a, e)
		for r := range n {
			out[r][c] = x[r]
		}
	}
	for r := range n {
		for c := r + 1; c < n; c++ {
			v := (out[r][c] + out[c][r]) / 2
			out[r][c], out[c][r] = v, v
		}
	}
	return out
}

// quad returns xᵀ·a·y.
func quad(x []float64, a [][]float64, y []float64) float64 {
	t := 0.0
	for i, xi := range x {
		if xi == 0 {
			continue
		}
		for j, yj := range y {
			t += xi * a[i][j] * yj
		}
	}
	return t
}
