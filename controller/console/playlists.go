package console

import (
	"cmp"
	"codong/controller/page"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/playlists"
)

// ShowPlaylists serves GET /playlists.
func (s *Handler) ShowPlaylists(c echo.Context) error {
	ctx := c.Request().Context()
	pls, err := s.store.Playlists(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	slogans, err := s.store.Slogans(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	photos, err := s.store.Photos(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	names := make(map[string]string, len(pls))
	versions := make(map[int64]int64, len(pls))
	for _, p := range pls {
		names[p.Slug] = p.Name
		if v, err := s.store.LatestVersion(ctx, store.KindPlaylist, p.ID); err == nil {
			versions[p.ID] = v.ID
		}
	}
	sizes, err := s.desk.SizesInUse(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	above := map[int64]bool{}
	for _, p := range pls {
		above[p.ID] = !auth.Scope(c).Has(p.UnitID)
	}
	data := map[string]any{"Playlists": pls, "Above": above, "HasBelow": hasBelow(c), "Open": c.QueryParam("open"), "FoldAfter": FoldAfter, "Slogans": slogans, "Photos": photos, "Names": names, "PlaylistVersions": versions,
		"ThumbSize": thumbSize(sizes).String(), "BuiltIn": map[string]bool{playlists.DefaultSlug: true, playlists.CongressSuccessSlug: true}}
	return s.view.Render(c, http.StatusOK, "playlists", data)
}

// FoldAfter is the longest item list the playlists page shows unfolded:
// a longer one folds to its count, so the page stays a few screens tall
// on a phone, unless it is the list just changed (?open=SLUG).
const FoldAfter = 5

// placeIn is the playlists page opened at anchor (an element's id) with
// the playlist slug's items unfolded: after a change, the page comes back
// where the person was, not at its top.
func placeIn(slug, anchor string) string {
	return "/playlists?" + url.Values{"open": {slug}}.Encode() + "#" + anchor
}

// thumbSize is the size an item's thumbnail is drawn at: the smallest
// board in use, the cheapest to render and still a board's real picture.
func thumbSize(sizes []assets.Size) assets.Size {
	return slices.MinFunc(sizes, func(a, b assets.Size) int { return cmp.Compare(a.W*a.H, b.W*b.H) })
}

// CreatePlaylist serves POST /playlists.
func (s *Handler) CreatePlaylist(c echo.Context) error {
	slug, err := s.desk.CreatePlaylist(c.Request().Context(), auth.ActorOf(c).Actor, formPlace(c), c.FormValue("slug"), c.FormValue("name"))
	if err != nil {
		return err
	}
	return page.Redirect(c, placeIn(slug, "pl-"+slug), "playlist_created")
}

// RenamePlaylist serves POST /playlists/:slug/rename.
func (s *Handler) RenamePlaylist(c echo.Context) error {
	slug := c.Param("slug")
	base, err := request.FormVersion(c)
	if err == nil {
		err = s.store.RenamePlaylist(c.Request().Context(), auth.Who(c), slug, base, c.FormValue("name"))
	}
	if err != nil {
		return err
	}
	return page.Redirect(c, placeIn(slug, "pl-"+slug), "playlist_renamed")
}

// DeletePlaylist serves POST /playlists/:slug/delete.
func (s *Handler) DeletePlaylist(c echo.Context) error {
	if err := s.store.DeletePlaylist(c.Request().Context(), auth.Who(c), c.Param("slug")); err != nil {
		return err
	}
	return page.Redirect(c, "/playlists", "playlist_deleted")
}

func formInt(c echo.Context, name string) int64 {
	n, _ := strconv.ParseInt(c.FormValue(name), 10, 64)
	return n
}

// AddItem serves POST /playlists/:slug/items.
func (s *Handler) AddItem(c echo.Context) error {
	ctx, who, slug := c.Request().Context(), auth.ActorOf(c), c.Param("slug")
	err := s.desk.AddItem(ctx, who.Actor, slug, staff.ItemInput{SloganID: formInt(c, "slogan_id"), PhotoID: formInt(c, "photo_id"), Seconds: int(formInt(c, "seconds"))})
	if err != nil {
		return err
	}
	return page.Redirect(c, placeIn(slug, s.lastItemAnchor(ctx, slug)), "submitted")
}

// lastItemAnchor is the id of the playlist's last item, where an added
// one goes, or of the playlist itself if it cannot be read.
func (s *Handler) lastItemAnchor(ctx context.Context, slug string) string {
	p, err := s.store.Playlist(ctx, store.Everything, slug)
	if err != nil || len(p.Items) == 0 {
		return "pl-" + slug
	}
	return "item-" + strconv.FormatInt(p.Items[len(p.Items)-1].ID, 10)
}

// EditItem handles the buttons of one item's row: save its duration,
// move it (one step, to either end, or, dragged, to a position) or
// remove it. Each is one request drafting one version; the page comes
// back at the item.
func (s *Handler) EditItem(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	ctx, who, slug := c.Request().Context(), auth.Who(c), c.Param("slug")
	flash := "item_moved"
	switch c.FormValue("action") {
	case "up":
		err = s.store.MoveItem(ctx, who, slug, id, -1)
	case "down":
		err = s.store.MoveItem(ctx, who, slug, id, +1)
	case "top":
		err = s.store.MoveItemTo(ctx, who, slug, id, 1)
	case "bottom":
		err = s.store.MoveItemTo(ctx, who, slug, id, store.MaxItems)
	case "move":
		err = s.store.MoveItemTo(ctx, who, slug, id, int(formInt(c, "position")))
	case "remove":
		err, flash = s.store.RemoveItem(ctx, who, slug, id), "item_removed"
		if err == nil {
			return page.Redirect(c, placeIn(slug, "pl-"+slug), flash)
		}
	default:
		var base int
		if base, err = request.FormVersion(c); err == nil {
			err = s.store.UpdateItem(ctx, who, slug, base, id, int(formInt(c, "seconds")))
		}
		flash = "item_saved"
	}
	if err != nil {
		return err
	}
	return page.Redirect(c, placeIn(slug, "item-"+strconv.FormatInt(id, 10)), flash)
}

// weekdays are the schedule form's day checkboxes, Monday first as on a
// Vietnamese calendar.
var weekdays = []struct {
	Value int
	Name  string
}{{1, "T2"}, {2, "T3"}, {3, "T4"}, {4, "T5"}, {5, "T6"}, {6, "T7"}, {0, "CN"}}

// formPlace is where a form puts new content: its unit choice (the
// person's own unit when there is none) and its "from above" box.
func formPlace(c echo.Context) store.Place {
	return store.Place{Unit: c.FormValue("unit"), FromAbove: c.FormValue("from_above") == "1"}
}
