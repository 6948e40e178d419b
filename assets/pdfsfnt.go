package assets

import (
	"encoding/binary"
	"errors"
	"strings"
	"unicode/utf16"
)

// postScriptName reads name ID 6 from the name table, Windows (UTF-16)
// record first, then Macintosh (Roman, ASCII for a PostScript name).
func postScriptName(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	count, strOff := int(be16(name, 2)), int(be16(name, 4))
	mac := ""
	for i := 0; i < count && 6+12*i+12 <= len(name); i++ {
		r := name[6+12*i:]
		platform, id := be16(r, 0), be16(r, 6)
		length, off := int(be16(r, 8)), strOff+int(be16(r, 10))
		if id != 6 || off+length > len(name) {
			continue
		}
		s := name[off : off+length]
		switch platform {
		case 3:
			u := make([]uint16, len(s)/2)
			for j := range u {
				u[j] = be16(s, 2*j)
			}
			if n := pdfNameChars(string(utf16.Decode(u))); n != "" {
				return n
			}
		case 1:
			mac = pdfNameChars(string(s))
		}
	}
	return mac
}

// pdfNameChars keeps what a PostScript font name may hold: printable
// ASCII without PDF's delimiters, spaces or '#'.
func pdfNameChars(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c > ' ' && c < 0x7f && !strings.ContainsRune("()<>[]{}/%#", c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

var errBadSfnt = errors.New("tệp phông hỏng: bảng mục lục sai")

// sfntTables splits a TrueType file into its tables.
func sfntTables(ttf []byte) (map[string][]byte, error) {
	if len(ttf) < 12 {
		return nil, errBadSfnt
	}
	n := int(be16(ttf, 4))
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errBadSfnt
		}
		off, length := int(be32(ttf, rec+8)), int(be32(ttf, rec+12))
		if off < 0 || length < 0 || off+length > len(ttf) || off+length < off {
			return nil, errBadSfnt
		}
		tables[string(ttf[rec:rec+4])] = ttf[off : off+length]
	}
	return tables, nil
}

func be16(b []byte, i int) uint16 {
	if i+2 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint16(b[i:])
}

func be32(b []byte, i int) uint32 {
	if i+4 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint32(b[i:])
}
