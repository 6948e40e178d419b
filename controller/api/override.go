package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/controller/store"
)

// GetOverride answers the switches in force that reach the caller's
// boards ("override": the newest of them, null when none) and how far
// the latest switch has got (null before any).
func (h *Handler) GetOverride(c echo.Context) error {
	w, err := h.wall.Current(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": w.Override, "switches": w.Switches, "progress": w.Progress})
}

// SetOverride serves POST /api/v1/override.
func (h *Handler) SetOverride(c echo.Context) error {
	var in staff.OverrideInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	o, err := h.desk.SetOverride(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": o})
}

// ClearOverride serves DELETE /api/v1/override: the caller's unit's
// switches are lifted; ?below=1 those of the units under it too; ?id=N
// that one switch.
func (h *Handler) ClearOverride(c echo.Context) error {
	var l store.Lift
	for name, vs := range c.QueryParams() {
		switch v := vs[0]; name {
		case "below":
			if v != "1" && v != "0" {
				return respond.BadRequest("bad_below", "Tham số below chỉ nhận 1 (cả các đơn vị cấp dưới) hoặc 0.")
			}
			l.Below = v == "1"
		case "id":
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				return respond.BadRequest("bad_id", "Tham số id phải là số của một lệnh chuyển.")
			}
			l.ID = id
		default:
			return respond.BadRequest("unknown_param", fmt.Sprintf("Lệnh trở về lịch không có tham số “%s”; chỉ có below và id.", name))
		}
	}
	if err := h.desk.ClearOverride(c.Request().Context(), auth.ActorOf(c), l); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": nil})
}

// PreviewSwitch serves GET /api/v1/override/preview?playlist=SLUG&group=G:
// what a switch would put up, size by size, before it is made.
func (h *Handler) PreviewSwitch(c echo.Context) error {
	p, err := h.desk.PreviewSwitch(c.Request().Context(), auth.Scope(c), c.QueryParam("playlist"), c.QueryParam("group"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
