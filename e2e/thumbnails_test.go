package e2e

import (
	"bytes"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/assets"
	"codong/player"
	"codong/protocol"
)

// olderLevel is a proxy between a real player and a real controller
// that tells each it talks to a peer of protocol 2.1: the player then
// sends its thumbnails, as every player before 2.2 does, and the
// controller takes them as it takes theirs. Frames pass unchanged.
func olderLevel(t *testing.T, upstream string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !websocket.IsWebSocketUpgrade(r) {
			// Pictures: the player fetches them from the address it knows.
			http.Redirect(w, r, upstream+r.URL.RequestURI(), http.StatusTemporaryRedirect)
			return
		}
		up, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(upstream, "http")+r.URL.Path,
			http.Header{"Authorization": r.Header["Authorization"], protocol.NonceHeader: r.Header[protocol.NonceHeader], protocol.LevelHeader: {"2.1"}})
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer up.Close()
		down, err := (&websocket.Upgrader{}).Upgrade(w, r, http.Header{protocol.LevelHeader: {"2.1"}})
		if err != nil {
			return
		}
		defer down.Close()
		pass := func(from, to *websocket.Conn) {
			for {
				kind, data, err := from.ReadMessage()
				if err != nil || to.WriteMessage(kind, data) != nil {
					from.Close()
					to.Close()
					return
				}
			}
		}
		go pass(down, up)
		pass(up, down)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// pictureAt is the controller's picture of a text for a board of a size
// scrolling at speed pixels per second (0: not known).
func (h *harness) pictureAt(text, size string, speed int) []byte {
	h.t.Helper()
	q := url.Values{"text": {text}, "size": {size}, "style": {"classic"}}
	if speed > 0 {
		q.Set("scroll_speed", itoa(int64(speed)))
	}
	var pic []byte
	h.api("GET", "/api/v1/render?"+q.Encode(), nil, &pic)
	return pic
}

// boardThumb is a board as the dashboard lists it: what it shows and
// its thumbnail's address.
type boardThumb struct {
	ID        int64  `json:"id"`
	Thumbnail string `json:"thumbnail"`
	Item      *struct {
		Asset string `json:"asset"`
	} `json:"item"`
}

// TestThumbnailsTheControllerMakes: two real boards of one size show the
// same slogan, one with the player as it is (protocol 2.2: it says which
// picture, page or strip position it shows, and sends no picture), one
// with the same player told its controller is of 2.1 (it sends the
// thumbnail it makes of its frame, as every older player does). The
// dashboard's thumbnail of the first, made by the controller of its own
// picture, is byte for byte the one the second sent: for a still, a
// slogan set in pages and a scrolling strip. The older board's is shown
// as before, and the screenshot asked of the newer board comes back
// from the board itself.
func TestThumbnailsTheControllerMakes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text string
		speed      int
	}{
		{"still", "Mừng Xuân", 0},
		{"pages", pagedSlogan, 20},
		{"strip", scrollSlogan, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := startController(t)
			const size = "192x64"
			h.twoQuickItems(tc.text, "Đại hội thành công")
			older, newer := h.addBoard("Bảng máy phát cũ", size), h.addBoard("Bảng máy phát mới", size)
			for _, b := range []boardCreated{older, newer} {
				settings := map[string]any{"groups": []string{}, "version": 1}
				if tc.speed > 0 {
					settings["scroll_speed"] = tc.speed
				}
				h.api("PUT", "/api/v1/boards/"+itoa(b.Board.ID), settings, nil)
			}
			want := assets.Sum(h.pictureAt(tc.text, size, tc.speed))
			dir := t.TempDir()
			runPlayer(t, olderLevel(t, h.srv.URL), older.Token, dir, filepath.Join(dir, "frame.png"))
			h.startPlayer(newer.Token)

			// Both show the slogan's first page, or its strip's head,
			// right after it comes up: compare the two then.
			var oldThumb, newThumb []byte
			var oldName, newName string
			deadline := time.Now().Add(60 * time.Second)
			for {
				var bs []boardThumb
				h.api("GET", "/api/v1/boards", nil, &bs)
				shown := map[int64]boardThumb{}
				for _, b := range bs {
					shown[b.ID] = b
				}
				o, n := shown[older.Board.ID], shown[newer.Board.ID]
				if o.Item != nil && n.Item != nil && o.Item.Asset == want && n.Item.Asset == want && o.Thumbnail != "" && n.Thumbnail != "" {
					h.api("GET", o.Thumbnail, nil, &oldThumb)
					h.api("GET", n.Thumbnail, nil, &newThumb)
					oldName, newName = o.Thumbnail, n.Thumbnail
					if bytes.Equal(oldThumb, newThumb) {
						break
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("the thumbnails of the slogan never agreed: the older board's %d bytes (%s), the newer's %d (%s)", len(oldThumb), oldName, len(newThumb), newName)
				}
				time.Sleep(50 * time.Millisecond)
			}
			if img, err := png.Decode(bytes.NewReader(oldThumb)); err != nil || img.Bounds().Dx() != 192 {
				t.Fatalf("the older board's thumbnail: %v", err)
			}
			// Named apart: one is the board's picture, the other the
			// controller's, though their pixels agree.
			if oldName == newName {
				t.Fatalf("both thumbnails are named %s", oldName)
			}

			// The board's own pixels, asked for: the thumbnail of the
			// frame it draws now.
			var shot []byte
			h.api("GET", "/api/v1/boards/"+itoa(newer.Board.ID)+"/screenshot.png", nil, &shot)
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil || img.Bounds().Dx() != 192 {
				t.Fatalf("screenshot: %v", err)
			}
			if tc.speed == 0 {
				// Still pictures are drawn as they come: the board's frame
				// is one of the two items' pictures, as rendered.
				first, second := h.pictureAt(tc.text, size, 0), h.pictureAt("Đại hội thành công", size, 0)
				if !bytes.Equal(shot, player.Thumbnail(first)) && !bytes.Equal(shot, player.Thumbnail(second)) {
					t.Fatal("the screenshot is not the thumbnail of the board's frame")
				}
			}
		})
	}
}
