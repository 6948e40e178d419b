package console

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/controller/alert"
	"codong/controller/auth"
	"codong/controller/calendar"
	"codong/controller/page"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// ShowAlerts serves GET /alerts: what happened to the boards and who
// was told (the newest 100 events), and who is told.
func (s *Handler) ShowAlerts(c echo.Context) error {
	ctx := c.Request().Context()
	events, err := s.store.AlertHistory(ctx, auth.Scope(c), 100)
	if err != nil {
		return err
	}
	targets, err := s.store.AlertTargets(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	smtp, err := s.store.SMTPSettings(ctx)
	if err != nil {
		return err
	}
	gs, bs, err := s.groupsAndBoards(c)
	if err != nil {
		return err
	}
	return s.view.Render(c, http.StatusOK, "alerts", map[string]any{"Events": alert.Summaries(events), "Targets": targets, "SMTP": smtp, "Groups": gs, "Boards": bs})
}

// AddAlertTarget serves POST /alerts/targets: a webhook (url, secret)
// or an e-mail address (email), for the person's unit or a group.
func (s *Handler) AddAlertTarget(c echo.Context) error {
	t := store.AlertTarget{Kind: store.TargetEmail, Address: c.FormValue("email"), Unit: c.FormValue("unit"), Group: c.FormValue("group"), Digest: c.FormValue("digest") == "1"}
	if c.FormValue("url") != "" {
		t.Kind, t.Address, t.Secret = store.TargetWebhook, c.FormValue("url"), c.FormValue("secret")
	}
	if _, err := s.store.AddAlertTarget(c.Request().Context(), auth.Who(c), t); err != nil {
		return err
	}
	return page.Redirect(c, "/alerts", "saved")
}

// RemoveAlertTarget serves POST /alerts/targets/:id/delete.
func (s *Handler) RemoveAlertTarget(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err == nil {
		err = s.store.RemoveAlertTarget(c.Request().Context(), auth.Who(c), id)
	}
	if err != nil {
		return err
	}
	return page.Redirect(c, "/alerts", "saved")
}

// SaveSMTP serves POST /alerts/smtp: the mail server (root's admins).
func (s *Handler) SaveSMTP(c echo.Context) error {
	port, _ := strconv.Atoi(c.FormValue("port"))
	v := store.SMTP{Host: c.FormValue("host"), Port: port, Username: c.FormValue("username"), Password: c.FormValue("password"), From: c.FormValue("from"), TLS: c.FormValue("tls")}
	if err := s.store.PutSMTP(c.Request().Context(), auth.Who(c), v); err != nil {
		return err
	}
	return page.Redirect(c, "/alerts", "saved")
}

// SetThreshold serves POST /alerts/thresholds: how many minutes a
// group's boards, or one board, may be offline before the alert (0: the
// default); target is "group:SLUG" or "board:ID".
func (s *Handler) SetThreshold(c echo.Context) error {
	minutes, err := strconv.Atoi(c.FormValue("minutes"))
	if err != nil || minutes < 0 || minutes > store.MaxThresholdSecond/60 {
		return respond.BadRequest("bad_minutes", "Số phút phải là một số nguyên từ 0 (dùng mức mặc định) tới 10080 (7 ngày).")
	}
	group, board, err := calendar.ParseTarget(c.FormValue("target"))
	if err == nil && group == "" && board == 0 {
		err = respond.BadRequest("bad_target", "Hãy chọn một nhóm hay một bảng.")
	}
	if err == nil {
		err = s.store.SetOfflineThreshold(c.Request().Context(), auth.Who(c), group, board, minutes*60)
	}
	if err != nil {
		return err
	}
	return page.Redirect(c, "/alerts", "saved")
}
