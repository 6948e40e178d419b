package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// ListReleases serves GET /api/v1/player-releases: the player builds
// stored (codong player-release add), newest first, with their rollouts.
func (h *Handler) ListReleases(c echo.Context) error {
	rs, err := h.store.Releases(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rs)
}

// rolloutInput names where a release goes: a group's slug, a unit's
// slug (with the units under it), a board's ID, or none for every board.
type rolloutInput struct {
	Group string `json:"group"`
	Unit  string `json:"unit"`
	Board int64  `json:"board"`
}

// RollOut serves POST /api/v1/player-releases/:id/rollout: the boards
// reached take the build the next time they ask (within minutes).
func (h *Handler) RollOut(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in rolloutInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	ro, err := h.store.RollOut(c.Request().Context(), auth.ActorOf(c).Actor, id, store.Rollout{Group: in.Group, Unit: in.Unit, Board: in.Board})
	if errors.Is(err, store.ErrNotFound) {
		return respond.Err(http.StatusNotFound, "not_found", "Không có bản cập nhật, nhóm, đơn vị hay bảng này.")
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, ro)
}
