package controller

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/controller/respond"
	"codong/controller/store"
	"codong/controller/upload"
	"codong/internal/phototest"
)

// upload posts files (name → bytes) as one multipart upload with the
// given fields, as a phone's browser or a script would.
func (h *apiHarness) upload(t *testing.T, token string, files map[string][]byte, fields map[string]string) (int, []byte) {
	t.Helper()
	var fs []phototest.File
	for name, data := range files {
		fs = append(fs, phototest.File{Name: name, Data: data})
	}
	resp, err := http.DefaultClient.Do(phototest.UploadRequest(h.srv.URL+"/api/v1/photos", token, fs, fields))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

// TestPhotoUploadRefusesBadFiles: every bad file is refused with a
// stable code and a Vietnamese message naming it, before its pixels are
// decoded where it claims too many, and nothing of it is kept.
func TestPhotoUploadRefusesBadFiles(t *testing.T) {
	h := newAPIHarness(t)
	good := phototest.JPEG(phototest.Halves(300, 200), 0)
	tests := []struct {
		name   string
		files  map[string][]byte
		fields map[string]string
		status int
		code   string
	}{
		{"GIF", map[string][]byte{"hoat-hinh.gif": phototest.GIF(phototest.Halves(30, 20))}, nil, http.StatusUnsupportedMediaType, "photo_format"},
		{"not a picture", map[string][]byte{"ghi-chu.jpg": []byte("không phải ảnh")}, nil, http.StatusUnsupportedMediaType, "photo_format"},
		{"decompression bomb", map[string][]byte{"bom.png": phototest.Bomb(100000, 100000)}, nil, http.StatusRequestEntityTooLarge, "photo_dimensions"},
		{"too many pixels", map[string][]byte{"dai.png": phototest.Bomb(10000, 10000)}, nil, http.StatusRequestEntityTooLarge, "photo_dimensions"},
		{"truncated", map[string][]byte{"dut.jpg": phototest.Truncated()}, nil, http.StatusUnprocessableEntity, "photo_corrupt"},
		{"one bad file refuses all", map[string][]byte{"tot.jpg": good, "dut.jpg": phototest.Truncated()}, nil, http.StatusUnprocessableEntity, "photo_corrupt"},
		{"file too heavy", map[string][]byte{"nang.jpg": append(bytes.Clone(good), make([]byte, store.MaxPhotoBytes)...)}, nil, http.StatusRequestEntityTooLarge, "photo_too_large"},
		{"no file", nil, map[string]string{"caption": "Ảnh"}, http.StatusBadRequest, "no_photo"},
		{"unknown field", map[string][]byte{"tot.jpg": good}, map[string]string{"captoin": "Ảnh"}, http.StatusBadRequest, "unknown_field"},
		{"unknown fit", map[string][]byte{"tot.jpg": good}, map[string]string{"fit": "stretch"}, http.StatusBadRequest, "invalid_unknown"},
		{"unknown style", map[string][]byte{"tot.jpg": good}, map[string]string{"style": "tim"}, http.StatusBadRequest, "unknown_style"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, raw := h.upload(t, h.token, tc.files, tc.fields)
			var e respond.Error
			json.Unmarshal(raw, &e)
			if status != tc.status || e.Code != tc.code {
				t.Fatalf("got %d %s, want %d %s", status, raw, tc.status, tc.code)
			}
			if !strings.ContainsAny(e.Message, "ảẢệạôàìưđ") {
				t.Errorf("message %q is not Vietnamese", e.Message)
			}
			for name := range tc.files {
				if tc.code != "unknown_field" && tc.code != "invalid_unknown" && tc.code != "unknown_style" && name != "tot.jpg" && !strings.Contains(e.Message, name) {
					t.Errorf("message %q does not name %s", e.Message, name)
				}
			}
		})
	}
	if list, _ := h.s.store.Photos(t.Context(), store.Everything); len(list) != 0 {
		t.Fatalf("refused uploads stored photos: %+v", list)
	}
	if kept, _ := os.ReadDir(filepath.Join(h.s.cfg.DataDir, "photos")); len(kept) != 0 {
		t.Fatalf("refused uploads kept %d originals", len(kept))
	}
}

// TestPhotoUploadBodyIsBounded: an upload larger than MaxUploadBytes is
// refused from its declared length, before it is read; other routes keep
// their small limit.
func TestPhotoUploadBodyIsBounded(t *testing.T) {
	h := newAPIHarness(t)
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/api/v1/photos", io.LimitReader(zeros{}, store.MaxUploadBytes+1))
	req.ContentLength = store.MaxUploadBytes + 1
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), "upload_too_large") {
		t.Fatalf("got %d %s", resp.StatusCode, raw)
	}
	status, _, _ := h.do(t, "POST", "/api/v1/slogans", h.token, "application/json", `{"text":"`+strings.Repeat("a", 2<<20)+`"}`)
	if status != http.StatusRequestEntityTooLarge {
		t.Fatalf("a 2 MB slogan got %d: the upload limit leaked to other routes", status)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestPhotoUploadKeepsOriginalsOnce: several photos in one upload, each
// original kept once by its sha256; the same file again is the same
// photo; a photo turned by its EXIF orientation previews upright; and
// its author cannot approve it.
func TestPhotoUploadKeepsOriginalsOnce(t *testing.T) {
	h := newAPIHarness(t)
	sideways := phototest.JPEG(phototest.Halves(300, 200), 6)
	flat := phototest.PNG(phototest.Halves(160, 90))
	status, raw := h.upload(t, h.token, map[string][]byte{"IMG_0001.jpg": sideways, "trien-lam.png": flat}, map[string]string{"caption": "Triển lãm ảnh mừng Đại hội"})
	var got []upload.Result
	if err := json.Unmarshal(raw, &got); err != nil || status != http.StatusCreated || len(got) != 2 {
		t.Fatalf("upload: %d %s", status, raw)
	}
	byName := map[string]upload.Result{}
	for _, p := range got {
		byName[p.Name] = p
		if p.Reused || p.State != store.StatePending || p.Caption != "Triển lãm ảnh mừng Đại hội" {
			t.Errorf("new photo %+v", p)
		}
	}
	turned := byName["IMG_0001.jpg"]
	if turned.Width != 200 || turned.Height != 300 {
		t.Errorf("EXIF-turned photo recorded %d×%d, want 200×300", turned.Width, turned.Height)
	}
	status, raw = h.upload(t, h.token, map[string][]byte{"ban-sao.jpg": sideways}, nil)
	var again []upload.Result
	json.Unmarshal(raw, &again)
	if status != http.StatusOK || len(again) != 1 || !again[0].Reused || again[0].ID != turned.ID {
		t.Fatalf("same file again: %d %s", status, raw)
	}
	if onPostgres() {
		// On a shared database the originals live in it, not in files.
		for _, p := range got {
			if _, err := h.s.store.PhotoOriginal(context.Background(), p.SHA256); err != nil {
				t.Fatalf("original of %s: %v", p.Name, err)
			}
		}
	} else if kept, _ := os.ReadDir(filepath.Join(h.s.cfg.DataDir, "photos")); len(kept) != 2 {
		t.Fatalf("%d originals kept, want 2", len(kept))
	}

	// Letterbox on the 384×128 board: the photo stands upright, blue
	// above green, between red bars.
	status, _, img := h.do(t, "GET", fmt.Sprintf("/api/v1/photos/%d/preview.png?size=384x128", turned.ID), h.token, "", "")
	pic, err := png.Decode(bytes.NewReader(img))
	if status != http.StatusOK || err != nil {
		t.Fatalf("preview: %d %v", status, err)
	}
	if !phototest.Near(pic.At(192, 20), phototest.Blue, 30) || !phototest.Near(pic.At(192, 80), phototest.Green, 30) {
		t.Errorf("preview middle column top %v, bottom %v: not upright", pic.At(192, 20), pic.At(192, 80))
	}

	status, body, _ := h.do(t, "GET", fmt.Sprintf("/api/v1/photos/%d/preview.png?size=1000x1000", turned.ID), h.token, "", "")
	if status != http.StatusBadRequest || body["code"] != "bad_size" {
		t.Fatalf("preview at a size no board has: %d %v", status, body)
	}

	versions := h.s.store
	v, _ := versions.LatestVersion(t.Context(), store.KindPhoto, turned.ID)
	status, body, _ = h.do(t, "POST", fmt.Sprintf("/api/v1/versions/%d/approve", v.ID), h.token, "application/json", `{}`)
	if status != http.StatusForbidden {
		t.Fatalf("approval by a token without the approver role: %d %v", status, body)
	}
	approver := h.tokenFor(t, "approver")
	status, body, _ = h.do(t, "POST", fmt.Sprintf("/api/v1/versions/%d/approve", v.ID), approver, "application/json", `{"comment":"đồng ý"}`)
	if status != http.StatusOK {
		t.Fatalf("approval by a second person: %d %v", status, body)
	}
	status, body, _ = h.do(t, "PUT", fmt.Sprintf("/api/v1/photos/%d", turned.ID), h.token, "application/json", `{"caption":"Mới","fit":"fill","style":"led","version":2,"extra":1}`)
	if status != http.StatusBadRequest || body["code"] != "unknown_field" {
		t.Fatalf("edit with an unknown field: %d %v", status, body)
	}
	status, body, _ = h.do(t, "PUT", fmt.Sprintf("/api/v1/photos/%d", turned.ID), h.token, "application/json", `{"caption":"Mới","fit":"fill","style":"led","version":1}`)
	if status != http.StatusOK || body["fit"] != "fill" || body["approved"].(map[string]any)["fit"] != "letterbox" {
		t.Fatalf("edit: %d %v", status, body)
	}
}
