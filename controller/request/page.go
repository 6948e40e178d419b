package request

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

// MaxPage bounds ?page=: the longest list (the audit log) is read a page
// at a time, and a page number past this one is a typo or a probe, not a
// person paging through.
const MaxPage = 100_000

// Page reads ?page=, the page of a long list to show, counted from 1;
// without it, the first. Anything but a whole number from 1 to MaxPage is
// refused, saying so.
func Page(c echo.Context) (int, error) {
	v := c.QueryParam("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxPage {
		return 0, respond.BadRequest("bad_page", "Số trang “"+v+"” phải là một số nguyên từ 1 đến "+strconv.Itoa(MaxPage)+".")
	}
	return n, nil
}

// PageURL is the address of the request with ?page= set to n, every
// other query parameter kept: the link to a neighbouring page.
func PageURL(c echo.Context, n int) string {
	u := *c.Request().URL
	q := u.Query()
	if n <= 1 {
		q.Del("page")
	} else {
		q.Set("page", strconv.Itoa(n))
	}
	u.RawQuery = q.Encode()
	u.Scheme, u.Host, u.User = "", "", nil
	return u.RequestURI()
}
