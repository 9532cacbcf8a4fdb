package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestFileStem(t *testing.T) {
	used := map[string]bool{}
	for _, tc := range []struct{ id, want string }{
		{"ana", "ana"},
		{"ANA", "ANA_" + hash4("ANA")},
		{"jean.dupont", "jean.dupont"},
		{"../etc/passwd", "etc_passwd_" + hash4("../etc/passwd")},
		{"CON", "CON_" + hash4("CON")},
		{"con.txt", "con_" + hash4("con.txt") + ".txt"},
		{"Lpt1.backup", "Lpt1_" + hash4("Lpt1.backup") + ".backup"},
		{"aux.a/b", "aux_" + hash4("aux.a/b") + ".a_b"},
		{"nul", "nul_" + hash4("nul")},
		{"com0", "com0"},
		{"console", "console"},
		{"con-team", "con-team"},
		{"lpt10", "lpt10"},
		{"", hash4("")},
		{"山田", hash4("山田")},
	} {
		got := FileStem(tc.id, used)
		if got != tc.want {
			t.Errorf("FileStem(%q) = %q, want %q", tc.id, got, tc.want)
		}
		if base, _, _ := strings.Cut(got, "."); reservedName(base) {
			t.Errorf("FileStem(%q) = %q, a reserved Windows name", tc.id, got)
		}
	}
}

func hash4(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}
