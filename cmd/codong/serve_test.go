//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serveTimeout bounds every wait on a real codong process, so a broken
// lock fails the test instead of hanging it.
const serveTimeout = 60 * time.Second

// buildCodong builds this command into a temporary folder.
func buildCodong(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "codong")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func serveCmd(ctx context.Context, bin, data string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
	cmd.Env = append(os.Environ(), "CODONG_ADMIN_PASSWORD=mật khẩu thử nghiệm đủ dài")
	return cmd
}

// startServe starts `codong serve` and returns once it says it serves.
func startServe(t *testing.T, ctx context.Context, bin, data string) *exec.Cmd {
	t.Helper()
	cmd := serveCmd(ctx, bin, data)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stderr)
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "codong đang chạy tại") {
			// Keep reading so the server never blocks on a full pipe.
			go func() {
				for lines.Scan() {
				}
			}()
			return cmd
		}
	}
	t.Fatalf("codong serve ended before serving: %v", cmd.Wait())
	return nil
}

// TestSecondServeRefused: a second controller on the same data folder
// stops at once with the reason, while the command line keeps working
// beside the first; a SIGKILLed controller leaves nothing that blocks
// the next start.
func TestSecondServeRefused(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), serveTimeout)
	defer cancel()
	bin := buildCodong(t)
	data := t.TempDir()
	first := startServe(t, ctx, bin, data)

	var stderr bytes.Buffer
	second := serveCmd(ctx, bin, data)
	second.Stderr = &stderr
	err := second.Run()
	if err == nil || ctx.Err() != nil {
		t.Fatalf("second codong serve on one data folder: %v (stderr %q), want it to exit refused", err, stderr.String())
	}
	for _, want := range []string{"Lỗi: Thư mục dữ liệu " + data, "đang được một tiến trình codong khác dùng", "PostgreSQL"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("second controller said %q, want %q", stderr.String(), want)
		}
	}

	// Administrative commands and the backup do not take the serve lock.
	for _, args := range [][]string{
		{"board", "add", "--data", data, "--name", "Bảng cạnh máy chủ", "--size", "192x64"},
		{"backup", "--data", data, "--out", filepath.Join(t.TempDir(), "sao-luu")},
	} {
		if out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
			t.Errorf("codong %s beside the server: %v\n%s", args[0], err, out)
		}
	}

	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	third := startServe(t, ctx, bin, data)
	if err := third.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := third.Wait(); err != nil {
		t.Errorf("controller after SIGTERM: %v", err)
	}
}
