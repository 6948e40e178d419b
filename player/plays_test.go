package player

import (
	"os"
	"testing"
	"time"

	"codong/protocol"
)

func TestJournal(t *testing.T) {
	dir := t.TempDir()
	j := openJournal(dir)
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	for i := range 5 {
		start := t0.Add(time.Duration(i) * 10 * time.Second)
		if err := j.append(protocol.Play{ID: start.UnixNano(), Playlist: "default", ItemID: int64(i + 1), Start: start, Seconds: 10}); err != nil {
			t.Fatal(err)
		}
	}
	// A power cut in the middle of a write leaves half a line.
	f, _ := os.OpenFile(j.path, os.O_APPEND|os.O_WRONLY, 0o600)
	f.WriteString(`{"id":99,"playl`)
	f.Close()

	got, err := j.pending(3)
	if err != nil || len(got) != 3 || got[0].ItemID != 1 {
		t.Fatalf("pending(3) = %+v, %v", got, err)
	}
	if err := j.confirm(map[int64]bool{got[0].ID: true, got[1].ID: true, got[2].ID: true}); err != nil {
		t.Fatal(err)
	}
	rest, _ := j.pending(100)
	if len(rest) != 2 || rest[0].ItemID != 4 {
		t.Fatalf("after confirming 3: %+v", rest)
	}
	// Reopening (a restart) sees the same records.
	rest, _ = openJournal(dir).pending(100)
	if len(rest) != 2 {
		t.Fatalf("after reopen: %+v", rest)
	}
}
