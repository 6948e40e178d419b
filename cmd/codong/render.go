package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"codong/assets"
	"codong/atomicfile"
)

func render(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong render", stderr)
	data := fs.String("data", "codong-data", "thư mục dữ liệu (phông chữ thêm trong DATA/fonts)")
	text := fs.String("text", "", "nội dung khẩu hiệu")
	size := fs.String("size", "1920x1080", "kích thước điểm ảnh")
	style := fs.String("style", "classic", "kiểu trình bày")
	out := fs.String("out", "", "tệp PNG để ghi (- là đầu ra chuẩn)")
	layout := fs.Bool("layout", false, "in bố cục (cỡ chữ, các dòng, chữ chạy) dạng JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" && !*layout {
		return fmt.Errorf("cần --out TỆP.png hoặc --layout")
	}
	sz, err := assets.ParseSize(*size)
	if err != nil {
		return err
	}
	r, err := assets.NewRenderer(assets.Options{FontDir: filepath.Join(*data, "fonts")})
	if err != nil {
		return err
	}
	res, err := r.Render(assets.Request{Text: *text, Size: sz, Style: *style})
	if err != nil {
		return err
	}
	switch *out {
	case "":
	case "-":
		if _, err := stdout.Write(res.PNG); err != nil {
			return err
		}
	default:
		if err := atomicfile.WriteFile(*out, res.PNG, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "Đã ghi %s (%s, sha256 %s)\n", *out, sz, res.SHA256)
	}
	if *layout {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res.Layout)
	}
	return nil
}
