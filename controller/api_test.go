package controller

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"codong/controller/auth"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/internal/seedtest"
)

var testActor = store.Actor{Key: "cli", Name: "thử nghiệm", Roles: store.AllRoles}

type apiHarness struct {
	srv   *httptest.Server
	s     *Server
	token string
	board string
}

func newAPIHarness(t *testing.T) *apiHarness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	database := testDatabase(t)
	s, err := New(ctx, Config{
		DataDir:       dataDir(t, database),
		Database:      database,
		AdminPassword: "mật khẩu thử nghiệm đủ dài",
		// A low work factor keeps login tests fast; production uses the default.
		PasswordIterations: 1000,
		Logger:             slog.New(slog.NewTextHandler(io.Discard, nil)),
		Announce:           func(string) {},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start(ctx)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() { cancel(); srv.Close(); s.Close() })
	return harnessOn(t, s, srv)
}

// harnessOn gives a served controller an API token for a script and a
// board.
func harnessOn(t *testing.T, s *Server, srv *httptest.Server) *apiHarness {
	t.Helper()
	ctx := context.Background()
	tok, _, err := staff.CreateAPIToken(ctx, s.store, testActor, "api", "admin,editor,operator", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, board, err := staff.AddBoard(ctx, s.store, testActor, store.Board{Name: "Bảng thử", Width: 384, Height: 128})
	if err != nil {
		t.Fatal(err)
	}
	// The seeded slogans are drafts: approved first, as a new
	// installation's approver does.
	if err := seedtest.FirstRun(ctx, s.store); err != nil {
		t.Fatal(err)
	}
	return &apiHarness{srv: srv, s: s, token: tok, board: board}
}

func (h *apiHarness) do(t *testing.T, method, path, token, ctype, body string) (int, map[string]any, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(raw, &m)
	return resp.StatusCode, m, raw
}

// TestAPIRefusesBadInput checks that every kind of bad request gets a
// clear JSON error with a stable code and a Vietnamese message, and that
// nothing stored is lost.
func TestAPIRefusesBadInput(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	tests := []struct {
		name, method, path, token, ctype, body string
		status                                 int
		code                                   string
		message                                string
	}{
		{"no token", "GET", "/api/v1/slogans", "", "", "", 401, "unauthorized", "Cần mã truy cập"},
		{"wrong token", "GET", "/api/v1/slogans", "cda_sai", "", "", 401, "bad_token", "không hợp lệ"},
		{"board token on admin API", "GET", "/api/v1/slogans", "cdb_abc", "", "", 401, "bad_token", "không hợp lệ"},
		{"not json", "POST", "/api/v1/slogans", h.token, "text/plain", "x", 400, "content_type", "Cần gửi JSON"},
		{"broken json", "POST", "/api/v1/slogans", h.token, js, `{"text":`, 400, "bad_json", "JSON không hợp lệ"},
		{"empty slogan", "POST", "/api/v1/slogans", h.token, js, `{"text":"   "}`, 400, "empty_text", "trống"},
		{"emoji", "POST", "/api/v1/slogans", h.token, js, `{"text":"Mừng Đảng 🎉"}`, 422, "missing_glyph", "U+1F389"},
		{"unknown style", "POST", "/api/v1/slogans", h.token, js, `{"text":"Mừng Đảng","style":"neon"}`, 400, "unknown_style", "neon"},
		{"too long", "POST", "/api/v1/slogans", h.token, js, `{"text":"` + strings.Repeat("Đảng ", 100) + `"}`, 400, "too_long", "tối đa"},
		{"missing slogan", "GET", "/api/v1/slogans/99999", h.token, "", "", 404, "not_found", "Không tìm thấy"},
		{"bad id", "GET", "/api/v1/slogans/abc", h.token, "", "", 404, "not_found", "không hợp lệ"},
		{"delete used slogan", "DELETE", "/api/v1/slogans/1", h.token, "", "", 409, "in_use", "danh sách phát"},
		{"zero seconds", "POST", "/api/v1/playlists/default/items", h.token, js, `{"slogan_id":1,"seconds":0}`, 400, "invalid", "thời lượng"},
		{"override unknown playlist", "POST", "/api/v1/override", h.token, js, `{"playlist":"khong-co"}`, 404, "not_found", "Không tìm thấy"},
		{"override no playlist", "POST", "/api/v1/override", h.token, js, `{}`, 400, "missing_playlist", "danh sách phát"},
		{"board bad size", "POST", "/api/v1/boards", h.token, js, `{"name":"Bảng","size":"to"}`, 400, "bad_size", "kích thước"},
		{"render no text", "GET", "/api/v1/render?size=384x128", h.token, "", "", 400, "empty_text", "Thiếu"},
		{"render bad size", "GET", "/api/v1/render?text=a&size=0x0", h.token, "", "", 400, "bad_size", ""},
		{"render bad scroll speed", "GET", "/api/v1/render?text=a&size=192x64&scroll_speed=5", h.token, "", "", 400, "bad_scroll_speed", "tốc độ"},
		{"render scroll speed not a number", "GET", "/api/v1/render?text=a&size=192x64&scroll_speed=nhanh", h.token, "", "", 400, "bad_scroll_speed", ""},
		{"player without board token", "GET", "/api/v1/player/connect", h.token, "", "", 401, "bad_board_token", "mã bảng"},
		{"asset without board token", "GET", "/api/v1/player/assets/" + strings.Repeat("a", 64), "", "", "", 401, "bad_board_token", "mã bảng"},
		{"asset bad hash", "GET", "/api/v1/player/assets/..%2F..%2Fcodong.db", h.board, "", "", 400, "bad_hash", "sha256"},
		{"asset unknown", "GET", "/api/v1/player/assets/" + strings.Repeat("a", 64), h.board, "", "", 404, "not_found", "Không có ảnh"},
		{"playlist slug taken", "POST", "/api/v1/playlists", h.token, js, `{"slug":"default","name":"Trùng"}`, 409, "conflict", "Đã có danh sách phát mã “default”"},
		{"playlist bad slug", "POST", "/api/v1/playlists", h.token, js, `{"slug":"Có Dấu","name":"X"}`, 400, "invalid", "chữ thường không dấu"},
		{"user name taken", "POST", "/api/v1/users", h.token, js, `{"username":"admin","password":"mật khẩu đủ dài lắm","roles":["editor"]}`, 409, "conflict", "Đã có người dùng “admin”"},
		{"token unknown role", "POST", "/api/v1/tokens", h.token, js, `{"name":"x","roles":["vua"]}`, 400, "bad_roles", "Vai trò “vua”"},
		{"unknown api path", "GET", "/api/v1/khong-co", h.token, "", "", 404, "not_found", "Không tìm thấy"},
		// Issue 9: every stored field is bounded where it comes in.
		{"trailing data after json", "POST", "/api/v1/slogans", h.token, js, `{"text":"Mừng Đảng"}{"text":"x"}`, 400, "trailing_data", "dữ liệu thừa"},
		{"unknown json field", "POST", "/api/v1/schedule", h.token, js, `{"playlist":"default","start":"07:00","end":"08:00","days":[1],"until":"2026-12-01"}`, 400, "unknown_field", "\"until\""},
		{"450,000 duplicate days", "POST", "/api/v1/schedule", h.token, js, `{"playlist":"default","start":"07:00","end":"08:00","days":[` + strings.Repeat("0,", 450_000) + `0]}`, 400, "invalid_too_many", "Ngày trong tuần"},
		{"playlist name of a million characters", "POST", "/api/v1/playlists", h.token, js, `{"slug":"dai","name":"` + strings.Repeat("d", 1_000_000) + `"}`, 413, "too_large", "quá lớn"},
		{"playlist name just too long", "POST", "/api/v1/playlists", h.token, js, `{"slug":"dai","name":"` + strings.Repeat("đ", store.MaxNameRunes+1) + `"}`, 400, "invalid_too_long", "Tên danh sách phát dài quá 100"},
		{"board name of bidi overrides", "POST", "/api/v1/boards", h.token, js, `{"name":"\u202e\u202d","size":"384x128"}`, 400, "invalid_invisible", "ký tự ẩn"},
		{"board name of zero-width spaces", "POST", "/api/v1/boards/adopt", h.token, js, `{"code":"ABC123","name":"\u200b\u200b","size":"384x128"}`, 400, "invalid_invisible", "Tên bảng"},
		{"nine power windows", "PUT", "/api/v1/boards/1", h.token, js, `{"version":1,"power":[` + strings.Repeat(`{"start":"22:00","end":"05:00","brightness":0},`, 8) + `{"start":"22:00","end":"05:00","brightness":0}]}`, 400, "invalid_too_many", "Giờ giảm sáng/tắt"},
		{"scroll speed too fast", "PUT", "/api/v1/boards/1", h.token, js, `{"scroll_speed":1000,"version":1}`, 400, "invalid_range", "Tốc độ chữ chạy"},
		{"slot for an unknown group", "POST", "/api/v1/schedule", h.token, js, `{"playlist":"default","start":"07:00","end":"08:00","days":[1],"group":"ch\u202eo"}`, 400, "invalid_unknown", "Không có nhóm này"},
		{"slot with no day", "POST", "/api/v1/schedule", h.token, js, `{"playlist":"default","start":"07:00","end":"08:00","days":[]}`, 400, "invalid_empty", "ít nhất một ngày"},
		{"slot past midnight unconfirmed", "POST", "/api/v1/schedule", h.token, js, `{"playlist":"default","start":"22:00","end":"02:00","days":[1]}`, 400, "invalid_unconfirmed", "qua đêm"},
		{"slot with a date range backwards", "POST", "/api/v1/schedule", h.token, js, `{"playlist":"default","start":"07:00","end":"08:00","days":[1],"from":"2026-12-15","to":"2026-12-01"}`, 400, "invalid", "trước ngày bắt đầu"},
		{"slot priority out of range", "POST", "/api/v1/schedule", h.token, js, `{"playlist":"default","start":"07:00","end":"08:00","days":[1],"priority":10}`, 400, "invalid", "ưu tiên"},
		{"slogan hiding text", "POST", "/api/v1/slogans", h.token, js, `{"text":"Mừng Đảng \u202eTXET"}`, 422, "missing_glyph", "U+202E"},
		{"token name invisible", "POST", "/api/v1/tokens", h.token, js, `{"name":"\u2060","roles":["editor"]}`, 400, "invalid_invisible", "Tên mã truy cập"},
		{"pairing with a board's token", "POST", "/api/v1/pair", h.board, js, `{"width":384,"height":128}`, 409, "already_paired", "đã thuộc về một bảng"},
		{"username too long", "POST", "/api/v1/users", h.token, js, `{"username":"` + strings.Repeat("u", 51) + `","password":"mật khẩu đủ dài lắm","roles":["editor"]}`, 400, "invalid_too_long", "Tên đăng nhập dài quá 50"},
	}
	before, _ := h.s.store.Slogans(context.Background(), store.Everything)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, m, raw := h.do(t, tc.method, tc.path, tc.token, tc.ctype, tc.body)
			if status != tc.status || m["code"] != tc.code {
				t.Fatalf("got %d %s, want %d code %q", status, raw, tc.status, tc.code)
			}
			msg, _ := m["message"].(string)
			if msg == "" || !strings.Contains(strings.ToLower(msg), strings.ToLower(tc.message)) {
				t.Fatalf("message %q should mention %q", msg, tc.message)
			}
		})
	}
	after, _ := h.s.store.Slogans(context.Background(), store.Everything)
	if len(after) != len(before) {
		t.Fatalf("bad requests changed the slogans: %d → %d", len(before), len(after))
	}
}

func TestUIRequiresLoginAndCSRF(t *testing.T) {
	h := newAPIHarness(t)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(h.srv.URL + "/slogans")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Fslogans" {
		t.Fatalf("anonymous /slogans: %d → %q, want redirect to /login?next=%%2Fslogans", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Log in, then post a form without the CSRF field: refused.
	form := strings.NewReader("username=admin&password=" + "mật khẩu thử nghiệm đủ dài")
	resp, err = noRedirect.Post(h.srv.URL+"/login", "application/x-www-form-urlencoded", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == auth.SessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode {
		t.Fatalf("login gave no proper session cookie: %v", resp.Cookies())
	}
	req, _ := http.NewRequest("POST", h.srv.URL+"/override", strings.NewReader("playlist=congress-success"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(session)
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "không có quyền") {
		t.Fatalf("post without CSRF: %d %s", resp.StatusCode, body)
	}
	if sws, _ := h.s.store.Switches(context.Background(), store.Everything); len(sws) != 0 {
		t.Fatal("override was set without a CSRF token")
	}
}

func TestLoginIsRateLimited(t *testing.T) {
	h := newAPIHarness(t)
	var last int
	for i := 0; i < auth.FreeFailures+1; i++ {
		resp, err := http.Post(h.srv.URL+"/login", "application/x-www-form-urlencoded", strings.NewReader("username=admin&password=sai"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("after %d failures got %d, want 429", auth.FreeFailures+1, last)
	}
}

// TestEveryRouteRefusesWhatItDoesNotRead walks the API's route table: a
// route that reads a JSON body refuses a field it does not know, and a
// route that reads none refuses a body, so no script ever believes a
// setting was taken when it was not.
func TestEveryRouteRefusesWhatItDoesNotRead(t *testing.T) {
	h := newAPIHarness(t)
	all, _, err := staff.CreateAPIToken(context.Background(), h.s.store, testActor, "mọi vai trò", "admin,approver,editor,operator", 0)
	if err != nil {
		t.Fatal(err)
	}
	params := strings.NewReplacer(":id", "1", ":slug", "default", ":sum", strings.Repeat("a", 64))
	for _, r := range h.s.apiRoutes() {
		path := "/api/v1" + params.Replace(r.path)
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			ctype, body := "application/json", `{"khong_co_truong_nay":1}`
			if r.method == http.MethodPost && r.path == "/photos" { // an upload: multipart
				ctype, body = "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"khong_co_truong_nay\"\r\n\r\n1\r\n--b--\r\n"
			}
			status, m, raw := h.do(t, r.method, path, all, ctype, body)
			want := "unknown_field"
			if r.method == http.MethodGet || r.method == http.MethodDelete {
				want = "unexpected_body"
			}
			if status != http.StatusBadRequest || m["code"] != want {
				t.Fatalf("%s %s with an unknown field: %d %s, want 400 %s", r.method, path, status, raw, want)
			}
		})
	}
}
