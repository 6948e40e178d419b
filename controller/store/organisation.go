package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Organisation is who runs this installation: the Party body whose
// congress the campaign is for, and how the documents it prints are
// headed and signed. The first run asks for it (the console's setup
// page, or codong setup); an administrator edits it on the settings
// page. Until it is set the controller still runs: the printed
// documents show dotted blanks where a name is missing.
type Organisation struct {
	// PartyBody is the Party committee whose congress it is, as the
	// slogans name it: "Đảng bộ xã Liên Minh".
	PartyBody string `json:"party_body"`
	// Place is the commune's or ward's own name, which starts the date
	// line of every document: "Liên Minh".
	Place string `json:"place"`
	// Congress is the congress's number in Roman numerals, as slogans
	// write it ("III"); CleanOrganisation turns "3" into it.
	Congress string `json:"congress"`
	// Term is the congress's term: "2025 - 2030".
	Term string `json:"term"`
	// Committee is the People's Committee, which heads state documents:
	// "UBND xã Liên Minh".
	Committee string `json:"committee"`

	// IssuerKind decides the printed header's format: IssuerParty or
	// IssuerCommittee.
	IssuerKind string `json:"issuer_kind"`
	// Org is the body above the issuer, the header's first line; Issuer
	// the body issuing the documents ("Đảng uỷ xã Liên Minh").
	Org    string `json:"org"`
	Issuer string `json:"issuer"`
	// Recipient follows "Kính gửi:" on the report upward.
	Recipient string `json:"recipient"`
	// SignerTitle and Signer close the report: "PHÓ BÍ THƯ THƯỜNG TRỰC",
	// "Nguyễn Văn A". Empty: the line is left to fill in by hand.
	SignerTitle string `json:"signer_title"`
	Signer      string `json:"signer"`

	// Version counts the changes; a change names the version it was
	// made from (ChangedError otherwise).
	Version   int       `json:"version"`
	ChangedBy string    `json:"changed_by,omitempty"`
	ChangedAt time.Time `json:"changed_at,omitzero"`
}

// The issuer kinds, as the settings page and --issuer-kind name them.
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

// IssuerKinds describes each kind for refusals and the forms.
var IssuerKinds = []struct{ Code, Name, Rule string }{
	{IssuerParty, "cơ quan Đảng (Đảng uỷ, chi bộ)", "Hướng dẫn 36-HD/VPTW"},
	{IssuerCommittee, "Uỷ ban nhân dân và các cơ quan của Uỷ ban", "Nghị định 30/2020/NĐ-CP"},
}

// KnownIssuerKind reports whether kind is one the printed documents know.
func KnownIssuerKind(kind string) bool {
	for _, k := range IssuerKinds {
		if k.Code == kind {
			return true
		}
	}
	return false
}

// MaxOrgFieldRunes bounds each name of the organisation: the longest
// real one ("Ban Tuyên giáo và Dân vận Tỉnh uỷ …") is far shorter, and
// a printed header has two columns of half an A4 page.
const MaxOrgFieldRunes = 120

// The organisation's fields, as InvalidError names them.
const (
	FieldPartyBody   = "organisation.party_body"
	FieldPlace       = "organisation.place"
	FieldCongress    = "organisation.congress"
	FieldTerm        = "organisation.term"
	FieldCommittee   = "organisation.committee"
	FieldIssuerKind  = "organisation.issuer_kind"
	FieldOrg         = "organisation.org"
	FieldIssuer      = "organisation.issuer"
	FieldRecipient   = "organisation.recipient"
	FieldSignerTitle = "organisation.signer_title"
	FieldSigner      = "organisation.signer"
)

// MaxCongress bounds a congress's number: a commune's Party body has held
// a few dozen at most since 1930.
const MaxCongress = 50

// termPattern is a term as slogans write it: two years and a dash.
var termPattern = regexp.MustCompile(`^(\d{4})\s*[-–—]\s*(\d{4})$`)

// CleanOrganisation returns o as it is stored, or says which field is
// wrong: every name one line of visible text within MaxOrgFieldRunes
// (empty allowed but for the party body, place, congress and term, which
// the first run asks for), the congress a number
// from 1 to MaxCongress written in Roman numerals, the term two years a
// few apart, the kind one the documents know (empty: IssuerParty).
func CleanOrganisation(o Organisation) (Organisation, error) {
	names := []struct {
		field string
		value *string
		need  bool
	}{
		{FieldPartyBody, &o.PartyBody, true}, {FieldPlace, &o.Place, true},
		{FieldCommittee, &o.Committee, false}, {FieldOrg, &o.Org, false}, {FieldIssuer, &o.Issuer, false},
		{FieldRecipient, &o.Recipient, false}, {FieldSignerTitle, &o.SignerTitle, false}, {FieldSigner, &o.Signer, false},
	}
	for _, n := range names {
		if strings.TrimSpace(*n.value) == "" {
			if n.need {
				return o, invalid(n.field, ProblemEmpty, 0)
			}
			*n.value = ""
			continue
		}
		v, err := CleanName(n.field, *n.value, MaxOrgFieldRunes)
		if err != nil {
			return o, err
		}
		*n.value = v
	}
	var err error
	if o.Congress, err = cleanCongress(o.Congress); err != nil {
		return o, err
	}
	if o.Term, err = cleanTerm(o.Term); err != nil {
		return o, err
	}
	o.IssuerKind = strings.ToLower(strings.TrimSpace(o.IssuerKind))
	if o.IssuerKind == "" {
		o.IssuerKind = IssuerParty
	}
	if !KnownIssuerKind(o.IssuerKind) {
		return o, invalid(FieldIssuerKind, ProblemUnknown, 0)
	}
	return o, nil
}

// cleanCongress writes a congress's number in Roman numerals, from
// digits or numerals in either case.
func cleanCongress(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return "", invalid(FieldCongress, ProblemEmpty, 0)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		n = fromRoman(s)
	}
	if n < 1 || n > MaxCongress {
		return "", invalid(FieldCongress, ProblemRange, MaxCongress)
	}
	return Roman(n), nil
}

// cleanTerm writes a term as "2025 - 2030": the end after the start,
// at most ten years on.
func cleanTerm(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(FieldTerm, ProblemEmpty, 0)
	}
	m := termPattern.FindStringSubmatch(s)
	if m == nil {
		return "", invalid(FieldTerm, ProblemDate, 0)
	}
	from, _ := strconv.Atoi(m[1])
	to, _ := strconv.Atoi(m[2])
	if from < 1930 || to <= from || to-from > 10 {
		return "", invalid(FieldTerm, ProblemRange, 0)
	}
	return fmt.Sprintf("%d - %d", from, to), nil
}

var romanDigits = []struct {
	value  int
	symbol string
}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}}

// Roman writes n (1 to 3999) in Roman numerals.
func Roman(n int) string {
	var b strings.Builder
	for _, d := range romanDigits {
		for ; n >= d.value; n -= d.value {
			b.WriteString(d.symbol)
		}
	}
	return b.String()
}

// fromRoman reads Roman numerals written the usual way, or 0.
func fromRoman(s string) int {
	n, rest := 0, s
	for _, d := range romanDigits {
		for strings.HasPrefix(rest, d.symbol) {
			n += d.value
			rest = rest[len(d.symbol):]
		}
	}
	if rest != "" || s == "" || Roman(n) != s {
		return 0
	}
	return n
}

// organisationSetting names the organisation in the settings table.
const organisationSetting = "organisation"

// Organisation returns the organisation, or ErrNotFound before the first
// run set it.
func (s *Store) Organisation(ctx context.Context) (Organisation, error) {
	return organisation(ctx, s.r)
}

func organisation(ctx context.Context, q querier) (Organisation, error) {
	var raw string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, organisationSetting).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return Organisation{}, fmt.Errorf("store: organisation: %w", ErrNotFound)
	}
	if err != nil {
		return Organisation{}, fmt.Errorf("store: organisation: %w", err)
	}
	var o Organisation
	if err := json.Unmarshal([]byte(raw), &o); err != nil {
		return Organisation{}, fmt.Errorf("store: organisation: %w", err)
	}
	return o, nil
}

// SetOrganisation stores o, made from version base (0: the first run);
// audited. It
// refuses, with ChangedError, a change from another version than the
// one stored, and a first run when one was already made.
func (s *Store) SetOrganisation(ctx context.Context, a Actor, o Organisation, base int) (Organisation, error) {
	o, err := CleanOrganisation(o)
	if err != nil {
		return o, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := organisation(ctx, tx)
		switch {
		case errors.Is(err, ErrNotFound):
			if base != 0 {
				return &ChangedError{What: "organisation"}
			}
		case err != nil:
			return err
		case cur.Version != base:
			return &ChangedError{What: "organisation", Version: cur.Version, By: cur.ChangedBy, At: cur.ChangedAt}
		}
		o.Version, o.ChangedBy, o.ChangedAt = base+1, a.Name, s.Now()
		raw, err := json.Marshal(o)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, organisationSetting, string(raw)); err != nil {
			return fmt.Errorf("store: organisation: %w", err)
		}
		what := "organisation.set"
		if base == 0 {
			what = "organisation.setup"
		}
		return s.audit(ctx, tx, a, what, fmt.Sprintf("%s, Đại hội lần thứ %s, nhiệm kỳ %s", o.PartyBody, o.Congress, o.Term))
	})
	return o, err
}
