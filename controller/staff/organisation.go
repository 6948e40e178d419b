package staff

import (
	"context"
	"strings"

	"codong/controller/seed"
	"codong/controller/store"
)

// SetUp is the first run, from the console or codong setup: it stores
// who runs this installation, filling the printed documents' issuer and
// place from the answers where they were left empty, and drafts the
// official slogans that name the congress (seed.Commune), which wait
// for approval like everything seeded. A second first run is refused
// (store.ChangedError): the settings page edits what was set.
func SetUp(ctx context.Context, st *store.Store, a store.Actor, o store.Organisation) (store.Organisation, error) {
	if strings.TrimSpace(o.Issuer) == "" {
		// The Party body's executive committee issues its documents:
		// "Đảng bộ xã Liên Minh" → "Đảng uỷ xã Liên Minh". The body above
		// it (Org) is not guessed: it prints as a blank to fill in.
		if rest, ok := strings.CutPrefix(strings.TrimSpace(o.PartyBody), "Đảng bộ "); ok {
			o.Issuer = "Đảng uỷ " + rest
		}
	}
	set, err := st.SetOrganisation(ctx, a, o, 0)
	if err != nil {
		return set, err
	}
	// On the command line the first run may come before the first start,
	// which seeds the rest: seeded here then, once, the same way.
	if err := seed.Content(ctx, st); err != nil {
		return set, err
	}
	return set, seed.Commune(ctx, st, set)
}
