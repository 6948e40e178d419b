package controller

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"codong/assets"
)

type previewResult struct {
	status     int
	code       string
	retryAfter string
}

func (h *apiHarness) preview(t *testing.T, text, size, style string) previewResult {
	q := url.Values{"text": {text}, "size": {size}, "style": {style}}
	req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/render?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Error(err)
		return previewResult{}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m struct{ Code string }
	json.Unmarshal(raw, &m)
	return previewResult{resp.StatusCode, m.Code, resp.Header.Get("Retry-After")}
}

// TestPreviewRendersAreBounded sends 100 large previews at once to a
// controller with two render places, holding the previews that get a
// place until every other one is answered: never more than two renders
// are in flight, the others are refused with 503 busy and Retry-After
// once their wait is over, and those held finish.
func TestPreviewRendersAreBounded(t *testing.T) {
	const places, requests = 2, 100
	var entered atomic.Int64
	release := make(chan struct{})
	h := newLimitedHarness(t, Config{MaxRenders: places}, false, func(s *Server) {
		s.renders.Wait = 50 * time.Millisecond
		s.renders.Inside = func(_ assets.Request, patient bool) {
			if !patient {
				entered.Add(1)
				<-release
			}
		}
	})

	results := make(chan previewResult, requests)
	for i := range requests {
		go func() { results <- h.preview(t, fmt.Sprintf("Khẩu hiệu số %d", i), "3840x2160", "") }()
	}
	ok, refused := 0, 0
	released := false
	for got := 0; got < requests; {
		select {
		case r := <-results:
			got++
			switch {
			case r.status == 200:
				ok++
			case r.status == 503 && r.code == "busy" && r.retryAfter != "":
				refused++
			default:
				t.Errorf("a preview got %+v, want 200 or 503 busy with Retry-After", r)
			}
		case <-time.After(10 * time.Millisecond):
		}
		// Every preview is answered or held: let the held ones finish.
		if !released && got+int(entered.Load()) == requests {
			close(release)
			released = true
		}
	}
	if peak := h.s.renders.Peak.Load(); peak > places {
		t.Errorf("%d renders in flight at once, want at most %d", peak, places)
	}
	if n := int(entered.Load()); n == 0 || n > places || ok != n || refused != requests-n {
		t.Errorf("%d previews rendered, %d answered 200, %d refused; want at most %d rendered, the rest refused", n, ok, refused, places)
	}
}

// TestFleetRendersQueue renders boards' pictures through a budget of one
// place whose wait is long over: none is refused, one at a time.
func TestFleetRendersQueue(t *testing.T) {
	release := make(chan struct{})
	h := newLimitedHarness(t, Config{MaxRenders: 1}, false, func(s *Server) {
		s.renders.Wait = time.Millisecond
		s.renders.Inside = func(req assets.Request, _ bool) {
			if req.Size == (assets.Size{W: 100, H: 50}) {
				<-release
			}
		}
	})
	const n = 4
	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, err := h.s.rend.Asset(fmt.Sprintf("Bảng số %d", i), "", assets.Size{W: 100, H: 50}, 0)
			errs <- err
		}()
	}
	waitFor(t, "the first render", func() bool { return h.s.renders.InFlight.Load() == 1 })
	time.Sleep(20 * time.Millisecond) // the others wait far beyond a preview's patience
	close(release)
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("a fleet render was refused: %v", err)
		}
	}
	if peak := h.s.renders.Peak.Load(); peak != 1 {
		t.Errorf("%d fleet renders at once, want 1", peak)
	}
}

func TestPreviewSizeBound(t *testing.T) {
	h := newLimitedHarness(t, Config{}, false)
	tests := []struct {
		name, size string
		status     int
	}{
		{"largest side squared", "8192x8192", 400},
		{"just over 4K", "3841x2160", 400},
		{"4K wall", "3840x2160", 200},
		{"long LED strip", "8192x1000", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.preview(t, "Mừng Đảng, mừng Xuân", tc.size, "")
			if r.status != tc.status || (tc.status == 400 && r.code != "bad_size") {
				t.Errorf("%s: got %+v, want %d", tc.size, r, tc.status)
			}
		})
	}
}

// TestPreviewsAreCached asks for previews again, in another Unicode
// spelling and in another style: only new pictures are rendered.
func TestPreviewsAreCached(t *testing.T) {
	var renders atomic.Int64
	h := newLimitedHarness(t, Config{}, false, func(s *Server) {
		s.renders.Inside = func(_ assets.Request, patient bool) {
			if !patient {
				renders.Add(1)
			}
		}
	})
	const text = "Chào mừng Quốc khánh"
	tests := []struct {
		name, text, style string
		renders           int64
	}{
		{"first time", text, "", 1},
		{"again", text, "", 1},
		{"decomposed spelling", norm.NFD.String(text), "", 1},
		{"default style by name", text, "classic", 1},
		{"another style", text, "led", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if r := h.preview(t, tc.text, "384x128", tc.style); r.status != 200 {
				t.Fatalf("preview: %+v", r)
			}
			if got := renders.Load(); got != tc.renders {
				t.Errorf("%d renders so far, want %d", got, tc.renders)
			}
		})
	}
}
