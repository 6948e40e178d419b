package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"codong/assets"
	"codong/controller/fleet"
	"codong/controller/store"
)

// Renditions memoises rendered slogans and fitted photos: the renderer
// is deterministic, so (text, style, size, scroll speed) names one
// picture (the speed decides strip or pages; boards of one height mostly
// share the default speed), and
// (photo, caption, fit, style, size) another, kept in the asset store
// under its sha256. Concurrent requests for the same picture render it
// once, and every render waits for its place in the render budget.
type Renditions struct {
	r      *assets.Renderer
	budget *Budget
	store  *assets.Store
	// photos holds the uploaded originals, apart from the pictures
	// boards may fetch.
	photos PhotoOriginals
	mu     sync.Mutex
	done   map[renditionKey]*rendition
}

// renditionKey names a picture: a slogan's, or, with photo (the
// original's sha256) set, a photo's, whose caption is text.
type renditionKey struct {
	text, style string
	size        assets.Size
	speed       int // the board's scroll speed: a long strip turns pages
	photo       string
	fill        bool
}

type rendition struct {
	ready chan struct{}
	pic   fleet.Picture
	err   error
}

// maxRenditions bounds the memo; past it the memo starts afresh (the
// pictures stay on disk, so this costs only re-rendering). Every
// publication asks for every picture of every board size, so the memo
// must hold them all or each publication re-renders: the items
// (store.MaxTotalItems) and the countdowns' dated pictures
// (store.MaxCountdowns × playlists.CountdownWindow) at a dozen sizes.
// An entry is its text and hash, about 1 KB at the longest.
const maxRenditions = 32 << 10

func NewRenditions(r *assets.Renderer, budget *Budget, store *assets.Store, photos PhotoOriginals) *Renditions {
	return &Renditions{r: r, budget: budget, store: store, photos: photos, done: make(map[renditionKey]*rendition)}
}

// Asset returns the slogan rendered for a board of size scrolling at
// speed: its sha256, and the width of the strip to scroll or the pages
// to turn if it came out as either, rendering and storing it if needed.
func (rs *Renditions) Asset(text, style string, size assets.Size, speed int) (fleet.Picture, error) {
	return rs.memo(renditionKey{text: text, style: style, size: size, speed: speed})
}

// PhotoAsset returns the sha256 of a photo item fitted to size, with its
// caption, rendering and storing it if needed.
func (rs *Renditions) PhotoAsset(it store.PlaylistItem, size assets.Size) (string, error) {
	if it.Photo == nil {
		return "", fmt.Errorf("item %d is not a photo", it.ID)
	}
	pic, err := rs.memo(photoKey(it, size))
	return pic.Sum, err
}

// photoPreviewWait bounds how long a person's photo preview waits for a
// place in the render budget. A page of photos asks for several at once,
// each a full decode of an original, so they queue behind each other far
// longer than a slogan preview (renderWait); an image the browser got
// 503 for stays broken, so they wait, but never past the request and
// never without bound.
const photoPreviewWait = 30 * time.Second

// PreviewPhotoAsset is PhotoAsset for a person's preview: it waits for a
// place in the render budget at most photoPreviewWait and not past the
// request, so previews never pile up unbounded ahead of the boards'
// pictures.
func (rs *Renditions) PreviewPhotoAsset(ctx context.Context, it store.PlaylistItem, size assets.Size) (string, error) {
	if it.Photo == nil {
		return "", fmt.Errorf("item %d is not a photo", it.ID)
	}
	ctx, cancel := context.WithTimeout(ctx, photoPreviewWait)
	defer cancel()
	pic, err := rs.memoWith(ctx, photoKey(it, size), true)
	return pic.Sum, err
}

func photoKey(it store.PlaylistItem, size assets.Size) renditionKey {
	return renditionKey{text: it.Text, style: it.Style, size: size, photo: it.Photo.SHA256, fill: it.Photo.Fit == store.FitFill}
}

// memo renders for boards: they must get their pictures, so it waits
// for a place however long it takes.
func (rs *Renditions) memo(k renditionKey) (fleet.Picture, error) {
	return rs.memoWith(context.Background(), k, true)
}

func (rs *Renditions) memoWith(ctx context.Context, k renditionKey, patient bool) (fleet.Picture, error) {
	for {
		rs.mu.Lock()
		e, ok := rs.done[k]
		if !ok {
			if len(rs.done) >= maxRenditions {
				rs.done = make(map[renditionKey]*rendition)
			}
			e = &rendition{ready: make(chan struct{})}
			rs.done[k] = e
		}
		rs.mu.Unlock()
		if !ok {
			e.pic, e.err = rs.render(ctx, k, patient)
			if e.err != nil {
				// Forgotten before anyone waiting hears of it, so they
				// can start afresh.
				rs.mu.Lock()
				if rs.done[k] == e {
					delete(rs.done, k)
				}
				rs.mu.Unlock()
			}
			close(e.ready)
			return e.pic, e.err
		}
		<-e.ready
		// A preview that gave up (busy, or its person left) is no answer
		// for a board, which must get its picture: render it again.
		if patient && e.err != nil && (errors.Is(e.err, ErrBusy) || errors.Is(e.err, context.Canceled) || errors.Is(e.err, context.DeadlineExceeded)) {
			continue
		}
		return e.pic, e.err
	}
}

func (rs *Renditions) render(ctx context.Context, k renditionKey, patient bool) (fleet.Picture, error) {
	req := assets.Request{Text: k.text, Size: k.size, Style: k.style, ScrollSpeed: k.speed}
	work := func() (*assets.Rendered, error) { return rs.r.Render(req) }
	if k.photo != "" {
		work = func() (*assets.Rendered, error) { return rs.fitPhoto(ctx, k) }
	}
	out, err := rs.budget.Run(ctx, req, patient, work)
	if err != nil {
		return fleet.Picture{}, err
	}
	sum, err := rs.store.Put(out.PNG)
	if err != nil {
		return fleet.Picture{}, fmt.Errorf("lưu ảnh: %w", err)
	}
	pic := fleet.Picture{Sum: sum, Pages: out.Layout.Pages}
	if out.Layout.Scroll {
		pic.Strip = out.Layout.Image.W
	}
	return pic, nil
}

// fitPhoto reads a photo's original and fits it to a board. Originals
// were checked against PhotoLimits when uploaded; checked again here, so
// one kept before the limits (or put there by hand) cannot hold a render
// place for minutes.
func (rs *Renditions) fitPhoto(ctx context.Context, k renditionKey) (*assets.Rendered, error) {
	data, err := rs.photos.Get(k.photo)
	if err != nil {
		return nil, fmt.Errorf("photo %s: %w", k.photo, err)
	}
	img, _, err := assets.DecodePhoto(ctx, bytes.NewReader(data), PhotoLimits)
	if err != nil {
		return nil, err
	}
	return rs.r.RenderPhoto(assets.PhotoRequest{Photo: img, Caption: k.text, Fill: k.fill, Style: k.style, Size: k.size})
}

// PhotoLimits are what the controller agrees to decode
// (controller/store/limits.go says why each).
var PhotoLimits = assets.DecodeLimits{
	MaxSide:   store.MaxPhotoSide,
	MaxPixels: store.MaxPhotoPixels,
	MaxScans:  store.MaxPhotoScans,
	MaxWork:   store.MaxPhotoWork,
	MaxBytes:  store.MaxPhotoDecodeBytes,
}
