package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"codong/controller/respond"
	"codong/protocol"
)

// TestPlayerReleaseCommands: player-release add signs and records a
// build and prints its number; a platform outside the four, a build for
// another platform than named, a build whose version cannot be read
// without --version, one too large and the same build twice are each
// refused in Vietnamese; player-release list shows what is stored.
func TestPlayerReleaseCommands(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCLI(t, "", "board", "add", "--data", data, "--name", "Bảng chợ", "--size", "384x128"); err != nil {
		t.Fatal(err)
	}
	here := runtime.GOOS + "/" + runtime.GOARCH
	other := "windows/amd64"
	if here == other {
		other = "linux/amd64"
	}
	build := filepath.Join(t.TempDir(), "codong-player")
	os.WriteFile(build, []byte("#!/bin/sh\necho 1.0\n"), 0o755)
	huge := filepath.Join(t.TempDir(), "huge")
	f, _ := os.Create(huge)
	f.Truncate(protocol.MaxReleaseBytes + 1)
	f.Close()
	self, _ := os.Executable() // a Go build, of another program than the player

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown platform", []string{"--platform", "plan9/386", build}, "không được hỗ trợ"},
		{"no platform", []string{build}, "thiếu --platform"},
		{"no file", []string{"--platform", "linux/arm64"}, "thiếu tệp"},
		{"built for another platform", []string{"--platform", other, "--version", "1.0", self}, "được dịch cho " + here},
		{"no version to read", []string{"--platform", here, self}, "--version"},
		{"too large", []string{"--platform", "linux/arm64", "--version", "1.0", huge}, "lớn quá 64 MiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runCLI(t, "", append([]string{"player-release", "add", "--data", data}, c.args...)...)
			if err == nil || !strings.Contains(respond.Explain(err), c.want) {
				t.Fatalf("got %v, want an error saying %q", err, c.want)
			}
		})
	}
	out, errs, err := runCLI(t, "", "player-release", "add", "--data", data, "--platform", "linux/armv7", "--version", "1.0", build)
	if err != nil || out != "1\n" || !strings.Contains(errs, "đã ký") {
		t.Fatalf("player-release add: %q %q %v", out, errs, err)
	}
	// The same build again (on a second controller's data folder, say):
	// its file is copied, nothing recorded twice.
	os.Remove(filepath.Join(data, "player-releases", "cbcc1858c692054d839e531ad9c996050bf7bac7f87044ddf8a4c1f6e0a82f70"))
	if out, errs, err := runCLI(t, "", "player-release", "add", "--data", data, "--platform", "linux/armv7", "--version", "1.0", build); err != nil || out != "1\n" || !strings.Contains(errs, "đã có") {
		t.Fatalf("the same build twice: %q %q %v", out, errs, err)
	}
	if _, err := os.Stat(filepath.Join(data, "player-releases", "cbcc1858c692054d839e531ad9c996050bf7bac7f87044ddf8a4c1f6e0a82f70")); err != nil {
		t.Fatalf("the file of a known build is not in the data folder: %v", err)
	}
	out, _, err = runCLI(t, "", "player-release", "list", "--data", data)
	if err != nil || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "1\tlinux/armv7\t1.0\t") || !strings.Contains(out, "chưa phát hành") {
		t.Fatalf("player-release list: %q %v", out, err)
	}
}
