package render

import (
	"fmt"
	"strings"

	"codong/assets"
)

// PrintPreset is a sheet the slogan list offers under "Tải bản in"; any
// other size can be asked for by URL (docs/api.md).
type PrintPreset struct {
	Size  string // for ParsePrintSize
	Label string
}

// PrintPresets are the sheets communes order: posters, the usual banner
// over a road, the usual panel by the hall.
var PrintPresets = []PrintPreset{
	{"A3", "Áp phích A3 dọc"},
	{"A2", "Áp phích A2 dọc"},
	{"A1", "Áp phích A1 dọc"},
	{"A2-landscape", "Áp phích A2 ngang"},
	{"5000x800mm", "Băng rôn 5 × 0,8 m"},
	{"10000x800mm", "Băng rôn 10 × 0,8 m"},
	{"2400x1200mm", "Panô 2,4 × 1,2 m"},
}

// PrintFileName names the file as the officer would: what it is, the
// sheet and which slogan, e.g. "Áp phích A2 – khẩu hiệu 12.pdf", and
// "(CMYK)" for the print shop's colours, so that two downloads of one
// sheet are told apart.
func PrintFileName(id int64, size assets.PrintSize, colors assets.PrintColors) string {
	kind := "Panô"
	switch long, short := max(size.W, size.H), min(size.W, size.H); {
	case size.String()[0] == 'A':
		kind = "Áp phích"
	case long >= 3*short:
		kind = "Băng rôn"
	}
	sheet := size.String()
	if base, ok := strings.CutSuffix(sheet, "-landscape"); ok {
		sheet = base + " ngang"
	}
	if colors == assets.PrintCMYK {
		return fmt.Sprintf("%s %s – khẩu hiệu %d (CMYK).pdf", kind, sheet, id)
	}
	return fmt.Sprintf("%s %s – khẩu hiệu %d.pdf", kind, sheet, id)
}
