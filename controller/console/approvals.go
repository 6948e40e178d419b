package console

import (
	"codong/controller/page"
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/controller/store"
)

// waiting describes every version waiting for review, oldest first, as
// the standing committee reads them.
func (s *Handler) waiting(ctx context.Context, sc store.Scope) ([]Change, error) {
	vs, err := s.store.Versions(ctx, sc, store.VersionFilter{State: store.StatePending})
	if err != nil {
		return nil, err
	}
	out := make([]Change, 0, len(vs))
	for i := len(vs) - 1; i >= 0; i-- {
		ch, err := s.Describe(ctx, sc, vs[i])
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// ShowApprovals is "Chờ duyệt": what waits for approvers, and what the
// signed-in person submitted, with its state.
func (s *Handler) ShowApprovals(c echo.Context) error {
	ctx, a := c.Request().Context(), auth.Who(c)
	data := map[string]any{"CanReview": a.Roles.Has(store.RoleApprover), "Me": a.Key}
	if a.Roles.Has(store.RoleApprover) {
		w, err := s.waiting(ctx, auth.Scope(c))
		if err != nil {
			return err
		}
		data["Waiting"] = w
		// Accounts the four-eyes rule takes for this person: their
		// versions are shown, but cannot be ticked.
		hands, err := s.store.SameHands(ctx, a.Key)
		if err != nil {
			return err
		}
		same := map[string]bool{}
		for _, k := range hands {
			same[k] = true
		}
		data["SameHands"] = same
	}
	mine, err := s.store.Versions(ctx, auth.Scope(c), store.VersionFilter{Author: a.Key, Limit: 50})
	if err != nil {
		return err
	}
	var own []Change
	for _, v := range mine {
		ch, err := s.Describe(ctx, auth.Scope(c), v)
		if err != nil {
			return err
		}
		own = append(own, ch)
	}
	data["Mine"] = own
	return s.view.Render(c, http.StatusOK, "approvals", data)
}

// Review approves or rejects the ticked versions, with one comment.
func (s *Handler) Review(c echo.Context) error {
	ctx, a := c.Request().Context(), auth.Who(c)
	form, err := c.FormParams()
	if err != nil {
		return respond.BadRequest("bad_form", "Biểu mẫu không hợp lệ.")
	}
	decision := c.FormValue("decision")
	if decision != "approve" && decision != "reject" {
		return respond.BadRequest("bad_form", "Hãy bấm “Duyệt” hoặc “Từ chối”.")
	}
	reject := decision == "reject"
	comment, err := staff.CheckComment(c.FormValue("comment"), reject)
	if err != nil {
		return err
	}
	var ids []int64
	for _, raw := range form["id"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return respond.BadRequest("bad_form", "Biểu mẫu không hợp lệ.")
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return respond.BadRequest("none_ticked", "Chưa chọn bản nào; hãy đánh dấu các bản cần duyệt.")
	}
	// All or none: a refusal of one (superseded meanwhile, say) leaves
	// every board as it was, and the page says why.
	if reject {
		err = s.store.RejectAll(ctx, a, ids, comment)
	} else {
		_, err = s.store.ApproveAll(ctx, a, ids, comment)
	}
	if err != nil {
		return err
	}
	if reject {
		return page.Redirect(c, "/approvals", "rejected")
	}
	return page.Redirect(c, "/approvals", "approved")
}

// ShowSubmissionSheet is the "Tờ trình": the waiting slogans with their
// pictures and a signature block, printed for a meeting on paper, headed
// as the issuer's kind of body heads its documents.
func (s *Handler) ShowSubmissionSheet(c echo.Context) error {
	w, err := s.waiting(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	head, _, err := s.letterhead.Current(c.Request().Context())
	if err != nil {
		return err
	}
	now := s.now()
	// The last item is printed with the signatures, as one block, so
	// that they never stand alone on the sheet's last page.
	last := w[max(len(w)-1, 0):]
	return s.view.Render(c, http.StatusOK, "submission_sheet", map[string]any{"Items": w[:len(w)-len(last)], "Last": last,
		"Now": now, "Head": head, "Today": now.In(s.location), "DocType": "TTr"}) // tờ trình
}

// ShowVersion shows one version and the history of its subject.
func (s *Handler) ShowVersion(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v, err := s.store.Version(ctx, auth.Scope(c), id)
	if err != nil {
		return err
	}
	ch, err := s.Describe(ctx, auth.Scope(c), v)
	if err != nil {
		return err
	}
	history, err := s.store.Versions(ctx, auth.Scope(c), store.VersionFilter{Kind: v.Kind, Subject: v.Subject})
	if err != nil {
		return err
	}
	return s.view.Render(c, http.StatusOK, "version", map[string]any{"Change": ch, "History": history, "Me": auth.Who(c).Key})
}

func (s *Handler) uiVersionAction(c echo.Context, act func(context.Context, store.Actor, int64) (store.Version, error), flash string) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	v, err := act(c.Request().Context(), auth.Who(c), id)
	if err != nil {
		return err
	}
	return page.Redirect(c, "/versions/"+strconv.FormatInt(v.ID, 10), flash)
}

// Withdraw serves POST /versions/:id/withdraw.
func (s *Handler) Withdraw(c echo.Context) error {
	return s.uiVersionAction(c, s.store.Withdraw, "withdrawn")
}

// Resubmit serves POST /versions/:id/resubmit.
func (s *Handler) Resubmit(c echo.Context) error {
	return s.uiVersionAction(c, s.store.Resubmit, "submitted")
}

// Restore serves POST /versions/:id/restore.
func (s *Handler) Restore(c echo.Context) error {
	return s.uiVersionAction(c, s.store.Restore, "restored")
}
