package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"deskplan/planner/forecast"
)

type forecastBacktestOptions struct {
	HoldoutDays int
	JSON        bool
}

var forecastBacktestOpts forecastBacktestOptions

var cmdForecastBacktest = &cobra.Command{
	Use:   "backtest",
	Short: "Measure the forecast's accuracy on the last days of the call history",
	Long: `Measure how accurate forecast build is on the call history in the store: fit the model on
the history less its last --holdout-days days (open days with calls), forecast those days slot
by slot (with their exams from the stored timetable, known in advance as they are when a
session is planned), and compare with the calls that came.

Errors are in calls per slot, per line, per slot of the day and overall: the mean absolute
error (MAE) and the root mean square error (RMSE); no percentage error, as slot counts are
small and often zero. They are set beside those of a naive forecast: the mean calls of the
same line, weekday and slot over the training days.`,
	Example: `  deskplan forecast backtest --holdout-days 5
  deskplan forecast backtest --holdout-days 10 --json | jq '.model, .naive'`,
	Args: noArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		if forecastBacktestOpts.HoldoutDays < 1 {
			return flagError(cmd, "holdout-days", "must be 1 or more, got %d", forecastBacktestOpts.HoldoutDays)
		}
		return runForecastBacktest(cmd.Context(), forecastBacktestOpts, cmd.OutOrStdout())
	},
}

func init() {
	f := cmdForecastBacktest.Flags()
	f.IntVar(&forecastBacktestOpts.HoldoutDays, "holdout-days", 5, "forecast the last `N` days of the history, fitting on the others")
	f.BoolVar(&forecastBacktestOpts.JSON, "json", false, "print JSON")
	cmdForecast.AddCommand(cmdForecastBacktest)
}

func runForecastBacktest(ctx context.Context, opts forecastBacktestOptions, out io.Writer) error {
	st, ds, err := openDataset(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	calls, tt, err := loadHistory(ctx, st)
	if err != nil {
		return err
	}
	res, err := forecast.Backtest(calls, ds.Settings, &forecast.Options{Timetable: tt}, opts.HoldoutDays)
	if err != nil {
		return fmt.Errorf("backtest on %d calls: %w", len(calls), err)
	}
	if opts.JSON {
		return writeJSON(out, res)
	}
	holdout := make([]string, len(res.Holdout))
	for i, d := range res.Holdout {
		holdout[i] = d.String()
	}
	fmt.Fprintf(out, "Backtest on %d calls: fitted on %d days, %s to %s; forecast %d days: %s\n",
		len(calls), res.TrainDays, res.TrainFirst, res.TrainLast, len(res.Holdout), strings.Join(holdout, ", "))
	fmt.Fprintln(out, "Errors in calls per slot (lower is better); naive = mean of the same line, weekday and slot")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "LINE\tCELLS\tMODEL MAE\tMODEL RMSE\tNAIVE MAE\tNAIVE RMSE\t")
	row := func(name string, m, n forecast.ErrorStats) {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t\n", name, m.N, m.MAE, m.RMSE, n.MAE, n.RMSE)
	}
	for _, l := range res.Lines {
		row(l.Line, l.Model, l.Naive)
	}
	row("overall", res.Model, res.Naive)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nPer slot of the day, all lines:")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "SLOT\tCELLS\tMODEL MAE\tMODEL RMSE\tNAIVE MAE\tNAIVE RMSE\t")
	for _, s := range res.Slots {
		row(s.Slot.String(), s.Model, s.Naive)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verdict := func(m, n float64) string {
		switch {
		case m < n:
			return "better than"
		case m > n:
			return "worse than"
		}
		return "as good as"
	}
	fmt.Fprintf(out, "\nOn MAE the model is %s the naive forecast (%.2f vs %.2f); on RMSE, %s it (%.2f vs %.2f)\n",
		verdict(res.Model.MAE, res.Naive.MAE), res.Model.MAE, res.Naive.MAE,
		verdict(res.Model.RMSE, res.Naive.RMSE), res.Model.RMSE, res.Naive.RMSE)
	return nil
}
