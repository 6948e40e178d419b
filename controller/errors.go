package controller

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// apiError is an error with its HTTP status, a stable code for scripts and
// a Vietnamese message for people.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Revocation, on a refused board token, is signed so the player can
	// tell a real deletion from a forged 401.
	Revocation *protocol.Revocation `json:"revocation,omitempty"`
}

func (e *apiError) Error() string { return e.Message }

func apiErr(status int, code, msg string) *apiError {
	return &apiError{Status: status, Code: code, Message: msg}
}

func badRequest(code, msg string) error {
	return &apiError{Status: http.StatusBadRequest, Code: code, Message: msg}
}

// classify turns any error into an apiError; unknown errors become a
// generic 500 whose details go to the log only.
// Explain says an error to a person in Vietnamese, as the API and the
// pages do: the command line prints the same sentences (a limit broken,
// a name taken) rather than the store's words for programs. An error
// nobody anticipated is said as it is.
func Explain(err error) string {
	if ae, internal := classify(err); !internal {
		return ae.Message
	}
	return err.Error()
}

func classify(err error) (*apiError, bool) {
	var ae *apiError
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
		return apiErr(http.StatusServiceUnavailable, "database_corrupt", corruptMessage), true
	case errors.As(err, &bad):
		return apiErr(http.StatusBadRequest, "invalid_"+bad.Problem, invalidMessage(bad)), false
	case errors.As(err, &notHeld):
		var names []string
		for _, r := range notHeld.Missing {
			names = append(names, roleNames[r])
		}
		return apiErr(http.StatusForbidden, "role_not_held", "Mã truy cập mới không được có vai trò mà người (hay mã) tạo ra nó không có: "+strings.Join(names, ", ")+". Hãy bỏ chọn các vai trò đó, hoặc nhờ người có các vai trò ấy tạo mã."), false
	case errors.As(err, &stale):
		return apiErr(http.StatusConflict, "edit_conflict", staleMessage(stale.Latest)), false
	case errors.As(err, &changed):
		return apiErr(http.StatusConflict, "edit_conflict", changedMessage(changed)), false
	case errors.Is(err, store.ErrNewerSchema):
		return apiErr(http.StatusInternalServerError, "newer_schema", "Cơ sở dữ liệu này do một bản codong mới hơn nâng cấp; bản này sẽ đọc sai nên không chạy. Hãy chạy bản codong mới đó (hoặc khôi phục bản sao lưu trước khi nâng cấp)."), false
	case errors.As(err, &fourEyes) && fourEyes.SameHands:
		return apiErr(http.StatusForbidden, "four_eyes_same_person", "Không duyệt được: tài khoản của bạn và “"+fourEyes.AuthorName+
			"”, người soạn bản này, được tính là của cùng một người, vì một tài khoản do tài khoản kia (hoặc người tạo ra nó) tạo ra hay đặt lại mật khẩu. Cần một người Phê duyệt khác, có tài khoản riêng không liên quan, duyệt bản này."), false
	case errors.Is(err, store.ErrFourEyes):
		return apiErr(http.StatusForbidden, "four_eyes", "Không ai được tự duyệt bản mình soạn: cần một người khác có vai trò Phê duyệt."), false
	case errors.Is(err, store.ErrNotAuthor):
		return apiErr(http.StatusForbidden, "not_author", "Chỉ người soạn bản này mới được rút lại hay gửi duyệt lại nó. Muốn làm tiếp từ bản này, hãy mở khẩu hiệu (hay ảnh) và sửa: bản sửa mang tên bạn, kèm tên người soạn trước."), false
	case errors.Is(err, store.ErrNotAllowed):
		return apiErr(http.StatusForbidden, "forbidden", "Bạn không có quyền làm việc này với bản này (chỉ người soạn được rút lại bản của mình)."), false
	case errors.Is(err, store.ErrNotPending):
		return apiErr(http.StatusConflict, "not_pending", "Bản này không còn ở trạng thái phù hợp (đã được duyệt, bị từ chối, rút lại, hay đã có bản mới hơn); hãy tải lại trang."), false
	case errors.Is(err, store.ErrNotApproved):
		return apiErr(http.StatusConflict, "not_approved", "Danh sách phát này còn nội dung chưa được duyệt (hoặc chưa có gì đã duyệt); chỉ chuyển bảng sang danh sách mà mọi khẩu hiệu đều đã duyệt."), false
	case errors.Is(err, store.ErrGroupInUse):
		return apiErr(http.StatusConflict, "group_in_use", "Lịch phát (kể cả bản đang chờ duyệt) hoặc lệnh chuyển đang nhắm tới nhóm này; hãy bỏ các khung giờ đó trước khi xoá nhóm."), false
	case errors.Is(err, store.ErrBoardInUse):
		return apiErr(http.StatusConflict, "board_in_use", "Lịch phát (kể cả bản đang chờ duyệt) hoặc lệnh chuyển đang nhắm riêng tới bảng này; hãy bỏ các khung giờ hay lệnh chuyển đó trước khi xoá bảng."), false
	case errors.As(err, &played):
		return apiErr(http.StatusConflict, "playlist_in_use", playlistUseMessages[played.Why]), false
	case errors.Is(err, store.ErrInUse):
		return apiErr(http.StatusConflict, "in_use", "Khẩu hiệu hay ảnh này đang nằm trong một danh sách phát (hoặc bản nháp của nó); hãy bỏ nó khỏi danh sách trước."), false
	case errors.Is(err, store.ErrGone):
		return apiErr(http.StatusConflict, "gone", "Bản này nhắc tới khẩu hiệu, ảnh hay danh sách phát đã bị xoá; hãy sửa rồi gửi duyệt lại."), false
	case errors.Is(err, store.ErrTooMany):
		return apiErr(http.StatusConflict, "too_many", fmt.Sprintf("Mỗi danh sách phát có tối đa %d mục, lịch phát tối đa %d khung giờ; hãy bỏ bớt trước khi thêm.", store.MaxItems, store.MaxSlots)), false
	case errors.Is(err, store.ErrLastAdmin):
		return apiErr(http.StatusConflict, "last_admin", "Không thể khoá hay bỏ vai trò Quản trị của người quản trị cuối cùng còn hoạt động."), false
	case errors.Is(err, store.ErrNotFound):
		msg := "Không tìm thấy."
		if err != store.ErrNotFound {
			msg = sentence(err.Error())
		}
		return apiErr(http.StatusNotFound, "not_found", msg), false
	case errors.Is(err, store.ErrConflict):
		return apiErr(http.StatusConflict, "conflict", sentence(err.Error())), false
	case errors.As(err, &ge):
		return apiErr(http.StatusUnprocessableEntity, "missing_glyph", "Không hiển thị được: "+ge.Error()+"."), false
	case errors.Is(err, playlists.ErrInvalid), errors.Is(err, assets.ErrEmptyText), errors.Is(err, assets.ErrTextTooLong):
		return apiErr(http.StatusBadRequest, "invalid", sentence(err.Error())), false
	case errors.As(err, &he):
		return httpStatusError(he.Code), false
	case isDiskFull(err):
		return errDiskFull, false
	}
	return apiErr(http.StatusInternalServerError, "internal", "Lỗi hệ thống; chi tiết đã được ghi vào nhật ký."), true
}

// hoChiMinh shows times in messages built away from a request's
// configured zone; Vietnam keeps UTC+7 all year.
var hoChiMinh = time.FixedZone("+07", 7*3600)

// staleMessage tells an author who saved meanwhile, and what.
func staleMessage(v store.Version) string {
	what := ""
	var b store.SloganBody
	if v.Kind == store.KindSlogan && json.Unmarshal(v.Body, &b) == nil {
		what = ": “" + b.Text + "”"
	}
	return fmt.Sprintf("%s đã lưu phiên bản %d lúc %s%s. Bản của bạn chưa được lưu; hãy xem lại rồi lưu lại.",
		v.AuthorName, v.Number, v.CreatedAt.In(hoChiMinh).Format("15:04 02/01/2006"), what)
}

func httpStatusError(code int) *apiError {
	switch code {
	case http.StatusNotFound:
		return apiErr(code, "not_found", "Không tìm thấy trang hoặc tài nguyên này.")
	case http.StatusMethodNotAllowed:
		return apiErr(code, "method_not_allowed", "Phương thức không được hỗ trợ ở địa chỉ này.")
	case http.StatusUnauthorized:
		return apiErr(code, "unauthorized", "Cần đăng nhập hoặc mã truy cập hợp lệ.")
	case http.StatusForbidden:
		return apiErr(code, "forbidden", "Bạn không có quyền làm việc này.")
	case http.StatusRequestEntityTooLarge:
		return apiErr(code, "too_large", "Dữ liệu gửi lên quá lớn.")
	case http.StatusTooManyRequests:
		return apiErr(code, "too_many_requests", "Quá nhiều yêu cầu; hãy thử lại sau ít phút.")
	}
	if code >= 400 && code < 500 {
		return apiErr(code, "bad_request", "Yêu cầu không hợp lệ.")
	}
	return apiErr(http.StatusInternalServerError, "internal", "Lỗi hệ thống; chi tiết đã được ghi vào nhật ký.")
}

// sentence capitalises a wrapped error's first letter for display.
func sentence(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// handleError renders errors as JSON under /api and as a page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ae, internal := classify(s.store.Check(err))
	if internal {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		c.JSON(ae.Status, ae)
		return
	}
	s.render(c, ae.Status, "error", map[string]any{"Error": ae})
}

// playlistUseMessages say why a playlist cannot be deleted, and what to
// do instead.
var playlistUseMessages = map[string]string{
	store.UseBuiltIn:       "Không xoá được danh sách này: bảng phát danh sách mặc định khi không có lịch, và nút “Mừng Đại hội thành công” chuyển mọi bảng sang danh sách mừng Đại hội. Có thể đổi tên hoặc bỏ bớt mục.",
	store.UseSchedule:      "Không xoá được: lịch phát đã duyệt đang phát danh sách này. Hãy bỏ các khung giờ của nó ở trang Lịch phát và chờ duyệt, rồi xoá.",
	store.UseDraftSchedule: "Không xoá được: bản lịch phát đang soạn hoặc chờ duyệt có khung giờ phát danh sách này. Hãy bỏ các khung giờ đó ở trang Lịch phát trước.",
	store.UseOverride:      "Không xoá được: các bảng đang được chuyển sang danh sách này. Hãy cho các bảng trở về lịch phát thường ngày trước.",
}

// fieldNames are the store's fields as people call them.
var fieldNames = map[string]string{
	store.FieldBoards:         "Số bảng",
	store.FieldBoardName:      "Tên bảng",
	store.FieldBoardSize:      "Kích thước bảng",
	store.FieldGroup:          "Nhóm",
	store.FieldGroups:         "Số nhóm",
	store.FieldBoardGroups:    "Nhóm của bảng",
	store.FieldSlotEnd:        "Giờ kết thúc",
	store.FieldSlotBoard:      "Bảng",
	store.FieldPower:          "Giờ giảm sáng/tắt",
	store.FieldScrollSpeed:    "Tốc độ chữ chạy",
	store.FieldPlaylistName:   "Tên danh sách phát",
	store.FieldPlaylists:      "Số danh sách phát",
	store.FieldItems:          "Tổng số mục của mọi danh sách phát",
	store.FieldSloganText:     "Nội dung khẩu hiệu",
	store.FieldSlogans:        "Số khẩu hiệu",
	store.FieldDays:           "Ngày trong tuần",
	store.FieldUsername:       "Tên đăng nhập",
	store.FieldUsers:          "Số tài khoản",
	store.FieldTokenName:      "Tên mã truy cập",
	store.FieldTokens:         "Số mã truy cập còn hiệu lực",
	store.FieldComment:        "Ý kiến",
	store.FieldPhotos:         "Số ảnh",
	store.FieldPhotoName:      "Tên tệp ảnh",
	store.FieldCaption:        "Chú thích ảnh",
	store.FieldPhotoFit:       "Cách đặt ảnh lên bảng",
	store.FieldCountdownDate:  "Ngày đếm ngược",
	store.FieldCountdownAfter: "Lời chào của ngày Đại hội",
	store.FieldCountdowns:     "Số khẩu hiệu đếm ngược đã duyệt",
}

// specificMessages say rules that read badly in the general form.
var specificMessages = map[[2]string]string{
	{store.FieldDays, store.ProblemEmpty}:          "Hãy đánh dấu ít nhất một ngày trong tuần cho khung giờ.",
	{store.FieldSlotEnd, store.ProblemUnconfirmed}: "Giờ kết thúc trước giờ bắt đầu nghĩa là khung giờ chạy qua đêm (sang sáng hôm sau); hãy xác nhận “qua đêm” nếu đúng ý bạn, hoặc sửa lại giờ.",
	{store.FieldGroup, store.ProblemUnknown}:       "Không có nhóm này; hãy chọn một nhóm trong trang Nhóm bảng.",
	{store.FieldBoardGroups, store.ProblemUnknown}: "Có nhóm không tồn tại; hãy chọn trong các nhóm ở trang Nhóm bảng.",
	{store.FieldSlotBoard, store.ProblemUnknown}:   "Không có bảng này.",
	{store.FieldSlotBoard, store.ProblemDuplicate}: "Hãy chọn một nhóm hoặc một bảng, không cả hai.",
	{store.FieldGroup, store.ProblemDuplicate}:     "Đã có nhóm trùng tên; hãy đặt tên khác.",
	{store.FieldVersion, store.ProblemRange}:       "Phiên bản được đánh số từ 1; hãy gửi số phiên bản bạn đã mở để sửa.",
	{store.FieldScrollSpeed, store.ProblemRange}:   fmt.Sprintf("Tốc độ chữ chạy phải từ %d đến %d điểm ảnh mỗi giây, hoặc 0 để dùng tốc độ mặc định theo chiều cao bảng.", store.MinScrollSpeed, store.MaxScrollSpeed),
}

// invalidMessage says in Vietnamese which rule a field broke.
func invalidMessage(e *store.InvalidError) string {
	if m, ok := specificMessages[[2]string{e.Field, e.Problem}]; ok {
		return m
	}
	name := fieldNames[e.Field]
	if name == "" {
		name = "Dữ liệu"
	}
	switch e.Problem {
	case store.ProblemEmpty:
		return name + " phải có ít nhất một chữ cái hoặc chữ số."
	case store.ProblemTooLong:
		return fmt.Sprintf("%s dài quá %d ký tự.", name, e.Limit)
	case store.ProblemTooMany:
		return fmt.Sprintf("%s đã tới giới hạn %d; hãy bỏ bớt trước khi thêm.", name, e.Limit)
	case store.ProblemInvisible:
		return name + " có ký tự ẩn hoặc ký tự điều khiển (ví dụ ký tự đảo chiều, ký tự không độ rộng); hãy gõ lại bằng chữ thường."
	case store.ProblemDuplicate:
		return name + " có mục bị lặp lại."
	case store.ProblemPlaceholder:
		if e.Field == store.FieldSloganText {
			return "Khẩu hiệu đếm ngược phải có đúng một chỗ " + playlists.CountdownPlaceholder + " (nơi hiện số ngày còn lại); khẩu hiệu thường không được có " + playlists.CountdownPlaceholder + "."
		}
		return name + " không được có " + playlists.CountdownPlaceholder + ": ngày Đại hội không còn đếm ngày."
	case store.ProblemDate:
		return fmt.Sprintf("%s phải là một ngày có thật, viết dạng năm-tháng-ngày (ví dụ 2026-12-20), từ năm %d đến %d.", name, store.MinCountdownYear, store.MaxCountdownYear)
	case store.ProblemUnknown:
		return name + " không thuộc các lựa chọn cho phép; hãy xem tài liệu API."
	case store.ProblemRange:
		return fmt.Sprintf("%s nằm ngoài giới hạn cho phép (mỗi chiều từ %d đến %d điểm ảnh).", name, store.MinBoardSide, store.MaxBoardSide)
	}
	return name + " không hợp lệ."
}
