package browsertest

import (
	"encoding/json"
	"fmt"
)

// Uncaught returns the script exceptions the pages threw so far: each a
// bug in the page's scripts.
func (b *Browser) Uncaught() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.thrown...)
}

// noteConsole keeps what a person would see in the browser's console.
func (b *Browser) noteConsole(m message) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch m.Method {
	case "Runtime.exceptionThrown":
		var p struct {
			Details struct {
				Text      string `json:"text"`
				URL       string `json:"url"`
				Line      int    `json:"lineNumber"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		json.Unmarshal(m.Params, &p)
		d := p.Details
		b.thrown = append(b.thrown, fmt.Sprintf("%s:%d: %s %s", d.URL, d.Line+1, d.Text, d.Exception.Description))
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		json.Unmarshal(m.Params, &p)
		line := "console." + p.Type + ":"
		for _, a := range p.Args {
			if a.Value != nil {
				line += fmt.Sprint(" ", a.Value)
			} else {
				line += " " + a.Description
			}
		}
		b.console = append(b.console, line)
	case "Log.entryAdded": // what the browser itself reports: CSP, network, interventions
		var p struct {
			Entry struct {
				Level string `json:"level"`
				Text  string `json:"text"`
				URL   string `json:"url"`
			} `json:"entry"`
		}
		json.Unmarshal(m.Params, &p)
		if p.Entry.Level == "verbose" {
			return
		}
		b.console = append(b.console, fmt.Sprintf("%s: %s %s", p.Entry.Level, p.Entry.Text, p.Entry.URL))
	}
}
