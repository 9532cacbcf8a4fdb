package main

import (
	"io"
	"strings"
	"unicode/utf8"
)

// printableWriter passes text on to w without the control characters a terminal obeys (ESC,
// BEL, NUL, CR, DEL and the C1 controls): a name that holds them, in a store written by an
// older deskplan or by hand, is printed but cannot clear the screen, move the cursor or
// retitle the window. Tabs and line feeds pass. The commands' standard output goes through it;
// JSON escapes such characters already.
type printableWriter struct {
	w       io.Writer
	pending []byte // the start of a UTF-8 sequence that the next write ends
}

func (p *printableWriter) Write(b []byte) (int, error) {
	data := b
	if len(p.pending) > 0 {
		data = append(p.pending, b...)
		p.pending = nil
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != 0x7f || c == '\n' || c == '\t' {
				out = append(out, c)
			}
			i++
			continue
		}
		if !utf8.FullRune(data[i:]) {
			p.pending = append(p.pending, data[i:]...)
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		if !(r >= 0x80 && r <= 0x9f) && !(r == utf8.RuneError && size == 1 && c <= 0x9f) {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// Flush writes what is left of an incomplete UTF-8 sequence.
func (p *printableWriter) Flush() error {
	if len(p.pending) == 0 {
		return nil
	}
	_, err := p.w.Write(p.pending)
	p.pending = nil
	return err
}

// printable returns s without the characters printableWriter drops.
func printable(s string) string {
	var b strings.Builder
	w := &printableWriter{w: &b}
	_, _ = io.WriteString(w, s)
	_ = w.Flush()
	return b.String()
}
