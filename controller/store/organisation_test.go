package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestCleanOrganisation holds the first run's answers and the settings
// page's to their rules: the congress in Roman numerals from either
// form, a term of two years, a known issuer kind, names on one line.
func TestCleanOrganisation(t *testing.T) {
	base := Organisation{PartyBody: "Đảng bộ xã Liên Minh", Place: "Liên Minh", Congress: "III", Term: "2025 - 2030"}
	tests := []struct {
		name   string
		edit   func(o *Organisation)
		check  func(o Organisation) bool
		field  string
		reason string
	}{
		{"digits become numerals", func(o *Organisation) { o.Congress = "21" }, func(o Organisation) bool { return o.Congress == "XXI" }, "", ""},
		{"numerals in small letters", func(o *Organisation) { o.Congress = " xiv " }, func(o Organisation) bool { return o.Congress == "XIV" }, "", ""},
		{"term written tight", func(o *Organisation) { o.Term = "2025-2030" }, func(o Organisation) bool { return o.Term == "2025 - 2030" }, "", ""},
		{"kind unset is a Party body", func(o *Organisation) { o.IssuerKind = "" }, func(o Organisation) bool { return o.IssuerKind == IssuerParty }, "", ""},
		{"kind in capitals", func(o *Organisation) { o.IssuerKind = " UBND " }, func(o Organisation) bool { return o.IssuerKind == IssuerCommittee }, "", ""},
		{"no party body", func(o *Organisation) { o.PartyBody = "  " }, nil, FieldPartyBody, ProblemEmpty},
		{"no congress", func(o *Organisation) { o.Congress = "" }, nil, FieldCongress, ProblemEmpty},
		{"congress not a number", func(o *Organisation) { o.Congress = "IIII" }, nil, FieldCongress, ProblemRange},
		{"congress zero", func(o *Organisation) { o.Congress = "0" }, nil, FieldCongress, ProblemRange},
		{"congress too high", func(o *Organisation) { o.Congress = "51" }, nil, FieldCongress, ProblemRange},
		{"term a single year", func(o *Organisation) { o.Term = "2025" }, nil, FieldTerm, ProblemDate},
		{"term backwards", func(o *Organisation) { o.Term = "2030 - 2025" }, nil, FieldTerm, ProblemRange},
		{"term of twenty years", func(o *Organisation) { o.Term = "2025 - 2045" }, nil, FieldTerm, ProblemRange},
		{"unknown kind", func(o *Organisation) { o.IssuerKind = "dang-uy" }, nil, FieldIssuerKind, ProblemUnknown},
		{"line break in a name", func(o *Organisation) { o.Issuer = "Đảng uỷ\nxã" }, nil, FieldIssuer, ProblemInvisible},
		{"name too long", func(o *Organisation) { o.Recipient = strings.Repeat("Ban ", 31) }, nil, FieldRecipient, ProblemTooLong},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := base
			tc.edit(&o)
			got, err := CleanOrganisation(o)
			var bad *InvalidError
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.field == "" && !tc.check(got):
				t.Fatalf("stored as %+v", got)
			case tc.field != "" && (!errors.As(err, &bad) || bad.Field != tc.field || bad.Problem != tc.reason):
				t.Fatalf("got %v, want %s %s", err, tc.field, tc.reason)
			}
		})
	}
	for n := 1; n <= MaxCongress; n++ {
		if fromRoman(Roman(n)) != n {
			t.Fatalf("%d written %s reads back %d", n, Roman(n), fromRoman(Roman(n)))
		}
	}
}

// TestOrganisationFirstRunThenEdits: the first run stores the answers
// once (a second first run is refused), an edit names the version it was
// made from, and both are audited.
func TestOrganisationFirstRunThenEdits(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.Organisation(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a new database has an organisation: %v", err)
	}
	o := Organisation{PartyBody: "Đảng bộ xã Liên Minh", Place: "Liên Minh", Congress: "3", Term: "2025 - 2030"}
	set, err := s.SetOrganisation(ctx, ed, o, 0)
	if err != nil || set.Version != 1 || set.Congress != "III" || set.ChangedBy != ed.Name {
		t.Fatalf("first run: %+v, %v", set, err)
	}
	var changed *ChangedError
	if _, err := s.SetOrganisation(ctx, ap, o, 0); !errors.As(err, &changed) || changed.Version != 1 {
		t.Fatalf("a second first run: %v, want ChangedError at version 1", err)
	}
	set.Recipient = "Ban Tuyên giáo và Dân vận Tỉnh uỷ"
	if _, err := s.SetOrganisation(ctx, ap, set, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetOrganisation(ctx, ed, set, 1); !errors.As(err, &changed) || changed.By != ap.Name || changed.Version != 2 {
		t.Fatalf("an edit from version 1 after version 2: %v", err)
	}
	got, err := s.Organisation(ctx)
	if err != nil || got.Recipient != set.Recipient || got.Version != 2 {
		t.Fatalf("stored: %+v, %v", got, err)
	}
	entries, err := s.Audit(ctx, Everything, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "organisation.") {
			actions = append(actions, e.Action)
		}
	}
	if strings.Join(actions, ",") != "organisation.set,organisation.setup" {
		t.Fatalf("audited: %v", actions)
	}
}
