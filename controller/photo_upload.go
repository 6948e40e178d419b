package controller

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/store"
)

// photoFields are the fields an upload may carry; any other is refused,
// as bindJSON refuses unknown JSON fields.
var photoFields = map[string]bool{"photo": true, "caption": true, "fit": true, "style": true, csrfField: true}

// uploadPaths are the routes that take photos: the only bodies allowed
// past maxBodyBytes, up to store.MaxUploadBytes.
var uploadPaths = map[string]bool{"/photos": true, "/api/v1/photos": true}

func isUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && uploadPaths[c.Request().URL.Path]
}

// limitUpload bounds an upload's body before anything reads it (the web
// form's CSRF check parses the form first).
func limitUpload(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isUpload(c) {
			if c.Request().ContentLength > store.MaxUploadBytes {
				return uploadTooLarge()
			}
			c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, store.MaxUploadBytes)
		}
		return next(c)
	}
}

func uploadTooLarge() error {
	return apiErr(http.StatusRequestEntityTooLarge, "upload_too_large",
		fmt.Sprintf("Lần tải lên này quá lớn: tối đa %d MB mỗi lần; hãy gửi ít ảnh hơn mỗi lần.", store.MaxUploadBytes>>20))
}

// uploadedPhoto is one checked file of an upload.
type uploadedPhoto struct {
	file store.PhotoFile
	data []byte
}

// readUpload parses an upload and checks every file before any is kept:
// one bad file refuses the upload, naming the file.
func (s *Server) readUpload(c echo.Context) ([]uploadedPhoto, store.PhotoBody, error) {
	form, err := c.MultipartForm()
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, store.PhotoBody{}, uploadTooLarge()
	}
	if err != nil {
		return nil, store.PhotoBody{}, badRequest("bad_upload", "Cần gửi ảnh dạng multipart/form-data, trường “photo” (có thể lặp lại).")
	}
	// Parsed here, not in refuseControl: the upload's fields are
	// checked for control characters once the form is read.
	if err := checkMultipart(form); err != nil {
		return nil, store.PhotoBody{}, err
	}
	for name := range form.Value {
		if !photoFields[name] {
			return nil, store.PhotoBody{}, badRequest("unknown_field", "Trường “"+name+"” không được hỗ trợ ở địa chỉ này; hãy xem tài liệu API.")
		}
	}
	for name := range form.File {
		if name != "photo" {
			return nil, store.PhotoBody{}, badRequest("unknown_field", "Trường tệp “"+name+"” không được hỗ trợ; ảnh gửi trong trường “photo”.")
		}
	}
	body := store.PhotoBody{Caption: c.FormValue("caption"), Fit: c.FormValue("fit")}
	if body.Style, err = canonicalStyle(c.FormValue("style")); err != nil {
		return nil, body, err
	}
	files := form.File["photo"]
	if len(files) == 0 {
		return nil, body, badRequest("no_photo", "Chưa chọn ảnh nào để tải lên.")
	}
	out := make([]uploadedPhoto, 0, len(files))
	for _, fh := range files {
		up, err := s.checkPhoto(c.Request().Context(), fh)
		if err != nil {
			return nil, body, err
		}
		out = append(out, up)
	}
	return out, body, nil
}

// checkPhoto reads one file and refuses, before decoding its pixels,
// what is too large or not a JPEG or PNG; then decodes it whole, so a
// truncated file is refused now and not when a board needs it.
func (s *Server) checkPhoto(ctx context.Context, fh *multipart.FileHeader) (uploadedPhoto, error) {
	name := photoName(fh.Filename)
	if fh.Size > store.MaxPhotoBytes {
		return uploadedPhoto{}, apiErr(http.StatusRequestEntityTooLarge, "photo_too_large",
			fmt.Sprintf("Ảnh “%s” nặng %.1f MB; mỗi ảnh tối đa %d MB.", name, float64(fh.Size)/(1<<20), store.MaxPhotoBytes>>20))
	}
	f, err := fh.Open()
	if err != nil {
		return uploadedPhoto{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, store.MaxPhotoBytes+1))
	if err != nil {
		return uploadedPhoto{}, err
	}
	if err := inspectPhoto(name, data); err != nil {
		return uploadedPhoto{}, err
	}
	// Decoding takes as much memory and CPU as a render: it waits for a
	// place in the same budget.
	var upright image.Rectangle
	_, err = s.renders.run(ctx, assets.Request{}, false, func() (*assets.Rendered, error) {
		img, err := assets.DecodePhoto(data)
		if err == nil {
			upright = img.Bounds()
		}
		return nil, err
	})
	if errors.Is(err, errRenderBusy) {
		return uploadedPhoto{}, errPhotosBusy
	}
	if err != nil {
		return uploadedPhoto{}, apiErr(http.StatusUnprocessableEntity, "photo_corrupt",
			"Ảnh “"+name+"” bị hỏng hoặc không trọn vẹn (có thể việc tải lên bị ngắt giữa chừng); hãy gửi lại tệp gốc.")
	}
	// Dimensions as the photo stands, once its EXIF orientation is applied.
	file := store.PhotoFile{SHA256: assets.Sum(data), Name: name, Width: upright.Dx(), Height: upright.Dy(), Bytes: int64(len(data))}
	return uploadedPhoto{file: file, data: data}, nil
}

// inspectPhoto reads only a file's header: it must be a JPEG or PNG of
// dimensions safe to decode.
func inspectPhoto(name string, data []byte) error {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return apiErr(http.StatusUnsupportedMediaType, "photo_format",
			"Tệp “"+name+"” không phải ảnh JPEG hay PNG; hãy chụp lại hoặc lưu ảnh sang JPEG.")
	}
	return checkPhotoSize(name, cfg.Width, cfg.Height)
}

// checkPhotoSize refuses dimensions whose decoding would take too much
// memory: a file of a few kilobytes can claim 100000×100000 pixels.
func checkPhotoSize(name string, w, h int) error {
	if w <= 0 || h <= 0 || w > store.MaxPhotoSide || h > store.MaxPhotoSide || int64(w)*int64(h) > store.MaxPhotoPixels {
		return apiErr(http.StatusRequestEntityTooLarge, "photo_dimensions",
			fmt.Sprintf("Ảnh “%s” khai báo kích thước %d×%d điểm ảnh, vượt giới hạn (mỗi chiều tối đa %d, tổng tối đa %d triệu điểm ảnh); tệp có thể bị hỏng hoặc cố ý làm hại máy chủ, nên không được mở.",
				name, w, h, store.MaxPhotoSide, store.MaxPhotoPixels/1_000_000))
	}
	return nil
}

// photoName is the name a file is shown by: its base name, as a phone
// or a browser gives it, or a plain word when that is unusable.
func photoName(filename string) string {
	name := strings.TrimSpace(filepath.Base(strings.ReplaceAll(filename, `\`, "/")))
	if clean, err := store.CleanName(store.FieldPhotoName, name, store.MaxNameRunes); err == nil {
		return clean
	}
	return "ảnh không tên"
}

// canonicalStyle gives a style's canonical name ("" is the default).
func canonicalStyle(name string) (string, error) {
	st, err := assets.LookupStyle(name)
	if err != nil {
		return "", badRequest("unknown_style", err.Error())
	}
	return st.Name, nil
}

// uploadPhotos keeps the originals (once each: they are named by their
// sha256) and records a photo for each, waiting for approval. A file
// uploaded before is the photo already recorded.
func (s *Server) uploadPhotos(ctx context.Context, who *actor, ups []uploadedPhoto, body store.PhotoBody) ([]photoResult, error) {
	if err := body.Clean(); err != nil {
		return nil, err
	}
	if err := s.checkCaption(ctx, body); err != nil {
		return nil, err
	}
	sums := make([]string, len(ups))
	for i, up := range ups {
		sums[i] = up.file.SHA256
	}
	if err := s.store.PhotoRoom(ctx, sums); err != nil {
		return nil, err
	}
	out := make([]photoResult, 0, len(ups))
	for _, up := range ups {
		if _, err := s.photos.Put(up.data); err != nil {
			return out, err
		}
		p, created, err := s.store.CreatePhoto(ctx, who.Actor, up.file, body)
		if err != nil {
			return out, err
		}
		out = append(out, photoResult{Photo: p, Reused: !created})
	}
	return out, nil
}

// photoResult is one photo of an upload's answer.
type photoResult struct {
	store.Photo
	// Reused: the same file was uploaded before; this is that photo,
	// unchanged: a caption, fit or style sent with it was not taken (the
	// page says so; the photo's own form edits them).
	Reused bool `json:"reused"`
}

// checkCaption sets the caption on a typical LED board's band, so a
// character no font draws is refused on upload, not on a board.
func (s *Server) checkCaption(ctx context.Context, b store.PhotoBody) error {
	if strings.TrimSpace(b.Caption) == "" {
		return nil
	}
	size := previewSizes[len(previewSizes)-1]
	size.H = assets.CaptionBand(size)
	_, err := s.renders.render(ctx, s.renderer, assets.Request{Text: b.Caption, Size: size, Style: b.Style}, false)
	if errors.Is(err, errRenderBusy) {
		return errPhotosBusy
	}
	return err
}

var errPhotosBusy = apiErr(http.StatusServiceUnavailable, "busy", "Máy chủ đang bận xử lý nhiều ảnh cùng lúc; hãy thử lại sau vài giây.")
