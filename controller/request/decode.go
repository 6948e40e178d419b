package request

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

func PathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, respond.Err(http.StatusNotFound, "not_found", "Mã số “"+c.Param(name)+"” không hợp lệ.")
	}
	return id, nil
}

// BindJSON decodes a JSON body strictly: one object, nothing after it,
// and no field the route does not know, so a script never believes a
// setting was taken when it was not.
func BindJSON(c echo.Context, v any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return respond.BadRequest("content_type", "Cần gửi JSON (Content-Type: application/json).")
	}
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *echo.HTTPError // from the body limit
		if errors.As(err, &tooBig) {
			return tooBig
		}
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return respond.BadRequest("unknown_field", "Trường "+field+" không được hỗ trợ ở địa chỉ này; hãy xem tài liệu API.")
		}
		return respond.BadRequest("bad_json", "Nội dung JSON không hợp lệ hoặc sai kiểu dữ liệu.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return respond.BadRequest("trailing_data", "Sau đối tượng JSON còn dữ liệu thừa; mỗi yêu cầu gửi đúng một đối tượng.")
	}
	return nil
}
