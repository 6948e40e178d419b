package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/playlists"
	"codong/protocol"
)

func TestSaveTelemetry(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, _ := s.CreateBoard(ctx, ed, Board{Name: "Bảng LED chợ", Width: 384, Height: 128}, "h1")
	b, _ := s.CreateBoard(ctx, ed, Board{Name: "Màn hình hội trường", Width: 1920, Height: 1080}, "h2")
	t0 := time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)
	play := func(id int64) protocol.Play {
		return protocol.Play{ID: id, Playlist: playlists.DefaultSlug, ItemID: 1, Title: "Mừng Đảng", Start: t0.Add(time.Duration(id) * time.Second), Seconds: 10}
	}
	err := s.SaveTelemetry(ctx, Telemetry{
		Seen:  []Seen{{Board: a.ID, At: t0, Status: []byte(`{"playlist":"default"}`)}, {Board: b.ID, At: t0}},
		Sent:  []SentItem{{ItemID: 1, Width: 384, Height: 128, Playlist: playlists.DefaultSlug, Title: "Mừng Đảng", At: t0}},
		Plays: []BoardPlays{{Board: a.ID, Records: []protocol.Play{play(1), play(2)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A later batch with no status keeps the stored one; a record sent
	// again counts once; plays of a removed board are dropped.
	s.DeleteBoard(ctx, ed, b.ID)
	err = s.SaveTelemetry(ctx, Telemetry{
		Seen:  []Seen{{Board: a.ID, At: t0.Add(time.Minute)}},
		Plays: []BoardPlays{{Board: a.ID, Records: []protocol.Play{play(2), play(3)}}, {Board: b.ID, Records: []protocol.Play{play(4)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Board(ctx, Everything, a.ID)
	if !got.LastSeenAt.Equal(t0.Add(time.Minute)) || string(got.Status) != `{"playlist":"default"}` {
		t.Fatalf("board after telemetry: seen %v status %s", got.LastSeenAt, got.Status)
	}
	rep, _ := s.Report(ctx, ReportFilter{From: t0, To: t0.Add(time.Hour), Scope: Everything})
	if rows := rep.Rows; len(rows) != 1 || rows[0].Plays != 3 || rows[0].Board != "Bảng LED chợ" {
		t.Fatalf("report %+v", rep)
	}
}

func TestDesiredIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng Đại hội")
	power := []playlists.PowerWindow{{Start: "22:00", End: "05:00", Brightness: 0}}
	cho, err := s.CreateGroup(ctx, ed, "Chợ trung tâm")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.CreateBoard(ctx, ed, Board{Name: "Bảng LED chợ", Width: 384, Height: 128, Groups: []string{cho.Slug}}, "h1")
	s.UpdateBoard(ctx, ed, b.ID, b.Version, BoardChange{Groups: &[]string{cho.Slug}, Power: &power})
	d, err := s.Desired(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := s.Revision(ctx)
	if d.Revision != rev || len(d.Playlists) != 1 || len(d.Boards) != 1 {
		t.Fatalf("desired %+v (revision now %d)", d, rev)
	}
	got := d.Boards[0]
	if got.ID != b.ID || got.Board.ID != b.ID || got.TokenHash != "h1" || len(got.Groups) != 1 || got.Groups[0] != "cho-trung-tam" || len(got.Power) != 1 {
		t.Fatalf("target %+v", got)
	}
	if tb, err := s.TargetByToken(ctx, "h1"); err != nil || tb.ID != b.ID {
		t.Fatalf("by token: %+v %v", tb, err)
	}
	// The token hash never leaves in JSON.
	data, _ := json.Marshal(got)
	if strings.Contains(string(data), "h1") {
		t.Fatalf("target JSON carries the token hash: %s", data)
	}
}

// Many writers at once queue on the one writer connection instead of
// failing with "database is locked", and readers run beside them.
func TestConcurrentWritersNeverFail(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 100 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := s.CreateSlogan(ctx, ed, fmt.Sprintf("Khẩu hiệu %d", i), "classic")
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := s.Slogans(ctx, Everything)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	wantW, wantR := writers, readerConns
	if s.pg {
		wantW, wantR = pgWriters+1, pgReaders
	}
	if st := s.w.Stats(); st.MaxOpenConnections != wantW || st.OpenConnections > wantW {
		t.Fatalf("writer pool %+v", st)
	}
	if st := s.r.Stats(); st.OpenConnections > wantR {
		t.Fatalf("reader pool %+v", st)
	}
}
