// Package seed fills an empty database with what every controller starts
// with: the two playlists, the official slogans in them, and the first
// administrator.
package seed

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"codong/controller/secret"
	"codong/controller/store"
	"codong/playlists"
)

// The official congress slogans, one per line, seeded into a new database
// so that a newcomer sees real content.
//
//go:embed slogans-official.txt
var officialSlogans string

// SystemActor is the controller itself: it seeds the content every
// controller starts with, as drafts a person approves (four eyes: the
// controller never approves).
var SystemActor = store.Actor{Key: store.SystemKey, Name: "hệ thống (khởi tạo)", Roles: store.Roles{store.RoleEditor}}

const (
	seedSeconds  = 10
	defaultName  = "Chào mừng Đại hội"
	congressName = "Mừng Đại hội thành công"
	// congressSloganKey starts the slogan the congress-success
	// playlist plays.
	congressSloganKey = "Chào mừng thành công"
)

// The official list's sample commune: its slogans name a congress, so
// they are seeded only once the first run says whose (Commune), with
// the sample's words replaced by the answers.
const (
	samplePartyBody = "Đảng bộ xã Liên Minh"
	sampleCongress  = "III"
	sampleTerm      = "2025 - 2030"
)

// communeSlogan reports whether an official line names the sample
// commune's congress.
func communeSlogan(line string) bool { return strings.Contains(line, samplePartyBody) }

// officialLines are the official slogans, trimmed, blank lines left out.
func officialLines() []string {
	var out []string
	for _, line := range strings.Split(officialSlogans, "\n") {
		if text := strings.TrimSpace(line); text != "" {
			out = append(out, text)
		}
	}
	return out
}

// Content seeds an empty database's two playlists with the official
// slogans that name no commune, as drafts waiting for a person to
// approve: nothing seeded reaches a board before that. A database with
// playlists is left as it is.
func Content(ctx context.Context, st *store.Store) error {
	pls, err := st.Playlists(ctx, store.Everything)
	if err != nil || len(pls) > 0 {
		return err
	}
	// Two seeders may meet: a controller's first start and codong setup
	// run beside it. Whoever makes the first playlist seeds; the other
	// finds it made and leaves the rest to it.
	if err := st.CreatePlaylist(ctx, SystemActor, playlists.DefaultSlug, defaultName); errors.Is(err, store.ErrConflict) {
		return nil
	} else if err != nil {
		return err
	}
	if err := st.CreatePlaylist(ctx, SystemActor, playlists.CongressSuccessSlug, congressName); err != nil {
		return err
	}
	for _, text := range officialLines() {
		if communeSlogan(text) {
			continue
		}
		if err := addSlogan(ctx, st, text); err != nil {
			return err
		}
	}
	return nil
}

// addSlogan drafts an official slogan into the playlist it belongs to.
func addSlogan(ctx context.Context, st *store.Store, text string) error {
	sl, err := st.CreateSlogan(ctx, SystemActor, text, "classic")
	if err != nil {
		return err
	}
	slug := playlists.DefaultSlug
	if strings.HasPrefix(text, congressSloganKey) {
		slug = playlists.CongressSuccessSlug
	}
	return st.AddItem(ctx, SystemActor, slug, sl.ID, seedSeconds)
}

// Commune drafts the official slogans that name a congress, for the
// organisation's: its party body, congress number and term in place of
// the sample's. The first run calls it once, after storing o; they
// wait for approval like every seeded slogan. A database whose seeded
// playlists are gone is left as it is.
func Commune(ctx context.Context, st *store.Store, o store.Organisation) error {
	for _, slug := range []string{playlists.DefaultSlug, playlists.CongressSuccessSlug} {
		if _, err := st.Playlist(ctx, store.Everything, slug); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			return err
		}
	}
	words := strings.NewReplacer(samplePartyBody, o.PartyBody, "lần thứ "+sampleCongress, "lần thứ "+o.Congress, "nhiệm kỳ "+sampleTerm, "nhiệm kỳ "+o.Term)
	for _, text := range officialLines() {
		if communeSlogan(text) {
			if err := addSlogan(ctx, st, words.Replace(text)); err != nil {
				return err
			}
		}
	}
	return nil
}

// firstAdminRoles are the first administrator's roles: all but approver.
var firstAdminRoles = store.Roles{store.RoleAdmin, store.RoleEditor, store.RoleOperator}

// Admin creates the first administrator. There is no default
// password: it comes from CODONG_ADMIN_PASSWORD or is generated and shown
// once.
func Admin(ctx context.Context, st *store.Store, password string, iterations int, announce func(string)) error {
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	pw, generated := password, false
	if pw == "" {
		pw, generated = secret.NewPassword(), true
	} else if err := secret.CheckNewPassword(pw, "admin"); err != nil {
		return fmt.Errorf("CODONG_ADMIN_PASSWORD không dùng được: %w", err)
	}
	hash, err := secret.HashPasswordIter(pw, iterations)
	if err != nil {
		return err
	}
	// The first person can set the system up and draft, but not approve:
	// approving is for the standing committee, in accounts of their own.
	// Accounts this admin creates (or whose password they set) never
	// approve this admin's drafts (control.go), so a second person must
	// be made on the command line, or by another admin.
	if _, err := st.CreateUser(ctx, SystemActor, "admin", hash, firstAdminRoles); err != nil {
		return err
	}
	if generated {
		announce("Đã tạo tài khoản quản trị “admin” với mật khẩu: " + pw + " (chỉ hiện một lần; hãy ghi lại)")
	} else {
		announce("Đã tạo tài khoản quản trị “admin” với mật khẩu từ CODONG_ADMIN_PASSWORD")
	}
	return nil
}
