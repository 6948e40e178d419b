// Package page is the frame every page of the console shares: who is
// logged in, the CSRF token for its forms, the message left by the
// previous action (a fixed text named by key, never words from a
// cookie), the alarm of the controller, what waits for an approver, and
// whose unit the page is.
package page

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/store"
)

const flashCookie = "codong_flash"

// View renders the pages.
type View struct {
	alarm func() string // what every page warns of, or ""
	// waiting counts what waits for an approver (nil: not shown).
	waiting func(context.Context, store.Scope, store.Actor) (int, error)
}

// crumb is one unit of the breadcrumbs: a link to its wall when the
// person may open it.
type crumb struct{ Name, Href string }

// unitChoice is a unit a form offers, indented under its parent.
type unitChoice struct{ Slug, Label string }

// New returns a View whose pages warn of alarm().
func New(alarm func() string) *View { return &View{alarm: alarm} }

// CountWaiting makes every page of an approver say how many versions
// wait for them, in the menu.
func (v *View) CountWaiting(count func(context.Context, store.Scope, store.Actor) (int, error)) {
	v.waiting = count
}

// Render shows a page with what every page needs: who is logged in, the
// CSRF token for its forms, and a message left by the previous action.
func (v *View) Render(c echo.Context, status int, name string, data map[string]any) error {
	if data == nil {
		data = map[string]any{}
	}
	if a := auth.ActorOf(c); a != nil && a.Session != nil {
		data["User"] = a.Session.User.Username
		data["CSRF"] = a.Session.CSRF
		data["Roles"] = a.Roles
		data["Below"] = a.Below()
		unitFrame(a, data)
		if _, ok := data["UnitPick"]; ok {
			// The header's unit choice opens the same page for another
			// unit where the page takes one, else that unit's dashboard.
			to := "/"
			if p := c.Request().URL.Path; p == "/report" || p == "/schedule" {
				to = p
			}
			data["UnitSwitchTo"] = to
		}
		if v.waiting != nil && a.Roles.Has(store.RoleApprover) {
			// A failed count leaves the menu without its number; the
			// approvals page says what is wrong.
			if n, err := v.waiting(c.Request().Context(), a.Scope, a.Actor); err == nil {
				data["WaitingCount"] = n
			}
		}
	}
	if ck, err := c.Cookie(flashCookie); err == nil && ck.Value != "" {
		data["Flash"] = flashText(ck.Value)
		c.SetCookie(&http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	}
	data["Page"] = name
	data["Alarm"] = v.alarm()
	return c.Render(status, name, data)
}

// flashes are fixed messages named by key, so a crafted cookie or link
// cannot put arbitrary words on the page.
var flashes = map[string]string{
	"saved":                 "Đã lưu.",
	"setup_done":            "Đã lưu thông tin đơn vị. Các khẩu hiệu khởi tạo (có tên Đại hội của đơn vị) và danh sách “Mừng Đại hội thành công” đang chờ Ban Thường vụ duyệt: chưa bảng nào hiện chúng trước khi được duyệt.",
	"setup_done_before":     "Thông tin đơn vị đã được khai báo từ trước; hãy sửa ở đây.",
	"deleted":               "Đã xoá.",
	"override_on":           "Đã gửi lệnh chuyển tới các bảng; bên dưới hiện bảng nào đã chuyển.",
	"override_off":          "Đã gửi lệnh trở về lịch phát thường ngày; bên dưới hiện bảng nào đã trở về.",
	"logged_out":            "Đã đăng xuất.",
	"board_adopted":         "Đã ghép nối bảng; bảng sẽ nhận nội dung trong giây lát.",
	"shared_down":           "Đã chia sẻ xuống các đơn vị cấp dưới: họ thấy (chỉ xem) và đưa được vào danh sách phát, lịch phát của mình.",
	"unshared":              "Đã thôi chia sẻ: các đơn vị cấp dưới không còn thấy nội dung này; những gì họ đã đưa vào danh sách phát vẫn giữ nguyên.",
	"submitted":             "Đã lưu và gửi duyệt. Các bảng vẫn hiện bản đã duyệt cho tới khi Ban Thường vụ duyệt bản này.",
	"approved":              "Đã duyệt; các bảng nhận nội dung mới trong giây lát.",
	"rejected":              "Đã từ chối; người soạn sẽ thấy ý kiến của bạn.",
	"withdrawn":             "Đã rút lại; bản này là bản nháp, không chờ duyệt.",
	"restored":              "Đã gửi duyệt lại bản cũ như một bản mới.",
	"user_saved":            "Đã lưu người dùng.",
	"password_changed":      "Đã đổi mật khẩu; các phiên đăng nhập khác của bạn đã kết thúc.",
	"token_revoked":         "Đã thu hồi mã truy cập; mã không dùng được nữa.",
	"photo_reused":          "Có ảnh đã tải lên từ trước (cùng một tệp): ảnh đó giữ nguyên chú thích và cách đặt; muốn đổi, hãy sửa ở thẻ của ảnh. Các ảnh mới (nếu có) đã được gửi duyệt.",
	"group_created":         "Đã tạo nhóm; thêm bảng vào nhóm ngay ở đây, hay chọn nhóm cho từng bảng ở trang Bảng LED, màn hình.",
	"board_grouped":         "Đã thêm bảng vào nhóm; lịch phát và lệnh chuyển nhắm tới nhóm này nay tới cả bảng ấy.",
	"playlist_created":      "Đã tạo danh sách phát. Hãy thêm khẩu hiệu, ảnh vào danh sách; mỗi thay đổi được gửi Ban Thường vụ duyệt.",
	"playlist_renamed":      "Đã đổi tên danh sách phát; mã của danh sách giữ nguyên.",
	"playlist_deleted":      "Đã xoá danh sách phát; các bản chờ duyệt của nó cũng được bỏ.",
	"item_moved":            "Đã chuyển mục sang chỗ mới; bản này chờ duyệt. Các bảng vẫn phát thứ tự đã duyệt cho tới khi Ban Thường vụ duyệt.",
	"item_removed":          "Đã bỏ mục khỏi danh sách; bản này chờ duyệt. Các bảng vẫn phát bản đã duyệt cho tới khi Ban Thường vụ duyệt.",
	"item_saved":            "Đã lưu thời lượng; bản này chờ duyệt. Các bảng vẫn phát bản đã duyệt cho tới khi Ban Thường vụ duyệt.",
	"form_again":            "Biểu mẫu này đã được gửi và lưu từ trước (bấm hai lần, hay quay lại rồi lưu lại): không tạo thêm bản nào. Đây là kết quả của lần lưu đó.",
	"submitted_group_empty": "Đã lưu và gửi duyệt. Lưu ý: chưa có bảng nào trong nhóm này, nên khung giờ chưa phát trên bảng nào cho tới khi có bảng vào nhóm.",
}

func flashText(key string) string { return flashes[key] }

// Redirect sends the browser on with a flash message.
func Redirect(c echo.Context, to, flash string) error {
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: flash, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: 60})
	return c.Redirect(http.StatusSeeOther, to)
}

// unitFrame makes a page say whose it is, once an installation has more
// than one unit: the breadcrumbs from the root to the unit shown (the
// person's own, or one under it that the page looks at, such as the wall
// of a commune opened from its tile), and the units a new board, group or
// person may be put in (one's own, first and chosen, and those under it).
// The tree is the one the request's actor was read with.
func unitFrame(a *auth.Actor, data map[string]any) {
	t := a.Tree
	if t == nil || len(t.All()) < 2 {
		return
	}
	own := a.OwnUnit()
	ownUnit, _ := t.ByID(own)
	shown := own
	if u, ok := data["Looking"].(store.Unit); ok {
		shown = u.ID
	} else if u, ok := data["Unit"].(store.Unit); ok && u.ID != 0 {
		shown = u.ID // the report's unit
	}
	if u, ok := t.ByID(shown); ok {
		data["UnitShown"] = u.Slug
	}
	var crumbs []crumb
	for _, u := range t.Path(shown) {
		cr := crumb{Name: u.Name}
		if t.Within(u.ID, own) && u.ID != shown {
			cr.Href = "/?unit=" + u.Slug
		}
		crumbs = append(crumbs, cr)
	}
	data["UnitPath"], data["UnitName"] = crumbs, crumbs[len(crumbs)-1].Name
	var pick []unitChoice
	for _, u := range t.All() {
		if t.Within(u.ID, own) {
			pick = append(pick, unitChoice{Slug: u.Slug, Label: strings.Repeat("— ", u.Depth-ownUnit.Depth) + u.Name})
		}
	}
	if len(pick) > 1 {
		data["UnitPick"] = pick
	}
}
