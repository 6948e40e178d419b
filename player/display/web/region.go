package web

import (
	"fmt"
	"regexp"
	"strconv"
)

// Region is where the board sits on the screen, in pixels: a LED sending
// card mirrors a fixed rectangle of the desktop, e.g. 384×128 at 0,0.
type Region struct {
	Width, Height int
	X, Y          int
}

// maxRegion bounds each number: no screen is wider, and the page's
// arithmetic stays exact.
const maxRegion = 1 << 15

var regionPattern = regexp.MustCompile(`^(\d+)[xX×](\d+)(?:\+(\d+)\+(\d+))?$`)

// ParseRegion reads WxH+X+Y (X11 geometry without negative offsets), or
// WxH for a board at the top-left corner.
func ParseRegion(s string) (Region, error) {
	m := regionPattern.FindStringSubmatch(s)
	if m == nil {
		return Region{}, fmt.Errorf("vùng hiển thị “%s” không hợp lệ; viết RỘNGxCAO+X+Y, ví dụ 384x128+0+0", s)
	}
	var n [4]int
	for i, part := range m[1:] {
		if part == "" {
			continue
		}
		v, err := strconv.Atoi(part)
		if err != nil || v > maxRegion {
			return Region{}, fmt.Errorf("vùng hiển thị “%s” có số quá lớn (tối đa %d)", s, maxRegion)
		}
		n[i] = v
	}
	r := Region{Width: n[0], Height: n[1], X: n[2], Y: n[3]}
	if r.Width == 0 || r.Height == 0 {
		return Region{}, fmt.Errorf("vùng hiển thị “%s” phải rộng và cao ít nhất 1 điểm ảnh", s)
	}
	return r, nil
}

// String is the region as ParseRegion reads it.
func (r Region) String() string {
	return fmt.Sprintf("%dx%d+%d+%d", r.Width, r.Height, r.X, r.Y)
}
