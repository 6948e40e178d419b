package controller

import (
	"testing"

	"codong/assets"
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
	f.Fuzz(func(t *testing.T, data []byte) {
		if inspectPhoto("tệp.jpg", data) != nil {
			return
		}
		img, err := assets.DecodePhoto(data)
		if err == nil && img.Bounds().Dx()*img.Bounds().Dy() > 50_000_000 {
			t.Fatalf("decoded %v past the limits", img.Bounds())
		}
	})
}
