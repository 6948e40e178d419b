// Package letterhead is who issues the printed documents (the report
// upward, the Tờ trình) and to whom the report goes, in the format the
// issuer's kind prescribes.
package letterhead

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Head is who issues the printed documents and to whom the report
// goes, as an administrative document's header says it (codong serve
// --issuer-kind, --org, --issuer, --place, --report-to).
type Head struct {
	// Kind is the issuer's kind, which decides the header's format:
	// IssuerParty or IssuerCommittee; empty means IssuerParty.
	Kind string
	// Org is the body above the issuer, the header's first line on the
	// left: "Đảng bộ xã Liên Minh" for a Party body, "UBND xã Liên Minh"
	// for a People's Committee's office.
	Org string
	// Issuer is the body issuing the document, in bold under Org, e.g.
	// "Đảng uỷ xã Liên Minh", "Chi bộ thôn Đông" or "Phòng Văn hoá - Xã
	// hội".
	Issuer string
	// Place starts the date line: "Liên Minh, ngày … tháng … năm …".
	Place string
	// Recipient follows "Kính gửi:" on the report, e.g. "Ban Tuyên giáo
	// và Dân vận Tỉnh uỷ".
	Recipient string
}

// The issuer kinds, as typed after --issuer-kind (CODONG_ISSUER_KIND).
const (
	// IssuerParty is a Party body (Đảng uỷ, chi bộ): its documents are
	// headed "ĐẢNG CỘNG SẢN VIỆT NAM" at the right, per the Party's rules
	// on document format (Hướng dẫn 36-HD/VPTW).
	IssuerParty = "dang"
	// IssuerCommittee is a People's Committee or one of its offices: its
	// documents are headed with the state's name and motto, per Nghị
	// định 30/2020/NĐ-CP.
	IssuerCommittee = "ubnd"
)

// maxLetterheadField bounds each name in the header, in characters: the
// longest real one ("Ban Tuyên giáo và Dân vận Tỉnh uỷ …") is far
// shorter, and the header has two columns of half an A4 page.
const maxLetterheadField = 120

// IssuerKinds describes each kind for the refusal and the preview.
var IssuerKinds = []struct{ Code, Name, Rule string }{
	{IssuerParty, "cơ quan Đảng (Đảng uỷ, chi bộ)", "Hướng dẫn 36-HD/VPTW"},
	{IssuerCommittee, "Uỷ ban nhân dân và các cơ quan của Uỷ ban", "Nghị định 30/2020/NĐ-CP"},
}

// WithDefaults fills the kind an unset letterhead means: codong is made
// for Party committees' propaganda, whose report upward goes to the
// Party body above.
func (h Head) WithDefaults() Head {
	if strings.TrimSpace(h.Kind) == "" {
		h.Kind = IssuerParty
	}
	h.Kind = strings.ToLower(strings.TrimSpace(h.Kind))
	return h
}

// Check refuses a letterhead the printed documents could not carry: a
// kind the code does not know (it would be printed in some other
// format than the one meant), a name too long for its column, or one
// with control characters (a line break would split the header).
func (h Head) Check() error {
	known := false
	var kinds []string
	for _, k := range IssuerKinds {
		known = known || h.Kind == k.Code
		kinds = append(kinds, fmt.Sprintf("%s: %s", k.Code, k.Name))
	}
	if !known {
		return fmt.Errorf("--issuer-kind “%s” không hiểu được; loại cơ quan ban hành phải là một trong: %s", h.Kind, strings.Join(kinds, "; "))
	}
	for _, f := range []struct{ flag, value string }{
		{"--org", h.Org}, {"--issuer", h.Issuer}, {"--place", h.Place}, {"--report-to", h.Recipient},
	} {
		if n := utf8.RuneCountInString(f.value); n > maxLetterheadField {
			return fmt.Errorf("%s dài %d ký tự; tối đa %d ký tự", f.flag, n, maxLetterheadField)
		}
		if !utf8.ValidString(f.value) || strings.ContainsFunc(f.value, unicode.IsControl) {
			return fmt.Errorf("%s có ký tự điều khiển (xuống dòng, tab…) hoặc không phải UTF-8; ghi tên trên một dòng", f.flag)
		}
	}
	return nil
}

// IsCommittee tells the templates which header to print.
func (h Head) IsCommittee() bool { return h.Kind == IssuerCommittee }
