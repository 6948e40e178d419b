package api

import (
	"codong/controller/auth"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/fleet"
	"codong/controller/request"
	"codong/controller/respond"
)

// screenshotWait bounds the wait for a board's answer: a board answers
// at once from the frame in its memory, so longer means it is not there.
const screenshotWait = 10 * time.Second

// Screenshot asks a board for a picture of its own frame (protocol 2.2)
// and serves it: the dashboard's thumbnail is the controller's picture
// of what the board says it shows, this is the board's word in pixels.
// A board of an older player gives the thumbnail it last sent, which it
// made of its frame.
func (h *Handler) Screenshot(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	// Another unit's board is as absent as one that does not exist.
	if _, err := h.store.Board(c.Request().Context(), auth.Scope(c), id); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), screenshotWait)
	defer cancel()
	shot, err := h.fleet.TakeScreenshot(ctx, id)
	switch {
	case errors.Is(err, fleet.ErrBoardOffline):
		return respond.Err(http.StatusConflict, "board_offline", "Bảng không kết nối với máy chủ này nên không chụp được màn hình.")
	case errors.Is(err, fleet.ErrNoScreenshot):
		return respond.Err(http.StatusNotFound, "no_screenshot", "Bảng không gửi ảnh chụp màn hình (bảng chưa hiện hình nào).")
	case errors.Is(err, context.DeadlineExceeded):
		return respond.Err(http.StatusGatewayTimeout, "screenshot_timeout", "Bảng không gửi ảnh chụp màn hình trong 10 giây.")
	case err != nil:
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "image/png", shot)
}
