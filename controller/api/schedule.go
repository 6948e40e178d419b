package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/store"
	"codong/playlists"
)

// Schedule serves GET /api/v1/schedule[?unit=SLUG]: the newest version
// of a unit's schedule (the caller's own by default).
func (h *Handler) Schedule(c echo.Context) error {
	u, _, _, err := auth.Looking(c)
	if err != nil {
		return err
	}
	slots, err := h.store.Schedule(c.Request().Context(), auth.Scope(c), u.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, slots)
}

// slotInput is a slot as a script sends it: optionally a phase's name
// and the further sessions of its day, each its own hours; the unit
// whose schedule takes it (the caller's own by default), and whether it
// is mandatory for the units below (by default, when there are any).
type slotInput struct {
	playlists.Slot
	Phase     string    `json:"phase"`
	Sessions  []session `json:"sessions"`
	Unit      string    `json:"unit"`
	Mandatory *bool     `json:"mandatory"`
}

// slotUnit is the unit a slot goes to, and whether it is mandatory: as
// asked, or by default when the unit has units below it.
func slotUnit(c echo.Context, unit string, mandatory *bool) (string, bool) {
	if mandatory != nil {
		return unit, *mandatory
	}
	a := auth.ActorOf(c)
	u, ok := a.Tree.ByID(a.OwnUnit())
	if unit != "" {
		u, ok = a.Tree.BySlug(unit)
	}
	// An unknown unit is refused by the store, with its own words.
	return unit, ok && len(a.Tree.Children(u.ID)) > 0
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
	unit, mandatory := slotUnit(c, in.Unit, in.Mandatory)
	sls := []store.NewSlot{{Slot: in.Slot, Mandatory: mandatory}}
	for _, ss := range in.Sessions {
		sl := in.Slot
		sl.Start, sl.End, sl.Overnight = ss.Start, ss.End, ss.Overnight
		sls = append(sls, store.NewSlot{Slot: sl, Mandatory: mandatory})
	}
	added, warnings, err := h.desk.AddPhase(c.Request().Context(), auth.Who(c), unit, in.Phase, sls)
	if err != nil {
		return err
	}
	owner := auth.ActorOf(c).OwnUnit()
	if u, ok := auth.ActorOf(c).Tree.BySlug(unit); ok {
		owner = u.ID
	}
	slots, err := h.store.Schedule(c.Request().Context(), auth.Scope(c), owner)
	if err != nil {
		return err
	}
	out := map[string]any{"slot": added[0], "warnings": warnings, "schedule": slots}
	if len(added) > 1 || in.Phase != "" {
		out["slots"] = added
	}
	return c.JSON(http.StatusOK, out)
}

// RemoveSlot serves DELETE /api/v1/schedule/:id[?unit=SLUG].
func (h *Handler) RemoveSlot(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.store.RemoveSlot(c.Request().Context(), auth.Who(c), c.QueryParam("unit"), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
