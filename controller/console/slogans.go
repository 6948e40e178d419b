package console

import (
	"codong/controller/page"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/assets/vnenc"
	"codong/controller/auth"
	"codong/controller/render"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/playlists"
)

// legacyFormMessage replaces the API's wording (which names JSON fields)
// when the form refuses legacy text; the form's notice shows the
// conversion with its two buttons.
const legacyFormMessage = "Văn bản có vẻ được gõ bằng bảng mã cũ (TCVN3 hoặc VNI). Hãy xem bản chuyển sang Unicode bên dưới và chọn một trong hai nút."

// legacyChoice reads the form's choice about legacy text: the hidden
// field the script sets, or the notice's button that was pressed.
func legacyChoice(c echo.Context) string {
	c.FormValue("legacy") // parses the form
	choice := ""
	for _, v := range c.Request().Form["legacy"] {
		if v != "" {
			choice = v
		}
	}
	return choice
}

// legacyNotice fills the form's conversion notice for a refused text.
func legacyNotice(text string) map[string]any {
	fixed, enc, _ := vnenc.Fix(text)
	return map[string]any{"LegacyName": staff.EncodingNames[enc], "LegacyConverted": fixed}
}

// ShowSlogans serves GET /slogans, a page of SlogansPageSize at a time.
func (s *Handler) ShowSlogans(c echo.Context) error {
	n, err := request.Page(c)
	if err != nil {
		return err
	}
	list, total, err := s.store.SlogansPage(c.Request().Context(), auth.Scope(c), SlogansPageSize, (n-1)*SlogansPageSize)
	if err != nil {
		return err
	}
	pages := pagesOf(total, SlogansPageSize)
	above := map[int64]bool{}
	for _, sl := range list {
		above[sl.ID] = !auth.Scope(c).Has(sl.UnitID)
	}
	return s.view.Render(c, http.StatusOK, "slogans", map[string]any{"Slogans": list, "Total": total, "Above": above, "HasBelow": hasBelow(c),
		"Pager": newPager(c, n, n < pages, pages), "PrintPresets": render.PrintPresets})
}

func (s *Handler) sloganForm(c echo.Context, status int, sl store.Slogan, problem string, extra ...map[string]any) error {
	// The boards the officer has, so the preview is what the street
	// will see; scrolling strips included (app.js runs them).
	sizes, err := s.desk.SizesInUse(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	boards, err := s.store.Boards(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	if sl.Style == "" {
		sl.Style = "classic"
	}
	data := map[string]any{"Slogan": sl, "Styles": assets.Styles(), "Sizes": sizes, "MaxRunes": playlists.MaxTitleRunes, "BoardsInUse": len(boards) > 0, "Zone": s.location.String(),
		"ReadOnly": sl.ID != 0 && sl.UnitID != 0 && !auth.Scope(c).Has(sl.UnitID), "HasBelow": hasBelow(c),
		"MinDate": fmt.Sprintf("%d-01-01", store.MinCountdownYear), "MaxDate": fmt.Sprintf("%d-12-31", store.MaxCountdownYear)}
	if sl.Text != "" {
		texts := s.desk.ShownTexts(store.SloganBody{Text: sl.Text, Style: sl.Style, Countdown: sl.Countdown})
		data["PreviewToday"] = texts[0]
		if len(texts) > 1 {
			data["PreviewAfter"] = texts[1]
		}
	}
	if sl.ID != 0 {
		if v, err := s.store.LatestVersion(c.Request().Context(), store.KindSlogan, sl.ID); err == nil {
			data["VersionID"] = v.ID
		}
	}
	if problem != "" {
		data["Error"] = problem
	}
	for _, m := range extra {
		for k, v := range m {
			data[k] = v
		}
	}
	return s.view.Render(c, status, "slogan_form", data)
}

// ShowSloganForm serves GET /slogans/new and GET /slogans/:id.
func (s *Handler) ShowSloganForm(c echo.Context) error {
	if c.Param("id") == "" {
		return s.sloganForm(c, http.StatusOK, store.Slogan{}, "")
	}
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	sl, err := s.store.Slogan(c.Request().Context(), auth.Scope(c), id)
	if err != nil {
		return err
	}
	return s.sloganForm(c, http.StatusOK, sl, "")
}

// SaveSlogan creates or updates; a refused slogan is shown again in the
// form with the reason, so nothing typed is lost.
func (s *Handler) SaveSlogan(c echo.Context) error {
	in := staff.SloganInput{Text: c.FormValue("text"), Style: c.FormValue("style"), Legacy: legacyChoice(c)}
	if c.Param("id") == "" {
		at := formPlace(c)
		in.Unit, in.FromAbove = at.Unit, at.FromAbove
	}
	if c.FormValue("countdown") == "on" {
		in.Countdown = &store.Countdown{Date: c.FormValue("countdown_date"), After: c.FormValue("countdown_after")}
	}
	if v, err := strconv.Atoi(c.FormValue("version")); err == nil {
		in.Version = &v
	}
	ctx, who := c.Request().Context(), auth.ActorOf(c)
	var err error
	var id int64
	if c.Param("id") == "" {
		var sl store.Slogan
		sl, err = s.desk.CreateSlogan(ctx, who, in)
		id = sl.ID
	} else if id, err = request.PathID(c, "id"); err == nil {
		_, err = s.desk.UpdateSlogan(ctx, who, id, in)
	}
	if err != nil {
		ae, internal := respond.Classify(err)
		if internal {
			return err
		}
		retry, lerr := s.typedOver(ctx, auth.Scope(c), id, in, err)
		if lerr != nil {
			return lerr
		}
		if ae.Code == "legacy_encoding" {
			return s.sloganForm(c, ae.Status, retry, legacyFormMessage, legacyNotice(in.Text))
		}
		return s.sloganForm(c, ae.Status, retry, ae.Message)
	}
	return page.Redirect(c, "/slogans", "submitted")
}

// typedOver is the slogan a refused save shows again: what is stored
// (which version the boards show, its state) with what this person typed
// over it, so nothing typed is lost and nothing stored is misreported.
// After a clash the form names the latest version, so a second save
// knowingly replaces it; otherwise it keeps the version it was drawn from.
func (s *Handler) typedOver(ctx context.Context, sc store.Scope, id int64, in staff.SloganInput, saveErr error) (store.Slogan, error) {
	var sl store.Slogan
	if id != 0 {
		stored, err := s.store.Slogan(ctx, sc, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return sl, err
		}
		sl = stored
		sl.ID = id
	}
	sl.Text, sl.Style, sl.Countdown = in.Text, in.Style, in.Countdown
	var stale *store.StaleError
	switch {
	case errors.As(saveErr, &stale):
		sl.Version, sl.State = stale.Latest.Number, stale.Latest.State
	case in.Version != nil:
		sl.Version = *in.Version
	}
	return sl, nil
}

// DeleteSlogan serves POST /slogans/:id/delete.
func (s *Handler) DeleteSlogan(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.desk.DeleteSlogan(c.Request().Context(), auth.ActorOf(c), id); err != nil {
		return err
	}
	return page.Redirect(c, "/slogans", "deleted")
}
