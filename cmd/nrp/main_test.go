package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskplan/deskplan/solver"
)

func benchDir(t testing.TB) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "shared", "benchmarks", "curtois")
		if _, err := os.Stat(filepath.Join(p, "Instance1.txt")); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("benchmark data not found: shared/benchmarks/curtois is absent above the package")
		}
		dir = parent
	}
}

func TestParseArgs(t *testing.T) {
	o, err := parseArgs([]string{"-time-limit", "3s", "-seed", "4", "-workers", "2", "-o", "r.txt", "inst.txt"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.timeLimit != 3*time.Second || o.seed != 4 || o.workers != 2 || o.out != "r.txt" || o.instance != "inst.txt" {
		t.Fatalf("parseArgs = %+v", o)
	}
	if _, err := parseArgs([]string{}, &bytes.Buffer{}); exitCode(err) != 2 {
		t.Fatalf("no instance: exit %d, want 2", exitCode(err))
	}
}

func TestCheckReference(t *testing.T) {
	dir := benchDir(t)
	var out bytes.Buffer
	o := options{instance: filepath.Join(dir, "Instance1.txt"), check: filepath.Join(dir, "solutions", "Instance1-a.txt")}
	if err := run(context.Background(), o, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "objective 608 (cover 601, requests 7)\nfeasible\n" {
		t.Fatalf("output %q", got)
	}
}

func TestCheckBroken(t *testing.T) {
	dir := benchDir(t)
	b, _ := os.ReadFile(filepath.Join(dir, "solutions", "Instance1-a.txt"))
	broken := strings.Replace(string(b), "A - D D D", "A D D D D", 1)
	path := filepath.Join(t.TempDir(), "r.txt")
	os.WriteFile(path, []byte(broken), 0o644)
	var out bytes.Buffer
	err := run(context.Background(), options{instance: filepath.Join(dir, "Instance1.txt"), check: path}, &out, &bytes.Buffer{})
	if err == nil || exitCode(err) != 1 || !strings.Contains(out.String(), "violation allowed A day 0") {
		t.Fatalf("err %v, output %q", err, out.String())
	}
}

func TestSolveWritesRoster(t *testing.T) {
	dir := benchDir(t)
	path := filepath.Join(t.TempDir(), "r.txt")
	prof := filepath.Join(t.TempDir(), "cpu.out")
	var out bytes.Buffer
	o := options{instance: filepath.Join(dir, "Instance2.txt"), seed: 1, workers: 1, iterations: 200, out: path, quiet: true,
		cpuProfile: prof}
	if err := run(context.Background(), o, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(prof); err != nil || fi.Size() == 0 {
		t.Errorf("-cpuprofile %s: %v, %v", prof, fi, err)
	}
	if !strings.Contains(out.String(), "objective 828\n") || !strings.Contains(out.String(), "feasible true") {
		t.Fatalf("output %q", out.String())
	}
	var chk bytes.Buffer
	if err := run(context.Background(), options{instance: o.instance, check: path}, &chk, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(chk.String(), "objective 828 ") {
		t.Fatalf("check of the written roster: %q", chk.String())
	}
}

func TestBadInput(t *testing.T) {
	err := run(context.Background(), options{instance: "/nonexistent"}, &bytes.Buffer{}, &bytes.Buffer{})
	var ie inputError
	if !errors.As(err, &ie) || exitCode(err) != 2 {
		t.Fatalf("err %v, exit %d", err, exitCode(err))
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{usageError{errors.New("bad flag")}, 2},
		{inputError{errors.New("bad file")}, 2},
		{&solver.InfeasibleError{Rule: solver.RuleMinMinutes}, 3},
		{&solver.StoppedError{Cause: context.DeadlineExceeded}, 4},
		{&solver.StoppedError{Cause: context.Canceled}, 130},
		{fmt.Errorf("interrupted; the best roster so far is above: %w", context.Canceled), 130},
		{errors.New("disk full"), 1},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

// TestInterrupted: a run whose context is cancelled before the search has a roster exits 130
// and says so.
func TestInterrupted(t *testing.T) {
	dir := benchDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	err := run(ctx, options{instance: filepath.Join(dir, "Instance2.txt"), seed: 1, workers: 1, quiet: true}, &bytes.Buffer{}, &stderr)
	if exitCode(err) != 130 {
		t.Fatalf("err %v, exit %d, want 130", err, exitCode(err))
	}
}
