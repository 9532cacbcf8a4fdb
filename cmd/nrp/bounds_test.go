//go:build linux

package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// The bounds of the engine on the Curtois benchmark, measured on nrp as a process (this test
// binary run as nrp, see TestMain): outside the default go test run, as benchmarks.
//
//	go test ./cmd/nrp -run '^$' -bench 'Bounds/Instance2[1-4]$' -benchtime 1x
//	go test ./cmd/nrp -run '^$' -bench 'Signal/Instance(13|24)$' -benchtime 1x -curtois.limit 30s
var (
	boundsLimit   = flag.Duration("curtois.limit", time.Minute, "time limit of each nrp run in BenchmarkBounds and BenchmarkSignal")
	boundsWorkers = flag.Int("curtois.workers", 2, "search goroutines of each nrp run")
	signalAfter   = flag.Duration("curtois.signal", 0, "BenchmarkSignal: signal nrp after this long (0: half the limit)")
)

// TestMain runs this test binary as nrp when NRP_AS_MAIN is set, so that the benchmarks can
// measure nrp as a process of its own (time, peak memory, signals).
func TestMain(m *testing.M) {
	if os.Getenv("NRP_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// nrpRun is one nrp process: what it printed, how it ended and what it cost.
type nrpRun struct {
	stdout, stderr bytes.Buffer
	exit           int
	wall           time.Duration // from the start to the exit
	stopDelay      time.Duration // from the signal to the exit (BenchmarkSignal)
	peakMB         float64       // peak resident set size
}

var objectiveRE = regexp.MustCompile(`(?m)^objective (\S+)$`)

// objective returns the objective nrp printed, and whether it printed a feasible roster.
func (r *nrpRun) objective() (float64, bool) {
	m := objectiveRE.FindSubmatch(r.stdout.Bytes())
	if m == nil {
		return 0, false
	}
	obj, err := strconv.ParseFloat(string(m[1]), 64)
	return obj, err == nil && bytes.Contains(r.stdout.Bytes(), []byte("\nfeasible true\n"))
}

// startNRP starts nrp on instance i with the benchmark's limit and workers.
func startNRP(b *testing.B, i int) (*exec.Cmd, *nrpRun, time.Time) {
	b.Helper()
	path := filepath.Join(benchDir(b), fmt.Sprintf("Instance%d.txt", i))
	cmd := exec.Command(os.Args[0], "-q", "-time-limit", boundsLimit.String(), "-workers", strconv.Itoa(*boundsWorkers), path)
	cmd.Env = append(os.Environ(), "NRP_AS_MAIN=1")
	run := &nrpRun{}
	cmd.Stdout, cmd.Stderr = &run.stdout, &run.stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	return cmd, run, start
}

// wait waits for cmd and fills in run.
func (r *nrpRun) wait(cmd *exec.Cmd, start time.Time) {
	err := cmd.Wait()
	r.wall = time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok {
		r.exit = ee.ExitCode()
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
	}
}

// BenchmarkBounds fails unless nrp returns a feasible roster of every instance within its
// time limit plus a quarter (at least the limit plus 15 s) and, on Curtois 23 and 24, with a
// peak resident memory under 2 GB. It reports the seconds, the peak memory and the objective.
func BenchmarkBounds(b *testing.B) {
	limit := *boundsLimit
	allowed := max(limit+limit/4, limit+15*time.Second)
	for i := 1; i <= 24; i++ {
		b.Run(fmt.Sprintf("Instance%d", i), func(b *testing.B) {
			var run *nrpRun
			for b.Loop() {
				cmd, r, start := startNRP(b, i)
				r.wait(cmd, start)
				run = r
			}
			obj, feasible := run.objective()
			b.ReportMetric(run.wall.Seconds(), "s")
			b.ReportMetric(run.peakMB, "peakMB")
			b.ReportMetric(obj, "objective")
			switch {
			case run.exit != 0 || !feasible:
				b.Errorf("Instance%d: exit %d, no feasible roster:\n%s%s", i, run.exit, run.stdout.String(), run.stderr.String())
			case run.wall > allowed:
				b.Errorf("Instance%d: returned after %v, more than %v with a limit of %v", i, run.wall.Round(time.Millisecond), allowed, limit)
			case i >= 23 && run.peakMB >= 2048:
				b.Errorf("Instance%d: peak memory %.0f MB, want under 2 GB", i, run.peakMB)
			}
		})
	}
}

// BenchmarkSignal starts nrp on each instance, sends it SIGINT (odd instances) or SIGTERM
// (even ones) after half its time limit (-curtois.signal), and fails unless it exits within
// 2 s with exit code 130 and the feasible roster it had. It reports the seconds from the
// signal to the exit and the peak memory.
func BenchmarkSignal(b *testing.B) {
	after := *signalAfter
	if after <= 0 {
		after = *boundsLimit / 2
	}
	for i := 1; i <= 24; i++ {
		b.Run(fmt.Sprintf("Instance%d", i), func(b *testing.B) {
			sig := os.Interrupt
			if i%2 == 0 {
				sig = syscall.SIGTERM
			}
			var run *nrpRun
			for b.Loop() {
				cmd, r, start := startNRP(b, i)
				done := make(chan struct{})
				go func() { r.wait(cmd, start); close(done) }()
				select {
				case <-done: // finished (proved optimal) before the signal
				case <-time.After(after):
					sent := time.Now()
					if err := cmd.Process.Signal(sig); err != nil {
						b.Fatal(err)
					}
					<-done
					r.stopDelay = time.Since(sent)
				}
				run = r
			}
			_, feasible := run.objective()
			b.ReportMetric(run.stopDelay.Seconds(), "stop_s")
			b.ReportMetric(run.peakMB, "peakMB")
			switch {
			case !feasible:
				b.Errorf("Instance%d: no feasible roster after %v:\n%s%s", i, sig, run.stdout.String(), run.stderr.String())
			case run.stopDelay > 2*time.Second:
				b.Errorf("Instance%d: stopped %v after %v, want within 2 s", i, run.stopDelay.Round(time.Millisecond), sig)
			case run.stopDelay > 0 && run.exit != 130:
				b.Errorf("Instance%d: exit %d after %v, want 130", i, run.exit, sig)
			}
		})
	}
}
