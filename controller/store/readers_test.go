package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// TestReadersKeepStatements: on SQLite a read's statement is prepared
// once and kept; what it reads is what is committed now, not when it was
// prepared; a query SQLite refuses reports its error and is not kept;
// past the bound, reads still run, unkept.
func TestReadersKeepStatements(t *testing.T) {
	ctx := context.Background()
	s := openSQLite(t)
	count := func() int {
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM slogans`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	if _, err := s.CreateSlogan(ctx, ed, "Mừng Đảng, mừng Xuân", "classic"); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != before+1 {
		t.Fatalf("a kept statement read %d slogans after one more was committed, %d before", got, before)
	}
	kept := len(s.r.stmts)
	count()
	if len(s.r.stmts) != kept || kept == 0 {
		t.Fatalf("%d statements kept, then %d after the same read", kept, len(s.r.stmts))
	}
	if _, err := s.r.QueryContext(ctx, `SELECT nothing FROM nowhere`); err == nil {
		t.Fatal("a query on no table ran")
	}
	if len(s.r.stmts) != kept {
		t.Fatal("a refused query was kept")
	}
	s.r.max = kept + 3
	for i := range 10 {
		var n int
		if err := s.r.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d`, i)).Scan(&n); err != nil || n != i {
			t.Fatalf("SELECT %d: %d, %v", i, n, err)
		}
	}
	if len(s.r.stmts) != kept+3 {
		t.Fatalf("%d statements kept, bound %d", len(s.r.stmts), kept+3)
	}
}

// TestKeptReadKeepsItsDeadline: a read whose statement is kept does not
// queue behind another text's preparing, which waits for a connection
// while every reader connection is busy.
func TestKeptReadKeepsItsDeadline(t *testing.T) {
	ctx := context.Background()
	s := openSQLite(t)
	const kept = `SELECT COUNT(*) FROM slogans`
	var n int
	if err := s.r.QueryRowContext(ctx, kept).Scan(&n); err != nil {
		t.Fatal(err)
	}
	// Hold every reader connection.
	var held []*sql.Conn
	for range readerConns {
		c, err := s.r.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	preparing := make(chan struct{})
	go func() {
		defer close(preparing)
		pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		s.r.QueryRowContext(pctx, `SELECT COUNT(*) FROM playlists`).Scan(&n)
	}()
	time.Sleep(100 * time.Millisecond) // the other text is waiting to prepare
	rctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.r.QueryRowContext(rctx, kept).Scan(&n)
	if took := time.Since(start); err == nil || took > 2*time.Second {
		t.Fatalf("a kept read with a 200 ms deadline, every connection held: %v after %v", err, took)
	}
	<-preparing
}
