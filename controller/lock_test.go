//go:build unix

package controller

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"codong/controller/datalock"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/internal/pgtest"
)

// runningController is a controller.Run in the background and the lines
// it announced.
type runningController struct {
	announced chan string
	done      chan error
	cancel    context.CancelFunc
}

func testRunConfig(dir string, announce func(string)) Config {
	return testRunConfigOn(dir, "", announce)
}

// testRunConfigOn is testRunConfig with a PostgreSQL database.
func testRunConfigOn(dir, database string, announce func(string)) Config {
	return Config{
		Addr: "127.0.0.1:0", DataDir: dir, Database: database,
		AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Announce: announce,
	}
}

// startRun starts Run on dir and returns once it serves.
func startRun(t *testing.T, dir string) *runningController {
	t.Helper()
	return startRunOn(t, dir, "")
}

// startRunOn is startRun with a PostgreSQL database.
func startRunOn(t *testing.T, dir, database string) *runningController {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	rc := &runningController{announced: make(chan string, 16), done: make(chan error, 1), cancel: cancel}
	go func() { rc.done <- Run(ctx, testRunConfigOn(dir, database, func(s string) { rc.announced <- s })) }()
	for {
		select {
		case line := <-rc.announced:
			if strings.HasPrefix(line, "codong đang chạy tại") {
				return rc
			}
		case err := <-rc.done:
			cancel()
			t.Fatalf("controller stopped before serving: %v", err)
		}
	}
}

func (rc *runningController) stop(t *testing.T) {
	t.Helper()
	rc.cancel()
	if err := <-rc.done; err != nil {
		t.Fatalf("controller: %v", err)
	}
}

func TestOneControllerPerDataDir(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first := startRun(t, dir)
	defer first.cancel()

	if note := <-first.announced; !strings.HasPrefix(note, "Giới hạn tệp mở: ") {
		t.Errorf("second announcement %q, want the open-file limit", note)
	}
	if runtime.GOOS == "linux" {
		var rl syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil || rl.Cur != rl.Max {
			t.Errorf("open-file limit after Run: soft %d, hard %d (%v); want soft raised to hard", rl.Cur, rl.Max, err)
		}
	}

	// The timeout only keeps a broken lock from hanging the test.
	secondCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err := Run(secondCtx, testRunConfig(dir, func(s string) { t.Log(s) }))
	var inUse *datalock.InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("second controller on the same data folder: %v, want it refused", err)
	}
	for _, want := range []string{dir, fmt.Sprintf("(pid %d)", os.Getpid()), "Mỗi thư mục dữ liệu chỉ chạy một máy chủ codong", "PostgreSQL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not mention %q", err, want)
		}
	}

	// CLI commands open the database beside the running server.
	st, err := OpenStore(ctx, dir, "")
	if err != nil {
		t.Fatalf("CLI beside the server: %v", err)
	}
	_, _, err = staff.AddBoard(ctx, st, testActor, store.Board{Name: "Bảng cạnh máy chủ", Width: 192, Height: 64})
	st.Close()
	if err != nil {
		t.Fatalf("CLI board add beside the server: %v", err)
	}

	first.stop(t)
	startRun(t, dir).stop(t)
}

// TestTwoControllersServeOnePostgresDatabase: on PostgreSQL two
// controllers with the installation's key serve one database at once,
// each from its own data folder, the command line works beside them, and
// a --db that is no PostgreSQL URL is refused.
func TestTwoControllersServeOnePostgresDatabase(t *testing.T) {
	ctx := context.Background()
	db := pgtest.URL(t)
	dir := t.TempDir()
	first := startRunOn(t, dir, db)
	defer first.cancel()
	other := pgtest.SecondDataDir(t, dir)
	second := startRunOn(t, other, db)
	defer second.cancel()
	st, err := OpenStore(ctx, t.TempDir(), db)
	if err != nil {
		t.Fatalf("CLI beside the servers: %v", err)
	}
	_, _, err = staff.AddBoard(ctx, st, testActor, store.Board{Name: "Bảng trên PostgreSQL", Width: 192, Height: 64})
	st.Close()
	if err != nil {
		t.Fatalf("CLI board add beside the servers: %v", err)
	}
	first.stop(t)
	second.stop(t)

	if _, err := OpenStore(ctx, t.TempDir(), "/tmp/codong.db"); err == nil || !strings.Contains(err.Error(), "không phải địa chỉ PostgreSQL") {
		t.Fatalf("--db with a file path: %v", err)
	}
}
