package controller

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
	"codong/controller/store"
)

// sloganLine is a slogan version as a reviewer reads it.
func sloganLine(b store.SloganBody) string {
	line := b.Text + " (kiểu " + styleLabel(b.Style) + ")"
	if c := b.Countdown; c != nil {
		line += "; đếm ngược tới ngày " + dateVN(c.Date) + ", từ ngày đó hiện “" + c.After + "”"
	}
	return line
}

func (s *Server) apiListSlogans(c echo.Context) error {
	list, err := s.store.Slogans(c.Request().Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []store.Slogan{}
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) apiGetSlogan(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	sl, err := s.store.Slogan(c.Request().Context(), id)
	if err != nil {
		return err
	}
	request.SetETag(c, sl.Version)
	return c.JSON(http.StatusOK, sl)
}

func (s *Server) apiCreateSlogan(c echo.Context) error {
	var in staff.SloganInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	sl, err := s.desk.CreateSlogan(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, sl)
}

func (s *Server) apiUpdateSlogan(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in staff.SloganInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	in.Version = &base
	sl, err := s.desk.UpdateSlogan(c.Request().Context(), auth.ActorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sl)
}

func (s *Server) apiDeleteSlogan(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.desk.DeleteSlogan(c.Request().Context(), auth.ActorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
