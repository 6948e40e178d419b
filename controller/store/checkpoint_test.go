package store

import (
	"context"
	"testing"
)

// The writer checkpoints the write-ahead log only every
// walCheckpointPages pages, not at SQLite's default of 1,000: telemetry
// rewrites every board's row on each switch, and copying the log back
// two or three times per switch was half the cost of storing it.
func TestWriterCheckpointsRarely(t *testing.T) {
	s := openSQLite(t)
	var pages int
	if err := s.w.QueryRowContext(context.Background(), `PRAGMA wal_autocheckpoint`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if pages != walCheckpointPages {
		t.Errorf("the writer checkpoints every %d pages, want %d", pages, walCheckpointPages)
	}
}
