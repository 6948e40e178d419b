package staff

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
)

// ItemInput names a slogan or a photo (exactly one) and its duration.
type ItemInput struct {
	SloganID int64 `json:"slogan_id" form:"slogan_id"`
	PhotoID  int64 `json:"photo_id" form:"photo_id"`
	Seconds  int   `json:"seconds" form:"seconds"`
}

// AddItem drafts a slogan or a photo at the end of a playlist.
func (d *Desk) AddItem(ctx context.Context, who store.Actor, slug string, in ItemInput) error {
	switch {
	case (in.SloganID == 0) == (in.PhotoID == 0):
		return respond.BadRequest("item_kind", "Mỗi mục là một khẩu hiệu hoặc một ảnh: hãy cho đúng một trong hai trường slogan_id, photo_id.")
	case in.PhotoID != 0:
		return d.store.AddPhotoItem(ctx, who, slug, in.PhotoID, in.Seconds)
	}
	return d.store.AddItem(ctx, who, slug, in.SloganID, in.Seconds)
}

// CreatePlaylist adds a playlist at a place under slug, or, when slug is
// empty, under one made from its name; it returns the slug.
func (d *Desk) CreatePlaylist(ctx context.Context, who store.Actor, at store.Place, slug, name string) (string, error) {
	slug = strings.TrimSpace(slug)
	if slug != "" && !playlists.ValidSlug(slug) {
		return "", respond.BadRequest("invalid", "Mã “"+slug+"” chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.")
	}
	slug, err := d.store.CreatePlaylistIn(ctx, who, at, slug, name)
	if errors.Is(err, store.ErrConflict) {
		return "", respond.Err(http.StatusConflict, "conflict", "Đã có danh sách phát mã “"+slug+"”; hãy chọn mã khác.")
	}
	return slug, err
}
