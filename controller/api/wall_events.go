package api

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/wall"
)

// WallEvents streams the wall to a page as server-sent events, while the
// page stays and the controller runs.
//
// ?unit=SLUG streams that unit's wall (one the caller sees).
func (h *Handler) WallEvents(c echo.Context) error {
	unit, sc, _, err := auth.Looking(c)
	if err != nil {
		return err
	}
	own, err := auth.OwnBoards(c)
	if err != nil {
		return err
	}
	person := auth.Who(c).Key
	if err := h.wall.Enter(person); err != nil {
		c.Response().Header().Set("Retry-After", "60")
		return err
	}
	defer h.wall.Leave(person)
	ctx := c.Request().Context()
	res := c.Response()
	header := res.Header()
	header.Set(echo.HeaderContentType, "text/event-stream")
	header.Set(echo.HeaderCacheControl, "no-store")
	res.WriteHeader(http.StatusOK)
	send := func(format string, args ...any) bool {
		if _, err := fmt.Fprintf(res, format, args...); err != nil {
			return false
		}
		res.Flush()
		return true
	}
	if !send("retry: %d\n\n", wall.Retry) {
		return nil
	}
	look := time.NewTicker(wall.Look)
	defer look.Stop()
	var last []byte
	lastSent := time.Now()
	for {
		w, err := h.wall.Cached(ctx, sc)
		if err != nil {
			return nil // the page reconnects, or polls
		}
		if own {
			w = wall.OwnBoards(w, unit.ID)
		}
		data, key := wall.JSON(w)
		switch {
		case !bytes.Equal(key, last):
			if !send("event: wall\ndata: %s\n\n", data) {
				return nil
			}
			last, lastSent = key, time.Now()
		case time.Since(lastSent) >= wall.KeepAlive:
			if !send(": keep-alive\n\n") {
				return nil
			}
			lastSent = time.Now()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-h.stopping:
			return nil
		case <-look.C:
		}
	}
}
