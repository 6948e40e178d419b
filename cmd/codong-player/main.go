// Command codong-player runs beside a board: it plays what the controller
// sends, from its own disk cache, and keeps playing when the link is down.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // a Windows PC or a bare Pi may have no zoneinfo

	"codong/assets"
	"codong/internal/cliflag"
	"codong/player"
	"codong/player/display"
	"codong/player/display/fb"
	"codong/player/display/pngfile"
	"codong/player/display/web"
)

// version is the player's version, set when it is built:
// go build -ldflags "-X main.version=1.4.0" ./cmd/codong-player
// The controller reads it from the build too (codong player-release add).
var version = "dev"

func main() {
	err := run(os.Args[1:])
	var usageErr *cliflag.UsageError
	switch {
	case err == nil, errors.Is(err, cliflag.ErrHelp):
		return
	case errors.As(err, &usageErr):
		fmt.Fprintln(os.Stderr, "Lỗi:", err)
		os.Exit(2)
	case errors.Is(err, player.ErrRestart):
		err = restartSelf() // returns only when it could not
	}
	fmt.Fprintln(os.Stderr, "Lỗi:", err)
	os.Exit(1)
}

const synopsis = "codong-player --controller http://MÁY_CHỦ:8080[,http://MÁY_CHỦ_2:8080] [--token MÃ_BẢNG] [--key ed25519:…] [--cache THƯ_MỤC] [--cache-budget MiB] [--display web[:ĐỊA_CHỈ]|fb[:THIẾT_BỊ]|png:ĐƯỜNG_DẪN] [--size RỘNGxCAO]"

func run(args []string) error {
	fs := cliflag.New("codong-player", synopsis, os.Stdout)
	fs.Secret = []string{"token"} // may come from CODONG_BOARD_TOKEN
	controllerURLs := fs.String("controller", "http://127.0.0.1:8080", fmt.Sprintf("địa chỉ máy chủ điều khiển; có nhiều máy chủ thì ghi tất cả (tối đa %d), cách nhau bằng dấu phẩy: bảng tự chuyển sang máy khác khi một máy không trả lời", player.MaxControllers))
	token := fs.String("token", os.Getenv("CODONG_BOARD_TOKEN"), "mã bảng (bỏ trống để ghép nối bằng mã ghép nối hiện trên bảng)")
	key := fs.String("key", "", "khoá điều khiển: khoá công khai của máy chủ (ed25519:…), in ra bởi “codong board add”")
	ca := fs.String("ca", "", "tệp chứng chỉ CA (PEM) khi máy chủ dùng HTTPS với chứng chỉ riêng")
	cacheDir := fs.String("cache", defaultCache(), "thư mục bộ nhớ đệm")
	budget := fs.Int64("cache-budget", player.DefaultCacheBudget>>20, fmt.Sprintf("dung lượng (MiB, 0 tới %d) bộ nhớ đệm được giữ cho ảnh bảng không còn cần, để chuyển về danh sách phát đã biết không phải tải lại ảnh; quá mức thì xoá ảnh lâu không hiện nhất trước; 0: chỉ giữ ảnh đang cần", player.MaxCacheBudget>>20))
	display := fs.String("display", "web", "nơi hiển thị: web[:ĐỊA_CHỈ] (trang cho trình duyệt kiosk, mặc định "+defaultWebAddr+"), fb[:/dev/fb0], png:ĐƯỜNG_DẪN")
	region := fs.String("region", "", "vùng của bảng trên màn hình, RỘNGxCAO+X+Y (ví dụ 384x128+0+0), chỉ với --display web")
	size := fs.String("size", "", "kích thước màn hình trước khi ghép nối, RỘNGxCAO (mặc định: theo --region, hoặc 1920x1080)")
	showVersion := fs.Bool("version", false, "in phiên bản của chương trình rồi thoát")
	updateEvery := fs.Duration("update-every", player.DefaultUpdateEvery, "bao lâu hỏi máy chủ một lần có bản cập nhật phần mềm bảng không (ngoài mỗi lần kết nối)")
	updateTrial := fs.Duration("update-trial", player.DefaultUpdateTrial, "thời gian bản cập nhật mới phải kết nối được tới máy chủ; quá hạn thì bảng quay về bản cũ")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		fmt.Fprintln(os.Stdout, version)
		return nil
	}
	if *updateEvery < time.Second || *updateTrial < time.Second {
		return &cliflag.UsageError{Err: fmt.Errorf("--update-every và --update-trial phải từ 1 giây trở lên")}
	}
	if *budget < 0 || *budget > player.MaxCacheBudget>>20 {
		return &cliflag.UsageError{Err: fmt.Errorf("--cache-budget %d MiB nằm ngoài khoảng cho phép 0 tới %d MiB", *budget, player.MaxCacheBudget>>20)}
	}
	cacheBytes := *budget << 20
	if cacheBytes == 0 {
		cacheBytes = -1 // nothing kept beyond need
	}
	var reg web.Region
	if *region != "" {
		var err error
		if reg, err = web.ParseRegion(*region); err != nil {
			return err
		}
		if !strings.HasPrefix(*display, "web") {
			return fmt.Errorf("--region chỉ dùng với --display web")
		}
	}
	if *size == "" {
		*size = "1920x1080"
		if reg.Width > 0 {
			*size = fmt.Sprintf("%dx%d", reg.Width, reg.Height)
		}
	}
	sz, err := assets.ParseSize(*size)
	if err != nil {
		return err
	}
	controllers, err := player.ParseControllers(*controllerURLs)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	d, err := openDisplay(*display, reg, log)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		log.Warn("không biết đường dẫn của chương trình; bảng sẽ không tự cập nhật", "err", err)
		exe = ""
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = player.Run(ctx, player.Config{
		Controllers: controllers, Token: *token, ControllerKey: *key, CAFile: *ca,
		CacheDir: *cacheDir, CacheBudget: cacheBytes, Display: d, Logger: log, Width: sz.W, Height: sz.H,
		Version: version, Executable: exe, UpdateEvery: *updateEvery, UpdateTrial: *updateTrial, Trial: os.Getenv(player.TrialEnv),
	})
	var update *player.UpdateReady
	if errors.As(err, &update) {
		return update.Take(ctx, args, log)
	}
	return err
}

// defaultWebAddr is fixed, not a random port, so a kiosk browser started
// at boot always finds the page, whenever the player restarts.
const defaultWebAddr = "127.0.0.1:8090"

func openDisplay(spec string, reg web.Region, log *slog.Logger) (display.Display, error) {
	kind, arg, _ := strings.Cut(spec, ":")
	switch kind {
	case "web", "":
		if arg == "" {
			arg = defaultWebAddr
		}
		d, err := web.New(arg, web.Options{Region: reg, Logger: log})
		if err != nil {
			return nil, err
		}
		log.Info("trang cho trình duyệt kiosk đã sẵn sàng: mở trang này toàn màn hình bằng lệnh ở mục cmd", "cmd", "chromium --kiosk --app=http://"+d.Addr())
		return d, nil
	case "fb":
		return fb.Open(arg)
	case "png":
		if arg == "" {
			return nil, fmt.Errorf("--display png cần đường dẫn tệp, ví dụ png:/tmp/khung.png")
		}
		return pngfile.New(arg)
	}
	return nil, fmt.Errorf("kiểu hiển thị “%s” không có; dùng web, fb hoặc png", kind)
}

func defaultCache() string {
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "codong-player")
	}
	return "codong-player-cache"
}
