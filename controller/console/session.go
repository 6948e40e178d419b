package console

import (
	"codong/controller/page"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/netguard"
	"codong/controller/request"
	"codong/controller/secret"
	"codong/controller/store"
	"codong/controller/upload"
)

// ShowLogin serves GET /login.
func (s *Handler) ShowLogin(c echo.Context) error {
	next := safeNext(c.QueryParam("next"))
	if auth.Session(c, s.store) != nil {
		return c.Redirect(http.StatusSeeOther, next)
	}
	return s.view.Render(c, http.StatusOK, "login", map[string]any{"Next": next, "Notice": LoginReasons[c.QueryParam("why")]})
}

// Login serves POST /login.
func (s *Handler) Login(c echo.Context) error {
	ctx := c.Request().Context()
	ip := c.RealIP()
	username, next := c.FormValue("username"), safeNext(c.FormValue("next"))
	fail := func(status int, msg string) error {
		return s.view.Render(c, status, "login", map[string]any{"Error": msg, "Username": username, "Next": next})
	}
	attempt, wait, ok := s.logins.Reserve(username, netguard.AddressKey(ip))
	if !ok {
		c.Response().Header().Set("Retry-After", strconv.Itoa(waitSeconds(wait)))
		return fail(http.StatusTooManyRequests, fmt.Sprintf("Sai mật khẩu nhiều lần; hãy thử lại sau %s.", WaitText(wait)))
	}
	var u store.User
	var err error
	var good bool
	checked := s.logins.Check(ctx, func() {
		if _, bad := request.FirstControl(username); bad {
			// No name holds one (the store refuses them); PostgreSQL
			// would refuse the query itself.
			err = store.ErrNotFound
		} else {
			u, err = s.store.UserByName(ctx, username)
		}
		if err != nil {
			// Spend the same work on unknown names, so response time
			// does not tell which user names exist.
			u.PasswordHash = s.dummyHash
		}
		good = secret.CheckPassword(u.PasswordHash, c.FormValue("password")) && err == nil && u.DisabledAt == nil
	})
	if !checked {
		// Not the person's fault: the attempt does not count.
		attempt.Release()
		c.Response().Header().Set("Retry-After", "5")
		return fail(http.StatusServiceUnavailable, "Máy chủ đang bận kiểm tra nhiều lượt đăng nhập; hãy thử lại sau vài giây.")
	}
	if !good {
		attempt.Failed()
		shown := request.EscapeControl(username)
		s.log.Warn("failed login", "username", shown, "ip", ip)
		// The name is only what was typed: record it as detail, not as
		// the actor, so nobody can write entries under someone's name.
		// Control characters are escaped so the entry can be stored
		// (PostgreSQL refuses a NUL) and read.
		s.store.Record(ctx, store.Actor{Name: "không xác định", Address: ip}, "login.failed", fmt.Sprintf("tên đăng nhập “%.50s”", shown))
		if ch, bad := request.FirstControl(username + c.FormValue("password")); bad {
			return fail(http.StatusBadRequest, request.ControlError(ch, "tên đăng nhập hoặc mật khẩu").Error())
		}
		return fail(http.StatusUnauthorized, "Sai tên đăng nhập hoặc mật khẩu.")
	}
	attempt.Succeeded()
	token, hash := secret.NewToken(secret.PrefixSession)
	expires := s.now().Add(auth.SessionLifetime)
	if err := s.store.CreateSession(ctx, hash, u.ID, rand.Text(), expires); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: auth.SessionCookie, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.IsTLS(),
	})
	s.log.Info("login", "username", u.Username, "ip", ip)
	if err := s.store.Record(ctx, store.Actor{Key: store.UserKey(u.ID), Name: u.Username, Roles: u.Roles, Address: ip, Unit: u.UnitID}, "login", ""); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// Logout serves POST /logout.
func (s *Handler) Logout(c echo.Context) error {
	if ck, err := c.Cookie(auth.SessionCookie); err == nil {
		s.store.DeleteSession(c.Request().Context(), secret.HashToken(ck.Value))
	}
	c.SetCookie(&http.Cookie{Name: auth.SessionCookie, Path: "/", MaxAge: -1})
	return page.Redirect(c, "/login", "logged_out")
}

// waitSeconds rounds a wait up: telling someone to come back a moment
// too early only earns them another refusal.
func waitSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// WaitText says how long to wait: in seconds under two minutes (the
// first pauses are seconds long), in whole minutes, rounded up, above.
func WaitText(d time.Duration) string {
	sec := waitSeconds(d)
	if sec < 120 {
		return strconv.Itoa(max(sec, 1)) + " giây"
	}
	return strconv.Itoa((sec+59)/60) + " phút"
}

// RequireUser admits a logged-in browser and checks the CSRF field of
// every form it posts; others are sent to the login page, and back
// after logging in (ui_next.go).
func (s *Handler) RequireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ss := auth.Session(c, s.store)
		if ss == nil {
			return s.toLogin(c)
		}
		if upload.IsUpload(c) {
			// An upload's CSRF field is read from its stream before its
			// first file is written; any other refusal of the upload is
			// the handler's to show.
			_, err := s.upload.Form(c, func(v map[string]string) error {
				if !auth.ValidCSRF(ss, v[auth.CSRFField]) {
					return auth.ErrBadCSRF
				}
				return nil
			})
			if errors.Is(err, auth.ErrBadCSRF) {
				return echo.NewHTTPError(http.StatusForbidden)
			}
		} else if c.Request().Method != http.MethodGet && !auth.ValidCSRF(ss, c.FormValue(auth.CSRFField)) {
			return echo.NewHTTPError(http.StatusForbidden)
		}
		if auth.MustChangePassword(ss) && !passwordPaths[c.Path()] {
			return c.Redirect(http.StatusSeeOther, "/password")
		}
		a, err := auth.UserActor(c, s.store, ss)
		if err != nil {
			return err
		}
		c.Set(auth.ActorKey, a)
		return next(c)
	}
}
