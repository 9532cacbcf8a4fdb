// Package safefile writes files so that a reader never sees half of one: each file is written
// to a temporary file in its folder, flushed to disk, and renamed over the old one. A write
// that fails, or a process killed midway, leaves the old file (or none) and no temporary file
// behind (except after a kill: a hidden .NAME.tmp-* file).
//
// The rename replaces whatever is at the path, a symbolic link included: the link's target is
// never written. A new file gets the permissions the umask allows (the files deskplan writes
// hold personal data: a umask of 077 keeps them private); a file replaced keeps its own.
package safefile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes the file at path with write, atomically (see the package documentation).
// Errors name path, never the temporary file; a path that is a folder is refused.
func Write(path string, write func(io.Writer) error) (err error) {
	perm := fs.FileMode(0o666) // less the umask, applied by the system
	keep := false
	if fi, err := os.Lstat(path); err == nil {
		switch {
		case fi.IsDir():
			return fmt.Errorf("writing %s: is a folder, give a file name such as %s", path, filepath.Join(path, "roster.xlsx"))
		case fi.Mode().IsRegular():
			perm, keep = fi.Mode().Perm(), true
		}
	}
	dir := filepath.Dir(path)
	tmp, err := createTemp(dir, filepath.Base(path), perm)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if keep {
		// The umask applies at creation only: give the file back the mode it had.
		if err := tmp.Chmod(perm); err != nil {
			return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
		}
	}
	if err := write(tmp); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == tmp.Name() {
			err = pe.Err // a write to the temporary file failed (a full disk)
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, errors.Unwrap(err))
	}
	syncDir(dir)
	return nil
}

// createTemp creates a new hidden file beside name in dir, never following a link.
func createTemp(dir, name string, perm fs.FileMode) (*os.File, error) {
	for range 100 {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(filepath.Join(dir, "."+name+".tmp-"+hex.EncodeToString(b[:])), os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, errors.New("cannot create a temporary file")
}

// syncDir flushes a folder's entries to disk, so that a rename survives a power cut. Some
// systems cannot sync a folder: the rename is then as durable as they make it.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}

// unwrapPath drops the file name from an *fs.PathError: the temporary name means nothing to a
// user, and the caller names the path.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
