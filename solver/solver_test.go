package solver_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/deskplan/deskplan/solver"
)

// base returns a model of days days and workers workers with types shift types: type t
// starts at 06:00+8h*t and lasts 8 hours; cell (d, t) wants one worker (10 per missing
// worker, 1 per extra one).
func base(days, workers, types int) *solver.Model {
	m := &solver.Model{Days: days}
	for t := range types {
		m.Types = append(m.Types, string(rune('A'+t)))
	}
	m.Options = make([][]solver.Option, days)
	for d := range days {
		for t := range types {
			m.Cells = append(m.Cells, solver.Cell{Penalty: solver.Linear(1, 10, 1)})
			m.Options[d] = append(m.Options[d], solver.Option{Type: t, Start: 360 + 480*t, Length: 480,
				Cover: []solver.Coverage{{Cell: len(m.Cells) - 1, Coef: 1}}})
		}
	}
	for range workers {
		m.Workers = append(m.Workers, solver.Worker{Weight: 1})
	}
	return m
}

// cellsOver makes every cell want nobody (1 per worker on duty).
func cellsOver(m *solver.Model) {
	for c := range m.Cells {
		m.Cells[c].Penalty = solver.Linear(0, 0, 1)
	}
}

func allCells(m *solver.Model) []int {
	out := make([]int, len(m.Cells))
	for i := range out {
		out[i] = i
	}
	return out
}

// brute returns the optimum of a tiny model by enumerating every roster.
func brute(t *testing.T, m *solver.Model) (float64, bool) {
	t.Helper()
	assign := make([][]int, len(m.Workers))
	for w := range assign {
		assign[w] = make([]int, m.Days)
	}
	best, found := math.Inf(1), false
	var rec func(i int)
	rec = func(i int) {
		if i == len(m.Workers)*m.Days {
			rep, err := m.Check(solver.Solution{Assign: assign})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Feasible() && rep.Objective < best {
				best, found = rep.Objective, true
			}
			return
		}
		w, d := i/m.Days, i%m.Days
		assign[w][d] = solver.Off
		rec(i + 1)
		for _, o := range m.AllowedOn(w, d) {
			assign[w][d] = o
			rec(i + 1)
		}
	}
	rec(0)
	return best, found
}

func rows(rs ...[]int) [][]int { return rs }

const X = solver.Off

type ruleCase struct {
	name  string
	model func() *solver.Model
	bad   [][]int // a roster that breaks the rule
	rule  string
}

func ruleCases() []ruleCase {
	return []ruleCase{
		{"allowed", func() *solver.Model {
			m := base(5, 1, 1)
			m.Workers[0].Allowed = [][]int{nil, nil, {}, nil, nil}
			return m
		}, rows([]int{0, 0, 0, X, X}), solver.RuleAllowed},
		{"max-minutes", func() *solver.Model {
			m := base(5, 1, 1)
			m.Workers[0].MaxMinutes = 2 * 480
			return m
		}, rows([]int{0, 0, 0, X, X}), solver.RuleMaxMinutes},
		{"min-minutes", func() *solver.Model {
			m := base(5, 1, 1)
			cellsOver(m)
			m.Workers[0].MinMinutes = 4 * 480
			return m
		}, rows([]int{0, X, X, X, X}), solver.RuleMinMinutes},
		{"max-week-minutes", func() *solver.Model {
			m := base(9, 1, 1)
			m.Workers[0].MaxWeekMinutes = 3 * 480
			return m
		}, rows([]int{0, 0, 0, 0, X, X, X, 0, 0}), solver.RuleMaxWeekMinutes},
		{"min-week-minutes", func() *solver.Model {
			m := base(9, 1, 1)
			cellsOver(m)
			m.Workers[0].MinWeekMinutes = 2 * 480
			return m
		}, rows([]int{0, 0, X, X, X, X, X, X, X}), solver.RuleMinWeekMinutes},
		{"max-shifts", func() *solver.Model {
			m := base(5, 1, 2)
			m.Workers[0].MaxShifts = []int{1, 0}
			return m
		}, rows([]int{0, 0, X, 1, X}), solver.RuleMaxShifts},
		{"max-days-per-week", func() *solver.Model {
			m := base(6, 1, 1)
			m.Workers[0].MaxDaysPerWeek = 3
			return m
		}, rows([]int{0, 0, X, 0, 0, X}), solver.RuleMaxDaysPerWeek},
		{"max-consecutive", func() *solver.Model {
			m := base(6, 1, 1)
			m.Workers[0].MaxConsecutive = 2
			return m
		}, rows([]int{0, 0, 0, X, 0, 0}), solver.RuleMaxConsecutive},
		{"min-consecutive", func() *solver.Model {
			m := base(6, 1, 1)
			cellsOver(m)
			m.Cells[2].Penalty = solver.Linear(1, 10, 1)
			m.Workers[0].MinConsecutive = 3
			return m
		}, rows([]int{X, X, 0, X, X, X}), solver.RuleMinConsecutive},
		{"min-consecutive-off", func() *solver.Model {
			m := base(6, 1, 1)
			m.Cells[1].Penalty = solver.Linear(0, 0, 3)
			m.Workers[0].MinConsecutiveOff = 2
			return m
		}, rows([]int{0, X, 0, 0, 0, 0}), solver.RuleMinConsecOff},
		{"max-weekends", func() *solver.Model {
			m := base(14, 1, 1)
			m.Workers[0].MaxWeekends = 1
			m.Workers[0].MaxConsecutive = 4
			return m
		}, rows([]int{X, X, X, X, X, 0, X, X, X, X, X, X, 0, X}), solver.RuleMaxWeekends},
		{"succession", func() *solver.Model {
			m := base(4, 1, 2)
			m.Forbidden = []solver.Succession{{From: 1, To: 0}}
			return m
		}, rows([]int{1, 0, X, X}), solver.RuleSuccession},
		{"rest", func() *solver.Model {
			m := base(4, 1, 2)
			m.Workers[0].MinRest = 11 * 60 // 14:00-22:00 then 06:00 leaves 8 hours
			return m
		}, rows([]int{1, 0, X, X}), solver.RuleRest},
		{"history", func() *solver.Model {
			m := base(5, 1, 1)
			m.Workers[0].MaxConsecutive = 3
			m.Workers[0].History = &solver.History{Worked: 2, LastType: 0, LastEnd: 840}
			return m
		}, rows([]int{0, 0, X, 0, 0}), solver.RuleMaxConsecutive},
		{"history-min-run", func() *solver.Model {
			m := base(5, 1, 1)
			cellsOver(m)
			m.Workers[0].MinConsecutive = 3
			m.Workers[0].History = &solver.History{Worked: 1, LastType: 0, LastEnd: 840}
			return m
		}, rows([]int{X, X, X, X, X}), solver.RuleMinConsecutive},
		{"cover-hard", func() *solver.Model {
			m := base(3, 2, 1)
			m.Workers[0].Kinds, m.Workers[1].Kinds = 1, 2
			m.Workers[1].Allowed = [][]int{nil, {}, nil}
			m.Covers = []solver.CoverRule{{Name: "coordinator", Cells: []int{0, 2}, Kinds: 2, Min: 1}}
			return m
		}, rows([]int{0, 0, 0}, []int{X, X, X}), solver.RuleCover},
		{"supervision-hard", func() *solver.Model {
			m := base(3, 3, 1)
			for c := range m.Cells {
				m.Cells[c].Penalty = solver.Linear(3, 10, 1)
			}
			m.Workers[0].Kinds, m.Workers[1].Kinds, m.Workers[2].Kinds = 2, 2, 1 // two trainees, one mentor
			m.Workers[0].Weight, m.Workers[1].Weight = 0.5, 0.5
			m.Workers[2].Allowed = [][]int{nil, {}, nil}
			m.Supervisions = []solver.SupervisionRule{{Name: "mentor", Supervised: 2, Supervisor: 1, Ratio: 1}}
			return m
		}, rows([]int{0, 0, 0}, []int{0, X, X}, []int{0, X, 0}), solver.RuleSupervision},
	}
}

func TestRules(t *testing.T) {
	for _, tc := range ruleCases() {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.model()
			rep, err := m.Check(solver.Solution{Assign: tc.bad})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, v := range rep.Violations {
				if v.Rule == tc.rule {
					found = true
				}
			}
			if !found {
				t.Fatalf("Check(bad roster) = %v, want a %q violation", rep.Violations, tc.rule)
			}
			want, ok := brute(t, m)
			if !ok {
				t.Fatal("brute force found no feasible roster")
			}
			sol, err := solver.Solve(context.Background(), m, solver.Options{Seed: 1, MaxIterations: 200})
			if err != nil {
				t.Fatal(err)
			}
			rep, err = m.Check(sol)
			if err != nil || !rep.Feasible() {
				t.Fatalf("Solve returned %v, violations %v, err %v", sol.Assign, rep.Violations, err)
			}
			if math.Abs(rep.Objective-want) > 1e-6 || math.Abs(sol.Objective-want) > 1e-6 {
				t.Fatalf("Solve objective = %v (Check %v), want optimum %v", sol.Objective, rep.Objective, want)
			}
			if sol.Bound > want+1e-6 {
				t.Fatalf("bound %v above the optimum %v", sol.Bound, want)
			}
		})
	}
}

// softCases have no hard rule to break; they pin the objective of the soft parts.
func softCases() []struct {
	name  string
	model func() *solver.Model
} {
	return []struct {
		name  string
		model func() *solver.Model
	}{
		{"requests", func() *solver.Model {
			m := base(4, 2, 2)
			m.Requests = []solver.Request{
				{Worker: 0, Day: 0, Options: []int{1}, On: true, Weight: 5},
				{Worker: 1, Day: 1, Weight: 4}, // day off
				{Worker: 1, Day: 2, On: true, Weight: 2},
				{Worker: 0, Day: 3, Options: []int{0}, Weight: 7},
			}
			return m
		}},
		{"pwl-and-weights", func() *solver.Model {
			m := base(3, 3, 1)
			f, err := solver.FromPoints([]float64{0, 1, 2}, []float64{20, 8, 2}, 0.5)
			if err != nil {
				panic(err)
			}
			for c := range m.Cells {
				m.Cells[c].Penalty = f
			}
			m.Workers[0].Weight = 0.5
			m.Workers[1].Weight = 0.8
			m.Workers[2].CostPerMinute = 0.01
			m.Options[1][0].Cost = 3
			return m
		}},
		{"coupling-soft", func() *solver.Model {
			m := base(3, 3, 1)
			m.Workers[0].Kinds, m.Workers[1].Kinds, m.Workers[2].Kinds = 2, 2, 1
			m.Workers[2].Allowed = [][]int{nil, {}, nil}
			m.Covers = []solver.CoverRule{{Name: "mentor-present", Cells: allCells(m), Kinds: 1, Min: 1, Weight: 4}}
			m.Supervisions = []solver.SupervisionRule{{Name: "mentor", Supervised: 2, Supervisor: 1, Weight: 6}}
			return m
		}},
		{"fairness-squares", func() *solver.Model {
			m := base(7, 2, 1)
			m.Workers[0].MaxMinutes, m.Workers[1].MaxMinutes = 4*480, 4*480
			counted := make([][]int, 7)
			counted[5], counted[6] = []int{0}, []int{0}
			m.Fairness = []solver.FairnessRule{{Name: "weekends", Workers: []int{0, 1}, Counted: counted, Initial: []float64{1, 0}, Weight: 3}}
			return m
		}},
		{"fairness-range", func() *solver.Model {
			m := base(6, 2, 2)
			counted := make([][]int, 6)
			for d := range counted {
				counted[d] = []int{0}
			}
			m.Workers[0].MaxMinutes, m.Workers[1].MaxMinutes = 3*480, 3*480
			m.Fairness = []solver.FairnessRule{{Name: "early", Workers: []int{0, 1}, Counted: counted, Weight: 2, Spread: solver.Range}}
			return m
		}},
	}
}

func TestSoftParts(t *testing.T) {
	for _, tc := range softCases() {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.model()
			want, ok := brute(t, m)
			if !ok {
				t.Fatal("no feasible roster")
			}
			sol, err := solver.Solve(context.Background(), m, solver.Options{Seed: 2, MaxIterations: 300})
			if err != nil {
				t.Fatal(err)
			}
			rep, _ := m.Check(sol)
			if !rep.Feasible() || math.Abs(rep.Objective-want) > 1e-6 {
				t.Fatalf("Solve objective = %v (feasible %v), want %v", rep.Objective, rep.Feasible(), want)
			}
			if sol.Bound > want+1e-6 {
				t.Fatalf("bound %v above the optimum %v", sol.Bound, want)
			}
		})
	}
}

func TestCheckParts(t *testing.T) {
	m := base(2, 2, 1)
	m.Requests = []solver.Request{{Worker: 0, Day: 1, On: true, Weight: 5}}
	m.Workers[1].CostPerMinute = 0.5
	sol := solver.Solution{Assign: rows([]int{0, X}, []int{0, X})}
	rep, err := m.Check(sol)
	if err != nil {
		t.Fatal(err)
	}
	// day 0: 2 on duty, 1 wanted: over 1; day 1: none: under 10; request 5; cost 240.
	if rep.Cells != 11 || rep.Requests != 5 || rep.Costs != 240 || rep.Objective != 256 {
		t.Fatalf("Check = %+v, want cells 11, requests 5, costs 240, objective 256", rep)
	}
	if _, err := m.Check(solver.Solution{Assign: rows([]int{0})}); err == nil {
		t.Fatal("Check of a malformed solution: no error")
	}
}

func TestPWL(t *testing.T) {
	f := solver.Linear(3, 10, 2)
	for _, tc := range []struct{ x, want float64 }{{0, 30}, {1, 20}, {3, 0}, {4, 2}, {5.5, 5}} {
		if got := f.Value(tc.x); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Linear(3,10,2).Value(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	g, err := solver.FromPoints([]float64{0, 1, 2.5}, []float64{9, 4, 1}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ x, want float64 }{{0, 9}, {0.5, 6.5}, {1, 4}, {2.5, 1}, {7, 1}} {
		if got := g.Value(tc.x); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("FromPoints.Value(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	if _, err := solver.FromPoints([]float64{0, 1, 2}, []float64{0, 5, 6}, 0); err == nil {
		t.Error("FromPoints accepted a concave curve")
	}
}

func TestInfeasible(t *testing.T) {
	for _, tc := range []struct {
		name    string
		model   func() *solver.Model
		rule    string
		workers []int
		cells   []int
	}{
		{"min-minutes", func() *solver.Model {
			m := base(5, 2, 1)
			m.Workers[1].Allowed = [][]int{{}, {}, {}, nil, nil}
			m.Workers[1].MinMinutes = 3 * 480
			return m
		}, solver.RuleMinMinutes, []int{1}, nil},
		{"cover-unreachable", func() *solver.Model {
			m := base(3, 2, 1)
			m.Workers[0].Kinds = 4
			m.Workers[0].Allowed = [][]int{nil, {}, nil}
			m.Covers = []solver.CoverRule{{Name: "coordinator", Cells: []int{1}, Kinds: 4, Min: 1}}
			return m
		}, solver.RuleCover, nil, []int{1}},
		{"supervision", func() *solver.Model {
			m := base(3, 2, 1)
			m.Workers[0].Kinds, m.Workers[1].Kinds = 2, 1
			m.Workers[0].MinMinutes = 2 * 480
			m.Workers[1].Allowed = [][]int{{}, {}, nil}
			m.Supervisions = []solver.SupervisionRule{{Name: "mentor", Supervised: 2, Supervisor: 1}}
			return m
		}, solver.RuleSupervision, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := solver.Solve(context.Background(), tc.model(), solver.Options{Seed: 1, MaxIterations: 50})
			var ie *solver.InfeasibleError
			if !errors.As(err, &ie) || !errors.Is(err, solver.ErrInfeasible) {
				t.Fatalf("Solve error = %v, want an *InfeasibleError", err)
			}
			if ie.Rule != tc.rule || (tc.workers != nil && !slices.Equal(ie.Workers, tc.workers)) ||
				(tc.cells != nil && !slices.Equal(ie.Cells, tc.cells)) {
				t.Fatalf("InfeasibleError = %+v, want rule %s workers %v cells %v", ie, tc.rule, tc.workers, tc.cells)
			}
			if ie.Error() == "" {
				t.Fatal("empty message")
			}
		})
	}
}

// cbcObjective solves an LP file with cbc and returns the optimal objective.
func cbcObjective(t *testing.T, lp []byte) float64 {
	t.Helper()
	path := t.TempDir() + "/m.lp"
	if err := writeFile(path, lp); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("cbc", path, "solve", "quit").CombinedOutput()
	if err != nil {
		t.Fatalf("cbc: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("Optimal solution found")) {
		t.Fatalf("cbc did not prove optimality:\n%s", out)
	}
	re := regexp.MustCompile(`Objective value:\s+(\S+)`)
	mm := re.FindSubmatch(out)
	if mm == nil {
		t.Fatalf("no objective in cbc output:\n%s", out)
	}
	v, err := strconv.ParseFloat(string(mm[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCBC cross-checks WriteLP, the brute-force optimum (through Check) and cbc on every
// hand-made model.
func TestCBC(t *testing.T) {
	if _, err := exec.LookPath("cbc"); err != nil {
		t.Skip("cbc not on PATH (apt-get install coinor-cbc)")
	}
	type named struct {
		name  string
		model func() *solver.Model
	}
	var all []named
	for _, c := range ruleCases() {
		all = append(all, named{c.name, c.model})
	}
	for _, c := range softCases() {
		if c.name == "fairness-squares" {
			continue // not linear
		}
		all = append(all, named{c.name, c.model})
	}
	for _, c := range all {
		t.Run(c.name, func(t *testing.T) {
			m := c.model()
			var buf bytes.Buffer
			if err := solver.WriteLP(&buf, m); err != nil {
				t.Fatal(err)
			}
			want, _ := brute(t, m)
			if got := cbcObjective(t, buf.Bytes()); math.Abs(got-want) > 1e-6 {
				t.Fatalf("cbc optimum %v, brute force %v\n%s", got, want, buf.String())
			}
		})
	}
}

func TestWriteLPSumSquares(t *testing.T) {
	m := softCases()[3].model()
	if err := solver.WriteLP(&bytes.Buffer{}, m); err == nil {
		t.Fatal("WriteLP accepted a SumSquares fairness rule")
	}
}
