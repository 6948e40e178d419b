package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// An upload's body is read part by part: fields into memory (small),
// each file straight into a temporary file in DATA/uploads, hashed on
// the way. Nothing of a photo is held in memory until it is decoded.
const (
	uploadFormKey = "codong.upload"
	// maxFieldBytes bounds a text field of an upload (a caption is at
	// most store.MaxCaptionRunes).
	maxFieldBytes = 16 << 10
	// maxUploadParts bounds the fields and files of one upload.
	maxUploadParts = 100
)

// uploadForm is an upload's fields and files, as received.
type uploadForm struct {
	values  map[string]string
	files   []receivedFile
	err     error
	release func()
}

// receivedFile is one file of an upload, in its temporary file.
type receivedFile struct {
	name, path, sum string
	size            int64
}

// cleanup gives back the upload's place and removes what was not kept.
func (f *uploadForm) cleanup() {
	for _, rf := range f.files {
		os.Remove(rf.path)
	}
	if f.release != nil {
		f.release()
	}
}

// uploadForm receives the request's upload once: the page's CSRF check
// needs its field, the handler its files. admit, when set, is asked
// before the first file is written, with the fields sent before it (the
// page sends its CSRF field first).
func (r *Receiver) Form(c echo.Context, admit func(values map[string]string) error) (*uploadForm, error) {
	if f, ok := c.Get(uploadFormKey).(*uploadForm); ok {
		return f, f.err
	}
	f := &uploadForm{values: map[string]string{}}
	c.Set(uploadFormKey, f)
	f.err = r.receiveUpload(c, f, admit)
	return f, f.err
}

func (r *Receiver) receiveUpload(c echo.Context, f *uploadForm, admit func(map[string]string) error) error {
	if !r.gate.places.Acquire(c.Request().Context(), 0) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
		return errUploadsBusy
	}
	f.release = r.gate.places.Release
	size := c.Request().ContentLength
	if size < 0 {
		size = store.MaxUploadBytes
	}
	if err := r.disk.RoomFor(c.Request().Context(), size); err != nil {
		return err
	}
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return badUpload()
	}
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || parts >= maxUploadParts {
			return uploadReadError(err)
		}
		name := part.FormName()
		// The upload's text is checked here as it streams in: the
		// route's request.RefuseControl never parses a body this large.
		if ch, bad := request.FirstControl(name); bad {
			return request.ControlError(ch, "tên một trường")
		}
		if ch, bad := request.FirstControl(part.FileName()); bad {
			return request.ControlError(ch, "tên tệp")
		}
		if part.FileName() == "" && name != "photo" {
			if !photoFields[name] {
				return respond.BadRequest("unknown_field", "Trường “"+name+"” không được hỗ trợ ở địa chỉ này; hãy xem tài liệu API.")
			}
			v, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
			if err != nil {
				return uploadReadError(err)
			}
			if len(v) > maxFieldBytes {
				return respond.BadRequest("field_too_long", "Trường “"+name+"” quá dài.")
			}
			if ch, bad := request.FirstControl(string(v)); bad {
				return request.ControlError(ch, "trường “"+name+"”")
			}
			f.values[name] = string(v)
			continue
		}
		if name != "photo" {
			return respond.BadRequest("unknown_field", "Trường tệp “"+name+"” không được hỗ trợ; ảnh gửi trong trường “photo”.")
		}
		if admit != nil {
			if err := admit(f.values); err != nil {
				return err
			}
			admit = nil
		}
		if err := r.receiveFile(f, photoName(part.FileName()), part); err != nil {
			return err
		}
	}
	if admit != nil {
		return admit(f.values)
	}
	return nil
}

// receiveFile writes one file of the upload to a temporary file.
func (r *Receiver) receiveFile(f *uploadForm, name string, body io.Reader) error {
	tmp, err := os.CreateTemp(r.dir, ".upload-*")
	if err != nil {
		return uploadWriteError(err)
	}
	f.files = append(f.files, receivedFile{name: name, path: tmp.Name()})
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(markReads{body}, store.MaxPhotoBytes+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || isReadError(err) {
			return uploadReadError(err)
		}
		return uploadWriteError(err)
	}
	if n > store.MaxPhotoBytes {
		return respond.Err(http.StatusRequestEntityTooLarge, "photo_too_large",
			fmt.Sprintf("Ảnh “%s” nặng hơn %d MB; mỗi ảnh tối đa %d MB.", name, store.MaxPhotoBytes>>20, store.MaxPhotoBytes>>20))
	}
	rf := &f.files[len(f.files)-1]
	rf.sum, rf.size = hex.EncodeToString(h.Sum(nil)), n
	return nil
}

// readError marks a failure of the request's body (the client), as
// against one of the disk.
type readError struct{ error }

func (e readError) Unwrap() error { return e.error }

// markReads marks its reader's errors as readErrors.
type markReads struct{ r io.Reader }

func (m markReads) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	if err != nil && err != io.EOF {
		err = readError{err}
	}
	return n, err
}

func isReadError(err error) bool {
	var re readError
	return errors.As(err, &re)
}

func badUpload() error {
	return respond.BadRequest("bad_upload", "Cần gửi ảnh dạng multipart/form-data, trường “photo” (có thể lặp lại).")
}

func uploadReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return uploadTooLarge()
	}
	if err == nil {
		return respond.BadRequest("bad_upload", fmt.Sprintf("Một lần tải lên có tối đa %d trường và tệp.", maxUploadParts))
	}
	return badUpload()
}

// uploadWriteError says a disk that refused the upload's file.
func uploadWriteError(err error) error {
	if respond.IsDiskFull(err) {
		return respond.ErrDiskFull
	}
	return fmt.Errorf("upload: %w", err)
}

// Field is a text field of the request's upload ("" when absent or when
// the upload could not be received).
func (r *Receiver) Field(c echo.Context, name string) string {
	f, err := r.Form(c, nil)
	if err != nil {
		return ""
	}
	return f.values[name]
}
