package fleet

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"codong/protocol"
)

// careAsked waits for the n-th care request sent to a board.
func careAsked(t *testing.T, rg *rig, id int64, n int) *protocol.CareRequest {
	t.Helper()
	rg.waitFor(t, "care request sent", func() bool { return len(rg.links.of(id, protocol.TypeCareRequest)) >= n })
	return rg.links.of(id, protocol.TypeCareRequest)[n-1].CareRequest
}

// A board answers only the care request open on its link, for the
// action asked; anything else is refused and flags it. A board of an
// older player is not asked, and says which version it runs; a board
// has at most maxCareOpen requests open.
func TestCareAnswersOnlyWhatWasAsked(t *testing.T) {
	rg, _, _ := newGuardRig(t)
	rg.connect(1)
	if r := rg.f.CareAnswered(1, rg.linkOf(1), &protocol.Care{ID: 99, Action: protocol.CareLogs}, []byte("x\n")); r == nil || r.Code != "unexpected_care" {
		t.Fatalf("an answer nobody asked for: %+v", r)
	}
	flagOf(t, rg, 1, "unexpected_care")

	type result struct {
		ans CareAnswer
		err error
	}
	got := make(chan result, 1)
	go func() {
		ans, err := rg.f.Care(context.Background(), 1, protocol.CareLogs)
		got <- result{ans, err}
	}()
	req := careAsked(t, rg, 1, 1)
	if req.Action != protocol.CareLogs {
		t.Fatalf("asked %+v", req)
	}
	if r := rg.f.CareAnswered(1, rg.linkOf(1), &protocol.Care{ID: req.ID, Action: protocol.CareScreenshot}, nil); r == nil {
		t.Fatal("an answer of another action was taken")
	}
	if r := rg.f.CareAnswered(1, rg.linkOf(1)+7, &protocol.Care{ID: req.ID, Action: protocol.CareLogs}, nil); r == nil {
		t.Fatal("an answer on another link was taken")
	}
	buf := []byte("đã kết nối tới máy chủ điều khiển\n")
	if r := rg.f.CareAnswered(1, rg.linkOf(1), &protocol.Care{ID: req.ID, Action: protocol.CareLogs}, buf); r != nil {
		t.Fatalf("the answer asked for was refused: %+v", r)
	}
	copy(buf, "xxxx") // the hub's read buffer, reused
	res := <-got
	if res.err != nil || !bytes.HasPrefix(res.ans.Raw, []byte("đã kết nối")) {
		t.Fatalf("Care gave %q, %v", res.ans.Raw, res.err)
	}

	rg.link++
	rg.f.Connected(2, rg.link, "192.0.2.1", "2.5")
	rg.f.Status(2, rg.link, &protocol.Status{Playlist: "default", Version: "1.5.2"})
	var old *TooOldError
	if _, err := rg.f.Care(context.Background(), 2, protocol.CareRestart); !errors.As(err, &old) || old.Version != "1.5.2" {
		t.Fatalf("a player of 2.5: %v", err)
	}
	if len(rg.links.of(2, protocol.TypeCareRequest)) != 0 {
		t.Fatal("a player of 2.5 was sent a care request")
	}
	if _, err := rg.f.Care(context.Background(), 3, protocol.CareLogs); !errors.Is(err, ErrBoardOffline) {
		t.Fatalf("a board not linked: %v", err)
	}

	rg.connect(4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range maxCareOpen {
		go rg.f.Care(ctx, 4, protocol.CareDiagnostics)
	}
	careAsked(t, rg, 4, maxCareOpen)
	if _, err := rg.f.Care(ctx, 4, protocol.CareDiagnostics); !errors.Is(err, ErrCareBusy) {
		t.Fatalf("a request past %d open: %v", maxCareOpen, err)
	}
}
