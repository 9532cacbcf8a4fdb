package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/deskplan/deskplan/planner"
)

// demandFlag adds --demand to a command's flags.
func demandFlag(f *pflag.FlagSet, p *string) {
	f.StringVar(p, "demand", "", "plan for `DEMAND`: mean, or a quantile of the forecast such as p80 (enough for 4 days in 5); default the demand_quantile setting")
}

// checkDemand checks the value of --demand ("" leaves it to the setting).
func checkDemand(cmd *cobra.Command, s string) error {
	if s == "" {
		return nil
	}
	if _, err := planner.ParseDemandQuantile(s); err != nil {
		return flagError(cmd, "demand", "%v", err)
	}
	return nil
}

// demandOf returns the demand of --demand s (checked by checkDemand), or the dataset's
// demand_quantile setting when s is "".
func demandOf(ds *planner.Dataset, s string) planner.DemandQuantile {
	if s == "" {
		return ds.Settings.DemandQuantile
	}
	q, _ := planner.ParseDemandQuantile(s)
	return q
}

// warnNoSpread warns on w when q is a quantile and no forecast row of the session gives the
// spread of its calls (an imported forecast without day_cv): the quantile then allows for
// Poisson noise only.
func warnNoSpread(w io.Writer, ds *planner.Dataset, sessionID string, q planner.DemandQuantile) {
	if q == planner.MeanDemand {
		return
	}
	rows := 0
	for _, f := range ds.Forecast {
		if f.SessionID != sessionID {
			continue
		}
		rows++
		if f.DayCV > 0 || f.SlotCV > 0 {
			return
		}
	}
	if rows > 0 {
		fmt.Fprintf(w, "deskplan: warning: the forecast of session %s gives no spread of its calls (day_cv, slot_cv): %s allows for Poisson noise only; build it from the history (deskplan forecast build) for its uncertainty\n",
			sessionID, q)
	}
}
