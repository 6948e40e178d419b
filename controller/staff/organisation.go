package staff

import (
	"context"
	"strings"
	"time"

	"codong/controller/seed"
	"codong/controller/store"
	"codong/playlists"
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
	// On the command line the first run may come before the first start,
	// which seeds the rest: seeded here then, once, the same way; or
	// during it, when the controller seeds and this waits for it.
	if err := seed.Content(ctx, st); err != nil {
		return store.Organisation{}, err
	}
	if err := waitSeeded(ctx, st); err != nil {
		return store.Organisation{}, err
	}
	set, err := st.SetOrganisation(ctx, a, o, 0)
	if err != nil {
		return set, err
	}
	return set, seed.Commune(ctx, st, set)
}

// seedWait bounds the wait for another seeder: a first start seeds in
// well under a second.
const seedWait = 10 * time.Second

// waitSeeded waits until both seeded playlists exist, or seedWait has
// passed (a playlist removed on purpose is then left removed).
func waitSeeded(ctx context.Context, st *store.Store) error {
	for deadline := time.Now().Add(seedWait); time.Now().Before(deadline); {
		pls, err := st.Playlists(ctx, store.Everything)
		if err != nil {
			return err
		}
		n := 0
		for _, p := range pls {
			if p.Slug == playlists.DefaultSlug || p.Slug == playlists.CongressSuccessSlug {
				n++
			}
		}
		if n == 2 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return nil
}
