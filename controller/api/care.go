package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/fleet"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/protocol"
)

// careWait bounds the wait for a board's answer to remote care: a board
// answers at once (a screenshot of its buffer, its log in memory), so
// longer means it is not there.
const careWait = 10 * time.Second

// careAudit names each action in the audit log.
var careAudit = map[string]string{
	protocol.CareScreenshot:  "board.screenshot",
	protocol.CareLogs:        "board.logs",
	protocol.CareRestart:     "board.restart",
	protocol.CareCacheReset:  "board.cache_reset",
	protocol.CareDiagnostics: "board.diagnostics",
}

// care asks the board of the request's path for action, audited, and
// gives its answer, or the reason there is none in Vietnamese.
func (h *Handler) care(c echo.Context, action string) (fleet.CareAnswer, error) {
	id, err := request.PathID(c, "id")
	if err != nil {
		return fleet.CareAnswer{}, err
	}
	ctx := c.Request().Context()
	// Another unit's board is as absent as one that does not exist.
	b, err := h.store.Board(ctx, auth.Scope(c), id)
	if err != nil {
		return fleet.CareAnswer{}, err
	}
	// Asked is audited, answered or not: a restart that reached the
	// board but whose answer was lost still happened.
	if err := h.store.Record(ctx, auth.Who(c), careAudit[action], fmt.Sprintf("#%d %s", b.ID, b.Name)); err != nil {
		return fleet.CareAnswer{}, err
	}
	wait, cancel := context.WithTimeout(ctx, careWait)
	defer cancel()
	ans, err := h.fleet.Care(wait, id, action)
	var old *fleet.TooOldError
	switch {
	case errors.Is(err, fleet.ErrBoardOffline):
		return ans, respond.Err(http.StatusConflict, "board_offline", "Bảng không kết nối với máy chủ này nên không chăm sóc từ xa được.")
	case errors.As(err, &old):
		v := old.Version
		if v == "" {
			v = "không rõ"
		}
		return ans, respond.Err(http.StatusConflict, "player_too_old", fmt.Sprintf("Máy phát của bảng (phiên bản %s) quá cũ, chưa hỗ trợ chăm sóc từ xa (cần mức giao thức 2.6); hãy cập nhật máy phát.", v))
	case errors.Is(err, fleet.ErrCareBusy):
		return ans, respond.Err(http.StatusConflict, "board_busy", "Bảng đang trả lời các yêu cầu khác; hãy thử lại sau ít giây.")
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, fleet.ErrNoAnswer):
		return ans, respond.Err(http.StatusGatewayTimeout, "board_silent", "Bảng không trả lời trong 10 giây.")
	case err != nil:
		return ans, err
	case ans.Care.Problem != "":
		return ans, respond.Err(http.StatusConflict, "board_could_not", "Bảng không làm được: "+ans.Care.Problem)
	}
	return ans, nil
}

// BoardScreenshot is the board's whole frame at its own size, as its
// display draws it.
func (h *Handler) BoardScreenshot(c echo.Context) error {
	ans, err := h.care(c, protocol.CareScreenshot)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "image/png", ans.Raw)
}

// BoardLogs is the player's last log lines, oldest first.
func (h *Handler) BoardLogs(c echo.Context) error {
	ans, err := h.care(c, protocol.CareLogs)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", ans.Raw)
}

// BoardDiagnostics is the state of the board's machine.
func (h *Handler) BoardDiagnostics(c echo.Context) error {
	ans, err := h.care(c, protocol.CareDiagnostics)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ans.Care.Diagnostics)
}

// careDone is the answer to an action the board confirmed.
type careDone struct {
	Board   int64  `json:"board"`
	Action  string `json:"action"`
	Message string `json:"message"`
}

// RestartBoard has the player start itself again; it links again
// within seconds.
func (h *Handler) RestartBoard(c echo.Context) error {
	return h.careAction(c, protocol.CareRestart, "Máy phát đã nhận lệnh và đang khởi động lại; bảng kết nối lại sau ít giây.")
}

// ResetBoardCache has the player drop its pictures and fetch them again.
func (h *Handler) ResetBoardCache(c echo.Context) error {
	return h.careAction(c, protocol.CareCacheReset, "Máy phát đã xoá ảnh trong bộ nhớ đệm và đang tải lại.")
}

func (h *Handler) careAction(c echo.Context, action, msg string) error {
	// Nothing to set: a body may be empty or {}, and a field in it is
	// refused, so a script never believes an option was taken.
	if c.Request().ContentLength != 0 {
		var none struct{}
		if err := request.BindJSON(c, &none); err != nil {
			return err
		}
	}
	if _, err := h.care(c, action); err != nil {
		return err
	}
	id, _ := request.PathID(c, "id")
	return c.JSON(http.StatusOK, careDone{Board: id, Action: action, Message: msg})
}
