package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/forecast"
)

type forecastBacktestOptions struct {
	g    *globalOptions
	io   *IOStreams
	JSON bool
}

// newForecastBacktestCmd makes "deskplan forecast backtest" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newForecastBacktestCmd(g *globalOptions, ios *IOStreams, runF func(*forecastBacktestOptions) error) *cobra.Command {
	o := &forecastBacktestOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "backtest",
		Short: "Measure the forecast's accuracy session by session on the call history",
		Long: `Measure how accurate forecast build is, the way it is used: every session of the history
with at least two sessions before it is forecast from the history before its first day only
(with its exams from the stored timetable, known in advance as they are when a session is
planned), and compared with the calls that came. A day of a session without any call is taken
as closed and not scored.

Per session and overall, for each line-day (a day of one line):
  bias        (forecast - calls) / calls: below 0, the forecast was low
  slot WAPE   the sum of |forecast - calls| over the slots, over the calls
  day WAPE    the same over the line-days' totals, which set the paid hours
  inside 80%  the share of line-days whose calls fell inside the forecast's 80% interval
              (about 80% when the intervals are honest)

Beside the model, two baselines: the same session a year earlier (its calls at the same week
and weekday), and the mean profile of the last two sessions of the same type (per weekday and
slot). The overall rows compare each baseline with the model on the sessions that have it.`,
		Example: `  deskplan forecast backtest
  deskplan forecast backtest --json | jq '.sessions[] | {session, bias: .model.bias}'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runForecastBacktest(cmd.Context(), *o, ios.Out)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runForecastBacktest(ctx context.Context, opts forecastBacktestOptions, out io.Writer) error {
	st, ds, err := opts.g.openDataset(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	calls, tt, err := desk.History(ctx, st)
	if err != nil {
		return err
	}
	res, err := forecast.Backtest(calls, ds.Settings, &forecast.Options{Timetable: tt, Sessions: ds.Sessions})
	if err != nil {
		return fmt.Errorf("backtest on %d calls: %w", len(calls), err)
	}
	if opts.JSON {
		return writeJSON(out, res)
	}
	fmt.Fprintf(out, "Backtest on %d calls: each session forecast from the history before its first day only\n", len(calls))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SESSION\tTYPE\tFORECAST\tLINE-DAYS\tBIAS\tSLOT WAPE\tDAY WAPE\tINSIDE 80%")
	row := func(session, typ, what string, m *forecast.Measures) {
		inside := "-"
		if m.Inside != nil {
			inside = fmt.Sprintf("%.0f%%", 100**m.Inside)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%+.1f%%\t%.3f\t%.3f\t%s\n", session, typ, what, m.Days, 100*m.Bias, m.SlotWAPE, m.DayWAPE, inside)
	}
	for _, x := range res.Sessions {
		row(x.Session, x.Type, fmt.Sprintf("model (%d sessions before)", len(x.Trained)), &x.Model)
		if x.LastYear != nil {
			row("", "", "a year earlier ("+x.LastYearFrom+")", x.LastYear)
		}
		if x.LastTwo != nil {
			row("", "", "last two ("+strings.Join(x.LastTwoFrom, ", ")+")", x.LastTwo)
		}
	}
	row("overall", "", "model", &res.Model)
	verdicts := []string{}
	for _, b := range []struct {
		name      string
		base, mdl *forecast.Measures
	}{{"a year earlier", res.LastYear, res.ModelVsLastYear}, {"last two of the type", res.LastTwo, res.ModelVsLastTwo}} {
		if b.base == nil {
			continue
		}
		row("", "", "model, on sessions with "+b.name, b.mdl)
		row("", "", b.name, b.base)
		better := func(m, n float64) string {
			if m < n {
				return "better"
			}
			return "not better"
		}
		verdicts = append(verdicts, fmt.Sprintf("against %s, the model is %s on bias (%+.1f%% vs %+.1f%%), %s on slot WAPE (%.3f vs %.3f), %s on day WAPE (%.3f vs %.3f)",
			b.name, better(abs(b.mdl.Bias), abs(b.base.Bias)), 100*b.mdl.Bias, 100*b.base.Bias, better(b.mdl.SlotWAPE, b.base.SlotWAPE),
			b.mdl.SlotWAPE, b.base.SlotWAPE, better(b.mdl.DayWAPE, b.base.DayWAPE), b.mdl.DayWAPE, b.base.DayWAPE))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(out)
	for _, v := range verdicts {
		fmt.Fprintf(out, "On the sessions that have it, %s\n", v)
	}
	if len(verdicts) == 0 {
		fmt.Fprintln(out, "No session has one of its type a year or two sessions before it: no baseline to compare with")
	}
	if res.Model.Inside != nil {
		fmt.Fprintf(out, "%.0f%% of line-days fell inside their 80%% intervals\n", 100**res.Model.Inside)
	}
	return nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
