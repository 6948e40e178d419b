package browsertest

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
)

// printed is a page whose print CSS differs from its screen CSS: what
// PrintToPDF prints must be the print's.
const printed = `<!doctype html>
<html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 15mm; }
.paper { display: none; }
@media print { .screen { display: none; } .paper { display: block; } }
</style></head>
<body><p class="screen">màn hình</p><p class="paper">giấy</p><p class="paper" style="break-before: page">trang hai</p></body></html>`

func TestPrintToPDF(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, printed)
	}))
	defer srv.Close()
	b := Start(t, Options{})
	b.Navigate(srv.URL)
	pdf, err := b.PrintToPDF()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	// A4 is 595×842 points; Chromium's own default, US Letter, 612×792.
	boxes := regexp.MustCompile(`/MediaBox \[0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) != 2 {
		// The screen CSS would print one page.
		t.Fatalf("%d pages, want the 2 of the print CSS", len(boxes))
	}
	for _, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if math.Abs(w-595.3) > 1 || math.Abs(h-841.9) > 1 {
			t.Errorf("a page is %.1f×%.1f points, want A4 (595.3×841.9)", w, h)
		}
	}
}
