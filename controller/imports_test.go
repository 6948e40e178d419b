package controller

import (
	"bytes"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The controller's packages stand in floors, and imports run downwards
// only (or along a floor):
//
//	controller             the wiring: config, Server, the route table
//	api, console, link     the JSON API, the pages, the boards' side; never each other
//	staff, preview, upload what both of them do, the pictures both show, photos received;
//	demo                   the demo boards (players the root starts)
//	respond, request, auth, netguard, render, wall, report, audit, calendar,
//	diskguard, health, alert, signkey, letterhead, page, review, words
//	store, fleet, telemetry, hub, secret, seed, and everything outside controller/
//
// Nothing imports the root controller package but cmd/ and e2e/.
var floors = map[string]int{
	"codong/controller":         4,
	"codong/controller/api":     3,
	"codong/controller/console": 3,
	"codong/controller/link":    3,
	"codong/controller/staff":   2,
	"codong/controller/preview": 2,
	"codong/controller/upload":  2,
	// Tests' first run: what staff do, for tests of anything else.
	"codong/internal/seedtest":     3,
	"codong/controller/demo":       2,
	"codong/controller/formonce":   2,
	"codong/controller/respond":    1,
	"codong/controller/request":    1,
	"codong/controller/auth":       1,
	"codong/controller/netguard":   1,
	"codong/controller/render":     1,
	"codong/controller/wall":       1,
	"codong/controller/report":     1,
	"codong/controller/audit":      1,
	"codong/controller/calendar":   1,
	"codong/controller/diskguard":  1,
	"codong/controller/health":     1,
	"codong/controller/alert":      1,
	"codong/controller/signkey":    1,
	"codong/controller/letterhead": 1,
	"codong/controller/page":       1,
	"codong/controller/review":     1,
	"codong/controller/words":      1,
}

// floor is a package's floor: the ground (0) unless listed.
func floor(path string) int { return floors[path] }

// mayImportRoot are the only packages that may import codong/controller.
func mayImportRoot(path string) bool {
	return strings.HasPrefix(path, "codong/cmd/") || path == "codong/e2e"
}

// modulePackages lists every package of the module with its imports
// (tests' imports aside: a test may reach wherever it must look).
func modulePackages(t *testing.T) map[string][]string {
	t.Helper()
	pkgs := map[string][]string{}
	err := filepath.WalkDir("..", func(dir string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); dir != ".." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "web") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			if _, none := err.(*build.NoGoError); none {
				return nil
			}
			return err
		}
		rel, err := filepath.Rel("..", dir)
		if err != nil {
			return err
		}
		path := "codong"
		if rel != "." {
			path += "/" + filepath.ToSlash(rel)
		}
		pkgs[path] = pkg.Imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// wrongArrow says why from may not import to, or "" when it may.
func wrongArrow(from, to string) string {
	switch {
	case to == "codong/controller" && !mayImportRoot(from):
		return "only cmd/ and e2e/ import the root controller package"
	case to == "codong/controller" || from == "codong/controller" || mayImportRoot(from):
		return "" // the root wires everything; commands and e2e drive it
	case floor(to) > floor(from):
		return "imports run downwards"
	case floor(to) == floor("codong/controller/api") && floor(from) == floor(to) && to != from:
		return "the API, the pages and the boards' side never import each other"
	}
	return ""
}

// TestImportsRunOneWay fails when an arrow runs the wrong way: upwards
// (a lower package importing api, console or the root), across between
// api and console, or into the root from anywhere but cmd/ and e2e/.
func TestImportsRunOneWay(t *testing.T) {
	pkgs := modulePackages(t)
	if len(pkgs) < 10 || pkgs["codong/controller/store"] == nil {
		t.Fatalf("found %d packages, not the module's: the walk is broken", len(pkgs))
	}
	for path, imports := range pkgs {
		for _, imp := range imports {
			if !strings.HasPrefix(imp, "codong/") {
				continue
			}
			if why := wrongArrow(path, imp); why != "" {
				t.Errorf("%s imports %s: %s", path, imp, why)
			}
		}
	}
}

// TestImportRulesCatchWrongArrows checks the rules on made-up arrows, so
// the test above cannot pass by catching nothing.
func TestImportRulesCatchWrongArrows(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		wrong    bool
	}{
		{"api on respond", "codong/controller/api", "codong/controller/respond", false},
		{"console on wall", "codong/controller/console", "codong/controller/wall", false},
		{"api on staff", "codong/controller/api", "codong/controller/staff", false},
		{"staff on render", "codong/controller/staff", "codong/controller/render", false},
		{"auth on respond", "codong/controller/auth", "codong/controller/respond", false},
		{"render on store", "codong/controller/render", "codong/controller/store", false},
		{"root on api", "codong/controller", "codong/controller/api", false},
		{"cmd on root", "codong/cmd/codong", "codong/controller", false},
		{"api on console", "codong/controller/api", "codong/controller/console", true},
		{"console on api", "codong/controller/console", "codong/controller/api", true},
		{"link on console", "codong/controller/link", "codong/controller/console", true},
		{"wall on api", "codong/controller/wall", "codong/controller/api", true},
		{"store on auth", "codong/controller/store", "codong/controller/auth", true},
		{"staff on console", "codong/controller/staff", "codong/controller/console", true},
		{"render on staff", "codong/controller/render", "codong/controller/staff", true},
		{"render on root", "codong/controller/render", "codong/controller", true},
		{"player on root", "codong/player", "codong/controller", true},
		{"health on diskguard", "codong/controller/health", "codong/controller/diskguard", false},
		{"diskguard on upload", "codong/controller/diskguard", "codong/controller/upload", true},
		{"demo on staff", "codong/controller/demo", "codong/controller/staff", false},
		{"staff on demo", "codong/controller/staff", "codong/controller/demo", false},
		{"letterhead on console", "codong/controller/letterhead", "codong/controller/console", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if wrong := wrongArrow(tc.from, tc.to) != ""; wrong != tc.wrong {
				t.Errorf("%s → %s judged wrong=%v, want %v", tc.from, tc.to, wrong, tc.wrong)
			}
		})
	}
}

// Package sizes the layout keeps: the root only wires, and no package
// of the controller but the store grows into a second root.
const (
	maxRootLines    = 1000
	maxPackageLines = 3000
)

// goLines counts the lines of a folder's Go files, tests aside.
func goLines(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		n += bytes.Count(data, []byte("\n"))
	}
	return n
}

// TestPackagesStaySmall fails when the root package grows past wiring or
// another package of the controller past one job's size.
func TestPackagesStaySmall(t *testing.T) {
	if n := goLines(t, "."); n > maxRootLines {
		t.Errorf("the root controller package has %d lines of Go, at most %d: move what is not wiring into the package whose job it is", n, maxRootLines)
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "store" {
			continue
		}
		n := goLines(t, e.Name())
		seen += n
		if n > maxPackageLines {
			t.Errorf("controller/%s has %d lines of Go, at most %d: split it by job", e.Name(), n, maxPackageLines)
		}
	}
	if seen < 5000 {
		t.Fatalf("counted %d lines in the controller's packages: the walk is broken", seen)
	}
}
