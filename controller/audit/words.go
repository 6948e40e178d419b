package audit

import (
	"regexp"
	"strings"

	"codong/controller/respond"
	"codong/controller/store"
)

// actionNames are the audit log's actions as people read them; the keys
// stay stable for scripts reading /api/v1/audit.
var actionNames = map[string]string{
	"slogan.submit":            "Gửi duyệt khẩu hiệu",
	"key.replace":              "Thay khoá ký của hệ thống",
	"slogan.delete":            "Xoá khẩu hiệu",
	"photo.submit":             "Gửi duyệt ảnh",
	"photo.reject":             "Từ chối ảnh",
	"photo.withdraw":           "Rút lại ảnh gửi duyệt",
	"photo.delete":             "Xoá ảnh",
	"playlist.create":          "Tạo danh sách phát",
	"playlist.rename":          "Đổi tên danh sách phát",
	"playlist.delete":          "Xoá danh sách phát",
	"playlist.submit":          "Gửi duyệt danh sách phát",
	"schedule.submit":          "Gửi duyệt lịch phát",
	"version.approve":          "Duyệt",
	"slogan.reject":            "Từ chối khẩu hiệu",
	"playlist.reject":          "Từ chối danh sách phát",
	"schedule.reject":          "Từ chối lịch phát",
	"slogan.withdraw":          "Rút lại khẩu hiệu gửi duyệt",
	"playlist.withdraw":        "Rút lại danh sách phát gửi duyệt",
	"schedule.withdraw":        "Rút lại lịch phát gửi duyệt",
	"slogan.create":            "Thêm khẩu hiệu (trước khi có duyệt)",
	"slogan.update":            "Sửa khẩu hiệu (trước khi có duyệt)",
	"playlist.add_item":        "Thêm vào danh sách phát (trước khi có duyệt)",
	"playlist.update_item":     "Đổi thời lượng (trước khi có duyệt)",
	"playlist.remove_item":     "Bỏ khỏi danh sách phát (trước khi có duyệt)",
	"playlist.move_item":       "Đổi thứ tự (trước khi có duyệt)",
	"schedule.add":             "Thêm khung giờ phát (trước khi có duyệt)",
	"schedule.remove":          "Xoá khung giờ phát (trước khi có duyệt)",
	"user.disable":             "Khoá người dùng",
	"content.approve_existing": "Nội dung có sẵn được coi là đã duyệt",
	"board.create":             "Thêm bảng",
	"board.adopt":              "Ghép nối bảng",
	"board.update":             "Sửa nhóm, giờ sáng/tắt của bảng",
	"group.create":             "Tạo nhóm bảng",
	"group.rename":             "Đổi tên nhóm bảng",
	"group.delete":             "Xoá nhóm bảng",
	"board.delete":             "Xoá bảng, thu hồi mã",
	"override.set":             "Bật phát đặc biệt",
	"override.clear":           "Trở về lịch phát",
	"user.create":              "Tạo người dùng",
	"user.update":              "Sửa vai trò, khoá/mở người dùng",
	"user.password":            "Đặt lại mật khẩu",
	"user.password_change":     "Tự đổi mật khẩu",
	"account.control":          "Ghi nhận người nắm tài khoản: không duyệt bản của nhau",
	"version.four_eyes":        "Bị từ chối duyệt: người duyệt và người soạn là một người",
	"token.create":             "Tạo mã truy cập",
	"token.revoke":             "Thu hồi mã truy cập",
	"login":                    "Đăng nhập",
	"login.failed":             "Đăng nhập sai",

	// Self-update of players (store/releases.go).
	"player_release.add":        "Thêm bản phần mềm bảng",
	"player_release.rollout":    "Phát hành bản phần mềm bảng",
	"player_update.taken":       "Bảng đã cập nhật phần mềm",
	"player_update.rolled_back": "Bảng đã quay về bản cũ",
	"player_update.refused":     "Bảng từ chối bản phần mềm",
}

// RolesText writes role codes ("admin,editor", as stored) the way people
// read them, inside any text.
func RolesText(s string) string { return roleWords.Replace(s) }

// DetailText shows an audit detail with the role list that user and
// token entries end with, "(editor,approver)", in words; the rest (a
// user named "admin", say) is left as written.
func DetailText(d string) string {
	d = kindWords.ReplaceAllStringFunc(d, func(m string) string {
		kind, rest, _ := strings.Cut(m, " ")
		return strings.ToLower(respond.KindNames[kind]) + " " + rest
	})
	// "slug: Name" (creating a playlist or a group): people know the
	// name; the slug is the scripts' handle.
	d = slugPrefix.ReplaceAllString(d, "")
	i := strings.LastIndexByte(d, '(')
	if i < 0 || !strings.HasSuffix(d, ")") {
		return d
	}
	if _, err := store.ParseRoles(d[i+1 : len(d)-1]); err != nil {
		return d
	}
	return d[:i+1] + RolesText(d[i+1:])
}

// The audit log stores a version's kind in English ("playlist #2 v3"),
// stable for scripts reading /api/v1/audit; the page says it in words.
var (
	kindWords  = regexp.MustCompile(`\b(slogan|playlist|schedule|photo) (#\d+ )?v\d+`)
	slugPrefix = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*: `)
)

var roleWords = strings.NewReplacer(
	store.RoleEditor, respond.RoleNames[store.RoleEditor], store.RoleApprover, respond.RoleNames[store.RoleApprover],
	store.RoleOperator, respond.RoleNames[store.RoleOperator], store.RoleAdmin, respond.RoleNames[store.RoleAdmin], ",", ", ")

// ActionName says an audit action as people read it; an unknown one
// as it is stored.
func ActionName(a string) string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return a
}
