package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"codong/internal/pgtest"
)

// TestOpenExistingRefusesEmpty: OpenExisting refuses a database with no
// installation in it and creates nothing, so the refusal holds at the
// next start too; a database that holds one opens with its ID unchanged.
func TestOpenExistingRefusesEmpty(t *testing.T) {
	ctx := context.Background()
	var places map[string]string
	if onPostgres() {
		places = map[string]string{"an empty schema": pgtest.URL(t)}
	} else {
		dir := t.TempDir()
		empty := filepath.Join(dir, "empty.db")
		if err := os.WriteFile(empty, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		places = map[string]string{"a missing file": filepath.Join(dir, "missing.db"), "an empty file": empty}
	}
	for name, path := range places {
		t.Run(name, func(t *testing.T) {
			for range 2 {
				if s, err := OpenExisting(ctx, path); !errors.Is(err, ErrEmpty) {
					if s != nil {
						s.Close()
					}
					t.Fatalf("OpenExisting: %v, want ErrEmpty", err)
				}
			}
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			id, err := s.Installation(ctx)
			s.Close()
			if err != nil || len(id) != 32 {
				t.Fatalf("installation %q, %v; want 32 hex digits", id, err)
			}
			s, err = OpenExisting(ctx, path)
			if err != nil {
				t.Fatalf("OpenExisting after Open: %v", err)
			}
			again, err := s.Installation(ctx)
			s.Close()
			if err != nil || again != id {
				t.Fatalf("installation after reopening %q, %v; want %q", again, err, id)
			}
		})
	}
}

// TestInstallationsDiffer: two databases are two installations.
func TestInstallationsDiffer(t *testing.T) {
	ctx := context.Background()
	a, b := openEngine(t), openEngine(t)
	ia, err := a.Installation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ib, err := b.Installation(ctx)
	if err != nil || ia == ib {
		t.Fatalf("installations %q and %q, %v; want two different IDs", ia, ib, err)
	}
}
