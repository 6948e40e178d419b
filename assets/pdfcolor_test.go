package assets

import (
	"strings"
	"testing"
)

func TestToCMYK(t *testing.T) {
	for _, c := range []struct {
		in   Color
		want cmyk
	}{
		{flagRed, cmyk{0, 100, 100, 0}},                // the campaign's red: solid M and Y
		{flagYellow, cmyk{0, 0, 100, 0}},               // the star's yellow: solid Y
		{Color{0xff, 0xe6, 0x00}, cmyk{0, 10, 100, 0}}, // classic's golden ink, by formula
		{Color{0xff, 0xff, 0xff}, cmyk{0, 0, 0, 0}},
		{Color{0, 0, 0}, cmyk{0, 0, 0, 100}},
		{Color{0x80, 0x80, 0x80}, cmyk{0, 0, 0, 50}},
		{Color{0xda, 0x25, 0x1e}, cmyk{0, 83, 86, 15}}, // one step off the flag's red is not it
	} {
		if got := toCMYK(c.in); got != c.want {
			t.Errorf("toCMYK(%v) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestParsePrintColors(t *testing.T) {
	for in, want := range map[string]PrintColors{"": PrintRGB, "rgb": PrintRGB, "CMYK": PrintCMYK, " cmyk ": PrintCMYK} {
		if got, err := ParsePrintColors(in); err != nil || got != want {
			t.Errorf("ParsePrintColors(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"cmjn", "srgb", "gray", "cmyk,rgb", "0"} {
		if _, err := ParsePrintColors(in); err == nil || !strings.Contains(err.Error(), "hệ màu") {
			t.Errorf("ParsePrintColors(%q): %v, want a refusal in Vietnamese", in, err)
		}
	}
	size, _ := ParsePrintSize("A3")
	if _, err := testRenderer(t).PDF(Request{Text: "Đoàn kết"}, Print{Size: size, Colors: "cymk"}); err == nil {
		t.Error("PDF with colour model \"cymk\" was written: an unknown value must be refused")
	}
}

// colorOps lists the colour operators of the page's content stream with
// their operands, e.g. "0 1 1 0 k".
func colorOps(t *testing.T, pdf []byte) []string {
	t.Helper()
	content := pdfStreams(t, pdfRef(t, pdf, pageObject(t, pdf), "/Contents"))[0]
	var ops []string
	var operands []string
	for _, tok := range strings.Fields(string(content)) {
		switch tok {
		case "k", "K", "rg", "RG", "g", "G", "cs", "CS", "sc", "SC", "scn", "SCN":
			ops = append(ops, strings.Join(append(operands, tok), " "))
		}
		if strings.ContainsAny(tok[:1], "-.0123456789") {
			operands = append(operands, tok)
		} else {
			operands = nil
		}
	}
	return ops
}

// TestPDFInCMYK: with CMYK every colour of the sheet, the slug's black
// included, is DeviceCMYK, and the campaign's red and yellow are solid
// inks; without it the sheet is RGB as before.
func TestPDFInCMYK(t *testing.T) {
	r := testRenderer(t)
	for _, c := range []struct {
		style, size string
		colors      PrintColors
		want        []string // every colour operator, in order
	}{
		{"flag", "A2", PrintCMYK, []string{"0 1 1 0 k", "0 0 1 0 k", "0 0 1 0 k"}},
		{"classic", "5000x800mm", PrintCMYK, []string{"0 1 1 0 k", "0 0.1 1 0 k"}},
		{"led", "A3", PrintCMYK, []string{"0 0 0 1 k", "0 0.22 1 0 k"}},
		{"flag", "10x0,8m", PrintCMYK, []string{"0 1 1 0 k", "0 0 1 0 k", "0 0 1 0 k", "0 0 0 1 k"}},
		{"flag", "A2", "", []string{"0.855 0.145 0.114 rg", "1 1 0 rg", "1 1 0 rg"}},
		{"flag", "10x0,8m", PrintRGB, []string{"0.855 0.145 0.114 rg", "1 1 0 rg", "1 1 0 rg", "0 0 0 rg"}},
	} {
		t.Run(c.style+"/"+c.size+"/"+string(c.colors), func(t *testing.T) {
			size, err := ParsePrintSize(c.size)
			if err != nil {
				t.Fatal(err)
			}
			pdf, err := r.PDF(Request{Text: "Toàn dân đoàn kết xây dựng nông thôn mới", Style: c.style}, Print{Size: size, Colors: c.colors})
			if err != nil {
				t.Fatal(err)
			}
			if got := colorOps(t, pdf); strings.Join(got, "; ") != strings.Join(c.want, "; ") {
				t.Errorf("colour operators %q, want %q", got, c.want)
			}
			poppler(t, pdf, "pdftoppm", "-r", "5", "-png")
		})
	}
}
