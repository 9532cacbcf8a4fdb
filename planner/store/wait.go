package store

import (
	"context"
	"time"

	"github.com/deskplan/deskplan/planner"
)

// retryPause is how long SaveRosterWait pauses between two tries.
var retryPause = time.Second

// SaveRosterWait is SaveRoster waiting for the write lock as long as it takes: when another
// connection holds it beyond the busy timeout (a long import), waiting is called, once, and
// the save is tried again until it succeeds, fails for another reason, or ctx is done (its
// error is then returned). A plan that ends during an import so keeps its roster.
func (s *Store) SaveRosterWait(ctx context.Context, r *planner.Roster, waiting func()) (int, error) {
	told := false
	for {
		v, err := s.SaveRoster(ctx, r)
		if err == nil || !IsBusy(err) {
			return v, err
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if !told && waiting != nil {
			waiting()
			told = true
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(retryPause):
		}
	}
}
