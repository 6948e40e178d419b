package store

import (
	"context"
	"errors"
	"testing"
)

// TestEditVersionBelowOneRefused: an edit says which version it was made
// from; a number below 1 names none and is refused, never taken as "any
// version" (a -1 once skipped the edit-conflict check and overwrote a
// colleague's newer version).
func TestEditVersionBelowOneRefused(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	sl, err := s.CreateSlogan(ctx, ed, "Mừng Đảng quang vinh", "classic")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSlogan(ctx, ap, sl.ID, 1, "Bản hai của đồng chí khác", "classic"); err != nil {
		t.Fatal(err)
	}
	p, _, err := s.CreatePhoto(ctx, ed, testPhoto, PhotoBody{Caption: "Triển lãm ảnh", Style: "classic"})
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []int{-1, 0, -1 << 31} {
		if _, err := s.UpdateSlogan(ctx, ed, sl.ID, base, "Ghi đè", "classic"); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("slogan edit from version %d: %v, want ErrInvalidInput", base, err)
		}
		if _, err := s.UpdatePhoto(ctx, ed, p.ID, base, PhotoBody{Caption: "Ghi đè", Style: "classic"}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("photo edit from version %d: %v, want ErrInvalidInput", base, err)
		}
	}
	s.CreatePlaylist(ctx, ed, "default", "Chào mừng Đại hội")
	if err := s.AddItem(ctx, ed, "default", sl.ID, 10); err != nil {
		t.Fatal(err)
	}
	pl, _ := s.Playlist(ctx, Everything, "default")
	for _, base := range []int{-1, 0} {
		if err := s.UpdateItem(ctx, ed, "default", base, pl.Items[0].ID, 20); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("item edit from playlist version %d: %v, want ErrInvalidInput", base, err)
		}
	}
	if _, err := s.UpdateSlogan(ctx, ed, sl.ID, 1, "Ghi đè", "classic"); !errors.As(err, new(*StaleError)) {
		t.Fatalf("edit from version 1 after version 2: %v, want a StaleError", err)
	}
	if got, _ := s.LatestVersion(ctx, KindSlogan, sl.ID); got.Number != 2 || got.AuthorName != ap.Name {
		t.Fatalf("latest slogan version %d by %s, want 2 by %s kept", got.Number, got.AuthorName, ap.Name)
	}
	if got, _ := s.LatestVersion(ctx, KindPhoto, p.ID); got.Number != 1 {
		t.Fatalf("latest photo version %d, want 1 kept", got.Number)
	}
}

// TestResubmitOnlyByTheAuthor: a rejected or withdrawn version goes back
// for review only by its author, and keeps that author; another editor
// carries it on by editing it, which names both.
func TestResubmitOnlyByTheAuthor(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	other := Actor{Key: "user:4", Name: "biên tập khác", Roles: Roles{RoleEditor}}
	sl, err := s.CreateSlogan(ctx, ed, "Mừng Đảng quang vinh", "classic")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.LatestVersion(ctx, KindSlogan, sl.ID)
	if _, err := s.Reject(ctx, ap, v.ID, "Sai chính tả"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resubmit(ctx, other, v.ID); !errors.Is(err, ErrNotAuthor) || !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("resubmit by another editor: %v, want ErrNotAuthor", err)
	}
	if got, _ := s.LatestVersion(ctx, KindSlogan, sl.ID); got.ID != v.ID || got.State != StateRejected {
		t.Fatalf("a refused resubmission changed the history: latest %+v", got)
	}
	re, err := s.Resubmit(ctx, ed, v.ID)
	if err != nil || re.Author != ed.Key || re.State != StatePending {
		t.Fatalf("resubmit by the author: %+v %v", re, err)
	}
	if _, err := s.Withdraw(ctx, other, re.ID); !errors.Is(err, ErrNotAuthor) {
		t.Fatalf("withdraw by another editor: %v, want ErrNotAuthor", err)
	}
	// Carrying it on: an edit, which keeps the first author as a
	// contributor (neither may approve it).
	edit, err := s.UpdateSlogan(ctx, other, sl.ID, re.Number, "Mừng Đảng quang vinh muôn năm", "classic")
	if err != nil {
		t.Fatal(err)
	}
	nv, _ := s.LatestVersion(ctx, KindSlogan, edit.ID)
	if nv.Author != other.Key || len(nv.Contributors) != 2 {
		t.Fatalf("the edit: author %s, contributors %v", nv.Author, nv.Contributors)
	}
}
