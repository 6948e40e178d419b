package store

import (
	"context"
	"fmt"
	"testing"
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
