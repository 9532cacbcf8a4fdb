package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/deskplan/deskplan/planner"
)

// statusLine keeps one line of progress up to date on a terminal: a spinner, a bar when the
// share done is known, and words a manager reads ("12 s left, at least 92.1% of calls
// answered within 60 s"). It is nil, and prints nothing, when its writer is
// not a terminal (a pipe, a file, a test's buffer) or the command prints JSON: the methods of
// a nil *statusLine do nothing. It redraws itself from a goroutine of its own, so the
// spinner turns while the work reports nothing; Close clears the line.
type statusLine struct {
	mu     sync.Mutex
	w      io.Writer
	words  string
	done   float64 // share done, 0..1; below 0: unknown (spinner only)
	frame  int
	drawn  time.Time // when the line was last drawn
	closed bool
	stop   chan struct{}
	wg     sync.WaitGroup
}

// statusRefresh is how often the status line is redrawn.
const statusRefresh = 150 * time.Millisecond

// newStatusLine returns a status line on the error stream of ios when it is a terminal
// (IOStreams.ErrTTY) and the command is not printing JSON (quiet), else nil.
func newStatusLine(ios *IOStreams, quiet bool) *statusLine {
	if quiet || !ios.ErrTTY {
		return nil
	}
	s := &statusLine{w: ios.ErrOut, done: -1, stop: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(statusRefresh)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.mu.Lock()
				s.frame++
				s.draw()
				s.mu.Unlock()
			}
		}
	}()
	return s
}

// Set says what is being done: the share done (0..1, or below 0 when it is not known) and
// the words. The line is drawn at once when it was last drawn a tick ago or more (the first
// Set, always), else at the next tick.
func (s *statusLine) Set(done float64, format string, args ...any) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = done
	s.words = fmt.Sprintf(format, args...)
	if time.Since(s.drawn) >= statusRefresh {
		s.draw()
	}
}

// Close stops the status line and clears it, so that what the command prints next starts on
// a clean line.
func (s *statusLine) Close() {
	if s == nil {
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.stop)
	s.mu.Unlock()
	s.wg.Wait()
	fmt.Fprint(s.w, "\r\033[K")
}

var spinnerFrames = []string{"|", "/", "-", "\\"}

// barWidth is the width of the bar, in characters.
const barWidth = 10

// draw writes the line; the caller holds s.mu.
func (s *statusLine) draw() {
	if s.closed || s.words == "" {
		return
	}
	s.drawn = time.Now()
	line := spinnerFrames[s.frame%len(spinnerFrames)] + " "
	if s.done >= 0 {
		n := int(math.Round(min(1, s.done) * barWidth))
		line += "[" + strings.Repeat("#", n) + strings.Repeat(".", barWidth-n) + fmt.Sprintf("] %3.0f%% ", 100*min(1, s.done))
	}
	line += s.words
	width := 80
	if f, ok := s.w.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			width = w
		}
	}
	fmt.Fprint(s.w, "\r\033[K"+truncate(line, width-1))
}

// truncate cuts s to at most n characters, ending it with "..." when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 3 {
		return ""
	}
	r := []rune(s)
	return string(r[:n-3]) + "..."
}

// timeLeft is a time left in words: "12 s left", "3 min left"; "searching" when unknown.
func timeLeft(d time.Duration) string {
	switch {
	case d <= 0:
		return "searching"
	case d < 100*time.Second:
		return fmt.Sprintf("%d s left", int(math.Ceil(d.Seconds())))
	default:
		return fmt.Sprintf("%d min left", int(math.Ceil(d.Minutes())))
	}
}

// planWords says how a running plan stands, shortly enough for a terminal's line: "12 s
// left, at least 92.1% of calls answered within 60 s" (the best roster so far; the share is
// planner.Progress.ServiceLevel, a low estimate), or, before a roster keeps every rule, that
// the search is looking for one.
func planWords(p planner.Progress, targetSeconds int) string {
	if !p.Feasible {
		return timeLeft(p.Left) + ", looking for a roster that keeps every rule"
	}
	if p.Calls <= 0 {
		return timeLeft(p.Left)
	}
	return fmt.Sprintf("%s, at least %.1f%% of calls answered within %d s", timeLeft(p.Left), 100*p.ServiceLevel(), targetSeconds)
}
