package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"codong/playlists"
)

// ScheduleSlot is a slot as stored, with its ID for editing.
type ScheduleSlot struct {
	ID int64 `json:"id"`
	playlists.Slot
}

// Schedule lists the slots of the schedule's newest version, the one
// its editors work on (Desired has the approved one), in the order they
// are evaluated.
func (s *Store) Schedule(ctx context.Context) ([]ScheduleSlot, error) {
	var body ScheduleBody
	if _, err := latestBody(ctx, s.r, KindSchedule, 0, &body); err != nil {
		return nil, err
	}
	if body.Slots == nil {
		body.Slots = []ScheduleSlot{}
	}
	sortSlots(body.Slots)
	return body.Slots, nil
}

func sortSlots(slots []ScheduleSlot) {
	slices.SortStableFunc(slots, func(a, b ScheduleSlot) int {
		return cmp.Or(strings.Compare(a.Start, b.Start), cmp.Compare(a.ID, b.ID))
	})
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

// editSchedule proposes a new version of the schedule: edit changes a
// copy of its newest version.
func (s *Store) editSchedule(ctx context.Context, a Actor, edit func(tx *sql.Tx, b *ScheduleBody) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var body ScheduleBody
		if _, err := latestBody(ctx, tx, KindSchedule, 0, &body); err != nil {
			return err
		}
		if err := edit(tx, &body); err != nil {
			return err
		}
		if body.Slots == nil {
			body.Slots = []ScheduleSlot{}
		}
		sortSlots(body.Slots)
		_, err := s.propose(ctx, tx, a, KindSchedule, 0, anyVersion, body)
		return err
	})
}

// MaxSlots bounds the schedule, so a manifest stays within the
// protocol's size limit whatever is stored.
const MaxSlots = 200

// AddSlot drafts a validated slot for an existing playlist.
func (s *Store) AddSlot(ctx context.Context, a Actor, sl playlists.Slot) error {
	if err := cleanSlot(&sl); err != nil {
		return err
	}
	return s.editSchedule(ctx, a, func(tx *sql.Tx, b *ScheduleBody) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM playlists WHERE slug = ?`, sl.Playlist).Scan(&one); err != nil {
			return notFound(err)
		}
		if len(b.Slots) >= MaxSlots {
			return ErrTooMany
		}
		id, err := nextID(ctx, tx, "slot_seq")
		b.Slots = append(b.Slots, ScheduleSlot{ID: id, Slot: sl})
		return err
	})
}

// RemoveSlot drafts the schedule without one slot.
func (s *Store) RemoveSlot(ctx context.Context, a Actor, id int64) error {
	return s.editSchedule(ctx, a, func(_ *sql.Tx, b *ScheduleBody) error {
		i := slices.IndexFunc(b.Slots, func(sl ScheduleSlot) bool { return sl.ID == id })
		if i < 0 {
			return ErrNotFound
		}
		b.Slots = slices.Delete(b.Slots, i, i+1)
		return nil
	})
}
