package assets

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"strings"
	"testing"
	"unicode"
)

// Scroll speeds pages are checked at: the slowest a board may set, the
// default for a 64-pixel board, and a fast one.
var pageSpeeds = []int{20, 60, 150}

// TestPagesInTurn: on low boards, every corpus slogan whose strip would
// take over a minute to pass comes out in pages (or stays a strip only
// when no legible paging within the rules exists), and each
// page is one or two lines inside the safe area of its own board-high
// band, at a legible size, with the slogan's words in order, no unit
// split and no line ending on a word that leans on the next unless every
// other breaking is worse. A speed of 0 never turns pages.
func TestPagesInTurn(t *testing.T) {
	r := testRenderer(t)
	style, err := LookupStyle("")
	if err != nil {
		t.Fatal(err)
	}
	paged, kept := 0, 0
	for i, text := range corpus(t) {
		for _, size := range []Size{{192, 64}, {128, 64}, {160, 32}, {384, 128}, {256, 128}} {
			strip := render(t, Request{Text: text, Size: size}).Layout
			if strip.Pages != 0 {
				t.Fatalf("%02d-%s: pages without a scroll speed", i+1, size)
			}
			for _, speed := range pageSpeeds {
				t.Run(fmt.Sprintf("%02d-%s-%d", i+1, size, speed), func(t *testing.T) {
					out := render(t, Request{Text: text, Size: size, ScrollSpeed: speed})
					l := out.Layout
					long := strip.Scroll && passSeconds(strip.Image.W, size.W, speed) > maxPassSeconds
					if !long {
						if l.Pages != 0 || l.Scroll != strip.Scroll || l.Image != strip.Image {
							t.Fatalf("a pass of %v s or a still turned into %+v", passSeconds(strip.Image.W, size.W, speed), l)
						}
						return
					}
					if l.Pages == 0 {
						// Only a unit (a date, a name) too wide for the
						// board at a legible size, or words that cannot be
						// paged without a page of one syllable or one
						// ending on a leaning word, keep the strip.
						if u := unitTooWide(t, r, text, size); u == "" && pageable(t, r, text, size, style) {
							t.Fatalf("a pass of %.0f s stayed a strip, and the text can be paged", passSeconds(strip.Image.W, size.W, speed))
						}
						kept++
						return
					}
					paged++
					checkPages(t, out, text, style, r)
				})
			}
		}
	}
	// The smallest boards (128×64, 160×32) keep most strips: at 16 rows
	// their lines hold a word or two, and a page may not end on a
	// leaning word nor hold a line of one syllable.
	if paged == 0 || kept > 2*paged {
		t.Fatalf("%d renders in pages, %d long strips kept: paging barely works", paged, kept)
	}
	t.Logf("%d renders in pages, %d long strips kept (a unit wider than the board, or no paging within the rules)", paged, kept)
}

func checkPages(t *testing.T, out *Rendered, text string, style Style, r *Renderer) {
	t.Helper()
	l := out.Layout
	if l.Scroll || l.Pages < 2 || l.Pages > MaxPages {
		t.Fatalf("scroll %v, %d pages", l.Scroll, l.Pages)
	}
	if l.Image.W != l.Size.W || l.Image.H != l.Size.H*l.Pages {
		t.Fatalf("picture %s for %d pages of %s", l.Image, l.Pages, l.Size)
	}
	img, err := png.Decode(bytes.NewReader(out.PNG))
	if err != nil || img.Bounds().Dx() != l.Image.W || img.Bounds().Dy() != l.Image.H {
		t.Fatalf("PNG %v, %v; layout says %s", img.Bounds(), err, l.Image)
	}
	if l.CapHeight < capFloor(style, l.Size) {
		t.Fatalf("cap height %.1f below the floor %.1f", l.CapHeight, capFloor(style, l.Size))
	}
	perPage := make([]int, l.Pages)
	var words []string
	for _, line := range l.Lines {
		if line.Page < 0 || line.Page >= l.Pages {
			t.Fatalf("line %q on page %d of %d", line.Text, line.Page, l.Pages)
		}
		perPage[line.Page]++
		band := l.Safe.Rect().Add(image.Pt(0, line.Page*l.Size.H))
		if ink := line.Ink.Rect(); !ink.In(band) {
			t.Errorf("line %q ink %v outside its page's safe area %v", line.Text, ink, band)
		}
		words = append(words, strings.Fields(line.Text)...)
	}
	for k, n := range perPage {
		if n < 1 || n > maxPageLines {
			t.Errorf("page %d holds %d lines", k, n)
		}
	}
	strip, err := r.Render(Request{Text: text, Size: l.Size, Style: l.Style})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(words, " "), strip.Layout.Lines[0].Text; got != want {
		t.Errorf("pages read %q, the slogan is %q", got, want)
	}
	lines := lineTexts(l)
	checkInnerUnits(t, lines)
}

// TestPagedPlanIsCached: a paged layout is cached under its speed, so a
// board of the same size at another speed gets its own.
func TestPagedPlanIsCached(t *testing.T) {
	r := testRenderer(t)
	text := corpus(t)[2]
	size := Size{384, 128}
	slow, fast := render(t, Request{Text: text, Size: size, ScrollSpeed: 20}), render(t, Request{Text: text, Size: size, ScrollSpeed: 400})
	if slow.Layout.Pages == 0 || fast.Layout.Pages != 0 || !fast.Layout.Scroll {
		t.Fatalf("at 20 px/s %d pages, at 400 px/s %d pages (scroll %v)", slow.Layout.Pages, fast.Layout.Pages, fast.Layout.Scroll)
	}
	if _, err := r.Render(Request{Text: text, Size: size, ScrollSpeed: -1}); err == nil {
		t.Fatal("a negative scroll speed was accepted")
	}
}

// unitTooWide is a unit of text that pages on the board may not break
// and that does not fit the board alone as a still, or "".
func unitTooWide(t *testing.T, r *Renderer, text string, size Size) string {
	t.Helper()
	p, err := r.paragraph(text)
	if err != nil {
		t.Fatal(err)
	}
	var unit []string
	for i, tok := range p.toks {
		unit = append(unit, string(tok.text))
		if i < len(p.gaps) && p.gaps[i].kind == gapGlue {
			continue
		}
		if len(unit) > 1 {
			// Alone it must stay one line, or it does not fit whole.
			if l := render(t, Request{Text: strings.Join(unit, " "), Size: size}).Layout; l.Scroll || len(l.Lines) > 1 {
				return strings.Join(unit, " ")
			}
		}
		unit = unit[:0]
	}
	return ""
}

// TestPagesKeepTheEmblem: a style with an emblem draws it at the left of
// every page, beside the text and never under it.
func TestPagesKeepTheEmblem(t *testing.T) {
	out := render(t, Request{Text: corpus(t)[2], Size: Size{384, 128}, Style: "flag", ScrollSpeed: 20})
	l := out.Layout
	if l.Pages < 2 || l.Emblem == nil {
		t.Fatalf("flag style in pages: %d pages, emblem %v", l.Pages, l.Emblem)
	}
	img := decodePNG(t, out.PNG)
	box := l.Emblem.Rect()
	for k := range l.Pages {
		star := box.Add(image.Pt(0, k*l.Size.H))
		lit := 0
		for y := star.Min.Y; y < star.Max.Y; y++ {
			for x := star.Min.X; x < star.Max.X; x++ {
				if img.ColorIndexAt(x, y) != img.ColorIndexAt(0, k*l.Size.H) {
					lit++
				}
			}
		}
		if lit*4 < star.Dx()*star.Dy() {
			t.Errorf("page %d: %d of %d pixels of the emblem's box lit", k+1, lit, star.Dx()*star.Dy())
		}
	}
	for _, line := range l.Lines {
		if line.Ink.Rect().Min.X < box.Max.X {
			t.Errorf("line %q starts at x=%d, under the emblem ending at %d", line.Text, line.Ink.X0, box.Max.X)
		}
	}
}

// pageable reports whether the text has a paging at the largest size the
// floor allows with one or two lines a page, pages neither of one
// syllable nor ending on a leaning word.
func pageable(t *testing.T, r *Renderer, text string, size Size, style Style) bool {
	t.Helper()
	tx, err := r.prepare(text, style)
	if err != nil {
		t.Fatal(err)
	}
	area := image.Rect(0, 0, size.W, size.H).Inset(margin(style, size))
	_, ok := tx.choosePaging(size, area, capFloor(style, size))
	return ok
}

// The boards and speed issue 25 measured pages at.
var readSizes = []Size{{384, 128}, {192, 64}, {256, 128}}

const readSpeed = 60

// TestPagesAPasserByCanRead: over the corpus on the low boards of issue
// 25 at 60 px/s, every still and page has capitals at the floor (16 rows
// on these boards), no page holds a single syllable, no page ends on a
// leaning word, and a page that ends between two words could not have
// reached the next pause instead.
func TestPagesAPasserByCanRead(t *testing.T) {
	r := testRenderer(t)
	texts := append(officialSlogans(t), extraSlogans(t)...)
	paged, atPause, between := 0, 0, 0
	for i, text := range texts {
		for _, size := range readSizes {
			// The classic style for every slogan; the others, with their
			// own margins and the flag's star, for every third.
			styles := []string{"classic"}
			if i%3 == 0 {
				styles = append(styles, "led", "flag")
			}
			for _, name := range styles {
				style, err := LookupStyle(name)
				if err != nil {
					t.Fatal(err)
				}
				t.Run(fmt.Sprintf("%02d-%s-%s", i+1, size, name), func(t *testing.T) {
					l := render(t, Request{Text: text, Size: size, Style: name, ScrollSpeed: readSpeed}).Layout
					if !l.Scroll && math.Round(l.CapHeight) < 16 {
						t.Errorf("capitals of %.1f px (%d pages): below the floor of 16 rows", l.CapHeight, l.Pages)
					}
					if l.Pages == 0 {
						return
					}
					paged++
					a, e := checkPageEnds(t, r, text, l, style)
					atPause += a
					between += e
				})
			}
		}
	}
	if paged < 10 {
		t.Fatalf("only %d renders in pages: the test proves little", paged)
	}
	t.Logf("%d renders in pages; %d page ends at a pause, %d between words", paged, atPause, between)
}

// checkPageEnds checks each page's words and where it ends, and counts
// the ends at a pause and between words.
func checkPageEnds(t *testing.T, r *Renderer, text string, l Layout, style Style) (int, int) {
	t.Helper()
	tx, err := r.prepare(text, style)
	if err != nil {
		t.Fatal(err)
	}
	pages := make([][]string, l.Pages)
	for _, line := range l.Lines {
		pages[line.Page] = append(pages[line.Page], line.Text)
	}
	// The width a line had: the safe area less the emblem's share, at
	// the size the pages were set at.
	safe := l.Safe.Rect()
	if l.Emblem != nil {
		side := l.Emblem.Rect().Dx()
		safe.Min.X += side + side/6
	}
	ppem := int64(math.Round(l.FontSize * 64))
	maxW := int64(safe.Dx()-2*inkSlackPx) * 64 * tx.sh.upem / ppem
	m := tx.fit.m
	ps := tx.pauses()
	atPause, between := 0, 0
	start := 0
	for k, lines := range pages {
		words := strings.Fields(strings.Join(lines, " "))
		end := start + len(words)
		if len(words) == 1 && strings.IndexFunc(words[0], unicode.IsLetter) >= 0 && len(tx.words) > 1 {
			t.Errorf("page %d holds one syllable: %q", k+1, words[0])
		}
		// A page runs across a full stop only to end at another.
		for i := start + 1; i < end; i++ {
			if m.canEnd(i) && ps[i] == pauseSentence && ps[end] != pauseSentence {
				t.Errorf("page %d %q runs on past the end of a sentence", k+1, lines)
			}
		}
		if end < m.count() {
			last := tx.words[end-1].display
			if ps[end] == pauseWord && leaningWords[syllableKey(strings.TrimFunc(last, isPunctOrSymbol))] {
				t.Errorf("page %d ends on the leaning word %q: %q", k+1, last, lines)
			}
			if ps[end] != pauseWord {
				atPause++
			} else {
				between++
				// The next pause, were the page to run on to it.
				next := end + 1
				for next < m.count() && (ps[next] == pauseWord || !m.canEnd(next)) {
					next++
				}
				if ends, _ := m.slice(start, next).breakLines(maxW, maxW, maxPageLines); ends != nil && next < m.count() {
					t.Errorf("page %d %q ends between words, and the page could run on to the pause after %q",
						k+1, lines, tx.words[next-1].display)
				}
			}
		}
		start = end
	}
	if start != m.count() {
		t.Errorf("pages hold %d words, the text %d", start, m.count())
	}
	return atPause, between
}

// BenchmarkPlanPages is the layout of a long slogan in pages on a LED
// board, uncached: fit of the still, the strip, and every paging tried.
func BenchmarkPlanPages(b *testing.B) {
	r := testRenderer(b)
	style, err := LookupStyle("")
	if err != nil {
		b.Fatal(err)
	}
	text := officialSlogans(b)[2]
	if p, err := r.makePlan(text, Size{384, 128}, style, readSpeed); err != nil || p.layout.Pages == 0 {
		b.Fatalf("no pages (%v)", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.makePlan(text, Size{384, 128}, style, readSpeed); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPauses: where a page may end, ranked as a sign-writer ranks it; |s
// after a sentence, a semicolon or a typed break, |c between clauses or
// before a quotation, |l between the short items of a list.
func TestPauses(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"sentence, semicolon", "Đoàn kết, đoàn kết, đại đoàn kết. Thành công; thành công", "ĐOÀN KẾT,|l ĐOÀN KẾT,|l ĐẠI ĐOÀN KẾT.|s THÀNH CÔNG;|s THÀNH CÔNG"},
		{"clauses and a dash", "Đảng Cộng sản Việt Nam - người lãnh đạo, tổ chức mọi thắng lợi",
			"ĐẢNG CỘNG SẢN VIỆT NAM -|c NGƯỜI LÃNH ĐẠO,|c TỔ CHỨC MỌI THẮNG LỢI"},
		{"a list and a quotation", "Xây dựng, phát triển đất nước trên tinh thần “tự chủ, tự tin”",
			"XÂY DỰNG,|l PHÁT TRIỂN ĐẤT NƯỚC TRÊN TINH THẦN|c “TỰ CHỦ,|l TỰ TIN”"},
		{"the officer's line break", "Mừng Đảng\nmừng Xuân", "MỪNG ĐẢNG|s MỪNG XUÂN"},
	}
	r := testRenderer(t)
	style, err := LookupStyle("")
	if err != nil {
		t.Fatal(err)
	}
	marks := map[pause]string{pauseList: "|l", pauseClause: "|c", pauseSentence: "|s"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tx, err := r.prepare(c.text, style)
			if err != nil {
				t.Fatal(err)
			}
			ps := tx.pauses()
			var b strings.Builder
			for i, w := range tx.words {
				if i > 0 {
					b.WriteString(marks[ps[i]] + " ")
				}
				b.WriteString(w.display)
			}
			if got := b.String(); got != c.want {
				t.Errorf("pauses\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

// TestCapFloor: a LED board's floor is 16 rows or an eighth of its
// height, whichever is more (a cap of 15.5 px or more is hinted onto 16
// rows); a screen keeps the style's own.
func TestCapFloor(t *testing.T) {
	style, err := LookupStyle("")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		size Size
		want float64
	}{
		{Size{384, 128}, 15.5}, {Size{256, 128}, 15.5}, {Size{192, 64}, 15.5}, {Size{160, 32}, 15.5},
		{Size{512, 256}, 31.5}, {Size{200, 200}, 24.5}, {Size{1920, 1080}, 12}, {Size{1080, 1920}, 12},
	}
	for _, c := range cases {
		if got := capFloor(style, c.size); got != c.want {
			t.Errorf("%s: floor %.1f, want %.1f", c.size, got, c.want)
		}
	}
}
