package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"codong/controller/release"
	"codong/controller/signkey"
	"codong/controller/store"
	"codong/internal/cliflag"
	"codong/protocol"
)

const releaseAddSynopsis = "codong player-release add --platform NỀN_TẢNG [--version PHIÊN_BẢN] TỆP…"

// playerReleaseAdd stores, signs and records player builds; rolling one
// out is a separate, audited step (the API or the boards page).
func playerReleaseAdd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong player-release add", releaseAddSynopsis, stdout)
	data := dataFlag(fs)
	platform := fs.String("platform", "", "nền tảng của bản dịch: "+strings.Join(protocol.Platforms, ", "))
	fs.Operands = true
	version := fs.String("version", "", "phiên bản; bỏ trống thì đọc trong tệp (bản dịch với -ldflags \"-X main.version=…\")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files := fs.Args()
	switch {
	case *platform == "":
		return &cliflag.UsageError{Err: fmt.Errorf("thiếu --platform (một trong: %s)", strings.Join(protocol.Platforms, ", "))}
	case !protocol.ValidPlatform(*platform):
		return &cliflag.UsageError{Err: fmt.Errorf("nền tảng “%s” không được hỗ trợ; chọn một trong: %s", *platform, strings.Join(protocol.Platforms, ", "))}
	case len(files) == 0:
		return &cliflag.UsageError{Err: fmt.Errorf("thiếu tệp bản dịch; cách dùng: %s", releaseAddSynopsis)}
	}
	if !signkey.Exists(data.dir) {
		return fmt.Errorf("thư mục dữ liệu %s chưa có khoá ký; chạy codong serve với thư mục này một lần trước", data.dir)
	}
	key, err := signkey.LoadOrCreate(data.dir)
	if err != nil {
		return err
	}
	return withStore(data, func(ctx context.Context, st *store.Store) error {
		// A key other than the installation's would have every board
		// refuse the build.
		if err := signkey.Agree(ctx, st, key, data.dir); err != nil {
			return err
		}
		installation, err := st.Installation(ctx)
		if err != nil {
			return err
		}
		for _, f := range files {
			r, err := release.Add(ctx, st, cliActor, data.dir, key, installation, *platform, *version, f)
			if errors.Is(err, release.ErrKnown) {
				fmt.Fprintf(stderr, "Bản dịch %s cho %s đã có (số %d); tệp đã được chép vào thư mục dữ liệu này (cần cho mỗi máy chủ khi nhiều máy chủ dùng chung cơ sở dữ liệu).\n", f, r.Platform, r.ID)
				fmt.Fprintln(stdout, r.ID)
				continue
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stderr, "Đã thêm bản %s cho %s (%d byte, sha256 %s), đã ký. Số của bản:\n", r.Version, r.Platform, r.Size, r.SHA256)
			fmt.Fprintln(stdout, r.ID)
		}
		fmt.Fprintln(stderr, "Bảng chỉ nhận bản này khi được phát hành cho nhóm hay bảng của nó: xem docs/player.md, mục 7.")
		return nil
	})
}

func playerReleaseList(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong player-release list", "codong player-release list", stdout)
	data := dataFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(data, func(ctx context.Context, st *store.Store) error {
		rs, err := st.Releases(ctx)
		if err != nil {
			return err
		}
		// One line each, tab-separated for scripts: number, platform,
		// version, size, sha256, where it is rolled out.
		for _, r := range rs {
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Platform, r.Version, r.Size, r.SHA256, rolloutsText(r.Rollouts))
		}
		return nil
	})
}

func rolloutsText(ros []store.Rollout) string {
	if len(ros) == 0 {
		return "chưa phát hành"
	}
	var parts []string
	for _, ro := range ros {
		switch {
		case ro.Group != "":
			parts = append(parts, "nhóm "+ro.Group)
		case ro.Unit != "":
			parts = append(parts, "đơn vị "+ro.Unit)
		case ro.Board != 0:
			parts = append(parts, fmt.Sprintf("bảng %d", ro.Board))
		default:
			parts = append(parts, "mọi bảng")
		}
	}
	return "phát hành cho: " + strings.Join(parts, ", ")
}
