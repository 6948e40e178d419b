package assets

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Separators left in prepared text. nbsp is a space that must not break.
const (
	sepSpace   = ' '
	sepNewline = '\n'
	sepNBSP    = '\u00a0'
)

// prepared is the input as NFC runes with single separators, each rune
// remembering its 1-based position in the NFC input for error messages.
type prepared struct {
	runes []rune
	pos   []int
}

// lookalikes are letters that are pasted for Vietnamese ones and look the
// same in most fonts but are other characters (Icelandic eth, African D).
var lookalikes = map[rune]rune{
	'\u00d0': 'Đ', '\u0189': 'Đ', '\u00f0': 'đ',
}

// prepareText normalises s to NFC before anything else, so decomposed input
// gives the same result as precomposed input, then cleans the separators.
func prepareText(s string) (prepared, error) {
	if len(s) > maxTextRunes*8 {
		return prepared{}, textTooLong(utf8.RuneCountInString(s))
	}
	var p prepared
	pending := rune(0) // separator waiting for the next visible rune
	pos := 0
	prevCR := false
	for _, r := range norm.NFC.String(s) {
		pos++
		wasCR := prevCR
		prevCR = r == '\r'
		switch sep, visible := classify(r); {
		case sep == 0 && !visible:
			continue
		case r == '\n' && wasCR:
			continue
		case sep != 0:
			pending = strongerSep(pending, sep)
			continue
		}
		if bad := badRune(r); bad {
			return prepared{}, &GlyphError{Rune: r, Pos: pos}
		}
		if m, ok := lookalikes[r]; ok {
			r = m
		}
		if pending != 0 && len(p.runes) > 0 {
			p.runes = append(p.runes, pending)
			p.pos = append(p.pos, pos-1)
		}
		pending = 0
		p.runes = append(p.runes, r)
		p.pos = append(p.pos, pos)
	}
	if len(p.runes) == 0 {
		return prepared{}, ErrEmptyText
	}
	if len(p.runes) > maxTextRunes {
		return prepared{}, textTooLong(len(p.runes))
	}
	return p, nil
}

// classify sorts a rune into a separator kind or an invisible to drop.
func classify(r rune) (sep rune, visible bool) {
	switch r {
	case '\n', '\r', '\u0085', '\u2028', '\u2029':
		return sepNewline, false
	case '\u00a0', '\u202f', '\u2007':
		return sepNBSP, false
	case '\t', '\v', '\f':
		return sepSpace, false
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return 0, false
	}
	if unicode.Is(unicode.Variation_Selector, r) {
		return 0, false
	}
	if unicode.Is(unicode.Zs, r) {
		return sepSpace, false
	}
	return 0, true
}

// strongerSep merges runs of separators: a newline wins over spaces, and a
// normal space wins over a no-break one, since typed spacing is noisy.
func strongerSep(a, b rune) rune {
	switch {
	case a == sepNewline || b == sepNewline:
		return sepNewline
	case a == sepSpace || b == sepSpace:
		return sepSpace
	}
	return sepNBSP
}

// badRune is true for what no font should be asked to draw: controls,
// replacement characters from broken encodings and marks NFC left loose.
func badRune(r rune) bool {
	return r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r) ||
		unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r)
}
