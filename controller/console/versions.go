package console

import (
	"codong/controller/words"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"codong/controller/respond"
	"codong/controller/review"
	"codong/controller/store"
	"codong/playlists"
)

// Change is a version as a reviewer sees it: what it replaces, line by
// line, and for a slogan its pictures at every board size in use.
type Change struct {
	store.Version
	KindName string
	Subject  string
	Old, New []string
	// For a playlist, what the change does, said in a few lines (what
	// was added, removed, moved, retimed), and each line's mark:
	// "added", "removed", "moved" or "".
	Summary            []string
	OldMarks, NewMarks []string
	Previews           []changePreview
}

// changePreview is one picture of a version under review.
type changePreview struct {
	Size, URL string
}

// Describe lays a version beside the approved version of its subject.
func (s *Handler) Describe(ctx context.Context, sc store.Scope, v store.Version) (Change, error) {
	ch := Change{Version: v, KindName: respond.KindNames[v.Kind]}
	old, err := s.store.ApprovedVersion(ctx, v.Kind, v.Subject)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return ch, err
	}
	hasOld := err == nil && old.ID != v.ID
	switch v.Kind {
	case store.KindSlogan:
		var nb, ob store.SloganBody
		if err := json.Unmarshal(v.Body, &nb); err != nil {
			return ch, err
		}
		ch.Subject, ch.New = nb.Text, []string{sloganLine(nb)}
		if hasOld && json.Unmarshal(old.Body, &ob) == nil {
			ch.Old = []string{sloganLine(ob)}
		}
		sizes, err := s.desk.SizesInUse(ctx, sc)
		if err != nil {
			return ch, err
		}
		// A countdown shows today's picture and the message of the day.
		for _, text := range s.desk.ShownTexts(nb) {
			for _, sz := range sizes {
				ch.Previews = append(ch.Previews, changePreview{Size: sz.String(), URL: "/preview?" + PreviewQuery(text, nb.Style, sz).Encode()})
			}
		}
	case store.KindPlaylist:
		if ch.Subject, err = s.store.PlaylistName(ctx, v.Subject); err != nil {
			return ch, err
		}
		if ch.New, err = s.itemLines(ctx, v.Body); err != nil {
			return ch, err
		}
		var ob store.PlaylistBody
		if hasOld {
			ch.Old, _ = s.itemLines(ctx, old.Body)
			json.Unmarshal(old.Body, &ob)
		}
		var nb store.PlaylistBody
		if err := json.Unmarshal(v.Body, &nb); err != nil {
			return ch, err
		}
		ch.Summary, ch.OldMarks, ch.NewMarks = review.PlaylistChange(ob.Items, nb.Items, ch.Old, ch.New)
	case store.KindPhoto:
		if err := s.describePhoto(ctx, sc, &ch, old, hasOld); err != nil {
			return ch, err
		}
	case store.KindSchedule:
		ch.Subject = "Lịch phát"
		if ch.New, err = s.slotLines(ctx, v.Body); err != nil {
			return ch, err
		}
		if hasOld {
			ch.Old, _ = s.slotLines(ctx, old.Body)
		}
	}
	return ch, nil
}

func (s *Handler) itemLines(ctx context.Context, body json.RawMessage) ([]string, error) {
	var b store.PlaylistBody
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, err
	}
	lines := []string{}
	for i, it := range b.Items {
		if it.PhotoID != 0 {
			lines = append(lines, fmt.Sprintf("%d. %s — %d giây", i+1, s.photoLine(ctx, it.PhotoID), it.Seconds))
			continue
		}
		text := fmt.Sprintf("khẩu hiệu #%d (đã xoá)", it.SloganID)
		if sl, err := s.store.Slogan(ctx, store.Everything, it.SloganID); err == nil {
			text = sl.Text
			if sl.Approved == nil {
				text += review.UnapprovedNote
			} else if sl.Approved.Text != sl.Text {
				text = sl.Approved.Text + review.PendingNote
			}
		}
		lines = append(lines, fmt.Sprintf("%d. %s — %d giây", i+1, text, it.Seconds))
	}
	return lines, nil
}

// slotLines writes a schedule version's slots for the approver: each
// slot's phase, hours, days, playlist by name, where it plays and its
// priority, the way the schedule page shows them.
func (s *Handler) slotLines(ctx context.Context, body json.RawMessage) ([]string, error) {
	var b store.ScheduleBody
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, err
	}
	pls, err := s.store.Playlists(ctx, store.Everything)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(pls))
	for _, p := range pls {
		names[p.Slug] = p.Name
	}
	lines := []string{}
	// A phase's sessions are one line, as the schedule page shows them.
	for _, row := range scheduleRows(b.Slots) {
		sl := row.ScheduleSlot
		where, err := s.wall.TargetText(ctx, sl.Group, sl.Board)
		if err != nil {
			return nil, err
		}
		name := names[sl.Playlist]
		if name == "" {
			name = sl.Playlist
		}
		phase := words.PhaseText(sl.From, sl.To)
		if sl.Phase != "" {
			phase = "Giai đoạn “" + sl.Phase + "”, " + phase
		}
		lines = append(lines, fmt.Sprintf("%s, %s, %s: “%s” trên %s, ưu tiên %d",
			phase, strings.Join(row.Hours, " và "), playlists.DayNames(sl.Days), name, where, sl.Priority))
	}
	return lines, nil
}

// sloganLine is a slogan version as a reviewer reads it.
func sloganLine(b store.SloganBody) string {
	line := b.Text + " (kiểu " + words.StyleLabel(b.Style) + ")"
	if c := b.Countdown; c != nil {
		line += "; đếm ngược tới ngày " + words.DateVN(c.Date) + ", từ ngày đó hiện “" + c.After + "”"
	}
	return line
}
