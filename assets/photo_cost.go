package assets

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// PhotoInfo is what a photo's file says about the cost of decoding it,
// read from its markers (JPEG) or chunks (PNG) without decoding a pixel.
// A file's size says nothing of that cost: a 150 KB progressive JPEG of
// 7000×7000 pixels can hold a thousand scans that are each an empty
// run, and the decoder walks every block of the picture for each one.
type PhotoInfo struct {
	Format        string // "jpeg" or "png"
	Width, Height int    // as stored, before any EXIF orientation
	// Scans is the JPEG's scans (SOS segments), or a PNG's passes: 1, or
	// 7 when interlaced.
	Scans int
	// Work is the samples the decoder walks, summed over every scan or
	// pass: width × height × scans for a greyscale JPEG.
	Work int64
	// Bytes is the memory the decoder holds at its peak, by the image
	// type Go's decoders return (a 16-bit PNG is 8 bytes a pixel, a
	// greyscale JPEG 1) plus what decoding keeps beside it (a progressive
	// JPEG's coefficients, an interlaced PNG's pass, the upright copy of
	// a photo its EXIF orientation turns).
	Bytes int64
	// Orientation is the JPEG's EXIF orientation (1 to 8; 0 when it has
	// none): other than 1, it turns or mirrors the photo, so DecodePhoto
	// makes an upright copy.
	Orientation int
}

// Rotated reports whether decoding makes an upright copy.
func (p PhotoInfo) Rotated() bool { return p.Orientation > 1 }

// ErrPhotoFormat: the file is not a JPEG or PNG that Go's decoders read.
var ErrPhotoFormat = errors.New("tệp không phải ảnh JPEG hay PNG")

// ErrPhotoCorrupt: the file's structure is broken before any pixel.
var ErrPhotoCorrupt = errors.New("cấu trúc tệp ảnh bị hỏng")

// InspectPhoto reads a JPEG's or PNG's structure from r to its end (a
// JPEG's scans are spread over the whole file) and says what decoding
// it would cost.
func InspectPhoto(r io.Reader) (PhotoInfo, error) {
	br := bufio.NewReaderSize(r, 32<<10)
	head, err := br.Peek(8)
	switch {
	case err == nil && string(head) == pngSignature:
		return inspectPNG(br)
	case len(head) >= 2 && head[0] == 0xff && head[1] == 0xd8:
		br.Discard(2)
		return inspectJPEG(br)
	}
	return PhotoInfo{}, ErrPhotoFormat
}

const pngSignature = "\x89PNG\r\n\x1a\n"

// inspectPNG reads the header and the chunks before the pixels: the
// colour type and bit depth choose the type Go decodes into, and a
// transparency chunk changes it.
func inspectPNG(br *bufio.Reader) (PhotoInfo, error) {
	br.Discard(len(pngSignature))
	var hdr [8]byte
	var ihdr [13]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil || string(hdr[4:]) != "IHDR" || binary.BigEndian.Uint32(hdr[:4]) != 13 {
		return PhotoInfo{}, ErrPhotoCorrupt
	}
	if _, err := io.ReadFull(br, ihdr[:]); err != nil {
		return PhotoInfo{}, ErrPhotoCorrupt
	}
	w, h := binary.BigEndian.Uint32(ihdr[0:4]), binary.BigEndian.Uint32(ihdr[4:8])
	depth, colour, interlaced := ihdr[8], ihdr[9], ihdr[12] == 1
	if w == 0 || h == 0 || w > 1<<30 || h > 1<<30 {
		return PhotoInfo{}, ErrPhotoCorrupt
	}
	br.Discard(4) // IHDR's CRC
	transparent := false
	for {
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return PhotoInfo{}, ErrPhotoCorrupt
		}
		kind := string(hdr[4:])
		if kind == "IDAT" || kind == "IEND" {
			break
		}
		transparent = transparent || kind == "tRNS"
		if _, err := br.Discard(int(binary.BigEndian.Uint32(hdr[:4])) + 4); err != nil {
			return PhotoInfo{}, ErrPhotoCorrupt
		}
	}
	bpp, err := pngBytesPerPixel(colour, depth, transparent)
	if err != nil {
		return PhotoInfo{}, err
	}
	pixels := int64(w) * int64(h)
	info := PhotoInfo{Format: "png", Width: int(w), Height: int(h), Scans: 1, Work: pixels, Bytes: pixels * bpp}
	if interlaced {
		// Each of the 7 passes is decoded into an image of its own, then
		// copied into the whole: the largest pass is half the pixels.
		info.Scans, info.Work, info.Bytes = 7, 2*pixels, pixels*bpp+pixels*bpp/2
	}
	return info, nil
}

// pngBytesPerPixel is the size of a pixel in the image Go's PNG decoder
// returns for a colour type and bit depth.
func pngBytesPerPixel(colour, depth byte, transparent bool) (int64, error) {
	wide := int64(1)
	if depth == 16 {
		wide = 2
	}
	switch colour {
	case 0: // grey: Gray or Gray16; with a transparent grey, NRGBA(64)
		if transparent {
			return 4 * wide, nil
		}
		return wide, nil
	case 3: // palette: Paletted, one byte a pixel whatever the depth
		return 1, nil
	case 2, 4, 6: // RGB(A) or grey with alpha: (N)RGBA or (N)RGBA64
		return 4 * wide, nil
	}
	return 0, ErrPhotoFormat
}

// JPEG markers the walk tells apart (ITU T.81, table B.1).
const (
	jpegSOF0, jpegSOF1, jpegSOF2 = 0xc0, 0xc1, 0xc2
	jpegDHT, jpegSOS, jpegEOI    = 0xc4, 0xda, 0xd9
	jpegRST0, jpegRST7           = 0xd0, 0xd7
	jpegAPP1, jpegAPP14          = 0xe1, 0xee
)

type jpegComponent struct{ id, h, v int }

// jpegWalk is a JPEG's structure as far as it has been read.
type jpegWalk struct {
	info        PhotoInfo
	comps       []jpegComponent
	hmax, vmax  int
	progressive bool
	adobe       int // the Adobe segment's colour transform, or -1
}

// inspectJPEG walks the segments after SOI as Go's decoder does: each
// marker's length is skipped, except that after a scan's header the
// entropy-coded data runs to the next marker, which is 0xFF followed by
// anything but 0x00 (a stuffed 0xFF byte), a restart marker, or 0xFF
// (fill). Every scan the decoder could reach is counted; where the file
// is malformed the walk may count more than the decoder runs, never
// fewer.
func inspectJPEG(br *bufio.Reader) (PhotoInfo, error) {
	j := jpegWalk{info: PhotoInfo{Format: "jpeg"}, adobe: -1}
	for {
		marker, err := nextJPEGMarker(br)
		if errors.Is(err, io.EOF) {
			break // a truncated file: its decoding fails after at most these scans
		}
		if err != nil {
			return PhotoInfo{}, err
		}
		if marker == jpegEOI {
			break
		}
		if marker >= jpegRST0 && marker <= jpegRST7 {
			continue
		}
		var l [2]byte
		if _, err := io.ReadFull(br, l[:]); err != nil {
			break
		}
		n := int(binary.BigEndian.Uint16(l[:])) - 2
		if n < 0 {
			return PhotoInfo{}, ErrPhotoCorrupt
		}
		seg := make([]byte, n)
		if _, err := io.ReadFull(br, seg); err != nil {
			break
		}
		if err := j.segment(marker, seg); err != nil {
			return PhotoInfo{}, err
		}
	}
	if j.comps == nil {
		return PhotoInfo{}, ErrPhotoCorrupt
	}
	j.account()
	return j.info, nil
}

// nextJPEGMarker skips to the next marker, past entropy-coded data,
// stuffed bytes and fill bytes, and returns its code.
func nextJPEGMarker(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, io.EOF
		}
		if b != 0xff {
			continue
		}
		m, err := br.ReadByte()
		for err == nil && m == 0xff {
			m, err = br.ReadByte()
		}
		if err != nil {
			return 0, io.EOF
		}
		if m != 0x00 {
			return m, nil
		}
	}
}

// segment reads one marker segment's payload.
func (j *jpegWalk) segment(marker byte, seg []byte) error {
	switch marker {
	case jpegSOF0, jpegSOF1, jpegSOF2:
		return j.frame(marker, seg)
	case jpegSOS:
		return j.scan(seg)
	case jpegAPP1:
		// The first orientation found is the one applied, as imaging's.
		if o := exifOrientation(seg); j.info.Orientation == 0 && o >= 1 && o <= 8 {
			j.info.Orientation = o
		}
	case jpegAPP14:
		if len(seg) >= 12 && string(seg[:5]) == "Adobe" {
			j.adobe = int(seg[11])
		}
	default:
		// Other frame types (lossless, arithmetic coding, hierarchical)
		// are ones Go's decoder refuses.
		if marker >= 0xc3 && marker <= 0xcf && marker != jpegDHT && marker != 0xc8 && marker != 0xcc {
			return ErrPhotoFormat
		}
	}
	return nil
}

// frame reads the SOF segment: dimensions and each component's sampling.
func (j *jpegWalk) frame(marker byte, seg []byte) error {
	if j.comps != nil {
		return ErrPhotoCorrupt // Go's decoder refuses a second frame
	}
	if len(seg) < 6 || seg[0] != 8 {
		return ErrPhotoFormat // only 8-bit samples are decoded
	}
	h, w, nc := int(binary.BigEndian.Uint16(seg[1:3])), int(binary.BigEndian.Uint16(seg[3:5])), int(seg[5])
	if w == 0 || h == 0 || (nc != 1 && nc != 3 && nc != 4) || len(seg) < 6+3*nc {
		return ErrPhotoCorrupt
	}
	j.info.Width, j.info.Height = w, h
	j.progressive = marker == jpegSOF2
	j.hmax, j.vmax = 1, 1
	for i := range nc {
		c := jpegComponent{id: int(seg[6+3*i]), h: int(seg[7+3*i] >> 4), v: int(seg[7+3*i] & 15)}
		if c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 {
			return ErrPhotoCorrupt
		}
		if nc == 1 {
			c.h, c.v = 1, 1 // as Go's decoder: one component is never subsampled
		}
		j.hmax, j.vmax = max(j.hmax, c.h), max(j.vmax, c.v)
		j.comps = append(j.comps, c)
	}
	return nil
}

// scan counts one scan and the blocks the decoder walks for it: a scan
// of one component walks that component's blocks, an interleaved scan
// every MCU's blocks of its components.
func (j *jpegWalk) scan(seg []byte) error {
	if j.comps == nil || len(seg) < 1 {
		return ErrPhotoCorrupt
	}
	ns := int(seg[0])
	if ns < 1 || ns > len(j.comps) || len(seg) < 1+2*ns {
		return ErrPhotoCorrupt
	}
	var blocks int64
	if ns == 1 {
		c := j.component(int(seg[1]))
		blocks = ceilDiv(ceilDiv(int64(j.info.Width)*int64(c.h), int64(j.hmax)), 8) *
			ceilDiv(ceilDiv(int64(j.info.Height)*int64(c.v), int64(j.vmax)), 8)
	} else {
		per := int64(0)
		for i := range ns {
			c := j.component(int(seg[1+2*i]))
			per += int64(c.h * c.v)
		}
		blocks = j.mcus() * per
	}
	j.info.Scans++
	j.info.Work += blocks * 64
	return nil
}

// component is the frame's component of that id; an unknown id (which
// the decoder refuses) counts as the largest.
func (j *jpegWalk) component(id int) jpegComponent {
	for _, c := range j.comps {
		if c.id == id {
			return c
		}
	}
	return jpegComponent{id: id, h: j.hmax, v: j.vmax}
}

func (j *jpegWalk) mcus() int64 {
	return ceilDiv(int64(j.info.Width), int64(8*j.hmax)) * ceilDiv(int64(j.info.Height), int64(8*j.vmax))
}

// account sets the memory decoding holds: Go's decoder allocates each
// component's plane rounded up to whole MCUs, one byte a sample; a
// progressive JPEG keeps every block's 64 coefficients (int32) until its
// last scan; RGB and CMYK JPEGs are converted into a 4-byte-a-pixel copy;
// an EXIF orientation other than upright, into another.
func (j *jpegWalk) account() {
	var samples int64
	for _, c := range j.comps {
		samples += j.mcus() * int64(c.h*c.v) * 64
	}
	pixels := int64(j.info.Width) * int64(j.info.Height)
	b := samples
	if j.progressive {
		b += samples * 4
	}
	if len(j.comps) == 4 || (len(j.comps) == 3 && j.isRGB()) {
		b += pixels * 4
	}
	if j.info.Rotated() {
		b += pixels * 4
	}
	j.info.Bytes = b
}

// isRGB is Go's decoder's test for a JPEG stored as RGB, not YCbCr.
func (j *jpegWalk) isRGB() bool {
	if j.adobe >= 0 {
		return j.adobe == 0
	}
	return j.comps[0].id == 'R' && j.comps[1].id == 'G' && j.comps[2].id == 'B'
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// exifOrientation reads the orientation tag (0x0112) from an APP1
// segment's EXIF data; 0 when there is none.
func exifOrientation(seg []byte) int {
	if len(seg) < 14 || string(seg[:6]) != "Exif\x00\x00" {
		return 0
	}
	tiff := seg[6:]
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 0
	}
	off := int(order.Uint32(tiff[4:8]))
	if off < 8 || off+2 > len(tiff) {
		return 0
	}
	n := int(order.Uint16(tiff[off:]))
	for i := range n {
		e := off + 2 + 12*i
		if e+12 > len(tiff) {
			return 0
		}
		if order.Uint16(tiff[e:]) == 0x0112 {
			return int(order.Uint16(tiff[e+8:]))
		}
	}
	return 0
}

// String describes the cost for logs.
func (p PhotoInfo) String() string {
	return fmt.Sprintf("%s %d×%d, %d scans, %d samples decoded, %d bytes held", p.Format, p.Width, p.Height, p.Scans, p.Work, p.Bytes)
}
