package console

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// A new token (an API token, a board's) is shown once, and never as the
// answer to the POST that made it: reloading that answer would post
// again and make a second token. The POST hands the token to the page
// that shows it in a cookie scoped to that page alone, lasting a few
// minutes; the page takes it and clears it, so reloading shows that it
// was shown, not the token again, and makes nothing.

const (
	shownOnceCookie = "codong_shown_once"
	// shownOnceSeconds bounds how long a token waits for its page: the
	// redirect is followed at once.
	shownOnceSeconds = 300
)

// showOnce sends the browser to page, which will show secret once.
func showOnce(c echo.Context, page, secret string) error {
	c.SetCookie(&http.Cookie{Name: shownOnceCookie, Value: secret, Path: page, MaxAge: shownOnceSeconds,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.IsTLS()})
	return c.Redirect(http.StatusSeeOther, page)
}

// takeShownOnce returns the secret handed to this page ("" when it was
// already shown), if it has the expected prefix, and clears it.
func takeShownOnce(c echo.Context, prefix string) string {
	ck, err := c.Cookie(shownOnceCookie)
	if err != nil || ck.Value == "" {
		return ""
	}
	c.SetCookie(&http.Cookie{Name: shownOnceCookie, Path: c.Request().URL.Path, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.IsTLS()})
	if !strings.HasPrefix(ck.Value, prefix) {
		return ""
	}
	return ck.Value
}
