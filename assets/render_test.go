package assets

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
)

func TestScrollStrip(t *testing.T) {
	long := officialSlogans(t)[2]
	cases := []struct {
		name   string
		text   string
		size   Size
		scroll bool
	}{
		{"long text on a small LED board", long, Size{192, 64}, true},
		{"short text stays on the board", "Mừng Xuân", Size{192, 64}, false},
		{"a screen holds it", long, Size{1280, 360}, false},
		{"below the floor a low board scrolls it", long, Size{384, 128}, true},
		{"typed breaks become spaces", "Mừng Đảng\nmừng Xuân\nmừng đất nước đổi mới", Size{64, 32}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := render(t, Request{Text: c.text, Size: c.size, Style: "led"}).Layout
			if l.Scroll != c.scroll {
				t.Fatalf("scroll %v, want %v (cap height %.1f)", l.Scroll, c.scroll, l.CapHeight)
			}
			if !l.Scroll {
				if l.CapHeight < 12 {
					t.Errorf("static text with cap height %.1f px", l.CapHeight)
				}
				return
			}
			if len(l.Lines) != 1 || l.Image.H != c.size.H || l.Image.W <= c.size.W {
				t.Errorf("strip %v with %d lines for board %v", l.Image, len(l.Lines), c.size)
			}
			if strings.Contains(l.Lines[0].Text, "\n") {
				t.Errorf("line break left in the strip: %q", l.Lines[0].Text)
			}
		})
	}
}

func TestHintingOnSmallBoards(t *testing.T) {
	small := render(t, Request{Text: "Mừng Đảng, mừng Xuân", Size: Size{384, 128}}).Layout
	big := render(t, Request{Text: "Mừng Đảng, mừng Xuân", Size: Size{1920, 1080}}).Layout
	if !small.Hinting || big.Hinting {
		t.Errorf("hinting: 384x128 %v, 1920x1080 %v", small.Hinting, big.Hinting)
	}
	if small.FontSize != float64(int(small.FontSize)) {
		t.Errorf("hinted size %.2f is not whole pixels", small.FontSize)
	}
}

// TestDeterministic: fresh caches, warm caches and parallel renders give
// the same bytes; the race detector watches the shared caches.
func TestDeterministic(t *testing.T) {
	req := Request{Text: officialSlogans(t)[3], Size: Size{1080, 1920}, Style: "flag"}
	first := render(t, req)
	fresh, err := NewRenderer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	sums := make([]string, 4)
	for i := range sums {
		wg.Go(func() {
			r := fresh
			if i%2 == 0 {
				r = testRenderer(t)
			}
			out, err := r.Render(req)
			if err != nil {
				t.Error(err)
				return
			}
			sums[i] = out.SHA256
		})
	}
	wg.Wait()
	for i, s := range sums {
		if s != first.SHA256 {
			t.Errorf("render %d: sha256 %s, want %s", i, s, first.SHA256)
		}
	}
}

func TestLayoutJSON(t *testing.T) {
	out := render(t, Request{Text: "Mừng Đảng", Size: Size{384, 128}})
	b, err := json.Marshal(out.Layout)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"size":"384x128"`, `"font_size":`, `"cap_height":`, `"coverage":0.`, `"scroll":false`, `"lines":[{"text":"MỪNG ĐẢNG","ink":{"x0":`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("layout JSON %s lacks %s", b, key)
		}
	}
}

func TestDefaultSize(t *testing.T) {
	if l := render(t, Request{Text: "Mừng Đảng"}).Layout; l.Size != (Size{1920, 1080}) {
		t.Errorf("default size %v", l.Size)
	}
}

// TestLowWideBoard: a board too low for legible text but wide enough for
// all of it shows the line centred rather than a strip to scroll.
func TestLowWideBoard(t *testing.T) {
	l := render(t, Request{Text: "Mừng Đảng", Size: Size{1024, 16}}).Layout
	if l.Scroll || l.Image != l.Size || len(l.Lines) != 1 {
		t.Fatalf("scroll %v, image %v, %d lines", l.Scroll, l.Image, len(l.Lines))
	}
	ink := l.Lines[0].Ink
	if mid := (ink.X0 + ink.X1) / 2; mid < 1024/2-2 || mid > 1024/2+2 {
		t.Errorf("line ink %v not centred", ink)
	}
}
