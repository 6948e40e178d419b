package assets

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"testing"

	"github.com/disintegration/imaging"

	"codong/internal/phototest"
)

// testLimits are the controller's limits (controller/store/limits.go),
// written out: assets does not import the store.
var testLimits = DecodeLimits{MaxSide: 12_000, MaxPixels: 50_000_000, MaxScans: 200, MaxWork: 800_000_000, MaxBytes: 300 << 20}

// TestInspectPhotoCountsEveryScan: the walk finds every scan Go's
// decoder runs, across restart markers and stuffed bytes, and what each
// costs, in files the decoder accepts.
func TestInspectPhotoCountsEveryScan(t *testing.T) {
	tests := []struct {
		name        string
		data        []byte
		scans       int
		work, bytes int64
	}{
		// Go writes 4:2:0: a 16×16 MCU of four Y blocks and one each of
		// Cb and Cr; 300×200 is 19×13 MCUs.
		{"baseline colour", phototest.JPEG(phototest.Halves(300, 200), 0), 1, 19 * 13 * 6 * 64, 19 * 13 * 6 * 64},
		{"baseline turned by EXIF", phototest.JPEG(phototest.Halves(300, 200), 6), 1, 19 * 13 * 6 * 64, 19*13*6*64 + 300*200*4},
		{"progressive, restarts", phototest.ProgressiveGray(64, 48, 5, 5), 6, 6 * 64 * 48, 5 * 64 * 48},
		{"progressive, stuffed bytes", phototest.ProgressiveGray(1456, 1448, 3, 0), 4, 4 * 1456 * 1448, 5 * 1456 * 1448},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := jpeg.Decode(bytes.NewReader(tc.data)); err != nil {
				t.Fatalf("not a JPEG Go decodes: %v", err)
			}
			info, err := InspectPhoto(bytes.NewReader(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if info.Scans != tc.scans || info.Work != tc.work || info.Bytes != tc.bytes {
				t.Fatalf("got %v, want %d scans, %d samples, %d bytes", info, tc.scans, tc.work, tc.bytes)
			}
		})
	}
	if !bytes.Contains(phototest.ProgressiveGray(1456, 1448, 3, 0), []byte{0xff, 0x00}) {
		t.Fatal("the stuffed-bytes case has no stuffed byte")
	}
}

// TestInspectPhotoCountsDecodedBytes: a pixel costs what the type Go
// decodes it into costs: a 16-bit PNG 8 bytes, not the 4 once assumed.
func TestInspectPhotoCountsDecodedBytes(t *testing.T) {
	const w, h = 40, 30
	rgba64 := image.NewRGBA64(image.Rect(0, 0, w, h))
	rgba64.Set(1, 1, color.RGBA64{1, 2, 3, 0xffff})
	gray16 := image.NewGray16(image.Rect(0, 0, w, h))
	pal := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White})
	tests := []struct {
		name string
		img  image.Image
		bpp  int64
	}{
		{"16-bit colour", rgba64, 8},
		{"8-bit colour", phototest.Halves(w, h), 4},
		{"16-bit grey", gray16, 2},
		{"8-bit grey", image.NewGray(image.Rect(0, 0, w, h)), 1},
		{"palette", pal, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := png.Encode(&buf, tc.img); err != nil {
				t.Fatal(err)
			}
			info, err := InspectPhoto(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			img, _ := png.Decode(bytes.NewReader(buf.Bytes()))
			if got := pixelBytes(img); info.Bytes != w*h*tc.bpp || got != info.Bytes {
				t.Fatalf("counted %d bytes, the decoded %T holds %d, want %d", info.Bytes, img, got, w*h*tc.bpp)
			}
		})
	}
	t.Run("interlaced", func(t *testing.T) {
		info, err := InspectPhoto(bytes.NewReader(pngHeader(7071, 7071, 16, 2, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if info.Scans != 7 || info.Bytes != 7071*7071*8*3/2 {
			t.Fatalf("got %v", info)
		}
	})
	t.Run("the 16-bit 7071×7071 PNG is over budget", func(t *testing.T) {
		info, _ := InspectPhoto(bytes.NewReader(pngHeader(7071, 7071, 16, 2, 0)))
		var ce *CostError
		if err := testLimits.Check(info); !errors.As(err, &ce) || ce.Limit != "bytes" {
			t.Fatalf("%v: got %v, want refused for its bytes", info, err)
		}
	})
}

// pixelBytes is the memory of a decoded image's pixels.
func pixelBytes(img image.Image) int64 {
	switch m := img.(type) {
	case *image.RGBA64:
		return int64(len(m.Pix))
	case *image.NRGBA64:
		return int64(len(m.Pix))
	case *image.RGBA:
		return int64(len(m.Pix))
	case *image.NRGBA:
		return int64(len(m.Pix))
	case *image.Gray16:
		return int64(len(m.Pix))
	case *image.Gray:
		return int64(len(m.Pix))
	case *image.Paletted:
		return int64(len(m.Pix))
	case *image.YCbCr:
		return int64(len(m.Y) + len(m.Cb) + len(m.Cr))
	case *image.CMYK:
		return int64(len(m.Pix))
	}
	return -1
}

// pngHeader is a PNG's signature and header alone.
func pngHeader(w, h uint32, depth, colour, interlace byte) []byte {
	var buf bytes.Buffer
	buf.WriteString(pngSignature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9], ihdr[12] = depth, colour, interlace
	binary.Write(&buf, binary.BigEndian, uint32(13))
	buf.WriteString("IHDR")
	buf.Write(ihdr)
	binary.Write(&buf, binary.BigEndian, crc32.ChecksumIEEE(append([]byte("IHDR"), ihdr...)))
	buf.Write([]byte{0, 0, 0, 0})
	buf.WriteString("IEND")
	return buf.Bytes()
}

// TestDecodePhotoRefusesScanBomb: the 7000×7000 progressive JPEG of a
// thousand empty scans (about 190 KB) is refused from its structure: the
// decoder is never started on it.
func TestDecodePhotoRefusesScanBomb(t *testing.T) {
	data := phototest.ProgressiveGray(7000, 7000, 1000, 0)
	started := false
	r := &watchReader{ReadSeeker: bytes.NewReader(data), seek: func() { started = true }}
	_, info, err := DecodePhoto(context.Background(), r, testLimits)
	var ce *CostError
	if !errors.As(err, &ce) || ce.Limit != "scans" {
		t.Fatalf("got %v (%v), want refused for its scans", err, info)
	}
	if started {
		t.Fatal("the decoder was started")
	}
	// Within the scan count, the work: 7000×7000 at 20 scans.
	_, _, err = DecodePhoto(context.Background(), bytes.NewReader(phototest.ProgressiveGray(7000, 7000, 19, 0)), testLimits)
	if !errors.As(err, &ce) || ce.Limit != "work" {
		t.Fatalf("got %v, want refused for its work", err)
	}
}

// TestDecodePhotoStopsWhenAskerLeaves: a decode whose context ends stops
// within a few reads of it, not at the end of the file.
func TestDecodePhotoStopsWhenAskerLeaves(t *testing.T) {
	data := phototest.ProgressiveGray(1024, 1024, 150, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	half := int64(len(data) / 2)
	r := &watchReader{ReadSeeker: bytes.NewReader(data)}
	r.after = func(read int64) {
		if read >= half {
			cancel()
		}
	}
	_, _, err := DecodePhoto(ctx, r, testLimits)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the decode cancelled", err)
	}
	// Once cancelled, at most the reads already buffered (bufio's 4 KB).
	if r.read > half+8<<10 {
		t.Fatalf("read %d of %d bytes: went on %d bytes past the cancel", r.read, len(data), r.read-half)
	}
	if _, _, err := DecodePhoto(context.Background(), bytes.NewReader(data), testLimits); err != nil {
		t.Fatalf("the same file uncancelled: %v", err)
	}
}

// watchReader counts what the decoder reads after the walk.
type watchReader struct {
	io.ReadSeeker
	seek  func()
	after func(read int64)
	read  int64
	seen  bool
}

func (w *watchReader) Seek(off int64, whence int) (int64, error) {
	w.seen = true
	if w.seek != nil {
		w.seek()
	}
	return w.ReadSeeker.Seek(off, whence)
}

func (w *watchReader) Read(p []byte) (int, error) {
	n, err := w.ReadSeeker.Read(p)
	if w.seen {
		w.read += int64(n)
		if w.after != nil {
			w.after(w.read)
		}
	}
	return n, err
}

// TestDecodePhotoOrientsAsImaging: every EXIF orientation comes out as
// imaging's own auto-orientation turns it (DecodePhoto applies it from
// the walk instead).
func TestDecodePhotoOrientsAsImaging(t *testing.T) {
	for o := 1; o <= 8; o++ {
		data := phototest.JPEG(gradient(30, 20), o)
		want, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
		if err != nil {
			t.Fatal(err)
		}
		got, info, err := DecodePhoto(context.Background(), bytes.NewReader(data), testLimits)
		if err != nil || info.Orientation != o {
			t.Fatalf("orientation %d: %v, read %d", o, err, info.Orientation)
		}
		if got.Bounds() != want.Bounds() {
			t.Fatalf("orientation %d: %v, imaging %v", o, got.Bounds(), want.Bounds())
		}
		b := want.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if !phototest.Near(got.At(x, y), want.At(x, y), 2) {
					t.Fatalf("orientation %d at %d,%d: %v, imaging %v", o, x, y, got.At(x, y), want.At(x, y))
				}
			}
		}
	}
}

// gradient is a picture no turn or mirror leaves unchanged.
func gradient(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 8), uint8(y * 12), 128, 255})
		}
	}
	return img
}

// FuzzInspectPhoto feeds any bytes to the structure walk: it never
// panics, and what it lets through within the limits Go's decoders
// decode without holding more than it counted.
func FuzzInspectPhoto(f *testing.F) {
	f.Add(phototest.JPEG(phototest.Halves(30, 20), 6))
	f.Add(phototest.ProgressiveGray(40, 24, 3, 2))
	f.Add(phototest.PNG(phototest.Halves(30, 20)))
	f.Add(pngHeader(30, 20, 16, 6, 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := InspectPhoto(bytes.NewReader(data))
		if err != nil || testLimits.Check(info) != nil || info.Width*info.Height > 1<<20 {
			return
		}
		img, _, err := DecodePhoto(context.Background(), bytes.NewReader(data), testLimits)
		if err == nil {
			if got := pixelBytes(img); got > info.Bytes {
				t.Fatalf("decoded %T holds %d bytes, counted %d", img, got, info.Bytes)
			}
		}
	})
}
