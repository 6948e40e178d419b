package assets

import (
	"errors"
	"fmt"
	"unicode"
)

// ErrEmptyText is returned for text with nothing to show.
var ErrEmptyText = errors.New("khẩu hiệu trống: hãy nhập nội dung cần hiển thị")

// ErrTextTooLong is wrapped by the error for text longer than maxTextRunes.
var ErrTextTooLong = errors.New("khẩu hiệu quá dài")

// maxTextRunes bounds the work and the memory of one render (a scrolling
// strip grows with the text); real slogans are far shorter.
const maxTextRunes = 600

// GlyphError reports a character that no available font can draw. Pos is
// the 1-based position of the character in the NFC-normalised input, which
// is the position a person counts on screen.
type GlyphError struct {
	Rune rune
	Pos  int
}

func (e *GlyphError) Error() string {
	switch {
	case unicode.Is(unicode.Mn, e.Rune) || unicode.Is(unicode.Me, e.Rune):
		// A mark that NFC could not join to its letter would float loose.
		return fmt.Sprintf("không ghép được dấu \"◌%c\" (U+%04X) ở vị trí %d với chữ đứng trước", e.Rune, e.Rune, e.Pos)
	case !unicode.IsPrint(e.Rune):
		return fmt.Sprintf("ký tự điều khiển U+%04X ở vị trí %d không hiển thị được", e.Rune, e.Pos)
	default:
		return fmt.Sprintf("phông chữ không có ký tự \"%c\" (U+%04X) ở vị trí %d", e.Rune, e.Rune, e.Pos)
	}
}

func textTooLong(n int) error {
	return fmt.Errorf("%w: %d ký tự, tối đa %d ký tự", ErrTextTooLong, n, maxTextRunes)
}
