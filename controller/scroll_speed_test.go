package controller

import (
	"codong/controller/store"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"codong/controller/auth"
)

// TestBoardRowSetsScrollSpeed: an operator sets a board's scroll speed
// from its row on the boards page; emptying the box goes back to the
// default for the board's height, which the box then offers; a speed out
// of bounds is refused with a Vietnamese message and nothing changes.
func TestBoardRowSetsScrollSpeed(t *testing.T) {
	h := newAPIHarness(t)
	boards, err := h.s.store.Boards(context.Background(), store.Everything)
	if err != nil || len(boards) != 1 {
		t.Fatalf("boards %v, %v", boards, err)
	}
	id := strconv.FormatInt(boards[0].ID, 10)
	cookie, csrf := h.sessionFor(t, "operator")
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(speed string) (int, string) {
		// The version the row shows, as the page draws it.
		b, err := h.s.store.Board(context.Background(), store.Everything, boards[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"csrf": {csrf}, "power": {""}, "scroll_speed": {speed}, "version": {strconv.Itoa(b.Version)}}
		req, _ := http.NewRequest("POST", h.srv.URL+"/boards/"+id, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, readAll(resp)
	}
	stored := func() int {
		b, err := h.s.store.Board(context.Background(), store.Everything, boards[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		return b.ScrollSpeed
	}
	for _, tc := range []struct {
		name, typed string
		status      int
		want        int
		says        string
	}{
		{"a speed", "90", http.StatusSeeOther, 90, ""},
		{"out of bounds", "900", http.StatusBadRequest, 90, "Tốc độ chữ chạy phải từ 20 đến 400"},
		{"not a number", "nhanh", http.StatusBadRequest, 90, "Tốc độ chữ chạy phải là một số nguyên"},
		{"emptied: the default", "", http.StatusSeeOther, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, page := post(tc.typed)
			if status != tc.status || !strings.Contains(page, tc.says) {
				t.Fatalf("posting %q: %d %.500s", tc.typed, status, page)
			}
			if got := stored(); got != tc.want {
				t.Fatalf("stored speed %d, want %d", got, tc.want)
			}
		})
	}
}
