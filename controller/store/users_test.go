package store

import (
	"context"
	"errors"
	"testing"
)

// TestUserDisableAndRoles changes a user's roles, locks the account and
// opens it again, on the engine of this run: security.md's incident step
// "lock that account" must work on PostgreSQL as on SQLite.
func TestUserDisableAndRoles(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	admin := Actor{Key: "cli", Name: "quản trị", Roles: AllRoles}
	if _, err := s.CreateUser(ctx, admin, "quan-tri", "x", Roles{RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, admin, "bien-tap", "x", Roles{RoleEditor, RoleOperator})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, "phien", u.ID, "csrf", s.now().Add(3600e9)); err != nil {
		t.Fatal(err)
	}

	yes, no := true, false
	got, err := s.UpdateUser(ctx, admin, u.ID, u.Version, &Roles{RoleEditor}, &yes)
	if err != nil {
		t.Fatalf("disable: %v", err)
	}
	if got.DisabledAt == nil || len(got.Roles) != 1 || got.Roles[0] != RoleEditor {
		t.Fatalf("after disabling: %+v", got)
	}
	since := *got.DisabledAt
	if _, err := s.SessionByToken(ctx, "phien"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a disabled user's session still works: %v", err)
	}
	// Disabling again keeps the moment it was first disabled.
	if got, err = s.UpdateUser(ctx, admin, u.ID, got.Version, nil, &yes); err != nil || got.DisabledAt == nil || !got.DisabledAt.Equal(since) {
		t.Fatalf("disabled twice: %+v %v, want disabled since %v", got, err, since)
	}
	if got, err = s.UpdateUser(ctx, admin, u.ID, got.Version, &Roles{RoleEditor, RoleApprover}, &no); err != nil || got.DisabledAt != nil || len(got.Roles) != 2 {
		t.Fatalf("re-enable: %+v %v", got, err)
	}
}
