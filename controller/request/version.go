package request

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

// Every resource an officer replaces whole (a slogan, a photo, a board's
// settings, a group's or a playlist's name, an item's duration, a user's
// roles) is changed from the version they saw, sent as "version" in the
// body or as If-Match: a save from an older one is refused with 409
// edit_conflict naming who saved meanwhile, and one naming no version
// with 428 version_required. The same contract everywhere, from here.

// versionRequired refuses a change that names no version.
func versionRequired() error {
	return respond.Err(http.StatusPreconditionRequired, "version_required",
		"Cần cho biết bạn sửa từ phiên bản nào (trường “version” hoặc tiêu đề If-Match), để không ghi đè bản của người khác.")
}

// versionNumber refuses a version no change can be made from: versions
// are numbered from 1 (a -1 once meant "any version" inside the store
// and skipped the conflict check).
func versionNumber(n int) (int, error) {
	if n < 1 {
		return 0, respond.BadRequest("bad_version", fmt.Sprintf("Phiên bản %d không có: phiên bản được đánh số từ 1. Hãy gửi số phiên bản bạn đã mở để sửa (trường “version” khi đọc nội dung).", n))
	}
	return n, nil
}

// EditVersion checks the version a decoded body names.
func EditVersion(v *int) error {
	if v == nil {
		return versionRequired()
	}
	_, err := versionNumber(*v)
	return err
}

// BaseVersion is the version a change was made from: the body's field,
// else the If-Match header.
func BaseVersion(c echo.Context, fromBody *int) (int, error) {
	if fromBody != nil {
		return versionNumber(*fromBody)
	}
	m := strings.Trim(c.Request().Header.Get("If-Match"), `"W/ `)
	if m == "" {
		return 0, versionRequired()
	}
	n, err := strconv.Atoi(m)
	if err != nil {
		return 0, respond.BadRequest("bad_if_match", "If-Match phải là số phiên bản, ví dụ \"3\".")
	}
	return versionNumber(n)
}

// FormVersion is the version a console form was drawn from (its hidden
// "version" field).
func FormVersion(c echo.Context) (int, error) {
	v := c.FormValue("version")
	if v == "" {
		return 0, versionRequired()
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, respond.BadRequest("bad_version", "Phiên bản của biểu mẫu không hợp lệ; hãy tải lại trang.")
	}
	return versionNumber(n)
}

// SetETag tells a script the version to send back with its change.
func SetETag(c echo.Context, version int) {
	c.Response().Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
}
