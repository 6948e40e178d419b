package player

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"codong/protocol"
)

// UpdateReady ends a player's Run when a build it should run is
// downloaded and checked: the command then calls Take.
type UpdateReady struct {
	// Path is the new build, beside Exe, the running executable.
	Path, Exe string
	// From and To are the versions; Release names the build, and
	// Failure is how the board remembers it if it fails.
	From, To string
	Release  int64
	Failure  string
	CacheDir string
	// Trial is how long the new build has to link to the controller.
	Trial time.Duration
}

func (u *UpdateReady) Error() string {
	return fmt.Sprintf("bản cập nhật %s sẵn sàng để chạy thử", u.To)
}

// Take tries the new build and runs what came of it: the new build when
// it linked to the controller within Trial (it then replaces the old
// one on disk), the old one otherwise. The build is tried as a child
// process before anything is replaced, so a build that exits at start,
// or never links, leaves the board on the build it had; the previous
// executable is kept beside it (OldSuffix) for a manual rollback. Take
// returns only if it cannot restart the player, or with nil when ctx
// ends during the trial (the player was asked to stop: the new build is
// dropped and tried again at the next start); args are the player's
// arguments, given to both.
func (u *UpdateReady) Take(ctx context.Context, args []string, log *slog.Logger) error {
	reason := u.try(ctx, args, log)
	if ctx.Err() != nil {
		os.Remove(u.Path)
		return nil
	}
	if reason == "" {
		if err := replaceExecutable(u.Exe, u.Path); err != nil {
			reason = "không thay được tệp chương trình: " + err.Error()
		}
	}
	st := loadUpdateState(u.CacheDir)
	report := protocol.UpdateReport{Release: u.Release, From: u.From, To: u.To, Outcome: protocol.UpdateTaken}
	if reason == "" {
		st.Report = &report
		log.Info("bản mới đã kết nối được tới máy chủ; đã thay chương trình, khởi động lại bằng bản mới", "from", u.From, "to", u.To)
	} else {
		os.Remove(u.Path)
		report.Outcome, report.Reason = protocol.UpdateRolledBack, reason
		st.fail(u.Failure, report)
		log.Error("bản mới không chạy được; quay về bản cũ", "from", u.From, "to", u.To, "reason", reason)
	}
	if err := st.save(u.CacheDir); err != nil {
		log.Error("không lưu được trạng thái cập nhật", "err", err)
	}
	return restart(u.Exe, args)
}

// try runs the new build on trial and says why it failed ("" when it
// linked).
func (u *UpdateReady) try(ctx context.Context, args []string, log *slog.Logger) string {
	marker := filepath.Join(u.CacheDir, "update-trial")
	os.Remove(marker)
	defer os.Remove(marker)
	cmd := exec.Command(u.Path, args...)
	cmd.Env = append(os.Environ(), TrialEnv+"="+marker)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	log.Info("chạy thử bản mới", "version", u.To, "limit", u.Trial)
	if err := cmd.Start(); err != nil {
		return "không chạy được: " + err.Error()
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t := time.NewTimer(u.Trial)
	defer t.Stop()
	var err error
	select {
	case err = <-done:
	case <-t.C:
		cmd.Process.Kill()
		<-done
		return fmt.Sprintf("không kết nối được tới máy chủ trong %s", u.Trial)
	case <-ctx.Done():
		cmd.Process.Kill()
		<-done
		return "dừng giữa chừng"
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return fmt.Sprintf("thoát với mã %d trước khi kết nối được tới máy chủ", exit.ExitCode())
	}
	if err != nil {
		return err.Error()
	}
	got, rerr := os.ReadFile(marker)
	switch {
	case rerr != nil:
		return "dừng trước khi kết nối được tới máy chủ"
	case !bytes.Equal(got, []byte(u.To)):
		return fmt.Sprintf("tự báo phiên bản %.64q, không phải %q đã ký", got, u.To)
	}
	return ""
}

// OldSuffix names the previous executable, kept beside the new one.
const OldSuffix = ".old"
