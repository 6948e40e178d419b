package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

var zeroTime time.Time

// TestRevokingATokenRevokesWhatItMinted: a token minted by a token is
// its child; it holds no role its parent lacks (refused, not cut), it
// stops working with its parent, and revoking the parent revokes the
// whole tree beneath it. (A child of an admin-only token once held all
// four roles and approved a version; revoking the parent left it
// working.)
func TestRevokingATokenRevokesWhatItMinted(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	cli := Actor{Key: CommandLineKey, Name: "dòng lệnh", Roles: Roles(AllRoles)}
	root, err := s.CreateAPIToken(ctx, cli, "quản trị", Roles{RoleAdmin}, "hash-root", zeroTime)
	if err != nil {
		t.Fatal(err)
	}
	asToken := func(tok APIToken) Actor {
		return Actor{Key: tok.Key(), Name: tok.Name, Roles: tok.Roles, Token: tok.ID}
	}
	var notHeld *RolesNotHeldError
	if _, err := s.CreateAPIToken(ctx, asToken(root), "đủ bốn vai trò", Roles(AllRoles), "hash-greedy", zeroTime); !errors.As(err, &notHeld) || len(notHeld.Missing) != 3 {
		t.Fatalf("a child with roles its parent lacks: %v, want the three refused by name", err)
	}
	child, err := s.CreateAPIToken(ctx, asToken(root), "con", Roles{RoleAdmin}, "hash-child", zeroTime)
	if err != nil || child.ParentID != root.ID || child.Key() != root.Key() {
		t.Fatalf("child: %+v %v", child, err)
	}
	grandchild, err := s.CreateAPIToken(ctx, asToken(child), "cháu", Roles{RoleAdmin}, "hash-grandchild", zeroTime)
	if err != nil || grandchild.ParentID != child.ID {
		t.Fatalf("grandchild: %+v %v", grandchild, err)
	}
	other, err := s.CreateAPIToken(ctx, cli, "khác", Roles{RoleEditor}, "hash-other", zeroTime)
	if err != nil {
		t.Fatal(err)
	}
	// A child stored with more than its parent (by an older program)
	// still acts with no more than its parent.
	if _, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET roles = 'admin,approver,editor,operator' WHERE id = ?`, grandchild.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.APITokenByHash(ctx, "hash-grandchild"); err != nil || !slices.Equal(got.Roles, Roles{RoleAdmin}) {
		t.Fatalf("grandchild stored with all roles acts with %v (%v), want admin only", got.Roles, err)
	}

	if err := s.RevokeAPIToken(ctx, cli, root.ID); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"hash-root", "hash-child", "hash-grandchild"} {
		if _, err := s.APITokenByHash(ctx, h); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s after revoking the root: %v, want refused", h, err)
		}
	}
	if _, err := s.APITokenByHash(ctx, "hash-other"); err != nil {
		t.Errorf("an unrelated token was revoked too: %v", err)
	}
	all, _ := s.APITokens(ctx, Everything)
	for _, tok := range all {
		if revoked := tok.RevokedAt != nil; revoked != (tok.ID != other.ID) {
			t.Errorf("token %q revoked=%v", tok.Name, revoked)
		}
	}
	if err := s.RevokeAPIToken(ctx, cli, child.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoking a revoked token: %v, want ErrNotFound", err)
	}
	entries, _ := s.Audit(ctx, Everything, AuditFilter{Kind: "token.revoke"})
	if len(entries) != 1 || entries[0].Detail != fmt.Sprintf("#%d (+2)", root.ID) {
		t.Fatalf("audit %+v, want one entry naming the root and the two it took", entries)
	}

	// A parent revoked without the cascade (an older program) still
	// takes its children with it.
	p2, _ := s.CreateAPIToken(ctx, cli, "cha", Roles{RoleAdmin}, "hash-p2", zeroTime)
	s.CreateAPIToken(ctx, asToken(p2), "con 2", Roles{RoleAdmin}, "hash-c2", zeroTime)
	if _, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00Z' WHERE id = ?`, p2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.APITokenByHash(ctx, "hash-c2"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a child of a revoked parent: %v, want refused", err)
	}
}
