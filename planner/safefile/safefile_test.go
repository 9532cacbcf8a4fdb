//go:build unix

package safefile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/deskplan/deskplan/planner/safefile"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteUmask(t *testing.T) {
	for _, tc := range []struct {
		umask int
		want  os.FileMode
	}{{0o077, 0o600}, {0o022, 0o644}, {0o027, 0o640}} {
		old := syscall.Umask(tc.umask)
		path := filepath.Join(t.TempDir(), "p01.xlsx")
		err := safefile.Write(path, writeString("roster"))
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != tc.want {
			t.Errorf("umask %03o: file mode %03o, want %03o", tc.umask, got, tc.want)
		}
	}
}

func TestWriteKeepsModeOfReplacedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p01.ics")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := safefile.Write(path, writeString("new")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if fi.Mode().Perm() != 0o600 || string(b) != "new" {
		t.Errorf("replaced file: mode %03o, content %q; want 600 and new", fi.Mode().Perm(), b)
	}
}

// TestWriteSymlink checks that a link planted at the path is replaced, and its target (outside
// the folder) left alone.
func TestWriteSymlink(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	target := filepath.Join(outside, "passwd")
	if err := os.WriteFile(target, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "p01.xlsx")
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	if err := safefile.Write(path, writeString("roster")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "precious" {
		t.Errorf("the link's target now holds %q", b)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !fi.Mode().IsRegular() || string(b) != "roster" {
		t.Errorf("path is %v holding %q, want a regular file holding roster", fi.Mode(), b)
	}
}

// TestWriteFailure checks that a failed write leaves the old file whole and no temporary file.
func TestWriteFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p01.xlsx")
	if err := os.WriteFile(path, []byte("good"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	err := safefile.Write(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("Write = %v, want the write's error naming %s and no temporary file", err, path)
	}
	if b, _ := os.ReadFile(path); string(b) != "good" {
		t.Errorf("the old file now holds %q", b)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("folder holds %q, want only p01.xlsx", got)
	}
}

func TestWriteFolder(t *testing.T) {
	dir := t.TempDir()
	err := safefile.Write(dir, writeString("x"))
	if err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("Write(folder) = %v, want an error saying it is a folder", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("folder holds %q, want nothing", got)
	}
}
