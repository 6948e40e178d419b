package browsertest

import "errors"

// A4 in inches, the unit of Page.printToPDF's paper size: the paper the
// commune's offices print on, used when the page names no size itself.
const (
	a4Width  = 210 / 25.4
	a4Height = 297 / 25.4
)

// PrintToPDF prints the page as Chromium's print dialog would to A4
// paper, and returns the PDF. The page's own print CSS decides: its
// @media print rules apply and its @page size and margins win over the
// A4 default; no header or footer of the browser's is added, and
// backgrounds are left out, as the dialog's defaults do.
func (b *Browser) PrintToPDF() ([]byte, error) {
	var pdf struct {
		Data []byte `json:"data"` // base64 in JSON, decoded by encoding/json
	}
	err := b.Call("Page.printToPDF", map[string]any{
		"preferCSSPageSize": true,
		"paperWidth":        a4Width,
		"paperHeight":       a4Height,
	}, &pdf)
	if err == nil && len(pdf.Data) == 0 {
		err = errors.New("Page.printToPDF: no document came back")
	}
	return pdf.Data, err
}
