package player

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"codong/protocol"
)

// The ring keeps the last 500 lines a player logs, each cut to 1 KiB on
// a character boundary, oldest first, in a form the controller accepts;
// the player's own log still gets every record.
func TestLogRingKeepsTheLastLines(t *testing.T) {
	var console bytes.Buffer
	ring := &logRing{}
	log := withRing(slog.New(slog.NewTextHandler(&console, &slog.HandlerOptions{Level: slog.LevelDebug})), ring)
	log.Debug("chỉ ở bảng điều khiển")
	for i := range 700 {
		log.Info("đã nhận bản kê mới", "revision", i)
	}
	log.With("board", 7).Warn(strings.Repeat("Mừng Đảng, mừng Xuân ", 100))
	got := ring.text()
	if err := protocol.CheckLogLines(got); err != nil {
		t.Fatalf("the ring's text is refused: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
	if len(lines) != protocol.MaxCareLogLines {
		t.Fatalf("%d lines kept, want %d", len(lines), protocol.MaxCareLogLines)
	}
	if !strings.Contains(lines[0], "revision=201") || !strings.Contains(lines[498], "revision=699") {
		t.Fatalf("kept lines %q … %q, want revisions 201 to 699", lines[0], lines[498])
	}
	last := lines[499]
	if len(last) > protocol.MaxCareLogLineBytes || !strings.HasPrefix(last, "time=") || !strings.Contains(last, "Mừng Đảng") {
		t.Fatalf("long line kept as %d bytes: %.80q", len(last), last)
	}
	if strings.Contains(string(got), "chỉ ở bảng điều khiển") {
		t.Fatal("a debug record reached the ring")
	}
	if n := strings.Count(console.String(), "\n"); n != 702 {
		t.Fatalf("the console got %d records, want 702", n)
	}
}

// A record holding a newline stays one line; invalid bytes do not make
// the text invalid; fewer lines than the ring holds come out in order.
func TestLogRingLines(t *testing.T) {
	ring := &logRing{}
	fmt.Fprint(ring, "một\nhai\n")
	fmt.Fprint(ring, "ba \xff\n")
	if got, want := string(ring.text()), "một\nhai\nba ?\n"; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
	empty := &logRing{}
	if got := empty.text(); len(got) != 0 {
		t.Fatalf("an empty ring gives %q", got)
	}
}
