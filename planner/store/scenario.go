package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/scenario"
)

// ErrExists is returned (wrapped with the name) by SaveScenario when a scenario of that name is
// already stored and replacing it was not asked for.
var ErrExists = errors.New("store: already exists")

// StoredScenario is a scenario with the time it was saved.
type StoredScenario struct {
	scenario.Scenario
	CreatedAt time.Time `json:"created_at"`
}

// SaveScenario stores sc under its name. The name must pass scenario.ValidName (so
// "base" is refused), sc.From must be "base" or a stored scenario, and the chain of From must
// not loop back to sc. A name already stored gives an error wrapping ErrExists unless replace
// is true.
func (s *Store) SaveScenario(ctx context.Context, sc scenario.Scenario, replace bool) error {
	if err := scenario.ValidName(sc.Name); err != nil {
		return &planner.InputError{Problems: []planner.Problem{{Msg: err.Error()}}}
	}
	if sc.From == "" {
		sc.From = scenario.Base
	}
	changes := sc.Changes
	if changes == nil {
		changes = []scenario.Change{}
	}
	body, err := json.Marshal(changes)
	if err != nil {
		return fmt.Errorf("store: save scenario %s: %w", sc.Name, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save scenario %s: %w", sc.Name, err)
	}
	defer tx.Rollback()
	// the base must exist, and must not be (built on) sc itself
	for from := sc.From; from != scenario.Base; {
		if from == sc.Name {
			return &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("scenario %s cannot build on itself (--from %s)", sc.Name, sc.From)}}}
		}
		var next string
		err := tx.QueryRowContext(ctx, `SELECT base_name FROM scenarios WHERE name = ?`, from).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("--from %s: no such scenario (see deskplan scenario list)", from)}}}
		} else if err != nil {
			return fmt.Errorf("store: save scenario %s: %w", sc.Name, err)
		}
		from = next
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM scenarios WHERE name = ?`, sc.Name).Scan(&n); err != nil {
		return fmt.Errorf("store: save scenario %s: %w", sc.Name, err)
	}
	if n > 0 && !replace {
		return fmt.Errorf("scenario %s: %w", sc.Name, ErrExists)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO scenarios (name, base_name, changes, note, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET base_name = excluded.base_name, changes = excluded.changes,
		note = excluded.note, created_at = excluded.created_at`,
		sc.Name, sc.From, string(body), sc.Note, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("store: save scenario %s: %w", sc.Name, err)
	}
	return tx.Commit()
}

const scenarioColumns = `name, base_name, changes, note, created_at`

func scanScenario(scan func(...any) error) (StoredScenario, error) {
	var sc StoredScenario
	var body, created string
	if err := scan(&sc.Name, &sc.From, &body, &sc.Note, &created); err != nil {
		return sc, err
	}
	if err := json.Unmarshal([]byte(body), &sc.Changes); err != nil {
		return sc, fmt.Errorf("scenario %s: stored changes: %w", sc.Name, err)
	}
	sc.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return sc, nil
}

// Scenario loads the scenario name. A name not stored gives an error wrapping ErrNotFound;
// "base" gives the empty scenario of the data itself.
func (s *Store) Scenario(ctx context.Context, name string) (StoredScenario, error) {
	if name == scenario.Base {
		return StoredScenario{Scenario: scenario.Scenario{Name: scenario.Base, Changes: []scenario.Change{}}}, nil
	}
	sc, err := scanScenario(s.db.QueryRowContext(ctx, `SELECT `+scenarioColumns+` FROM scenarios WHERE name = ?`, name).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return sc, fmt.Errorf("scenario %s: %w (see deskplan scenario list)", name, ErrNotFound)
	} else if err != nil {
		return sc, fmt.Errorf("store: scenario %s: %w", name, err)
	}
	return sc, nil
}

// Scenarios lists the stored scenarios by name.
func (s *Store) Scenarios(ctx context.Context) ([]StoredScenario, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+scenarioColumns+` FROM scenarios ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: scenarios: %w", err)
	}
	defer rows.Close()
	out := []StoredScenario{}
	for rows.Next() {
		sc, err := scanScenario(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("store: scenarios: %w", err)
		}
		out = append(out, sc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: scenarios: %w", err)
	}
	return out, nil
}

// DeleteScenario removes scenario name. A name not stored gives an error wrapping ErrNotFound;
// a scenario other scenarios build on is refused, naming them.
func (s *Store) DeleteScenario(ctx context.Context, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: delete scenario %s: %w", name, err)
	}
	defer tx.Rollback()
	var users []string
	err = query(ctx, tx, func(r *sql.Rows) error {
		var u string
		err := r.Scan(&u)
		users = append(users, u)
		return err
	}, `SELECT name FROM scenarios WHERE base_name = ? ORDER BY name`, name)
	if err != nil {
		return fmt.Errorf("store: delete scenario %s: %w", name, err)
	}
	if len(users) > 0 {
		return &planner.InputError{Problems: []planner.Problem{{Msg: fmt.Sprintf("scenario %s is the base of %s: delete those first", name, strings.Join(users, ", "))}}}
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM scenarios WHERE name = ?`, name)
	if err != nil {
		return fmt.Errorf("store: delete scenario %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("scenario %s: %w", name, ErrNotFound)
	}
	return tx.Commit()
}

// ScenarioDataset returns the store's data with scenario name applied (its chain of From
// included); "base" or "" gives the data itself.
func (s *Store) ScenarioDataset(ctx context.Context, name string) (*planner.Dataset, error) {
	ds, err := s.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	if name == "" || name == scenario.Base {
		return ds, nil
	}
	chain, err := scenario.Chain(name, func(n string) (scenario.Scenario, error) {
		sc, err := s.Scenario(ctx, n)
		return sc.Scenario, err
	})
	if err != nil {
		return nil, err
	}
	return scenario.Apply(ds, chain)
}
