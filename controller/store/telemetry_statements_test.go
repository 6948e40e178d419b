package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"codong/playlists"
	"codong/protocol"
)

// countingConnector opens SQLite connections that count the statements
// executed on them (each execution of a prepared statement counts).
type countingConnector struct {
	dsn string
	drv driver.Driver
	n   *atomic.Int64
}

func (c countingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return countingConn{conn, c.n}, nil
}

func (c countingConnector) Driver() driver.Driver { return c.drv }

// countingConn has no ExecContext of its own, so database/sql prepares
// every statement and executes it through countingStmt.
type countingConn struct {
	driver.Conn
	n *atomic.Int64
}

func (c countingConn) Prepare(q string) (driver.Stmt, error) {
	st, err := c.Conn.Prepare(q)
	return countingStmt{st, c.n}, err
}

type countingStmt struct {
	driver.Stmt
	n *atomic.Int64
}

func (s countingStmt) Exec(args []driver.Value) (driver.Result, error) {
	s.n.Add(1)
	return s.Stmt.Exec(args)
}

// Telemetry of many boards is written in a few statements, not one per
// board's status nor one per play record (counted on SQLite).
func TestTelemetryInFewStatements(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "codong.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	batch, check := manyBoardsTelemetry(t, s)
	// The writer pool again, counting.
	var n atomic.Int64
	probe, err := sql.Open("sqlite", "")
	if err != nil {
		t.Fatal(err)
	}
	drv := probe.Driver()
	probe.Close()
	s.w.Close()
	s.w = sql.OpenDB(countingConnector{dsn: "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate", drv: drv, n: &n})
	s.w.SetMaxOpenConns(1)
	if err := s.SaveTelemetry(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if got := n.Load(); got > 30 {
		t.Fatalf("%d statements for %d boards' statuses and their play records", got, len(batch.Seen))
	}
	check()
}

// What the few statements write is what one per row wrote, on both
// engines: each board's status and last sight, each play once (though
// sent twice in the batch), only of pictures sent, with the controller's
// text.
func TestTelemetryOfManyBoards(t *testing.T) {
	s := openTest(t)
	batch, check := manyBoardsTelemetry(t, s)
	if err := s.SaveTelemetry(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	check()
}

// manyBoardsTelemetry makes 300 boards and what they report after a
// switch, and a check of what is stored once it is written.
func manyBoardsTelemetry(t *testing.T, s *Store) (Telemetry, func()) {
	ctx := context.Background()
	const boards, playsEach = 300, 2
	t0 := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	var seen []Seen
	var plays []BoardPlays
	for i := range boards {
		b, err := s.CreateBoard(ctx, ed, Board{Name: fmt.Sprintf("Bảng thôn %d", i+1), Width: 384, Height: 128}, fmt.Sprintf("h%d", i))
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, Seen{Board: b.ID, At: t0, Status: fmt.Appendf(nil, `{"playlist":"default","item_id":%d}`, i)})
		var recs []protocol.Play
		for k := range playsEach {
			start := t0.Add(time.Duration(k*10) * time.Second)
			recs = append(recs, protocol.Play{ID: start.UnixNano(), Playlist: "x", ItemID: 1, Title: "chữ của bảng", Asset: "a1", Start: start, Seconds: 10})
		}
		// A record sent again in the same batch counts once; one of a
		// picture never sent to this size is not kept.
		recs = append(recs, recs[0], protocol.Play{ID: 7, ItemID: 2, Asset: "a2", Start: t0, Seconds: 10})
		plays = append(plays, BoardPlays{Board: b.ID, Records: recs})
	}
	batch := Telemetry{
		Seen:  seen,
		Sent:  []SentItem{{ItemID: 1, Asset: "a1", Width: 384, Height: 128, Playlist: playlists.DefaultSlug, Title: "Mừng Đảng", At: t0}},
		Plays: plays,
	}
	return batch, func() {
		t.Helper()
		for _, i := range []int{0, boards - 1} {
			b, err := s.Board(ctx, Everything, seen[i].Board)
			if err != nil || !b.LastSeenAt.Equal(t0) || string(b.Status) != fmt.Sprintf(`{"playlist":"default","item_id":%d}`, i) {
				t.Fatalf("board %d after telemetry: seen %v status %s, %v", i, b.LastSeenAt, b.Status, err)
			}
		}
		rep, err := s.Report(ctx, ReportFilter{From: t0.Add(-time.Hour), To: t0.Add(time.Hour), Scope: Everything})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, r := range rep.Rows {
			total += r.Plays
			if r.Title != "Mừng Đảng" {
				t.Fatalf("report row %+v: the board's text, not the controller's", r)
			}
		}
		if total != boards*playsEach {
			t.Fatalf("%d plays stored, want %d", total, boards*playsEach)
		}
	}
}
