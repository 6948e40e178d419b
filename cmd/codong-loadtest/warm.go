package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
)

// apiPlaylist and apiItem are a playlist as GET /api/v1/playlists gives it.
type apiPlaylist struct {
	Slug  string    `json:"slug"`
	Name  string    `json:"name"`
	Items []apiItem `json:"items"`
}

type apiItem struct {
	ID       int64  `json:"id"`
	SloganID int64  `json:"slogan_id"`
	Text     string `json:"text"`
	Style    string `json:"style"`
	Seconds  int    `json:"seconds"`
}

// apiSlogan is a slogan as the API gives it.
type apiSlogan struct {
	ID      int64  `json:"id"`
	Version int    `json:"version"`
	Text    string `json:"text"`
	Style   string `json:"style"`
}

// warmUp models a fleet that has been running: the pictures of every
// item present now, at every board size, are fetched once through the
// API (the renderer boards get their pictures from) and every board
// starts holding them. Anything that changes later, each board fetches
// itself.
func (f *fleet) warmUp(ctx context.Context, a *api, say func(string, ...any)) error {
	var pls []apiPlaylist
	if err := a.get(ctx, "/api/v1/playlists", &pls); err != nil {
		return err
	}
	type slogan struct{ text, style string }
	seen := make(map[slogan]bool)
	var slogans []slogan
	for _, p := range pls {
		for _, it := range p.Items {
			if s := (slogan{it.Text, it.Style}); !seen[s] {
				seen[s] = true
				slogans = append(slogans, s)
			}
		}
	}
	say("  tải sẵn ảnh của %d khẩu hiệu ở %d kích thước", len(slogans), len(f.cfg.Sizes))
	for _, sz := range f.cfg.Sizes {
		for _, s := range slogans {
			sum, err := f.warmPicture(ctx, a, s.text, s.style, sz)
			if err != nil {
				return err
			}
			f.warm[sz] = append(f.warm[sz], sum)
		}
	}
	return nil
}

func (f *fleet) warmPicture(ctx context.Context, a *api, text, style string, sz size) (string, error) {
	q := url.Values{"text": {text}, "size": {sz.String()}, "style": {style}}
	var png []byte
	if err := a.get(ctx, "/api/v1/render?"+q.Encode(), &png); err != nil {
		return "", fmt.Errorf("tải sẵn ảnh %s: %w", sz, err)
	}
	h := sha256.Sum256(png)
	sum := hex.EncodeToString(h[:])
	if f.pictures.claim(sum) {
		f.pictures.add(sum, png)
	}
	return sum, nil
}
