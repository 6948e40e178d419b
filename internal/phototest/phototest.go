// Package phototest makes the photos tests upload: real JPEG, PNG and
// GIF files written in code, one with an EXIF orientation, and the bad
// files a controller must refuse (a decompression bomb, a truncated
// file).
package phototest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
)

// Colours of Halves: pure, so they survive JPEG within a small tolerance.
var (
	Blue  = color.NRGBA{0, 0, 255, 255}
	Green = color.NRGBA{0, 255, 0, 255}
)

// Halves is a w×h picture, its left half Blue and its right half Green:
// where each half lands tells how a photo was scaled, cropped or turned.
func Halves(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := Blue
			if x >= w/2 {
				c = Green
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// JPEG encodes img; orientation, when not 0, is written as an EXIF
// orientation tag (6: the camera was turned a quarter clockwise, so the
// picture must be turned a quarter clockwise to stand upright).
func JPEG(img image.Image, orientation int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		panic(err)
	}
	data := buf.Bytes()
	if orientation == 0 {
		return data
	}
	// SOI, then an APP1 segment holding a big-endian TIFF header and one
	// IFD with one entry: tag 0x0112 (orientation), type SHORT, count 1.
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	binary.Write(&tiff, binary.BigEndian, uint32(8))
	binary.Write(&tiff, binary.BigEndian, uint16(1))
	binary.Write(&tiff, binary.BigEndian, []uint16{0x0112, 3})
	binary.Write(&tiff, binary.BigEndian, uint32(1))
	binary.Write(&tiff, binary.BigEndian, []uint16{uint16(orientation), 0})
	binary.Write(&tiff, binary.BigEndian, uint32(0))
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	app1 := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(payload)+2))
	out := append([]byte{}, data[:2]...)
	out = append(out, app1...)
	out = append(out, payload...)
	return append(out, data[2:]...)
}

// PNG encodes img.
func PNG(img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// GIF encodes img: a format photos are not taken in.
func GIF(img image.Image) []byte {
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Bomb is a PNG of a few dozen bytes whose header claims w×h pixels:
// decoding it would take w×h×4 bytes of memory before failing.
func Bomb(w, h uint32) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk(&buf, "IHDR", ihdr)
	chunk(&buf, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk(&buf, "IEND", nil)
	return buf.Bytes()
}

func chunk(buf *bytes.Buffer, kind string, data []byte) {
	binary.Write(buf, binary.BigEndian, uint32(len(data)))
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	buf.WriteString(kind)
	buf.Write(data)
	binary.Write(buf, binary.BigEndian, crc.Sum32())
}

// Truncated is a JPEG cut in the middle, as an interrupted upload.
func Truncated() []byte {
	data := JPEG(Halves(300, 200), 0)
	return data[:len(data)/2]
}

// Near reports whether c is within tol of want in every channel.
func Near(c color.Color, want color.Color, tol int) bool {
	r, g, b, _ := c.RGBA()
	wr, wg, wb, _ := want.RGBA()
	d := func(a, b uint32) bool { x := int(a>>8) - int(b>>8); return x <= tol && x >= -tol }
	return d(r, wr) && d(g, wg) && d(b, wb)
}

// File is one file of an upload.
type File struct {
	Name string
	Data []byte
}

// UploadRequest is a multipart POST of files in the field "photo", with
// fields, as a phone's browser or a script sends it; token, when set,
// is sent as a bearer token.
func UploadRequest(url, token string, files []File, fields map[string]string) *http.Request {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for _, f := range files {
		fw, _ := w.CreateFormFile("photo", f.Name)
		fw.Write(f.Data)
	}
	w.Close()
	req, err := http.NewRequest(http.MethodPost, url, &buf)
	if err != nil {
		panic(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}
