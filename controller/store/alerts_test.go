package store

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// One controller of a database sends the alerts: another is refused
// while the lease runs, and takes over once it has run out.
func TestOneControllerLeadsTheAlerts(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var mu sync.Mutex
	now := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	if err := s.LeadAlerts(ctx, "a", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := s.LeadAlerts(ctx, "b", 10*time.Second); !errors.Is(err, ErrNotLeader) {
		t.Fatalf("a second controller while the lease runs: %v", err)
	}
	if err := s.LeadAlerts(ctx, "a", 10*time.Second); err != nil {
		t.Fatalf("the leader renews: %v", err)
	}
	mu.Lock()
	now = now.Add(11 * time.Second)
	mu.Unlock()
	if err := s.LeadAlerts(ctx, "b", 10*time.Second); err != nil {
		t.Fatalf("the other takes over after the lease: %v", err)
	}
	if err := s.LeadAlerts(ctx, "a", 10*time.Second); !errors.Is(err, ErrNotLeader) {
		t.Fatalf("the old leader while the new lease runs: %v", err)
	}
}

// Receivers are checked at the edge: a webhook's URL and secret, an
// e-mail address; a unit's admin adds them to its unit only.
func TestAlertTargetsAreChecked(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	admin := Actor{Key: "cli", Name: "thử", Roles: AllRoles}
	for _, bad := range []AlertTarget{
		{Kind: TargetWebhook, Address: "ftp://127.0.0.1/x", Secret: "bí mật đủ dài để ký"},
		{Kind: TargetWebhook, Address: "http://người:mật@127.0.0.1/x", Secret: "bí mật đủ dài để ký"},
		{Kind: TargetWebhook, Address: "http://127.0.0.1/x", Secret: "ngắn"},
		// 15 characters, 21 bytes: short however counted in bytes.
		{Kind: TargetWebhook, Address: "http://127.0.0.1/x", Secret: "mậtkhẩuhơingắn!"},
		{Kind: TargetWebhook, Address: "http://127.0.0.1/x", Secret: strings.Repeat("ư", MaxSecretChars+1)},
		{Kind: TargetWebhook, Address: "http://127.0.0.1/x\ny", Secret: "bí mật đủ dài để ký"},
		{Kind: TargetEmail, Address: "Văn hoá <vanhoa@lienminh.example>"},
		{Kind: TargetEmail, Address: "không phải thư"},
	} {
		if _, err := s.AddAlertTarget(ctx, admin, bad); !errors.As(err, new(*InvalidError)) {
			t.Errorf("%+v taken: %v", bad, err)
		}
	}
	// The page asks for characters: 256 Vietnamese letters (512 bytes)
	// are a secret as good as any.
	if _, err := s.AddAlertTarget(ctx, admin, AlertTarget{Kind: TargetWebhook, Address: "http://127.0.0.1/x",
		Secret: strings.Repeat("ư", MaxSecretChars)}); err != nil {
		t.Fatalf("a secret of %d characters: %v", MaxSecretChars, err)
	}
	xa, _ := s.AddUnit(ctx, admin, "Xã An Phú", RootUnitSlug)
	bm, _ := s.AddUnit(ctx, admin, "Xã Bình Minh", RootUnitSlug)
	xaAdmin := Actor{Key: "user:xa", Name: "quản trị xã", Roles: Roles{RoleAdmin}, Unit: xa.ID}
	if _, err := s.AddAlertTarget(ctx, xaAdmin, AlertTarget{Kind: TargetEmail, Address: "xa@example.org", Unit: bm.Slug}); !isInvalid(err, FieldUnit) {
		t.Fatalf("a commune's admin adds a receiver to another commune: %v", err)
	}
	got, err := s.AddAlertTarget(ctx, xaAdmin, AlertTarget{Kind: TargetEmail, Address: "xa@example.org"})
	if err != nil || got.Unit != xa.Slug {
		t.Fatalf("a commune's receiver: %+v %v", got, err)
	}
	tree, _ := s.Units(ctx)
	if ts, _ := s.AlertTargets(ctx, tree.Scope(bm.ID)); len(ts) != 0 {
		t.Fatalf("the other commune sees %+v", ts)
	}
	if err := s.RemoveAlertTarget(ctx, Actor{Key: "user:bm", Name: "bm", Roles: Roles{RoleAdmin}, Unit: bm.ID}, got.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the other commune removes it: %v", err)
	}
}

// A unit's alert history names only its boards, says it is part of an
// event, and shows neither another receiver's digest nor deliveries to
// receivers it does not see (removed ones included).
func TestAlertHistoryKeepsToTheUnit(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	admin := Actor{Key: "cli", Name: "thử", Roles: AllRoles}
	a, _ := s.AddUnit(ctx, admin, "Xã An Phú", RootUnitSlug)
	b, _ := s.AddUnit(ctx, admin, "Xã Bình Minh", RootUnitSlug)
	root, err := s.AddAlertTarget(ctx, admin, AlertTarget{Kind: TargetEmail, Address: "tinh@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	digest, _ := s.AddAlertTarget(ctx, admin, AlertTarget{Kind: TargetEmail, Address: "bithu@example.org", Digest: true})
	boards := []AlertBoard{{ID: 1, Name: "Bảng An Phú", UnitID: a.ID}, {ID: 2, Name: "Bảng Bình Minh", UnitID: b.ID}}
	if _, err := s.RecordAlert(ctx, AlertEvent{Event: "board.offline", At: time.Now(), Boards: boards, Summary: "2 bảng mất liên lạc"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordAlert(ctx, AlertEvent{Event: EventDigest, Target: digest.ID, At: time.Now(), Boards: boards, Summary: "Tóm tắt: Bảng An Phú, Bảng Bình Minh"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveAlertTarget(ctx, admin, root.ID); err != nil {
		t.Fatal(err)
	}
	tree, _ := s.Units(ctx)
	h, err := s.AlertHistory(ctx, tree.Scope(a.ID), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Event != "board.offline" || len(h[0].Boards) != 1 || h[0].Boards[0].Name != "Bảng An Phú" || !h[0].Part || len(h[0].Deliveries) != 0 {
		t.Fatalf("the commune's history: %+v", h)
	}
	if all, _ := s.AlertHistory(ctx, Everything, 10); len(all) != 2 || all[1].Part || len(all[1].Deliveries) != 1 {
		t.Fatalf("the whole history: %+v", all)
	}
}
