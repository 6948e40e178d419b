package assets

import (
	"fmt"
	"strconv"
	"strings"
)

// Board sides outside this range are typing mistakes, not boards; the upper
// bound also caps the memory one render may take.
const (
	minSide = 16
	maxSide = 8192
)

// Size is a board's or an image's size in pixels.
type Size struct{ W, H int }

// ParseSize reads "1920x1080" (an upper-case X is accepted too).
func ParseSize(s string) (Size, error) {
	t := strings.TrimSpace(s)
	ws, hs, ok := strings.Cut(strings.ToLower(t), "x")
	if !ok {
		return Size{}, fmt.Errorf("kích thước %q không hợp lệ: cần dạng RỘNGxCAO, ví dụ 1920x1080", s)
	}
	w, errW := strconv.Atoi(strings.TrimSpace(ws))
	h, errH := strconv.Atoi(strings.TrimSpace(hs))
	if errW != nil || errH != nil {
		return Size{}, fmt.Errorf("kích thước %q không hợp lệ: cần dạng RỘNGxCAO, ví dụ 1920x1080", s)
	}
	size := Size{W: w, H: h}
	if err := size.validate(); err != nil {
		return Size{}, err
	}
	return size, nil
}

func (s Size) validate() error {
	if s.W < minSide || s.W > maxSide || s.H < minSide || s.H > maxSide {
		return fmt.Errorf("kích thước %dx%d nằm ngoài giới hạn: mỗi cạnh phải từ %d đến %d điểm ảnh",
			s.W, s.H, minSide, maxSide)
	}
	return nil
}

// String gives the form ParseSize reads back, "1920x1080".
func (s Size) String() string {
	return strconv.Itoa(s.W) + "x" + strconv.Itoa(s.H)
}

// MarshalText makes a Size read as "1920x1080" in JSON and forms.
func (s Size) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText is the inverse of MarshalText.
func (s *Size) UnmarshalText(b []byte) error {
	v, err := ParseSize(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
