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

// loadDataset opens the store at path and returns what it holds.
func loadDataset(ctx context.Context, path string) (*planner.Dataset, error) {
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Dataset(ctx)
}
