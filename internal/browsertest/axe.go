package browsertest

import (
	_ "embed"
	"fmt"
	"strings"
)

// axeSource is axe-core, the accessibility engine browsers' own audits
// are built on, bundled so a test needs no network (see
// testdata/axe-core/README.md for its version and how to update it).
//
//go:embed testdata/axe-core/axe.min.js
var axeSource string

// AxeFinding is one element that breaks one of axe-core's rules.
type AxeFinding struct {
	Rule    string // axe's rule id, e.g. color-contrast
	Impact  string // minor, moderate, serious or critical
	Help    string // the rule in a sentence
	Target  string // a CSS selector for the element
	HTML    string // the element's opening, as axe quotes it
	Summary string // what exactly is wrong with this element
}

func (f AxeFinding) String() string {
	return fmt.Sprintf("%s (%s) at %s %s: %s", f.Rule, f.Impact, f.Target, f.HTML, strings.ReplaceAll(f.Summary, "\n", " "))
}

// Serious reports whether the finding is one that keeps a person from
// using the page: axe's "serious" and "critical".
func (f AxeFinding) Serious() bool { return f.Impact == "serious" || f.Impact == "critical" }

// Axe runs axe-core over the page as it is now (injecting it the first
// time) and returns every element that breaks a rule, whatever its
// impact. The page's own Content-Security-Policy does not apply: the
// script arrives through DevTools, not from the page.
func (b *Browser) Axe() ([]AxeFinding, error) {
	var loaded bool
	if err := b.Eval(`typeof window.axe === "object"`, &loaded); err != nil {
		return nil, err
	}
	if !loaded {
		if err := b.Eval(axeSource+"\n;true", nil); err != nil {
			return nil, fmt.Errorf("load axe-core: %w", err)
		}
	}
	var found []AxeFinding
	err := b.Eval(`axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations.flatMap(v => v.nodes.map(n => ({
		Rule: v.id, Impact: n.impact || v.impact || "", Help: v.help,
		Target: n.target.map(String).join(" "), HTML: (n.html || "").slice(0, 160), Summary: n.failureSummary || "" }))))`, &found)
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	return found, nil
}
