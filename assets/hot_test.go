package assets

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestHotServesFromMemoryWithinBudget(t *testing.T) {
	s, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a, _ := s.Put(bytes.Repeat([]byte("a"), 600))
	b, _ := s.Put(bytes.Repeat([]byte("b"), 600))
	h := NewHot(s, 1000)
	if got, err := h.Get(a); err != nil || len(got) != 600 {
		t.Fatalf("Get(a) = %d bytes, %v", len(got), err)
	}
	// Held in memory: served even once the file is gone.
	os.Remove(filepath.Join(s.Dir(), a))
	if _, err := h.Get(a); err != nil {
		t.Fatalf("a not held in memory: %v", err)
	}
	// b pushes a out: the budget holds.
	if _, err := h.Get(b); err != nil {
		t.Fatal(err)
	}
	if h.bytes > 1000 || len(h.bySum) != 1 {
		t.Fatalf("%d bytes, %d pictures held", h.bytes, len(h.bySum))
	}
	if _, err := h.Get(a); !errors.Is(err, ErrNotFound) {
		t.Fatalf("evicted and removed picture: %v", err)
	}
	if _, err := h.Get("0000000000000000000000000000000000000000000000000000000000000000"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing picture: %v", err)
	}
}
