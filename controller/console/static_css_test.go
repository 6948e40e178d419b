package console

import (
	"io/fs"
	"strings"
	"testing"
)

// TestStylesheetIsBalanced: a brace lost in the stylesheet (easily done
// when two changes meet) silently swallows every rule after it into the
// wrong media query; no browser reports it.
func TestStylesheetIsBalanced(t *testing.T) {
	data, err := fs.ReadFile(StaticFS(), "style.css")
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "@media") && depth != 0 {
			t.Errorf("style.css:%d: a media query opens inside another block (depth %d): a brace is missing above", i+1, depth)
		}
		depth += strings.Count(line, "{") - strings.Count(line, "}")
		if depth < 0 {
			t.Fatalf("style.css:%d: more braces closed than opened", i+1)
		}
	}
	if depth != 0 {
		t.Fatalf("style.css ends with %d blocks open", depth)
	}
}
