package upload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/render"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/controller/store"
)

// photoFields are the fields an upload may carry; any other is refused,
// as request.BindJSON refuses unknown JSON fields.
var photoFields = map[string]bool{"photo": true, "caption": true, "fit": true, "style": true, auth.CSRFField: true,
	// the page's form key (console/once.go): an upload sent twice is kept once
	"form_key": true}

// uploadPaths are the routes that take photos: the only bodies allowed
// past maxBodyBytes, up to store.MaxUploadBytes.
var uploadPaths = map[string]bool{"/photos": true, "/api/v1/photos": true}

// IsUpload says whether a request is one of the routes that take photos.
func IsUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && uploadPaths[c.Request().URL.Path]
}

// Limit bounds an upload's body before anything reads it (the web
// form's CSRF check reads its first field), and removes, once the
// request is answered, whatever of it was not kept.
func Limit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !IsUpload(c) {
			return next(c)
		}
		if c.Request().ContentLength > store.MaxUploadBytes {
			return uploadTooLarge()
		}
		c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, store.MaxUploadBytes)
		defer func() {
			if f, ok := c.Get(uploadFormKey).(*uploadForm); ok {
				f.cleanup()
			}
		}()
		return next(c)
	}
}

func uploadTooLarge() error {
	return respond.Err(http.StatusRequestEntityTooLarge, "upload_too_large",
		fmt.Sprintf("Lần tải lên này quá lớn: tối đa %d MB mỗi lần; hãy gửi ít ảnh hơn mỗi lần.", store.MaxUploadBytes>>20))
}

// Photo is one checked file of an upload, still in its
// temporary file.
type Photo struct {
	file store.PhotoFile
	path string
}

// Read receives an upload and checks every file before any is
// kept: one bad file refuses the upload, naming the file.
func (r *Receiver) Read(c echo.Context) ([]Photo, store.PhotoBody, error) {
	form, err := r.Form(c, nil)
	if err != nil {
		return nil, store.PhotoBody{}, err
	}
	body := store.PhotoBody{Caption: form.values["caption"], Fit: form.values["fit"]}
	if body.Style, err = staff.CanonicalStyle(form.values["style"]); err != nil {
		return nil, body, err
	}
	if len(form.files) == 0 {
		return nil, body, respond.BadRequest("no_photo", "Chưa chọn ảnh nào để tải lên.")
	}
	out := make([]Photo, 0, len(form.files))
	for _, rf := range form.files {
		up, err := r.checkPhoto(c.Request().Context(), rf)
		if errors.Is(err, staff.ErrPhotosBusy) {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
		}
		if err != nil {
			return nil, body, err
		}
		out = append(out, up)
	}
	return out, body, nil
}

// checkPhoto refuses, from its structure and before decoding a pixel,
// a file that is not a JPEG or PNG or whose decoding would cost too
// much; then decodes it whole in the uploads' own pool, so a truncated
// file is refused now and not when a board needs it.
func (r *Receiver) checkPhoto(ctx context.Context, rf receivedFile) (Photo, error) {
	f, err := os.Open(rf.path)
	if err != nil {
		return Photo{}, err
	}
	defer f.Close()
	info, err := assets.InspectPhoto(f)
	if err != nil {
		return Photo{}, photoRefusal(rf.name, info, err)
	}
	if err := render.PhotoLimits.Check(info); err != nil {
		return Photo{}, photoRefusal(rf.name, info, err)
	}
	if !r.gate.decodes.Acquire(ctx, decodeWait) {
		return Photo{}, staff.ErrPhotosBusy
	}
	defer r.gate.decodes.Release()
	if info.Bytes > r.gate.mem.capacity {
		return Photo{}, photoRefusal(rf.name, info, &assets.CostError{Info: info, Limit: "bytes"})
	}
	if !r.gate.mem.acquire(ctx, info.Bytes, decodeWait) {
		return Photo{}, staff.ErrPhotosBusy
	}
	defer r.gate.mem.release(info.Bytes)
	if r.gate.Inside != nil {
		r.gate.Inside()
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Photo{}, err
	}
	img, _, err := assets.DecodePhoto(ctx, f, render.PhotoLimits)
	if ctx.Err() != nil {
		return Photo{}, ctx.Err()
	}
	if err != nil {
		return Photo{}, photoRefusal(rf.name, info, err)
	}
	// Dimensions as the photo stands, once its EXIF orientation is applied.
	upright := img.Bounds()
	file := store.PhotoFile{SHA256: rf.sum, Name: rf.name, Width: upright.Dx(), Height: upright.Dy(), Bytes: rf.size}
	return Photo{file: file, path: rf.path}, nil
}

// inspectPhoto reads only a file's structure: it must be a JPEG or PNG
// whose decoding is within render.PhotoLimits.
func inspectPhoto(name string, data []byte) error {
	info, err := assets.InspectPhoto(bytes.NewReader(data))
	if err == nil {
		err = render.PhotoLimits.Check(info)
	}
	if err != nil {
		return photoRefusal(name, info, err)
	}
	return nil
}

// photoRefusal says why a photo is refused, naming it.
func photoRefusal(name string, info assets.PhotoInfo, err error) error {
	var cost *assets.CostError
	switch {
	case errors.Is(err, assets.ErrPhotoFormat):
		return respond.Err(http.StatusUnsupportedMediaType, "photo_format",
			"Tệp “"+name+"” không phải ảnh JPEG hay PNG; hãy chụp lại hoặc lưu ảnh sang JPEG.")
	case errors.As(err, &cost) && cost.Limit == "size":
		return respond.Err(http.StatusRequestEntityTooLarge, "photo_dimensions",
			fmt.Sprintf("Ảnh “%s” khai báo kích thước %d×%d điểm ảnh, vượt giới hạn (mỗi chiều tối đa %d, tổng tối đa %d triệu điểm ảnh); tệp có thể bị hỏng hoặc cố ý làm hại máy chủ, nên không được mở.",
				name, info.Width, info.Height, store.MaxPhotoSide, store.MaxPhotoPixels/1_000_000))
	case errors.As(err, &cost) && cost.Limit == "bytes":
		return respond.Err(http.StatusRequestEntityTooLarge, "photo_decode_memory",
			fmt.Sprintf("Ảnh “%s” (%d×%d) cần %d MB bộ nhớ để mở, quá mức %d MB cho một ảnh (thường là ảnh PNG 16 bit màu); hãy lưu lại thành JPEG hoặc PNG 8 bit rồi gửi lại.",
				name, info.Width, info.Height, info.Bytes>>20, store.MaxPhotoDecodeBytes>>20))
	case errors.As(err, &cost):
		return respond.Err(http.StatusRequestEntityTooLarge, "photo_decode_cost",
			fmt.Sprintf("Ảnh “%s” (%d×%d) được ghi thành %d lượt quét (progressive): mở nó tốn quá nhiều công (tối đa %d lượt, và không quá %d lượt trên một ảnh 50 triệu điểm ảnh); tệp có thể cố ý làm hại máy chủ. Hãy lưu lại ảnh thành JPEG thường (baseline) rồi gửi lại.",
				name, info.Width, info.Height, info.Scans, store.MaxPhotoScans, store.MaxPhotoWork/store.MaxPhotoPixels))
	}
	return respond.Err(http.StatusUnprocessableEntity, "photo_corrupt",
		"Ảnh “"+name+"” bị hỏng hoặc không trọn vẹn (có thể việc tải lên bị ngắt giữa chừng); hãy gửi lại tệp gốc.")
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

// Keep keeps the originals (once each: they are named by their
// sha256) and records a photo for each, waiting for approval. A file
// uploaded before is the photo already recorded.
func (r *Receiver) Keep(ctx context.Context, who *auth.Actor, at store.Place, ups []Photo, body store.PhotoBody) ([]Result, error) {
	if err := body.Clean(); err != nil {
		return nil, err
	}
	if err := r.desk.CheckCaption(ctx, body); err != nil {
		return nil, err
	}
	sums := make([]string, len(ups))
	for i, up := range ups {
		sums[i] = up.file.SHA256
	}
	if err := r.store.PhotoRoom(ctx, sums); err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(ups))
	for _, up := range ups {
		if err := r.keepOriginal(ctx, up); err != nil {
			return out, err
		}
		r.disk.Kept(up.file.Bytes)
		p, created, err := r.store.CreatePhotoIn(ctx, who.Actor, at, up.file, body)
		if err != nil {
			return out, err
		}
		out = append(out, Result{Photo: p, Reused: !created})
	}
	return out, nil
}

// originalCopies is how many copies of an original's bytes sending it
// to PostgreSQL holds at once: the file read, the driver's encoding of
// it, its write buffer.
const originalCopies = 3

// keepOriginal keeps an upload's original. On SQLite the file is moved
// into DATA/photos; on PostgreSQL it is read and sent whole, so that
// memory is taken from the uploads' budget like a decode's.
func (r *Receiver) keepOriginal(ctx context.Context, up Photo) error {
	if _, inDB := r.photos.(render.DBOriginals); inDB {
		n := min(originalCopies*up.file.Bytes, r.gate.mem.capacity)
		if !r.gate.mem.acquire(ctx, n, decodeWait) {
			return staff.ErrPhotosBusy
		}
		defer r.gate.mem.release(n)
	}
	err := r.photos.Adopt(up.file.SHA256, up.path)
	if err != nil && respond.IsDiskFull(err) {
		return respond.ErrDiskFull
	}
	return err
}

// Result is one photo of an upload's answer.
type Result struct {
	store.Photo
	// Reused: the same file was uploaded before; this is that photo,
	// unchanged: a caption, fit or style sent with it was not taken (the
	// page says so; the photo's own form edits them).
	Reused bool `json:"reused"`
}
