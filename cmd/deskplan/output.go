package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/store"
)

// writeJSON prints v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// openDataset opens the store (--db) and loads what it holds; the caller closes the store.
func (g *globalOptions) openDataset(ctx context.Context) (*store.Store, *planner.Dataset, error) {
	st, err := store.Open(ctx, g.DB)
	if err != nil {
		return nil, nil, err
	}
	ds, err := st.Dataset(ctx)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, ds, nil
}

// loadDataset returns what the store (--db) holds.
func (g *globalOptions) loadDataset(ctx context.Context) (*planner.Dataset, error) {
	st, ds, err := g.openDataset(ctx)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return ds, nil
}

// writeResult is how a command with a workbook (-o) and --json ends: the workbook first (when
// path is set, written atomically), then v as JSON or as text, and the text names the
// workbook written ("Comparison workbook written to ...").
func writeResult(out io.Writer, v any, asJSON bool, path, what string, workbook, text func(io.Writer) error) error {
	if path != "" {
		if err := writeFileAtomic(path, workbook); err != nil {
			return err
		}
	}
	if asJSON {
		return writeJSON(out, v)
	}
	if err := text(out); err != nil {
		return err
	}
	if path != "" {
		fmt.Fprintf(out, "\n%s workbook written to %s\n", what, path)
	}
	return nil
}
