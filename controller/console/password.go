package console

import (
	"codong/controller/page"
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/respond"
	"codong/controller/secret"
)

// A password set by someone else (an admin creating or resetting an
// account, or the command line) is known to them: it serves one login,
// whose session reaches only this page and logging out until the person
// chooses their own (auth.MustChangePassword). Anyone may change
// their own password here at any time.

// ShowPasswordForm serves GET /password.
func (s *Handler) ShowPasswordForm(c echo.Context) error {
	return s.passwordForm(c, http.StatusOK, "")
}

func (s *Handler) passwordForm(c echo.Context, status int, problem string) error {
	ss := auth.ActorOf(c).Session
	return s.view.Render(c, status, "password", map[string]any{"Forced": ss.User.MustChangePassword, "Error": problem})
}

// ChangeOwnPassword serves POST /password.
func (s *Handler) ChangeOwnPassword(c echo.Context) error {
	a := auth.ActorOf(c)
	u := a.Session.User
	current, next, again := c.FormValue("current"), c.FormValue("password"), c.FormValue("again")
	if !secret.CheckPassword(u.PasswordHash, current) {
		return s.passwordForm(c, http.StatusBadRequest, "Mật khẩu hiện tại không đúng.")
	}
	if next != again {
		return s.passwordForm(c, http.StatusBadRequest, "Hai lần gõ mật khẩu mới không giống nhau.")
	}
	if next == current {
		return s.passwordForm(c, http.StatusBadRequest, "Mật khẩu mới phải khác mật khẩu hiện tại (người đã đặt mật khẩu đó cho bạn biết nó).")
	}
	hash, err := s.desk.HashPassword(next, s.accountWords(c.Request().Context(), u.Username)...)
	if err != nil {
		return s.passwordForm(c, http.StatusBadRequest, respond.Explain(err))
	}
	keep := ""
	if ck, err := c.Cookie(auth.SessionCookie); err == nil {
		keep = secret.HashToken(ck.Value)
	}
	if err := s.store.ChangeOwnPassword(c.Request().Context(), a.Actor, u.ID, hash, keep); err != nil {
		return err
	}
	return page.Redirect(c, "/", "password_changed")
}

// accountWords are what a guesser of this account's password knows: its
// name, the organisation's names, as printed on the documents and as the
// first run gave them, the congress's number and term.
func (s *Handler) accountWords(ctx context.Context, username string) []string {
	words := []string{username}
	if h, _, err := s.letterhead.Current(ctx); err == nil {
		words = append(words, h.Org, h.Issuer, h.Place, h.Signer)
	}
	if o, err := s.store.Organisation(ctx); err == nil {
		words = append(words, o.PartyBody, o.Committee, o.Congress, o.Term)
	}
	return words
}

// passwordPaths are what a session with a one-time password reaches.
var passwordPaths = map[string]bool{"/password": true, "/logout": true}
