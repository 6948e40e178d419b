package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"codong/protocol"
)

// TestRolloutReachesItsTargetFirst: a release rolled out to a hamlet's
// group reaches the hamlet's board and not the hall's; one rolled out to
// everyone later reaches both; rolling the first out again (going back)
// wins over it, as the newest rollout does; each platform is offered
// its own build.
func TestRolloutReachesItsTargetFirst(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	hamlet, err := s.CreateGroup(ctx, ed, "Thôn Pả Pẻn")
	if err != nil {
		t.Fatal(err)
	}
	hb, err := s.CreateBoard(ctx, ed, Board{Name: "Bảng thôn", Width: 384, Height: 128, Groups: []string{hamlet.Slug}}, "h1")
	if err != nil {
		t.Fatal(err)
	}
	hall, err := s.CreateBoard(ctx, ed, Board{Name: "Hội trường", Width: 1920, Height: 1080}, "h2")
	if err != nil {
		t.Fatal(err)
	}
	add := func(platform, version, sum string) protocol.Release {
		r, err := s.AddRelease(ctx, ed, protocol.Release{Platform: platform, Version: version, SHA256: strings.Repeat(sum, 64), Size: 10, Signature: "c2ln"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	v1, v2, arm := add("linux/amd64", "1", "a"), add("linux/amd64", "2", "b"), add("linux/arm64", "2", "b")
	if _, err := s.AddRelease(ctx, ed, protocol.Release{Platform: "linux/amd64", Version: "1 lại", SHA256: strings.Repeat("a", 64), Size: 10}); !errors.Is(err, ErrReleaseExists) {
		t.Fatalf("the same build twice: %v", err)
	}
	offer := func(board int64, platform string) int64 {
		t.Helper()
		r, err := s.OfferFor(ctx, board, platform)
		if errors.Is(err, ErrNotFound) {
			return 0
		}
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	if offer(hb.ID, "linux/amd64") != 0 {
		t.Fatal("a release nobody rolled out is offered")
	}
	if _, err := s.RollOut(ctx, ed, v2.ID, Rollout{Group: hamlet.Slug}); err != nil {
		t.Fatal(err)
	}
	if got, hallGot := offer(hb.ID, "linux/amd64"), offer(hall.ID, "linux/amd64"); got != v2.ID || hallGot != 0 {
		t.Fatalf("after the hamlet's rollout: hamlet offered %d, hall %d", got, hallGot)
	}
	if _, err := s.RollOut(ctx, ed, arm.ID, Rollout{}); err != nil {
		t.Fatal(err)
	}
	if got := offer(hall.ID, "linux/arm64"); got != arm.ID {
		t.Fatalf("everyone's arm64 rollout offers %d", got)
	}
	if got := offer(hall.ID, "linux/amd64"); got != 0 {
		t.Fatalf("an arm64 rollout offers amd64 boards %d", got)
	}
	back, err := s.RollOut(ctx, ed, v1.ID, Rollout{Board: hb.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.OfferFor(ctx, hb.ID, "linux/amd64"); err != nil || got.ID != v1.ID || got.Rollout != back.ID {
		t.Fatalf("going back on one board: offered %+v %v, want release %d of rollout %d", got, err, v1.ID, back.ID)
	}
	if _, err := s.RollOut(ctx, ed, v1.ID, Rollout{Group: hamlet.Slug, Board: hb.ID}); err == nil {
		t.Fatal("a rollout to a group and a board at once")
	}
	if _, err := s.RollOut(ctx, ed, v1.ID, Rollout{Group: "khong-co"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a rollout to no group: %v", err)
	}
	if _, err := s.RollOut(ctx, ed, 999, Rollout{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a rollout of no release: %v", err)
	}
	if _, err := s.RollOut(ctx, ed, v1.ID, Rollout{Unit: "khong-co"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a rollout to no unit: %v", err)
	}
	rs, err := s.Releases(ctx)
	if err != nil || len(rs) != 3 || len(rs[2].Rollouts) != 1 || rs[2].Rollouts[0].Board != hb.ID {
		t.Fatalf("releases: %+v %v", rs, err)
	}
	report := protocol.UpdateReport{Release: v2.ID, From: "1", To: "2", Outcome: protocol.UpdateRolledBack, Reason: "thoát với mã 3"}
	if err := s.RecordUpdate(ctx, Target{ID: hb.ID}, report); err != nil {
		t.Fatal(err)
	}
	report.Outcome = protocol.UpdateTaken
	if err := s.RecordUpdate(ctx, Target{ID: hb.ID}, report); err != nil {
		t.Fatal(err)
	}
	// The same report again adds nothing to the audit log.
	before := auditCount(t, s)
	if err := s.RecordUpdate(ctx, Target{ID: hb.ID}, report); err != nil {
		t.Fatal(err)
	}
	if auditCount(t, s) != before {
		t.Error("the same report twice is audited twice")
	}
	ups, err := s.BoardUpdates(ctx)
	if err != nil || len(ups) != 1 || ups[hb.ID].Outcome != protocol.UpdateTaken {
		t.Fatalf("board updates: %+v %v", ups, err)
	}
}

func auditCount(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.r.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRolloutToAUnitReachesTheUnitsUnder: a release rolled out to a
// commune reaches a board of a hamlet under it, not a board of the
// commune next door.
func TestRolloutToAUnitReachesTheUnitsUnder(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	commune, err := s.AddUnit(ctx, ed, "Xã Liên Minh", RootUnitSlug)
	if err != nil {
		t.Fatal(err)
	}
	hamlet, err := s.AddUnit(ctx, ed, "Thôn Pả Pẻn", commune.Slug)
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.AddUnit(ctx, ed, "Xã Bên Cạnh", RootUnitSlug)
	if err != nil {
		t.Fatal(err)
	}
	inHamlet, err := s.CreateBoard(ctx, ed, Board{Name: "Bảng thôn", Width: 384, Height: 128, Unit: hamlet.Slug}, "h1")
	if err != nil {
		t.Fatal(err)
	}
	nextDoor, err := s.CreateBoard(ctx, ed, Board{Name: "Bảng xã bên", Width: 384, Height: 128, Unit: other.Slug}, "h2")
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.AddRelease(ctx, ed, protocol.Release{Platform: "linux/arm64", Version: "2", SHA256: strings.Repeat("c", 64), Size: 10, Signature: "c2ln"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RollOut(ctx, ed, r.ID, Rollout{Unit: commune.Slug}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.OfferFor(ctx, inHamlet.ID, "linux/arm64"); err != nil || got.ID != r.ID {
		t.Fatalf("the hamlet's board under the commune is offered %+v %v", got, err)
	}
	if _, err := s.OfferFor(ctx, nextDoor.ID, "linux/arm64"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the next commune's board is offered the release: %v", err)
	}
	if rs, _ := s.Releases(ctx); len(rs) != 1 || rs[0].Rollouts[0].Unit != commune.Slug {
		t.Fatalf("releases: %+v", rs)
	}
}
