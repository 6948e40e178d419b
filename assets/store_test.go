package assets

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestStorePutGet(t *testing.T) {
	s, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("ảnh khẩu hiệu")
	sum, err := s.Put(data)
	if err != nil || sum != Sum(data) {
		t.Fatalf("Put = %s, %v", sum, err)
	}
	got, err := s.Get(sum)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if _, err := s.Get(Sum([]byte("khác"))); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get missing = %v, want ErrNotFound", err)
	}
}

func TestStoreRefusesDamagedFile(t *testing.T) {
	s, _ := OpenStore(t.TempDir())
	sum, _ := s.Put([]byte("đúng"))
	os.WriteFile(filepath.Join(s.Dir(), sum), []byte("sai"), 0o644)
	if _, err := s.Get(sum); !errors.Is(err, ErrHashMismatch) {
		t.Fatalf("Get damaged = %v, want ErrHashMismatch", err)
	}
}

func TestStorePutStream(t *testing.T) {
	data := []byte("nội dung tải về")
	tests := []struct {
		name  string
		sum   string
		limit int64
		want  error
	}{
		{"verified", Sum(data), 1 << 20, nil},
		{"tampered", Sum([]byte("khác")), 1 << 20, ErrHashMismatch},
		{"too large", Sum(data), 4, nil},
		{"bad name", "../../etc/passwd", 1 << 20, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := OpenStore(t.TempDir())
			err := s.PutStream(tc.sum, bytes.NewReader(data), tc.limit)
			switch {
			case tc.name == "verified":
				if err != nil || !s.Has(tc.sum) {
					t.Fatalf("PutStream = %v, has=%v", err, s.Has(tc.sum))
				}
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("PutStream = %v, want %v", err, tc.want)
			case err == nil:
				t.Fatal("PutStream accepted bad content")
			}
			if tc.name != "verified" && s.Has(tc.sum) {
				t.Fatal("refused content was kept")
			}
			entries, _ := os.ReadDir(s.Dir())
			for _, e := range entries {
				if tc.name != "verified" {
					t.Errorf("leftover file %s", e.Name())
				}
			}
		})
	}
}

func TestStorePrune(t *testing.T) {
	s, _ := OpenStore(t.TempDir())
	keep, _ := s.Put([]byte("giữ"))
	drop, _ := s.Put([]byte("bỏ"))
	os.WriteFile(filepath.Join(s.Dir(), ".x.tmp-1"), []byte("dở"), 0o644)
	n, err := s.Prune(map[string]bool{keep: true})
	if err != nil || n != 2 {
		t.Fatalf("Prune = %d, %v; want 2", n, err)
	}
	if !s.Has(keep) || s.Has(drop) {
		t.Fatal("prune kept the wrong files")
	}
}
