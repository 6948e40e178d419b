// Package review says what a new version of a playlist does to the
// approved one, for the people who approve it: which items it adds,
// removes, moves and retimes, followed by their IDs through versions.
package review

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"codong/controller/store"
)

// What an item's line adds about its slogan's own approval: the
// summary reads the line without it.
const (
	UnapprovedNote = " (khẩu hiệu chưa được duyệt: chưa hiện)"
	PendingNote    = " (bản đã duyệt; bản sửa đang chờ)"
)

// itemKey names an item through the versions of its playlist: its ID
// is kept from the draft that added it.
func itemKey(it store.ItemBody) string { return fmt.Sprint(it.ID) }

// PlaylistChange says what a playlist's new items do to the old: which
// were added and removed, which moved (their order among the items both
// have changed) and which were retimed; and marks each line so. lines
// are the items as itemLines writes them, for the summary's words.
func PlaylistChange(old, cur []store.ItemBody, oldLines, newLines []string) (summary, oldMarks, newMarks []string) {
	oldMarks, newMarks = make([]string, len(old)), make([]string, len(cur))
	inOld, inNew := map[string]int{}, map[string]int{}
	for i, it := range old {
		inOld[itemKey(it)] = i
	}
	for i, it := range cur {
		inNew[itemKey(it)] = i
	}
	// The order of the items both have, in each version.
	var keptOld, keptNew []string
	for _, it := range old {
		if _, ok := inNew[itemKey(it)]; ok {
			keptOld = append(keptOld, itemKey(it))
		}
	}
	for _, it := range cur {
		if _, ok := inOld[itemKey(it)]; ok {
			keptNew = append(keptNew, itemKey(it))
		}
	}
	rank := map[string]int{}
	for i, k := range keptOld {
		rank[k] = i
	}
	// The items that kept their order are the longest run of them in
	// the same order in both; the others moved.
	ranks := make([]int, len(keptNew))
	for i, k := range keptNew {
		ranks[i] = rank[k]
	}
	stayed := map[string]bool{}
	for _, i := range longestIncreasing(ranks) {
		stayed[keptNew[i]] = true
	}
	var added, removed, moved, retimed []string
	strip := func(line string) string {
		// "3. text — 10 giây" → "text"
		if _, rest, ok := strings.Cut(line, ". "); ok {
			line = rest
		}
		if i := strings.LastIndex(line, " — "); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, UnapprovedNote), PendingNote)
		return "“" + line + "”"
	}
	for i, it := range cur {
		k := itemKey(it)
		j, had := inOld[k]
		switch {
		case !had:
			newMarks[i], added = "added", append(added, strip(newLines[i]))
		case !stayed[k]:
			newMarks[i], oldMarks[j], moved = "moved", "moved", append(moved, strip(newLines[i]))
		case old[j].Seconds != it.Seconds:
			retimed = append(retimed, fmt.Sprintf("%s %d → %d giây", strip(newLines[i]), old[j].Seconds, it.Seconds))
		}
	}
	for j, it := range old {
		if _, ok := inNew[itemKey(it)]; !ok {
			oldMarks[j], removed = "removed", append(removed, strip(oldLines[j]))
		}
	}
	say := func(what string, items []string) {
		if len(items) == 0 {
			return
		}
		// A long list is named in part: the lines below mark every one.
		const named = 5
		n, more := len(items), ""
		if n > named {
			items, more = items[:named], fmt.Sprintf(" và %d mục khác", n-named)
		}
		summary = append(summary, fmt.Sprintf("%s %d mục: %s%s", what, n, strings.Join(items, "; "), more))
	}
	say("Thêm", added)
	say("Bỏ", removed)
	say("Đổi chỗ", moved)
	say("Đổi thời lượng", retimed)
	return summary, oldMarks, newMarks
}

// longestIncreasing returns the indexes of a longest strictly increasing
// subsequence of xs (patience sorting, O(n log n)).
func longestIncreasing(xs []int) []int {
	var tails []int // tails[l]: index of the least tail of a run of length l+1
	prev := make([]int, len(xs))
	for i, x := range xs {
		l, _ := slices.BinarySearchFunc(tails, x, func(j, x int) int { return cmp.Compare(xs[j], x) })
		if l > 0 {
			prev[i] = tails[l-1]
		} else {
			prev[i] = -1
		}
		if l == len(tails) {
			tails = append(tails, i)
		} else {
			tails[l] = i
		}
	}
	out := make([]int, len(tails))
	if len(tails) == 0 {
		return out
	}
	for k, i := len(tails)-1, tails[len(tails)-1]; k >= 0; k, i = k-1, prev[i] {
		out[k] = i
	}
	return out
}
