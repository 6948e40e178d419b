package auth

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
	SessionCookie   = "codong_session"
	SessionLifetime = 12 * time.Hour
	CSRFField       = "csrf"
	CSRFHeader      = "X-CSRF-Token"
)

// Actor is who is making a request, for authorisation and the audit log.
type Actor struct {
	store.Actor
	Session *store.Session // nil for API tokens
	// Scope is what the actor may see: the unit they hold their roles
	// in and every unit under it. Every read of an owned thing asks it.
	Scope store.Scope
	// Tree is the installation's units, read once for the request: the
	// scope, the unit a page looks at and its breadcrumbs come from it.
	Tree *store.Tree
}

const ActorKey = "codong.actor"

func ActorOf(c echo.Context) *Actor {
	a, _ := c.Get(ActorKey).(*Actor)
	return a
}

// Who is the actor of a request as the store records it.
func Who(c echo.Context) store.Actor { return ActorOf(c).Actor }

// Scope is what the request's actor may see.
func Scope(c echo.Context) store.Scope { return ActorOf(c).Scope }

// UserActor is the actor of a logged-in browser, with its scope.
func UserActor(c echo.Context, st *store.Store, ss *store.Session) (*Actor, error) {
	a := &Actor{
		Actor:   store.Actor{Key: store.UserKey(ss.User.ID), Name: ss.User.Username, Roles: ss.User.Roles, Address: c.RealIP(), Unit: ss.User.UnitID},
		Session: ss,
	}
	return withScope(c, st, a)
}

func withScope(c echo.Context, st *store.Store, a *Actor) (*Actor, error) {
	t, err := st.Units(c.Request().Context())
	if err != nil {
		return nil, err
	}
	if _, ok := t.ByID(a.OwnUnit()); !ok {
		return nil, store.ErrNotFound
	}
	a.Scope, a.Tree = t.Scope(a.OwnUnit()), t
	return a, nil
}

func Bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// Session returns the browser's live session, if any.
func Session(c echo.Context, st *store.Store) *store.Session {
	ck, err := c.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return nil
	}
	ss, err := st.SessionByToken(c.Request().Context(), secret.HashToken(ck.Value))
	if err != nil {
		return nil
	}
	return &ss
}

// RequireAPI admits a bearer API token, or a logged-in browser (the web
// UI's scripts) that proves its session with the CSRF header on changes.
func RequireAPI(st *store.Store) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if tok := Bearer(c.Request()); tok != "" {
				t, err := st.APITokenByHash(c.Request().Context(), secret.HashToken(tok))
				if errors.Is(err, store.ErrNotFound) || !strings.HasPrefix(tok, secret.PrefixAPI) {
					return respond.Err(http.StatusUnauthorized, "bad_token", "Mã truy cập không hợp lệ hoặc đã bị thu hồi.")
				}
				if err != nil {
					return err
				}
				a, err := withScope(c, st, &Actor{Actor: store.Actor{Key: t.Key(), Name: "mã truy cập “" + t.Name + "”", Roles: t.Roles, Address: c.RealIP(), Token: t.ID, Unit: t.UnitID}})
				if err != nil {
					return err
				}
				c.Set(ActorKey, a)
				return next(c)
			}
			ss := Session(c, st)
			if ss == nil {
				return respond.Err(http.StatusUnauthorized, "unauthorized", "Cần mã truy cập (Authorization: Bearer …) hoặc đăng nhập.")
			}
			if c.Request().Method != http.MethodGet && !ValidCSRF(ss, c.Request().Header.Get(CSRFHeader)) {
				return respond.Err(http.StatusForbidden, "csrf", "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token).")
			}
			if MustChangePassword(ss) {
				return respond.Err(http.StatusForbidden, "password_change_required", "Mật khẩu của bạn do người khác đặt và chỉ dùng được một lần: hãy đổi mật khẩu ở trang /password rồi làm tiếp.")
			}
			a, err := UserActor(c, st, ss)
			if err != nil {
				return err
			}
			c.Set(ActorKey, a)
			return next(c)
		}
	}
}

var ErrBadCSRF = errors.New("missing or wrong CSRF field")

func ValidCSRF(ss *store.Session, got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(ss.CSRF)) == 1
}

// RequireRole refuses, with 403, an actor who lacks role.
func RequireRole(role string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if role != AnyRole && !ActorOf(c).Roles.Has(role) {
				return respond.Err(http.StatusForbidden, "forbidden_role", "Việc này cần vai trò “"+respond.RoleNames[role]+"”; tài khoản của bạn không có vai trò đó.")
			}
			return next(c)
		}
	}
}

// MustChangePassword tells whether a session may only change its
// password: its password was set by someone else.
func MustChangePassword(ss *store.Session) bool { return ss.User.MustChangePassword }

// AnyRole, as the role a route needs, admits every signed-in actor.
const AnyRole = ""

// OwnBoards reads ?boards=: "own" asks for the boards of the unit looked
// at only, not those of the units under it; "" or "all" for every one.
func OwnBoards(c echo.Context) (bool, error) {
	switch c.QueryParam("boards") {
	case "", "all":
		return false, nil
	case "own":
		return true, nil
	}
	return false, respond.BadRequest("bad_boards", "Tham số boards chỉ nhận all (mọi bảng, kể cả của đơn vị cấp dưới) hoặc own (chỉ bảng trực thuộc đơn vị).")
}

// Looking is the unit a request looks at: ?unit=SLUG, one the actor
// sees, or the actor's own; with the tree and what the unit sees. A unit
// outside the actor's reach is refused as unknown, like one that does
// not exist.
func Looking(c echo.Context) (store.Unit, store.Scope, *store.Tree, error) {
	a := ActorOf(c)
	t, own := a.Tree, a.OwnUnit()
	u, _ := t.ByID(own)
	if v := c.QueryParam("unit"); v != "" {
		asked, ok := t.BySlug(v)
		if !ok || !t.Within(asked.ID, own) {
			return store.Unit{}, store.Scope{}, nil, respond.BadRequest("unknown_unit", "Không có đơn vị mã “"+v+"” trong phạm vi của bạn.")
		}
		u = asked
	}
	return u, t.Scope(u.ID), t, nil
}

// UnitGate closes a route to actors of every unit below the root when
// rootOnly (the route table's rootOnly routes); it lets every actor by
// otherwise.
func UnitGate(rootOnly bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if rootOnly && Who(c).Below() {
				return respond.Err(http.StatusForbidden, "root_unit_only", "Việc này chỉ người của đơn vị gốc làm được; tài khoản của bạn thuộc một đơn vị cấp dưới.")
			}
			return next(c)
		}
	}
}
