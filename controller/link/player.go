package link

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/fleet"
	"codong/controller/netguard"
	"codong/controller/respond"
	"codong/controller/secret"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

const boardKey = "codong.board"

// RequireBoard admits a player presenting its board token.
func (s *Handler) RequireBoard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		tok := auth.Bearer(c.Request())
		if !strings.HasPrefix(tok, secret.PrefixBoard) {
			return &respond.Error{Status: http.StatusUnauthorized, Code: "bad_board_token", Message: "Thiếu mã bảng hoặc mã không đúng dạng."}
		}
		b, err := s.fleet.Authenticate(c.Request().Context(), secret.HashToken(tok))
		if errors.Is(err, fleet.ErrUnknownBoard) {
			refusal := &respond.Error{Status: http.StatusUnauthorized, Code: "bad_board_token", Message: "Mã bảng không hợp lệ hoặc bảng đã bị xoá."}
			// Sign a revocation only for a token that is no board and no
			// waiting player, bound to this connect's nonce.
			nonce := c.Request().Header.Get(protocol.NonceHeader)
			if _, perr := s.store.PairingByToken(c.Request().Context(), secret.HashToken(tok)); errors.Is(perr, store.ErrNotFound) && nonce != "" && len(nonce) <= 64 {
				refusal.Revocation = protocol.RevokeFor(tok, nonce, s.installation, s.key)
			}
			return refusal
		}
		if err != nil {
			return err
		}
		c.Set(boardKey, b)
		netguard.BoardProven(c.Request().Context())
		return next(c)
	}
}

// linkRetryAfter is when a board refused for reconnecting too fast may
// try again: the rate's refill (fleet's kindLink).
const linkRetryAfter = 6 * time.Second

// Connect upgrades a board's request to its link; the fleet sends
// it its whole desired state first.
func (s *Handler) Connect(c echo.Context) error {
	if !websocket.IsWebSocketUpgrade(c.Request()) {
		return respond.BadRequest("not_websocket", "Địa chỉ này chỉ nhận kết nối websocket từ codong-player.")
	}
	b := c.Get(boardKey).(store.Target)
	if err := s.fleet.AdmitLink(b.ID); err != nil {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(linkRetryAfter/time.Second)))
		return respond.Err(http.StatusTooManyRequests, "too_many_links", "Bảng này kết nối lại quá nhanh (có thể mã bảng đang được dùng ở hai nơi); hãy thử lại sau ít giây.")
	}
	if err := s.hub.Serve(c.Response(), c.Request(), b.ID); err != nil {
		s.log.Warn("websocket upgrade failed", "board", b.ID, "err", err)
	}
	return nil
}

// Asset serves a rendered picture by its hash. Any board may fetch
// any asset: they are the same public slogans, and hashes are unguessable
// only in the sense that they name content already approved for boards.
func (s *Handler) Asset(c echo.Context) error {
	sum := c.Param("sum")
	if !playlists.ValidHash(sum) {
		return respond.BadRequest("bad_hash", "Mã ảnh phải là sha256 dạng hex chữ thường.")
	}
	data, err := s.hot.Get(sum)
	if errors.Is(err, assets.ErrNotFound) {
		return respond.Err(http.StatusNotFound, "not_found", "Không có ảnh với mã này.")
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	return c.Blob(http.StatusOK, "image/png", data)
}
