package respond

import (
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// HSTS tells browsers to come back only over HTTPS for a year (the usual
// value; browsers ignore it on plain HTTP). It leaves out
// includeSubDomains: the controller's name may sit under a commune's
// domain whose other sites it has no say over.
const HSTS = "max-age=31536000"

// Secure sets the browser's protections on every response: no framing,
// no sniffing, scripts and styles from the controller only.
var Secure = middleware.SecureWithConfig(middleware.SecureConfig{
	XSSProtection:         "0",
	ContentTypeNosniff:    "nosniff",
	XFrameOptions:         "DENY",
	ReferrerPolicy:        "same-origin",
	ContentSecurityPolicy: "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
})

// Private marks every response but the public static files
// "Cache-Control: no-store": pages and API answers carry slogans not yet
// approved, people's names and one-time tokens, which must not stay in a
// shared computer's cache. A handler serving a content-addressed picture
// (a board's download) sets its own caching over this. Under TLS, which
// the server knows from its configuration, every response also carries
// Strict-Transport-Security.
func Private(tls bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			if tls {
				h.Set("Strict-Transport-Security", HSTS)
			}
			if !strings.HasPrefix(c.Request().URL.Path, "/static/") {
				h.Set("Cache-Control", "no-store")
			}
			return next(c)
		}
	}
}
