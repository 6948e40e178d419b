package assets

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// poppler runs one of poppler's tools on pdf and fails the test on any
// complaint: poppler reports a broken cross-reference table or a bad
// font on stderr and carries on.
func poppler(t *testing.T, pdf []byte, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed (apt-get install poppler-utils)", tool)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "x.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, path)
	if tool == "pdftoppm" {
		args = append(args, filepath.Join(dir, "page"))
	} else if tool == "pdftotext" {
		args = append(args, "-")
	}
	cmd := exec.Command(tool, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("%s: %v: %s", tool, err, stderr.String())
	}
	if tool == "pdftoppm" {
		return filepath.Join(dir, "page-1.png")
	}
	return string(out)
}

var pdfinfoBox = regexp.MustCompile(`(?m)^(MediaBox|TrimBox|BleedBox):\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)$`)

// pdfinfoBoxes reads the page boxes as pdfinfo reports them, in page
// units: poppler 22 does not apply UserUnit, so these are the numbers a
// RIP that ignores it would take for points.
func pdfinfoBoxes(t *testing.T, pdf []byte) map[string][4]float64 {
	t.Helper()
	out := map[string][4]float64{}
	for _, m := range pdfinfoBox.FindAllStringSubmatch(poppler(t, pdf, "pdfinfo", "-box"), -1) {
		var b [4]float64
		for i := range b {
			b[i], _ = strconv.ParseFloat(m[2+i], 64)
		}
		out[m[1]] = b
	}
	if len(out) != 3 {
		t.Fatalf("pdfinfo gave boxes %v", out)
	}
	return out
}

var userUnit = regexp.MustCompile(`/UserUnit ([0-9.]+)`)

// TestPDFBannersOfAnyLength: a banner longer than 200 inches is a page
// of at most 14,400 units whose UserUnit brings it to its true size, and
// the scale is written beside it for a RIP that ignores UserUnit.
func TestPDFBannersOfAnyLength(t *testing.T) {
	r := testRenderer(t)
	const text = "Nhiệt liệt chào mừng Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
	for _, c := range []struct {
		size string
		unit int
	}{
		{"5000x800mm", 1}, {"10x0,8m", 2}, {"20x1m", 4}, {"50x0,8m", 10}, {"0,8x10m", 2}, {"A1", 1},
	} {
		t.Run(c.size, func(t *testing.T) {
			size, err := ParsePrintSize(c.size)
			if err != nil {
				t.Fatal(err)
			}
			pdf, err := r.PDF(Request{Text: text, Style: "flag"}, Print{Size: size})
			if err != nil {
				t.Fatal(err)
			}
			unit := 1.0
			if m := userUnit.FindSubmatch(pageObject(t, pdf)); m != nil {
				unit, _ = strconv.ParseFloat(string(m[1]), 64)
			}
			if unit != float64(c.unit) {
				t.Errorf("UserUnit %v, want %d", unit, c.unit)
			}
			if want := map[bool]string{false: "%PDF-1.4", true: "%PDF-1.6"}[c.unit > 1]; !bytes.HasPrefix(pdf, []byte(want)) {
				t.Errorf("header %.8q, want %s", pdf, want)
			}
			boxes := pdfinfoBoxes(t, pdf)
			media, trim, bleed := boxes["MediaBox"], boxes["TrimBox"], boxes["BleedBox"]
			if w, h := media[2]-media[0], media[3]-media[1]; max(w, h) > maxPageSide+0.01 {
				t.Errorf("page %.2f × %.2f units: beyond the %v a RIP accepts", w, h, maxPageSide)
			}
			mm := func(units float64) float64 { return units * unit / ptPerMM }
			if w, h := mm(trim[2]-trim[0]), mm(trim[3]-trim[1]); math.Abs(w-size.W) > 0.1 || math.Abs(h-size.H) > 0.1 {
				t.Errorf("trim %.2f × %.2f mm at UserUnit %v, want %v × %v", w, h, unit, size.W, size.H)
			}
			if w, h := mm(bleed[2]-bleed[0]), mm(bleed[3]-bleed[1]); math.Abs(w-size.W-2*Bleed) > 0.1 || math.Abs(h-size.H-2*Bleed) > 0.1 {
				t.Errorf("bleed box %.2f × %.2f mm, want the trim and %v mm each side", w, h, Bleed)
			}
			if c.unit == 1 && media != bleed {
				t.Errorf("page %v is not the bleed box %v: a sheet within 200 in has no slug", media, bleed)
			}
			got := strings.Join(strings.Fields(poppler(t, pdf, "pdftotext", "-enc", "UTF-8")), " ")
			slogan := strings.Join(strings.Fields(strings.ToUpper(text)), " ")
			scale := "Tỉ lệ 1:" + strconv.Itoa(c.unit) + " — in ở " + strconv.Itoa(100*c.unit) + "%"
			if !strings.Contains(got, slogan) {
				t.Errorf("pdftotext reads %q, want the slogan %q", got, slogan)
			}
			if strings.Contains(got, "Tỉ lệ") != (c.unit > 1) || c.unit > 1 && !strings.Contains(got, scale) {
				t.Errorf("pdftotext reads %q: the slug must say %q on a scaled page, and only there", got, scale)
			}
			checkPoster(t, pdf, media, bleed)
			checkTrueSize(t, pdf, size, unit)
		})
	}
}

// checkPoster renders the page with pdftoppm at 5 dpi of page units and
// looks at it: the flag's red in the bleed box, paper white in the slug.
func checkPoster(t *testing.T, pdf []byte, media, bleed [4]float64) {
	t.Helper()
	f, err := os.Open(poppler(t, pdf, "pdftoppm", "-r", "5", "-png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	px := func(x, y float64) image.Point { // page units to pixels at 5 dpi, y down
		return image.Pt(int(x/72*5), int((media[3]-y)/72*5))
	}
	near := func(p image.Point, want Color) bool {
		r, g, b, _ := img.At(p.X, p.Y).RGBA()
		d := math.Abs(float64(r>>8)-float64(want.R)) + math.Abs(float64(g>>8)-float64(want.G)) + math.Abs(float64(b>>8)-float64(want.B))
		return d < 40
	}
	in := min(bleed[2]-bleed[0], bleed[3]-bleed[1]) / 10
	if p := px(bleed[0]+in, bleed[1]+in); !near(p, flagRed) {
		t.Errorf("pixel %v inside the bleed is %v, want the flag's red", p, img.At(p.X, p.Y))
	}
	if media != bleed {
		// The far corner of the slug strip, away from its words.
		in := max(media[2]-bleed[2], bleed[1]) / 10 // the slug is right or below
		if p := px(media[2]-in, in); !near(p, Color{255, 255, 255}) {
			t.Errorf("pixel %v in the slug is %v, want paper white", p, img.At(p.X, p.Y))
		}
	}
}

// checkTrueSize renders the page with Ghostscript, which applies
// UserUnit as Acrobat does, when it is installed: at 5 dpi the picture
// is as wide as the sheet really is.
func checkTrueSize(t *testing.T, pdf []byte, size PrintSize, unit float64) {
	t.Helper()
	if _, err := exec.LookPath("gs"); err != nil {
		t.Log("gs not installed: the true size is checked from UserUnit and pdfinfo's boxes only")
		return
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "x.pdf"), filepath.Join(dir, "x.png")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r5", "-o", out, in).CombinedOutput(); err != nil || len(msg) > 0 {
		t.Fatalf("gs: %v %s", err, msg)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	g := pageGeometry(size)
	long := max(size.W, size.H) + 2*Bleed
	got := float64(max(cfg.Width, cfg.Height)) * 25.4 / 5
	if math.Abs(got-long) > 2*25.4/5 {
		t.Errorf("Ghostscript renders the long side %.0f mm, want %.0f mm (UserUnit %v, geometry %+v)", got, long, unit, g)
	}
}

// TestPageGeometryPicksTheSmallestUnit: from a 5 cm card to a 50 m
// banner, every page side is within 14,400 units, at the smallest whole
// UserUnit that allows it.
func TestPageGeometryPicksTheSmallestUnit(t *testing.T) {
	for long := MinPrintSide; long <= MaxPrintSide; long *= 1.07 {
		for _, short := range []float64{MinPrintSide, long / 6, long} {
			for _, size := range []PrintSize{{W: long, H: short}, {W: short, H: long}} {
				g := pageGeometry(size)
				if max(g.mw, g.mh) > maxPageSide {
					t.Fatalf("%v: page %.1f × %.1f units at UserUnit %d", size, g.mw, g.mh, g.unit)
				}
				// One less would have fitted even with the widest slug.
				if g.unit > 1 && (max(size.W, size.H)+2*Bleed+250)*ptPerMM/float64(g.unit-1) <= maxPageSide {
					t.Fatalf("%v: UserUnit %d where %d would do", size, g.unit, g.unit-1)
				}
				if (g.slug > 0) != (g.unit > 1) {
					t.Fatalf("%v: slug %.1f units at UserUnit %d", size, g.slug, g.unit)
				}
			}
		}
	}
}
