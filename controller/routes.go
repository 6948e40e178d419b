package controller

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"codong/controller/auth"
	"codong/controller/console"
	"codong/controller/netguard"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/controller/upload"
	"codong/protocol"
)

// maxBodyBytes bounds every request body but photo uploads: slogans are
// short. Uploads are bounded by store.MaxUploadBytes (upload.Limit).
const maxBodyBytes = "1M"

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	// The controller faces boards and browsers directly: never take the
	// client address from X-Forwarded-For, which anyone can set.
	e.IPExtractor = echo.ExtractIPDirect()
	e.Renderer = console.MustTemplates(s.cfg.Location)
	e.Pre(s.health.Healthz)
	e.Pre(s.disk.WatchWrites)
	e.Pre(netguard.RequestDeadlines(s.cfg.BodyTimeout, netguard.WriteChunkTimeout))
	e.Use(middleware.Recover())
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: maxBodyBytes, Skipper: upload.IsUpload}))
	e.Use(upload.Limit)
	e.Use(respond.Secure)
	e.Use(respond.Private(s.cfg.TLSCert != ""))
	e.Use(request.AccessLog(s.log))

	e.GET("/static/*", console.ServeStatic(console.StaticFS()))

	api := e.Group("/api/v1", auth.RequireAPI(s.store))
	for _, r := range s.apiRoutes() {
		mw := []echo.MiddlewareFunc{auth.RequireRole(r.role)}
		if r.method == http.MethodGet || r.method == http.MethodDelete {
			mw = append(mw, request.RefuseBody)
		}
		mw = append(mw, request.RefuseControl)
		mw = append(mw, auth.UnitGate(r.reach == rootOnly))
		api.Add(r.method, r.path, r.handle, mw...)
	}

	// Players are checked inside the handshake gate (netguard/handshakes.go).
	e.POST(protocol.PairPath, s.link.PairStart, s.handshakes.Enter)
	e.GET(protocol.PairPath, s.link.PairState, s.handshakes.Enter)
	player := e.Group("/api/v1/player", s.handshakes.Enter, s.link.RequireBoard, netguard.HandshakeDone)
	player.GET("/connect", s.link.Connect)
	player.GET("/assets/:sum", s.link.Asset)
	player.GET("/release", s.link.Release)
	player.GET("/releases/:id/build", s.link.ReleaseBuild)
	player.POST("/update-report", s.link.UpdateReport)

	e.GET("/login", s.console.ShowLogin, request.RefuseControl)
	// Logging in checks its own fields: a refused name is audited too.
	e.POST("/login", s.console.Login)
	ui := e.Group("", s.console.RequireUser)
	for _, r := range s.uiRoutes() {
		ui.Add(r.method, r.path, r.handle, auth.RequireRole(r.role), auth.UnitGate(r.reach == rootOnly), request.RefuseControl, s.once.Once)
	}
	return e
}

// route is one staff route and the role it needs: the one place that
// says who may do what (a test walks it with every role).
type route struct {
	method, path string
	role         string // anyRole: any signed-in person or token
	handle       echo.HandlerFunc
	reach        reach
}

// reach says which people, by the unit they hold their roles in, may use
// a route. The zero value is the narrow one, so a route added without
// thought about units is closed to every unit but the root.
type reach int

const (
	// rootOnly: people and tokens of the root unit only. The route
	// acts on the whole installation (its letterhead, its signing key)
	// or does not yet tell units apart; to anyone else it answers 403.
	rootOnly reach = iota
	// inUnits: anyone with the role; the handler shows and changes only
	// what belongs to the actor's unit and the units under it, and a
	// thing of another unit is as absent as one that does not exist.
	inUnits
)

// anyRole admits every signed-in actor, whatever their roles.
const anyRole = auth.AnyRole

func (s *Server) apiRoutes() []route {
	const get, post, put, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	return []route{
		{get, "/slogans", anyRole, s.api.ListSlogans, inUnits},
		{post, "/slogans", store.RoleEditor, s.api.CreateSlogan, inUnits},
		{get, "/slogans/:id", anyRole, s.api.GetSlogan, inUnits},
		{put, "/slogans/:id", store.RoleEditor, s.api.UpdateSlogan, inUnits},
		{del, "/slogans/:id", store.RoleEditor, s.api.DeleteSlogan, inUnits},
		{post, "/slogans/:id/share", store.RoleEditor, s.api.ShareSlogan, inUnits},
		{get, "/slogans/:id/print.pdf", anyRole, s.api.PrintSlogan, inUnits},
		{get, "/render", anyRole, s.preview.Slogan, inUnits},
		{get, "/photos", anyRole, s.api.ListPhotos, inUnits},
		{post, "/photos", store.RoleEditor, s.api.UploadPhotos, inUnits},
		{get, "/photos/:id", anyRole, s.api.GetPhoto, inUnits},
		{put, "/photos/:id", store.RoleEditor, s.api.UpdatePhoto, inUnits},
		{del, "/photos/:id", store.RoleEditor, s.api.DeletePhoto, inUnits},
		{post, "/photos/:id/share", store.RoleEditor, s.api.SharePhoto, inUnits},
		{get, "/photos/:id/preview.png", anyRole, s.preview.Photo, inUnits},
		{get, "/legacy", anyRole, s.api.Legacy, inUnits},
		{get, "/playlists", anyRole, s.api.ListPlaylists, inUnits},
		{post, "/playlists", store.RoleEditor, s.api.CreatePlaylist, inUnits},
		{get, "/playlists/:slug", anyRole, s.api.GetPlaylist, inUnits},
		{put, "/playlists/:slug", store.RoleEditor, s.api.RenamePlaylist, inUnits},
		{del, "/playlists/:slug", store.RoleEditor, s.api.DeletePlaylist, inUnits},
		{post, "/playlists/:slug/share", store.RoleEditor, s.api.SharePlaylist, inUnits},
		{post, "/playlists/:slug/items", store.RoleEditor, s.api.AddItem, inUnits},
		{put, "/playlists/:slug/items/:id", store.RoleEditor, s.api.UpdateItem, inUnits},
		{del, "/playlists/:slug/items/:id", store.RoleEditor, s.api.RemoveItem, inUnits},
		{post, "/playlists/:slug/items/:id/move", store.RoleEditor, s.api.MoveItem, inUnits},
		{get, "/groups", anyRole, s.api.ListGroups, inUnits},
		{post, "/groups", store.RoleOperator, s.api.CreateGroup, inUnits},
		{put, "/groups/:slug", store.RoleOperator, s.api.RenameGroup, inUnits},
		{del, "/groups/:slug", store.RoleOperator, s.api.DeleteGroup, inUnits},
		{post, "/groups/:slug/boards", store.RoleOperator, s.api.AddToGroup, inUnits},
		{get, "/calendar", anyRole, s.api.Calendar, inUnits},
		{get, "/schedule", anyRole, s.api.Schedule, inUnits},
		{post, "/schedule", store.RoleEditor, s.api.AddSlot, inUnits},
		{del, "/schedule/:id", store.RoleEditor, s.api.RemoveSlot, inUnits},
		{get, "/versions", anyRole, s.api.ListVersions, inUnits},
		{get, "/versions/:id", anyRole, s.api.GetVersion, inUnits},
		{post, "/versions/:id/approve", store.RoleApprover, s.api.Approve, inUnits},
		{post, "/versions/:id/reject", store.RoleApprover, s.api.Reject, inUnits},
		{post, "/versions/:id/withdraw", store.RoleEditor, s.api.Withdraw, inUnits},
		{post, "/versions/:id/resubmit", store.RoleEditor, s.api.Resubmit, inUnits},
		{post, "/versions/:id/restore", store.RoleEditor, s.api.Restore, inUnits},
		{get, "/fleet", anyRole, s.api.Fleet, inUnits},
		{get, "/units", anyRole, s.api.ListUnits, inUnits},
		{post, "/units", store.RoleAdmin, s.api.CreateUnit, inUnits},
		{put, "/units/:slug", store.RoleAdmin, s.api.RenameUnit, inUnits},
		{get, "/boards", anyRole, s.api.ListBoards, inUnits},
		{post, "/boards", store.RoleAdmin, s.api.CreateBoard, inUnits},
		{post, "/boards/adopt", store.RoleOperator, s.api.AdoptBoard, inUnits},
		{get, "/pairings", store.RoleOperator, s.api.ListPairings, rootOnly},
		{put, "/boards/:id", store.RoleOperator, s.api.UpdateBoard, inUnits},
		{del, "/boards/:id", store.RoleAdmin, s.api.DeleteBoard, inUnits},
		{get, "/boards/:id/thumbnail.png", anyRole, s.api.Thumbnail, inUnits},
		{get, "/boards/:id/screenshot.png", anyRole, s.api.Screenshot, inUnits},
		// Remote care (protocol 2.6): logs may hold addresses, a restart
		// blanks a board for seconds, so every action is an operator's.
		{get, "/boards/:id/screenshot", store.RoleOperator, s.api.BoardScreenshot, inUnits},
		{get, "/boards/:id/logs", store.RoleOperator, s.api.BoardLogs, inUnits},
		{get, "/boards/:id/diagnostics", store.RoleOperator, s.api.BoardDiagnostics, inUnits},
		{post, "/boards/:id/restart", store.RoleOperator, s.api.RestartBoard, inUnits},
		{post, "/boards/:id/cache-reset", store.RoleOperator, s.api.ResetBoardCache, inUnits},
		{get, "/wall", anyRole, s.api.Wall, inUnits},
		{get, "/wall/events", anyRole, s.api.WallEvents, inUnits},
		{get, "/override", anyRole, s.api.GetOverride, inUnits},
		{post, "/override", store.RoleOperator, s.api.SetOverride, inUnits},
		{del, "/override", store.RoleOperator, s.api.ClearOverride, inUnits},
		{get, "/override/preview", anyRole, s.api.PreviewSwitch, inUnits},
		{get, "/report", anyRole, s.api.Report, inUnits},
		{get, "/alerts", anyRole, s.api.Alerts, inUnits},
		{get, "/webhooks", store.RoleAdmin, s.api.Webhooks, inUnits},
		{post, "/webhooks", store.RoleAdmin, s.api.AddWebhook, inUnits},
		{del, "/webhooks/:id", store.RoleAdmin, s.api.RemoveAlertTarget, inUnits},
		{get, "/alert-emails", store.RoleAdmin, s.api.AlertEmails, inUnits},
		{post, "/alert-emails", store.RoleAdmin, s.api.AddAlertEmail, inUnits},
		{del, "/alert-emails/:id", store.RoleAdmin, s.api.RemoveAlertTarget, inUnits},
		{post, "/alerts/thresholds", store.RoleOperator, s.api.SetThreshold, inUnits},
		{get, "/alerts/smtp", store.RoleAdmin, s.api.SMTP, rootOnly},
		{post, "/alerts/smtp", store.RoleAdmin, s.api.SetSMTP, rootOnly},
		{get, "/audit", store.RoleAdmin, s.api.Audit, inUnits},
		{get, "/organisation", anyRole, s.api.GetOrganisation, rootOnly},
		{put, "/organisation", store.RoleAdmin, s.api.PutOrganisation, rootOnly},
		{get, "/users", store.RoleAdmin, s.api.ListUsers, inUnits},
		{post, "/users", store.RoleAdmin, s.api.CreateUser, inUnits},
		{put, "/users/:id", store.RoleAdmin, s.api.UpdateUser, inUnits},
		{put, "/users/:id/password", store.RoleAdmin, s.api.SetPassword, inUnits},
		{get, "/player-releases", store.RoleOperator, s.api.ListReleases, rootOnly},
		{post, "/player-releases/:id/rollout", store.RoleOperator, s.api.RollOut, rootOnly},
		{get, "/tokens", store.RoleAdmin, s.api.ListTokens, inUnits},
		{post, "/tokens", store.RoleAdmin, s.api.CreateToken, inUnits},
		{del, "/tokens/:id", store.RoleAdmin, s.api.RevokeToken, inUnits},
	}
}

func (s *Server) uiRoutes() []route {
	const get, post = http.MethodGet, http.MethodPost
	return []route{
		{post, "/logout", anyRole, s.console.Logout, inUnits},
		{get, "/password", anyRole, s.console.ShowPasswordForm, inUnits},
		{post, "/password", anyRole, s.console.ChangeOwnPassword, inUnits},
		{get, "/", anyRole, s.console.ShowDashboard, inUnits},
		{post, "/override", store.RoleOperator, s.console.SetOverride, inUnits},
		{post, "/override/clear", store.RoleOperator, s.console.ClearOverride, inUnits},
		{get, "/slogans", anyRole, s.console.ShowSlogans, inUnits},
		{get, "/slogans/new", store.RoleEditor, s.console.ShowSloganForm, inUnits},
		{post, "/slogans/new", store.RoleEditor, s.console.SaveSlogan, inUnits},
		{get, "/slogans/:id", anyRole, s.console.ShowSloganForm, inUnits},
		{post, "/slogans/:id", store.RoleEditor, s.console.SaveSlogan, inUnits},
		{post, "/slogans/:id/delete", store.RoleEditor, s.console.DeleteSlogan, inUnits},
		{post, "/slogans/:id/share", store.RoleEditor, s.console.ShareSlogan, inUnits},
		{get, "/preview", anyRole, s.preview.Slogan, inUnits},
		{get, "/photos", anyRole, s.console.ShowPhotos, inUnits},
		{post, "/photos", store.RoleEditor, s.console.UploadPhotos, inUnits},
		{post, "/photos/:id", store.RoleEditor, s.console.UpdatePhoto, inUnits},
		{post, "/photos/:id/delete", store.RoleEditor, s.console.DeletePhoto, inUnits},
		{post, "/photos/:id/share", store.RoleEditor, s.console.SharePhoto, inUnits},
		{get, "/photos/:id/preview.png", anyRole, s.preview.Photo, inUnits},
		{get, "/pictures/:sum", anyRole, s.preview.Picture, inUnits},
		{get, "/playlists", anyRole, s.console.ShowPlaylists, inUnits},
		{post, "/playlists", store.RoleEditor, s.console.CreatePlaylist, inUnits},
		{post, "/playlists/:slug/rename", store.RoleEditor, s.console.RenamePlaylist, inUnits},
		{post, "/playlists/:slug/delete", store.RoleEditor, s.console.DeletePlaylist, inUnits},
		{post, "/playlists/:slug/share", store.RoleEditor, s.console.SharePlaylist, inUnits},
		{post, "/playlists/:slug/items", store.RoleEditor, s.console.AddItem, inUnits},
		{post, "/playlists/:slug/items/:id", store.RoleEditor, s.console.EditItem, inUnits},
		{get, "/schedule", anyRole, s.console.ShowSchedule, inUnits},
		{get, "/schedule/calendar", anyRole, s.console.ShowCalendar, inUnits},
		{post, "/schedule", store.RoleEditor, s.console.AddSlot, inUnits},
		{get, "/groups", anyRole, s.console.ShowGroups, inUnits},
		{post, "/groups", store.RoleOperator, s.console.CreateGroup, inUnits},
		{post, "/groups/:slug", store.RoleOperator, s.console.RenameGroup, inUnits},
		{post, "/groups/:slug/delete", store.RoleOperator, s.console.DeleteGroup, inUnits},
		{post, "/groups/:slug/boards", store.RoleOperator, s.console.AddToGroup, inUnits},
		{post, "/schedule/:id/delete", store.RoleEditor, s.console.RemoveSlot, inUnits},
		{get, "/approvals", anyRole, s.console.ShowApprovals, inUnits}, // authors see their own submissions there
		{post, "/approvals", store.RoleApprover, s.console.Review, inUnits},
		{get, "/approvals/print", store.RoleApprover, s.console.ShowSubmissionSheet, inUnits},
		{get, "/versions/:id", anyRole, s.console.ShowVersion, inUnits},
		{post, "/versions/:id/withdraw", store.RoleEditor, s.console.Withdraw, inUnits},
		{post, "/versions/:id/resubmit", store.RoleEditor, s.console.Resubmit, inUnits},
		{post, "/versions/:id/restore", store.RoleEditor, s.console.Restore, inUnits},
		{get, "/boards", anyRole, s.console.ShowBoards, inUnits},
		{post, "/boards", store.RoleAdmin, s.console.CreateBoard, inUnits},
		{get, "/boards/:id/token", store.RoleAdmin, s.console.ShowBoardToken, inUnits},
		{post, "/boards/:id/delete", store.RoleAdmin, s.console.DeleteBoard, inUnits},
		{post, "/boards/adopt", store.RoleOperator, s.console.AdoptBoard, inUnits},
		{post, "/boards/:id", store.RoleOperator, s.console.UpdateBoard, inUnits},
		{get, "/report", anyRole, s.console.ShowReport, inUnits},
		{get, "/alerts", anyRole, s.console.ShowAlerts, inUnits},
		{post, "/alerts/targets", store.RoleAdmin, s.console.AddAlertTarget, inUnits},
		{post, "/alerts/targets/:id/delete", store.RoleAdmin, s.console.RemoveAlertTarget, inUnits},
		{post, "/alerts/thresholds", store.RoleOperator, s.console.SetThreshold, inUnits},
		{post, "/alerts/smtp", store.RoleAdmin, s.console.SaveSMTP, rootOnly},
		{get, "/report/print", anyRole, s.console.ShowReportPrint, inUnits},
		{get, "/audit", store.RoleAdmin, s.console.ShowAudit, inUnits},
		{get, "/setup", store.RoleAdmin, s.console.ShowSetup, rootOnly},
		{post, "/setup", store.RoleAdmin, s.console.SaveSetup, rootOnly},
		{get, "/settings", store.RoleAdmin, s.console.ShowSettings, rootOnly},
		{post, "/settings", store.RoleAdmin, s.console.SaveSettings, rootOnly},
		{get, "/users", store.RoleAdmin, s.console.ShowUsers, inUnits},
		{post, "/users", store.RoleAdmin, s.console.CreateUser, inUnits},
		{post, "/users/:id", store.RoleAdmin, s.console.UpdateUser, inUnits},
		{post, "/users/:id/password", store.RoleAdmin, s.console.SetPassword, inUnits},
		{post, "/tokens", store.RoleAdmin, s.console.CreateToken, inUnits},
		{get, "/tokens/:id/shown", store.RoleAdmin, s.console.ShowNewToken, inUnits},
		{post, "/tokens/:id/revoke", store.RoleAdmin, s.console.RevokeToken, inUnits},
	}
}
