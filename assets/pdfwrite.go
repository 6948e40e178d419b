package assets

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// pdfDoc writes a PDF's objects and its cross-reference table. Objects
// are numbered first (alloc) and written in any order, so that a page can
// name its fonts before they are written.
type pdfDoc struct {
	buf     bytes.Buffer
	offsets []int // byte offset of object n at n-1
}

func newPDFDoc(version string) *pdfDoc {
	d := &pdfDoc{}
	// The second line's high bytes tell transfer programs the file is
	// binary.
	d.buf.WriteString("%PDF-" + version + "\n%\xe2\xe3\xcf\xd3\n")
	return d
}

func (d *pdfDoc) alloc() int {
	d.offsets = append(d.offsets, 0)
	return len(d.offsets)
}

func (d *pdfDoc) put(n int, body string) {
	d.offsets[n-1] = d.buf.Len()
	fmt.Fprintf(&d.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// putStream writes data compressed; dict is the stream dictionary's
// other entries.
func (d *pdfDoc) putStream(n int, dict string, data []byte) {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(data)
	zw.Close()
	d.offsets[n-1] = d.buf.Len()
	fmt.Fprintf(&d.buf, "%d 0 obj\n<< %s /Length %d /Filter /FlateDecode >>\nstream\n", n, dict, z.Len())
	d.buf.Write(z.Bytes())
	d.buf.WriteString("\nendstream\nendobj\n")
}

// finish writes the cross-reference table and the trailer. The file ID
// is a hash of the body, so the same sheet gives the same bytes.
func (d *pdfDoc) finish(root, info int) []byte {
	id := sha256.Sum256(d.buf.Bytes())
	xref := d.buf.Len()
	fmt.Fprintf(&d.buf, "xref\n0 %d\n0000000000 65535 f \n", len(d.offsets)+1)
	for _, off := range d.offsets {
		fmt.Fprintf(&d.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&d.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(d.offsets)+1, root, info, id[:16], id[:16], xref)
	return d.buf.Bytes()
}

// pdfText is a text string for the document's metadata: UTF-16BE with
// its byte-order mark, as PDF wants any text beyond Latin-1.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// pdfNum writes a number with at most three decimals and no trailing
// zeros: a thousandth of a unit is far below what a press resolves.
func pdfNum(v float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// pdfBox is a page box [x0 y0 x1 y1] with two decimals, an origin as 0.
func pdfBox(x0, y0, x1, y1 float64) string {
	n := func(v float64) string {
		if v == 0 {
			return "0"
		}
		return fmt.Sprintf("%.2f", v)
	}
	return "[" + n(x0) + " " + n(y0) + " " + n(x1) + " " + n(y1) + "]"
}
