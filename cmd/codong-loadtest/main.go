// Command codong-loadtest opens many simulated boards against a running
// controller over loopback, each speaking the protocol as the real player
// does, drives the operator's everyday changes through the API, and
// reports how fast the fleet follows and what it costs the controller.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"codong/internal/cliflag"
	"codong/protocol"
)

const usage = `codong-loadtest — thử tải một controller codong đang chạy bằng các bảng giả lập qua loopback

Cách dùng:
  codong-loadtest [-controller http://127.0.0.1:8080] [-token cda_…] [-boards 1000] [-light] [các cờ khác]
  codong-loadtest -controller http://127.0.0.1:8096 -link-to http://127.0.0.1:8096,http://127.0.0.1:8097 …

Mã truy cập quản trị tạo trên máy chạy controller bằng:
  codong token create --role admin --data THƯ_MỤC_DỮ_LIỆU

Công cụ chỉ nhắm tới controller trên chính máy này (loopback), tự dừng khi
hết thời hạn, và xoá các bảng nó đã tạo khi kết thúc (trừ khi có -keep).

Các cờ:
`

// Exit codes: a refused command line or target is not a failed run.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func main() { os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr)) }

func runMain(args []string, stdout, stderr io.Writer) int {
	cfg, jsonPath, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "Lỗi:", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The watcher ends before runMain returns (and before stop cancels
	// ctx): nothing is written to stderr after the run.
	finished, watched := make(chan struct{}), make(chan struct{})
	defer func() { close(finished); <-watched }()
	go func() {
		defer close(watched)
		select {
		case <-ctx.Done():
			// A second Ctrl-C kills at once, without the clean-up.
			stop()
			fmt.Fprintln(stderr, "Nhận Ctrl-C: đang dừng và dọn dẹp (nhấn Ctrl-C lần nữa để thoát ngay, bỏ qua dọn dẹp)")
		case <-finished:
		}
	}()
	cfg.Progress = stderr
	rep, err := run(ctx, cfg)
	if rep != nil {
		rep.write(stdout)
		if jsonPath != "" {
			if werr := rep.writeJSON(jsonPath, stdout); werr != nil {
				fmt.Fprintln(stderr, "Lỗi:", werr)
			}
		}
	}
	switch {
	case errors.Is(err, errRefusedTarget):
		fmt.Fprintln(stderr, "Lỗi:", err)
		return exitUsage
	case err != nil:
		fmt.Fprintln(stderr, "Lỗi:", err)
		return exitFailed
	}
	return exitOK
}

// parseFlags turns the command line and environment into a Config, and
// the path of the JSON report ("" for none); -h prints the help to stdout.
func parseFlags(args []string, stdout io.Writer) (Config, string, error) {
	fs := flag.NewFlagSet("codong-loadtest", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // its English messages; ours follow
	fs.Usage = func() {}     // the help is printed below, when asked for
	controller := fs.String("controller", defaultController, "địa chỉ của controller đang chạy; chỉ nhận địa chỉ loopback (127.0.0.1, ::1, localhost)")
	linkTo := fs.String("link-to", "", "các controller (cùng một cơ sở dữ liệu PostgreSQL) mà bảng kết nối và tải ảnh, cách nhau bằng dấu phẩy, chia lần lượt từng bảng; chỉ nhận địa chỉ loopback; API của người vận hành vẫn qua -controller (mặc định: địa chỉ -controller)")
	token := fs.String("token", "", "mã truy cập cda_… có vai trò admin, editor và operator (mặc định: biến môi trường CODONG_TOKEN)")
	approver := fs.String("approver-token", "", "mã truy cập cda_… của người thứ hai, vai trò approver, để duyệt bản sửa ở giai đoạn 5 (mặc định: biến môi trường CODONG_APPROVER_TOKEN)")
	boards := fs.Int("boards", defaultBoards, "số bảng giả lập")
	light := fs.Bool("light", false, "chế độ nhẹ: bảng chỉ xác nhận bản kê (vẫn kiểm tra chữ ký), không tải ảnh, không gửi trạng thái hay bản ghi phát")
	level := fs.String("level", protocol.Level, "mức giao thức các bảng giả lập nói: "+protocol.Level+" (như máy phát hiện nay: giữ bản ghi phát tới lần báo cáo định kỳ; 2.4 cũng vậy), 2.3 (trả lời lệnh chuyển bằng một khung gộp kèm bản ghi phát), 2.2 (mỗi tin một khung) hoặc 2.1 (máy phát cũ: gửi ảnh thu nhỏ)")
	sources := fs.Int("sources", 0, "số địa chỉ nguồn 127.0.0.1…127.0.0.K để rải kết nối (0: tự chọn để mỗi địa chỉ dùng ít cổng)")
	pid := fs.Int("pid", 0, "mã tiến trình (pid) của controller ở -controller để đo bộ nhớ và CPU; với -link-to cũng chỉ đo controller này (0: tự tìm tiến trình đang nghe ở cổng của nó)")
	sizes := fs.String("sizes", defaultSizes, "các kích thước bảng RỘNGxCAO, cách nhau bằng dấu phẩy; các bảng được chia đều")
	groups := fs.Int("groups", defaultGroups, "số nhóm bảng để chia các bảng vào (0: không nhóm)")
	phases := fs.String("phases", "all", "các giai đoạn cần chạy, cách nhau bằng dấu phẩy: provision, idle, switch, schedule, edit, storm, units, hoặc số 1–7, hoặc all (giai đoạn tạo bảng luôn chạy; all gồm units khi có -units)")
	units := fs.Int("units", 0, "số đơn vị cấp xã tạo dưới đơn vị gốc (“Xã thử nghiệm 001”…, dùng lại nếu đã có), chia đều các bảng vào đó, và đo trang tổng quan, tường bảng, báo cáo của tỉnh và của một xã (giai đoạn units); đơn vị không xoá được nên được giữ lại (0: không tạo đơn vị)")
	people := fs.Int("people", 0, "số người dùng (vai trò operator, editor) tạo trong các đơn vị của -units, chia đều; khi kết thúc họ bị khoá, không xoá được (0: 10 người mỗi đơn vị)")
	unitReps := fs.Int("units-repeat", defaultUnitReps, "số lần hỏi mỗi trang ở giai đoạn units")
	repeat := fs.Int("repeat", 1, "chạy giai đoạn chuyển và trở về lịch phát bấy nhiêu lần, lần lượt, để so các lần đo trên máy ồn (cần cả hai giai đoạn)")
	keep := fs.Bool("keep", false, "giữ lại các bảng đã tạo khi kết thúc (mặc định: xoá)")
	warm := fs.Bool("warm", true, "bảng bắt đầu với sẵn ảnh của nội dung hiện có, như một đội bảng đã chạy từ trước")
	timeout := fs.Duration("timeout", defaultTimeout, "thời hạn cho cả lần chạy; quá hạn thì dừng, dọn dẹp và báo cáo")
	phaseTimeout := fs.Duration("phase-timeout", defaultPhaseTimeout, "thời hạn cho mỗi giai đoạn")
	jsonPath := fs.String("json", "", "ghi thêm báo cáo dạng JSON vào tệp này (“-”: đầu ra chuẩn)")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		cliflag.PrintFlags(stdout, fs, "-")
		return Config{}, "", err
	} else if err != nil {
		return Config{}, "", cliflag.Explain(err, "-", "codong-loadtest -h")
	}
	if fs.NArg() > 0 {
		return Config{}, "", fmt.Errorf("không hiểu tham số “%s”; xem codong-loadtest -h", fs.Arg(0))
	}
	cfg := Config{
		Token: *token, Boards: *boards, Light: *light, Level: *level, Sources: *sources, PID: *pid,
		Groups: *groups, Repeat: *repeat, Units: *units, People: *people, UnitReps: *unitReps, Keep: *keep, Warm: *warm, Timeout: *timeout, PhaseTimeout: *phaseTimeout,
	}
	if cfg.Token == "" {
		cfg.Token = os.Getenv("CODONG_TOKEN")
	}
	if cfg.ApproverToken = *approver; cfg.ApproverToken == "" {
		cfg.ApproverToken = os.Getenv("CODONG_APPROVER_TOKEN")
	}
	var err error
	if cfg.Controller, err = parseController(*controller); err != nil {
		return Config{}, "", err
	}
	if cfg.LinkTo, err = parseLinkTo(*linkTo); err != nil {
		return Config{}, "", err
	}
	if cfg.Sizes, err = parseSizes(*sizes); err != nil {
		return Config{}, "", err
	}
	if cfg.Phases, err = parsePhases(*phases); err != nil {
		return Config{}, "", err
	}
	if cfg.Units > 0 && wantsAll(*phases) {
		cfg.Phases[phaseUnits] = true
	}
	return cfg, *jsonPath, checkConfig(cfg)
}

func parseController(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return nil, fmt.Errorf("địa chỉ controller “%s” không hợp lệ: cần dạng http://127.0.0.1:8080", s)
	}
	return u, nil
}

// parseLinkTo reads "http://127.0.0.1:8096,http://127.0.0.1:8097"; empty
// means the boards link to -controller.
func parseLinkTo(list string) ([]*url.URL, error) {
	var out []*url.URL
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		u, err := parseController(f)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

func checkConfig(cfg Config) error {
	switch {
	case cfg.Token == "":
		return fmt.Errorf("thiếu mã truy cập: dùng -token hoặc biến môi trường CODONG_TOKEN (tạo bằng: codong token create --role admin --data THƯ_MỤC_DỮ_LIỆU)")
	case cfg.Boards < 1:
		return fmt.Errorf("số bảng phải từ 1 trở lên, không phải %d", cfg.Boards)
	case cfg.Groups < 0:
		return fmt.Errorf("số nhóm không được âm")
	case cfg.Sources < 0 || cfg.Sources > maxSources:
		return fmt.Errorf("số địa chỉ nguồn phải từ 0 đến %d", maxSources)
	case cfg.Timeout <= 0 || cfg.PhaseTimeout <= 0:
		return fmt.Errorf("thời hạn phải lớn hơn 0")
	case cfg.Repeat < 1 || cfg.Repeat > maxRepeat:
		return fmt.Errorf("số lần lặp phải từ 1 đến %d", maxRepeat)
	case cfg.Repeat > 1 && !(cfg.Phases[phaseSwitch] && cfg.Phases[phaseSchedule]):
		return fmt.Errorf("-repeat cần cả hai giai đoạn switch và schedule: lệnh chuyển lặp lại mà không trở về lịch thì không đổi gì")
	case cfg.Units < 0 || cfg.Units > maxUnits:
		return fmt.Errorf("số đơn vị (-units) phải từ 0 đến %s, như giới hạn của controller, không phải %d", fmtInt(maxUnits), cfg.Units)
	case cfg.Units > cfg.Boards:
		return fmt.Errorf("số đơn vị (-units %d) không được nhiều hơn số bảng (-boards %d): mỗi đơn vị cần ít nhất một bảng", cfg.Units, cfg.Boards)
	case cfg.People != 0 && cfg.Units == 0:
		return fmt.Errorf("-people chỉ dùng cùng -units: người dùng được tạo trong các đơn vị ấy")
	case cfg.People < 0 || cfg.People > maxPeople:
		return fmt.Errorf("số người dùng (-people) phải từ 1 đến %s, như giới hạn của controller, không phải %d", fmtInt(maxPeople), cfg.People)
	case cfg.Units > 0 && cfg.People == 0 && defaultPeoplePerUnit*cfg.Units > maxPeople:
		return fmt.Errorf("%d đơn vị, mỗi đơn vị %d người, vượt giới hạn %s người dùng của controller; đặt -people nhỏ hơn", cfg.Units, defaultPeoplePerUnit, fmtInt(maxPeople))
	case cfg.UnitReps < 1 || cfg.UnitReps > maxUnitReps:
		return fmt.Errorf("số lần hỏi mỗi trang (-units-repeat) phải từ 1 đến %d", maxUnitReps)
	case cfg.Phases[phaseUnits] && cfg.Units == 0:
		return fmt.Errorf("giai đoạn units cần -units: số đơn vị cấp xã để tạo và đo")
	case !slices.Contains([]string{protocol.Level, "2.4", "2.3", "2.2", "2.1"}, cfg.Level):
		return fmt.Errorf("mức giao thức “%s” không có; chọn %s, 2.3, 2.2 hoặc 2.1", cfg.Level, protocol.Level)
	}
	return nil
}
