// Command codong is the controller: it serves the web UI, the API and the
// boards' links, and offers the administrative commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"codong/controller"
	"codong/controller/alert"
	"codong/controller/respond"
	"codong/internal/cliflag"
)

const usage = `codong — điều khiển bảng LED và màn hình cổ động trực quan

Cách dùng:
  codong [serve] [--addr 127.0.0.1:8080] [--data ./codong-data] [--demo] [--tls-cert C --tls-key K]
  codong render --text "…" [--size 1920x1080] [--style classic] [--out tệp.png] [--layout]
  codong render --text "…" --out tệp.pdf [--size A3|A2|A1[-landscape]|5000x800mm|500x80cm|5x0,8m]
                (bản in vector: băng rôn, panô, áp phích; thêm 3 mm tràn lề mỗi cạnh)
  codong unit add --name TÊN [--parent MÃ_ĐƠN_VỊ_CHA]   (đơn vị cấp dưới: xã, thôn, cơ quan)
  codong unit list
  codong board add --name TÊN --size RỘNGxCAO [--group NHÓM] [--unit MÃ_ĐƠN_VỊ]
  codong token create --role VAI_TRÒ[,VAI_TRÒ…] [--name TÊN] [--days SỐ_NGÀY] [--unit MÃ_ĐƠN_VỊ]
  codong token list
  codong token revoke --id SỐ
  codong user add --name TÊN --role VAI_TRÒ[,VAI_TRÒ…] [--unit MÃ_ĐƠN_VỊ]   (mật khẩu đọc từ đầu vào chuẩn)
  codong user passwd --username TÊN   (quên mật khẩu: mật khẩu mới đọc từ đầu vào chuẩn;
                                       dòng trống thì máy tạo và in ra một mật khẩu)

  codong setup --party-body "Đảng bộ xã …" --place TÊN_XÃ --congress III --term "2025 - 2030"
                [--committee "UBND xã …"]   (lần chạy đầu: khai báo đơn vị; khẩu hiệu có tên
                 Đại hội được soạn thành bản chờ duyệt; sửa sau ở trang Thông tin đơn vị)

  codong player-release add --platform NỀN_TẢNG [--version PHIÊN_BẢN] TỆP…
                (lưu và ký bản dịch codong-player cho linux/arm64, linux/armv7,
                 linux/amd64 hay windows/amd64; phát hành cho bảng: docs/player.md)
  codong player-release list

  codong key replace --confirm   (khoá ký bị mất hẳn, không còn bản sao lưu: lấy khoá trong
                                thư mục dữ liệu làm khoá của hệ thống; mọi bảng phải ghép nối lại)
  codong backup --out THƯ_MỤC [--force]
                (sao lưu khi máy chủ đang chạy: cơ sở dữ liệu, khoá ký, ảnh, phông chữ
                 vào một thư mục mới; khôi phục: xem docs/operations.md)

Vai trò: editor (Biên tập), approver (Phê duyệt), operator (Vận hành), admin (Quản trị).
Vai trò giữ ở một đơn vị có hiệu lực ở đơn vị ấy và mọi đơn vị cấp dưới; không có
--unit là đơn vị gốc (mã goc). Xem docs/units.md.

Mọi lệnh dùng dữ liệu đều nhận --data THƯ_MỤC (mặc định ./codong-data), và
--db postgres://… (hay CODONG_DB) khi cơ sở dữ liệu là PostgreSQL dùng chung
cho nhiều máy chủ (xem docs/operations.md).
`

func main() {
	if len(os.Args) > 1 && os.Args[1] == "render" {
		shortLivedHeap()
	}
	os.Exit(exitCode(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr))
}

// shortLivedHeap lets codong render's heap grow to five times what is live
// before the collector runs, not twice: the process lives some 20 ms and
// its heap is one board's canvas and PNG, so a 1920×1080 slogan needs no
// collection at all (2-3 ms of CPU less), and a long strip's heap stays
// bounded. GOGC in the environment still decides.
func shortLivedHeap() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// exitCode says what went wrong and how the command ends: 0 when it did
// its job (the help it was asked for included), 2 for a command line it
// does not understand, 1 for a run that failed.
func exitCode(err error, stderr io.Writer) int {
	var usageErr *cliflag.UsageError
	switch {
	case err == nil, errors.Is(err, cliflag.ErrHelp):
		return 0
	case errors.As(err, &usageErr):
		fmt.Fprintln(stderr, "Lỗi:", usageErr)
		return 2
	}
	fmt.Fprintln(stderr, "Lỗi:", respond.Explain(err))
	return 1
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(args, stdout, stderr)
	case "render":
		return render(args, stdout, stderr)
	case "unit":
		return subs(args, stdout, map[string]func([]string) error{
			"add":  func(a []string) error { return unitAdd(a, stdout, stderr) },
			"list": func(a []string) error { return unitList(a, stdout, stderr) },
		})
	case "board":
		return subs(args, stdout, map[string]func([]string) error{
			"add": func(a []string) error { return boardAdd(a, stdout, stderr) },
		})
	case "token":
		return subs(args, stdout, map[string]func([]string) error{
			"create": func(a []string) error { return tokenCreate(a, stdout, stderr) },
			"list":   func(a []string) error { return tokenList(a, stdout, stderr) },
			"revoke": func(a []string) error { return tokenRevoke(a, stdout, stderr) },
		})
	case "user":
		return subs(args, stdout, map[string]func([]string) error{
			"add":    func(a []string) error { return userAdd(a, stdin, stdout, stderr) },
			"passwd": func(a []string) error { return userPasswd(a, stdin, stdout, stderr) },
		})
	case "setup":
		return setup(args, stdout, stderr)
	case "backup":
		return backup(args, stdout, stderr)
	case "player-release":
		return subs(args, stdout, map[string]func([]string) error{
			"add":  func(a []string) error { return playerReleaseAdd(a, stdout, stderr) },
			"list": func(a []string) error { return playerReleaseList(a, stdout, stderr) },
		})
	case "key":
		return subs(args, stdout, map[string]func([]string) error{
			"replace": func(a []string) error { return keyReplace(a, stdout, stderr) },
		})
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return &cliflag.UsageError{Err: fmt.Errorf("lệnh “%s” không tồn tại; xem codong help", cmd)}
}

// subs runs the subcommand args name; "codong token --help" is the
// overall help, which lists every subcommand.
func subs(args []string, stdout io.Writer, cmds map[string]func([]string) error) error {
	if len(args) > 0 {
		if fn, ok := cmds[args[0]]; ok {
			return fn(args[1:])
		}
		if isHelp(args[0]) {
			fmt.Fprint(stdout, usage)
			return cliflag.ErrHelp
		}
	}
	names := slices.Sorted(maps.Keys(cmds))
	return &cliflag.UsageError{Err: fmt.Errorf("thiếu hoặc sai lệnh con (có: %s); xem codong help", strings.Join(names, ", "))}
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "-help" || arg == "help"
}

// newFlags makes a command's flags: --help prints the synopsis and the
// flags to stdout in Vietnamese, and a flag it does not know is a
// *cliflag.UsageError.
func newFlags(name, synopsis string, stdout io.Writer) *cliflag.Set {
	return cliflag.New(name, synopsis, stdout)
}

// dataPlace is where a controller keeps its state: the data folder, and
// the database when it is not the folder's SQLite file.
type dataPlace struct{ dir, db string }

// dataFlag is the flags every command that touches data takes, with the
// same defaults, so `codong backup` and the admin commands find the
// folder and database `codong serve` uses.
func dataFlag(fs *cliflag.Set) *dataPlace {
	p := &dataPlace{}
	// The help never shows the URL from CODONG_DB: it holds a password.
	fs.Secret = append(fs.Secret, "db")
	fs.StringVar(&p.dir, "data", "codong-data", "thư mục dữ liệu")
	fs.StringVar(&p.db, "db", os.Getenv("CODONG_DB"), "cơ sở dữ liệu PostgreSQL, postgres://NGƯỜI_DÙNG:MẬT_KHẨU@MÁY:5432/TÊN (CODONG_DB); bỏ trống thì dùng SQLite trong thư mục dữ liệu")
	return p
}

func serve(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong serve", "codong [serve] [--addr 127.0.0.1:8080] [--data ./codong-data] [--demo] [--tls-cert C --tls-key K]", stdout)
	addr := fs.String("addr", "127.0.0.1:8080", "địa chỉ lắng nghe")
	data := dataFlag(fs)
	demo := fs.Bool("demo", false, "chạy thử với hai bảng mẫu ảo (màn hình hội trường 1920×1080, bảng LED chợ 384×128) kết nối ngay trong codong")
	tlsCert := fs.String("tls-cert", "", "tệp chứng chỉ (PEM) để chạy HTTPS")
	tlsKey := fs.String("tls-key", "", "tệp khoá riêng (PEM) của chứng chỉ")
	verbose := fs.Bool("v", false, "ghi nhật ký chi tiết")
	var head controller.Letterhead
	fs.StringVar(&head.Kind, "issuer-kind", os.Getenv("CODONG_ISSUER_KIND"), "loại cơ quan ban hành, quyết định thể thức đầu báo cáo và tờ trình in: dang (cơ quan Đảng: “ĐẢNG CỘNG SẢN VIỆT NAM” bên phải) hoặc ubnd (Uỷ ban nhân dân: quốc hiệu, tiêu ngữ bên phải) (CODONG_ISSUER_KIND; bỏ trống là dang)")
	fs.StringVar(&head.Org, "org", os.Getenv("CODONG_ORG"), "cơ quan cấp trên, dòng đầu bên trái của báo cáo và tờ trình in, ví dụ “Đảng bộ xã Liên Minh” hay “UBND xã Liên Minh” (CODONG_ORG); bỏ trống thì dùng trang Thông tin đơn vị, hay in dòng chấm để viết tay. Các tham số đầu văn bản, khi có, được dùng thay giá trị của trang đó")
	fs.StringVar(&head.Issuer, "issuer", os.Getenv("CODONG_ISSUER"), "cơ quan ban hành, dòng in đậm dưới --org, ví dụ “Đảng uỷ xã Liên Minh” hay “Phòng Văn hoá - Xã hội” (CODONG_ISSUER)")
	fs.StringVar(&head.Place, "place", os.Getenv("CODONG_PLACE"), "địa danh ở dòng ngày tháng, ví dụ “Liên Minh” (CODONG_PLACE)")
	fs.StringVar(&head.Recipient, "report-to", os.Getenv("CODONG_REPORT_TO"), "nơi nhận sau “Kính gửi:” (CODONG_REPORT_TO)")
	fs.StringVar(&head.SignerTitle, "signer-title", os.Getenv("CODONG_SIGNER_TITLE"), "chức vụ người ký báo cáo, ví dụ “Phó Bí thư Thường trực” (CODONG_SIGNER_TITLE)")
	fs.StringVar(&head.Signer, "signer", os.Getenv("CODONG_SIGNER"), "họ tên người ký báo cáo (CODONG_SIGNER)")
	perAddress := fs.Int("max-conns-per-address", 0, "số kết nối tối đa từ một địa chỉ IP chưa chứng minh là bảng (0: mặc định 256); tăng khi hàng trăm bảng ở sau cùng một địa chỉ")
	quota := fs.Int("photo-quota-gb", 0, "dung lượng tối đa (GB) cho ảnh gốc và các bản vẽ của chúng (0: mặc định 8); khi đầy, ảnh mới bị từ chối")
	mailCA := fs.String("mail-ca", "", "tệp chứng chỉ (PEM) của CA riêng mà chứng chỉ máy chủ thư (SMTP) được kiểm tra theo; bỏ trống: các CA của hệ thống")
	offlineAfter := fs.Duration("offline-after", alert.DefaultOfflineAfter, "bảng mất liên lạc bao lâu thì gửi cảnh báo (thư, webhook), nếu bảng hay nhóm của nó không có ngưỡng riêng; ví dụ 10m, 30m, 1h")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *offlineAfter < 10*time.Second || *offlineAfter > 7*24*time.Hour {
		return fmt.Errorf("--offline-after phải từ 10 giây tới 7 ngày (ví dụ 10m)")
	}
	if *perAddress < 0 {
		return fmt.Errorf("--max-conns-per-address phải từ 0 trở lên")
	}
	if *quota < 0 {
		return fmt.Errorf("--photo-quota-gb phải từ 0 trở lên")
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return controller.Run(ctx, controller.Config{
		Addr:               *addr,
		DataDir:            data.dir,
		Database:           data.db,
		Demo:               *demo,
		TLSCert:            *tlsCert,
		TLSKey:             *tlsKey,
		MaxConnsPerAddress: *perAddress,
		PhotoQuota:         int64(*quota) << 30,
		Letterhead:         head,
		AlertOfflineAfter:  *offlineAfter,
		MailCA:             *mailCA,
		AdminPassword:      os.Getenv("CODONG_ADMIN_PASSWORD"),
		Logger:             log,
		Announce:           func(s string) { fmt.Fprintln(stderr, s) },
	})
}
