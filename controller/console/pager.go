package console

import (
	"github.com/labstack/echo/v4"

	"codong/controller/request"
)

// SlogansPageSize is how many slogans one page of the library shows: on
// a phone each is a card of five lines and a print form, some 340 px.
const SlogansPageSize = 10

// pager is where a page of a long list sits among the others, and the
// links to its neighbours (the pager template draws them).
type pager struct {
	Number     int    // from 1
	Pages      int    // how many in all; 0 when unknown
	Prev, Next string // the neighbours' addresses; "" at either end
}

// newPager places page number n of the request's list; more says whether
// a later page exists.
func newPager(c echo.Context, n int, more bool, pages int) pager {
	p := pager{Number: n, Pages: pages}
	if n > 1 {
		p.Prev = request.PageURL(c, n-1)
	}
	if more {
		p.Next = request.PageURL(c, n+1)
	}
	return p
}

// pagesOf is how many pages of size hold total items: at least one, the
// empty list's.
func pagesOf(total, size int) int {
	return max(1, (total+size-1)/size)
}
