package assets

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated test data: golden PNGs in testdata/golden, words/keys.txt")

// TestGolden pins the exact bytes of every official slogan on every test
// board. Look at the PNGs after `go test ./assets -update`.
func TestGolden(t *testing.T) {
	for i, text := range officialSlogans(t) {
		for _, size := range testSizes {
			name := fmt.Sprintf("%02d-%s", i+1, size)
			t.Run(name, func(t *testing.T) {
				out := render(t, Request{Text: text, Size: size, ScrollSpeed: goldenSpeed(size)})
				path := filepath.Join("testdata", "golden", name+".png")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, out.PNG, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./assets -update)", err)
				}
				if !bytes.Equal(out.PNG, want) {
					t.Errorf("%s differs from the golden file; lines now: %q", path, lineTexts(out.Layout))
				}
			})
		}
	}
}

// goldenSpeed is the scroll speed a test board runs at: low boards at
// 60 px/s, as issue 25 measured them, so that their goldens show the
// pages a real board gets; screens at none.
func goldenSpeed(size Size) int {
	if lowBoard(size) {
		return 60
	}
	return 0
}

func lineTexts(l Layout) []string {
	out := make([]string, len(l.Lines))
	for i, line := range l.Lines {
		out[i] = line.Text
	}
	return out
}
