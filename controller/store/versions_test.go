package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"codong/playlists"
)

func TestFourEyesInTheStore(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	both := Actor{Key: "user:3", Name: "kiêm nhiệm", Roles: Roles{RoleApprover, RoleEditor}}
	sl, _ := s.CreateSlogan(ctx, both, "Mừng Đảng quang vinh", "classic")
	v, err := s.LatestVersion(ctx, KindSlogan, sl.ID)
	if err != nil {
		t.Fatal(err)
	}
	tokenOfTheSamePerson := Actor{Key: both.Key, Name: "mã của kiêm nhiệm", Roles: Roles{RoleApprover}}
	tests := []struct {
		name string
		who  Actor
		want error
	}{
		{"author", both, ErrFourEyes},
		{"the author's token", tokenOfTheSamePerson, ErrFourEyes},
		{"the system for a person", Actor{Key: SystemKey, Roles: Roles{RoleApprover}}, ErrFourEyes},
		{"not an approver", Actor{Key: "user:9", Roles: Roles{RoleEditor, RoleAdmin, RoleOperator}}, ErrNotAllowed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Approve(ctx, tc.who, v.ID, ""); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	if got, _ := s.Slogan(ctx, Everything, sl.ID); got.Approved != nil {
		t.Fatalf("refused approvals approved it: %+v", got)
	}
	if _, err := s.Approve(ctx, ap, v.ID, "đồng ý"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Approve(ctx, ap, v.ID, ""); !errors.Is(err, ErrNotPending) {
		t.Fatalf("approving twice: %v", err)
	}
	if got, _ := s.Slogan(ctx, Everything, sl.ID); got.Approved == nil || got.Approved.Text != "Mừng Đảng quang vinh" {
		t.Fatalf("after approval: %+v", got)
	}
}

func TestDraftsKeepBoardsOnTheApprovedVersion(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng Đại hội")
	sl, _ := s.CreateSlogan(ctx, ed, "Bản một", "classic")
	s.AddItem(ctx, ed, playlists.DefaultSlug, sl.ID, 10)
	fresh, _ := s.CreateSlogan(ctx, ed, "Khẩu hiệu mới chưa duyệt", "classic")
	approveAll(t, s)
	s.AddItem(ctx, ed, playlists.DefaultSlug, fresh.ID, 10) // approved list, unapproved slogan below
	approveAll(t, s)
	s.UpdateSlogan(ctx, ed, fresh.ID, 1, "Khẩu hiệu mới chưa duyệt", "classic") // stale: refused
	if _, err := s.UpdateSlogan(ctx, ed, sl.ID, 1, "Bản hai", "classic"); err != nil {
		t.Fatal(err)
	}
	d, _ := s.Desired(ctx, false)
	items := d.Playlists[0].Items
	if len(items) != 2 || items[0].Text != "Bản một" {
		t.Fatalf("boards see %+v, want the approved text while the draft waits", items)
	}
	// withdraw, resubmit, reject, restore
	v, _ := s.LatestVersion(ctx, KindSlogan, sl.ID)
	if _, err := s.Withdraw(ctx, ap, v.ID); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("withdraw by someone else: %v", err)
	}
	if w, err := s.Withdraw(ctx, ed, v.ID); err != nil || w.State != StateDraft {
		t.Fatalf("withdraw: %+v %v", w, err)
	}
	if _, err := s.Approve(ctx, ap, v.ID, ""); !errors.Is(err, ErrNotPending) {
		t.Fatalf("approving a withdrawn draft: %v", err)
	}
	re, err := s.Resubmit(ctx, ed, v.ID)
	if err != nil || re.Number != v.Number+1 || re.State != StatePending {
		t.Fatalf("resubmit: %+v %v", re, err)
	}
	if _, err := s.Reject(ctx, ap, re.ID, "Sai chính tả"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Slogan(ctx, Everything, sl.ID); got.State != StateRejected || got.Approved.Text != "Bản một" {
		t.Fatalf("after rejection: %+v", got)
	}
	first, _ := s.Versions(ctx, Everything, VersionFilter{Kind: KindSlogan, Subject: sl.ID, State: StateApproved})
	restored, err := s.Restore(ctx, ed, first[0].ID)
	if err != nil || restored.State != StatePending {
		t.Fatalf("restore: %+v %v", restored, err)
	}
	if all, _ := s.Versions(ctx, Everything, VersionFilter{Kind: KindSlogan, Subject: sl.ID}); len(all) != 4 {
		t.Fatalf("history holds %d versions, want all 4 kept (approved, withdrawn, rejected, restored)", len(all))
	}
}

func TestAuditIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.Record(ctx, ed, "login", "")
	for _, q := range []string{`UPDATE audit SET actor = 'khác'`, `DELETE FROM audit`} {
		if _, err := s.w.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("%s: %v", q, err)
		}
	}
	got, _ := s.Audit(ctx, Everything, AuditFilter{Kind: "login"})
	if len(got) != 1 || got[0].Actor != ed.Name {
		t.Fatalf("audit after the attempts: %+v", got)
	}
}

// TestMigrationApprovesExistingContent opens a database made before
// approval existed: its content stays on the boards, as approved by the
// system, and the audit log says so.
func TestMigrationApprovesExistingContent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	const before = 5 // migrations before approval
	tx, _ := db.BeginTx(ctx, nil)
	for _, m := range migrations[:before] {
		if err := m(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`INSERT INTO users (username, password_hash, role, created_at) VALUES ('admin', 'h', 'admin', '2026-01-01T00:00:00.000000000Z')`,
		`INSERT INTO slogans (text, style, created_at, updated_at) VALUES ('Mừng Đảng', 'classic', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z')`,
		`INSERT INTO playlists (slug, name) VALUES ('default', 'Chào mừng')`,
		`INSERT INTO playlist_items (playlist_id, slogan_id, position, seconds) VALUES (1, 1, 1, 10)`,
		`INSERT INTO schedule (playlist, start, end, days, grp) VALUES ('default', '07:00', '08:00', '[1]', '')`,
		`PRAGMA user_version = 5`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	tx.Commit()
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, _ := s.Desired(ctx, false)
	if len(d.Playlists) != 1 || len(d.Playlists[0].Items) != 1 || d.Playlists[0].Items[0].Text != "Mừng Đảng" || len(d.Schedule) != 1 {
		t.Fatalf("boards after the migration: %+v", d)
	}
	u, _ := s.UserByName(ctx, "admin")
	if u.Roles.String() != "admin,approver,editor,operator" {
		t.Fatalf("the old admin has roles %q, want every role they had in effect", u.Roles)
	}
	if a, _ := s.Audit(ctx, Everything, AuditFilter{Kind: "content"}); len(a) != 1 || a[0].ActorKey != SystemKey {
		t.Fatalf("audit of the migration: %+v", a)
	}
	if err := s.AddItem(ctx, ed, "default", 1, 5); err != nil {
		t.Fatal(err)
	}
	p, _ := s.Playlist(ctx, Everything, "default")
	if len(p.Items) != 2 || p.Items[1].ID <= p.Items[0].ID {
		t.Fatalf("a drafted item after the migration: %+v", p.Items)
	}
}
