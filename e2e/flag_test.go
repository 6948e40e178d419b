package e2e

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/internal/browsertest"
	"codong/protocol"
)

// TestForgedAckFlagsTheBoardOnTheDashboard: someone holding a board's
// token acknowledges a revision the controller never sent. The
// controller refuses it, says so on the link, and the officer sees the
// board flagged on the dashboard, on a desk and on a phone, with where
// to revoke it.
func TestForgedAckFlagsTheBoardOnTheDashboard(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const name = "Bảng LED nhà văn hoá thôn Pả Pẻn"
	board := h.addBoard(name, "384x128")
	wsURL := "ws" + strings.TrimPrefix(h.srv.URL, "http") + protocol.ConnectPath
	conn, _, err := websocket.DefaultDialer.Dial(wsURL, http.Header{"Authorization": {"Bearer " + board.Token}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var first protocol.Message
	if err := conn.ReadJSON(&first); err != nil || first.Type != protocol.TypeManifest {
		t.Fatalf("first frame: %+v %v", first, err)
	}
	if err := conn.WriteJSON(protocol.NewAck(1 << 50)); err != nil {
		t.Fatal(err)
	}
	var refusal protocol.Message
	if err := conn.ReadJSON(&refusal); err != nil || refusal.Type != protocol.TypeError || refusal.Error.Code != "unknown_revision" {
		t.Fatalf("forged ack answered with %+v %v, want error unknown_revision", refusal, err)
	}

	for _, vp := range []struct {
		name string
		size browsertest.Viewport
	}{{"desktop", browsertest.Viewport{}}, {"phone", browsertest.Phone}} {
		t.Run(vp.name, func(t *testing.T) {
			u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp.size})}
			u.b.Navigate(h.srv.URL + "/login")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
			u.b.Navigate(h.srv.URL + "/")
			var flag string
			u.eval("read the board's warning", `(() => {
				const tile = [...document.querySelectorAll("#wall .tile")].find(e => e.querySelector(".name").textContent.trim() === `+js(name)+`);
				return tile?.querySelector(".flag")?.textContent.replace(/\s+/g, " ").trim() ?? "";
			})()`, &flag)
			if !strings.Contains(flag, "Bảng gửi dữ liệu bất thường") || !strings.Contains(flag, "Thu hồi mã bảng ở trang “Bảng LED, màn hình”") {
				t.Fatalf("the dashboard's warning for the board reads %q", flag)
			}
			var w []int
			u.eval("measure the page", "[document.documentElement.scrollWidth, innerWidth]", &w)
			if len(w) != 2 || w[0] > w[1] {
				t.Errorf("the dashboard is %v px wide in a %v px window: it scrolls sideways", w[0], w[1])
			}
			if dir := os.Getenv("CODONG_SCREENSHOTS"); dir != "" {
				data, err := u.b.ScreenshotPage()
				if err != nil {
					t.Fatal(err)
				}
				os.MkdirAll(dir, 0o755)
				os.WriteFile(dir+"/flag-"+vp.name+".png", data, 0o644)
			}
		})
	}
}
