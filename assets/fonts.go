package assets

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font/sfnt"
)

// maxFontFile keeps a stray file in DATA/fonts from eating memory.
const maxFontFile = 32 << 20

// embeddedFonts are parsed once per process and shared by every Renderer;
// their caches hold pure functions of the font, so sharing is safe.
var embeddedFonts = sync.OnceValues(func() ([]*fontFace, error) {
	var out []*fontFace
	for _, e := range []struct {
		name string
		ttf  []byte
	}{
		{"liberation-sans-bold", liberationsansbold.TTF},
		{"dejavu-sans-bold", dejavusansbold.TTF},
	} {
		f, err := parseFont(e.name, e.ttf)
		if err != nil {
			return nil, fmt.Errorf("embedded font %s: %w", e.name, err)
		}
		out = append(out, f)
	}
	return out, nil
})

// ValidateFont checks that ttf is a TrueType font this renderer can use and
// that it draws every Vietnamese letter; call it when a font is added.
func ValidateFont(ttf []byte) error {
	_, err := parseFont("", ttf)
	return err
}

func parseFont(name string, ttf []byte) (*fontFace, error) {
	tt, err := truetype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("không đọc được phông chữ (chỉ nhận TrueType .ttf): %v", err)
	}
	sf, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("không đọc được phông chữ: %v", err)
	}
	var missing []string
	for _, r := range vietnameseLetters() {
		if tt.Index(r) == 0 {
			missing = append(missing, string(r))
		}
	}
	if len(missing) > 0 {
		show := missing[:min(len(missing), 12)]
		return nil, fmt.Errorf("phông chữ thiếu %d chữ cái tiếng Việt, ví dụ: %s",
			len(missing), strings.Join(show, " "))
	}
	f := newFontFace(name, tt, sf)
	// Both parsers already keep slices of ttf, so holding it costs nothing.
	f.ttf = ttf
	return f, nil
}

// loadFontDir reads every .ttf in dir in name order. A bad file is logged
// and skipped: one wrong upload must not stop the boards.
func loadFontDir(dir string, log *slog.Logger) ([]*fontFace, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read font dir: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".ttf") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var out []*fontFace
	for _, n := range names {
		path := filepath.Join(dir, n)
		f, err := loadFontFile(path)
		if err != nil {
			log.Warn("font skipped", "path", path, "err", err)
			continue
		}
		out = append(out, f)
	}
	return out, nil
}

func loadFontFile(path string) (*fontFace, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxFontFile {
		return nil, fmt.Errorf("tệp phông chữ quá lớn: %d byte", st.Size())
	}
	ttf, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	name := strings.ToLower(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	return parseFont(name, ttf)
}
