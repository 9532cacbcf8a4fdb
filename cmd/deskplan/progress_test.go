package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/deskplan/deskplan/planner"
)

// deskplanBinary returns the path of a link named deskplan to this test binary: run by that
// name, TestMain runs the command (testscript.Main).
func deskplanBinary(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "deskplan")
	if err := os.Symlink(exe, link); err != nil {
		t.Fatal(err)
	}
	return link
}

// startOnTerminal starts cmd with its stderr on a new pseudo-terminal of 40 by 160 and returns
// the terminal's master side, to read what cmd draws; the test skips where there is no
// pseudo-terminal.
func startOnTerminal(t *testing.T, cmd *exec.Cmd) *os.File {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 160}); err != nil {
		ptmx.Close()
		t.Fatal(err)
	}
	cmd.Stderr = tty
	if err := cmd.Start(); err != nil {
		ptmx.Close()
		t.Fatal(err)
	}
	tty.Close() // the child holds its own copy
	return ptmx
}

// runOnTerminal runs deskplan args with its stderr on a pseudo-terminal (or on a pipe when
// terminal is false) and its stdout on a pipe, and returns what each received.
func runOnTerminal(t *testing.T, bin string, terminal bool, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm")
	var out, errb bytes.Buffer
	cmd.Stdout = &out
	if !terminal {
		cmd.Stderr = &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("deskplan %s: %v\n%s", strings.Join(args, " "), err, errb.String())
		}
		return out.String(), errb.String()
	}
	ptmx := startOnTerminal(t, cmd)
	defer ptmx.Close()
	read := make(chan []byte)
	go func() {
		// reading the terminal ends with an error (EIO) once the child has closed it
		b, _ := io.ReadAll(ptmx)
		read <- b
	}()
	werr := cmd.Wait()
	var got []byte
	select {
	case got = <-read:
	case <-time.After(time.Minute): // a hung reader is a failure, not a hung test run
		t.Fatal("the terminal was not closed after the command ended")
	}
	if werr != nil {
		t.Fatalf("deskplan %s: %v\n%s", strings.Join(args, " "), werr, got)
	}
	return out.String(), string(got)
}

// runOnStreams runs deskplan args in process with stdout on a buffer and stderr on a buffer
// that passes for a terminal (IOStreams.ErrTTY) when terminal is set, and returns what each
// received.
func runOnStreams(t *testing.T, terminal bool, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	ios := writerIO(&out, &errb)
	ios.ErrTTY = terminal
	if code := runWith(context.Background(), args, ios); code != exitOK {
		t.Fatalf("deskplan %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return out.String(), errb.String()
}

// TestProgressOnlyOnTerminal runs the long commands in process with their stderr on a
// terminal, where a status line in words appears and is cleared at the end, then on a pipe
// and with --json, where nothing but the result is printed.
func TestProgressOnlyOnTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("plans rosters; skipped with -short")
	}
	db := demoStore(t)
	cases := []struct {
		name  string
		args  []string
		words string // what the first status line says
		json  bool
		pipe  bool // run on a pipe as well
	}{
		{"plan", []string{"plan", "--session", "jan-2027", "--week", "2027-01-04", "--effort", "5", "--workers", "1"}, "planning the week of 2027-01-04", false, true},
		{"plan --json", []string{"plan", "--session", "jan-2027", "--week", "2027-01-04", "--effort", "5", "--workers", "1", "--json"}, "", true, false},
		{"compare", []string{"compare", "base", "--demand", "p80", "--session", "jan-2027", "--week", "2027-01-04", "--effort", "5"}, "planning 1 scenarios for the week of 2027-01-04", false, false},
		{"size", []string{"size", "--session", "jan-2027", "--week", "2027-01-04", "--max-extra", "1", "--effort", "5"}, "sizing session jan-2027", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"--db", db}, c.args...)
			out, term := runOnStreams(t, true, args...)
			checkStatusLine(t, out, term, c.words, c.json)
			if !c.pipe {
				return
			}
			pout, perr := runOnStreams(t, false, args...)
			if strings.Contains(perr, "\r") || strings.Contains(perr, "\x1b") || strings.Contains(perr, c.words) {
				t.Errorf("a pipe got progress on stderr: %q", perr)
			}
			// the same roster, saved as the next version
			if _, rest, _ := strings.Cut(out, "\n"); !strings.HasSuffix(pout, rest) {
				t.Errorf("stdout on a pipe differs from stdout beside a terminal:\n%s\n---\n%s", pout, out)
			}
		})
	}
}

// checkStatusLine checks what a terminal got (term) and stdout (out) from a command whose
// status line says words, or that printed JSON and so no status line.
func checkStatusLine(t *testing.T, out, term, words string, asJSON bool) {
	t.Helper()
	if asJSON {
		if term != "" {
			t.Errorf("with --json the terminal got %q, want nothing", term)
		}
	} else {
		if !strings.Contains(term, "\r\x1b[K") || !strings.Contains(term, words) {
			t.Errorf("the terminal got %q, want a status line saying %q", term, words)
		}
		if !strings.HasSuffix(term, "\r\x1b[K") {
			t.Errorf("the terminal got %q, want the status line cleared at the end", term)
		}
	}
	if strings.Contains(out, "\r") || strings.Contains(out, "\x1b") || out == "" {
		t.Errorf("stdout %q: want the result without progress", out)
	}
}

// TestProgressOnRealTerminal runs plan as a process with its stderr on a pseudo-terminal and
// on a pipe: the terminal is recognised as one (isatty), the pipe is not.
func TestProgressOnRealTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs deskplan on a pseudo-terminal; skipped with -short")
	}
	bin := deskplanBinary(t)
	db := demoStore(t)
	args := []string{"--db", db, "plan", "--session", "jan-2027", "--week", "2027-01-04", "--effort", "5", "--workers", "1"}
	out, term := runOnTerminal(t, bin, true, args...)
	checkStatusLine(t, out, term, "planning the week of 2027-01-04", false)
	if _, perr := runOnTerminal(t, bin, false, args...); strings.Contains(perr, "\r") || strings.Contains(perr, "planning the week") {
		t.Errorf("a pipe got progress on stderr: %q", perr)
	}
}

// TestProgressForecastBuild checks the status line of forecast build on a terminal.
func TestProgressForecastBuild(t *testing.T) {
	db := demoStore(t)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"demo", "--history", dir},
		{"import", filepath.Join(dir, "sessions")},
		{"history", "import", filepath.Join(dir, "calls.csv")},
		{"exams", "import", filepath.Join(dir, "timetable.csv")},
	} {
		runOnStreams(t, false, append([]string{"--db", db}, args...)...)
	}
	out, term := runOnStreams(t, true, "--db", db, "forecast", "build", "--session", "jan-2027")
	if !strings.Contains(term, "reading the call history") || !strings.HasSuffix(term, "\r\x1b[K") {
		t.Errorf("the terminal got %q, want the status line, cleared at the end", term)
	}
	if !strings.Contains(out, "Forecast of session jan-2027") {
		t.Errorf("stdout %q lacks the summary", out)
	}
}

// TestStatusLineNotOnPipe checks that a status line is made for terminals only.
func TestStatusLineNotOnPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, wr := range []io.Writer{w, &bytes.Buffer{}, io.Discard} {
		if s := newStatusLine(writerIO(wr, wr), false); s != nil {
			s.Close()
			t.Errorf("newStatusLine(%T) made a status line", wr)
		}
	}
	var s *statusLine // a nil status line does nothing
	s.Set(0.5, "words")
	s.Close()
}

func TestPlanWords(t *testing.T) {
	for _, c := range []struct {
		p    planner.Progress
		want string
	}{
		{planner.Progress{Calls: 1000, Objective: 79, Feasible: true, Left: 12 * time.Second}, "12 s left, at least 92.1% of calls answered within 60 s"},
		{planner.Progress{Calls: 1000, Objective: 79, Feasible: true}, "searching, at least 92.1% of calls answered within 60 s"},
		{planner.Progress{Calls: 1000, Objective: 79, Feasible: true, Left: 150 * time.Second}, "3 min left, at least 92.1% of calls answered within 60 s"},
		{planner.Progress{Calls: 1000, Objective: 2000, Feasible: false, Left: time.Second}, "1 s left, looking for a roster that keeps every rule"},
	} {
		if got := planWords(c.p, 60); got != c.want {
			t.Errorf("planWords(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
	if got := truncate("abcdefghij", 8); got != "abcde..." {
		t.Errorf("truncate = %q", got)
	}
}
