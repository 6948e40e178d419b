package staff

import (
	"context"
	"fmt"
	"strings"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/respond"
	"codong/controller/secret"
	"codong/controller/store"
	"codong/playlists"
)

// BoardInput is a new board as staff describe it.
type BoardInput struct {
	Name   string   `json:"name" form:"name"`
	Size   string   `json:"size" form:"size"`
	Groups []string `json:"groups" form:"group"` // slugs
	// Unit is the slug of the board's unit: the creator's own or one
	// under it; "" for the creator's own.
	Unit string `json:"unit" form:"unit"`
}

// AddBoard registers a board and returns its secret token, which is
// shown once and stored only as a hash.
func AddBoard(ctx context.Context, st *store.Store, a store.Actor, b store.Board) (store.Board, string, error) {
	token, hash := secret.NewToken(secret.PrefixBoard)
	created, err := st.CreateBoard(ctx, a, b, hash)
	if err != nil {
		return store.Board{}, "", err
	}
	return created, token, nil
}

// CreateBoard registers a board and returns it with its one-time token.
func (d *Desk) CreateBoard(ctx context.Context, who *auth.Actor, in BoardInput) (store.Board, string, error) {
	size, err := assets.ParseSize(in.Size)
	if err != nil {
		return store.Board{}, "", respond.BadRequest("bad_size", err.Error())
	}
	b := store.Board{Name: in.Name, Width: size.W, Height: size.H, Groups: in.Groups, Unit: in.Unit}
	return AddBoard(ctx, d.store, who.Actor, b)
}

// BoardUpdate is a change of a board's settings. A setting left out is
// kept as it is (a second operator's save that did not name the power
// windows once wiped the first one's off window); Version is the
// board's settings version the change was made from (request/version.go).
type BoardUpdate struct {
	Groups *[]string                `json:"groups"` // slugs
	Power  *[]playlists.PowerWindow `json:"power"`
	// ScrollSpeed in pixels per second, 0 for the default of the board's
	// height.
	ScrollSpeed *int `json:"scroll_speed"`
	Version     *int `json:"version"`
}

// UpdateBoard sets a board's groups, power windows and scroll speed and
// sends the board its new manifest.
func (d *Desk) UpdateBoard(ctx context.Context, who *auth.Actor, id int64, base int, in BoardUpdate) (store.Board, error) {
	return d.store.UpdateBoard(ctx, who.Actor, id, base, store.BoardChange{Groups: in.Groups, Power: in.Power, ScrollSpeed: in.ScrollSpeed})
}

// DeleteBoard removes a board and forgets its link.
func (d *Desk) DeleteBoard(ctx context.Context, who *auth.Actor, id int64) error {
	if err := d.store.DeleteBoard(ctx, who.Actor, id); err != nil {
		return err
	}
	d.fleet.Forget(id)
	return nil
}

// normalizeCode accepts what a person types: any case, spaces, dashes.
func normalizeCode(s string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s)))
}

// AdoptInput is a waiting player as an operator adopts it: its code
// and the board it becomes.
type AdoptInput struct {
	Code   string   `json:"code" form:"code"`
	Name   string   `json:"name" form:"name"`
	Size   string   `json:"size" form:"size"`
	Groups []string `json:"groups" form:"group"` // slugs
	Unit   string   `json:"unit" form:"unit"`    // as BoardInput's
}

// AdoptBoard turns a waiting player into a board. A size left empty is
// the one the player reported with its code (the page shows it): an
// operator need not type what the board already said.
func (d *Desk) AdoptBoard(ctx context.Context, who *auth.Actor, in AdoptInput) (store.Board, error) {
	code := normalizeCode(in.Code)
	if strings.TrimSpace(in.Size) == "" {
		pairings, err := d.store.Pairings(ctx)
		if err != nil {
			return store.Board{}, err
		}
		for _, p := range pairings {
			if p.Code == code {
				in.Size = fmt.Sprintf("%dx%d", p.Width, p.Height)
			}
		}
		if in.Size == "" {
			return store.Board{}, respond.BadRequest("bad_size", "Không có mã ghép nối này (hay mã đã hết hạn), nên không biết kích thước bảng; hãy gõ mã đang hiện trên bảng, hoặc gõ kích thước dạng RỘNGxCAO, ví dụ 384x128.")
		}
	}
	size, err := assets.ParseSize(strings.ReplaceAll(in.Size, "×", "x"))
	if err != nil {
		return store.Board{}, respond.BadRequest("bad_size", err.Error())
	}
	b := store.Board{Name: strings.TrimSpace(in.Name), Width: size.W, Height: size.H, Groups: in.Groups, Unit: in.Unit}
	return d.store.AdoptPairing(ctx, who.Actor, code, b)
}
