package assets

import (
	"bufio"
	"bytes"
	"image"
	"image/png"
	"os"
	"strings"
	"sync"
	"testing"
)

// The official slogans, copied from ../shared/testdata so CI finds them.
const officialFile = "testdata/slogans-official.txt"

// testSizes are the boards every official slogan is checked on.
var testSizes = []Size{{1920, 1080}, {1080, 1920}, {384, 128}, {192, 64}}

var sharedRenderer = sync.OnceValues(func() (*Renderer, error) { return NewRenderer(Options{}) })

func testRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := sharedRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func officialSlogans(t testing.TB) []string {
	t.Helper()
	f, err := os.Open(officialFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no slogans in " + officialFile)
	}
	return out
}

func render(t testing.TB, req Request) *Rendered {
	t.Helper()
	out, err := testRenderer(t).Render(req)
	if err != nil {
		t.Fatalf("Render(%q, %v): %v", req.Text, req.Size, err)
	}
	return out
}

func decodePNG(t testing.TB, b []byte) *image.Paletted {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := img.(*image.Paletted)
	if !ok {
		t.Fatalf("PNG decodes as %T, want *image.Paletted", img)
	}
	return p
}
