package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"codong/assets"
	"codong/internal/phototest"
)

// Colours of the classic style, as the boards must show them.
var (
	classicRed = color.NRGBA{0xda, 0x25, 0x1d, 0xff}
	classicInk = color.NRGBA{0xff, 0xe6, 0x00, 0xff}
)

// uploadPhoto uploads one file as the editor and returns its photo's ID.
func (h *harness) uploadPhoto(name string, data []byte, fields map[string]string) int64 {
	h.t.Helper()
	resp, err := http.DefaultClient.Do(phototest.UploadRequest(h.srv.URL+"/api/v1/photos", h.token, []phototest.File{{Name: name, Data: data}}, fields))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var got []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(raw, &got); err != nil || resp.StatusCode != http.StatusCreated || len(got) != 1 {
		h.t.Fatalf("upload %s: %s %s", name, resp.Status, raw)
	}
	return got[0].ID
}

// TestPhotoReachesEveryBoardFitted runs the real controller and two real
// players, a 384×128 LED board and a 1080×1920 portrait screen, and
// reads what each shows: a 4:3 photo letterboxed between bars of the
// style's background with its caption on a band below, and a photo
// taken sideways (EXIF orientation 6) filled upright over the whole
// board. Then the play report counts both photos by their titles (the
// caption with the file name: photos uploaded together share a caption).
func TestPhotoReachesEveryBoardFitted(t *testing.T) {
	t.Parallel()
	h := startController(t)
	boxed := h.uploadPhoto("hoi-truong.png", phototest.PNG(phototest.Halves(400, 300)),
		map[string]string{"caption": "Triển lãm ảnh Đại hội", "fit": "letterbox", "style": "classic"})
	// Stored sideways: upright it is 400×300, its top half blue.
	filled := h.uploadPhoto("IMG_2025.jpg", phototest.JPEG(phototest.Halves(300, 400), 6), map[string]string{"fit": "fill"})
	h.api("POST", "/api/v1/playlists", map[string]string{"slug": "trien-lam", "name": "Triển lãm ảnh"}, nil)
	for _, id := range []int64{boxed, filled} {
		h.api("POST", "/api/v1/playlists/trien-lam/items", map[string]any{"photo_id": id, "seconds": 2}, nil)
	}
	h.approveAll()
	h.api("POST", "/api/v1/override", map[string]any{"playlist": "trien-lam", "group": "", "minutes": 0}, nil)

	boards := []struct{ name, size string }{{"Bảng LED cổng chợ", "384x128"}, {"Màn hình dọc hội trường", "1080x1920"}}
	for _, b := range boards {
		t.Run(b.size, func(t *testing.T) {
			size, _ := assets.ParseSize(b.size)
			frame := h.startPlayer(h.addBoard(b.name, b.size).Token)
			waitFrame(t, frame, h.photoAsset(boxed, b.size), "letterboxed photo")
			checkLetterbox(t, readFrame(t, frame, b.size+"-letterbox"), size)
			waitFrame(t, frame, h.photoAsset(filled, b.size), "filled photo")
			checkFill(t, readFrame(t, frame, b.size+"-fill"), size)
		})
	}

	waitReport(t, h, "Triển lãm ảnh Đại hội (ảnh hoi-truong.png)", "Ảnh IMG_2025.jpg")
}

// photoAsset is the picture the controller makes of a photo at a size:
// what the board must end up showing.
func (h *harness) photoAsset(id int64, size string) string {
	h.t.Helper()
	var data []byte
	h.api("GET", fmt.Sprintf("/api/v1/photos/%d/preview.png?size=%s", id, size), nil, &data)
	return assets.Sum(data)
}

// readFrame decodes what the board shows, and keeps a copy in
// CODONG_SCREENSHOTS for a person to look at.
func readFrame(t *testing.T, frame, name string) image.Image {
	t.Helper()
	data, err := os.ReadFile(frame)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CODONG_SCREENSHOTS"); dir != "" {
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "board-"+name+".png"), data, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// checkLetterbox: the whole 4:3 photo (left half blue, right half green)
// centred in the area above the caption band, bars of the style's red
// where the shapes differ, and the caption's yellow ink on the band.
func checkLetterbox(t *testing.T, img image.Image, size assets.Size) {
	t.Helper()
	band := assets.CaptionBand(size)
	areaH := size.H - band
	scale := min(float64(size.W)/400, float64(areaH)/300)
	w, h := int(400*scale+0.5), int(300*scale+0.5)
	x0, y0 := (size.W-w)/2, (areaH-h)/2
	expect := map[image.Point]color.Color{
		{x0 + 4, y0 + h/2}: phototest.Blue, {x0 + w - 5, y0 + h/2}: phototest.Green,
		{x0 + w/4, y0 + 2}: phototest.Blue, {x0 + 3*w/4, y0 + h - 3}: phototest.Green,
	}
	if x0 > 4 { // bars left and right (a wide board)
		expect[image.Pt(x0/2, areaH/2)], expect[image.Pt(size.W-x0/2, areaH/2)] = classicRed, classicRed
	}
	if y0 > 4 { // bars above and below (a tall screen)
		expect[image.Pt(size.W/2, y0/2)], expect[image.Pt(size.W/2, y0+h+(areaH-y0-h)/2)] = classicRed, classicRed
	}
	if x0 <= 4 && y0 <= 4 {
		t.Fatalf("a 4:3 photo on %v left no bars", size)
	}
	for p, want := range expect {
		if c := img.At(p.X, p.Y); !phototest.Near(c, want, 24) {
			t.Errorf("pixel %v is %v, want %v", p, c, want)
		}
	}
	ink, photo := 0, 0
	for y := areaH; y < size.H; y++ {
		for x := range size.W {
			c := img.At(x, y)
			if phototest.Near(c, classicInk, 40) {
				ink++
			}
			if phototest.Near(c, phototest.Blue, 40) || phototest.Near(c, phototest.Green, 40) {
				photo++
			}
		}
	}
	if ink < 50 || photo > 0 {
		t.Errorf("caption band: %d ink pixels, %d photo pixels", ink, photo)
	}
}

// checkFill: the upright photo (top half blue, bottom half green) covers
// the whole board, with no bar of the background anywhere.
func checkFill(t *testing.T, img image.Image, size assets.Size) {
	t.Helper()
	for _, c := range []struct {
		p    image.Point
		want color.Color
	}{{image.Pt(0, 0), phototest.Blue}, {image.Pt(size.W-1, 0), phototest.Blue}, {image.Pt(0, size.H-1), phototest.Green}, {image.Pt(size.W-1, size.H-1), phototest.Green}} {
		if got := img.At(c.p.X, c.p.Y); !phototest.Near(got, c.want, 30) {
			t.Errorf("corner %v is %v, want %v", c.p, got, c.want)
		}
	}
	for y := 0; y < size.H; y++ {
		for x := 0; x < size.W; x++ {
			if c := img.At(x, y); !phototest.Near(c, phototest.Blue, 60) && !phototest.Near(c, phototest.Green, 60) && y != size.H/2 && y != size.H/2-1 {
				t.Fatalf("pixel %d,%d is %v: the photo does not cover the board", x, y, c)
			}
		}
	}
}
