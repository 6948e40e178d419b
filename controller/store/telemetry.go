package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"codong/protocol"
)

// Telemetry is what boards reported since the last batch. It is not a
// change of desired state: no audit entry, no new revision.
type Telemetry struct {
	// Seen is, per board, when it was last heard from and its newest
	// status (nil: none since the last batch).
	Seen []Seen
	// Sent are pictures sent to boards for the first time, written
	// before the plays of the same batch.
	Sent []SentItem
	// Plays are play records, kept once per (board, record ID).
	Plays []BoardPlays
}

// Seen is one board's last sign of life.
type Seen struct {
	Board  int64
	At     time.Time
	Status []byte
}

// BoardPlays are play records from one board.
type BoardPlays struct {
	Board   int64
	Records []protocol.Play
}

// SaveTelemetry writes a batch in one transaction: one commit (and one
// fsync at most) for what thousands of boards said in the interval, in
// a few statements, never one per board or per record (rowsPerStatement).
// A record sent twice (its confirmation was lost) is kept once. The
// board's name is copied into each play so the report still reads right
// after the board is removed; plays of a board removed meanwhile are
// dropped.
//
// A play is kept only if its (item, asset) was sent to boards of the
// board's size (sent_items), and its playlist, slogan and title are the
// controller's record of what it sent, never the board's: a board cannot
// write text into the report.
func (s *Store) SaveTelemetry(ctx context.Context, t Telemetry) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := inStatements(len(t.Seen), func(from, to int) error {
			args := make([]any, 0, 3*(to-from))
			for _, b := range t.Seen[from:to] {
				var status any
				if b.Status != nil {
					status = string(b.Status)
				}
				args = append(args, b.Board, formatTime(b.At), status)
			}
			_, err := tx.ExecContext(ctx, `UPDATE boards SET last_seen_at = v.column2, status = coalesce(v.column3, boards.status)
FROM (VALUES `+rowsOf(seenRow, to-from)+`) AS v WHERE boards.id = v.column1`, args...)
			return err
		})
		if err != nil {
			return err
		}
		if err := insertSent(ctx, tx, t.Sent); err != nil {
			return err
		}
		var plays []playRow
		sums, loc := daySums{}, s.zoneOf()
		for _, bp := range t.Plays {
			for _, r := range bp.Records {
				plays = append(plays, playRow{bp.Board, r})
			}
		}
		err = inStatements(len(plays), func(from, to int) error {
			args := make([]any, 0, 6*(to-from))
			for _, p := range plays[from:to] {
				args = append(args, p.board, p.r.ID, formatTime(p.r.Start), p.r.Seconds, p.r.ItemID, p.r.Asset)
			}
			// The plays stored now (not those sent twice) are summed
			// by day as they are (play_days.go).
			rows, err := tx.QueryContext(ctx, `INSERT OR IGNORE INTO plays
(board_id, board_name, unit_id, play_id, playlist, item_id, slogan_id, title, asset, started_at, seconds)
SELECT b.id, b.name, b.unit_id, v.column2, s.playlist, s.item_id, s.slogan_id, s.title, s.asset, v.column3, v.column4
FROM (VALUES `+rowsOf(playRowSQL, to-from)+`) AS v
JOIN boards b ON b.id = v.column1
JOIN sent_items s ON s.item_id = v.column5 AND s.asset = v.column6 AND s.width = b.width AND s.height = b.height
RETURNING board_id, board_name, unit_id, title, started_at, seconds`, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id, unit int64
				var board, title, started string
				var seconds int
				if err := rows.Scan(&id, &board, &unit, &title, &started, &seconds); err != nil {
					return err
				}
				sums.add(id, board, unit, title, started, seconds, loc)
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
		return sums.write(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("store: save telemetry: %w", err)
	}
	return nil
}

type playRow struct {
	board int64
	r     protocol.Play
}

// One row of a VALUES list, typed for PostgreSQL, which otherwise takes
// every parameter of a VALUES list for text (SQLite takes them as they
// come). Columns are named column1, column2… by both engines.
const (
	seenRow    = `(CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT))`
	playRowSQL = `(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT))`
)

// rowsPerStatement are the sizes of the statements a batch is written
// in, largest first: a batch of n rows takes at most three statements
// of each size, and so few distinct statement texts exist (PostgreSQL's
// spelling of each is kept, see pgQuery). 256 rows of six parameters
// are far within both engines' limits on parameters.
var rowsPerStatement = []int{256, 64, 16, 4, 1}

// inStatements calls write for consecutive ranges of n rows, each of
// one of rowsPerStatement's sizes.
func inStatements(n int, write func(from, to int) error) error {
	from := 0
	for _, size := range rowsPerStatement {
		for n-from >= size {
			if err := write(from, from+size); err != nil {
				return err
			}
			from += size
		}
	}
	return nil
}

var valuesLists sync.Map // "row×n" → the VALUES list

// rowsOf is n copies of row, comma-separated.
func rowsOf(row string, n int) string {
	key := row + "×" + strconv.Itoa(n)
	if v, ok := valuesLists.Load(key); ok {
		return v.(string)
	}
	v := strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	valuesLists.Store(key, v)
	return v
}

func insertSent(ctx context.Context, tx *sql.Tx, sent []SentItem) error {
	if len(sent) == 0 {
		return nil
	}
	ins, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO sent_items
(item_id, asset, width, height, slogan_id, playlist, title, first_sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, it := range sent {
		if _, err := ins.ExecContext(ctx, it.ItemID, it.Asset, it.Width, it.Height, it.SloganID, it.Playlist, it.Title, formatTime(it.At)); err != nil {
			return err
		}
	}
	return nil
}
