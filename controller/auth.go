package controller

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
	"codong/controller/secret"
	"codong/controller/store"
)

const (
	sessionCookie   = "codong_session"
	sessionLifetime = 12 * time.Hour
	csrfField       = "csrf"
	csrfHeader      = "X-CSRF-Token"
)

// actor is who is making a request, for authorisation and the audit log.
type actor struct {
	store.Actor
	Session *store.Session // nil for API tokens
}

const actorKey = "codong.actor"

func actorOf(c echo.Context) *actor {
	a, _ := c.Get(actorKey).(*actor)
	return a
}

// who is the actor of a request as the store records it.
func who(c echo.Context) store.Actor { return actorOf(c).Actor }

func userActor(c echo.Context, ss *store.Session) *actor {
	return &actor{
		Actor:   store.Actor{Key: store.UserKey(ss.User.ID), Name: ss.User.Username, Roles: ss.User.Roles, Address: c.RealIP()},
		Session: ss,
	}
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// session returns the browser's live session, if any.
func (s *Server) session(c echo.Context) *store.Session {
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil
	}
	ss, err := s.store.SessionByToken(c.Request().Context(), secret.HashToken(ck.Value))
	if err != nil {
		return nil
	}
	return &ss
}

// requireAPI admits a bearer API token, or a logged-in browser (the web
// UI's scripts) that proves its session with the CSRF header on changes.
func (s *Server) requireAPI(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if tok := bearer(c.Request()); tok != "" {
			t, err := s.store.APITokenByHash(c.Request().Context(), secret.HashToken(tok))
			if errors.Is(err, store.ErrNotFound) || !strings.HasPrefix(tok, secret.PrefixAPI) {
				return respond.Err(http.StatusUnauthorized, "bad_token", "Mã truy cập không hợp lệ hoặc đã bị thu hồi.")
			}
			if err != nil {
				return err
			}
			c.Set(actorKey, &actor{Actor: store.Actor{Key: t.Key(), Name: "mã truy cập “" + t.Name + "”", Roles: t.Roles, Address: c.RealIP(), Token: t.ID}})
			return next(c)
		}
		ss := s.session(c)
		if ss == nil {
			return respond.Err(http.StatusUnauthorized, "unauthorized", "Cần mã truy cập (Authorization: Bearer …) hoặc đăng nhập.")
		}
		if c.Request().Method != http.MethodGet && !validCSRF(ss, c.Request().Header.Get(csrfHeader)) {
			return respond.Err(http.StatusForbidden, "csrf", "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token).")
		}
		if mustChangePassword(ss) {
			return respond.Err(http.StatusForbidden, "password_change_required", "Mật khẩu của bạn do người khác đặt và chỉ dùng được một lần: hãy đổi mật khẩu ở trang /password rồi làm tiếp.")
		}
		c.Set(actorKey, userActor(c, ss))
		return next(c)
	}
}

// requireUser admits a logged-in browser and checks the CSRF field of
// every form it posts; others are sent to the login page, and back
// after logging in (ui_next.go).
func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ss := s.session(c)
		if ss == nil {
			return s.toLogin(c)
		}
		if isUpload(c) {
			// An upload's CSRF field is read from its stream before its
			// first file is written; any other refusal of the upload is
			// the handler's to show.
			_, err := s.uploadForm(c, func(v map[string]string) error {
				if !validCSRF(ss, v[csrfField]) {
					return errBadCSRF
				}
				return nil
			})
			if errors.Is(err, errBadCSRF) {
				return echo.NewHTTPError(http.StatusForbidden)
			}
		} else if c.Request().Method != http.MethodGet && !validCSRF(ss, c.FormValue(csrfField)) {
			return echo.NewHTTPError(http.StatusForbidden)
		}
		if mustChangePassword(ss) && !passwordPaths[c.Path()] {
			return c.Redirect(http.StatusSeeOther, "/password")
		}
		c.Set(actorKey, userActor(c, ss))
		return next(c)
	}
}

var errBadCSRF = errors.New("missing or wrong CSRF field")

func validCSRF(ss *store.Session, got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(ss.CSRF)) == 1
}
