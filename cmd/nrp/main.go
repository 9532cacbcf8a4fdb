// Command nrp is the benchmark harness of the roster optimiser: it reads a Curtois & Qu shift
// scheduling instance, solves it, checks the roster and prints the objective, the lower bound,
// the gap and the time.
//
//	nrp [-time-limit 60s] [-seed 1] [-workers 2] [-iterations N] [-o roster.txt] INSTANCE
//	nrp -check ROSTER INSTANCE
//
// Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 no feasible roster (none exists, or
// none was found with the effort given), 4 the time limit ran out before a feasible roster was
// found, 130 interrupted (Ctrl-C or SIGTERM; the best roster so far is printed and written).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/deskplan/deskplan/solver"
	"github.com/deskplan/deskplan/solver/curtois"
)

type options struct {
	instance   string
	timeLimit  time.Duration
	seed       uint64
	workers    int
	iterations int
	out        string
	check      string
	lp         string
	quiet      bool
	cpuProfile string
}

type usageError struct{ error }

func parseArgs(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("nrp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&o.timeLimit, "time-limit", 10*time.Second, "wall-clock limit of the search")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the search")
	fs.IntVar(&o.workers, "workers", 1, "search goroutines")
	fs.IntVar(&o.iterations, "iterations", 0, "deterministic effort budget: moves per goroutine (0: none)")
	fs.StringVar(&o.out, "o", "", "write the roster to this file")
	fs.StringVar(&o.check, "check", "", "evaluate this roster file instead of solving")
	fs.BoolVar(&o.quiet, "q", false, "no progress on stderr")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the solve to this file (go tool pprof)")
	fs.StringVar(&o.lp, "lp", "", "write the model as a MIP in CPLEX LP format to this file and exit")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: nrp [flags] INSTANCE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, usageError{err}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return o, usageError{errors.New("one instance file expected")}
	}
	o.instance = fs.Arg(0)
	return o, nil
}

type inputError struct{ error }

func run(ctx context.Context, o options, stdout, stderr io.Writer) (err error) {
	if o.cpuProfile != "" {
		stop, perr := startCPUProfile(o.cpuProfile)
		if perr != nil {
			return perr
		}
		defer func() {
			if perr := stop(); err == nil {
				err = perr
			}
		}()
	}
	in, err := curtois.ReadFile(o.instance)
	if err != nil {
		return inputError{err}
	}
	m := in.Model()
	switch {
	case o.lp != "":
		return writeLP(o.lp, m)
	case o.check != "":
		return checkRoster(o.check, in, m, stdout)
	}
	return solve(ctx, o, in, m, stdout, stderr)
}

// writeLP writes the model as a MIP in CPLEX LP format to path.
func writeLP(path string, m *solver.Model) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := solver.WriteLP(f, m); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// checkRoster evaluates the roster file path against the instance and prints its objective,
// its parts and every broken rule; it fails if a rule is broken.
func checkRoster(path string, in *curtois.Instance, m *solver.Model, stdout io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return inputError{err}
	}
	defer f.Close()
	assign, err := in.ReadRoster(f)
	if err != nil {
		return inputError{fmt.Errorf("%s: %w", path, err)}
	}
	rep, err := m.Check(solver.Solution{Assign: assign})
	if err != nil {
		return inputError{err}
	}
	fmt.Fprintf(stdout, "objective %s (cover %s, requests %s)\n", num(rep.Objective), num(rep.Cells), num(rep.Requests))
	for _, v := range rep.Violations {
		who := ""
		if v.Worker >= 0 {
			who = " " + in.Staff[v.Worker].ID
		}
		fmt.Fprintf(stdout, "violation %s%s day %d: %s\n", v.Rule, who, v.Day, v.Detail)
	}
	if !rep.Feasible() {
		return fmt.Errorf("%d violations", len(rep.Violations))
	}
	fmt.Fprintln(stdout, "feasible")
	return nil
}

// solve runs the solver with the options, progress on stderr once a second unless quiet,
// prints the result and writes the roster with -o.
func solve(ctx context.Context, o options, in *curtois.Instance, m *solver.Model, stdout, stderr io.Writer) error {
	start := time.Now()
	opt := solver.Options{TimeLimit: o.timeLimit, Seed: o.seed, Workers: o.workers, MaxIterations: o.iterations}
	if !o.quiet {
		last := time.Time{}
		opt.Progress = func(p solver.Progress) {
			if time.Since(last) < time.Second {
				return
			}
			last = time.Now()
			fmt.Fprintf(stderr, "%6.1fs  best %s  bound %s  gap %s\n", p.Elapsed.Seconds(), num(p.Objective), num(p.Bound), pct(solver.Gap(p.Objective, p.Bound)))
		}
	}
	sol, err := solver.Solve(ctx, m, opt)
	elapsed := time.Since(start)
	var stopped *solver.StoppedError
	if err != nil && !errors.Is(err, solver.ErrInfeasible) && !errors.As(err, &stopped) {
		return err
	}
	if sol.Assign != nil {
		if rerr := report(sol, elapsed, o.out, in, m, stdout); rerr != nil {
			return rerr
		}
	}
	if err == nil && ctx.Err() != nil {
		return fmt.Errorf("interrupted; the best roster so far is above: %w", ctx.Err())
	}
	return err
}

// report prints the solution's objective, bound, gap, time and feasibility, and writes its
// roster to out unless out is empty.
func report(sol solver.Solution, elapsed time.Duration, out string, in *curtois.Instance, m *solver.Model, stdout io.Writer) error {
	rep, err := m.Check(sol)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "objective %s\nlower_bound %s\ngap %s\ntime %.1fs\nfeasible %v\n",
		num(rep.Objective), num(sol.Bound), pct(sol.Gap()), elapsed.Seconds(), rep.Feasible())
	if out == "" {
		return nil
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := in.WriteRoster(f, sol.Assign); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func num(x float64) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

func pct(g float64) string {
	if math.IsInf(g, 0) {
		return "inf"
	}
	return strconv.FormatFloat(100*g, 'f', 2, 64) + "%"
}

func exitCode(err error) int {
	var ue usageError
	var ie inputError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue), errors.As(err, &ie):
		return 2
	case errors.Is(err, solver.ErrInfeasible):
		return 3
	case errors.Is(err, context.Canceled):
		return 130
	case errors.Is(err, context.DeadlineExceeded):
		return 4
	}
	return 1
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	o, err := parseArgs(os.Args[1:], os.Stderr)
	if err == nil {
		err = run(ctx, o, os.Stdout, os.Stderr)
	}
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "nrp:", err)
	}
	if errors.Is(err, flag.ErrHelp) {
		err = nil
	}
	os.Exit(exitCode(err))
}

// startCPUProfile starts a CPU profile written to path; the returned function stops it and
// closes the file.
func startCPUProfile(path string) (func() error, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
