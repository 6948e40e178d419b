package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"codong/internal/browsertest"
)

// longestPhonePage is how tall, in screens of a 360×740 phone, a page of
// a long list may be: the lists page, and the rest is a link away.
const longestPhonePage = 6

// TestLongListsStayShortOnAPhone fills a commune's library, log and
// playlists past a page and reads them on a phone: the slogans and the
// audit log come a page at a time, every page reachable by links a thumb
// can press and none shown twice; a long playlist folds to its count;
// and adding an item brings the page back at the new item, unfolded, not
// at the top.
func TestLongListsStayShortOnAPhone(t *testing.T) {
	t.Parallel()
	u := loggedIn(t, browsertest.Phone, "384x128")
	h := u.h
	var ids []int64
	for i := range 45 {
		var sl struct {
			ID int64 `json:"id"`
		}
		text := fmt.Sprintf("Khẩu hiệu số %02d: nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ xã Liên Minh lần thứ XXI, nhiệm kỳ 2025–2030!", i+1)
		h.api("POST", "/api/v1/slogans", map[string]string{"text": text, "style": "classic"}, &sl)
		ids = append(ids, sl.ID)
	}
	// Approved, each slogan's card carries its print form too: the
	// tallest a card gets.
	h.approveAll()
	const slug = "ca-ngay"
	h.api("POST", "/api/v1/playlists", map[string]string{"slug": slug, "name": "Phát cả ngày"}, nil)
	for _, id := range ids[:12] {
		h.api("POST", "/api/v1/playlists/"+slug+"/items", map[string]any{"slogan_id": id, "seconds": 10}, nil)
	}

	var slogans []struct{}
	h.api("GET", "/api/v1/slogans", nil, &slogans)
	rows := u.readPages("/slogans", "table.cards tbody tr td.slogan-text", 10)
	if len(rows) != len(slogans) {
		t.Errorf("the slogans' pages show %d slogans, want every one of the %d once", len(rows), len(slogans))
	}

	var logged []struct{}
	h.api("GET", "/api/v1/audit?kind=slogan", nil, &logged)
	rows = u.readPages("/audit?kind=slogan", "table.cards tbody tr", 12)
	if len(rows) != len(logged) {
		t.Errorf("the log's pages show %d entries, want every one of the %d once", len(rows), len(logged))
	}

	u.b.Navigate(h.srv.URL + "/playlists")
	var open bool
	u.eval("is the long playlist folded", `document.querySelector("#pl-`+slug+` details.items-fold").open`, &open)
	if open {
		t.Error("a playlist of 12 items shows them all on the playlists page, want it folded to its count")
	}
	u.checkShort()
	u.pageShot("phone-playlists-folded")

	u.b.LoadAfter("add an item to the long playlist", func() error {
		return u.fillAnd("#pl-"+slug+" form.add-item:not(.add-photo)", map[string]string{"slogan_id": fmt.Sprint(ids[20])}, "f.requestSubmit()")
	})
	after := u.playlistState(slug)
	if len(after.Items) != 13 {
		t.Fatalf("after adding: %d items, want 13", len(after.Items))
	}
	added := after.Items[12].ID
	var place struct {
		Hash, Search string
		Open         bool
		Top, ScrollY float64
		WindowH      float64
	}
	u.eval("where the page came back", fmt.Sprintf(`(() => { const li = document.getElementById("item-%d");
		return { Hash: location.hash, Search: location.search, Open: li ? (li.closest("details")?.open ?? true) : false,
			Top: li ? li.getBoundingClientRect().top : -1, ScrollY: scrollY, WindowH: innerHeight }; })()`, added), &place)
	if place.Hash != fmt.Sprintf("#item-%d", added) || !place.Open || place.Top < 0 || place.Top >= place.WindowH || place.ScrollY == 0 {
		t.Errorf("after adding an item the page came back at %+v, want at the new item #%d, its list unfolded and in view", place, added)
	}
	if q, _ := url.ParseQuery(strings.TrimPrefix(place.Search, "?")); q.Get("open") != slug {
		t.Errorf("after adding, the address %q does not name the playlist to unfold", place.Search)
	}
	u.pageShot("phone-playlists-added")
}

// readPages opens path and follows its "Trang sau" links to the end,
// checking each page is short, fits a thumb and holds at most size rows;
// it returns the text of every row matching rowSel, each seen once.
func (u *ui) readPages(path, rowSel string, size int) []string {
	t := u.t
	t.Helper()
	u.b.Navigate(u.h.srv.URL + path)
	var all []string
	seen := map[string]bool{}
	for page := 1; ; page++ {
		var rows []string
		u.eval("read the rows", `[...document.querySelectorAll(`+js(rowSel)+`)].map(r => r.textContent.replace(/\s+/g, " ").trim())`, &rows)
		if len(rows) == 0 || len(rows) > size {
			t.Fatalf("%s page %d: %d rows, want 1 to %d", path, page, len(rows), size)
		}
		for _, r := range rows {
			if seen[r] {
				t.Fatalf("%s page %d shows %q again", path, page, r)
			}
			seen[r] = true
			all = append(all, r)
		}
		u.checkPhoneLayout()
		u.checkShort()
		if page == 1 {
			u.checkAxe()
			u.pageShot("phone-" + strings.Trim(strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(path), "-") + "-page-1")
		}
		var next string
		u.eval("find the next page's link", `document.querySelector("nav.pager a[rel=next]")?.getAttribute("href") ?? ""`, &next)
		if next == "" {
			return all
		}
		if q, _ := url.Parse(next); q == nil || q.Query().Get("page") != fmt.Sprint(page+1) {
			t.Fatalf("%s page %d: the next page's link is %q", path, page, next)
		}
		if base, _ := url.Parse(path); base.RawQuery != "" && !strings.Contains(next, base.RawQuery) {
			t.Fatalf("%s page %d: the next page's link %q drops the filter", path, page, next)
		}
		u.b.Navigate(u.h.srv.URL + next)
	}
}

// checkShort: the page is at most longestPhonePage screens tall.
func (u *ui) checkShort() {
	u.t.Helper()
	var tall []float64
	u.eval("measure the page's height", `[document.documentElement.scrollHeight, innerHeight]`, &tall)
	if len(tall) != 2 || tall[0] > longestPhonePage*tall[1] {
		u.t.Errorf("%s is %v px tall on a phone, want at most %d screens", u.path(), tall, longestPhonePage)
	}
}
