package request

import (
	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

// RefuseBody refuses a body where a route reads none: a script that
// sends settings with a GET or a DELETE must learn they were not taken.
func RefuseBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if r := c.Request(); r.ContentLength > 0 || (r.ContentLength < 0 && len(r.TransferEncoding) > 0) {
			return respond.BadRequest("unexpected_body", "Địa chỉ này không nhận nội dung gửi kèm; các thiết lập phải gửi bằng POST hoặc PUT như trong tài liệu API.")
		}
		return next(c)
	}
}
