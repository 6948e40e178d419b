package assets

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"os"
	"runtime/debug"
	"testing"
)

// The contact sheet: the whole corpus on every proof board in one PNG, so
// that a person sees at a glance what the proof's numbers mean.
//
//	go test ./assets -run TestContactSheet -args -sheet /tmp/sheet.png
//
// Without -sheet the test builds a sheet of two slogans in memory and
// checks it, so the command keeps working.
var sheetPath = flag.String("sheet", "", "write the contact sheet of the whole corpus to this PNG file")

func TestContactSheet(t *testing.T) {
	slogans := corpusSlogans(t)
	if *sheetPath == "" {
		// The first slogan, and the longest: it turns pages or scrolls on
		// the LED boards.
		longest := slogans[0]
		for _, s := range slogans {
			if len(s.text) > len(longest.text) {
				longest = s
			}
		}
		slogans = []corpusSlogan{slogans[0], longest}
	} else {
		// The sheet is a third of a gigabyte: collect garbage sooner than
		// at twice that.
		defer debug.SetGCPercent(debug.SetGCPercent(25))
	}
	sh := newSheet()
	for i, s := range slogans {
		sh.addSlogan(t, i+1, s)
	}
	img := sh.draw(t, *sheetPath == "")
	checkSheet(t, sh, img)
	if *sheetPath == "" {
		return
	}
	b, err := encodeSheet(img)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*sheetPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("contact sheet of %d slogans × %d boards: %s (%v, %d KB)",
		len(slogans), len(proofBoards), *sheetPath, img.Bounds().Size(), len(b)>>10)
}

// checkSheet proves the sheet shows what was rendered: frames apart, each
// the size its scale says, its pixels the render's, and every label inked.
func checkSheet(t *testing.T, sh *sheet, img *image.Paletted) {
	t.Helper()
	if img.Bounds().Dx() != sheetWidth || len(sh.frames) == 0 {
		t.Fatalf("sheet %v with %d frames", img.Bounds(), len(sh.frames))
	}
	if err := sheetFault(sh, img); err != nil {
		t.Fatal(err)
	}
}

// sheetFault checks the pixels of the frames that still hold their
// picture (all, in the small sheet).
func sheetFault(sh *sheet, img *image.Paletted) error {
	for i, f := range sh.frames {
		if !f.at.In(img.Bounds()) {
			return fmt.Errorf("frame %v outside the sheet %v", f.at, img.Bounds())
		}
		if want := image.Pt(f.from.Dx()*f.up/f.down, f.from.Dy()*f.up/f.down); f.at.Size() != want {
			return fmt.Errorf("frame of %s is %v, want %v", f.what, f.at.Size(), want)
		}
		for _, g := range sh.frames[:i] {
			if f.at.Overlaps(g.at) {
				return fmt.Errorf("frames of %s and %s overlap", f.what, g.what)
			}
		}
		for y := f.at.Min.Y; y < f.at.Max.Y && f.src != nil; y++ {
			for x := f.at.Min.X; x < f.at.Max.X; x++ {
				// LED boards: the source pixel under the point, found
				// here without the frame's own arithmetic.
				want := f.pixel(x-f.at.Min.X, y-f.at.Min.Y)
				if f.up > 1 {
					want = color.RGBAModel.Convert(f.src.At(f.from.Min.X+(x-f.at.Min.X)/f.up,
						f.from.Min.Y+(y-f.at.Min.Y)/f.up)).(color.RGBA)
				}
				if got := img.ColorIndexAt(x, y); got != sh.pal.index(want) {
					return fmt.Errorf("frame %v of %s: pixel (%d,%d) is %v, want %v", f.at, f.what, x, y,
						sh.pal.colors[got], want)
				}
			}
		}
	}
	for _, l := range sh.labels {
		if !hasDarkInk(img, l.at) {
			return fmt.Errorf("label %q at %v has no ink", l.text, l.at)
		}
	}
	return nil
}

// TestContactSheetCheckCatches: a frame drawn one pixel off, or a label
// left out, fails the sheet's check.
func TestContactSheetCheckCatches(t *testing.T) {
	sh := newSheet()
	sh.addSlogan(t, 1, corpusSlogan{"hand", 1, "Mừng Đảng quang vinh"})
	img := sh.draw(t, true)
	if err := sheetFault(sh, img); err != nil {
		t.Fatal(err)
	}
	for _, f := range sh.frames {
		if f.up > 1 {
			at := f.at
			f.at = f.at.Add(image.Pt(1, 0))
			if sheetFault(sh, img) == nil {
				t.Error("a frame one pixel off passed")
			}
			f.at = at
			break
		}
	}
	sh.labels = append(sh.labels, sheetLabel{text: "không vẽ", at: image.Rect(0, 0, 40, 4)})
	if sheetFault(sh, img) == nil {
		t.Error("a label without ink passed")
	}
}

func hasDarkInk(img *image.Paletted, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := color.GrayModel.Convert(img.Palette[img.ColorIndexAt(x, y)]).(color.Gray); c.Y < 0x80 {
				return true
			}
		}
	}
	return false
}

// sheetFrame is one picture on the sheet: a still, a page, or a stretch
// of a strip, scaled up by an integer (LED boards, nearest neighbour) or
// down by one (screens, the mean of each block).
type sheetFrame struct {
	req      Request
	src      *sheetPicture   // the picture, while draw needs it
	from     image.Rectangle // the part of src shown
	up, down int
	at       image.Rectangle // where on the sheet
	what     string
}

// pixel is the frame's colour at (x, y) from its top left.
func (f *sheetFrame) pixel(x, y int) color.RGBA {
	if f.up > 1 {
		return f.src.colors[f.src.Pix[f.src.PixOffset(f.from.Min.X+x/f.up, f.from.Min.Y+y/f.up)]]
	}
	var r, g, b, n int
	for dy := range f.down {
		for dx := range f.down {
			p := image.Pt(f.from.Min.X+x*f.down+dx, f.from.Min.Y+y*f.down+dy)
			if p.In(f.from) {
				c := f.src.colors[f.src.Pix[f.src.PixOffset(p.X, p.Y)]]
				r, g, b, n = r+int(c.R), g+int(c.G), b+int(c.B), n+1
			}
		}
	}
	return color.RGBA{uint8((r + n/2) / n), uint8((g + n/2) / n), uint8((b + n/2) / n), 0xff}
}

// sheetPicture is a rendered picture with its palette as RGBA, read
// directly: through image.At a sheet under -race takes minutes.
type sheetPicture struct {
	*image.Paletted
	colors [256]color.RGBA
}

func newSheetPicture(img *image.Paletted) *sheetPicture {
	p := &sheetPicture{Paletted: img}
	for i, c := range img.Palette {
		p.colors[i] = color.RGBAModel.Convert(c).(color.RGBA)
	}
	return p
}

// frameScale says how a board is shown: LED boards two or more times
// larger, pixel for pixel, so that their grid shows; screens a quarter.
func frameScale(b Size) (up, down int) {
	if b.H <= 256 {
		return max(2, 128/b.H), 1
	}
	return 1, 4
}

// boardLabel says in Vietnamese how the slogan was set on the board.
func boardLabel(b proofBoard, l Layout) string {
	s := b.size.String()
	if b.speed > 0 {
		s += fmt.Sprintf(", %d px/giây", b.speed)
	}
	switch {
	case l.Pages > 0:
		s += fmt.Sprintf(": %d trang", l.Pages)
	case l.Scroll:
		s += fmt.Sprintf(": chữ chạy, dải %d px", l.Image.W)
	default:
		s += fmt.Sprintf(": %d dòng", len(l.Lines))
	}
	return s + fmt.Sprintf(", chữ hoa %.0f px", l.CapHeight)
}
