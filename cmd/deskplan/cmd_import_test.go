package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner/store"
)

// TestImportBadSamples imports every bad sample of testdata/bad into a store holding the
// demo: each must exit 2, print the problems its want.txt lists, and leave the store as it
// was.
func TestImportBadSamples(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "deskplan.db")
	var out, errw bytes.Buffer
	if code := run(ctx, []string{"--db", db, "init"}, &out, &errw); code != exitOK {
		t.Fatalf("init: exit %d: %s", code, errw.String())
	}
	if code := run(ctx, []string{"--db", db, "import", "../../testdata/demo.xlsx"}, &out, &errw); code != exitOK {
		t.Fatalf("import demo: exit %d: %s", code, errw.String())
	}
	before := storeDataset(t, db)
	root := "../../testdata/bad"
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		path := filepath.Join(root, e.Name())
		wantFile := filepath.Join(path, "want.txt")
		if !e.IsDir() {
			if !strings.HasSuffix(e.Name(), ".xlsx") {
				continue
			}
			wantFile = strings.TrimSuffix(path, ".xlsx") + ".want.txt"
		}
		t.Run(e.Name(), func(t *testing.T) {
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			var out, errw bytes.Buffer
			code := run(ctx, []string{"--db", db, "import", path}, &out, &errw)
			if code != exitBadInput {
				t.Errorf("import %s: exit %d, want %d; stderr:\n%s", e.Name(), code, exitBadInput, errw.String())
			}
			for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
				if !strings.Contains(errw.String(), line) {
					t.Errorf("stderr lacks %q:\n%s", line, errw.String())
				}
			}
			if diff := cmp.Diff(before, storeDataset(t, db)); diff != "" {
				t.Errorf("a failed import changed the store (-before +after):\n%s", diff)
			}
		})
	}
}

func storeDataset(t *testing.T, db string) any {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, err := st.Dataset(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
