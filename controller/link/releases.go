package link

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/controller/release"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/protocol"
)

// Release answers a board asking which player build it should run:
// the release of the newest rollout that reaches it for its platform,
// or 204 when none does. The board checks the signature itself.
func (s *Handler) Release(c echo.Context) error {
	platform := c.QueryParam("platform")
	if !protocol.ValidPlatform(platform) {
		return respond.BadRequest("bad_platform", "Nền tảng không được hỗ trợ; chỉ có linux/arm64, linux/armv7, linux/amd64, windows/amd64.")
	}
	b := c.Get(boardKey).(store.Target)
	r, err := s.store.OfferFor(c.Request().Context(), b.ID, platform)
	if errors.Is(err, store.ErrNotFound) {
		return c.NoContent(http.StatusNoContent)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// ReleaseBuild serves a release's file. Any board may fetch any build:
// builds are no secret, and a board takes one only if its signature
// holds.
func (s *Handler) ReleaseBuild(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	r, err := s.store.Release(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return respond.Err(http.StatusNotFound, "not_found", "Không có bản cập nhật này.")
	}
	if err != nil {
		return err
	}
	// The record names the file: one altered in the database names no
	// path outside the releases' folder.
	if err := r.Check(); err != nil {
		return respond.Err(http.StatusNotFound, "not_found", "Không có bản cập nhật này.")
	}
	f, err := os.Open(release.Path(s.dataDir, r.SHA256))
	if errors.Is(err, os.ErrNotExist) {
		return respond.Err(http.StatusNotFound, "release_file_missing", "Tệp của bản cập nhật không còn trong thư mục dữ liệu; hãy thêm lại bằng codong player-release add.")
	}
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	h.Set(echo.HeaderContentLength, strconv.FormatInt(r.Size, 10))
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	c.Response().WriteHeader(http.StatusOK)
	// The board checks size and sha256; a file changed on disk is
	// cut at the recorded size and fails there.
	_, err = io.CopyN(c.Response(), f, r.Size)
	if err != nil {
		s.log.Warn("release file shorter than recorded", "release", r.ID, "err", err)
	}
	return nil
}

// UpdateReport takes a board's word on an update: taken, rolled back or
// refused. It is kept for the boards page and audited.
func (s *Handler) UpdateReport(c echo.Context) error {
	var u protocol.UpdateReport
	dec := json.NewDecoder(io.LimitReader(c.Request().Body, protocol.MaxUpdateReportBytes))
	if err := dec.Decode(&u); err != nil {
		return respond.BadRequest("bad_update_report", "Báo cáo cập nhật không đọc được.")
	}
	if err := u.Check(); err != nil {
		return respond.BadRequest("bad_update_report", err.Error())
	}
	b := c.Get(boardKey).(store.Target)
	if err := s.store.RecordUpdate(c.Request().Context(), b, u); err != nil {
		return err
	}
	if u.Outcome != protocol.UpdateTaken {
		s.log.Warn("board update failed", "board", b.ID, "outcome", u.Outcome, "from", u.From, "to", u.To, "reason", u.Reason)
	}
	return c.NoContent(http.StatusNoContent)
}
