package curtois

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deskplan/deskplan/solver"
)

// benchDir finds ../shared/benchmarks/curtois by walking up from the package directory.
func benchDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "benchmarks", "curtois")
		if _, err := os.Stat(filepath.Join(p, "Instance1.txt")); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("benchmark data not found: shared/benchmarks/curtois is absent above the package")
		}
		dir = parent
	}
}

func load(tb testing.TB, i int) *Instance {
	tb.Helper()
	in, err := ReadFile(filepath.Join(benchDir(tb), fmt.Sprintf("Instance%d.txt", i)))
	if err != nil {
		tb.Fatal(err)
	}
	return in
}

func TestParse(t *testing.T) {
	in := load(t, 1)
	if in.Days != 14 || len(in.Shifts) != 1 || len(in.Staff) != 8 || len(in.Cover) != 14 {
		t.Fatalf("Instance1: %d days, %d shifts, %d staff, %d cover lines; want 14, 1, 8, 14",
			in.Days, len(in.Shifts), len(in.Staff), len(in.Cover))
	}
	if len(in.OnRequests) != 21 || len(in.OffRequests) != 5 {
		t.Fatalf("requests: %d on, %d off; want 21, 5", len(in.OnRequests), len(in.OffRequests))
	}
	s := in.Staff[0]
	if s.ID != "A" || s.MaxShifts["D"] != 14 || s.MaxTotal != 4320 || s.MinTotal != 3360 ||
		s.MaxConsecutive != 5 || s.MinConsecutive != 2 || s.MinConsecutiveDaysOff != 2 || s.MaxWeekends != 1 {
		t.Fatalf("staff A = %+v", s)
	}
	if len(in.DaysOff[0]) != 1 || in.DaysOff[0][0] != 0 {
		t.Fatalf("days off of A = %v, want [0]", in.DaysOff[0])
	}
	in8 := load(t, 8)
	if len(in8.Shifts) != 4 || strings.Join(in8.Shifts[3].CannotFollow, "|") != "E|D|L" {
		t.Fatalf("Instance8 shifts = %+v", in8.Shifts)
	}
	for i := 1; i <= 24; i++ {
		in := load(t, i)
		if err := in.Model().Validate(); err != nil {
			t.Fatalf("Instance%d: %v", i, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{
		"",
		"SECTION_HORIZON\nx\n",
		"SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\nA,D=7,1,0,1,0,0\n",
		"SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,X\n\nSECTION_STAFF\nA,D=7,4000,0,5,1,1,1\n",
		"SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\nA,D=7,4000,0,5,1,1,1\n\nSECTION_COVER\n9,D,1,1,1\n",
	} {
		if _, err := Parse(strings.NewReader(src)); err == nil {
			t.Errorf("Parse(%q): no error", src)
		}
	}
}

func FuzzParse(f *testing.F) {
	b, err := os.ReadFile(filepath.Join(benchDir(f), "Instance1.txt"))
	if err == nil {
		f.Add(string(b))
	}
	f.Add("SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\nA,D=7,4000,0,5,1,1,1\n\nSECTION_COVER\n0,D,1,1,1\n")
	f.Fuzz(func(t *testing.T, s string) {
		in, err := Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		if in.Days > 400 || len(in.Shifts)*in.Days > 20000 {
			return
		}
		m := in.Model()
		if err := m.Validate(); err != nil {
			t.Fatalf("parsed instance gives an invalid model: %v", err)
		}
		empty := make([][]int, len(m.Workers))
		for w := range empty {
			empty[w] = make([]int, m.Days)
			for d := range empty[w] {
				empty[w][d] = solver.Off
			}
		}
		if _, err := m.Check(solver.Solution{Assign: empty}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestReferenceRosters pins the semantics: both published rosters of Instance1 score 608
// (cover 601, requests 7) with no violation.
func TestReferenceRosters(t *testing.T) {
	in := load(t, 1)
	m := in.Model()
	for _, name := range []string{"Instance1-a.txt", "Instance1-b.txt"} {
		f, err := os.Open(filepath.Join(benchDir(t), "solutions", name))
		if err != nil {
			t.Fatal(err)
		}
		assign, err := in.ReadRoster(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		rep, err := m.Check(solver.Solution{Assign: assign})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Objective != 608 || rep.Cells != 601 || rep.Requests != 7 || !rep.Feasible() {
			t.Fatalf("%s: objective %v (cover %v, requests %v), violations %v; want 608 (601, 7), none",
				name, rep.Objective, rep.Cells, rep.Requests, rep.Violations)
		}
		var buf bytes.Buffer
		if err := in.WriteRoster(&buf, assign); err != nil {
			t.Fatal(err)
		}
		again, err := in.ReadRoster(&buf)
		if err != nil {
			t.Fatal(err)
		}
		for w := range assign {
			for d := range assign[w] {
				if assign[w][d] != again[w][d] {
					t.Fatalf("%s: roster changed by a write/read round trip", name)
				}
			}
		}
	}
	// A broken roster: employee A works its fixed day off.
	bad := "A D D D D - - - D D D - - D D\n"
	f, _ := os.ReadFile(filepath.Join(benchDir(t), "solutions", "Instance1-a.txt"))
	lines := strings.SplitN(string(f), "\n", 2)
	assign, err := in.ReadRoster(strings.NewReader(bad + lines[1]))
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := m.Check(solver.Solution{Assign: assign})
	if rep.Feasible() || rep.Violations[0].Rule != solver.RuleAllowed || rep.Violations[0].Day != 0 {
		t.Fatalf("violations %v, want allowed on day 0 first", rep.Violations)
	}
}

// TestOptima: the search reaches the proven optima of instances 1-3 (and proves them with
// its bound).
func TestOptima(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	for i, want := range map[int]float64{1: 607, 2: 828, 3: 1001} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			m := load(t, i).Model()
			sol, err := solver.Solve(context.Background(), m, solver.Options{MaxIterations: 300, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			rep, _ := m.Check(sol)
			if !rep.Feasible() || rep.Objective != want {
				t.Fatalf("Instance%d: objective %v (feasible %v), want %v", i, rep.Objective, rep.Feasible(), want)
			}
			if sol.Bound > want {
				t.Fatalf("Instance%d: bound %v above the optimum %v", i, sol.Bound, want)
			}
		})
	}
}

// TestCBCInstance1 solves Instance1 exactly with cbc from WriteLP and compares.
func TestCBCInstance1(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	if _, err := exec.LookPath("cbc"); err != nil {
		t.Skip("cbc not on PATH (apt-get install coinor-cbc)")
	}
	m := load(t, 1).Model()
	path := filepath.Join(t.TempDir(), "i1.lp")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := solver.WriteLP(f, m); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command("cbc", path, "solve", "quit").CombinedOutput()
	if err != nil {
		t.Fatalf("cbc: %v\n%s", err, out)
	}
	mm := regexp.MustCompile(`Objective value:\s+(\S+)`).FindSubmatch(out)
	if mm == nil || !bytes.Contains(out, []byte("Optimal solution found")) {
		t.Fatalf("cbc output:\n%s", out)
	}
	got, _ := strconv.ParseFloat(string(mm[1]), 64)
	sol, err := solver.Solve(context.Background(), m, solver.Options{MaxIterations: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-607) > 1e-6 || sol.Objective != 607 {
		t.Fatalf("cbc %v, search %v, want 607", got, sol.Objective)
	}
}

var benchTime = flag.Duration("curtois.time", 10*time.Second, "time limit per instance in BenchmarkCurtois (env CURTOIS_TIME overrides)")

// BenchmarkCurtois solves the instances with a time limit and reports objective and gap.
// Select instances with -bench 'Curtois/Instance(1|5)$'; set the time with -curtois.time or
// CURTOIS_TIME; CURTOIS_WORKERS sets the goroutines.
func BenchmarkCurtois(b *testing.B) {
	limit := *benchTime
	if v := os.Getenv("CURTOIS_TIME"); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			limit = d
		}
	}
	workers := 1
	if v := os.Getenv("CURTOIS_WORKERS"); v != "" {
		workers, _ = strconv.Atoi(v)
	}
	for i := 1; i <= 24; i++ {
		b.Run(fmt.Sprintf("Instance%d", i), func(b *testing.B) {
			m := load(b, i).Model()
			var obj, gap float64
			for b.Loop() {
				sol, err := solver.Solve(context.Background(), m, solver.Options{TimeLimit: limit, Seed: 1, Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
				rep, err := m.Check(sol)
				if err != nil || !rep.Feasible() {
					b.Fatalf("infeasible roster: %v %v", err, rep.Violations)
				}
				obj, gap = rep.Objective, sol.Gap()
			}
			b.ReportMetric(obj, "objective")
			b.ReportMetric(100*gap, "gap%")
		})
	}
}
