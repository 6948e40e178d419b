package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"codong/playlists"
)

func wantInvalid(t *testing.T, err error, field, problem string) {
	t.Helper()
	var e *InvalidError
	if !errors.As(err, &e) || e.Field != field || e.Problem != problem {
		t.Fatalf("got %v, want %s %s", err, field, problem)
	}
}

// TestNamesMustBeVisible refuses names that show nothing, or hide
// characters that reorder or disguise what follows them.
func TestNamesMustBeVisible(t *testing.T) {
	for name, tc := range map[string]struct{ in, problem string }{
		"zero-width only":        {"\u200b\u200c\u200d", ProblemInvisible},
		"bidi override only":     {"\u202e\u202d", ProblemInvisible},
		"right-to-left trick":    {"Bảng chợ \u202egnob", ProblemInvisible},
		"word joiner":            {"Bảng\u2060chợ", ProblemInvisible},
		"control":                {"Bảng\x07chợ", ProblemInvisible},
		"line separator":         {"Bảng\u2028chợ", ProblemInvisible},
		"punctuation only":       {"---", ProblemEmpty},
		"spaces only":            {"   ", ProblemEmpty},
		"invalid utf-8":          {"Bảng \xff", ProblemInvisible},
		"one character too long": {strings.Repeat("ạ", MaxNameRunes+1), ProblemTooLong},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := CleanName(FieldBoardName, tc.in, MaxNameRunes)
			wantInvalid(t, err, FieldBoardName, tc.problem)
		})
	}
	got, err := CleanName(FieldBoardName, "  Bảng LED chợ trung tâm ", MaxNameRunes)
	if err != nil || got != "Bảng LED chợ trung tâm" {
		t.Fatalf("good name: %q %v", got, err)
	}
	// NFD input is stored as NFC, so two spellings are one name.
	if got, _ := CleanName(FieldBoardName, "Bảng chợ", MaxNameRunes); got != "Bảng chợ" {
		t.Fatalf("NFD name stored as %q", got)
	}
}

// TestEveryStoredFieldIsBounded drives each mutator past its limit and
// checks nothing is stored.
func TestEveryStoredFieldIsBounded(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	b, err := s.CreateBoard(ctx, ed, Board{Name: "Bảng chợ", Width: 384, Height: 128}, "h1")
	if err != nil {
		t.Fatal(err)
	}
	tooManyWindows := make([]playlists.PowerWindow, MaxPowerWindows+1)
	for i := range tooManyWindows {
		tooManyWindows[i] = playlists.PowerWindow{Start: fmt.Sprintf("%02d:00", i), End: fmt.Sprintf("%02d:30", i), Brightness: 50}
	}
	manyDays := make([]time.Weekday, 450_000)
	cases := []struct {
		name, field, problem string
		do                   func() error
	}{
		{"board name", FieldBoardName, ProblemTooLong, func() error {
			_, err := s.CreateBoard(ctx, ed, Board{Name: strings.Repeat("x", 1_000_000), Width: 384, Height: 128}, "h2")
			return err
		}},
		{"board size", FieldBoardSize, ProblemRange, func() error {
			_, err := s.CreateBoard(ctx, ed, Board{Name: "Bảng lớn", Width: 100_000, Height: 128}, "h3")
			return err
		}},
		{"group name", FieldGroup, ProblemTooLong, func() error {
			_, err := s.CreateGroup(ctx, ed, strings.Repeat("g", MaxGroupRunes+1))
			return err
		}},
		{"group name hiding text", FieldGroup, ProblemInvisible, func() error {
			_, err := s.CreateGroup(ctx, ed, "Chợ\u202e")
			return err
		}},
		{"board in an unknown group", FieldBoardGroups, ProblemUnknown, func() error {
			_, err := s.UpdateBoard(ctx, ed, b.ID, b.Version, BoardChange{Groups: &[]string{"khong-co"}})
			return err
		}},
		{"board in too many groups", FieldBoardGroups, ProblemTooMany, func() error {
			_, err := s.UpdateBoard(ctx, ed, b.ID, b.Version, BoardChange{Groups: ptr(make([]string, MaxBoardGroups+1))})
			return err
		}},
		{"power windows", FieldPower, ProblemTooMany, func() error {
			_, err := s.UpdateBoard(ctx, ed, b.ID, b.Version, BoardChange{Power: &tooManyWindows})
			return err
		}},
		{"power window twice", FieldPower, ProblemDuplicate, func() error {
			_, err := s.UpdateBoard(ctx, ed, b.ID, b.Version, BoardChange{Power: &[]playlists.PowerWindow{tooManyWindows[0], tooManyWindows[0]}})
			return err
		}},
		{"scroll speed too slow", FieldScrollSpeed, ProblemRange, func() error {
			slow := MinScrollSpeed - 1
			_, err := s.UpdateBoard(ctx, ed, b.ID, b.Version, BoardChange{ScrollSpeed: &slow})
			return err
		}},
		{"scroll speed too fast", FieldScrollSpeed, ProblemRange, func() error {
			fast := MaxScrollSpeed + 1
			_, err := s.UpdateBoard(ctx, ed, b.ID, b.Version, BoardChange{ScrollSpeed: &fast})
			return err
		}},
		{"playlist name", FieldPlaylistName, ProblemTooLong, func() error {
			return s.CreatePlaylist(ctx, ed, "dai", strings.Repeat("d", 1_000_000))
		}},
		{"slot days", FieldDays, ProblemTooMany, func() error {
			_, _, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: playlists.DefaultSlug, Start: "07:00", End: "08:00", Days: manyDays}})
			return err
		}},
		{"slot with no day ticked", FieldDays, ProblemEmpty, func() error {
			_, _, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: playlists.DefaultSlug, Start: "07:00", End: "08:00", Days: []time.Weekday{}}})
			return err
		}},
		{"slot past midnight unconfirmed", FieldSlotEnd, ProblemUnconfirmed, func() error {
			_, _, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: playlists.DefaultSlug, Start: "22:00", End: "02:00", Days: []time.Weekday{1}}})
			return err
		}},
		{"slot for an unknown group", FieldGroup, ProblemUnknown, func() error {
			_, _, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: playlists.DefaultSlug, Start: "07:00", End: "08:00", Days: []time.Weekday{1}, Group: "chợ\u202e"}})
			return err
		}},
		{"slot for an unknown board", FieldSlotBoard, ProblemUnknown, func() error {
			_, _, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: playlists.DefaultSlug, Start: "07:00", End: "08:00", Days: []time.Weekday{1}, Board: 999}})
			return err
		}},
		{"override for an unknown group", FieldGroup, ProblemUnknown, func() error {
			_, err := s.SetOverride(ctx, ed, playlists.CongressSuccessSlug, strings.Repeat("g", 10_000), 0, 0)
			return err
		}},
		{"username", FieldUsername, ProblemTooLong, func() error {
			_, err := s.CreateUser(ctx, ed, strings.Repeat("u", MaxUsernameRunes+1), "hash", Roles{RoleEditor})
			return err
		}},
		{"token name", FieldTokenName, ProblemEmpty, func() error {
			_, err := s.CreateAPIToken(ctx, ed, " . ", Roles{RoleEditor}, "th", time.Time{})
			return err
		}},
		{"slogan too long for any board", FieldSloganText, ProblemTooLong, func() error {
			_, err := s.CreateSlogan(ctx, ed, strings.Repeat("Đảng ", 81), "classic")
			return err
		}},
		{"slogan hiding text", FieldSloganText, ProblemInvisible, func() error {
			_, err := s.CreateSlogan(ctx, ed, "Mừng Đảng \u202emừng Xuân", "classic")
			return err
		}},
	}
	before, _ := s.Desired(ctx, true)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantInvalid(t, tc.do(), tc.field, tc.problem) })
	}
	after, _ := s.Desired(ctx, true)
	if after.Revision != before.Revision {
		t.Fatalf("a refused change moved the revision from %d to %d", before.Revision, after.Revision)
	}
	if got, _ := s.Board(ctx, Everything, b.ID); len(got.Groups) != 0 || len(got.Power) != 0 {
		t.Fatalf("refused update stored: %+v", got)
	}
}

// TestCommentIsBounded: a reviewer's comment has a limit too, and a
// refused review leaves the version waiting.
func TestCommentIsBounded(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	sl, err := s.CreateSlogan(ctx, ed, "Mừng Đảng, mừng Xuân", "classic")
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.LatestVersion(ctx, KindSlogan, sl.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Reject(ctx, ap, v.ID, strings.Repeat("ý", MaxCommentRunes+1))
	wantInvalid(t, err, FieldComment, ProblemTooLong)
	if v, _ = s.Version(ctx, Everything, v.ID); v.State != StatePending {
		t.Fatalf("after a refused review the version is %s", v.State)
	}
}

// TestAllPlaylistsTogetherAreBounded: MaxItems per playlist times
// MaxPlaylists would be far more than a manifest can carry, so the items
// of all playlists together have their own limit, checked when drafting
// and again when approving (two drafts may each fit alone).
func TestAllPlaylistsTogetherAreBounded(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	sl, err := s.CreateSlogan(ctx, ed, "Mừng Đảng, mừng Xuân", "classic")
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"mot", "hai", "ba"} {
		if err := s.CreatePlaylist(ctx, ed, slug, "Danh sách "+slug); err != nil {
			t.Fatal(err)
		}
	}
	approveAll(t, s)
	// Fill the live tables to one below the limit, as approved content.
	var live int
	s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM playlist_items`).Scan(&live)
	fill := MaxTotalItems - 1 - live
	if _, err := s.w.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
INSERT INTO playlist_items (id, playlist_id, slogan_id, position, seconds)
SELECT 1000000 + i, (SELECT id FROM playlists WHERE slug = 'ba'), ?, 1000 + i, 10 FROM n`, fill, sl.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AddItem(ctx, ed, "mot", sl.ID, 10); err != nil {
		t.Fatalf("the last item allowed: %v", err)
	}
	if err := s.AddItem(ctx, ed, "hai", sl.ID, 10); err != nil {
		t.Fatalf("a draft that fits alone: %v", err)
	}
	vs, _ := s.Versions(ctx, Everything, VersionFilter{State: StatePending})
	if len(vs) != 2 {
		t.Fatalf("%d drafts waiting", len(vs))
	}
	_, err = s.ApproveAll(ctx, ap, []int64{vs[0].ID, vs[1].ID}, "")
	wantInvalid(t, err, FieldItems, ProblemTooMany)
	if _, err := s.Approve(ctx, ap, vs[0].ID, ""); err != nil {
		t.Fatalf("one of them alone: %v", err)
	}
	if err := s.AddItem(ctx, ed, "mot", sl.ID, 10); err == nil {
		t.Fatal("an item past the limit was drafted")
	}
}
