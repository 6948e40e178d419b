package player

import "testing"

func TestNewBuildPath(t *testing.T) {
	for exe, want := range map[string]string{
		"/opt/codong-player/codong-player": "/opt/codong-player/codong-player.new",
		`C:\codong\codong-player.exe`:      `C:\codong\codong-player.new.exe`,
		`C:\codong\CODONG-PLAYER.EXE`:      `C:\codong\CODONG-PLAYER.new.EXE`,
	} {
		if got := newBuildPath(exe); got != want {
			t.Errorf("newBuildPath(%q) = %q, want %q", exe, got, want)
		}
	}
}
