package assets

import (
	"encoding/json"
	"testing"
)

func TestParseSize(t *testing.T) {
	cases := []struct {
		in   string
		want Size
		ok   bool
	}{
		{"1920x1080", Size{1920, 1080}, true},
		{"1080X1920", Size{1080, 1920}, true},
		{" 192x64 ", Size{192, 64}, true},
		{"16x8192", Size{16, 8192}, true},
		{"15x100", Size{}, false},
		{"8193x100", Size{}, false},
		{"1920*1080", Size{}, false},
		{"x", Size{}, false},
		{"-5x10", Size{}, false},
		{"", Size{}, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseSize(c.in)
			if (err == nil) != c.ok || got != c.want {
				t.Fatalf("ParseSize(%q) = %v, %v", c.in, got, err)
			}
			if c.ok && got.String() != c.want.String() {
				t.Errorf("String() = %q", got.String())
			}
		})
	}
}

func TestSizeJSON(t *testing.T) {
	b, err := json.Marshal(Layout{Size: Size{384, 128}})
	if err != nil {
		t.Fatal(err)
	}
	var back struct{ Size Size }
	if err := json.Unmarshal(b, &back); err != nil || back.Size != (Size{384, 128}) {
		t.Fatalf("round trip of %s: %v %v", b, back, err)
	}
}
