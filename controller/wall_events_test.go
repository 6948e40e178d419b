package controller

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"codong/controller/auth"
	"codong/controller/secret"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/controller/wall"
)

// TestWallStream: the wall's stream sends the wall at once; beyond
// wall.MaxStreams a page is refused in words (it polls instead); and the
// streams end when the controller stops, so a graceful shutdown does
// not wait on them.
func TestWallStream(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := New(ctx, Config{
		DataDir: dataDir(t, ""), AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Announce: func(string) {},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start(ctx)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() { cancel(); srv.Close(); s.Close() })
	h := harnessOn(t, s, srv)
	open := func() *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/wall/events", nil)
		req.Header.Set("Authorization", "Bearer "+h.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := open()
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
		t.Fatalf("stream: %d %q", resp.StatusCode, ct)
	}
	rd := bufio.NewReader(resp.Body)
	var event string
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("the stream ended before the wall: %v", err)
		}
		if strings.HasPrefix(line, "event: ") {
			event = strings.TrimSpace(strings.TrimPrefix(line, "event: "))
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok && event == "wall" {
			var w struct {
				Boards []struct {
					Name  string `json:"name"`
					State string `json:"state"`
				} `json:"boards"`
			}
			if err := json.Unmarshal([]byte(data), &w); err != nil || len(w.Boards) != 1 || w.Boards[0].Name != "Bảng thử" || w.Boards[0].State != wall.StateNever {
				t.Fatalf("the wall sent %s (%v)", data, err)
			}
			break
		}
	}

	// The one open stream and the rest of the bound taken.
	for i := range wall.MaxStreams - 1 {
		if err := s.wall.Enter(fmt.Sprintf("user:%d", 1000+i)); err != nil {
			t.Fatal(err)
		}
	}
	refused := open()
	body, _ := io.ReadAll(refused.Body)
	refused.Body.Close()
	if refused.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"too_many_streams"`) || !strings.Contains(string(body), "tự cập nhật") {
		t.Fatalf("a stream beyond the bound: %d %s", refused.StatusCode, body)
	}

	cancel()
	if _, err := io.Copy(io.Discard, rd); err != nil {
		t.Fatalf("the stream did not end cleanly when the controller stopped: %v", err)
	}
}

// TestWallStreamsPerPerson: one person (a user's sessions and the tokens
// they minted, counted together) holds at most wall.MaxStreamsPerPerson
// live streams and is refused beyond with 429 in words; another person
// still gets one. (One token once held all 64, and every other page got
// 503.)
func TestWallStreamsPerPerson(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	u, err := h.s.store.CreateUser(ctx, testActor, "theo-doi", "khong-dung", store.Roles{store.RoleOperator})
	if err != nil {
		t.Fatal(err)
	}
	person := store.Actor{Key: store.UserKey(u.ID), Name: u.Username, Roles: u.Roles}
	if err := h.s.store.ChangeOwnPassword(ctx, person, u.ID, "khong-dung", ""); err != nil {
		t.Fatal(err)
	}
	var theirs []string
	for i := range 2 {
		tok, _, err := staff.CreateAPIToken(ctx, h.s.store, person, fmt.Sprintf("bảng tường %d", i), "operator", 0)
		if err != nil {
			t.Fatal(err)
		}
		theirs = append(theirs, tok)
	}
	cookie, hash := secret.NewToken(secret.PrefixSession)
	if err := h.s.store.CreateSession(ctx, hash, u.ID, "csrf", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	open := func(token, cookie string) *http.Response {
		req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/wall/events", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		} else {
			req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	// Two by the browser, one by each token: the person's whole share.
	for i, resp := range []*http.Response{open("", cookie), open("", cookie), open(theirs[0], ""), open(theirs[1], "")} {
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d of the person: %d", i+1, resp.StatusCode)
		}
	}
	for _, tc := range []struct{ name, token, cookie string }{{"by a token", theirs[0], ""}, {"by the browser", "", cookie}} {
		resp := open(tc.token, tc.cookie)
		if resp.StatusCode == http.StatusOK {
			t.Fatalf("a fifth stream of the person %s was opened, want 429", tc.name)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), `"too_many_streams_of_yours"`) || !strings.Contains(string(body), "tự cập nhật") {
			t.Fatalf("a fifth stream of the person %s: %d %s, want 429 too_many_streams_of_yours", tc.name, resp.StatusCode, body)
		}
	}
	if resp := open(h.token, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("another person's stream: %d, want 200", resp.StatusCode)
	}
}
