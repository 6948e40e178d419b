package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/controller/alert"
	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// maxAlertHistory bounds one read of the alert history.
const maxAlertHistory = 500

// Alerts serves GET /api/v1/alerts[?limit=N]: the newest events with
// their deliveries, each naming only the boards the caller sees.
func (h *Handler) Alerts(c echo.Context) error {
	limit := 100
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxAlertHistory {
			return respond.BadRequest("bad_limit", "limit phải là một số từ 1 đến 500.")
		}
		limit = n
	}
	events, err := h.store.AlertHistory(c.Request().Context(), auth.Scope(c), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, alert.Summaries(events))
}

// alertTargetInput is a receiver as a script sends it.
type alertTargetInput struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
	Email  string `json:"email"`
	Unit   string `json:"unit"`
	Group  string `json:"group"`
	// Digest: told once a day (at 7:00) of the day's events.
	Digest bool `json:"digest"`
}

// Webhooks serves GET /api/v1/webhooks: the receivers of the caller's
// units (secrets are never shown).
func (h *Handler) Webhooks(c echo.Context) error { return h.alertTargets(c, store.TargetWebhook) }

// AlertEmails serves GET /api/v1/alert-emails.
func (h *Handler) AlertEmails(c echo.Context) error { return h.alertTargets(c, store.TargetEmail) }

func (h *Handler) alertTargets(c echo.Context, kind string) error {
	all, err := h.store.AlertTargets(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	out := []store.AlertTarget{}
	for _, t := range all {
		if t.Kind == kind {
			out = append(out, t)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// AddWebhook serves POST /api/v1/webhooks {"url","secret","unit","group"}.
func (h *Handler) AddWebhook(c echo.Context) error {
	var in alertTargetInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	t, err := h.store.AddAlertTarget(c.Request().Context(), auth.Who(c), store.AlertTarget{Kind: store.TargetWebhook, Address: in.URL, Secret: in.Secret, Unit: in.Unit, Group: in.Group, Digest: in.Digest})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

// AddAlertEmail serves POST /api/v1/alert-emails {"email","unit","group"}.
func (h *Handler) AddAlertEmail(c echo.Context) error {
	var in alertTargetInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	t, err := h.store.AddAlertTarget(c.Request().Context(), auth.Who(c), store.AlertTarget{Kind: store.TargetEmail, Address: in.Email, Unit: in.Unit, Group: in.Group, Digest: in.Digest})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

// RemoveAlertTarget serves DELETE /api/v1/webhooks/:id and
// /api/v1/alert-emails/:id.
func (h *Handler) RemoveAlertTarget(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.store.RemoveAlertTarget(c.Request().Context(), auth.Who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// SMTP serves GET /api/v1/alerts/smtp: the mail server, its password
// left out.
func (h *Handler) SMTP(c echo.Context) error {
	v, err := h.store.SMTPSettings(c.Request().Context())
	if err != nil {
		return err
	}
	v.Password = ""
	return c.JSON(http.StatusOK, v)
}

// SetSMTP serves POST /api/v1/alerts/smtp: the mail server alerts go
// through ("host": "" removes it; no password keeps the one set).
func (h *Handler) SetSMTP(c echo.Context) error {
	var in store.SMTP
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	if err := h.store.PutSMTP(c.Request().Context(), auth.Who(c), in); err != nil {
		return err
	}
	return h.SMTP(c)
}

// thresholdInput sets how long a group's boards, or one board, may be
// offline before an alert.
type thresholdInput struct {
	Group   string `json:"group"`
	Board   int64  `json:"board"`
	Seconds *int   `json:"seconds"`
}

// SetThreshold serves POST /api/v1/alerts/thresholds.
func (h *Handler) SetThreshold(c echo.Context) error {
	var in thresholdInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	if (in.Group == "") == (in.Board == 0) || in.Seconds == nil {
		return respond.BadRequest("bad_threshold", "Cho một nhóm (group) hoặc một bảng (board), và số giây (seconds; 0 là bỏ ngưỡng riêng).")
	}
	if err := h.store.SetOfflineThreshold(c.Request().Context(), auth.Who(c), in.Group, in.Board, *in.Seconds); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
