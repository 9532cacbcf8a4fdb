package main

import (
	"context"
	"encoding/json"
	"io"

	"deskplan/planner"
	"deskplan/planner/store"
)

// writeJSON prints v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// openDataset opens the store (--db) and loads what it holds; the caller closes the store.
func openDataset(ctx context.Context) (*store.Store, *planner.Dataset, error) {
	st, err := store.Open(ctx, globalOpts.DB)
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
func loadDataset(ctx context.Context) (*planner.Dataset, error) {
	st, ds, err := openDataset(ctx)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return ds, nil
}
