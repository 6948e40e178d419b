package controller

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"codong/protocol"
)

// maxBodyBytes bounds every request body: slogans are short, and the
// controller takes no uploads yet.
const maxBodyBytes = "1M"

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	// The controller faces boards and browsers directly: never take the
	// client address from X-Forwarded-For, which anyone can set.
	e.IPExtractor = echo.ExtractIPDirect()
	e.Renderer = mustTemplates(s.cfg.Location)
	e.Use(middleware.Recover())
	e.Use(middleware.BodyLimit(maxBodyBytes))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
	}))
	e.Use(s.accessLog)

	e.GET("/static/*", echo.WrapHandler(http.StripPrefix("/static/", http.FileServer(http.FS(staticFS())))))
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })

	api := e.Group("/api/v1", s.requireAPI)
	api.GET("/slogans", s.apiListSlogans)
	api.POST("/slogans", s.apiCreateSlogan)
	api.GET("/slogans/:id", s.apiGetSlogan)
	api.PUT("/slogans/:id", s.apiUpdateSlogan)
	api.DELETE("/slogans/:id", s.apiDeleteSlogan)
	api.GET("/render", s.renderPreview)
	api.GET("/legacy", s.apiLegacy)
	api.GET("/playlists", s.apiListPlaylists)
	api.POST("/playlists", s.apiCreatePlaylist)
	api.GET("/playlists/:slug", s.apiGetPlaylist)
	api.POST("/playlists/:slug/items", s.apiAddItem)
	api.PUT("/playlists/:slug/items/:id", s.apiUpdateItem)
	api.DELETE("/playlists/:slug/items/:id", s.apiRemoveItem)
	api.GET("/fleet", s.apiFleet)
	api.GET("/boards", s.apiListBoards)
	api.POST("/boards", s.apiCreateBoard)
	api.POST("/boards/adopt", s.apiAdoptBoard)
	api.GET("/pairings", s.apiListPairings)
	api.PUT("/boards/:id", s.apiUpdateBoard)
	api.DELETE("/boards/:id", s.apiDeleteBoard)
	api.GET("/schedule", s.apiSchedule)
	api.POST("/schedule", s.apiAddSlot)
	api.DELETE("/schedule/:id", s.apiRemoveSlot)
	api.GET("/override", s.apiGetOverride)
	api.POST("/override", s.apiSetOverride)
	api.DELETE("/override", s.apiClearOverride)
	api.GET("/audit", s.apiAudit)
	api.GET("/report", s.apiReport)
	api.GET("/boards/:id/thumbnail.png", s.apiThumbnail)

	e.POST(protocol.PairPath, s.playerPairStart)
	e.GET(protocol.PairPath, s.playerPairState)
	player := e.Group("/api/v1/player", s.requireBoard)
	player.GET("/connect", s.playerConnect)
	player.GET("/assets/:sum", s.playerAsset)

	e.GET("/login", s.showLogin)
	e.POST("/login", s.login)
	ui := e.Group("", s.requireUser)
	ui.POST("/logout", s.logout)
	ui.GET("/", s.showDashboard)
	ui.POST("/override", s.uiSetOverride)
	ui.POST("/override/clear", s.uiClearOverride)
	ui.GET("/slogans", s.showSlogans)
	ui.GET("/slogans/new", s.showSloganForm)
	ui.POST("/slogans/new", s.saveSlogan)
	ui.GET("/slogans/:id", s.showSloganForm)
	ui.POST("/slogans/:id", s.saveSlogan)
	ui.POST("/slogans/:id/delete", s.uiDeleteSlogan)
	ui.GET("/preview", s.renderPreview)
	ui.GET("/playlists", s.showPlaylists)
	ui.POST("/playlists/:slug/items", s.uiAddItem)
	ui.POST("/playlists/:slug/items/:id", s.uiEditItem)
	ui.POST("/schedule", s.uiAddSlot)
	ui.POST("/schedule/:id/delete", s.uiRemoveSlot)
	ui.GET("/boards", s.showBoards)
	ui.POST("/boards", s.uiCreateBoard)
	ui.POST("/boards/:id/delete", s.uiDeleteBoard)
	ui.POST("/boards/adopt", s.uiAdoptBoard)
	ui.POST("/boards/:id", s.uiUpdateBoard)
	ui.GET("/audit", s.showAudit)
	return e
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
