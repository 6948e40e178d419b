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
	e.Use(s.accessLog)

	e.GET("/static/*", console.ServeStatic(console.StaticFS()))

	api := e.Group("/api/v1", auth.RequireAPI(s.store))
	for _, r := range s.apiRoutes() {
		mw := []echo.MiddlewareFunc{auth.RequireRole(r.role)}
		if r.method == http.MethodGet || r.method == http.MethodDelete {
			mw = append(mw, request.RefuseBody)
		}
		mw = append(mw, request.RefuseControl)
		api.Add(r.method, r.path, r.handle, mw...)
	}

	// Players are checked inside the handshake gate (netguard/handshakes.go).
	e.POST(protocol.PairPath, s.link.PairStart, s.handshakes.Enter)
	e.GET(protocol.PairPath, s.link.PairState, s.handshakes.Enter)
	player := e.Group("/api/v1/player", s.handshakes.Enter, s.link.RequireBoard, netguard.HandshakeDone)
	player.GET("/connect", s.link.Connect)
	player.GET("/assets/:sum", s.link.Asset)

	e.GET("/login", s.console.ShowLogin, request.RefuseControl)
	// Logging in checks its own fields: a refused name is audited too.
	e.POST("/login", s.console.Login)
	ui := e.Group("", s.console.RequireUser)
	for _, r := range s.uiRoutes() {
		ui.Add(r.method, r.path, r.handle, auth.RequireRole(r.role), request.RefuseControl, s.once.Once)
	}
	return e
}

// route is one staff route and the role it needs: the one place that
// says who may do what (a test walks it with every role).
type route struct {
	method, path string
	role         string // anyRole: any signed-in person or token
	handle       echo.HandlerFunc
}

// anyRole admits every signed-in actor, whatever their roles.
const anyRole = auth.AnyRole

func (s *Server) apiRoutes() []route {
	const get, post, put, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	return []route{
		{get, "/slogans", anyRole, s.api.ListSlogans},
		{post, "/slogans", store.RoleEditor, s.api.CreateSlogan},
		{get, "/slogans/:id", anyRole, s.api.GetSlogan},
		{put, "/slogans/:id", store.RoleEditor, s.api.UpdateSlogan},
		{del, "/slogans/:id", store.RoleEditor, s.api.DeleteSlogan},
		{get, "/slogans/:id/print.pdf", anyRole, s.api.PrintSlogan},
		{get, "/render", anyRole, s.preview.Slogan},
		{get, "/photos", anyRole, s.api.ListPhotos},
		{post, "/photos", store.RoleEditor, s.api.UploadPhotos},
		{get, "/photos/:id", anyRole, s.api.GetPhoto},
		{put, "/photos/:id", store.RoleEditor, s.api.UpdatePhoto},
		{del, "/photos/:id", store.RoleEditor, s.api.DeletePhoto},
		{get, "/photos/:id/preview.png", anyRole, s.preview.Photo},
		{get, "/legacy", anyRole, s.api.Legacy},
		{get, "/playlists", anyRole, s.api.ListPlaylists},
		{post, "/playlists", store.RoleEditor, s.api.CreatePlaylist},
		{get, "/playlists/:slug", anyRole, s.api.GetPlaylist},
		{put, "/playlists/:slug", store.RoleEditor, s.api.RenamePlaylist},
		{del, "/playlists/:slug", store.RoleEditor, s.api.DeletePlaylist},
		{post, "/playlists/:slug/items", store.RoleEditor, s.api.AddItem},
		{put, "/playlists/:slug/items/:id", store.RoleEditor, s.api.UpdateItem},
		{del, "/playlists/:slug/items/:id", store.RoleEditor, s.api.RemoveItem},
		{post, "/playlists/:slug/items/:id/move", store.RoleEditor, s.api.MoveItem},
		{get, "/groups", anyRole, s.api.ListGroups},
		{post, "/groups", store.RoleOperator, s.api.CreateGroup},
		{put, "/groups/:slug", store.RoleOperator, s.api.RenameGroup},
		{del, "/groups/:slug", store.RoleOperator, s.api.DeleteGroup},
		{post, "/groups/:slug/boards", store.RoleOperator, s.api.AddToGroup},
		{get, "/calendar", anyRole, s.api.Calendar},
		{get, "/schedule", anyRole, s.api.Schedule},
		{post, "/schedule", store.RoleEditor, s.api.AddSlot},
		{del, "/schedule/:id", store.RoleEditor, s.api.RemoveSlot},
		{get, "/versions", anyRole, s.api.ListVersions},
		{get, "/versions/:id", anyRole, s.api.GetVersion},
		{post, "/versions/:id/approve", store.RoleApprover, s.api.Approve},
		{post, "/versions/:id/reject", store.RoleApprover, s.api.Reject},
		{post, "/versions/:id/withdraw", store.RoleEditor, s.api.Withdraw},
		{post, "/versions/:id/resubmit", store.RoleEditor, s.api.Resubmit},
		{post, "/versions/:id/restore", store.RoleEditor, s.api.Restore},
		{get, "/fleet", anyRole, s.api.Fleet},
		{get, "/boards", anyRole, s.api.ListBoards},
		{post, "/boards", store.RoleAdmin, s.api.CreateBoard},
		{post, "/boards/adopt", store.RoleOperator, s.api.AdoptBoard},
		{get, "/pairings", store.RoleOperator, s.api.ListPairings},
		{put, "/boards/:id", store.RoleOperator, s.api.UpdateBoard},
		{del, "/boards/:id", store.RoleAdmin, s.api.DeleteBoard},
		{get, "/boards/:id/thumbnail.png", anyRole, s.api.Thumbnail},
		{get, "/boards/:id/screenshot.png", anyRole, s.api.Screenshot},
		{get, "/wall", anyRole, s.api.Wall},
		{get, "/wall/events", anyRole, s.api.WallEvents},
		{get, "/override", anyRole, s.api.GetOverride},
		{post, "/override", store.RoleOperator, s.api.SetOverride},
		{del, "/override", store.RoleOperator, s.api.ClearOverride},
		{get, "/override/preview", anyRole, s.api.PreviewSwitch},
		{get, "/report", anyRole, s.api.Report},
		{get, "/audit", store.RoleAdmin, s.api.Audit},
		{get, "/organisation", anyRole, s.api.GetOrganisation},
		{put, "/organisation", store.RoleAdmin, s.api.PutOrganisation},
		{get, "/users", store.RoleAdmin, s.api.ListUsers},
		{post, "/users", store.RoleAdmin, s.api.CreateUser},
		{put, "/users/:id", store.RoleAdmin, s.api.UpdateUser},
		{put, "/users/:id/password", store.RoleAdmin, s.api.SetPassword},
		{get, "/tokens", store.RoleAdmin, s.api.ListTokens},
		{post, "/tokens", store.RoleAdmin, s.api.CreateToken},
		{del, "/tokens/:id", store.RoleAdmin, s.api.RevokeToken},
	}
}

func (s *Server) uiRoutes() []route {
	const get, post = http.MethodGet, http.MethodPost
	return []route{
		{post, "/logout", anyRole, s.console.Logout},
		{get, "/password", anyRole, s.console.ShowPasswordForm},
		{post, "/password", anyRole, s.console.ChangeOwnPassword},
		{get, "/", anyRole, s.console.ShowDashboard},
		{post, "/override", store.RoleOperator, s.console.SetOverride},
		{post, "/override/clear", store.RoleOperator, s.console.ClearOverride},
		{get, "/slogans", anyRole, s.console.ShowSlogans},
		{get, "/slogans/new", store.RoleEditor, s.console.ShowSloganForm},
		{post, "/slogans/new", store.RoleEditor, s.console.SaveSlogan},
		{get, "/slogans/:id", anyRole, s.console.ShowSloganForm},
		{post, "/slogans/:id", store.RoleEditor, s.console.SaveSlogan},
		{post, "/slogans/:id/delete", store.RoleEditor, s.console.DeleteSlogan},
		{get, "/preview", anyRole, s.preview.Slogan},
		{get, "/photos", anyRole, s.console.ShowPhotos},
		{post, "/photos", store.RoleEditor, s.console.UploadPhotos},
		{post, "/photos/:id", store.RoleEditor, s.console.UpdatePhoto},
		{post, "/photos/:id/delete", store.RoleEditor, s.console.DeletePhoto},
		{get, "/photos/:id/preview.png", anyRole, s.preview.Photo},
		{get, "/pictures/:sum", anyRole, s.preview.Picture},
		{get, "/playlists", anyRole, s.console.ShowPlaylists},
		{post, "/playlists", store.RoleEditor, s.console.CreatePlaylist},
		{post, "/playlists/:slug/rename", store.RoleEditor, s.console.RenamePlaylist},
		{post, "/playlists/:slug/delete", store.RoleEditor, s.console.DeletePlaylist},
		{post, "/playlists/:slug/items", store.RoleEditor, s.console.AddItem},
		{post, "/playlists/:slug/items/:id", store.RoleEditor, s.console.EditItem},
		{get, "/schedule", anyRole, s.console.ShowSchedule},
		{get, "/schedule/calendar", anyRole, s.console.ShowCalendar},
		{post, "/schedule", store.RoleEditor, s.console.AddSlot},
		{get, "/groups", anyRole, s.console.ShowGroups},
		{post, "/groups", store.RoleOperator, s.console.CreateGroup},
		{post, "/groups/:slug", store.RoleOperator, s.console.RenameGroup},
		{post, "/groups/:slug/delete", store.RoleOperator, s.console.DeleteGroup},
		{post, "/groups/:slug/boards", store.RoleOperator, s.console.AddToGroup},
		{post, "/schedule/:id/delete", store.RoleEditor, s.console.RemoveSlot},
		{get, "/approvals", anyRole, s.console.ShowApprovals}, // authors see their own submissions there
		{post, "/approvals", store.RoleApprover, s.console.Review},
		{get, "/approvals/print", store.RoleApprover, s.console.ShowSubmissionSheet},
		{get, "/versions/:id", anyRole, s.console.ShowVersion},
		{post, "/versions/:id/withdraw", store.RoleEditor, s.console.Withdraw},
		{post, "/versions/:id/resubmit", store.RoleEditor, s.console.Resubmit},
		{post, "/versions/:id/restore", store.RoleEditor, s.console.Restore},
		{get, "/boards", anyRole, s.console.ShowBoards},
		{post, "/boards", store.RoleAdmin, s.console.CreateBoard},
		{get, "/boards/:id/token", store.RoleAdmin, s.console.ShowBoardToken},
		{post, "/boards/:id/delete", store.RoleAdmin, s.console.DeleteBoard},
		{post, "/boards/adopt", store.RoleOperator, s.console.AdoptBoard},
		{post, "/boards/:id", store.RoleOperator, s.console.UpdateBoard},
		{get, "/report", anyRole, s.console.ShowReport},
		{get, "/report/print", anyRole, s.console.ShowReportPrint},
		{get, "/audit", store.RoleAdmin, s.console.ShowAudit},
		{get, "/setup", store.RoleAdmin, s.console.ShowSetup},
		{post, "/setup", store.RoleAdmin, s.console.SaveSetup},
		{get, "/settings", store.RoleAdmin, s.console.ShowSettings},
		{post, "/settings", store.RoleAdmin, s.console.SaveSettings},
		{get, "/users", store.RoleAdmin, s.console.ShowUsers},
		{post, "/users", store.RoleAdmin, s.console.CreateUser},
		{post, "/users/:id", store.RoleAdmin, s.console.UpdateUser},
		{post, "/users/:id/password", store.RoleAdmin, s.console.SetPassword},
		{post, "/tokens", store.RoleAdmin, s.console.CreateToken},
		{get, "/tokens/:id/shown", store.RoleAdmin, s.console.ShowNewToken},
		{post, "/tokens/:id/revoke", store.RoleAdmin, s.console.RevokeToken},
	}
}

func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		s.log.Debug("http", "method", c.Request().Method, "path", c.Request().URL.Path, "status", c.Response().Status)
		return nil
	}
}
