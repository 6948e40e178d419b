// Package respond says every failure of a request the one way, as an
// Error with its HTTP status, a stable code and a Vietnamese message: the
// API writes it as JSON and the pages show it, both through the one error
// handler of package controller.
package respond

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// Error is an error with its HTTP status, a stable code for scripts and
// a Vietnamese message for people.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Revocation, on a refused board token, is signed so the player can
	// tell a real deletion from a forged 401.
	Revocation *protocol.Revocation `json:"revocation,omitempty"`
}

func (e *Error) Error() string { return e.Message }

// Err is an Error with its status, code and message.
func Err(status int, code, msg string) *Error {
	return &Error{Status: status, Code: code, Message: msg}
}

// BadRequest refuses input with 400, code and message.
func BadRequest(code, msg string) error {
	return &Error{Status: http.StatusBadRequest, Code: code, Message: msg}
}

// Explain says an error to a person in Vietnamese, as the API and the
// pages do: the command line prints the same sentences (a limit broken,
// a name taken) rather than the store's words for programs. An error
// nobody anticipated is said as it is.
func Explain(err error) string {
	if ae, internal := Classify(err); !internal {
		return ae.Message
	}
	return err.Error()
}

// Classify turns any error into an Error; unknown errors become a
// generic 500 whose details go to the log only.
func Classify(err error) (*Error, bool) {
	var ae *Error
	var ge *assets.GlyphError
	var he *echo.HTTPError
	var stale *store.StaleError
	var changed *store.ChangedError
	var bad *store.InvalidError
	var played *store.PlaylistInUseError
	var notHeld *store.RolesNotHeldError
	var fourEyes *store.FourEyesError
	switch {
	case errors.As(err, &ae):
		return ae, false
	case store.IsCorrupt(err):
		return Err(http.StatusServiceUnavailable, "database_corrupt", CorruptMessage), true
	case errors.As(err, &bad):
		return Err(http.StatusBadRequest, "invalid_"+bad.Problem, invalidMessage(bad)), false
	case errors.As(err, &notHeld):
		var names []string
		for _, r := range notHeld.Missing {
			names = append(names, RoleNames[r])
		}
		return Err(http.StatusForbidden, "role_not_held", "Mã truy cập mới không được có vai trò mà người (hay mã) tạo ra nó không có: "+strings.Join(names, ", ")+". Hãy bỏ chọn các vai trò đó, hoặc nhờ người có các vai trò ấy tạo mã."), false
	case errors.As(err, &stale):
		return Err(http.StatusConflict, "edit_conflict", staleMessage(stale.Latest)), false
	case errors.As(err, &changed):
		return Err(http.StatusConflict, "edit_conflict", changedMessage(changed)), false
	case errors.Is(err, store.ErrNewerSchema):
		return Err(http.StatusInternalServerError, "newer_schema", "Cơ sở dữ liệu này do một bản codong mới hơn nâng cấp; bản này sẽ đọc sai nên không chạy. Hãy chạy bản codong mới đó (hoặc khôi phục bản sao lưu trước khi nâng cấp)."), false
	case errors.As(err, &fourEyes) && fourEyes.SameHands:
		return Err(http.StatusForbidden, "four_eyes_same_person", "Không duyệt được: tài khoản của bạn và “"+fourEyes.AuthorName+
			"”, người soạn bản này, được tính là của cùng một người, vì một tài khoản do tài khoản kia (hoặc người tạo ra nó) tạo ra hay đặt lại mật khẩu. Cần một người Phê duyệt khác, có tài khoản riêng không liên quan, duyệt bản này."), false
	case errors.Is(err, store.ErrFourEyes):
		return Err(http.StatusForbidden, "four_eyes", "Không ai được tự duyệt bản mình soạn: cần một người khác có vai trò Phê duyệt."), false
	case errors.Is(err, store.ErrFromAbove):
		return Err(http.StatusForbidden, "from_above", "Nội dung này do đơn vị cấp trên soạn và chia sẻ xuống: đơn vị của bạn dùng được (đưa vào danh sách phát, lịch phát) nhưng không sửa, xoá hay thôi chia sẻ được."), false
	case errors.Is(err, store.ErrNotAuthor):
		return Err(http.StatusForbidden, "not_author", "Chỉ người soạn bản này mới được rút lại hay gửi duyệt lại nó. Muốn làm tiếp từ bản này, hãy mở khẩu hiệu (hay ảnh) và sửa: bản sửa mang tên bạn, kèm tên người soạn trước."), false
	case errors.Is(err, store.ErrNotAllowed):
		return Err(http.StatusForbidden, "forbidden", "Bạn không có quyền làm việc này với bản này (chỉ người soạn được rút lại bản của mình)."), false
	case errors.Is(err, store.ErrNotPending):
		return Err(http.StatusConflict, "not_pending", "Bản này không còn ở trạng thái phù hợp (đã được duyệt, bị từ chối, rút lại, hay đã có bản mới hơn); hãy tải lại trang."), false
	case errors.Is(err, store.ErrNotApproved):
		return Err(http.StatusConflict, "not_approved", "Danh sách phát này còn nội dung chưa được duyệt (hoặc chưa có gì đã duyệt); chỉ chuyển bảng sang danh sách mà mọi khẩu hiệu đều đã duyệt."), false
	case errors.Is(err, store.ErrGroupInUse):
		return Err(http.StatusConflict, "group_in_use", "Lịch phát (kể cả bản đang chờ duyệt) hoặc lệnh chuyển đang nhắm tới nhóm này; hãy bỏ các khung giờ đó trước khi xoá nhóm."), false
	case errors.Is(err, store.ErrBoardInUse):
		return Err(http.StatusConflict, "board_in_use", "Lịch phát (kể cả bản đang chờ duyệt) hoặc lệnh chuyển đang nhắm riêng tới bảng này; hãy bỏ các khung giờ hay lệnh chuyển đó trước khi xoá bảng."), false
	case errors.As(err, &played):
		return Err(http.StatusConflict, "playlist_in_use", PlaylistUseMessages[played.Why]), false
	case errors.Is(err, store.ErrInUse):
		return Err(http.StatusConflict, "in_use", "Khẩu hiệu hay ảnh này đang nằm trong một danh sách phát (hoặc bản nháp của nó); hãy bỏ nó khỏi danh sách trước."), false
	case errors.Is(err, store.ErrGone):
		return Err(http.StatusConflict, "gone", "Bản này nhắc tới khẩu hiệu, ảnh hay danh sách phát đã bị xoá; hãy sửa rồi gửi duyệt lại."), false
	case errors.Is(err, store.ErrTooMany):
		return Err(http.StatusConflict, "too_many", fmt.Sprintf("Mỗi danh sách phát có tối đa %d mục, lịch phát tối đa %d khung giờ; hãy bỏ bớt trước khi thêm.", store.MaxItems, store.MaxSlots)), false
	case errors.Is(err, store.ErrLastAdmin):
		return Err(http.StatusConflict, "last_admin", "Không thể khoá hay bỏ vai trò Quản trị của người quản trị cuối cùng còn hoạt động."), false
	case errors.Is(err, store.ErrNotFound):
		msg := "Không tìm thấy."
		if err != store.ErrNotFound {
			msg = Sentence(err.Error())
		}
		return Err(http.StatusNotFound, "not_found", msg), false
	case errors.Is(err, store.ErrConflict):
		return Err(http.StatusConflict, "conflict", Sentence(err.Error())), false
	case errors.As(err, &ge):
		return Err(http.StatusUnprocessableEntity, "missing_glyph", "Không hiển thị được: "+ge.Error()+"."), false
	case errors.Is(err, playlists.ErrInvalid), errors.Is(err, assets.ErrEmptyText), errors.Is(err, assets.ErrTextTooLong):
		return Err(http.StatusBadRequest, "invalid", Sentence(err.Error())), false
	case errors.As(err, &he):
		return httpStatusError(he.Code), false
	case IsDiskFull(err):
		return ErrDiskFull, false
	}
	return Err(http.StatusInternalServerError, "internal", "Lỗi hệ thống; chi tiết đã được ghi vào nhật ký."), true
}

func httpStatusError(code int) *Error {
	switch code {
	case http.StatusNotFound:
		return Err(code, "not_found", "Không tìm thấy trang hoặc tài nguyên này.")
	case http.StatusMethodNotAllowed:
		return Err(code, "method_not_allowed", "Phương thức không được hỗ trợ ở địa chỉ này.")
	case http.StatusUnauthorized:
		return Err(code, "unauthorized", "Cần đăng nhập hoặc mã truy cập hợp lệ.")
	case http.StatusForbidden:
		return Err(code, "forbidden", "Bạn không có quyền làm việc này.")
	case http.StatusRequestEntityTooLarge:
		return Err(code, "too_large", "Dữ liệu gửi lên quá lớn.")
	case http.StatusTooManyRequests:
		return Err(code, "too_many_requests", "Quá nhiều yêu cầu; hãy thử lại sau ít phút.")
	}
	if code >= 400 && code < 500 {
		return Err(code, "bad_request", "Yêu cầu không hợp lệ.")
	}
	return Err(http.StatusInternalServerError, "internal", "Lỗi hệ thống; chi tiết đã được ghi vào nhật ký.")
}

// ErrDiskFull refuses a write while the disk is full.
var ErrDiskFull = Err(http.StatusInsufficientStorage, "disk_full",
	"Ổ đĩa chứa dữ liệu của codong đã đầy. Đăng nhập, chuyển bảng và trở về lịch phát vẫn làm được; tải ảnh lên thì không. Hãy báo cán bộ kỹ thuật giải phóng chỗ trống (xoá tệp không cần trên máy chủ) ngay.")

// IsDiskFull reports an error from a write that found no room: the
// file system's, or SQLite's (SQLITE_FULL).
func IsDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "database or disk is full")
}

// Busy refuses a request for now: 503 with Retry-After, code "busy".
func Busy(c echo.Context, retryAfter time.Duration, msg string) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
	return Err(http.StatusServiceUnavailable, "busy", msg)
}
