package console

import (
	"codong/controller/page"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/controller/store"
)

// The first run asks who runs this installation (ShowSetup), and the
// settings page edits it afterwards (ShowSettings): both are the
// administrator's.

// organisationForm reads the organisation's fields from a form.
func organisationForm(c echo.Context) store.Organisation {
	return store.Organisation{
		PartyBody: c.FormValue("party_body"), Place: c.FormValue("place"), Congress: c.FormValue("congress"),
		Term: c.FormValue("term"), Committee: c.FormValue("committee"), IssuerKind: c.FormValue("issuer_kind"),
		Org: c.FormValue("org"), Issuer: c.FormValue("issuer"), Recipient: c.FormValue("recipient"),
		SignerTitle: c.FormValue("signer_title"), Signer: c.FormValue("signer"),
	}
}

// ShowSetup serves GET /setup: the first run's questions, or the settings
// page once they were answered.
func (s *Handler) ShowSetup(c echo.Context) error {
	if _, err := s.store.Organisation(c.Request().Context()); err == nil {
		return c.Redirect(http.StatusSeeOther, "/settings")
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return s.view.Render(c, http.StatusOK, "setup", map[string]any{"Org": store.Organisation{Term: "2025 - 2030"}})
}

// SaveSetup serves POST /setup: the answers are stored and the slogans
// naming the congress drafted; the approvals page is next, since nothing
// seeded reaches a board before a person approves it.
func (s *Handler) SaveSetup(c echo.Context) error {
	o := organisationForm(c)
	if _, err := staff.SetUp(c.Request().Context(), s.store, auth.Who(c), o); err != nil {
		var changed *store.ChangedError
		if errors.As(err, &changed) {
			return page.Redirect(c, "/settings", "setup_done_before")
		}
		if ae, internal := respond.Classify(err); !internal {
			return s.view.Render(c, ae.Status, "setup", map[string]any{"Org": o, "Error": ae.Message})
		}
		return err
	}
	return page.Redirect(c, "/settings", "setup_done")
}

// ShowSettings serves GET /settings: the organisation and the printed
// documents' head, the fields the command line fixed shown as such.
func (s *Handler) ShowSettings(c echo.Context) error {
	return s.settingsPage(c, http.StatusOK, nil, "")
}

func (s *Handler) settingsPage(c echo.Context, status int, typed *store.Organisation, problem string) error {
	ctx := c.Request().Context()
	o, err := s.store.Organisation(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return c.Redirect(http.StatusSeeOther, "/setup")
	}
	if err != nil {
		return err
	}
	head, fixed, err := s.letterhead.Current(ctx)
	if err != nil {
		return err
	}
	shown := o
	if typed != nil {
		typed.Version = o.Version
		shown = *typed
	}
	return s.view.Render(c, status, "settings", map[string]any{"Org": shown, "Stored": o, "Head": head, "Fixed": fixed,
		"Kinds": store.IssuerKinds, "Error": problem, "Today": s.now().In(s.location), "DocType": "BC"})
}

// SaveSettings serves POST /settings: the whole form replaces the stored
// organisation, from the version the form was opened at.
func (s *Handler) SaveSettings(c echo.Context) error {
	o := organisationForm(c)
	base, err := request.FormVersion(c)
	if err != nil {
		return err
	}
	if _, err := s.store.SetOrganisation(c.Request().Context(), auth.Who(c), o, base); err != nil {
		if ae, internal := respond.Classify(err); !internal {
			return s.settingsPage(c, ae.Status, &o, ae.Message)
		}
		return err
	}
	return page.Redirect(c, "/settings", "saved")
}
