package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"codong/playlists"
)

// Why a playlist may not be deleted, for PlaylistInUseError.
const (
	UseBuiltIn       = "built_in"       // default or congress-success: boards and the switch rely on them
	UseSchedule      = "schedule"       // a slot of the approved schedule plays it
	UseDraftSchedule = "draft_schedule" // a slot of the schedule's newest draft plays it
	UseOverride      = "override"       // the override in force plays it
)

// PlaylistInUseError refuses to delete a playlist that something still
// plays or that the controller relies on; Why is one of the Use constants.
type PlaylistInUseError struct{ Why string }

func (e *PlaylistInUseError) Error() string { return "store: playlist in use: " + e.Why }
func (e *PlaylistInUseError) Unwrap() error { return ErrInUse }

// PlaylistSlug makes a playlist's slug from its name, as GroupSlug does
// for groups ("Mừng Đại hội" → "mung-dai-hoi").
func PlaylistSlug(name string) string { return slugOf(name, "danh-sach") }

// RenamePlaylist gives a playlist a new name; its slug, which the
// schedule, the override and reports refer to, stays.
func (s *Store) RenamePlaylist(ctx context.Context, a Actor, slug string, base int, name string) error {
	name, err := CleanName(FieldPlaylistName, name, MaxNameRunes)
	if err != nil {
		return err
	}
	return s.change(ctx, a, "playlist.rename", func(tx *sql.Tx) (string, error) {
		var old string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM playlists WHERE slug = ?`, slug).Scan(&old); err != nil {
			return "", notFound(err)
		}
		if _, err := reachContent(ctx, tx, a, "playlists", "slug", slug); err != nil {
			return "", err
		}
		if err := playlistRow.claim(ctx, tx, a, s.now(), slug, base); err != nil {
			return "", err
		}
		_, err := tx.ExecContext(ctx, `UPDATE playlists SET name = ? WHERE slug = ?`, name, slug)
		return slug + ": " + old + " → " + name, err
	})
}

// DeletePlaylist removes a playlist with its items and withdraws its
// waiting versions (their history stays). It is refused, with the
// reason, while the schedule (approved or newest draft) or the override
// plays it, and always for the two playlists the controller relies on.
func (s *Store) DeletePlaylist(ctx context.Context, a Actor, slug string) error {
	return s.change(ctx, a, "playlist.delete", func(tx *sql.Tx) (string, error) {
		var id int64
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT id, name FROM playlists WHERE slug = ?`, slug).Scan(&id, &name); err != nil {
			return "", notFound(err)
		}
		if _, err := reachContent(ctx, tx, a, "playlists", "id", id); err != nil {
			return "", err
		}
		if why, err := s.playlistUse(ctx, tx, slug); err != nil || why != "" {
			if err == nil {
				err = &PlaylistInUseError{Why: why}
			}
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM playlists WHERE id = ?`, id); err != nil {
			return "", fmt.Errorf("store: delete playlist %q: %w", slug, err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE versions SET state = 'superseded' WHERE kind = ? AND subject = ? AND state IN ('draft', 'pending')`, KindPlaylist, id)
		return slug + ": " + name, err
	})
}

// playlistUse says why a playlist must stay, or "" when nothing needs it.
func (s *Store) playlistUse(ctx context.Context, tx *sql.Tx, slug string) (string, error) {
	if builtIn(slug) {
		return UseBuiltIn, nil
	}
	sws, err := s.switches(ctx, tx)
	if err != nil {
		return "", err
	}
	if slices.ContainsFunc(sws, func(sw Switch) bool { return sw.Playlist == slug }) {
		return UseOverride, nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schedule WHERE playlist = ?`, slug).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return UseSchedule, nil
	}
	slots, err := draftSlots(ctx, tx)
	if err != nil {
		return "", err
	}
	if slices.ContainsFunc(slots, func(sl ScheduleSlot) bool { return sl.Playlist == slug }) {
		return UseDraftSchedule, nil
	}
	return "", nil
}

// MoveItemTo drafts a playlist with one item moved to position (1 is the
// top; past the end is the end): one version however far it moves. A
// move to where the item already is drafts nothing.
func (s *Store) MoveItemTo(ctx context.Context, a Actor, slug string, itemID int64, position int) error {
	if position < 1 {
		return fmt.Errorf("%w: position %d: the first is 1", playlists.ErrInvalid, position)
	}
	return s.editPlaylist(ctx, a, slug, anyBase, func(_ *sql.Tx, b *PlaylistBody) error {
		i, err := findItem(b, itemID)
		if err != nil {
			return err
		}
		j := min(position, len(b.Items)) - 1
		if i == j {
			return errUnchanged
		}
		it := b.Items[i]
		b.Items = slices.Insert(slices.Delete(b.Items, i, i+1), j, it)
		return nil
	})
}
