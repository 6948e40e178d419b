package request

import (
	"log/slog"

	"github.com/labstack/echo/v4"
)

// AccessLog hands a handler's error to echo's error handler (so the
// status is known) and logs each request at debug level.
func AccessLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := next(c); err != nil {
				c.Error(err)
			}
			log.Debug("http", "method", c.Request().Method, "path", c.Request().URL.Path, "status", c.Response().Status)
			return nil
		}
	}
}
