package review

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"codong/controller/store"
)

// TestPlaylistChangeSaysWhatItDoes: a playlist's new version beside the
// approved one says what it adds, removes, moves and retimes, and marks
// each line, following items by their IDs.
func TestPlaylistChangeSaysWhatItDoes(t *testing.T) {
	item := func(id int64, seconds int) store.ItemBody {
		return store.ItemBody{ID: id, SloganID: id, Seconds: seconds}
	}
	lines := func(items []store.ItemBody) []string {
		var out []string
		for i, it := range items {
			out = append(out, fmt.Sprintf("%d. Khẩu hiệu %d — %d giây", i+1, it.ID, it.Seconds))
		}
		return out
	}
	old := []store.ItemBody{item(1, 10), item(2, 10), item(3, 10), item(4, 10)}
	cur := []store.ItemBody{item(3, 10), item(1, 10), item(2, 15), item(5, 10)}
	summary, oldMarks, newMarks := PlaylistChange(old, cur, lines(old), lines(cur))
	want := []string{
		"Thêm 1 mục: “Khẩu hiệu 5”",
		"Bỏ 1 mục: “Khẩu hiệu 4”",
		"Đổi chỗ 1 mục: “Khẩu hiệu 3”",
		"Đổi thời lượng 1 mục: “Khẩu hiệu 2” 10 → 15 giây",
	}
	if !slices.Equal(summary, want) {
		t.Errorf("summary:\n%s\nwant\n%s", strings.Join(summary, "\n"), strings.Join(want, "\n"))
	}
	if got := strings.Join(oldMarks, ","); got != ",,moved,removed" {
		t.Errorf("old marks %q", got)
	}
	if got := strings.Join(newMarks, ","); got != "moved,,,added" {
		t.Errorf("new marks %q", got)
	}

	// A first version adds everything; a long list is named in part.
	var many []store.ItemBody
	for i := range 8 {
		many = append(many, item(int64(i+1), 10))
	}
	summary, _, _ = PlaylistChange(nil, many, nil, lines(many))
	if len(summary) != 1 || !strings.HasPrefix(summary[0], "Thêm 8 mục: “Khẩu hiệu 1”") || !strings.HasSuffix(summary[0], "và 3 mục khác") {
		t.Errorf("a first version: %q", summary)
	}
	if summary, _, _ := PlaylistChange(old, old, lines(old), lines(old)); summary != nil {
		t.Errorf("no change says %q", summary)
	}
}
