package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestPlanInterruptedBySignal runs plan as a process with its stderr on a pseudo-terminal,
// waits until its status line shows a roster that keeps every rule, then sends SIGINT as
// Ctrl-C does: plan saves and prints that roster and exits 130. The signal follows what the
// plan has shown, not a delay, so the test holds on a machine of any speed.
func TestPlanInterruptedBySignal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs deskplan on a pseudo-terminal; skipped with -short")
	}
	bin := deskplanBinary(t)
	db := demoStore(t)
	cmd := exec.Command(bin, "--db", db, "plan", "--session", "jan-2027", "--week", "2027-01-04",
		"--effort", "1000000", "--workers", "1")
	cmd.Env = append(os.Environ(), "TERM=xterm")
	var out bytes.Buffer
	cmd.Stdout = &out
	ptmx := startOnTerminal(t, cmd)
	defer ptmx.Close()
	// read the terminal; signal once a roster keeping every rule is shown
	feasible := make(chan struct{})
	read := make(chan string)
	go func() {
		var seen strings.Builder
		buf := make([]byte, 4096)
		signalled := false
		for {
			n, err := ptmx.Read(buf)
			seen.Write(buf[:n])
			if !signalled && strings.Contains(seen.String(), "calls answered within") {
				signalled = true
				close(feasible)
			}
			if err != nil {
				read <- seen.String()
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var werr error
	select {
	case <-feasible:
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		werr = <-done
	case werr = <-done:
		t.Fatalf("plan ended before it was interrupted (%v)", werr)
	case <-time.After(10 * time.Minute): // a hung plan is a failure, not a hung test run
		cmd.Process.Kill()
		t.Fatal("plan showed no roster keeping every rule")
	}
	var term string
	select {
	case term = <-read:
	case <-time.After(time.Minute):
		t.Fatal("the terminal was not closed after plan ended")
	}
	var exit *exec.ExitError
	if !errors.As(werr, &exit) || exit.ExitCode() != exitInterrupted {
		t.Fatalf("plan: %v, want exit %d\n%s", werr, exitInterrupted, term)
	}
	for _, want := range []string{"interrupted; saving the best roster found so far",
		"interrupted: roster v1 is the best found before the search was stopped"} {
		if !strings.Contains(term, want) {
			t.Errorf("stderr lacks %q:\n%s", want, term)
		}
	}
	for _, want := range []string{"Roster v1 for session jan-2027", "Rules: no violation"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out.String())
		}
	}
	var list, lerr bytes.Buffer
	if code := runWith(context.Background(), []string{"--db", db, "roster", "list"}, writerIO(&list, &lerr)); code != exitOK ||
		!strings.Contains(list.String(), "1 roster version") {
		t.Errorf("roster list: exit %d, %q %q; want the interrupted plan's roster stored", code, list.String(), lerr.String())
	}
}
