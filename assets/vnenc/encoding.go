// Package vnenc repairs Vietnamese slogans that were typed in the legacy
// 8-bit encodings TCVN3 (ABC, the ".VnTime" fonts) or VNI-Windows and
// reached us as mojibake: the legacy bytes were read as Windows-1252 /
// Latin-1, so "Đảng" arrives as "§¶ng" (TCVN3) or "Ñaûng" (VNI).
//
// Detect guesses which encoding a text is in, Convert maps it back to NFC
// Unicode, and Fix does both when the guess is confident enough.
package vnenc

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Encoding names the form a text arrived in.
type Encoding int

const (
	// Unicode is proper Unicode text (or plain ASCII): nothing to repair.
	Unicode Encoding = iota
	// TCVN3 is TCVN 5712:1993 VN3 ("ABC", .VnTime fonts) read as Latin-1.
	TCVN3
	// VNI is VNI-Windows (VNI-Times fonts) read as Latin-1.
	VNI
)

// String returns the lower-case name used in logs and the web form.
func (e Encoding) String() string {
	switch e {
	case Unicode:
		return "unicode"
	case TCVN3:
		return "tcvn3"
	case VNI:
		return "vni"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// Confidence levels. Detect names a legacy encoding from detectThreshold
// on, because from there that reading explains the text better than
// Unicode does. Fix rewrites text only from fixThreshold on, a little
// higher, because changing what an officer pasted is worse than leaving
// it; between the two a caller may offer the conversion instead.
const (
	detectThreshold = 0.5
	fixThreshold    = 0.6
)

// Convert converts text from enc to NFC Unicode. Characters that are not
// part of that encoding's table pass through unchanged; invalid UTF-8 is
// replaced by U+FFFD so the result is always valid UTF-8. With Unicode it
// only normalises to NFC. An unknown Encoding is an error.
//
// TCVN3 bytes do not say whether a toned letter was a capital (only
// Ă Â Ê Ô Ơ Ư Đ have codes of their own), so toned letters come out lower
// case unless their word, or their whole line, is written in ASCII
// capitals: "VIÖT" gives "VIỆT", "ViÖt" gives "Việt", "¸o" gives "áo".
// VNI keeps case.
func Convert(text string, enc Encoding) (string, error) {
	switch enc {
	case Unicode:
		return norm.NFC.String(clean(text)), nil
	case TCVN3:
		return norm.NFC.String(decodeTCVN3(clean(text))), nil
	case VNI:
		return norm.NFC.String(decodeVNI(clean(text))), nil
	}
	return "", fmt.Errorf("vnenc: unknown encoding %v", enc)
}

// Fix converts text when Detect is confident (at least fixThreshold) that
// it is TCVN3 or VNI. It returns the resulting text, the encoding Detect
// found, and whether the text was changed. Below fixThreshold the text
// comes back untouched with changed false, even if Detect leaned towards
// a legacy encoding, so callers must look at changed, not only at enc.
func Fix(text string) (string, Encoding, bool) {
	enc, conf := Detect(text)
	if enc == Unicode || conf < fixThreshold {
		return text, enc, false
	}
	out, err := Convert(text, enc)
	if err != nil { // cannot happen for the encodings Detect returns
		return text, enc, false
	}
	return out, enc, out != text
}

// clean makes input valid UTF-8 and NFC. Mojibake that went through a
// decomposing step (macOS, some browsers) would otherwise split "Ö" into
// "O" and a combining mark that no legacy table knows.
func clean(text string) string {
	return norm.NFC.String(strings.ToValidUTF8(text, "\uFFFD"))
}
