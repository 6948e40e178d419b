package assets

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"codong/internal/phototest"
)

// TestRenderPhotoFitsEveryBoard fits a 4:3 photo (left half blue, right
// half green) to a wide LED board and a tall screen, and reads the
// pixels: letterbox bars in the style's background where the shapes
// differ, a fill that covers the whole area, and the caption band in the
// style's colours below the photo.
func TestRenderPhotoFitsEveryBoard(t *testing.T) {
	r := testRenderer(t)
	photo := phototest.Halves(400, 300)
	red := flagRed.rgba()
	tests := []struct {
		name    string
		size    Size
		fill    bool
		caption string
		// points and the colour each must have
		want map[image.Point]color.Color
	}{
		{"letterbox on an LED board, with a caption", Size{384, 128}, false, "Triển lãm ảnh", map[image.Point]color.Color{
			// band 26 px; area 384×102; photo 136×102 at x 124..260
			{5, 50}: red, {378, 50}: red, {130, 50}: phototest.Blue, {250, 50}: phototest.Green,
			{130, 0}: phototest.Blue, {130, 101}: phototest.Blue,
		}},
		{"fill on an LED board, with a caption", Size{384, 128}, true, "Triển lãm ảnh", map[image.Point]color.Color{
			{0, 0}: phototest.Blue, {0, 101}: phototest.Blue, {383, 0}: phototest.Green, {383, 101}: phototest.Green,
		}},
		{"letterbox on a tall screen", Size{1080, 1920}, false, "", map[image.Point]color.Color{
			// no band; 1080×810 at y 555..1365
			{540, 100}: red, {540, 1800}: red, {10, 560}: phototest.Blue, {1070, 1360}: phototest.Green,
		}},
		{"fill on a tall screen", Size{1080, 1920}, true, "", map[image.Point]color.Color{
			// 2560×1920 cropped around its centre: the middle of the
			// picture, where the halves meet, shows
			{0, 0}: phototest.Blue, {0, 1919}: phototest.Blue, {1079, 0}: phototest.Green, {1079, 1919}: phototest.Green,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := r.RenderPhoto(PhotoRequest{Photo: photo, Caption: tc.caption, Fill: tc.fill, Style: "classic", Size: tc.size})
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(out.PNG))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != tc.size.W || b.Dy() != tc.size.H {
				t.Fatalf("picture is %v, want %v", b, tc.size)
			}
			for p, want := range tc.want {
				if c := img.At(p.X, p.Y); !phototest.Near(c, want, 8) {
					t.Errorf("pixel %v is %v, want %v", p, c, want)
				}
			}
			if tc.caption != "" {
				checkCaptionBand(t, img, tc.size)
			}
			again, _ := r.RenderPhoto(PhotoRequest{Photo: photo, Caption: tc.caption, Fill: tc.fill, Style: "classic", Size: tc.size})
			if again.SHA256 != out.SHA256 {
				t.Error("the same request gave other bytes")
			}
		})
	}
}

// checkCaptionBand finds the band below the photo: the style's red
// background with the yellow ink of letters on it, and nothing of the
// photo.
func checkCaptionBand(t *testing.T, img image.Image, size Size) {
	t.Helper()
	red, ink := 0, 0
	for y := size.H - CaptionBand(size); y < size.H; y++ {
		for x := range size.W {
			switch c := img.At(x, y); {
			case phototest.Near(c, flagRed.rgba(), 8):
				red++
			case phototest.Near(c, Color{0xff, 0xe6, 0x00}.rgba(), 40):
				ink++
			case phototest.Near(c, phototest.Blue, 40), phototest.Near(c, phototest.Green, 40):
				t.Fatalf("photo pixel %v in the caption band at %d,%d", c, x, y)
			}
		}
	}
	if red == 0 || ink < 50 {
		t.Fatalf("caption band has %d background and %d ink pixels", red, ink)
	}
}

func TestDecodePhotoTurnsUpright(t *testing.T) {
	// Stored 300×200 sideways, left half blue; orientation 6 turns it a
	// quarter clockwise: 200×300, its top half blue.
	img, _, err := DecodePhoto(t.Context(), bytes.NewReader(phototest.JPEG(phototest.Halves(300, 200), 6)), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 300 {
		t.Fatalf("upright photo is %v, want 200×300", b)
	}
	if !phototest.Near(img.At(100, 20), phototest.Blue, 12) || !phototest.Near(img.At(100, 280), phototest.Green, 12) {
		t.Fatalf("top %v, bottom %v: not turned clockwise", img.At(100, 20), img.At(100, 280))
	}
	if _, _, err := DecodePhoto(t.Context(), bytes.NewReader(phototest.Truncated()), testLimits); err == nil {
		t.Fatal("a truncated JPEG decoded")
	}
}

// BenchmarkRenderPhoto fits a decoded 12-megapixel photo to a portrait
// hall screen with a caption: the work one photo item costs per board
// size.
func BenchmarkRenderPhoto(b *testing.B) {
	r := testRenderer(b)
	photo := phototest.Halves(4000, 3000)
	for b.Loop() {
		if _, err := r.RenderPhoto(PhotoRequest{Photo: photo, Caption: "Triển lãm ảnh Đại hội", Style: "classic", Size: Size{1080, 1920}}); err != nil {
			b.Fatal(err)
		}
	}
}
