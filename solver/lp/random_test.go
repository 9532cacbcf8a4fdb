package lp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// randomProblem returns a small random LP. About half of them are built
// around a point that satisfies every row, so they are feasible.
func randomProblem(rng *rand.Rand, maxVars, maxRows int) *Problem {
	var p Problem
	n := 1 + rng.IntN(maxVars)
	m := rng.IntN(maxRows + 1)
	x0 := make([]float64, n)
	for j := 0; j < n; j++ {
		lo, hi := 0.0, inf
		switch rng.IntN(6) {
		case 1:
			lo, hi = -inf, inf
		case 2:
			lo = float64(rng.IntN(5) - 2)
			hi = lo + float64(rng.IntN(4))
		case 3:
			lo, hi = -inf, float64(rng.IntN(5))
		case 4:
			hi = float64(1 + rng.IntN(3))
		}
		p.AddVar(lo, hi, float64(rng.IntN(11)-5))
		switch {
		case !math.IsInf(lo, 0) && !math.IsInf(hi, 0):
			x0[j] = lo + rng.Float64()*(hi-lo)
		case !math.IsInf(lo, 0):
			x0[j] = lo + 3*rng.Float64()
		case !math.IsInf(hi, 0):
			x0[j] = hi - 3*rng.Float64()
		default:
			x0[j] = 6*rng.Float64() - 3
		}
	}
	feasible := rng.IntN(2) == 0
	for i := 0; i < m; i++ {
		var idx []int
		var val []float64
		for j := 0; j < n; j++ {
			if rng.Float64() < 0.5 {
				idx = append(idx, j)
				val = append(val, float64(rng.IntN(9)-4))
			}
		}
		if len(idx) == 0 {
			j := rng.IntN(n)
			idx, val = []int{j}, []float64{float64(1 + rng.IntN(3))}
		}
		act := 0.0
		for k, j := range idx {
			act += val[k] * x0[j]
		}
		if !feasible {
			act = float64(rng.IntN(11) - 5)
		}
		var lo, hi float64
		switch rng.IntN(4) {
		case 0:
			lo, hi = -inf, math.Ceil(act)
		case 1:
			lo, hi = math.Floor(act), inf
		case 2:
			lo = math.Floor(act)
			hi = lo + float64(rng.IntN(3)+1)
		case 3:
			if feasible {
				lo, hi = act, act
			} else {
				lo, hi = math.Round(act), math.Round(act)
			}
		}
		p.AddRow(lo, hi, idx, val)
	}
	return &p
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }

// writeLP writes p in CPLEX LP format (range rows as two rows).
func writeLP(w io.Writer, p *Problem) error {
	bw := bufio.NewWriter(w)
	term := func(v float64, j int) {
		if v < 0 {
			fmt.Fprintf(bw, " - %s x%d", fmtNum(-v), j)
		} else {
			fmt.Fprintf(bw, " + %s x%d", fmtNum(v), j)
		}
	}
	fmt.Fprint(bw, "Minimize\n obj:")
	for j, c := range p.cost {
		term(c, j)
	}
	fmt.Fprint(bw, "\nSubject To\n")
	if p.NumRows() == 0 {
		fmt.Fprint(bw, " dummy: 0 x0 >= -1\n") // the section may not be empty
	}
	rows := make([][]int, p.NumRows())
	for k, i := range p.ei {
		rows[i] = append(rows[i], k)
	}
	for i, ks := range rows {
		body := func(name string) {
			fmt.Fprintf(bw, " %s:", name)
			if len(ks) == 0 {
				fmt.Fprint(bw, " 0 x0")
			}
			for _, k := range ks {
				term(p.ev[k], p.ej[k])
			}
		}
		lo, hi := p.rlo[i], p.rhi[i]
		switch {
		case lo == hi:
			body(fmt.Sprintf("r%d", i))
			fmt.Fprintf(bw, " = %s\n", fmtNum(lo))
		default:
			if !math.IsInf(lo, -1) {
				body(fmt.Sprintf("r%dl", i))
				fmt.Fprintf(bw, " >= %s\n", fmtNum(lo))
			}
			if !math.IsInf(hi, 1) {
				body(fmt.Sprintf("r%du", i))
				fmt.Fprintf(bw, " <= %s\n", fmtNum(hi))
			}
		}
	}
	fmt.Fprint(bw, "Bounds\n")
	for j := range p.lo {
		lo, hi := p.lo[j], p.hi[j]
		switch {
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			fmt.Fprintf(bw, " x%d free\n", j)
		case lo == hi:
			fmt.Fprintf(bw, " x%d = %s\n", j, fmtNum(lo))
		case math.IsInf(hi, 1):
			fmt.Fprintf(bw, " x%d >= %s\n", j, fmtNum(lo))
		case math.IsInf(lo, -1):
			fmt.Fprintf(bw, " -inf <= x%d <= %s\n", j, fmtNum(hi))
		default:
			fmt.Fprintf(bw, " %s <= x%d <= %s\n", fmtNum(lo), j, fmtNum(hi))
		}
	}
	fmt.Fprint(bw, "End\n")
	return bw.Flush()
}

// glpk solves p with glpsol and returns the status word and objective.
func glpk(t *testing.T, p *Problem) (string, float64) {
	t.Helper()
	dir := t.TempDir()
	lpf, solf := filepath.Join(dir, "p.lp"), filepath.Join(dir, "p.sol")
	f, err := os.Create(lpf)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeLP(f, p); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command("glpsol", "--nopresol", "--lp", lpf, "-w", solf).CombinedOutput()
	if err != nil {
		t.Fatalf("glpsol: %v\n%s", err, out)
	}
	data, err := os.ReadFile(solf)
	if err != nil {
		t.Fatal(err)
	}
	var status string
	switch o := string(out); {
	case strings.Contains(o, "UNBOUNDED PRIMAL"):
		status = "UNBOUNDED"
	case strings.Contains(o, "NO PRIMAL FEASIBLE"):
		status = "INFEASIBLE"
	}
	obj := math.NaN()
	for _, line := range strings.Split(string(data), "\n") {
		if s, ok := strings.CutPrefix(line, "c Status:"); ok && status == "" {
			status = strings.TrimSpace(s)
		}
		if s, ok := strings.CutPrefix(line, "c Objective:"); ok {
			fs := strings.Fields(s)
			if len(fs) >= 3 {
				obj, _ = strconv.ParseFloat(fs[2], 64)
			}
		}
	}
	return status, obj
}

func TestCrossCheckGLPK(t *testing.T) {
	if _, err := exec.LookPath("glpsol"); err != nil {
		t.Skip("glpsol not on PATH; install glpk-utils to cross-check against GLPK")
	}
	// Seeds 1-150: up to 12 variables and 10 rows; 151-200: up to 60 x 40;
	// then structured covering and rostering problems.
	count := 200
	if testing.Short() {
		count = 50
	}
	var problems []*Problem
	for seed := uint64(1); seed <= uint64(count); seed++ {
		rng := rand.New(rand.NewPCG(seed, 42))
		if seed <= 150 {
			problems = append(problems, randomProblem(rng, 12, 10))
		} else {
			problems = append(problems, randomProblem(rng, 60, 40))
		}
	}
	problems = append(problems, coveringProblem(5, 300, 120), rosterProblem(5, 6, 7, 8))
	if !testing.Short() {
		problems = append(problems, coveringProblem(6, 1400, 600), rosterProblem(6, 10, 14, 12))
	}
	seen := map[string]int{}
	defer func() { t.Logf("glpsol statuses: %v", seen) }()
	for k, p := range problems {
		seed := k + 1
		res, err := Solve(context.Background(), p, Options{})
		status, obj := glpk(t, p)
		seen[status]++
		switch status {
		case "OPTIMAL":
			if err != nil {
				t.Errorf("seed %d: Solve() err = %v, want optimum %g", seed, err, obj)
				continue
			}
			if math.Abs(res.Objective-obj) > 1e-6*(1+math.Abs(obj)) {
				t.Errorf("seed %d: Solve() objective = %.10g, want %.10g (glpsol)", seed, res.Objective, obj)
			}
			if res.Bound > obj+1e-6 {
				t.Errorf("seed %d: Bound = %.10g above optimum %.10g", seed, res.Bound, obj)
			}
			checkOptimal(t, p, res)
		case "INFEASIBLE":
			if !errors.Is(err, ErrInfeasible) {
				t.Errorf("seed %d: Solve() err = %v, want %v (glpsol: %s)", seed, err, ErrInfeasible, status)
			}
		case "UNBOUNDED":
			if !errors.Is(err, ErrUnbounded) {
				t.Errorf("seed %d: Solve() err = %v, want %v", seed, err, ErrUnbounded)
			}
		default:
			t.Errorf("seed %d: unexpected glpsol status %q", seed, status)
		}
	}
}
