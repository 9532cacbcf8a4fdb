package workbook

import (
	"context"
	"encoding/xml"
	"io"
	"strings"
	"unicode/utf8"
)

// sharedStrings is the workbook's table of shared strings, kept as one string and the end
// of each entry in it (a table of a million strings costs 4 MB of offsets).
type sharedStrings struct {
	all  string
	ends []uint32
}

func (t *sharedStrings) len() int { return len(t.ends) }

func (t *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(t.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.all[start:t.ends[i]], true
}

// sharedStrings reads the shared strings the first time a cell needs them.
func (b *Book) sharedStrings(ctx context.Context) (*sharedStrings, error) {
	if b.sst != nil {
		return b.sst, nil
	}
	t, err := b.readSharedStrings(ctx)
	if err != nil {
		return nil, err
	}
	b.sst = t
	return t, nil
}

// sharedStringsPart is where the shared strings live; the workbook's relationships may say
// otherwise, but every producer uses this name.
const sharedStringsPart = "xl/sharedStrings.xml"

func (b *Book) readSharedStrings(ctx context.Context) (*sharedStrings, error) {
	rc, ok, err := b.part(sharedStringsPart)
	if err != nil {
		return nil, err
	}
	t := &sharedStrings{}
	if !ok {
		return t, nil
	}
	defer rc.Close()
	s := newScanner(rc, sharedStringsPart)
	var (
		all      strings.Builder
		entry    []byte
		siDepth  int // depth of the open <si>
		phonetic int // depth of an open <rPh>
		inText   bool
	)
	for {
		tok, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch {
			case e.Name.Local == "si" && siDepth == 0:
				siDepth, entry = s.depth(), entry[:0]
			case e.Name.Local == "rPh" && siDepth > 0 && phonetic == 0:
				phonetic = s.depth()
			case e.Name.Local == "t" && siDepth > 0 && phonetic == 0:
				inText = true
			}
		case xml.EndElement:
			depth := s.depth() + 1
			switch {
			case depth == siDepth:
				siDepth = 0
				if !utf8.Valid(entry) {
					return nil, s.damaged("shared string %d is not UTF-8", len(t.ends))
				}
				v := unescape(string(entry))
				if utf8.RuneCountInString(v) > maxCellChars {
					return nil, s.damaged("shared string %d holds more than %d characters", len(t.ends), maxCellChars)
				}
				all.WriteString(v)
				if all.Len() > 1<<32-1 {
					return nil, &Error{Msg: "the workbook's shared strings exceed 4 GB", Limit: true}
				}
				t.ends = append(t.ends, uint32(all.Len()))
				if len(t.ends)%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
				}
			case depth == phonetic:
				phonetic = 0
			case e.Name.Local == "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				if len(entry)+len(e) > 4*maxCellChars {
					return nil, s.damaged("shared string %d holds more than %d characters", len(t.ends), maxCellChars)
				}
				entry = append(entry, e...)
			}
		}
	}
	if err := s.finish(); err != nil {
		return nil, err
	}
	t.all = all.String()
	return t, nil
}

// unescape decodes the _xHHHH_ escapes by which a workbook stores characters XML cannot
// carry (control characters); _x005F_ is a literal underscore.
func unescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if r, ok := hex4(s[i+2 : i+6]); ok {
				b.WriteRune(r)
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func hex4(s string) (rune, bool) {
	var r rune
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
