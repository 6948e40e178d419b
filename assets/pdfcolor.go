package assets

import (
	"fmt"
	"math"
	"strings"
)

// PrintColors is the colour model of a print's PDF.
type PrintColors string

const (
	// PrintRGB paints in DeviceRGB with the style's screen colours: right
	// for a proof on screen or an office printer.
	PrintRGB PrintColors = "rgb"
	// PrintCMYK paints every colour in DeviceCMYK, the campaign's red and
	// yellow as solid inks (campaignCMYK), for a print shop's press.
	PrintCMYK PrintColors = "cmyk"
)

// ParsePrintColors reads "rgb" or "cmyk" (any case); "" is RGB. Any other
// value is refused: a shop that asked for CMYK and got RGB would find out
// on the press.
func ParsePrintColors(s string) (PrintColors, error) {
	switch c := PrintColors(strings.ToLower(strings.TrimSpace(s))); c {
	case "", PrintRGB:
		return PrintRGB, nil
	case PrintCMYK:
		return c, nil
	}
	return "", fmt.Errorf("hệ màu %q không hợp lệ: cần rgb (màu màn hình, mặc định) hoặc cmyk (màu in của nhà in)", s)
}

// cmyk is a colour in whole percent of cyan, magenta, yellow and black
// ink, as a print shop writes it (C0 M100 Y100 K0).
type cmyk struct{ C, M, Y, K int }

// campaignCMYK are the campaign's colours as a shop's proof of cờ đỏ sao
// vàng has them: the red of the flag and the banners is solid magenta and
// yellow (M100 Y100), the star's yellow solid yellow (Y100). Converted by
// formula the screen red #da251d would be C0 M83 Y87 K15: a duller,
// brownish red with black in it, and different from every other shop's.
var campaignCMYK = map[Color]cmyk{
	flagRed:    {0, 100, 100, 0},
	flagYellow: {0, 0, 100, 0},
}

// toCMYK gives the campaign's colours their inks and converts any other
// colour by the device formula without a colour profile: K = 1 − max(R,
// G, B), then C = (1 − R − K)/(1 − K) and so for M and Y, rounded to whole
// percent. White is no ink; black is K100 alone.
func toCMYK(c Color) cmyk {
	if v, ok := campaignCMYK[c]; ok {
		return v
	}
	r, g, b := float64(c.R)/255, float64(c.G)/255, float64(c.B)/255
	k := 1 - max(r, g, b)
	if k >= 1 {
		return cmyk{0, 0, 0, 100}
	}
	pc := func(v float64) int { return int(math.Round(100 * (1 - v - k) / (1 - k))) }
	return cmyk{pc(r), pc(g), pc(b), int(math.Round(100 * k))}
}

// fill is the content-stream operator that sets the fill colour.
func (m PrintColors) fill(c Color) string {
	if m == PrintCMYK {
		v := toCMYK(c)
		pc := func(p int) string { return pdfNum(float64(p) / 100) }
		return pc(v.C) + " " + pc(v.M) + " " + pc(v.Y) + " " + pc(v.K) + " k\n"
	}
	ch := func(v uint8) string { return pdfNum(float64(v) / 255) }
	return ch(c.R) + " " + ch(c.G) + " " + ch(c.B) + " rg\n"
}
