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
// with a stem in used, a short hash of the id is appended (inserted after a reserved name:
// "con.txt" gives "con_<hash>.txt"). The stem is recorded in used.
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
	if stem != id || stem == "" || reservedName(stem) || used[strings.ToLower(stem)] {
		sum := sha256.Sum256([]byte(id))
		hash := hex.EncodeToString(sum[:4])
		stem = strings.TrimRight(stem, "_.")
		if base, rest, dot := strings.Cut(stem, "."); reservedName(base) {
			// The hash goes before the first dot: "con_1a2b3c4d.txt" is no device.
			stem = base + "_" + hash
			if dot {
				stem += "." + rest
			}
		} else {
			stem = strings.TrimLeft(stem+"_"+hash, "_")
		}
	}
	used[strings.ToLower(stem)] = true
	return stem
}

// reservedName reports a stem that Windows takes for a device whatever its extension: CON,
// PRN, AUX, NUL, COM1-COM9 and LPT1-LPT9, in any case, alone or before a dot ("con.txt" is
// the console too, so "con.txt.xlsx" cannot be a file there).
func reservedName(stem string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(stem), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) &&
		base[3] >= '1' && base[3] <= '9'
}
