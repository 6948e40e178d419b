//go:build unix

package player

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReplaceExecutable: the new build takes the executable's name in
// one rename and the old one stays beside it; when the new build is
// not there, the executable is left as it was.
func TestReplaceExecutable(t *testing.T) {
	dir := t.TempDir()
	exe, next := filepath.Join(dir, "codong-player"), filepath.Join(dir, "codong-player.new")
	os.WriteFile(exe, []byte("bản A"), 0o755)
	os.WriteFile(next, []byte("bản B"), 0o755)
	if err := replaceExecutable(exe, next); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{exe: "bản B", exe + OldSuffix: "bản A"} {
		if got, _ := os.ReadFile(path); string(got) != want {
			t.Errorf("%s holds %q, want %q", filepath.Base(path), got, want)
		}
	}
	if _, err := os.Stat(next); !os.IsNotExist(err) {
		t.Errorf("the new build is still beside: %v", err)
	}
	if fi, _ := os.Stat(exe); fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("the executable lost its mode: %v", fi.Mode())
	}
	if err := replaceExecutable(exe, next); err == nil {
		t.Fatal("replaced by a build that is not there")
	}
	if got, _ := os.ReadFile(exe); string(got) != "bản B" {
		t.Errorf("a failed replace left %q", got)
	}
}

// TestTrialOfABuild: a build on trial passes only by writing its
// version once linked; one that exits, hangs or says another version
// fails, with the reason the controller is told.
func TestTrialOfABuild(t *testing.T) {
	// Each build is given a trial long enough to start a shell on a
	// loaded machine, but for the one that hangs.
	cases := map[string]struct {
		script, want string
		trial        time.Duration
	}{
		"linked":        {`printf 2.0 > "$` + TrialEnv + `"`, "", time.Minute},
		"exits":         {"exit 3", "thoát với mã 3", time.Minute},
		"hangs":         {"exec sleep 30", "không kết nối được", 300 * time.Millisecond},
		"other version": {`printf 9.9 > "$` + TrialEnv + `"`, "tự báo phiên bản", time.Minute},
		"stops quietly": {"exit 0", "dừng trước khi kết nối", time.Minute},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			build := filepath.Join(dir, "codong-player.new")
			os.WriteFile(build, []byte("#!/bin/sh\n"+c.script+"\n"), 0o755)
			u := &UpdateReady{Path: build, To: "2.0", CacheDir: dir, Trial: c.trial}
			got := u.try(context.Background(), nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
				t.Fatalf("trial says %q, want %q", got, c.want)
			}
		})
	}
}
