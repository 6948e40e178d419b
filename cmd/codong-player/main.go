// Command codong-player runs beside a board: it plays what the controller
// sends, from its own disk cache, and keeps playing when the link is down.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	_ "time/tzdata" // a Windows PC or a bare Pi may have no zoneinfo

	"codong/assets"
	"codong/player"
	"codong/player/display"
	"codong/player/display/pngfile"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "Lỗi:", err)
		}
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("codong-player", flag.ContinueOnError)
	controllerURL := fs.String("controller", "http://127.0.0.1:8080", "địa chỉ máy chủ điều khiển")
	token := fs.String("token", os.Getenv("CODONG_BOARD_TOKEN"), "mã bí mật của bảng (bỏ trống để ghép nối bằng mã hiện trên bảng)")
	key := fs.String("key", "", "khoá công khai của máy chủ (ed25519:…), in ra bởi “codong board add”")
	ca := fs.String("ca", "", "tệp chứng chỉ CA (PEM) khi máy chủ dùng HTTPS với chứng chỉ riêng")
	cacheDir := fs.String("cache", defaultCache(), "thư mục bộ nhớ đệm")
	display := fs.String("display", "", "nơi hiển thị: png:ĐƯỜNG_DẪN")
	size := fs.String("size", "1920x1080", "kích thước màn hình trước khi ghép nối (RỘNGxCAO)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sz, err := assets.ParseSize(*size)
	if err != nil {
		return err
	}
	u, err := url.Parse(*controllerURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("địa chỉ máy chủ “%s” không hợp lệ; ví dụ http://127.0.0.1:8080", *controllerURL)
	}
	d, err := openDisplay(*display)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return player.Run(ctx, player.Config{
		Controller: u, Token: *token, ControllerKey: *key, CAFile: *ca,
		CacheDir: *cacheDir, Display: d, Logger: log, Width: sz.W, Height: sz.H,
	})
}

func openDisplay(spec string) (display.Display, error) {
	kind, arg, _ := strings.Cut(spec, ":")
	switch kind {
	case "png":
		if arg == "" {
			return nil, fmt.Errorf("--display png cần đường dẫn tệp, ví dụ png:/tmp/khung.png")
		}
		return pngfile.New(arg)
	case "":
		return nil, fmt.Errorf("cần --display, ví dụ png:/tmp/khung.png")
	}
	return nil, fmt.Errorf("kiểu hiển thị “%s” chưa được hỗ trợ (hiện có: png)", kind)
}

func defaultCache() string {
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "codong-player")
	}
	return "codong-player-cache"
}
