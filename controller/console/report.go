package console

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/letterhead"
	"codong/controller/report"
	"codong/controller/respond"
	"codong/controller/store"
)

// ShowReport is the "Báo cáo kết quả" page: a period and a group to
// choose, the totals, what was shown how often on which boards, and the
// ways to send it on (a spreadsheet, a printed report).
func (s *Handler) ShowReport(c echo.Context) error {
	data, err := s.reportPage(c)
	var ae *respond.Error
	if errors.As(err, &ae) && ae.Status == http.StatusBadRequest {
		// A wrong date or group from the form: say so above the form
		// the person still has, rather than on an error page.
		groups, boards, gerr := s.groupsAndBoards(c)
		if gerr != nil {
			return gerr
		}
		return s.view.Render(c, http.StatusBadRequest, "report", map[string]any{"Error": ae.Message, "Groups": groups, "Boards": boards, "Query": c.QueryParams()})
	}
	if err != nil {
		return err
	}
	return s.view.Render(c, http.StatusOK, "report", data)
}

// ShowReportPrint is the report as an A4 document to sign and send to
// the Party committee above, headed as administrative documents are.
func (s *Handler) ShowReportPrint(c echo.Context) error {
	data, err := s.reportPage(c)
	if err != nil {
		return err
	}
	head, _, err := s.letterhead.Current(c.Request().Context())
	if err != nil {
		return err
	}
	// A unit's report is the unit's document, sent to the unit above.
	unit := data["Unit"].(store.Unit)
	data["Head"] = letterhead.ForUnit(head, auth.ActorOf(c).Tree, unit)
	data["Today"] = s.now().In(s.location)
	data["DocType"] = "BC" // báo cáo
	return s.view.Render(c, http.StatusOK, "report_print", data)
}

// reportPage is the report page's data (report.Page).
func (s *Handler) reportPage(c echo.Context) (map[string]any, error) {
	return report.Page(c, s.store, s.wall, s.now(), s.location)
}
