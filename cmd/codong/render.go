package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"codong/assets"
	"codong/atomicfile"
	"codong/playlists"
)

// renderSizeHelp documents --size for both outputs: board pixels for a
// PNG, a printed sheet for a PDF.
const renderSizeHelp = "kích thước: với .png là điểm ảnh của bảng (mặc định 1920x1080); " +
	"với .pdf là khổ in RỘNGxCAO kèm mm, cm hoặc m (5000x800mm, 500x80cm, 5x0,8m) " +
	"hoặc A3, A2, A1, thêm -landscape để in ngang (mặc định A3 dọc)"

func render(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong render", "codong render --text \"…\" [--size 1920x1080] [--style classic] [--out tệp.png] [--layout]\n  codong render --text \"…\" --out tệp.pdf [--size A3|A2|A1[-landscape]|5000x800mm|500x80cm|5x0,8m] [--colors rgb|cmyk]", stdout)
	data := fs.String("data", "codong-data", "thư mục dữ liệu (phông chữ thêm trong DATA/fonts)")
	text := fs.String("text", "", "nội dung khẩu hiệu")
	size := fs.String("size", "", renderSizeHelp)
	style := fs.String("style", "classic", "kiểu trình bày")
	out := fs.String("out", "", "tệp để ghi: .png cho bảng (- là đầu ra chuẩn), .pdf cho bản in")
	layout := fs.Bool("layout", false, "in bố cục (cỡ chữ, chiều cao chữ hoa, phần bảng có chữ, các dòng, chữ chạy hay lật trang) dạng JSON")
	colors := fs.String("colors", "", "hệ màu của bản in .pdf: rgb (màu màn hình, mặc định) hoặc cmyk (màu in: đỏ C0 M100 Y100 K0, vàng C0 M0 Y100 K0)")
	speed := fs.Int("scroll-speed", 0, "tốc độ chữ chạy của bảng, 20–400 điểm ảnh mỗi giây: chữ chạy quá một phút thì thành các trang lật lần lượt (0: luôn chạy chữ)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" && !*layout {
		return fmt.Errorf("cần --out TỆP.png, --out TỆP.pdf hoặc --layout")
	}
	r, err := assets.NewRenderer(assets.Options{FontDir: filepath.Join(*data, "fonts")})
	if err != nil {
		return err
	}
	if *speed != 0 && (*speed < playlists.MinScrollSpeed || *speed > playlists.MaxScrollSpeed) {
		return fmt.Errorf("--scroll-speed %d không hợp lệ: cần từ %d đến %d điểm ảnh mỗi giây, hoặc 0", *speed, playlists.MinScrollSpeed, playlists.MaxScrollSpeed)
	}
	req := assets.Request{Text: *text, Style: *style, ScrollSpeed: *speed}
	if strings.EqualFold(filepath.Ext(*out), ".pdf") {
		if *layout {
			return fmt.Errorf("--layout chỉ dùng với ảnh PNG; bản in ngắt dòng như ảnh PNG của bảng cùng tỉ lệ")
		}
		if *speed != 0 {
			return fmt.Errorf("--scroll-speed chỉ dùng với ảnh PNG cho bảng: giấy không chạy chữ hay lật trang")
		}
		return renderPDF(r, req, *size, *colors, *out, stderr)
	}
	if *colors != "" {
		return fmt.Errorf("--colors chỉ dùng với bản in .pdf: ảnh PNG của bảng luôn là màu màn hình")
	}
	if *size == "" {
		*size = "1920x1080"
	}
	if req.Size, err = assets.ParseSize(*size); err != nil {
		return err
	}
	res, err := r.Render(req)
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
		shape := "ảnh tĩnh"
		switch l := res.Layout; {
		case l.Scroll:
			shape = "dải chữ chạy " + l.Image.String()
		case l.Pages > 1:
			shape = fmt.Sprintf("%d trang lật, ảnh %s", l.Pages, l.Image)
		}
		fmt.Fprintf(stderr, "Đã ghi %s (bảng %s, %s, sha256 %s)\n", *out, req.Size, shape, res.SHA256)
	}
	if *layout {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res.Layout)
	}
	return nil
}

// renderPDF writes the print version: the layout of a board of the sheet's
// shape, as vectors, with the bleed around the trim.
func renderPDF(r *assets.Renderer, req assets.Request, size, colors, out string, stderr io.Writer) error {
	if size == "" {
		size = "A3"
	}
	sheet, err := assets.ParsePrintSize(size)
	if err != nil {
		return err
	}
	mode, err := assets.ParsePrintColors(colors)
	if err != nil {
		return fmt.Errorf("--colors: %w", err)
	}
	pdf, err := r.PDF(req, assets.Print{Size: sheet, Colors: mode})
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(out, pdf, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Đã ghi %s (khổ %s, thêm %v mm tràn lề mỗi cạnh, màu %s)\n", out, sheet, assets.Bleed, strings.ToUpper(string(mode)))
	return nil
}
