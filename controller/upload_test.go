package controller

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"codong/controller/respond"
	"codong/controller/store"
	"codong/internal/pgtest"
	"codong/internal/phototest"
)

// newHarnessWith is newAPIHarness with some of the Config set.
func newHarnessWith(t *testing.T, cfg Config) *apiHarness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if cfg.DataDir == "" {
		cfg.DataDir = dataDir(t, cfg.Database)
	}
	cfg.AdminPassword = "mật khẩu thử nghiệm đủ dài"
	cfg.PasswordIterations = 1000
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg.Announce = func(string) {}
	s, err := New(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s.Start(ctx)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() { cancel(); srv.Close(); s.Close() })
	return harnessOn(t, s, srv)
}

// refusal decodes an API error.
func refusal(t *testing.T, raw []byte) respond.Error {
	t.Helper()
	var e respond.Error
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatalf("not a JSON error: %s", raw)
	}
	if !strings.ContainsAny(e.Message, "ảẢệạôàìưđ") {
		t.Errorf("message %q is not Vietnamese", e.Message)
	}
	return e
}

// TestScanBombIsRefusedUndecoded: the 7000×7000 progressive JPEG of a
// thousand empty scans (190 KB) any editor could upload is refused from
// its structure, with a code and a reason, and nothing is kept.
func TestScanBombIsRefusedUndecoded(t *testing.T) {
	h := newAPIHarness(t)
	decoded := false
	h.s.uploads.Inside = func() { decoded = true }
	status, raw := h.upload(t, h.token, map[string][]byte{"bom-quet.jpg": phototest.ProgressiveGray(7000, 7000, 1000, 0)}, nil)
	e := refusal(t, raw)
	if status != http.StatusRequestEntityTooLarge || e.Code != "photo_decode_cost" || !strings.Contains(e.Message, "bom-quet.jpg") {
		t.Fatalf("got %d %s", status, raw)
	}
	if decoded {
		t.Fatal("the decoder was started on it")
	}
	// 16-bit colour PNG: 8 bytes a pixel, 381 MiB at 7071×7071.
	status, raw = h.upload(t, h.token, map[string][]byte{"16bit.png": png16Header(7071, 7071)}, nil)
	if e := refusal(t, raw); status != http.StatusRequestEntityTooLarge || e.Code != "photo_decode_memory" {
		t.Fatalf("16-bit PNG: got %d %s", status, raw)
	}
	if list, _ := h.s.store.Photos(t.Context(), store.Everything); len(list) != 0 {
		t.Fatalf("refused uploads stored photos: %+v", list)
	}
}

// png16Header is a PNG that declares 16-bit colour pixels, with a
// proper header (Go's own header check accepts it); its pixels are a
// few bytes, never reached.
func png16Header(w, h uint32) []byte {
	data := phototest.Bomb(w, h)
	data[8+8+8], data[8+8+9] = 16, 2
	binary.BigEndian.PutUint32(data[8+8+13:], crc32.ChecksumIEEE(data[8+4:8+8+13]))
	return data
}

// TestUploadsLeaveRenderPlacesFree: while a photo is being decoded, with
// a single render place, a slogan is saved and a preview drawn: uploads
// decode in a pool of their own.
func TestUploadsLeaveRenderPlacesFree(t *testing.T) {
	h := newHarnessWith(t, Config{MaxRenders: 1})
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	h.s.uploads.Inside = func() {
		once.Do(func() { close(entered) })
		<-release
	}
	done := make(chan int, 1)
	go func() {
		status, _ := h.upload(t, h.token, map[string][]byte{"dang-giai-ma.jpg": phototest.JPEG(phototest.Halves(300, 200), 0)}, nil)
		done <- status
	}()
	<-entered
	status, _, raw := h.do(t, "POST", "/api/v1/slogans", h.token, "application/json", `{"text":"Mừng Đảng, mừng Xuân"}`)
	if status != http.StatusCreated {
		t.Fatalf("slogan save during a decode: %d %s", status, raw)
	}
	status, _, raw = h.do(t, "GET", "/api/v1/render?text=M%E1%BB%ABng%20%C4%90%E1%BA%A1i%20h%E1%BB%99i&size=384x128", h.token, "", "")
	if status != http.StatusOK {
		t.Fatalf("preview during a decode: %d %.200s", status, raw)
	}
	close(release)
	if status := <-done; status != http.StatusCreated {
		t.Fatalf("the upload: %d", status)
	}
}

// heldUpload starts an upload whose body stops after its fields: it
// holds its place until finish is called.
func (h *apiHarness) heldUpload(t *testing.T, name string, data []byte) (finish func() int) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/api/v1/photos", pr)
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	result := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			result <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	fw, _ := mw.CreateFormFile("photo", name)
	fw.Write(data[:len(data)/2]) // the server is now reading this file
	return func() int {
		fw.Write(data[len(data)/2:])
		mw.Close()
		pw.Close()
		return <-result
	}
}

// TestUploadsBeyondTheBoundAreRefused: with two upload places taken, a
// third upload is refused at once (503, Retry-After, a reason) rather
// than queued; a burst of uploads each succeeds or is refused so, and
// the memory their decodes hold never passes the budget.
func TestUploadsBeyondTheBoundAreRefused(t *testing.T) {
	photo := phototest.JPEG(phototest.Halves(600, 400), 0)
	// One photo's decode (600×400 at 4:2:0: 38×25 MCUs of 384 samples)
	// fits the budget, two do not.
	const oneDecode = 38 * 25 * 384
	h := newHarnessWith(t, Config{MaxUploads: 2, MaxDecodeBytes: oneDecode + oneDecode/2})
	a := h.heldUpload(t, "a.jpg", phototest.JPEG(phototest.Halves(600, 401), 0))
	b := h.heldUpload(t, "b.jpg", phototest.JPEG(phototest.Halves(600, 402), 0))
	waitFor(t, "two uploads in flight", func() bool { return h.s.uploads.InFlight() == 2 })
	resp, err := http.DefaultClient.Do(phototest.UploadRequest(h.srv.URL+"/api/v1/photos", h.token, []phototest.File{{Name: "c.jpg", Data: photo}}, nil))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if e := refusal(t, raw); resp.StatusCode != http.StatusServiceUnavailable || e.Code != "uploads_busy" || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("third upload: %d %s (Retry-After %q)", resp.StatusCode, raw, resp.Header.Get("Retry-After"))
	}
	if sa, sb := a(), b(); sa != http.StatusCreated || sb != http.StatusCreated {
		t.Fatalf("held uploads ended %d and %d", sa, sb)
	}

	var wg sync.WaitGroup
	statuses := make(chan string, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := phototest.JPEG(phototest.Halves(600, 410+i), 0)
			resp, err := http.DefaultClient.Do(phototest.UploadRequest(h.srv.URL+"/api/v1/photos", h.token, []phototest.File{{Name: fmt.Sprintf("%d.jpg", i), Data: data}}, nil))
			if err != nil {
				statuses <- err.Error()
				return
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			statuses <- fmt.Sprintf("%d %s", resp.StatusCode, raw)
		}()
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if !strings.HasPrefix(s, "201 ") && !(strings.HasPrefix(s, "503 ") && (strings.Contains(s, "uploads_busy") || strings.Contains(s, `"busy"`))) {
			t.Errorf("burst upload: %s", s)
		}
	}
	used, peak := h.s.uploads.MemStats()
	if used != 0 || peak <= 0 || peak > h.s.cfg.MaxDecodeBytes {
		t.Fatalf("decode memory: %d held after, peak %d, budget %d", used, peak, h.s.cfg.MaxDecodeBytes)
	}
}

// TestPhotoQuotaByBytes: photos and their renditions may take at most
// the quota; an upload past it is refused with its own code, on both
// engines (PostgreSQL keeps originals in the database).
func TestPhotoQuotaByBytes(t *testing.T) {
	first, second := phototest.JPEG(noise(400, 300, 1), 0), phototest.JPEG(noise(400, 300, 2), 0)
	engines := map[string]func(t *testing.T) string{
		"sqlite":   func(*testing.T) string { return "" },
		"postgres": func(t *testing.T) string { return pgtest.URL(t) },
	}
	for name, db := range engines {
		t.Run(name, func(t *testing.T) {
			h := newHarnessWith(t, Config{Database: db(t), PhotoQuota: 1 << 40})
			// What the slogans' renditions take already, plus the first
			// photo and half the second: the quota.
			base, err := h.s.disk.Usage(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			h.s.disk.SetQuota(base + int64(len(first)) + int64(len(second))/2)
			if status, raw := h.upload(t, h.token, map[string][]byte{"dau.jpg": first}, nil); status != http.StatusCreated {
				t.Fatalf("first photo: %d %s", status, raw)
			}
			status, raw := h.upload(t, h.token, map[string][]byte{"sau.jpg": second}, nil)
			if e := refusal(t, raw); status != http.StatusInsufficientStorage || e.Code != "photo_quota" {
				t.Fatalf("past the quota: %d %s", status, raw)
			}
			// Summed afresh (as after a restart), the kept bytes still count.
			if _, err := h.s.disk.Usage(t.Context()); err != nil {
				t.Fatal(err)
			}
			if status, raw := h.upload(t, h.token, map[string][]byte{"sau.jpg": second}, nil); status != http.StatusInsufficientStorage {
				t.Fatalf("past the quota, summed afresh: %d %s", status, raw)
			}
		})
	}
}

// noise is a picture that JPEG cannot shrink much: a file of some size.
func noise(w, h int, seed uint64) *image.NRGBA {
	rng := rand.New(rand.NewPCG(seed, seed))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(rng.UintN(256))
	}
	return img
}
