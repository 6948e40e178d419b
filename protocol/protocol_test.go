package protocol

import (
	"encoding/json"
	"testing"

	"codong/playlists"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"ack", `{"type":"ack","v":1,"ack":{"revision":3}}`, true},
		{"status", `{"type":"status","v":1,"status":{"playlist":"default"}}`, true},
		{"manifest", `{"type":"manifest","v":1,"manifest":{"revision":1}}`, true},
		{"error", `{"type":"error","v":1,"error":{"code":"x","message":"y"}}`, true},
		{"wrong version", `{"type":"ack","v":2,"ack":{"revision":3}}`, false},
		{"missing payload", `{"type":"ack","v":1}`, false},
		{"unknown type", `{"type":"hello","v":1}`, false},
		{"not json", `{"type":`, false},
		{"empty", ``, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("Decode(%q) = %v, want ok=%v", tc.in, err, tc.ok)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	m := NewManifest(&playlists.Manifest{Revision: 7, Default: playlists.DefaultSlug})
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil || got.Manifest.Revision != 7 {
		t.Fatalf("round trip: %v, %+v", err, got)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"type":"ack","v":1,"ack":{"revision":3}}`))
	f.Add([]byte(`{"type":"manifest","v":1,"manifest":{"playlists":[{"slug":"default","items":[{"seconds":5}]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data)
		if err == nil && m.Manifest != nil {
			_ = m.Manifest.Validate()
		}
	})
}
