package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// The tests below run the test binary itself as a helper process (TestHelperProcess), so that
// two OS processes share one store file, and one can be killed in the middle of a write.
const (
	helperEnv     = "DESKPLAN_STORE_HELPER" // the helper's job: "write" or "crash"
	helperPathEnv = "DESKPLAN_STORE_PATH"
	helperIDEnv   = "DESKPLAN_STORE_HELPER_ID"
	helperRounds  = 25
	crashRows     = 200_000
	midImport     = "mid-import"
)

// helper starts the test binary as a helper process doing job on the store at path.
func helper(t *testing.T, job, path, id string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+job, helperPathEnv+"="+path, helperIDEnv+"="+id)
	return cmd
}

// TestHelperProcess is not a test: it is the helper process of the tests below.
func TestHelperProcess(t *testing.T) {
	job := os.Getenv(helperEnv)
	if job == "" {
		t.Skip("helper process for TestConcurrentProcesses and TestCrashDuringImport")
	}
	ctx := context.Background()
	path, id := os.Getenv(helperPathEnv), os.Getenv(helperIDEnv)
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	switch job {
	case "write":
		// Say we are ready, wait for the go of the parent, so that both helpers write at once.
		fmt.Println("ready")
		for _, err := os.Stat(path + ".go"); err != nil; _, err = os.Stat(path + ".go") {
			time.Sleep(2 * time.Millisecond)
		}
		start := time.Now()
		err = writeRounds(ctx, s, id)
		fmt.Println("window", start.UnixNano(), time.Now().UnixNano())
	case "crash":
		// Stop for good in the middle of the import's transaction, and say so.
		testHookForecastRow = func(n int) {
			if n == crashRows/2 {
				fmt.Println(midImport)
				time.Sleep(time.Hour) // until killed
			}
		}
		ds := &planner.Dataset{
			Sessions: []planner.Session{{ID: "big", FirstDay: calendar.MustDate("2030-01-01"), LastDay: calendar.MustDate("2035-12-31")}},
			Forecast: forecast("big", calendar.MustDate("2030-01-01"), crashRows/96, 1),
		}
		_, err = s.Import(ctx, ds)
		err = fmt.Errorf("import ended instead of being killed: %v", err)
	default:
		err = fmt.Errorf("unknown helper job %q", job)
	}
	if err == nil {
		err = s.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// writeRounds imports and saves rosters in a loop, reading back each time.
func writeRounds(ctx context.Context, s *Store, id string) error {
	for i := range helperRounds {
		ds := fullDataset(2)
		ds.Staff = append(ds.Staff, planner.Staff{ID: fmt.Sprintf("p%s-%d", id, i), Name: "helper " + id,
			Lines: []string{"LLN"}, Status: planner.StatusQualified})
		// Both processes rewrite the same forecast, with their own figures.
		scale, _ := strconv.ParseFloat(id, 64)
		ds.Forecast = forecast("jan-2027", calendar.MustDate("2027-01-04"), 2, 1+scale)
		if _, err := s.Import(ctx, ds); err != nil {
			return fmt.Errorf("round %d: import: %w", i, err)
		}
		r := testRoster("jan-2027", int64(i))
		r.Method = "helper " + id
		v, err := s.SaveRoster(ctx, r)
		if err != nil {
			return fmt.Errorf("round %d: save roster: %w", i, err)
		}
		if _, err := s.Roster(ctx, v); err != nil {
			return fmt.Errorf("round %d: roster %d: %w", i, v, err)
		}
		if _, err := s.Dataset(ctx); err != nil {
			return fmt.Errorf("round %d: dataset: %w", i, err)
		}
	}
	return nil
}

func TestConcurrentProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deskplan.db")
	s, err := Init(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type result struct {
		windows [][2]int64
		out     string
		err     error
	}
	var cmds []*exec.Cmd
	ready := make(chan bool, 2)
	results := make(chan result, 2)
	for _, id := range []string{"1", "2"} {
		cmd := helper(t, "write", path, id)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
		go func() {
			var res result
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				var w [2]int64
				if sc.Text() == "ready" {
					ready <- true
				} else if _, err := fmt.Sscanf(sc.Text(), "window %d %d", &w[0], &w[1]); err == nil {
					res.windows = append(res.windows, w)
				} else {
					res.out += sc.Text() + "\n"
				}
			}
			res.err = cmd.Wait()
			res.out += stderr.String()
			results <- res
		}()
	}
	for range cmds {
		select {
		case <-ready:
		case res := <-results:
			t.Fatalf("a helper ended before it was ready: %v\n%s", res.err, res.out)
		}
	}
	if err := os.WriteFile(path+".go", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var windows [][2]int64
	for range cmds {
		res := <-results
		if res.err != nil {
			t.Errorf("helper: %v\n%s", res.err, res.out)
		}
		windows = append(windows, res.windows...)
	}
	if t.Failed() {
		return
	}
	// Both helpers were writing at the same time (else this test proves nothing).
	if len(windows) != 2 || max(windows[0][0], windows[1][0]) >= min(windows[0][1], windows[1][1]) {
		t.Errorf("the helpers did not write at the same time: windows %v", windows)
	} else {
		t.Logf("helpers wrote together for %v", time.Duration(min(windows[0][1], windows[1][1])-max(windows[0][0], windows[1][0])))
	}
	rosters, err := s.Rosters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rosters) != 2*helperRounds {
		t.Fatalf("%d roster versions, want %d", len(rosters), 2*helperRounds)
	}
	byHelper := map[string]int{}
	for i, r := range rosters {
		if want := 2*helperRounds - i; r.Version != want {
			t.Errorf("Rosters()[%d].Version = %d, want %d", i, r.Version, want)
		}
		byHelper[r.Method]++
	}
	if want := map[string]int{"helper 1": helperRounds, "helper 2": helperRounds}; !cmp.Equal(byHelper, want) {
		t.Errorf("roster versions by helper = %v, want %v", byHelper, want)
	}
	ds, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(ds.Staff), len(fullDataset(0).Staff)+2*helperRounds; got != want {
		t.Errorf("%d staff after the helpers, want %d", got, want)
	}
	checkIntegrity(t, s)
}

func checkIntegrity(t *testing.T, s *Store) {
	t.Helper()
	var res string
	if err := s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil {
		t.Fatal(err)
	}
	if res != "ok" {
		t.Errorf("integrity_check: %s", res)
	}
	rows, err := s.DB().Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Error("foreign_key_check reports violations")
	}
}

func TestCrashDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 rows in a helper process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deskplan.db")
	s, err := Init(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, fullDataset(3)); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s.DB())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := helper(t, "crash", path, "")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reached := make(chan bool)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == midImport {
				reached <- true
				return
			}
		}
		reached <- false
	}()
	select {
	case ok := <-reached:
		if !ok {
			cmd.Wait()
			t.Fatalf("the helper ended before the middle of its import:\n%s", stderr.String())
		}
	case <-time.After(2 * time.Minute):
		t.Error("the helper did not reach the middle of its import in 2 minutes")
	}
	if wal, err := os.Stat(path + "-wal"); err == nil {
		t.Logf("WAL file at the kill: %d bytes", wal.Size())
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no clean-up at all
		t.Fatal(err)
	}
	cmd.Wait()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkIntegrity(t, s)
	if diff := cmp.Diff(before, dump(t, s.DB())); diff != "" {
		t.Errorf("store after the killed import (-before +after):\n%s", diff)
	}
	// The store is usable: an import and a roster go through.
	ds := fullDataset(3)
	ds.Lines[0].Name = "after the crash"
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatalf("Import after the crash: %v", err)
	}
	if _, err := s.SaveRoster(ctx, testRoster("jan-2027", 1)); err != nil {
		t.Fatalf("SaveRoster after the crash: %v", err)
	}
	got, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ds, got); diff != "" {
		t.Errorf("Dataset() after the crash and an import (-want +got):\n%s", diff)
	}
}

// TestConcurrentGoroutines writes from several goroutines over the one pool: the busy timeout
// and immediate transactions serialise them without "database is locked".
func TestConcurrentGoroutines(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Import(ctx, fullDataset(1)); err != nil {
		t.Fatal(err)
	}
	const workers, rounds = 4, 10
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := range rounds {
				ds := fullDataset(1)
				ds.Lines[0].Name = fmt.Sprintf("worker %d round %d", w, i)
				if _, err := s.Import(ctx, ds); err != nil {
					errs <- err
					return
				}
				if _, err := s.SaveRoster(ctx, testRoster("jan-2027", int64(w))); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	list, err := s.Rosters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != workers*rounds || list[0].Version != workers*rounds {
		t.Errorf("%d versions, newest %d; want %d of each", len(list), list[0].Version, workers*rounds)
	}
}
