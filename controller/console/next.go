package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
)

// LoginReasons are why the login page was shown instead of the page
// asked for, named by key so a crafted link cannot put words on it.
var LoginReasons = map[string]string{
	"expired":      "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại. Sau khi đăng nhập, bạn sẽ trở lại đúng trang đang xem.",
	"expired_form": "Phiên đăng nhập đã hết hạn nên việc vừa gửi chưa được thực hiện. Hãy đăng nhập lại; bạn sẽ trở lại trang đang làm để gửi lại.",
}

// toLogin sends a request without a live session to the login page,
// remembering where to come back to: a page asked for is asked again; a
// form sent cannot be replayed (its CSRF token died with the session),
// so the officer comes back to the page the form was on.
func (s *Handler) toLogin(c echo.Context) error {
	r := c.Request()
	next, why := r.URL.RequestURI(), "expired"
	if r.Method != http.MethodGet {
		next, why = sameSitePage(r), "expired_form"
	}
	q := url.Values{"next": {safeNext(next)}}
	if ck, err := c.Cookie(auth.SessionCookie); err == nil && ck.Value != "" {
		// A cookie the server no longer knows: the session ran out or
		// was ended (password changed, logged out elsewhere).
		q.Set("why", why)
		c.SetCookie(&http.Cookie{Name: auth.SessionCookie, Path: "/", MaxAge: -1})
	}
	return c.Redirect(http.StatusSeeOther, "/login?"+q.Encode())
}

// sameSitePage is the page a form was sent from, if the browser says and
// it is this site; the dashboard otherwise.
func sameSitePage(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host {
		return "/"
	}
	return ref.RequestURI()
}

// safeNext returns next if it is a path on this site, and "/" for
// anything that could leave it: "//evil.example", "/\evil.example"
// (browsers read a backslash as a slash), "https://…", control
// characters, or the login page itself.
func safeNext(next string) string {
	if len(next) > 2000 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil || u.Path == "/login" || u.Path == "/logout" {
		return "/"
	}
	return next
}
