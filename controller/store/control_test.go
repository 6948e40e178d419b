package store

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestFourEyesHoldsAgainstOnePersonsAccounts: an account a person created
// or set the password of, their tokens, and accounts made down the chain
// from those are the same person to the four-eyes rule, both ways; two
// accounts merely made by the same admin are two people. (An admin once
// drafted a slogan, created "sock" with the approver role, and approved
// it as sock.)
func TestFourEyesHoldsAgainstOnePersonsAccounts(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	system := Actor{Key: SystemKey, Name: "hệ thống", Roles: Roles(AllRoles)}
	cli := Actor{Key: CommandLineKey, Name: "dòng lệnh", Roles: Roles(AllRoles)}
	as := func(u User) Actor { return Actor{Key: UserKey(u.ID), Name: u.Username, Roles: u.Roles} }
	user := func(by Actor, name string, roles ...string) User {
		t.Helper()
		u, err := s.CreateUser(ctx, by, name, "băm", Roles(roles))
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	draft := func(by Actor, text string) Version {
		t.Helper()
		sl, err := s.CreateSlogan(ctx, by, text, "classic")
		if err != nil {
			t.Fatal(err)
		}
		v, _ := s.LatestVersion(ctx, KindSlogan, sl.ID)
		return v
	}
	admin := user(system, "admin", RoleAdmin, RoleEditor, RoleApprover)
	if admin.MustChangePassword {
		t.Fatal("the first admin, made by the controller, must change the password it was given")
	}
	sock := user(as(admin), "sock", RoleApprover, RoleEditor, RoleAdmin)
	chained := user(as(sock), "sock-cua-sock", RoleApprover)
	sockToken := Actor{Key: as(sock).Key, Name: "mã của sock", Roles: Roles{RoleApprover}, Token: 99}
	clerk := user(as(admin), "van-thu", RoleEditor)
	member := user(as(admin), "uy-vien", RoleApprover)
	chair := user(cli, "chu-tich", RoleApprover)
	if !sock.MustChangePassword || !chair.MustChangePassword {
		t.Fatal("an account made by another person (or the command line) must change its password at first login")
	}

	// A token made on the command line is a person of its own; an
	// account it creates is in its hands.
	cliToken := Actor{Key: TokenKey(7), Name: "mã dòng lệnh", Roles: Roles(AllRoles), Token: 7}
	viaToken := user(cliToken, "qua-ma", RoleApprover)
	byToken := draft(cliToken, "Bản của mã dòng lệnh")

	byAdmin := draft(as(admin), "Bản của quản trị")
	bySock := draft(as(sock), "Bản của sock")
	byClerk := draft(as(clerk), "Bản của văn thư")
	refused := []struct {
		name string
		who  Actor
		v    Version
	}{
		{"an account the author created", as(sock), byAdmin},
		{"that account's token", sockToken, byAdmin},
		{"an account made by an account the author made", as(chained), byAdmin},
		{"the creator, of their account's draft", as(admin), bySock},
		{"an account a token created, of the token's draft", as(viaToken), byToken},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Approve(ctx, tc.who, tc.v.ID, "")
			var fe *FourEyesError
			if !errors.As(err, &fe) || !fe.SameHands || !errors.Is(err, ErrFourEyes) {
				t.Fatalf("got %v, want a FourEyesError of the same hands", err)
			}
		})
	}
	// Two accounts the admin made are two people; so is an account from
	// the command line.
	if _, err := s.Approve(ctx, as(member), byClerk.ID, ""); err != nil {
		t.Fatalf("an approver the admin made, for an editor the admin made: %v", err)
	}
	if _, err := s.Approve(ctx, as(chair), byAdmin.ID, ""); err != nil {
		t.Fatalf("an approver made on the command line, for the admin: %v", err)
	}

	// Setting someone's password makes them yours: the chairman, reset
	// by the admin, approves none of the admin's drafts any more.
	if err := s.SetPassword(ctx, as(admin), chair.ID, "băm mới"); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.User(ctx, chair.ID); !u.MustChangePassword {
		t.Fatal("a password set by the admin is not one-time")
	}
	if err := s.ChangeOwnPassword(ctx, as(admin), chair.ID, "băm của chủ tịch", ""); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("changing another's own password: %v", err)
	}
	if err := s.ChangeOwnPassword(ctx, as(chair), chair.ID, "băm của chủ tịch", ""); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.User(ctx, chair.ID); u.MustChangePassword {
		t.Fatal("the one-time flag stayed after the person chose a password")
	}
	again := draft(as(admin), "Bản thứ hai của quản trị")
	if _, err := s.Approve(ctx, as(chair), again.ID, ""); !errors.Is(err, ErrFourEyes) {
		t.Fatalf("an approver whose password the author reset: %v, want refused", err)
	}

	entries, _ := s.Audit(ctx, Everything, AuditFilter{Kind: "account"})
	if len(entries) != 6 { // none for the command line or the system
		t.Errorf("%d account.control entries, want 6 (5 creations by people or their tokens, 1 reset): %+v", len(entries), entries)
	}
	if refusals, _ := s.Audit(ctx, Everything, AuditFilter{Kind: "version.four_eyes"}); len(refusals) != len(refused)+1 {
		t.Errorf("%d refused approvals in the audit log, want %d", len(refusals), len(refused)+1)
	}
}

// TestControlBackfillReadsTheAuditLog: the migration records who made or
// reset the accounts that existed before it, from the audit log, on both
// engines.
func TestControlBackfillReadsTheAuditLog(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	admin, _ := s.CreateUser(ctx, Actor{Key: SystemKey}, "admin", "băm", Roles{RoleAdmin})
	a := Actor{Key: UserKey(admin.ID), Name: "admin", Roles: Roles{RoleAdmin}}
	sock, _ := s.CreateUser(ctx, a, "sock", "băm", Roles{RoleApprover})
	chair, _ := s.CreateUser(ctx, Actor{Key: CommandLineKey}, "chu-tich", "băm", Roles{RoleApprover})
	s.SetPassword(ctx, a, chair.ID, "băm mới")
	if _, err := s.w.ExecContext(ctx, `DELETE FROM account_controls`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, controlBackfill); err != nil {
		t.Fatal(err)
	}
	got, err := s.Controllers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{UserKey(sock.ID): {a.Key + " create"}, UserKey(chair.ID): {a.Key + " password"}}
	if len(got) != len(want) || !slices.Equal(got[UserKey(sock.ID)], want[UserKey(sock.ID)]) || !slices.Equal(got[UserKey(chair.ID)], want[UserKey(chair.ID)]) {
		t.Fatalf("controls %v, want %v", got, want)
	}
}
