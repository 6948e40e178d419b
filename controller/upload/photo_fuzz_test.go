package upload

import (
	"bytes"
	"testing"

	"codong/assets"
	"codong/controller/render"
	"codong/internal/phototest"
)

// FuzzInspectPhoto feeds uploads' bytes to the header check, and what it
// lets by to the decoder: neither may panic, and nothing it lets by may
// claim more pixels than the limits allow.
func FuzzInspectPhoto(f *testing.F) {
	f.Add(phototest.JPEG(phototest.Halves(30, 20), 6))
	f.Add(phototest.PNG(phototest.Halves(30, 20)))
	f.Add(phototest.GIF(phototest.Halves(30, 20)))
	f.Add(phototest.Bomb(100000, 100000))
	f.Add(phototest.Bomb(64, 64))
	f.Add(phototest.Truncated())
	f.Add(phototest.ProgressiveGray(64, 48, 5, 5))
	f.Fuzz(func(t *testing.T, data []byte) {
		if inspectPhoto("tệp.jpg", data) != nil {
			return
		}
		img, _, err := assets.DecodePhoto(t.Context(), bytes.NewReader(data), render.PhotoLimits)
		if err == nil && img.Bounds().Dx()*img.Bounds().Dy() > 50_000_000 {
			t.Fatalf("decoded %v past the limits", img.Bounds())
		}
	})
}
