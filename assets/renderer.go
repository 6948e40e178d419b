package assets

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
)

// layoutCacheEntries bounds the layouts kept between renders.
const layoutCacheEntries = 512

// defaultSize is used when a Request leaves Size zero.
var defaultSize = Size{W: 1920, H: 1080}

// Options configures a Renderer.
type Options struct {
	// FontDir, when set, is DATA/fonts: extra .ttf files, each checked to
	// draw every Vietnamese letter; a bad one is logged and skipped.
	FontDir string
	// Phrases adds word groups never to split across lines, like
	// protectedPhrases ("Hợp tác xã", "Làng Sen").
	Phrases []string
	Logger  *slog.Logger
}

// Renderer turns slogans into PNG images. It is safe for concurrent use and
// keeps glyph, metric and layout caches across calls.
type Renderer struct {
	log     *slog.Logger
	fonts   []*fontFace // embedded first, then FontDir
	phrases phraseIndex // never broken
	soft    phraseIndex // broken only at a cost
	splits  []split     // inner break points of long units
	masks   *maskCache

	mu      sync.Mutex
	layouts map[layoutKey]*plan
}

type layoutKey struct {
	text        string
	size        Size
	style, font string
	speed       int
}

// Request is one slogan to render. Font, when set, overrides the style's.
type Request struct {
	Text  string
	Size  Size
	Style string
	Font  string
	// ScrollSpeed is the board's scroll speed in pixels per second, or 0
	// when not known (print, a preview of no board). A slogan that must
	// scroll is set in pages instead when its pass at this speed would
	// take longer than a minute.
	ScrollSpeed int
}

// Rendered is the image, its content address and how it was laid out.
type Rendered struct {
	PNG    []byte
	SHA256 string // lowercase hex of PNG
	Layout Layout
}

// NewRenderer loads the embedded fonts and those in opts.FontDir.
func NewRenderer(opts Options) (*Renderer, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	fonts, err := embeddedFonts()
	if err != nil {
		return nil, err
	}
	fonts = append([]*fontFace(nil), fonts...)
	if opts.FontDir != "" {
		extra, err := loadFontDir(opts.FontDir, log)
		if err != nil {
			return nil, err
		}
		for _, f := range extra {
			if !hasFont(fonts, f.name) {
				fonts = append(fonts, f)
			}
		}
	}
	return &Renderer{log: log, fonts: fonts, phrases: newPhraseIndex(protectedPhrases, yearNames(), opts.Phrases),
		soft: newPhraseIndex(cohesivePhrases), splits: newSplits(),
		masks: newMaskCache(), layouts: make(map[layoutKey]*plan)}, nil
}

func hasFont(fonts []*fontFace, name string) bool {
	for _, f := range fonts {
		if f.name == name {
			return true
		}
	}
	return false
}

// Fonts lists the names of the fonts a style or a Request may name.
func (r *Renderer) Fonts() []string {
	names := make([]string, len(r.fonts))
	for i, f := range r.fonts {
		names[i] = f.name
	}
	return names
}

// fontChain puts the named font first, then every embedded fallback.
func (r *Renderer) fontChain(name string) ([]*fontFace, error) {
	for _, f := range r.fonts {
		if f.name == strings.ToLower(name) {
			chain := []*fontFace{f}
			for _, g := range r.fonts[:2] {
				if g != f {
					chain = append(chain, g)
				}
			}
			return chain, nil
		}
	}
	return nil, fmt.Errorf("không có phông chữ %q; các phông có sẵn: %s", name, strings.Join(r.Fonts(), ", "))
}

// Render lays out and draws one slogan. The same request always gives the
// same bytes.
func (r *Renderer) Render(req Request) (*Rendered, error) {
	p, err := r.plan(req)
	if err != nil {
		return nil, err
	}
	png, sum, err := p.encode()
	if err != nil {
		return nil, err
	}
	return &Rendered{PNG: png, SHA256: sum, Layout: p.layout.clone()}, nil
}

// plan returns the cached plan for req or makes one.
func (r *Renderer) plan(req Request) (*plan, error) {
	if req.Size == (Size{}) {
		req.Size = defaultSize
	}
	if err := req.Size.validate(); err != nil {
		return nil, err
	}
	style, err := requestStyle(req)
	if err != nil {
		return nil, err
	}
	if req.ScrollSpeed < 0 {
		return nil, fmt.Errorf("tốc độ chạy chữ %d px/giây không hợp lệ", req.ScrollSpeed)
	}
	key := layoutKey{text: req.Text, size: req.Size, style: style.Name, font: style.Font, speed: req.ScrollSpeed}
	r.mu.Lock()
	p, ok := r.layouts[key]
	r.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err = r.makePlan(req.Text, req.Size, style, req.ScrollSpeed)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if len(r.layouts) >= layoutCacheEntries {
		r.layouts = make(map[layoutKey]*plan)
	}
	r.layouts[key] = p
	r.mu.Unlock()
	return p, nil
}

// requestStyle is req's style with req's font, if any, in place of its own.
func requestStyle(req Request) (Style, error) {
	style, err := LookupStyle(req.Style)
	if err != nil {
		return Style{}, err
	}
	if req.Font != "" {
		style.Font = req.Font
	}
	return style, nil
}
