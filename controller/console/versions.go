package console

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"codong/controller/respond"
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
		ch.Summary, ch.OldMarks, ch.NewMarks = playlistChange(ob.Items, nb.Items, ch.Old, ch.New)
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

// What an item's line adds about its slogan's own approval.
const (
	unapprovedNote = " (khẩu hiệu chưa được duyệt: chưa hiện)"
	pendingNote    = " (bản đã duyệt; bản sửa đang chờ)"
)

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
		if sl, err := s.store.Slogan(ctx, it.SloganID); err == nil {
			text = sl.Text
			if sl.Approved == nil {
				text += unapprovedNote
			} else if sl.Approved.Text != sl.Text {
				text = sl.Approved.Text + pendingNote
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
	pls, err := s.store.Playlists(ctx)
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
		phase := PhaseText(sl.From, sl.To)
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
	line := b.Text + " (kiểu " + StyleLabel(b.Style) + ")"
	if c := b.Countdown; c != nil {
		line += "; đếm ngược tới ngày " + DateVN(c.Date) + ", từ ngày đó hiện “" + c.After + "”"
	}
	return line
}

// itemKey names an item through the versions of its playlist: its ID
// is kept from the draft that added it.
func itemKey(it store.ItemBody) string { return fmt.Sprint(it.ID) }

// playlistChange says what a playlist's new items do to the old: which
// were added and removed, which moved (their order among the items both
// have changed) and which were retimed; and marks each line so. lines
// are the items as itemLines writes them, for the summary's words.
func playlistChange(old, cur []store.ItemBody, oldLines, newLines []string) (summary, oldMarks, newMarks []string) {
	oldMarks, newMarks = make([]string, len(old)), make([]string, len(cur))
	inOld, inNew := map[string]int{}, map[string]int{}
	for i, it := range old {
		inOld[itemKey(it)] = i
	}
	for i, it := range cur {
		inNew[itemKey(it)] = i
	}
	// The order of the items both have, in each version.
	var keptOld, keptNew []string
	for _, it := range old {
		if _, ok := inNew[itemKey(it)]; ok {
			keptOld = append(keptOld, itemKey(it))
		}
	}
	for _, it := range cur {
		if _, ok := inOld[itemKey(it)]; ok {
			keptNew = append(keptNew, itemKey(it))
		}
	}
	rank := map[string]int{}
	for i, k := range keptOld {
		rank[k] = i
	}
	// The items that kept their order are the longest run of them in
	// the same order in both; the others moved.
	ranks := make([]int, len(keptNew))
	for i, k := range keptNew {
		ranks[i] = rank[k]
	}
	stayed := map[string]bool{}
	for _, i := range longestIncreasing(ranks) {
		stayed[keptNew[i]] = true
	}
	var added, removed, moved, retimed []string
	strip := func(line string) string {
		// "3. text — 10 giây" → "text"
		if _, rest, ok := strings.Cut(line, ". "); ok {
			line = rest
		}
		if i := strings.LastIndex(line, " — "); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, unapprovedNote), pendingNote)
		return "“" + line + "”"
	}
	for i, it := range cur {
		k := itemKey(it)
		j, had := inOld[k]
		switch {
		case !had:
			newMarks[i], added = "added", append(added, strip(newLines[i]))
		case !stayed[k]:
			newMarks[i], oldMarks[j], moved = "moved", "moved", append(moved, strip(newLines[i]))
		case old[j].Seconds != it.Seconds:
			retimed = append(retimed, fmt.Sprintf("%s %d → %d giây", strip(newLines[i]), old[j].Seconds, it.Seconds))
		}
	}
	for j, it := range old {
		if _, ok := inNew[itemKey(it)]; !ok {
			oldMarks[j], removed = "removed", append(removed, strip(oldLines[j]))
		}
	}
	say := func(what string, items []string) {
		if len(items) == 0 {
			return
		}
		// A long list is named in part: the lines below mark every one.
		const named = 5
		n, more := len(items), ""
		if n > named {
			items, more = items[:named], fmt.Sprintf(" và %d mục khác", n-named)
		}
		summary = append(summary, fmt.Sprintf("%s %d mục: %s%s", what, n, strings.Join(items, "; "), more))
	}
	say("Thêm", added)
	say("Bỏ", removed)
	say("Đổi chỗ", moved)
	say("Đổi thời lượng", retimed)
	return summary, oldMarks, newMarks
}

// longestIncreasing returns the indexes of a longest strictly increasing
// subsequence of xs (patience sorting, O(n log n)).
func longestIncreasing(xs []int) []int {
	var tails []int // tails[l]: index of the least tail of a run of length l+1
	prev := make([]int, len(xs))
	for i, x := range xs {
		l, _ := slices.BinarySearchFunc(tails, x, func(j, x int) int { return cmp.Compare(xs[j], x) })
		if l > 0 {
			prev[i] = tails[l-1]
		} else {
			prev[i] = -1
		}
		if l == len(tails) {
			tails = append(tails, i)
		} else {
			tails[l] = i
		}
	}
	out := make([]int, len(tails))
	if len(tails) == 0 {
		return out
	}
	for k, i := len(tails)-1, tails[len(tails)-1]; k >= 0; k, i = k-1, prev[i] {
		out[k] = i
	}
	return out
}
