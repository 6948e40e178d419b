package render

import (
	"testing"

	"codong/assets"
)

func TestPreviewCacheBound(t *testing.T) {
	entry := func(n int) *assets.Rendered { return &assets.Rendered{PNG: make([]byte, n)} }
	key := func(s string) PreviewKey { return PreviewKey{Text: s, Size: assets.Size{W: 16, H: 16}} }
	const unit = 10 << 10
	pc := NewPreviewCache(4*unit + 4*previewEntryOverhead + 16)
	for _, k := range []string{"a", "b", "c", "d"} {
		pc.Put(key(k), entry(unit))
	}
	pc.Get(key("a"))                  // a is now the most recently used
	pc.Put(key("e"), entry(unit))     // so b goes
	pc.Put(key("big"), entry(2*unit)) // over a quarter of the bound: not kept
	tests := []struct {
		key  string
		kept bool
	}{
		{"a", true}, {"b", false}, {"c", true}, {"d", true}, {"e", true}, {"big", false},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			if _, ok := pc.Get(key(tc.key)); ok != tc.kept {
				t.Errorf("kept %v, want %v", ok, tc.kept)
			}
		})
	}
	if pc.bytes > pc.max {
		t.Errorf("%d bytes kept, bound %d", pc.bytes, pc.max)
	}
}
