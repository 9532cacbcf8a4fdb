package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// FileStem returns a file-name stem for a staff id that is safe on every file system:
// ASCII letters, digits, '-', '_' and inner '.' are kept and anything else becomes '_'. When
// the id had to change, is empty, is a reserved Windows name or clashes (case-insensitively)
// with a stem in used, a short hash of the id is appended. The stem is recorded in used.
// The per-person workbooks (planner/xlsx) and calendars (planner/ics) are named by it, so a
// person's .xlsx and .ics share a stem.
func FileStem(id string, used map[string]bool) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)), r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	stem := strings.TrimRight(strings.TrimLeft(b.String(), "._"), ".")
	if len(stem) > 64 {
		stem = stem[:64]
	}
	upper := strings.ToUpper(stem)
	reserved := upper == "CON" || upper == "PRN" || upper == "AUX" || upper == "NUL" ||
		len(upper) == 4 && (strings.HasPrefix(upper, "COM") || strings.HasPrefix(upper, "LPT"))
	if stem != id || stem == "" || reserved || used[strings.ToLower(stem)] {
		sum := sha256.Sum256([]byte(id))
		stem = strings.TrimLeft(strings.TrimRight(stem, "_.")+"_"+hex.EncodeToString(sum[:4]), "_")
	}
	used[strings.ToLower(stem)] = true
	return stem
}
