package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/queue"
)

// staffingOptions are the parsed flags of `deskplan staffing`.
type staffingOptions struct {
	io     *IOStreams
	Params queue.Params // calls, interval, AHT, patience (seconds)
	Target queue.Target // service level, time, max occupancy, shrinkage, max ASA, max abandon
	Agents float64      // effective agents to evaluate; < 0 means find the agents needed
	JSON   bool
}

// staffingFlags holds the raw flag values; they are parsed by parseStaffing so that every bad
// value is reported against its flag.
type staffingFlags struct {
	calls, interval, aht, patience, target string
	shrinkage, maxOccupancy, maxAbandon    string
	maxASA, agents                         string
	json                                   bool
	io                                     *IOStreams
}

// newStaffingCmd makes "deskplan staffing" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newStaffingCmd(g *globalOptions, ios *IOStreams, runF func(*staffingOptions) error) *cobra.Command {
	sf := &staffingFlags{io: ios}
	cmd := &cobra.Command{
		Use:   "staffing",
		Short: "Agents needed for one slot's calls (Erlang C, or Erlang A with --patience)",
		Long: `Staffing turns the calls of one slot into the agents needed to meet the service target,
with Erlang C (callers wait as long as it takes) or, with --patience, Erlang A (callers hang
up after a mean patience; abandoned calls count against the service level).

Without --agents it finds the smallest number of agents on the phone that meets the target,
raised to meet --max-occupancy, and the agents to roster after --shrinkage, and prints the
measures around it. With --agents N it evaluates N effective agents (trainees count for
less, so N may be fractional).

Durations take Go syntax (180s, 3m, 1h30m) or plain seconds; the target is
PERCENT/DURATION (80/20s: 80% of calls answered within 20 seconds).`,
		Example: `  deskplan staffing --calls 100 --interval 30m --aht 180s --target 80/20s
  deskplan staffing --calls 100 --aht 3m --target 80/20s --patience 5m --shrinkage 0.3
  deskplan staffing --calls 50 --aht 4m --target 80/20s --agents 9 --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := parseStaffing(cmd, sf)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(&opts)
			}
			return runStaffing(opts, ios.Out)
		},
	}
	def := planner.DefaultSettings()
	f := cmd.Flags()
	f.StringVar(&sf.calls, "calls", "", "calls offered in the interval (required)")
	f.StringVar(&sf.interval, "interval", (time.Duration(def.SlotMinutes) * time.Minute).String(), "length of the interval")
	f.StringVar(&sf.aht, "aht", "", "average handle time (required)")
	f.StringVar(&sf.target, "target", fmt.Sprintf("%g/%ds", def.TargetPercent, def.TargetSeconds), "service target PERCENT/DURATION")
	f.StringVar(&sf.patience, "patience", "0", "callers' mean patience; 0 = they never hang up (Erlang C)")
	f.StringVar(&sf.shrinkage, "shrinkage", strconv.FormatFloat(def.Shrinkage, 'g', -1, 64), "unplanned loss of rostered agents, 0-1 or a percent")
	f.StringVar(&sf.maxOccupancy, "max-occupancy", strconv.FormatFloat(def.MaxOccupancy, 'g', -1, 64), "highest agent occupancy, 0-1 or a percent")
	f.StringVar(&sf.maxAbandon, "max-abandon", "0", "highest share of callers hanging up (Erlang A), 0-1 or a percent; 0 = no limit")
	f.StringVar(&sf.maxASA, "max-asa", "0", "highest average speed of answer; 0 = no limit")
	f.StringVar(&sf.agents, "agents", "", "evaluate this many effective agents instead of finding the agents needed")
	f.BoolVar(&sf.json, "json", false, "print JSON")
	return cmd
}

// parseStaffing checks the flags of cmd and returns the options, or a flag error naming the
// first bad flag.
func parseStaffing(cmd *cobra.Command, sf *staffingFlags) (staffingOptions, error) {
	o := staffingOptions{io: sf.io}
	var err error
	for _, req := range []struct{ name, value string }{{"calls", sf.calls}, {"aht", sf.aht}} {
		if strings.TrimSpace(req.value) == "" {
			return o, flagError(cmd, req.name, "is required")
		}
	}
	// calls, handle time, patience, target, shrinkage and max occupancy take the ranges of
	// the planner's settings and forecast (planner.Range)
	if o.Params.Calls, err = strconv.ParseFloat(strings.TrimSpace(sf.calls), 64); err != nil {
		return o, flagError(cmd, "calls", "must be a number of calls, got %q", sf.calls)
	}
	if err := planner.CallsRange.Check(o.Params.Calls); err != nil {
		return o, flagError(cmd, "calls", "%v", err)
	}
	durations := []struct {
		name, value string
		dst         *float64
		rng         *planner.Range // nil: positive, or not negative with zeroOK
		zeroOK      bool
	}{
		{"interval", sf.interval, &o.Params.Interval, nil, false},
		{"aht", sf.aht, &o.Params.AHT, &planner.AHTRange, false},
		{"patience", sf.patience, &o.Params.Patience, &planner.PatienceRange, true},
		{"max-asa", sf.maxASA, &o.Target.MaxASA, nil, true},
	}
	for _, d := range durations {
		v, err := parseSeconds(d.value)
		switch {
		case err != nil:
			return o, flagError(cmd, d.name, "%v", err)
		case d.zeroOK && v < 0:
			return o, flagError(cmd, d.name, "must not be negative, got %v", d.value)
		case !d.zeroOK && v <= 0:
			return o, flagError(cmd, d.name, "must be positive, got %v", d.value)
		}
		if d.rng != nil {
			if err := d.rng.Check(v); err != nil {
				return o, flagError(cmd, d.name, "%v", err)
			}
		}
		*d.dst = v
	}
	pct, secs, err := planner.ParseTarget(sf.target)
	if err != nil {
		return o, flagError(cmd, "target", "%v", err)
	}
	o.Target.ServiceLevel, o.Target.Time = pct/100, secs
	fractions := []struct {
		name, value string
		dst         *float64
		rng         planner.Range
	}{
		{"shrinkage", sf.shrinkage, &o.Target.Shrinkage, planner.ShrinkageRange},
		{"max-occupancy", sf.maxOccupancy, &o.Target.MaxOccupancy, planner.MaxOccupancyRange},
		{"max-abandon", sf.maxAbandon, &o.Target.MaxAbandon, planner.Range{Min: 0, Max: 1, MaxOpen: true}},
	}
	for _, fr := range fractions {
		v, err := parseFraction(fr.value)
		if err != nil {
			return o, flagError(cmd, fr.name, "must be a fraction or a percent, got %q", fr.value)
		}
		if err := fr.rng.Check(v); err != nil {
			return o, flagError(cmd, fr.name, "%v (a fraction, or a percent with %%)", err)
		}
		*fr.dst = v
	}
	if o.Target.MaxAbandon > 0 && o.Params.Patience == 0 {
		return o, flagError(cmd, "max-abandon", "needs --patience: under Erlang C callers never hang up")
	}
	o.Agents = -1
	if s := strings.TrimSpace(sf.agents); s != "" {
		o.Agents, err = strconv.ParseFloat(s, 64)
		if err != nil || !(o.Agents >= 0) || math.IsInf(o.Agents, 0) || o.Agents > 1e6 {
			return o, flagError(cmd, "agents", "must be a number of agents >= 0, got %q", sf.agents)
		}
	}
	if err := planner.LoadRange.Check(o.Params.Load()); err != nil {
		return o, flagError(cmd, "calls", "%s calls of %s in %s make a load of %.0f Erlangs, more than any helpdesk (at most %g)",
			sf.calls, seconds(o.Params.AHT), seconds(o.Params.Interval), o.Params.Load(), planner.LoadRange.Max)
	}
	o.JSON = sf.json
	return o, nil
}

// parseSeconds reads a Go duration ("180s", "3m") or a plain number of seconds.
func parseSeconds(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) {
		return v, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("not a duration: %q (use e.g. 180s or 3m)", s)
	}
	return d.Seconds(), nil
}

// parseFraction reads 0.3 or 30%.
func parseFraction(s string) (float64, error) {
	s = strings.TrimSpace(s)
	div := 1.0
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, div = strings.TrimSpace(t), 100
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	return v / div, nil
}

// staffingJSON is the --json output. Pointers are null when the measure does not apply:
// p_abandon without patience, asa_seconds when the queue never empties (Erlang C, N <= A).
type staffingJSON struct {
	LoadErlangs     float64  `json:"load_erlangs"`
	Model           string   `json:"model"`
	Agents          float64  `json:"agents"`
	RosteredAgents  int      `json:"rostered_agents"`
	ServiceLevel    float64  `json:"service_level"`
	PWait           float64  `json:"p_wait"`
	ASASeconds      *float64 `json:"asa_seconds"`
	Occupancy       float64  `json:"occupancy"`
	PAbandon        *float64 `json:"p_abandon"`
	MeetsTarget     bool     `json:"meets_target"`
	Calls           float64  `json:"calls"`
	IntervalSeconds float64  `json:"interval_seconds"`
	AHTSeconds      float64  `json:"aht_seconds"`
	PatienceSeconds *float64 `json:"patience_seconds"`
	TargetLevel     float64  `json:"target_service_level"`
	TargetSeconds   float64  `json:"target_seconds"`
	MaxOccupancy    float64  `json:"max_occupancy"`
	Shrinkage       float64  `json:"shrinkage"`
}

func runStaffing(opts staffingOptions, out io.Writer) error {
	p, tg := opts.Params, opts.Target
	var n float64
	if opts.Agents >= 0 {
		n = opts.Agents
	} else {
		n = float64(queue.Needed(p, tg).Agents)
	}
	r := queue.Evaluate(p, n, tg.Time)
	model := "erlang-c"
	if p.Patience > 0 {
		model = "erlang-a"
	}
	if opts.JSON {
		j := staffingJSON{
			LoadErlangs: r.Load, Model: model, Agents: n, RosteredAgents: queue.Rostered(n, tg.Shrinkage),
			ServiceLevel: r.ServiceLevel, PWait: r.PWait, Occupancy: r.Occupancy,
			MeetsTarget: tg.Meets(r),
			Calls:       p.Calls, IntervalSeconds: p.Interval, AHTSeconds: p.AHT,
			TargetLevel: tg.ServiceLevel, TargetSeconds: tg.Time, MaxOccupancy: maxOcc(tg), Shrinkage: tg.Shrinkage,
		}
		if !math.IsInf(r.ASA, 0) {
			j.ASASeconds = &r.ASA
		}
		if p.Patience > 0 {
			j.PAbandon, j.PatienceSeconds = &r.PAbandon, &p.Patience
		}
		return writeJSON(out, j)
	}

	fmt.Fprintf(out, "%g calls in %s, AHT %s: %.3f Erlangs; ", p.Calls, seconds(p.Interval), seconds(p.AHT), r.Load)
	if p.Patience > 0 {
		fmt.Fprintf(out, "Erlang A, mean patience %s\n", seconds(p.Patience))
	} else {
		fmt.Fprintf(out, "Erlang C\n")
	}
	fmt.Fprintf(out, "target: %g%% answered within %s, occupancy <= %g%%", 100*tg.ServiceLevel, seconds(tg.Time), 100*maxOcc(tg))
	if tg.MaxAbandon > 0 {
		fmt.Fprintf(out, ", abandon <= %g%%", 100*tg.MaxAbandon)
	}
	if tg.MaxASA > 0 {
		fmt.Fprintf(out, ", ASA <= %s", seconds(tg.MaxASA))
	}
	fmt.Fprintln(out)
	verdict := "meets the target"
	if !tg.Meets(r) {
		verdict = "misses the target"
	}
	if opts.Agents >= 0 {
		fmt.Fprintf(out, "%g agents on the phone %s; %d to roster with %g%% shrinkage\n\n",
			n, verdict, queue.Rostered(n, tg.Shrinkage), 100*tg.Shrinkage)
	} else {
		fmt.Fprintf(out, "agents needed: %g on the phone, %d to roster with %g%% shrinkage\n\n",
			n, queue.Rostered(n, tg.Shrinkage), 100*tg.Shrinkage)
	}

	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tagents\tservice level\tASA\tP(wait)\tP(abandon)\toccupancy\t")
	for k := n - 2; k <= n+3; k++ {
		if k < 0 {
			continue
		}
		x := queue.Evaluate(p, k, tg.Time)
		mark := ""
		if k == n {
			mark = ">"
		}
		ab := "-"
		if p.Patience > 0 {
			ab = percent(x.PAbandon)
		}
		fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\t%s\t%s\t\n", mark, k, percent(x.ServiceLevel), asa(x.ASA), percent(x.PWait), ab, percent(x.Occupancy))
	}
	return tw.Flush()
}

func maxOcc(tg queue.Target) float64 {
	if tg.MaxOccupancy == 0 {
		return 1
	}
	return tg.MaxOccupancy
}

func percent(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) + "%" }

func asa(s float64) string {
	if math.IsInf(s, 1) {
		return "inf"
	}
	return strconv.FormatFloat(s, 'f', 1, 64) + "s"
}

// seconds prints a duration in seconds the Go way (20s, 3m0s, 1h0m0s), keeping fractions.
func seconds(s float64) string {
	return time.Duration(math.Round(s * float64(time.Second))).String()
}
