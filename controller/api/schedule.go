package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/playlists"
)

// Schedule serves GET /api/v1/schedule.
func (h *Handler) Schedule(c echo.Context) error {
	slots, err := h.store.Schedule(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, slots)
}

// slotInput is a slot as a script sends it: optionally a phase's name
// and the further sessions of its day, each its own hours.
type slotInput struct {
	playlists.Slot
	Phase    string    `json:"phase"`
	Sessions []session `json:"sessions"`
}

// session is one more daily window of a phase.
type session struct {
	Start     string `json:"start"`
	End       string `json:"end"`
	Overnight bool   `json:"overnight"`
}

// AddSlot serves POST /api/v1/schedule: a slot, or a named phase of
// several sessions a day ("phase", "sessions"), drafted in one version.
func (h *Handler) AddSlot(c echo.Context) error {
	var in slotInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	sls := []playlists.Slot{in.Slot}
	for _, ss := range in.Sessions {
		sl := in.Slot
		sl.Start, sl.End, sl.Overnight = ss.Start, ss.End, ss.Overnight
		sls = append(sls, sl)
	}
	added, warnings, err := h.desk.AddPhase(c.Request().Context(), auth.Who(c), in.Phase, sls)
	if err != nil {
		return err
	}
	slots, err := h.store.Schedule(c.Request().Context())
	if err != nil {
		return err
	}
	out := map[string]any{"slot": added[0], "warnings": warnings, "schedule": slots}
	if len(added) > 1 || in.Phase != "" {
		out["slots"] = added
	}
	return c.JSON(http.StatusOK, out)
}

// RemoveSlot serves DELETE /api/v1/schedule/:id.
func (h *Handler) RemoveSlot(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.store.RemoveSlot(c.Request().Context(), auth.Who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
