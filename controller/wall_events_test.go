package controller

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWallStream: the wall's stream sends the wall at once; beyond
// maxWallStreams a page is refused in words (it polls instead); and the
// streams end when the controller stops, so a graceful shutdown does
// not wait on them.
func TestWallStream(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := New(ctx, Config{
		DataDir: t.TempDir(), AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000,
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
			if err := json.Unmarshal([]byte(data), &w); err != nil || len(w.Boards) != 1 || w.Boards[0].Name != "Bảng thử" || w.Boards[0].State != stateNever {
				t.Fatalf("the wall sent %s (%v)", data, err)
			}
			break
		}
	}

	// The one open stream and the rest of the bound taken.
	for range maxWallStreams - 1 {
		s.streams <- struct{}{}
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
