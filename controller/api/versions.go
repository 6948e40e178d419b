package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/controller/store"
)

// reviewInput is an approver's decision.
type reviewInput struct {
	Comment string `json:"comment" form:"comment"`
}

// ListVersions serves GET /api/v1/versions.
func (h *Handler) ListVersions(c echo.Context) error {
	f := store.VersionFilter{State: c.QueryParam("state"), Kind: c.QueryParam("kind")}
	if _, ok := respond.StateNames[f.State]; f.State != "" && !ok {
		return respond.BadRequest("bad_state", "Trạng thái “"+f.State+"” không có; dùng draft, pending, approved, rejected hoặc superseded.")
	}
	if _, ok := respond.KindNames[f.Kind]; f.Kind != "" && !ok {
		return respond.BadRequest("bad_kind", "Loại “"+f.Kind+"” không có; dùng slogan, playlist hoặc schedule.")
	}
	if sub := c.QueryParam("subject"); sub != "" {
		id, err := strconv.ParseInt(sub, 10, 64)
		if err != nil || f.Kind == "" {
			return respond.BadRequest("bad_subject", "subject phải là một số, đi kèm kind.")
		}
		f.Subject = id
	}
	if c.QueryParam("mine") == "1" {
		f.Author = auth.Who(c).Key
	}
	vs, err := h.store.Versions(c.Request().Context(), auth.Scope(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, vs)
}

// GetVersion serves GET /api/v1/versions/:id.
func (h *Handler) GetVersion(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v, err := h.store.Version(ctx, auth.Scope(c), id)
	if err != nil {
		return err
	}
	out := map[string]any{"version": v, "approved": nil}
	if old, err := h.store.ApprovedVersion(ctx, v.Kind, v.Subject); err == nil {
		out["approved"] = old
	}
	return c.JSON(http.StatusOK, out)
}

// decide runs one review or author action on the version in the path.
func (h *Handler) decide(c echo.Context, commentRequired bool, act func(ctx context.Context, a store.Actor, id int64, comment string) (store.Version, error)) (store.Version, error) {
	id, err := request.PathID(c, "id")
	if err != nil {
		return store.Version{}, err
	}
	var in reviewInput
	if c.Request().ContentLength != 0 && strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON) {
		if err := request.BindJSON(c, &in); err != nil {
			return store.Version{}, err
		}
	} else {
		in.Comment = c.FormValue("comment")
	}
	if in.Comment, err = staff.CheckComment(in.Comment, commentRequired); err != nil {
		return store.Version{}, err
	}
	return act(c.Request().Context(), auth.Who(c), id, in.Comment)
}

func noComment(f func(context.Context, store.Actor, int64) (store.Version, error)) func(context.Context, store.Actor, int64, string) (store.Version, error) {
	return func(ctx context.Context, a store.Actor, id int64, _ string) (store.Version, error) {
		return f(ctx, a, id)
	}
}

// versionAction runs a review or author action and answers the version.
func (h *Handler) versionAction(c echo.Context, required bool, act func(context.Context, store.Actor, int64, string) (store.Version, error)) error {
	v, err := h.decide(c, required, act)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// Approve serves POST /api/v1/versions/:id/approve.
func (h *Handler) Approve(c echo.Context) error {
	return h.versionAction(c, false, h.store.Approve)
}

// Reject serves POST /api/v1/versions/:id/reject.
func (h *Handler) Reject(c echo.Context) error { return h.versionAction(c, true, h.store.Reject) }

// Withdraw serves POST /api/v1/versions/:id/withdraw.
func (h *Handler) Withdraw(c echo.Context) error {
	return h.versionAction(c, false, noComment(h.store.Withdraw))
}

// Resubmit serves POST /api/v1/versions/:id/resubmit.
func (h *Handler) Resubmit(c echo.Context) error {
	return h.versionAction(c, false, noComment(h.store.Resubmit))
}

// Restore serves POST /api/v1/versions/:id/restore.
func (h *Handler) Restore(c echo.Context) error {
	return h.versionAction(c, false, noComment(h.store.Restore))
}
