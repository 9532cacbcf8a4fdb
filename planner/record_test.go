package planner

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/queue"
	"github.com/google/go-cmp/cmp"
)

// TestPlanRecordJSON: the params a store kept before PlanRecord existed read as the record,
// and a record written reads back the same.
func TestPlanRecordJSON(t *testing.T) {
	for _, tc := range []struct {
		name, stored string
		want         PlanRecord
	}{
		{"plan", `{"need_method":"sipp","time_limit":"10s","effort":300,"workers":0,"solve_seconds":1.5,"shift_options":19,"solver_options":38,"demand":"p80"}`,
			PlanRecord{NeedMethod: queue.SIPP, Demand: 0.8, TimeLimit: 10 * time.Second, Effort: 300, SolveSeconds: 1.5, ShiftOptions: 19, SolverOptions: 38}},
		{"effort only, mean demand", `{"need_method":"lagged","time_limit":"0s","effort":20,"workers":1,"demand":"mean"}`,
			PlanRecord{NeedMethod: queue.Lagged, Effort: 20, Workers: 1}},
		{"swap", `{"swap_of":3,"date":"2027-01-05","from":"ana","to":"bob"}`,
			PlanRecord{SwapOf: 3, SwapDate: calendar.MustDate("2027-01-05"), SwapFrom: "ana", SwapTo: "bob"}},
		{"unknown keys and values", `{"need_method":"erlang-x","demand":"p200","nested":{"a":[1,"b"]}}`, PlanRecord{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got PlanRecord
			if err := json.Unmarshal([]byte(tc.stored), &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("read %s (-want +got):\n%s", tc.stored, diff)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			var back PlanRecord
			if err := json.Unmarshal(b, &back); err != nil || back != got {
				t.Errorf("written as %s, read back %+v, %v; want %+v", b, back, err, got)
			}
		})
	}
	r := Roster{}
	if b, _ := json.Marshal(r); strings.Contains(string(b), `"params"`) {
		t.Errorf("a roster with no plan record writes params: %s", b)
	}
}
