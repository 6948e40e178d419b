package phototest

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// ProgressiveGray writes a real progressive greyscale JPEG of w×h mid
// grey: one DC scan, then acScans AC scans that are only end-of-band
// runs, each a few dozen bytes however large the picture, while a
// decoder walks every block of the picture for each. It is the cheap
// file that makes a decoder work for minutes (issue 21, point 3).
// restart, when not 0, is the restart interval in blocks: the scans then
// carry RST markers, and the padding before each is 1-bits, so stuffed
// 0xFF00 bytes appear in the data.
func ProgressiveGray(w, h, acScans, restart int) []byte {
	var b bytes.Buffer
	b.Write([]byte{0xff, 0xd8})
	segment(&b, 0xdb, append([]byte{0x00}, bytes.Repeat([]byte{1}, 64)...))
	sof := []byte{8, 0, 0, 0, 0, 1, 1, 0x11, 0}
	binary.BigEndian.PutUint16(sof[1:], uint16(h))
	binary.BigEndian.PutUint16(sof[3:], uint16(w))
	segment(&b, 0xc2, sof)
	// DC table: one code, "0", for a difference of category 0.
	dc := append([]byte{0x00, 1}, make([]byte, 15)...)
	segment(&b, 0xc4, append(dc, 0x00))
	// AC table: EOB0…EOB14 (run lengths 2^n and up), four bits each.
	ac := []byte{0x10, 0, 0, 0, 15}
	ac = append(ac, make([]byte, 12)...)
	for n := range 15 {
		ac = append(ac, byte(n<<4))
	}
	segment(&b, 0xc4, ac)
	if restart > 0 {
		segment(&b, 0xdd, []byte{byte(restart >> 8), byte(restart)})
	}
	blocks := ((w + 7) / 8) * ((h + 7) / 8)
	segment(&b, 0xda, []byte{1, 1, 0x00, 0, 0, 0x00})
	intervals(&b, blocks, restart, func(bw *bitWriter, n int) {
		for range n {
			bw.put(0, 1)
		}
	})
	for range acScans {
		segment(&b, 0xda, []byte{1, 1, 0x00, 1, 63, 0x00})
		intervals(&b, blocks, restart, func(bw *bitWriter, n int) {
			for n > 0 {
				run := min(n, 1<<15-1)
				k := bits.Len(uint(run)) - 1
				bw.put(uint32(k), 4)
				bw.put(uint32(run-1<<k), k)
				n -= run
			}
		})
	}
	b.Write([]byte{0xff, 0xd9})
	return b.Bytes()
}

func segment(b *bytes.Buffer, marker byte, payload []byte) {
	b.Write([]byte{0xff, marker})
	binary.Write(b, binary.BigEndian, uint16(len(payload)+2))
	b.Write(payload)
}

// intervals writes a scan's entropy-coded data: blocks split into
// restart intervals, each coded by code and padded, RST markers between.
func intervals(b *bytes.Buffer, blocks, restart int, code func(*bitWriter, int)) {
	if restart <= 0 {
		restart = blocks
	}
	for i, start := 0, 0; start < blocks; i, start = i+1, start+restart {
		if i > 0 {
			b.Write([]byte{0xff, 0xd0 + byte(i-1)%8})
		}
		bw := &bitWriter{out: b}
		code(bw, min(restart, blocks-start))
		bw.flush()
	}
}

// bitWriter writes entropy-coded bits, stuffing a 0x00 after each 0xFF.
type bitWriter struct {
	out  *bytes.Buffer
	acc  uint32
	nacc int
}

func (w *bitWriter) put(v uint32, n int) {
	for i := n - 1; i >= 0; i-- {
		w.acc = w.acc<<1 | (v>>uint(i))&1
		w.nacc++
		if w.nacc == 8 {
			w.byte(byte(w.acc))
		}
	}
}

func (w *bitWriter) byte(c byte) {
	w.out.WriteByte(c)
	if c == 0xff {
		w.out.WriteByte(0)
	}
	w.acc, w.nacc = 0, 0
}

// flush pads the last byte with 1-bits, as T.81 asks.
func (w *bitWriter) flush() {
	if w.nacc > 0 {
		for w.nacc < 8 {
			w.acc = w.acc<<1 | 1
			w.nacc++
		}
		w.byte(byte(w.acc))
	}
}
