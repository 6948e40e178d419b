package controller

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
	"codong/controller/store"
)

func (s *Server) apiListPhotos(c echo.Context) error {
	list, err := s.store.Photos(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) apiGetPhoto(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.store.Photo(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// apiUploadPhotos answers 201 with every photo of the upload when one at
// least is new, 200 when all were uploaded before.
func (s *Server) apiUploadPhotos(c echo.Context) error {
	ups, body, err := s.upload.Read(c)
	if err != nil {
		return err
	}
	out, err := s.upload.Keep(c.Request().Context(), auth.ActorOf(c), ups, body)
	if err != nil {
		return err
	}
	status := http.StatusOK
	for _, p := range out {
		if !p.Reused {
			status = http.StatusCreated
		}
	}
	return c.JSON(status, out)
}

func (s *Server) apiUpdatePhoto(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in staff.PhotoInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	in.Version = &base
	p, err := s.desk.UpdatePhoto(c.Request().Context(), auth.ActorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiDeletePhoto(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeletePhoto(c.Request().Context(), auth.Who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// describePhoto fills a photo version's change: its caption and fit
// beside the approved ones, and previews of this version at every board
// size in use.
func (s *Server) describePhoto(ctx context.Context, ch *change, old store.Version, hasOld bool) error {
	var nb, ob store.PhotoBody
	if err := json.Unmarshal(ch.Body, &nb); err != nil {
		return err
	}
	name := fmt.Sprintf("#%d (đã xoá)", ch.Version.Subject)
	if p, err := s.store.Photo(ctx, ch.Version.Subject); err == nil {
		name = p.Name
	}
	ch.Subject, ch.New = photoTitle(nb.Caption, name), []string{photoLineText(nb)}
	if hasOld && json.Unmarshal(old.Body, &ob) == nil {
		ch.Old = []string{photoLineText(ob)}
	}
	sizes, err := s.desk.SizesInUse(ctx)
	if err != nil {
		return err
	}
	for _, sz := range sizes {
		ch.Previews = append(ch.Previews, changePreview{Size: sz.String(),
			URL: fmt.Sprintf("/photos/%d/preview.png?size=%s&version=%d", ch.Version.Subject, sz, ch.Version.ID)})
	}
	return nil
}

// photoTitle names a photo as its caption, or else its file name.
func photoTitle(caption, name string) string {
	if caption != "" {
		return caption
	}
	return "Ảnh " + name
}

func photoLineText(b store.PhotoBody) string {
	caption := "không có chú thích"
	if b.Caption != "" {
		caption = "chú thích “" + b.Caption + "”"
	}
	return caption + "; " + strings.ToLower(fitNames[b.Fit]) + "; kiểu " + styleLabel(b.Style)
}

// photoLine names a photo in a playlist version's lines.
func (s *Server) photoLine(ctx context.Context, id int64) string {
	p, err := s.store.Photo(ctx, id)
	if err != nil {
		return fmt.Sprintf("ảnh #%d (đã xoá)", id)
	}
	text := "ảnh: " + photoTitle(p.Caption, p.Name)
	if p.Approved == nil {
		text += " (ảnh chưa được duyệt: chưa hiện)"
	}
	return text
}
