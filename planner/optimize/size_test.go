package optimize_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/scenario"
)

func TestParseMix(t *testing.T) {
	mix, err := optimize.ParseMix("qualified:2, trainee")
	if err != nil || len(mix) != 2 || mix[0] != (optimize.MixPart{Status: planner.StatusQualified, Weight: 2}) || mix[1].Weight != 1 {
		t.Errorf("ParseMix = %v, %v", mix, err)
	}
	for _, bad := range []string{"", "boss:1", "qualified:0", "qualified:x", "qualified,qualified"} {
		if _, err := optimize.ParseMix(bad); err == nil {
			t.Errorf("ParseMix(%q) accepted", bad)
		}
	}
}

// TestSizeFindsTheMinimum sizes the tiny desk for a strict target and checks the answer by
// enumeration: planning with 0, 1, 2... extra qualified staff (same seed and effort), the first
// count whose roster meets the target every day is the answer.
func TestSizeFindsTheMinimum(t *testing.T) {
	if testing.Short() {
		t.Skip("plans several rosters")
	}
	ctx := context.Background()
	base := demo.TinyDesk()
	const target = "95/20s"
	req := optimize.SizeRequest{SessionID: "jan", Seed: 1, Effort: 200, ContractHours: 12, MaxExtra: 8}
	strict, err := scenario.Scenario{Name: "strict", Changes: []scenario.Change{mustChange(t, "target", target)}}.Apply(base)
	if err != nil {
		t.Fatal(err)
	}
	res, err := optimize.Size(ctx, strict, req)
	if err != nil {
		t.Fatal(err)
	}
	want := -1
	for n := 0; n <= req.MaxExtra && want < 0; n++ {
		ds := strict
		if n > 0 {
			ds, err = scenario.Scenario{Name: "n", Changes: []scenario.Change{mustChange(t, "add", fmt.Sprintf("%d qualified 12h", n))}}.Apply(strict)
			if err != nil {
				t.Fatal(err)
			}
		}
		_, rep, err := optimize.Plan(ctx, ds, optimize.PlanRequest{SessionID: "jan", Seed: req.Seed, TimeLimit: req.TimeLimit, Effort: req.Effort, Workers: runtime.GOMAXPROCS(0)})
		if err != nil {
			t.Fatal(err)
		}
		meets := true
		for _, d := range rep.Days {
			meets = meets && d.ServiceLevel >= 0.95-1e-9
		}
		if meets {
			want = n
		}
	}
	if want <= 0 {
		t.Fatalf("the instance is too easy or too hard: enumeration gives %d", want)
	}
	if res.Extra != want {
		t.Errorf("Size = %d extra staff, enumeration gives %d (curve %+v, confirmed %+v)", res.Extra, want, res.Curve, res.Confirmed)
	}
	if res.Staff != fmt.Sprintf("%d qualified", want) {
		t.Errorf("Staff = %q", res.Staff)
	}
	if len(res.Curve) == 0 || res.Curve[0].Extra != 0 || res.Curve[0].Meets {
		t.Errorf("curve %+v should start at 0 extra, short of the target", res.Curve)
	}
	if !strings.Contains(fmt.Sprint(res.BusiestWeek), "2027-01-04") {
		t.Errorf("busiest week %s", res.BusiestWeek)
	}
}

func FuzzParseMix(f *testing.F) {
	for _, s := range []string{"qualified:2,trainee:1", "mentor", "new:3, qualified", "trainee:0", ",,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mix, err := optimize.ParseMix(s)
		if err != nil {
			return
		}
		seen := map[planner.Status]bool{}
		for _, m := range mix {
			if !m.Status.Valid() || m.Weight < 1 || seen[m.Status] {
				t.Fatalf("ParseMix(%q) = %v", s, mix)
			}
			seen[m.Status] = true
		}
	})
}
