package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
	"codong/controller/store"
)

// AdoptBoard serves POST /api/v1/boards/adopt.
func (h *Handler) AdoptBoard(c echo.Context) error {
	var in staff.AdoptInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	b, err := h.desk.AdoptBoard(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, b)
}

// ListPairings serves GET /api/v1/pairings.
func (h *Handler) ListPairings(c echo.Context) error {
	list, err := h.store.Pairings(c.Request().Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []store.Pairing{}
	}
	return c.JSON(http.StatusOK, list)
}
