package assets

import (
	"bytes"
	"fmt"
	"image"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// unitsInOfficial are word groups of the official slogans that must never
// be split across lines, written out by hand rather than taken from the
// code under test.
var unitsInOfficial = []string{
	"2025 - 2030", "LẦN THỨ XIV", "LẦN THỨ III", "ĐẠI HỘI", "ĐẠI BIỂU", "ĐẢNG BỘ",
	"NHIỆM KỲ", "CHÀO MỪNG", "DÂN TỘC", "XÃ HỘI", "CHỦ NGHĨA", "LIÊN MINH",
	"HỒ CHÍ MINH", "MÁC - LÊNIN", "ĐẢNG CỘNG SẢN", "VIỆT NAM", "TỔ QUỐC",
	"TOÀN QUỐC", "ĐỒNG CHÍ", "CẤP ỦY", "“TỰ CHỦ,",
}

// TestOfficialProperties checks, on every official slogan and test board,
// what must hold whatever the layout: ink inside the image and the safe
// area, lines' ink apart, no protected unit split, NFD equal to NFC, the
// block filling the safe area, and the PNG agreeing with the layout.
func TestOfficialProperties(t *testing.T) {
	for i, text := range officialSlogans(t) {
		for _, size := range testSizes {
			t.Run(fmt.Sprintf("%02d-%s", i+1, size), func(t *testing.T) {
				out := render(t, Request{Text: text, Size: size})
				l := out.Layout
				img := decodePNG(t, out.PNG)
				checkImageSize(t, l, img)
				checkInkInside(t, l)
				checkLinesApart(t, l)
				checkUnits(t, l)
				checkFill(t, l)
				checkPixelsInBoxes(t, l, img)
				nfd := render(t, Request{Text: norm.NFD.String(text), Size: size})
				if nfd.SHA256 != out.SHA256 {
					t.Errorf("NFD input renders differently from NFC")
				}
			})
		}
	}
}

func checkImageSize(t *testing.T, l Layout, img *image.Paletted) {
	t.Helper()
	if got := img.Bounds().Size(); got != image.Pt(l.Image.W, l.Image.H) {
		t.Fatalf("PNG is %v, layout says %v", got, l.Image)
	}
	if l.Image.H != l.Size.H || (!l.Scroll && l.Image != l.Size) {
		t.Errorf("image %v for board %v (scroll %v)", l.Image, l.Size, l.Scroll)
	}
}

func checkInkInside(t *testing.T, l Layout) {
	t.Helper()
	canvas := image.Rect(0, 0, l.Image.W, l.Image.H)
	safe := l.Safe.Rect()
	if !safe.In(canvas) {
		t.Errorf("safe area %v outside the image %v", safe, canvas)
	}
	for _, line := range l.Lines {
		if ink := line.Ink.Rect(); ink.Empty() || !ink.In(safe) {
			t.Errorf("line %q ink %v not inside the safe area %v", line.Text, ink, safe)
		}
	}
}

func checkLinesApart(t *testing.T, l Layout) {
	t.Helper()
	for i := 1; i < len(l.Lines); i++ {
		a, b := l.Lines[i-1].Ink, l.Lines[i].Ink
		if a.Y1 >= b.Y0 { // Y1 is exclusive: equal means touching
			t.Errorf("ink of %q (rows %d..%d) touches %q (rows %d..%d)",
				l.Lines[i-1].Text, a.Y0, a.Y1-1, l.Lines[i].Text, b.Y0, b.Y1-1)
		}
	}
}

func checkUnits(t *testing.T, l Layout) {
	t.Helper()
	lines := lineTexts(l)
	joined := strings.Join(lines, " ")
	for _, u := range unitsInOfficial {
		n := strings.Count(joined, u)
		kept := 0
		for _, line := range lines {
			kept += strings.Count(line, u)
		}
		if kept != n {
			t.Errorf("%q split across lines: %q", u, lines)
		}
	}
}

func checkFill(t *testing.T, l Layout) {
	t.Helper()
	safe, block := l.Safe.Rect(), l.Block.Rect()
	fw := float64(block.Dx()) / float64(safe.Dx())
	fh := float64(block.Dy()) / float64(safe.Dy())
	if fw < 0.85 && fh < 0.85 {
		t.Errorf("text block %v fills %.0f%% of the safe width and %.0f%% of its height", block, fw*100, fh*100)
	}
}

// checkPixelsInBoxes proves the layout's ink boxes are the real ink: every
// pixel outside them is the background, and every box has ink on each edge.
func checkPixelsInBoxes(t *testing.T, l Layout, img *image.Paletted) {
	t.Helper()
	if err := inkOutsideBoxes(l, img); err != nil {
		t.Error(err)
	}
}

func inkOutsideBoxes(l Layout, img *image.Paletted) error {
	var boxes []image.Rectangle
	for _, line := range l.Lines {
		boxes = append(boxes, line.Ink.Rect())
	}
	if l.Emblem != nil {
		boxes = append(boxes, l.Emblem.Rect())
	}
	b := img.Bounds()
	zero := make([]byte, b.Dx())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):img.PixOffset(b.Max.X, y)]
		if bytes.Equal(row, zero) {
			continue
		}
		// Walk the stretches of the row outside every box: all background.
		var spans [][2]int
		for _, r := range boxes {
			if y >= r.Min.Y && y < r.Max.Y {
				spans = append(spans, [2]int{r.Min.X, r.Max.X})
			}
		}
		slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
		x := 0
		for _, sp := range append(spans, [2]int{b.Dx(), b.Dx()}) {
			if sp[0] > x && !bytes.Equal(row[x:sp[0]], zero[:sp[0]-x]) {
				return fmt.Errorf("ink in row %d between x=%d and x=%d, outside every line box", y, x, sp[0])
			}
			x = max(x, sp[1])
		}
	}
	for _, line := range l.Lines {
		r := line.Ink.Rect()
		if !hasInk(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+1)) ||
			!hasInk(img, image.Rect(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y)) ||
			!hasInk(img, image.Rect(r.Min.X, r.Min.Y, r.Min.X+1, r.Max.Y)) ||
			!hasInk(img, image.Rect(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y)) {
			return fmt.Errorf("line %q box %v is looser than its ink", line.Text, r)
		}
	}
	return nil
}

// TestChecksCatchFaults: the pixel check fails when a box is one pixel
// too small or too large, so its passing means something.
func TestChecksCatchFaults(t *testing.T) {
	out := render(t, Request{Text: "Ậ Ệ Ộ", Size: Size{384, 128}})
	img := decodePNG(t, out.PNG)
	if err := inkOutsideBoxes(out.Layout, img); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*Box){
		"box too short":  func(b *Box) { b.Y0++ },
		"box too narrow": func(b *Box) { b.X1-- },
		"box too tall":   func(b *Box) { b.Y1++ },
	} {
		t.Run(name, func(t *testing.T) {
			l := out.Layout.clone()
			change(&l.Lines[0].Ink)
			if inkOutsideBoxes(l, img) == nil {
				t.Errorf("check passed a wrong box")
			}
		})
	}
}

func hasInk(img *image.Paletted, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.ColorIndexAt(x, y) != 0 {
				return true
			}
		}
	}
	return false
}
