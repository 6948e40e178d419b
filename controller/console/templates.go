package console

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/audit"
	"codong/controller/auth"
	"codong/controller/formonce"
	"codong/controller/report"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
)

//go:embed web/templates/*.html
var templateFiles embed.FS

//go:embed web/static
var staticFiles embed.FS

// StaticFS is the stylesheet, scripts and pictures the pages use.
func StaticFS() fs.FS {
	sub, err := fs.Sub(staticFiles, "web/static")
	if err != nil {
		panic(err)
	}
	return sub
}

// pages holds one template set per page, each parsed with the layout, at
// start-up: a broken template stops the controller at once, not on the
// first visit.
type pages map[string]*template.Template

// templateFuncs shows times in the controller's time zone, the one its
// schedules and reports use.
func templateFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		"inc": func(i int) int { return i + 1 },
		// formKey is a new key for each creating form drawn (once.go).
		"formKey": formonce.NewKey,
		"previewURL": func(text, style string, size assets.Size) string {
			return "/api/v1/render?" + PreviewQuery(text, style, size).Encode()
		},
		"action":     audit.ActionName,
		"days":       playlists.DayNames,
		"state":      func(st string) string { return respond.StateNames[st] },
		"kind":       func(k string) string { return respond.KindNames[k] },
		"role":       func(r string) string { return respond.RoleNames[r] },
		"roles":      audit.RolesText,
		"detail":     audit.DetailText,
		"style":      StyleLabel,
		"has":        func(rs store.Roles, r string) bool { return rs.Has(r) },
		"pickGroups": pickGroups,
		"join":       strings.Join,
		"dict":       dict,
		"mark": func(marks []string, i int) string {
			if i < len(marks) {
				return marks[i]
			}
			return ""
		},
		"phase":   PhaseText,
		"weekday": weekdayOf,
		"dateVN":  DateVN,
		"spanWhy": func(from string) string { return spanWhys[from] },
		"clock":   report.Clock,
		"head":    headLine,
		"docday":  docDate,
		"day":     func(t time.Time) string { return t.In(loc).Format("02/01/2006") },
		"minute":  func(t time.Time) string { return t.In(loc).Format("15:04 02/01/2006") },
		"chosenIf": func(on bool, gs []string) []string {
			if on {
				return gs
			}
			return nil
		},
		"when": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.In(loc).Format("15:04:05 02/01/2006")
		},
	}
}

// dict makes a map of its pairs of arguments, to pass several values
// to a template; it panics on an odd count or a key not a string (a
// template written wrong, caught by the tests that render every page).
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	if len(kv)%2 != 0 {
		panic("dict: odd number of arguments")
	}
	return m
}

// MustTemplates parses every page at start-up, or panics.
func MustTemplates(loc *time.Location) pages {
	names := []string{"login", "dashboard", "slogans", "slogan_form", "playlists", "schedule", "calendar", "groups", "boards", "board_token", "audit", "error",
		"approvals", "submission_sheet", "version", "users", "token_created", "report", "report_print", "photos", "password", "setup", "settings"}
	p := make(pages, len(names))
	for _, n := range names {
		t := template.New("layout.html").Funcs(templateFuncs(loc))
		// doc_head.html holds the printed documents' headers, pager.html
		// the links between a long list's pages: both shared.
		p[n] = template.Must(t.ParseFS(templateFiles, "web/templates/layout.html", "web/templates/doc_head.html", "web/templates/pager.html", "web/templates/"+n+".html"))
	}
	return p
}

// Render runs the page name with data (echo.Renderer).
func (p pages) Render(w io.Writer, name string, data any, _ echo.Context) error {
	t, ok := p[name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	return t.Execute(w, data)
}

const flashCookie = "codong_flash"

// View renders the pages.
type View struct {
	alarm func() string // what every page warns of, or ""
	// waiting counts what waits for an approver (nil: not shown).
	waiting func(context.Context, store.Actor) (int, error)
	// units reads the tree of units (nil: not shown).
	units func(context.Context) (*store.Tree, error)
}

// ShowUnits makes every page say whose it is (the person's unit, with
// the units above it) once an installation has more than one unit, and
// hide from a person of a unit below the root the pages only the
// root's people use (routes.go, rootOnly).
func (v *View) ShowUnits(units func(context.Context) (*store.Tree, error)) { v.units = units }

// NewView returns a View whose pages warn of alarm().
func NewView(alarm func() string) *View { return &View{alarm: alarm} }

// CountWaiting makes every page of an approver say how many versions
// wait for them, in the menu.
func (v *View) CountWaiting(count func(context.Context, store.Actor) (int, error)) { v.waiting = count }

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
		data["Below"] = a.Unit != 0 && a.Unit != store.RootUnit
		if v.units != nil {
			if t, err := v.units(c.Request().Context()); err == nil && len(t.All()) > 1 {
				unit := a.Unit
				if unit == 0 {
					unit = store.RootUnit
				}
				path := t.Path(unit)
				data["UnitPath"], data["UnitName"] = path, path[len(path)-1].Name
			}
		}
		if v.waiting != nil && a.Roles.Has(store.RoleApprover) {
			// A failed count leaves the menu without its number; the
			// approvals page says what is wrong.
			if n, err := v.waiting(c.Request().Context(), a.Actor); err == nil {
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

// groupPick is the groups a form offers, and those ticked.
type groupPick struct {
	All []struct {
		store.Group
		On bool
	}
	Chosen []string // names of those ticked
}

// pickGroups ticks the chosen groups among all.
func pickGroups(all []store.Group, chosen []string) groupPick {
	var p groupPick
	for _, g := range all {
		on := slices.Contains(chosen, g.Slug)
		p.All = append(p.All, struct {
			store.Group
			On bool
		}{g, on})
		if on {
			p.Chosen = append(p.Chosen, g.Name)
		}
	}
	return p
}

// PhaseText writes a slot's date range as Vietnamese calendars do.
func PhaseText(from, to string) string {
	switch {
	case from == "" && to == "":
		return "mọi ngày"
	case to == "":
		return "từ " + DateVN(from)
	case from == "":
		return "đến hết " + DateVN(to)
	case from == to:
		return "ngày " + DateVN(from)
	}
	return DateVN(from) + " – " + DateVN(to)
}

// DateVN writes YYYY-MM-DD as DD/MM/YYYY.
func DateVN(d string) string {
	t, err := time.Parse(playlists.DateLayout, d)
	if err != nil {
		return d
	}
	return t.Format("02/01/2006")
}

var weekdayLong = [...]string{"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"}

// weekdayOf names the weekday of YYYY-MM-DD.
func weekdayOf(d string) string {
	t, err := time.Parse(playlists.DateLayout, d)
	if err != nil {
		return ""
	}
	return weekdayLong[t.Weekday()]
}

// spanWhys say why a calendar span plays what it does.
var spanWhys = map[string]string{
	playlists.FromOverride: "(phát đặc biệt đang bật)",
	playlists.FromSlot:     "(theo khung giờ)",
	playlists.FromDefault:  "(mặc định)",
}
