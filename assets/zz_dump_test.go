package assets

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	out := os.Getenv("DUMP")
	if out == "" {
		t.Skip()
	}
	var lines []string
	for _, f := range []string{"../../shared/testdata/slogans-official.txt", "testdata/slogans-official.txt", "testdata/slogans-extra.txt", "testdata/slogans-2025-2026.txt"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		lines = append(lines, strings.Split(strings.TrimSpace(string(b)), "\n")...)
	}
	r, err := NewRenderer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, s := range lines {
		for _, sz := range []struct{ w, h, sp int }{{1920, 1080, 0}, {1080, 1920, 0}, {384, 128, 60}, {192, 64, 60}} {
			res, err := r.Render(Request{Text: s, Size: Size{W: sz.w, H: sz.h}, ScrollSpeed: sz.sp})
			if err != nil {
				t.Fatal(err)
			}
			l := res.Layout
			fmt.Fprintf(&sb, "%dx%d cap=%.0f scroll=%v pages=%d\n", sz.w, sz.h, l.CapHeight, l.Scroll, l.Pages)
			for _, ln := range l.Lines {
				fmt.Fprintf(&sb, "   | %s\n", ln.Text)
			}
		}
		sb.WriteString("\n")
	}
	os.WriteFile(out, []byte(sb.String()), 0o644)
}
