package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// A province's boards show about a picture every ten seconds: ten
// thousand boards store some 86 million plays a day. A report of a month
// cannot add them up on every request, so plays are also summed as they
// are stored, one row per day (in the controller's zone), board and item
// (play_days), and a report whose period is whole days reads those sums.
// Plays stay as they are: they are the proof of each showing, and a
// report of another period (or a zone not yet summed) still reads them.

// playDaysTable is the same text on both engines. first_at and last_at
// are times as the plays store them (formatTime), compared as text.
const playDaysTable = `CREATE TABLE play_days (
	day TEXT NOT NULL,
	board_id BIGINT NOT NULL,
	board_name TEXT NOT NULL,
	unit_id BIGINT NOT NULL,
	title TEXT NOT NULL,
	plays BIGINT NOT NULL,
	seconds BIGINT NOT NULL,
	first_at TEXT NOT NULL,
	last_at TEXT NOT NULL,
	PRIMARY KEY (day, board_id, board_name, unit_id, title)
);
CREATE INDEX play_days_by_unit ON play_days (unit_id, day);`

// dayLayout is how play_days writes its days.
const dayLayout = "2006-01-02"

// dayKey is one row of play_days.
type dayKey struct {
	day, board, title string
	boardID, unit     int64
}

type daySum struct {
	plays, seconds int
	first, last    string
}

// daySums adds stored plays up by day (in loc), board and item.
type daySums map[dayKey]*daySum

func (d daySums) add(boardID int64, board string, unit int64, title, started string, seconds int, loc *time.Location) {
	k := dayKey{day: parseTime(started).In(loc).Format(dayLayout), board: board, title: title, boardID: boardID, unit: unit}
	s := d[k]
	if s == nil {
		s = &daySum{first: started, last: started}
		d[k] = s
	}
	s.plays++
	s.seconds += seconds
	if started < s.first {
		s.first = started
	}
	if started > s.last {
		s.last = started
	}
}

// write adds the sums to play_days, a few statements for the lot.
func (d daySums) write(ctx context.Context, tx *sql.Tx) error {
	keys := make([]dayKey, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	return inStatements(len(keys), func(from, to int) error {
		args := make([]any, 0, 9*(to-from))
		for _, k := range keys[from:to] {
			s := d[k]
			args = append(args, k.day, k.boardID, k.board, k.unit, k.title, s.plays, s.seconds, s.first, s.last)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO play_days (day, board_id, board_name, unit_id, title, plays, seconds, first_at, last_at)
VALUES `+rowsOf(dayRowSQL, to-from)+`
ON CONFLICT (day, board_id, board_name, unit_id, title) DO UPDATE SET
	plays = play_days.plays + excluded.plays, seconds = play_days.seconds + excluded.seconds,
	first_at = CASE WHEN excluded.first_at < play_days.first_at THEN excluded.first_at ELSE play_days.first_at END,
	last_at = CASE WHEN excluded.last_at > play_days.last_at THEN excluded.last_at ELSE play_days.last_at END`, args...)
		return err
	})
}

const dayRowSQL = `(CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT))`

// SetZone tells the store the zone a report's days are read in: plays
// are summed by day in it. When the sums were made in another zone (or
// not yet: a database from before them), they are made again from every
// stored play, once, in one transaction.
func (s *Store) SetZone(ctx context.Context, loc *time.Location) error {
	s.zone.Store(loc)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var was string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'play_days_zone'`).Scan(&was)
		if err == nil && was == loc.String() {
			return nil
		}
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM play_days`); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT board_id, board_name, unit_id, title, started_at, seconds FROM plays`)
		if err != nil {
			return err
		}
		sums := daySums{}
		for rows.Next() {
			var id, unit int64
			var board, title, started string
			var seconds int
			if err := rows.Scan(&id, &board, &unit, &title, &started, &seconds); err != nil {
				rows.Close()
				return err
			}
			sums.add(id, board, unit, title, started, seconds, loc)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := sums.write(ctx, tx); err != nil {
			return fmt.Errorf("store: sum plays by day: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('play_days_zone', ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value`, loc.String())
		return err
	})
	s.summed.Store(err == nil)
	return err
}

// zoneOf is the zone plays are summed in (UTC until SetZone).
func (s *Store) zoneOf() *time.Location {
	if loc, ok := s.zone.Load().(*time.Location); ok {
		return loc
	}
	return time.UTC
}

// wholeDays reports whether [from, to) runs from one midnight to
// another in loc, and those days.
func wholeDays(from, to time.Time, loc *time.Location) (first, end string, ok bool) {
	midnight := func(t time.Time) bool {
		l := t.In(loc)
		return l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0
	}
	if !midnight(from) || !midnight(to) || !to.After(from) {
		return "", "", false
	}
	return from.In(loc).Format(dayLayout), to.In(loc).Format(dayLayout), true
}
