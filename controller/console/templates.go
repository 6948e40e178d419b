package console

import (
	"codong/controller/words"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/audit"
	"codong/controller/formonce"
	"codong/controller/report"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
)

//go:embed web/templates/*.html
var templateFiles embed.FS

//go:embed web/static
var staticFiles embed.FS

// StaticFS is the stylesheet, scripts and pictures the pages use.
func StaticFS() fs.FS {
	sub, err := fs.Sub(staticFiles, "web/static")
	if err != nil {
		panic(err)
	}
	return sub
}

// pages holds one template set per page, each parsed with the layout, at
// start-up: a broken template stops the controller at once, not on the
// first visit.
type pages map[string]*template.Template

// templateFuncs shows times in the controller's time zone, the one its
// schedules and reports use.
func templateFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		"inc": func(i int) int { return i + 1 },
		// formKey is a new key for each creating form drawn (once.go).
		"formKey": formonce.NewKey,
		"previewURL": func(text, style string, size assets.Size) string {
			return "/api/v1/render?" + PreviewQuery(text, style, size).Encode()
		},
		"action":     audit.ActionName,
		"days":       playlists.DayNames,
		"state":      func(st string) string { return respond.StateNames[st] },
		"kind":       func(k string) string { return respond.KindNames[k] },
		"role":       func(r string) string { return respond.RoleNames[r] },
		"roles":      audit.RolesText,
		"detail":     audit.DetailText,
		"style":      words.StyleLabel,
		"has":        func(rs store.Roles, r string) bool { return rs.Has(r) },
		"pickGroups": pickGroups,
		"join":       strings.Join,
		"dict":       dict,
		"mark": func(marks []string, i int) string {
			if i < len(marks) {
				return marks[i]
			}
			return ""
		},
		"phase":   words.PhaseText,
		"weekday": words.WeekdayOf,
		"dateVN":  words.DateVN,
		"spanWhy": func(from string) string { return spanWhys[from] },
		"clock":   report.Clock,
		"head":    words.HeadLine,
		"docday":  words.DocDate,
		"day":     func(t time.Time) string { return t.In(loc).Format("02/01/2006") },
		"minute":  func(t time.Time) string { return t.In(loc).Format("15:04 02/01/2006") },
		"chosenIf": func(on bool, gs []string) []string {
			if on {
				return gs
			}
			return nil
		},
		"when": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.In(loc).Format("15:04:05 02/01/2006")
		},
	}
}

// dict makes a map of its pairs of arguments, to pass several values
// to a template; it panics on an odd count or a key not a string (a
// template written wrong, caught by the tests that render every page).
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	if len(kv)%2 != 0 {
		panic("dict: odd number of arguments")
	}
	return m
}

// MustTemplates parses every page at start-up, or panics.
func MustTemplates(loc *time.Location) pages {
	names := []string{"login", "dashboard", "slogans", "slogan_form", "playlists", "schedule", "calendar", "groups", "boards", "board_token", "audit", "error",
		"approvals", "submission_sheet", "version", "users", "token_created", "report", "report_print", "photos", "password", "setup", "settings", "alerts"}
	p := make(pages, len(names))
	for _, n := range names {
		t := template.New("layout.html").Funcs(templateFuncs(loc))
		// doc_head.html holds the printed documents' headers, pager.html
		// the links between a long list's pages: both shared.
		p[n] = template.Must(t.ParseFS(templateFiles, "web/templates/layout.html", "web/templates/doc_head.html", "web/templates/pager.html", "web/templates/"+n+".html"))
	}
	return p
}

// Render runs the page name with data (echo.Renderer).
func (p pages) Render(w io.Writer, name string, data any, _ echo.Context) error {
	t, ok := p[name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	return t.Execute(w, data)
}

// groupPick is the groups a form offers, and those ticked.
type groupPick struct {
	All []struct {
		store.Group
		On bool
	}
	Chosen []string // names of those ticked
}

// pickGroups ticks the chosen groups among all.
func pickGroups(all []store.Group, chosen []string) groupPick {
	var p groupPick
	for _, g := range all {
		on := slices.Contains(chosen, g.Slug)
		p.All = append(p.All, struct {
			store.Group
			On bool
		}{g, on})
		if on {
			p.Chosen = append(p.Chosen, g.Name)
		}
	}
	return p
}

// spanWhys say why a calendar span plays what it does.
var spanWhys = map[string]string{
	playlists.FromOverride: "(phát đặc biệt đang bật)",
	playlists.FromSlot:     "(theo khung giờ)",
	playlists.FromDefault:  "(mặc định)",
}
