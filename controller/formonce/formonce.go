// Package formonce makes a creating form happen once however often it is
// sent: a key drawn with the form, claimed by the first POST that
// carries it, and remembered with where that POST led.
package formonce

import (
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/controller/upload"
)

// FormKeyField is the hidden field a creating form carries: a key made
// when the form was drawn (the templates' formKey), one per form, so
// two forms of one page posting to one path (a playlist's "add a
// slogan" and "add a photo") are told apart.
const Field = "form_key"

// NewKey is a page's form key: 128 random bits.
func NewKey() string { return rand.Text() }

// Guard holds creating forms to once per key.
type Guard struct {
	Store *store.Store
	// Upload reads a streamed upload's fields.
	Upload *upload.Receiver
	Log    *slog.Logger
	// Again answers a second send: sent where the first led, with a
	// word saying so (the pages' flash).
	Again func(c echo.Context, to string) error
}

// onceWait bounds how long a second POST with a key waits for the first
// (a double click) before saying it is still being saved.
const (
	onceWait = 10 * time.Second
	oncePoll = 100 * time.Millisecond
)

// Once makes every POST that carries a form key happen once per key:
// the first goes ahead, and where it led (its redirect) is remembered;
// a second one with the key (Back then save, a double click, reloading
// the POST) creates nothing and is sent where the first led, with a
// word saying so. A refused POST (the page shown again with the reason)
// frees the key, so the corrected form saves. Every page answers a
// successful POST with a redirect (PRG), which is what is remembered.
func (s *Guard) Once(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		a := auth.ActorOf(c)
		if c.Request().Method != http.MethodPost || a == nil || a.Session == nil {
			return next(c)
		}
		key := s.formKey(c)
		if key == "" {
			return next(c)
		}
		ctx, path := c.Request().Context(), c.Request().URL.Path
		claim, err := s.Store.ClaimFormKey(ctx, a.Key, key, path)
		if errors.Is(err, store.ErrBadFormKey) {
			return respond.BadRequest("bad_form_key", "Biểu mẫu không hợp lệ; hãy tải lại trang rồi gửi lại.")
		}
		if err != nil {
			return err
		}
		for !claim.First && claim.Result == "" {
			// The first is still running (a double click): wait for it.
			if !waitOnce(c) {
				return respond.Err(http.StatusConflict, "form_in_progress", "Biểu mẫu này đang được lưu từ lần bấm trước; hãy chờ giây lát rồi mở lại trang để xem kết quả, đừng gửi lại.")
			}
			if claim, err = s.Store.ClaimFormKey(ctx, a.Key, key, path); err != nil {
				return err
			}
		}
		if !claim.First {
			return s.Again(c, claim.Result)
		}
		err = next(c)
		res := c.Response()
		if loc := res.Header().Get(echo.HeaderLocation); err == nil && res.Status == http.StatusSeeOther && loc != "" {
			return s.Store.FinishFormKey(ctx, a.Key, key, path, loc)
		}
		if rerr := s.Store.ReleaseFormKey(ctx, a.Key, key, path); rerr != nil {
			s.Log.Warn("release form key", "err", rerr)
		}
		return err
	}
}

// waitOnce sleeps one poll, or says the wait is over.
func waitOnce(c echo.Context) bool {
	started, _ := c.Get("codong.once_started").(time.Time)
	if started.IsZero() {
		started = time.Now()
		c.Set("codong.once_started", started)
	}
	if time.Since(started) > onceWait {
		return false
	}
	select {
	case <-c.Request().Context().Done():
		return false
	case <-time.After(oncePoll):
		return true
	}
}

// formKey reads the key of a form, or of an upload from its stream.
func (s *Guard) formKey(c echo.Context) string {
	if upload.IsUpload(c) {
		return s.Upload.Field(c, Field)
	}
	return c.FormValue(Field)
}
