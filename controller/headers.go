package controller

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
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

// healthProblem is one reason /healthz is not ok.
type healthProblem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// healthz answers /healthz before routing and before any other
// middleware, so nothing a burst of other requests does can slow it:
// "ok", or the problems as JSON for monitoring to show. A damaged
// database answers 503: a load balancer must stop sending work to it. A
// full disk alone answers 200 with status "degraded": logins and
// switches still work there (disk.go), and a load balancer checking
// /healthz (docs/operations.md) must keep sending them.
func (s *Server) healthz(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.URL.Path != "/healthz" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			return next(c)
		}
		var problems []healthProblem
		status, word := http.StatusOK, "degraded"
		if s.store.Corrupted() != nil {
			problems = append(problems, healthProblem{Code: "database_corrupt", Message: respond.CorruptMessage})
			status, word = http.StatusServiceUnavailable, "error"
		}
		if p := s.disk.problem(); p != nil {
			problems = append(problems, healthProblem{Code: p.Code, Message: p.Message})
		}
		if problems == nil {
			return c.String(http.StatusOK, "ok")
		}
		return c.JSON(status, map[string]any{"status": word, "problems": problems})
	}
}
