package controller

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// hstsHeader tells browsers to come back only over HTTPS for a year
// (the usual value; browsers ignore it on plain HTTP). It leaves out
// includeSubDomains: the controller's name may sit under a commune's
// domain whose other sites it has no say over.
const hstsHeader = "max-age=31536000"

// privacyHeaders marks every response but the public static files
// "Cache-Control: no-store": pages and API answers carry slogans not yet
// approved, people's names and one-time tokens, which must not stay in a
// shared computer's cache. A handler serving a content-addressed picture
// (a board's download) sets its own caching over this. Under TLS, which
// the server knows from its configuration, every response also carries
// Strict-Transport-Security.
func (s *Server) privacyHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	tls := s.cfg.TLSCert != ""
	return func(c echo.Context) error {
		h := c.Response().Header()
		if tls {
			h.Set("Strict-Transport-Security", hstsHeader)
		}
		if !strings.HasPrefix(c.Request().URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// healthz answers /healthz before routing and before any other
// middleware, so nothing a burst of other requests does can slow it.
// problem, when it finds one (the disk is full), makes the answer JSON
// with "ok": false and the reason, for a monitor and a person. The status
// stays 200: a load balancer checking /healthz (docs/operations.md) must
// keep sending logins and switches to a controller that can still do
// them.
func healthz(problem func() *apiError) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if r := c.Request(); r.URL.Path == "/healthz" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
				if p := problem(); p != nil {
					return c.JSON(http.StatusOK, map[string]any{"ok": false, "code": p.Code, "message": p.Message})
				}
				return c.String(http.StatusOK, "ok")
			}
			return next(c)
		}
	}
}
