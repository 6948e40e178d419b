package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"codong/playlists"
)

// Board is a LED board or screen with a player beside it.
type Board struct {
	ID     int64    `json:"id"`
	Name   string   `json:"name"`
	Width  int      `json:"width"`
	Height int      `json:"height"`
	Groups []string `json:"groups"` // slugs

	CreatedAt  time.Time       `json:"created_at"`
	LastSeenAt time.Time       `json:"last_seen_at,omitzero"`
	Status     json.RawMessage `json:"status"`
	// Power dims or blanks the board during daily windows.
	Power []playlists.PowerWindow `json:"power"`
	// ScrollSpeed is the speed the board scrolls strips at, in pixels
	// per second; 0: the default for its height (playlists.ScrollSpeed).
	ScrollSpeed int `json:"scroll_speed"`
	// Version counts changes of the board's settings: a change names the
	// version it was made from (row_versions.go).
	Version int `json:"version"`
	// UnitID is the unit the board belongs to (Unit: its slug); on
	// creation, Unit names it ("": the creator's own unit).
	UnitID int64  `json:"-"`
	Unit   string `json:"unit"`
}

const boardColumns = `id, name, width, height, created_at, last_seen_at, status, power, scroll_speed, version, unit_id, (SELECT slug FROM units WHERE units.id = boards.unit_id)`

func scanBoard(row interface{ Scan(...any) error }) (Board, error) {
	var b Board
	var created string
	var seen sql.NullString
	var status, power string
	err := row.Scan(&b.ID, &b.Name, &b.Width, &b.Height, &created, &seen, &status, &power, &b.ScrollSpeed, &b.Version, &b.UnitID, &b.Unit)
	b.Groups = []string{}
	b.CreatedAt, b.LastSeenAt, b.Status = parseTime(created), parseNullTime(seen), json.RawMessage(status)
	b.Power = []playlists.PowerWindow{}
	json.Unmarshal([]byte(power), &b.Power)
	return b, err
}

// Boards lists the boards of the units sc sees, by name.
func (s *Store) Boards(ctx context.Context, sc Scope) ([]Board, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+boardColumns+` FROM boards WHERE `+sc.sql("unit_id")+` ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: boards: %w", err)
	}
	defer rows.Close()
	var out []Board
	for rows.Next() {
		b, err := scanBoard(rows)
		if err != nil {
			return nil, fmt.Errorf("store: boards: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	groups, err := boardGroups(ctx, s.r, ``)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if g := groups[out[i].ID]; g != nil {
			out[i].Groups = g
		}
	}
	return out, nil
}

// withGroups fills in one board's groups.
func (s *Store) withGroups(ctx context.Context, b Board, err error) (Board, error) {
	if err != nil {
		return b, notFound(err)
	}
	groups, err := boardGroups(ctx, s.r, `WHERE board_id = ?`, b.ID)
	if g := groups[b.ID]; g != nil {
		b.Groups = g
	}
	return b, err
}

// Board returns one board of the units sc sees.
func (s *Store) Board(ctx context.Context, sc Scope, id int64) (Board, error) {
	b, err := scanBoard(s.r.QueryRowContext(ctx, `SELECT `+boardColumns+` FROM boards WHERE id = ? AND `+sc.sql("unit_id"), id))
	return s.withGroups(ctx, b, err)
}

// BoardByToken finds the board whose token hashes to tokenHash.
func (s *Store) BoardByToken(ctx context.Context, tokenHash string) (Board, error) {
	b, err := scanBoard(s.r.QueryRowContext(ctx, `SELECT `+boardColumns+` FROM boards WHERE token_hash = ?`, tokenHash))
	return s.withGroups(ctx, b, err)
}

// CreateBoard registers a board with the hash of its secret token.
func (s *Store) CreateBoard(ctx context.Context, a Actor, b Board, tokenHash string) (Board, error) {
	if err := cleanBoard(&b); err != nil {
		return Board{}, err
	}
	detail := fmt.Sprintf("%s %dx%d%s", b.Name, b.Width, b.Height, s.groupNote(ctx, b.Groups))
	err := s.change(ctx, a, "board.create", func(tx *sql.Tx) (string, error) {
		if err := checkCount(ctx, tx, FieldBoards, MaxBoards, `SELECT COUNT(*) FROM boards`); err != nil {
			return detail, err
		}
		id, err := insertBoard(ctx, tx, a, b, tokenHash, s.now())
		b.ID = id
		return detail, err
	})
	if err != nil {
		return Board{}, err
	}
	return s.Board(ctx, Everything, b.ID)
}

// insertBoard adds a checked board with its groups and token hash.
// Its ID comes from a sequence, never a deleted board's: slots, the
// override and play records name boards by ID.
func insertBoard(ctx context.Context, tx *sql.Tx, a Actor, b Board, tokenHash string, now time.Time) (int64, error) {
	unit, err := unitFor(ctx, tx, a, b.Unit)
	if err != nil {
		return 0, err
	}
	id, err := nextID(ctx, tx, "board_seq")
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO boards (id, name, width, height, token_hash, created_at, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, b.Name, b.Width, b.Height, tokenHash, formatTime(now), unit)
	if isUniqueViolation(err) {
		return 0, fmt.Errorf("%w: đã có bảng tên “%s”", ErrConflict, b.Name)
	}
	if err != nil {
		return 0, fmt.Errorf("store: create board: %w", err)
	}
	return id, setBoardGroups(ctx, tx, a, id, unit, b.Groups)
}

// BoardChange is a change of a board's settings: a field left nil is
// kept as it is.
type BoardChange struct {
	Groups      *[]string // slugs
	Power       *[]playlists.PowerWindow
	ScrollSpeed *int
}

// UpdateBoard changes a board's groups, power windows and scroll speed,
// from the board's version base: a change from an older version is
// refused (ChangedError), with who saved meanwhile.
func (s *Store) UpdateBoard(ctx context.Context, a Actor, id int64, base int, ch BoardChange) (Board, error) {
	var detail []string
	if ch.Groups != nil {
		groups, err := cleanGroups(*ch.Groups)
		if err != nil {
			return Board{}, err
		}
		ch.Groups = &groups
		detail = append(detail, strings.TrimPrefix(s.groupNote(ctx, groups), ", "))
	}
	var pj []byte
	if ch.Power != nil {
		power := *ch.Power
		if err := checkPower(power); err != nil {
			return Board{}, err
		}
		if power == nil {
			power = []playlists.PowerWindow{}
		}
		var err error
		if pj, err = json.Marshal(power); err != nil {
			return Board{}, err
		}
		detail = append(detail, "giờ giảm sáng/tắt: "+playlists.FormatPower(power))
	}
	if ch.ScrollSpeed != nil {
		if err := checkScrollSpeed(*ch.ScrollSpeed); err != nil {
			return Board{}, err
		}
		detail = append(detail, scrollSpeedNote(*ch.ScrollSpeed))
	}
	note := fmt.Sprintf("#%d: %s", id, strings.Join(detail, ", "))
	err := s.change(ctx, a, "board.update", func(tx *sql.Tx) (string, error) {
		unit, err := reach(ctx, tx, a, "boards", "id", id)
		if err != nil {
			return note, err
		}
		if err := boardRow.claim(ctx, tx, a, s.now(), id, base); err != nil {
			return note, err
		}
		if pj != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE boards SET power = ? WHERE id = ?`, string(pj), id); err != nil {
				return note, err
			}
		}
		if ch.ScrollSpeed != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE boards SET scroll_speed = ? WHERE id = ?`, *ch.ScrollSpeed, id); err != nil {
				return note, err
			}
		}
		if ch.Groups != nil {
			return note, setBoardGroups(ctx, tx, a, id, unit, *ch.Groups)
		}
		return note, nil
	})
	if err != nil {
		return Board{}, err
	}
	return s.Board(ctx, Everything, id)
}

// ErrBoardInUse refuses to delete a board the schedule or the override
// aims at by itself.
var ErrBoardInUse = fmt.Errorf("%w: board aimed at by the schedule or the override", ErrInUse)

// DeleteBoard removes a board; its token stops working at once. It is
// refused while the override or a slot (approved or drafted) aims at the
// board alone: those would silently reach nothing.
func (s *Store) DeleteBoard(ctx context.Context, a Actor, id int64) error {
	detail := fmt.Sprintf("#%d", id)
	return s.change(ctx, a, "board.delete", func(tx *sql.Tx) (string, error) {
		if _, err := reach(ctx, tx, a, "boards", "id", id); err != nil {
			return detail, err
		}
		used, err := aimedAtBoard(ctx, tx, id, s.now())
		if err != nil {
			return detail, err
		}
		if used {
			return detail, ErrBoardInUse
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM boards WHERE id = ?`, id)
		if err != nil {
			return detail, err
		}
		return detail, mustAffect(res)
	})
}

// groupNote names a board's groups for the audit log, by their names
// (a slug that names no group, refused a moment later, as itself).
func (s *Store) groupNote(ctx context.Context, groups []string) string {
	if len(groups) == 0 {
		return ", không nhóm"
	}
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g
		s.r.QueryRowContext(ctx, `SELECT name FROM groups WHERE slug = ?`, g).Scan(&names[i])
	}
	return ", nhóm “" + strings.Join(names, "”, “") + "”"
}

// aimedAtBoard reports whether the override, the approved schedule or
// its newest draft aims at the board alone.
func aimedAtBoard(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT
	(SELECT COUNT(*) FROM schedule WHERE board_id = ?) +
	(SELECT COUNT(*) FROM switches WHERE board_id = ? AND `+overrideInForce+`)`, id, id, formatTime(now)).Scan(&n)
	if err != nil || n > 0 {
		return n > 0, err
	}
	slots, err := draftSlots(ctx, tx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(slots, func(sl ScheduleSlot) bool { return sl.Board == id }), nil
}
