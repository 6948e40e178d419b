package fleet

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/png"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/assets"
	"codong/player"
	"codong/protocol"
)

// longSlogan is too long for one screen of a market board: at a slow
// scroll speed it is set in pages.
const longSlogan = "Đảng Cộng sản Việt Nam quang vinh muôn năm! Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ xã lần thứ nhất, nhiệm kỳ 2025-2030. " +
	"Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh. Phát huy sức mạnh đại đoàn kết toàn dân tộc, xây dựng quê hương giàu đẹp."

// pictureStore serves real pictures by their sum, as the hot store does.
type pictureStore struct {
	mu   sync.Mutex
	pics map[string][]byte
	gets int
}

func (p *pictureStore) Get(sum string) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gets++
	if data, ok := p.pics[sum]; ok {
		return data, nil
	}
	return nil, assets.ErrNotFound
}

func (p *pictureStore) add(data []byte) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	sum := assets.Sum(data)
	p.pics[sum] = data
	return sum
}

// renderOn renders a slogan for the rig's market boards (384×128) at a
// scroll speed, and checks it came out as the test needs it.
func renderOn(t *testing.T, r *assets.Renderer, text string, speed int, want func(assets.Layout) bool) []byte {
	t.Helper()
	pic, err := r.Render(assets.Request{Text: text, Size: assets.Size{W: 384, H: 128}, ScrollSpeed: speed})
	if err != nil {
		t.Fatal(err)
	}
	if !want(pic.Layout) {
		t.Fatalf("%q at %d px/s: layout %+v", text, speed, pic.Layout)
	}
	return pic.PNG
}

// oldPage is page k of a picture set in pages as a player cuts it for
// its display: a PNG of its own, of which a player of 2.1 made its
// thumbnail.
func oldPage(t *testing.T, data []byte, k, h int) []byte {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	page, err := assets.Page(img, k, img.Bounds().Dy()/h, h)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, page); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A board of protocol 2.2 says which picture it shows, and the part of
// it; the thumbnail the controller makes of its own picture is, byte for
// byte, the one a board of 2.1 made of its frame and sent: a still, each
// page of an item set in pages, a strip at its head and wherever it has
// moved to. The status carries no picture, and the thumbnail is made
// once per part shown, not per board or per report.
func TestThumbnailMadeAsTheBoardMadeIt(t *testing.T) {
	r, err := assets.NewRenderer(assets.Options{})
	if err != nil {
		t.Fatal(err)
	}
	still := renderOn(t, r, "Mừng Xuân", 0, func(l assets.Layout) bool { return !l.Scroll && l.Pages == 0 })
	paged := renderOn(t, r, longSlogan, 20, func(l assets.Layout) bool { return l.Pages >= 2 })
	strip := renderOn(t, r, longSlogan, 400, func(l assets.Layout) bool { return l.Scroll })
	pics := &pictureStore{pics: map[string][]byte{}}
	rg := newRigWith(t, func(c *Config) { c.Pictures = pics })
	rg.connect(1, 2)
	rg.waitManifests(t, 1, 1, 2)

	cases := []struct {
		name  string
		pic   []byte
		shows protocol.Shows
		old   []byte // what a board of 2.1 sent
	}{
		{"still", still, protocol.Shows{}, player.Thumbnail(still)},
		{"first page", paged, protocol.Shows{Page: 0}, player.Thumbnail(oldPage(t, paged, 0, 128))},
		{"second page", paged, protocol.Shows{Page: 1}, player.Thumbnail(oldPage(t, paged, 1, 128))},
		{"strip at its head", strip, protocol.Shows{Scroll: true}, player.ScrollThumbnail(strip, 384)},
		{"strip entering", strip, protocol.Shows{Scroll: true, X: 200}, player.ScrollThumbnailAt(strip, 384, 200)},
		{"strip half gone", strip, protocol.Shows{Scroll: true, X: -700}, player.ScrollThumbnailAt(strip, 384, -700)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.old == nil {
				t.Fatal("the old way made no thumbnail")
			}
			sum := pics.add(tc.pic)
			for _, id := range []int64{1, 2} {
				st := &protocol.Status{Playlist: "default", ItemID: 1, Asset: sum, DisplayWidth: 384, DisplayHeight: 128, Shows: &tc.shows}
				if ref := rg.f.Status(id, rg.linkOf(id), st); ref != nil {
					t.Fatalf("status refused: %+v", ref)
				}
			}
			pics.mu.Lock()
			before := pics.gets
			pics.mu.Unlock()
			for _, id := range []int64{1, 2, 1} {
				got := rg.f.Thumbnail(id)
				if !bytes.Equal(got, tc.old) {
					t.Fatalf("board %d: the controller's thumbnail (%d bytes) is not the board's (%d bytes)", id, len(got), len(tc.old))
				}
			}
			pics.mu.Lock()
			made := pics.gets - before
			pics.mu.Unlock()
			if made != 1 {
				t.Fatalf("the picture was read %d times for two boards showing the same part, want once", made)
			}
			if v1, v2 := rg.f.View(1).Thumbnail, rg.f.View(2).Thumbnail; v1 == "" || v1 != v2 {
				t.Fatalf("thumbnail names %q and %q", v1, v2)
			}
		})
	}
}

// A board of 2.2 sends its own pixels only when asked: when it reports a
// problem (the controller's picture may then not be what it shows), or
// for the dashboard's screenshot. Its answer is then its thumbnail,
// until the problem is gone; a screenshot nobody asked for is refused
// and flags the board.
func TestScreenshotOnlyWhenAsked(t *testing.T) {
	pics := &pictureStore{pics: map[string][]byte{}}
	rg := newRigWith(t, func(c *Config) { c.Pictures = pics })
	rg.connect(1)
	rg.waitManifests(t, 1, 1)
	r, _ := assets.NewRenderer(assets.Options{})
	still := renderOn(t, r, "Mừng Xuân", 0, func(l assets.Layout) bool { return !l.Scroll && l.Pages == 0 })
	sum := pics.add(still)
	own := []byte("\x89PNG the board's own pixels")

	if ref := rg.f.Screenshot(1, rg.linkOf(1), &protocol.Screenshot{ID: 1}, own); ref == nil || ref.Code != "unexpected_screenshot" {
		t.Fatalf("a screenshot nobody asked for: %+v", ref)
	}
	status := func(problem string) {
		t.Helper()
		st := &protocol.Status{Playlist: "default", ItemID: 1, Asset: sum, Shows: &protocol.Shows{}, DisplayProblem: problem}
		if ref := rg.f.Status(1, rg.linkOf(1), st); ref != nil {
			t.Fatalf("status refused: %+v", ref)
		}
	}
	status("")
	if n := len(rg.links.of(1, protocol.TypeScreenshotRequest)); n != 0 {
		t.Fatalf("%d screenshot requests to a board with no problem", n)
	}
	status("Trang hiển thị chưa mở trong trình duyệt nào")
	status("Trang hiển thị chưa mở trong trình duyệt nào") // the same problem asks once
	reqs := rg.links.of(1, protocol.TypeScreenshotRequest)
	if len(reqs) != 1 {
		t.Fatalf("%d screenshot requests for one problem, want 1", len(reqs))
	}
	id := reqs[0].ScreenshotRequest.ID
	buf := append([]byte(nil), own...)
	if ref := rg.f.Screenshot(1, rg.linkOf(1), &protocol.Screenshot{ID: id + 1}, buf); ref == nil {
		t.Fatal("a screenshot answering another request was taken")
	}
	if ref := rg.f.Screenshot(1, rg.linkOf(1), &protocol.Screenshot{ID: id, Asset: sum}, buf); ref != nil {
		t.Fatalf("the answer was refused: %+v", ref)
	}
	copy(buf, "overwritten by the next frame read")
	if got := rg.f.Thumbnail(1); !bytes.Equal(got, own) {
		t.Fatalf("while the board reports a problem its thumbnail is %q, want its own pixels", got)
	}
	status("")
	if got := rg.f.Thumbnail(1); !bytes.Equal(got, player.Thumbnail(still)) {
		t.Fatal("once the problem is gone the thumbnail is not the controller's again")
	}
	if fl := rg.f.View(1).Flag; fl == nil || !strings.Contains(fl.Reason, "không yêu cầu") {
		t.Fatalf("flag %+v, want one for the unasked screenshot", fl)
	}
	// A board of 2.1 cannot be asked: its screenshot is the thumbnail it sent.
	rg.connect(2)
	rg.waitManifests(t, 1, 2)
	rg.f.Status(2, rg.linkOf(2), &protocol.Status{Playlist: "default", Asset: sum, Thumbnail: own})
	if got, err := rg.f.TakeScreenshot(t.Context(), 2); err != nil || !bytes.Equal(got, own) {
		t.Fatalf("screenshot of a 2.1 board: %q, %v", got, err)
	}
	if _, err := rg.f.TakeScreenshot(t.Context(), 3); !errors.Is(err, ErrBoardOffline) {
		t.Fatalf("screenshot of a board not linked: %v", err)
	}
}

// The statuses and confirmations telemetry writes from shared buffers
// are each what encoding them one by one gives, whatever the buffer's
// growth in between.
func TestTelemetryBuffersKeepEachFrame(t *testing.T) {
	rg := newRigWith(t, func(c *Config) { c.SeenEvery = time.Hour; c.FlushEvery = time.Hour })
	rg.connect(1, 2, 3, 4)
	rg.waitManifests(t, 1, 1, 2, 3, 4)
	want := map[int64][]byte{}
	for id := int64(1); id <= 4; id++ {
		st := &protocol.Status{Playlist: "default", Title: strings.Repeat("Mừng Đảng ", int(id)*30), Asset: strings.Repeat("ab", 32), Shows: &protocol.Shows{Page: int(id)}}
		rg.f.Status(id, rg.linkOf(id), st)
		want[id], _ = json.Marshal(st)
	}
	rg.f.tel.Flush(t.Context(), true, true, true)
	rg.st.mu.Lock()
	defer rg.st.mu.Unlock()
	got := 0
	for _, batch := range rg.st.saved {
		for _, s := range batch.Seen {
			if s.Status == nil {
				continue
			}
			got++
			if !bytes.Equal(s.Status, want[s.Board]) {
				t.Fatalf("board %d's status written as %s, want %s", s.Board, s.Status, want[s.Board])
			}
		}
	}
	if got != 4 {
		t.Fatalf("%d statuses written, want 4", got)
	}
}
