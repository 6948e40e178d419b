package link

import (
	"crypto/rand"
	"errors"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/netguard"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/secret"
	"codong/controller/store"
	"codong/protocol"
)

const (
	pairingLifetime = 15 * time.Minute
	// Waiting players are unauthenticated: bound how many there may be,
	// in all and from one address, so nobody can flood the Boards page.
	maxPairings           = 200
	maxPairingsPerAddress = 5
	pairingCodeLength     = 6
	pairingCodeAlphabet   = "ABCDEFGHJKMNPQRSTUVWXYZ23456789" // no 0/O, 1/I/L
	minBoardTokenLength   = 40
)

func newPairingCode() string {
	b := make([]byte, pairingCodeLength)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(pairingCodeAlphabet))))
		b[i] = pairingCodeAlphabet[n.Int64()]
	}
	return string(b)
}

func pairingToken(c echo.Context) (string, error) {
	tok := auth.Bearer(c.Request())
	if !strings.HasPrefix(tok, secret.PrefixBoard) || len(tok) < minBoardTokenLength {
		return "", respond.Err(http.StatusUnauthorized, "bad_board_token", "Cần mã bảng (Bearer cdb_…, ít nhất 40 ký tự).")
	}
	return tok, nil
}

// PairStart serves POST /api/v1/pair: a player without credentials
// registers its new secret and gets a code to show.
func (s *Handler) PairStart(c echo.Context) error {
	tok, err := pairingToken(c)
	if err != nil {
		return err
	}
	var req protocol.PairRequest
	if err := request.BindJSON(c, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return respond.BadRequest("bad_pair_request", respond.Sentence(err.Error())+".")
	}
	ctx, addr := c.Request().Context(), netguard.AddressKey(c.RealIP())
	hash := secret.HashToken(tok)
	// A board's token is the board: it cannot also wait to become
	// another one (the adoption would fail later, misleadingly). The
	// player asks GET /api/v1/pair to learn it was adopted.
	if _, err := s.store.BoardByToken(ctx, hash); err == nil {
		return respond.Err(http.StatusConflict, "already_paired", "Mã bảng này đã thuộc về một bảng đã ghép nối; bảng chỉ cần kết nối, không cần ghép nối lại.")
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	all, mine, err := s.store.CountPairings(ctx, addr)
	if err != nil {
		return err
	}
	if all >= maxPairings || mine >= maxPairingsPerAddress {
		return respond.Err(http.StatusTooManyRequests, "too_many_pairings", "Có quá nhiều bảng đang chờ ghép nối; hãy thử lại sau ít phút.")
	}
	p := store.Pairing{Width: req.Width, Height: req.Height, Address: addr, ExpiresAt: s.now().Add(pairingLifetime)}
	for range 5 {
		p.Code = newPairingCode()
		if err = s.store.CreatePairing(ctx, p, hash); !errors.Is(err, store.ErrConflict) {
			break
		}
	}
	if err != nil {
		return respond.Err(http.StatusConflict, "pairing_conflict", "Không tạo được mã ghép nối; hãy khởi động lại bảng.")
	}
	s.log.Info("player waiting to pair", "code", p.Code, "address", addr)
	return c.JSON(http.StatusCreated, protocol.PairTicket{Code: p.Code, ExpiresAt: p.ExpiresAt.UTC(), ControllerKey: s.controllerKey, Installation: s.installation})
}

// PairState serves GET /api/v1/pair: has the waiting player been
// adopted yet?
func (s *Handler) PairState(c echo.Context) error {
	tok, err := pairingToken(c)
	if err != nil {
		return err
	}
	ctx, hash := c.Request().Context(), secret.HashToken(tok)
	if b, err := s.store.BoardByToken(ctx, hash); err == nil {
		return c.JSON(http.StatusOK, protocol.PairState{State: protocol.PairAdopted, Board: b.Name, BoardID: b.ID})
	}
	if _, err := s.store.PairingByToken(ctx, hash); err == nil {
		return c.JSON(http.StatusOK, protocol.PairState{State: protocol.PairPending})
	}
	return c.JSON(http.StatusOK, protocol.PairState{State: protocol.PairExpired})
}
