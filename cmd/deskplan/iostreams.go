package main

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// IOStreams are where a command reads and writes: In for data piped in, Out for data (a
// table, JSON), ErrOut for progress, warnings and errors. OutTTY and ErrTTY say whether Out and
// ErrOut are a terminal a person watches: the status line of long commands is drawn on ErrOut
// only then. Every command takes its streams from here, never from os.Stdout, so that tests run
// commands in process and capture both streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	OutTTY bool
	ErrTTY bool
}

// systemIO returns the process's standard streams, with OutTTY and ErrTTY set when they are
// terminals (and TERM is not dumb).
func systemIO() *IOStreams {
	return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		OutTTY: isTerminal(os.Stdout), ErrTTY: isTerminal(os.Stderr)}
}

// writerIO returns streams on given writers (a test's buffers, a pipe), each a terminal only if
// it is one, with an empty standard input.
func writerIO(out, errOut io.Writer) *IOStreams {
	return &IOStreams{In: eofReader{}, Out: out, ErrOut: errOut, OutTTY: isTerminal(out), ErrTTY: isTerminal(errOut)}
}

// isTerminal reports whether w is a terminal that obeys control sequences: an *os.File on a
// TTY, with TERM other than dumb.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd()) && os.Getenv("TERM") != "dumb"
}

// eofReader is an empty standard input.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
