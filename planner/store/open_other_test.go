//go:build !unix

package store

import "testing"

// readAsNobody is for a test run as root, which other systems do not have.
func readAsNobody(t *testing.T, path string) string {
	t.Skip("no user to switch to")
	return ""
}
