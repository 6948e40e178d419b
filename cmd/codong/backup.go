package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"codong/controller"
)

// backup copies the data folder into a new folder while the controller
// may be serving it (controller.Backup): the database, the signing key,
// the photos and the fonts, so that restoring is one folder put back.
func backup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong backup", "codong backup --out THƯ_MỤC [--force]", stdout)
	data := dataFlag(fs)
	out := fs.String("out", "", "thư mục sao lưu sẽ tạo, ví dụ /mnt/usb/codong-2026-05-01 (chưa được có sẵn)")
	force := fs.Bool("force", false, "thay bản sao lưu đã có ở --out")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("thiếu --out THƯ_MỤC: nơi ghi bản sao lưu")
	}
	if data.db != "" {
		return fmt.Errorf("cơ sở dữ liệu PostgreSQL được sao lưu bằng pg_dump (xem docs/operations.md); codong backup chỉ sao lưu thư mục dữ liệu dùng SQLite")
	}
	res, err := controller.Backup(context.Background(), data.dir, *out, *force)
	if err != nil {
		return err
	}
	dir, _ := filepath.Abs(res.Dir)
	fmt.Fprintf(stdout, "Đã sao lưu thư mục dữ liệu %s vào %s (%s):\n", data.dir, dir, formatBytes(res.Bytes()))
	hasKey := false
	for _, it := range res.Items {
		switch {
		case it.Name == "codong.db":
			fmt.Fprintf(stdout, "  %-16s cơ sở dữ liệu, đã kiểm tra, %s\n", it.Name, formatBytes(it.Bytes))
		case it.Name == "controller.key":
			hasKey = true
			fmt.Fprintf(stdout, "  %-16s khoá ký của máy chủ, %s\n", it.Name, formatBytes(it.Bytes))
		default:
			fmt.Fprintf(stdout, "  %-16s %d tệp, %s\n", it.Name+"/", it.Files, formatBytes(it.Bytes))
		}
	}
	if !hasKey {
		fmt.Fprintf(stderr, "Chú ý: thư mục dữ liệu không có khoá ký controller.key (máy chủ chưa chạy lần nào?); bản sao lưu không có khoá.\n")
	}
	fmt.Fprintln(stdout, "Khôi phục: xem docs/operations.md.")
	return nil
}

// formatBytes says a size as people read it, with a decimal comma.
func formatBytes(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d byte", n)
	}
	v, unit := float64(n)/1024, "KiB"
	for _, u := range []string{"MiB", "GiB", "TiB"} {
		if v < 1024 {
			break
		}
		v, unit = v/1024, u
	}
	return strings.Replace(fmt.Sprintf("%.1f %s", v, unit), ".", ",", 1)
}
