package xlsx

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
)

// maxSheetName is the longest sheet name Excel accepts, in UTF-16 code units.
const maxSheetName = 31

// sheetNames hands out valid, unique sheet names.
type sheetNames struct {
	used map[string]bool // lower-cased names taken
}

func newSheetNames(reserved ...string) *sheetNames {
	n := &sheetNames{used: map[string]bool{"history": true}} // Excel reserves History
	for _, r := range reserved {
		n.used[strings.ToLower(r)] = true
	}
	return n
}

// name returns a sheet name for s that Excel and LibreOffice accept and no other sheet has:
// the characters []:*?/\ and control characters become "_", leading and trailing
// apostrophes and spaces go, the name is cut to 31 UTF-16 units, and a clash (case-insensitive)
// gets a " (2)", " (3)" ... suffix. Letters of any script are kept.
func (n *sheetNames) name(s string) string {
	base := sanitizeSheetName(s)
	if base == "" {
		base = "Sheet"
	}
	cand := truncUTF16(base, maxSheetName)
	for k := 2; n.used[strings.ToLower(cand)]; k++ {
		suffix := fmt.Sprintf(" (%d)", k)
		cand = strings.TrimRight(truncUTF16(base, maxSheetName-len(suffix)), " ") + suffix
	}
	n.used[strings.ToLower(cand)] = true
	return cand
}

func sanitizeSheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r), unicode.IsControl(r), r == unicode.ReplacementChar:
			return '_'
		}
		return r
	}, s)
	return strings.Trim(s, "' \u00a0")
}

// truncUTF16 cuts s to at most n UTF-16 code units without splitting a character.
func truncUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return strings.TrimRight(s[:i], "' ")
		}
	}
	return s
}

// quoteSheet returns a sheet name quoted for a formula or a chart range: 'It”s'.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// hfText escapes text for a page header or footer, where '&' starts a code.
func hfText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.ReplaceAll(s, "&", "&&")
}

// cut shortens s to at most n characters, with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// textWidth estimates the width of s in characters of the body font: East Asian wide
// characters count twice.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r >= 0xFF00 && r <= 0xFFEF) {
			n++
		}
	}
	return n
}
