package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"codong/playlists"
)

var testPhoto = PhotoFile{SHA256: strings.Repeat("ab", 32), Name: "IMG_0001.jpg", Width: 4000, Height: 3000, Bytes: 3 << 20}

// TestPhotoReachesPlaylistsOnlyWhenApproved: a photo item is cut into
// the boards' playlists only once both the playlist and the photo have
// an approved version, approved by someone other than the author; the
// same file uploaded again is the same photo.
func TestPhotoReachesPlaylistsOnlyWhenApproved(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng Đại hội")
	p, created, err := s.CreatePhoto(ctx, ed, testPhoto, PhotoBody{Caption: " Triển lãm ảnh Đại hội ", Style: "classic"})
	if err != nil || !created {
		t.Fatalf("create: %v, created %v", err, created)
	}
	if p.Caption != "Triển lãm ảnh Đại hội" || p.Fit != FitLetterbox || p.State != StatePending || p.Approved != nil {
		t.Fatalf("new photo %+v", p)
	}
	again, created, err := s.CreatePhoto(ctx, ed, testPhoto, PhotoBody{Caption: "Triển lãm ảnh Đại hội", Style: "classic"})
	if err != nil || created || again.ID != p.ID || again.Caption != p.Caption || again.Version != 1 {
		t.Fatalf("same file again: %+v created %v, %v", again, created, err)
	}
	if err := s.AddPhotoItem(ctx, ed, playlists.DefaultSlug, p.ID, 10); err != nil {
		t.Fatal(err)
	}
	approvedItems := func() []PlaylistItem {
		d, err := s.Desired(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		return d.Playlists[0].Items
	}
	v, _ := s.LatestVersion(ctx, KindPhoto, p.ID)
	if _, err := s.Approve(ctx, Actor{Key: ed.Key, Roles: Roles{RoleApprover}}, v.ID, ""); !errors.Is(err, ErrFourEyes) {
		t.Fatalf("author approving own photo: %v", err)
	}
	pv, _ := s.LatestVersion(ctx, KindPlaylist, 1)
	if _, err := s.Approve(ctx, ap, pv.ID, ""); err != nil {
		t.Fatal(err)
	}
	if items := approvedItems(); len(items) != 0 {
		t.Fatalf("unapproved photo on boards: %+v", items)
	}
	if _, err := s.SetOverride(ctx, Actor{Key: "user:5", Roles: Roles{RoleOperator}}, playlists.DefaultSlug, "", 0, 0); !errors.Is(err, ErrNotApproved) {
		t.Fatalf("switching boards to a list whose photo is not approved: %v", err)
	}
	if _, err := s.Approve(ctx, ap, v.ID, ""); err != nil {
		t.Fatal(err)
	}
	items := approvedItems()
	if len(items) != 1 || items[0].PhotoID != p.ID || items[0].SloganID != 0 || items[0].Photo == nil ||
		items[0].Photo.SHA256 != testPhoto.SHA256 || items[0].Text != "Triển lãm ảnh Đại hội" || items[0].Photo.Fit != FitLetterbox {
		t.Fatalf("approved items %+v", items)
	}
	// A draft changes nothing on boards until approved.
	if _, err := s.UpdatePhoto(ctx, ed, p.ID, 1, PhotoBody{Caption: "Bản mới", Fit: FitFill, Style: "led"}); err != nil {
		t.Fatal(err)
	}
	if items := approvedItems(); items[0].Text != "Triển lãm ảnh Đại hội" || items[0].Photo.Fit != FitLetterbox {
		t.Fatalf("a draft reached boards: %+v", items[0])
	}
	if _, err := s.UpdatePhoto(ctx, ed, p.ID, 1, PhotoBody{Caption: "Cũ"}); !errors.As(err, new(*StaleError)) {
		t.Fatalf("stale edit: %v", err)
	}
	if err := s.DeletePhoto(ctx, ed, p.ID); !errors.Is(err, ErrInUse) {
		t.Fatalf("deleting a photo in use: %v", err)
	}
	if got, _ := s.Photo(ctx, Everything, p.ID); got.ID != p.ID {
		t.Fatal("refused delete lost the photo")
	}
}

func TestPhotoInputIsChecked(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	tests := []struct {
		name  string
		file  PhotoFile
		body  PhotoBody
		field string
	}{
		{"caption too long", testPhoto, PhotoBody{Caption: strings.Repeat("ả", MaxCaptionRunes+1)}, FieldCaption},
		{"hidden characters in caption", testPhoto, PhotoBody{Caption: "Đại\u202ehội"}, FieldCaption},
		{"unknown fit", testPhoto, PhotoBody{Fit: "stretch"}, FieldPhotoFit},
		{"no file name", PhotoFile{SHA256: testPhoto.SHA256, Name: "  "}, PhotoBody{}, FieldPhotoName},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := s.CreatePhoto(ctx, ed, tc.file, tc.body)
			var bad *InvalidError
			if !errors.As(err, &bad) || bad.Field != tc.field {
				t.Fatalf("got %v, want an invalid %s", err, tc.field)
			}
		})
	}
	if list, _ := s.Photos(ctx, Everything); len(list) != 0 {
		t.Fatalf("refused photos were stored: %+v", list)
	}
}

// TestPlaylistItemIsASloganOrAPhoto: the table refuses an item naming
// both or neither, whatever a bug in the code above it might write.
func TestPlaylistItemIsASloganOrAPhoto(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng Đại hội")
	sl, _ := s.CreateSlogan(ctx, ed, "Mừng Đảng", "classic")
	p, _, _ := s.CreatePhoto(ctx, ed, testPhoto, PhotoBody{})
	for name, ids := range map[string][2]any{"both": {sl.ID, p.ID}, "neither": {nil, nil}} {
		t.Run(name, func(t *testing.T) {
			err := s.tx(ctx, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO playlist_items (playlist_id, slogan_id, photo_id, position, seconds) VALUES (1, ?, ?, 1, 10)`, ids[0], ids[1])
				return err
			})
			if !isCheckViolation(err) {
				t.Fatalf("got %v, want a CHECK failure", err)
			}
		})
	}
}

// TestPhotoMigrationKeepsPlaylistItems: the migration that rebuilds
// playlist_items for photos keeps an installation's items, their IDs,
// order and slogans, and what boards show.
func TestPhotoMigrationKeepsPlaylistItems(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "codong.db")
	const beforePhotos = 10 // migrations before photos
	all := migrations
	migrations = all[:beforePhotos]
	s, err := Open(ctx, path)
	migrations = all
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.w.ExecContext(ctx, `
INSERT INTO slogans (id, text, style, created_at, updated_at, approved) VALUES (7, 'Mừng Đảng', 'classic', '', '', 1);
INSERT INTO playlists (id, slug, name, approved) VALUES (1, 'default', 'Chào mừng Đại hội', 1);
INSERT INTO playlist_items (id, playlist_id, slogan_id, position, seconds) VALUES (41, 1, 7, 2, 15), (40, 1, 7, 1, 10);`)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Desired(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	items := d.Playlists[0].Items
	if len(items) != 2 || items[0].ID != 40 || items[1].ID != 41 || items[0].SloganID != 7 || items[0].Text != "Mừng Đảng" || items[1].Seconds != 15 || items[0].Photo != nil {
		t.Fatalf("items after the migration: %+v", items)
	}
}

// TestPhotoOriginalsInTheDatabase: on PostgreSQL an original is kept once
// by its sha256 and read back verified; an unknown one is not found.
func TestPhotoOriginalsInTheDatabase(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: on SQLite originals are files")
	}
	ctx := context.Background()
	s := openTest(t)
	original := []byte("\xff\xd8\xff\xe0 not really a JPEG, bytes all the same")
	sum, err := s.PutPhotoOriginal(ctx, original)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := s.PutPhotoOriginal(ctx, original); err != nil || again != sum {
		t.Fatalf("the same original again: %s, %v", again, err)
	}
	got, err := s.PhotoOriginal(ctx, sum)
	if err != nil || !bytes.Equal(got, original) {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	if _, err := s.PhotoOriginal(ctx, strings.Repeat("0", 64)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("an unknown original: %v", err)
	}
}
