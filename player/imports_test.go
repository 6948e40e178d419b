package player

import (
	"go/build"
	"strings"
	"testing"
)

// TestPlayerNeverImportsController enforces the house rule: the player
// shares playlists and protocol with the controller, never its code, so
// a board keeps working whatever the controller's internals become.
func TestPlayerNeverImportsController(t *testing.T) {
	for _, root := range []string{"codong/player", "codong/player/display/pngfile", "codong/cmd/codong-player"} {
		seen := map[string]bool{}
		var walk func(path string, chain []string)
		walk = func(path string, chain []string) {
			if seen[path] {
				return
			}
			seen[path] = true
			if path == "codong/controller" || strings.HasPrefix(path, "codong/controller/") {
				t.Errorf("%s imports %s via %s", root, path, strings.Join(chain, " → "))
				return
			}
			pkg, err := build.Import(path, ".", 0)
			if err != nil {
				t.Fatalf("import %s: %v", path, err)
			}
			for _, imp := range pkg.Imports {
				if strings.HasPrefix(imp, "codong/") {
					walk(imp, append(chain, imp))
				}
			}
		}
		walk(root, []string{root})
		if len(seen) < 2 {
			t.Fatalf("%s: found no imports at all; the walk is broken", root)
		}
	}
}
