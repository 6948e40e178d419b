package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"codong/playlists"
)

// ScheduleSlot is a slot as stored, with its ID for editing.
type ScheduleSlot struct {
	ID int64 `json:"id"`
	playlists.Slot
}

// Schedule lists the slots in the order they are evaluated.
func (s *Store) Schedule(ctx context.Context) ([]ScheduleSlot, error) {
	return s.schedule(ctx, s.r)
}

func (s *Store) schedule(ctx context.Context, q querier) ([]ScheduleSlot, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, playlist, start, end, days, grp FROM schedule ORDER BY start, id`)
	if err != nil {
		return nil, fmt.Errorf("store: schedule: %w", err)
	}
	defer rows.Close()
	out := []ScheduleSlot{}
	for rows.Next() {
		var sl ScheduleSlot
		var days string
		if err := rows.Scan(&sl.ID, &sl.Playlist, &sl.Start, &sl.End, &days, &sl.Group); err != nil {
			return nil, fmt.Errorf("store: schedule: %w", err)
		}
		json.Unmarshal([]byte(days), &sl.Days)
		out = append(out, sl)
	}
	return out, rows.Err()
}

// AddSlot adds a validated slot for an existing playlist.
func (s *Store) AddSlot(ctx context.Context, actor string, sl playlists.Slot) error {
	if err := sl.Validate(); err != nil {
		return err
	}
	days, _ := json.Marshal(sl.Days)
	return s.change(ctx, actor, "schedule.add", func(tx *sql.Tx) (string, error) {
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM playlists WHERE slug = ?`, sl.Playlist).Scan(&name); err != nil {
			return "", notFound(err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO schedule (playlist, start, end, days, grp) VALUES (?, ?, ?, ?, ?)`,
			sl.Playlist, sl.Start, sl.End, string(days), sl.Group)
		return fmt.Sprintf("“%s” %s–%s %s%s", name, sl.Start, sl.End, playlists.DayNames(sl.Days), groupNote(sl.Group)), err
	})
}

// RemoveSlot deletes a slot.
func (s *Store) RemoveSlot(ctx context.Context, actor string, id int64) error {
	detail := fmt.Sprintf("#%d", id)
	return s.change(ctx, actor, "schedule.remove", func(tx *sql.Tx) (string, error) {
		res, err := tx.ExecContext(ctx, `DELETE FROM schedule WHERE id = ?`, id)
		if err != nil {
			return detail, err
		}
		return detail, mustAffect(res)
	})
}
