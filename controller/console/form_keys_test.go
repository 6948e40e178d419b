package console

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// changesInPlace are the POST forms that make nothing new, and why a
// second send of each does no harm: each is judged here once, so a new
// form is either given a form key (once.go) or said to be one of these.
var changesInPlace = map[string]string{
	"/login":                 "logging in again opens another session, as it should",
	"/logout":                "ends the session; a second time ends nothing",
	"/password":              "sets the same password; the current one no longer matches a second time",
	"/override":              "switches to the same playlist again",
	"/override/clear":        "goes back to the schedule again",
	"/approvals":             "a version approved or refused is no longer pending: refused a second time",
	"/boards/:x":             "settings, sent with the row's version: a second send is refused as stale",
	"/groups/:x":             "a rename, with the row's version",
	"/photos/:x":             "a caption edit, with the photo's version",
	"/playlists/:x/rename":   "a rename, with the row's version",
	"/playlists/:x/items/:x": "a move, a duration or a removal, with the playlist's version",
	"/users/:x":              "roles and lock, with the row's version",
	"/users/:x/password":     "sets the same password again",
	"/tokens/:x/revoke":      "revoking a revoked token does nothing",
	"/versions/:x/withdraw":  "a withdrawn version is no longer pending",
	"/versions/:x/resubmit":  "a resubmitted version is pending: refused a second time",
	"/settings":              "the organisation, with its version: a second send is refused as stale",
	"/groups/:x/boards":      "a board already in the group is left as it is",
	"/:x/:x/share":           "shares a slogan, photo or playlist down, or stops: a second send sets the same again",
	"/alerts/thresholds":     "sets a group's threshold: a second send sets the same",
	"/alerts/smtp":           "sets the mail server: a second send sets the same",
	// Remote care, sent by the page's script after a confirmation, and
	// answered only once the board has acted.
	"/api/v1/boards/:x/restart":     "restarts the player again: a few more dark seconds, nothing stored changes",
	"/api/v1/boards/:x/cache-reset": "drops the pictures just fetched and fetches them again: nothing stored changes",
}

var (
	postForm   = regexp.MustCompile(`(?s)<form\b[^>]*method="post"[^>]*>.*?</form>`)
	formAction = regexp.MustCompile(`^<form\b[^>]*\baction="([^"]*)"`)
	tmplExpr   = regexp.MustCompile(`\{\{[^}]*\}\}`)
)

// TestEveryCreatingFormHasAKey: every POST form of the pages either
// carries a form key, so sending it twice creates once, or is a change
// in place listed above with the reason a second send does no harm.
// Deleting is a change in place too: the second finds nothing.
func TestEveryCreatingFormHasAKey(t *testing.T) {
	pages, err := fs.Glob(templateFiles, "web/templates/*.html")
	if err != nil || len(pages) == 0 {
		t.Fatalf("templates: %v %v", pages, err)
	}
	keyed := 0
	for _, name := range pages {
		page, _ := fs.ReadFile(templateFiles, name)
		for _, form := range postForm.FindAllString(string(page), -1) {
			action := "(the page's own address)"
			if m := formAction.FindStringSubmatch(form); m != nil {
				action = tmplExpr.ReplaceAllString(m[1], ":x")
			}
			switch {
			case strings.Contains(form, `name="form_key" value="{{formKey}}"`):
				keyed++
			case changesInPlace[action] != "" || strings.HasSuffix(action, "/delete"):
			default:
				t.Errorf("%s: the form posting to %s has no form key (name=\"form_key\" value=\"{{formKey}}\"): add one if it creates something, or list it in changesInPlace with why a second send does no harm", name, action)
			}
		}
	}
	if keyed < 12 {
		t.Errorf("only %d forms carry a form key, want the 12 creating forms", keyed)
	}
}
