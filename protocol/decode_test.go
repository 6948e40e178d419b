package protocol

import (
	"strings"
	"testing"
)

// TestDecodeStrict: a frame is one JSON object and one payload; what is
// refused as JSON is refused by the fast paths too. Unknown fields are
// accepted, so a newer peer may add some.
func TestDecodeStrict(t *testing.T) {
	const ack = `{"type":"ack","v":2,"ack":{"revision":3}}`
	const status = `{"type":"status","v":2,"status":{"playlist":"x","thumbnail":"QUJD"}}`
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"an ack", ack, true},
		{"a newline after it, as WriteJSON writes", ack + "\n", true},
		{"another object after it", ack + `{"type":"ack","v":2,"ack":{"revision":4}}`, false},
		{"garbage after it", ack + " x", false},
		{"a status with a thumbnail", status, true},
		{"data after a status with a thumbnail", status + ` "QUJD"}}`, false},
		{"a line break inside the thumbnail", strings.Replace(status, "QU", "QU\n", 1), false},
		{"an ack carrying a status too", `{"type":"ack","v":2,"ack":{"revision":3},"status":{"playlist":"` + strings.Repeat("x", 100) + `"}}`, false},
		{"a status carrying an error too", `{"type":"status","v":2,"status":{},"error":{"code":"x"}}`, false},
		{"a payload set to null", `{"type":"ack","v":2,"ack":{"revision":3},"status":null}`, true},
		{"an unknown field", `{"type":"ack","v":2,"ack":{"revision":3,"applied_at":"later"},"hello":1}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode([]byte(tc.in)); (err == nil) != tc.ok {
				t.Fatalf("Decode(%q) = %v, want ok=%v", tc.in, err, tc.ok)
			}
		})
	}
}

func TestDecodePairRequest(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"a board", `{"width":384,"height":128,"version":"1.4.0"}`, true},
		{"the smallest and largest sides", `{"width":16,"height":8192}`, true},
		{"too narrow", `{"width":15,"height":128}`, false},
		{"too tall", `{"width":384,"height":8193}`, false},
		{"no size", `{"version":"dev"}`, false},
		{"version too long", `{"width":384,"height":128,"version":"` + strings.Repeat("v", 65) + `"}`, false},
		{"another object after it", `{"width":384,"height":128}{"width":1}`, false},
		{"an unknown field", `{"width":384,"height":128,"model":"Pi 5"}`, true},
		{"too large", `{"width":384,"height":128,"x":"` + strings.Repeat(" ", MaxPairRequestBytes) + `"}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := DecodePairRequest([]byte(tc.in)); (err == nil) != tc.ok {
				t.Fatalf("DecodePairRequest(%q) = %v, want ok=%v", tc.in, err, tc.ok)
			}
		})
	}
}
