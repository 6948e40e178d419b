package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"codong/playlists"
)

// querier is a pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Desired is everything the boards' manifests are cut from.
type Desired struct {
	Revision  int64
	Playlists []Playlist
	// Switches are every switch in force; Units the tree that says
	// which boards each reaches (Winner).
	Switches []Switch
	Units    *Tree
	Schedule []ScheduleSlot
	// Boards is read only when asked for: a province's boards change far
	// less often than what they show.
	Boards []Target
}

// Target is a board as a publication needs it: what its manifest names,
// and the hash of its token, which is how a connecting board is known.
type Target struct {
	ID        int64  `json:"-"`
	TokenHash string `json:"-"`
	Unit      int64  `json:"-"` // the board's unit: which switches reach it
	playlists.Board
}

// Desired reads the desired state of every board in one snapshot, so the
// revision it carries is exactly that of the data: a board never
// acknowledges a revision whose change it did not get. The boards
// themselves are read only withBoards.
func (s *Store) Desired(ctx context.Context, withBoards bool) (*Desired, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: desired state: %w", err)
	}
	defer tx.Rollback()
	var d Desired
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'revision'`).Scan(&d.Revision); err != nil {
		return nil, fmt.Errorf("store: revision: %w", err)
	}
	if d.Playlists, err = approvedPlaylists(ctx, tx); err != nil {
		return nil, err
	}
	if d.Switches, err = s.switches(ctx, tx); err != nil {
		return nil, err
	}
	if d.Units, err = readTree(ctx, tx); err != nil {
		return nil, err
	}
	if d.Schedule, err = s.schedule(ctx, tx); err != nil {
		return nil, err
	}
	if withBoards {
		if d.Boards, err = targets(ctx, tx); err != nil {
			return nil, err
		}
	}
	return &d, nil
}

func targets(ctx context.Context, q querier) ([]Target, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+targetColumns+` FROM boards ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: boards: %w", err)
	}
	defer rows.Close()
	ts, err := scanTargets(rows)
	if err != nil {
		return nil, err
	}
	groups, err := boardGroups(ctx, q, ``)
	for i := range ts {
		ts[i].Groups = groups[ts[i].ID]
	}
	return ts, err
}

const targetColumns = `id, token_hash, name, width, height, power, scroll_speed, unit_id`

func scanTargets(rows *sql.Rows) ([]Target, error) {
	var out []Target
	for rows.Next() {
		var t Target
		var power string
		if err := rows.Scan(&t.ID, &t.TokenHash, &t.Name, &t.Width, &t.Height, &power, &t.ScrollSpeed, &t.Unit); err != nil {
			return nil, fmt.Errorf("store: boards: %w", err)
		}
		t.Board.ID = t.ID
		if power != "" && power != "[]" {
			if err := json.Unmarshal([]byte(power), &t.Power); err != nil {
				return nil, fmt.Errorf("store: board %d power: %w", t.ID, err)
			}
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TargetByToken finds the board whose token hashes to tokenHash, for a
// board the controller's memory does not know yet (added by the command
// line beside the running server).
func (s *Store) TargetByToken(ctx context.Context, tokenHash string) (Target, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+targetColumns+` FROM boards WHERE token_hash = ?`, tokenHash)
	if err != nil {
		return Target{}, fmt.Errorf("store: board by token: %w", err)
	}
	defer rows.Close()
	ts, err := scanTargets(rows)
	if err != nil {
		return Target{}, err
	}
	if len(ts) == 0 {
		return Target{}, ErrNotFound
	}
	groups, err := boardGroups(ctx, s.r, `WHERE board_id = ?`, ts[0].ID)
	ts[0].Groups = groups[ts[0].ID]
	return ts[0], err
}
