package planner

import (
	"crypto/sha256"
	"encoding/hex"
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
		{"", hash4("")},
		{"山田", hash4("山田")},
	} {
		if got := FileStem(tc.id, used); got != tc.want {
			t.Errorf("FileStem(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
}

func hash4(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}
