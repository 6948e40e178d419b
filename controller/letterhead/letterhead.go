// Package letterhead is who issues the printed documents (the report
// upward, the Tờ trình) and to whom the report goes, in the format the
// issuer's kind prescribes: the organisation an administrator set on
// the settings page, over which the command line's flags, when given,
// take precedence.
package letterhead

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"codong/controller/store"
)

// Head is who issues the documents and how they are signed, as an
// administrative document's header and signature block say it.
type Head struct {
	// Kind is the issuer's kind, which decides the header's format:
	// store.IssuerParty or store.IssuerCommittee; empty means
	// store.IssuerParty (or, among flags, "not given").
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
	// SignerTitle and Signer close the report under the signature space.
	SignerTitle, Signer string
}

// Normal writes the kind as compared: trimmed, in small letters.
func (h Head) Normal() Head {
	h.Kind = strings.ToLower(strings.TrimSpace(h.Kind))
	return h
}

// Check refuses flags the printed documents could not carry: a kind the
// code does not know (it would be printed in some other format than the
// one meant), a name too long for its column, or one with control
// characters (a line break would split the header). The settings page's
// values are held to the same rules by the store.
func (h Head) Check() error {
	h = h.Normal()
	if h.Kind != "" && !store.KnownIssuerKind(h.Kind) {
		var kinds []string
		for _, k := range store.IssuerKinds {
			kinds = append(kinds, fmt.Sprintf("%s: %s", k.Code, k.Name))
		}
		return fmt.Errorf("--issuer-kind “%s” không hiểu được; loại cơ quan ban hành phải là một trong: %s", h.Kind, strings.Join(kinds, "; "))
	}
	for _, f := range h.fields() {
		if n := utf8.RuneCountInString(*f.value); n > store.MaxOrgFieldRunes {
			return fmt.Errorf("%s dài %d ký tự; tối đa %d ký tự", f.flag, n, store.MaxOrgFieldRunes)
		}
		if !utf8.ValidString(*f.value) || strings.ContainsFunc(*f.value, unicode.IsControl) {
			return fmt.Errorf("%s có ký tự điều khiển (xuống dòng, tab…) hoặc không phải UTF-8; ghi tên trên một dòng", f.flag)
		}
	}
	return nil
}

// field is one name of a head with the flag that sets it.
type field struct {
	flag, key string
	value     *string
}

// fields are h's names with their flags and settings-form keys.
func (h *Head) fields() []field {
	return []field{
		{"--org", "org", &h.Org}, {"--issuer", "issuer", &h.Issuer}, {"--place", "place", &h.Place},
		{"--report-to", "recipient", &h.Recipient}, {"--signer-title", "signer_title", &h.SignerTitle}, {"--signer", "signer", &h.Signer},
	}
}

// IsCommittee tells the templates which header to print.
func (h Head) IsCommittee() bool { return h.Kind == store.IssuerCommittee }

// FromOrganisation is the head an organisation's settings print.
func FromOrganisation(o store.Organisation) Head {
	return Head{Kind: o.IssuerKind, Org: o.Org, Issuer: o.Issuer, Place: o.Place, Recipient: o.Recipient,
		SignerTitle: o.SignerTitle, Signer: o.Signer}
}

// Source is where the printed documents' head comes from: the stored
// organisation, with the flags given at start over it.
type Source struct {
	Store *store.Store
	// Flags are the command line's values; an empty one is not given.
	Flags Head
}

// Current is the head to print now, and which of its settings the
// command line fixed (by the settings form's keys: "kind", "org", …), so
// the settings page can show them as not editable there.
func (s Source) Current(ctx context.Context) (Head, map[string]bool, error) {
	var h Head
	if s.Store != nil {
		o, err := s.Store.Organisation(ctx)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return Head{}, nil, err
		}
		h = FromOrganisation(o)
	}
	flags := s.Flags.Normal()
	fixed := map[string]bool{}
	if flags.Kind != "" {
		h.Kind, fixed["kind"] = flags.Kind, true
	}
	from := flags.fields()
	for i, f := range h.fields() {
		if v := strings.TrimSpace(*from[i].value); v != "" {
			*f.value, fixed[f.key] = v, true
		}
	}
	if h.Kind == "" {
		h.Kind = store.IssuerParty
	}
	return h, fixed, nil
}
