package browsertest

import (
	"encoding/json"
	"sync"
)

// Dialog is a dialog a page opened: an alert, a confirm, a prompt, or
// the browser's own "leave this page?" for a beforeunload handler.
type Dialog struct {
	Type    string // alert, confirm, prompt or beforeunload
	Message string // what the page asked; empty for beforeunload
}

// dialogs keeps the dialogs the page opened and how to answer the next.
type dialogs struct {
	mu      sync.Mutex
	dismiss bool // answer Cancel (stay) rather than OK (go on)
	seen    []Dialog
}

// AcceptDialogs says how dialogs are answered from now on: true, the
// default, presses OK (confirm the deletion, leave the page); false
// presses Cancel (keep it, stay on the page). A dialog nobody answered
// would freeze the page, so every one is answered.
func (b *Browser) AcceptDialogs(accept bool) {
	b.dialogs.mu.Lock()
	b.dialogs.dismiss = !accept
	b.dialogs.mu.Unlock()
}

// Dialogs returns the dialogs opened so far, oldest first.
func (b *Browser) Dialogs() []Dialog {
	b.dialogs.mu.Lock()
	defer b.dialogs.mu.Unlock()
	return append([]Dialog(nil), b.dialogs.seen...)
}

// onEvent routes the page's events: dialogs are answered, the rest
// noted as console output.
func (b *Browser) onEvent(m message) {
	if m.Method != "Page.javascriptDialogOpening" {
		b.noteConsole(m)
		return
	}
	var d Dialog
	var p struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	}
	json.Unmarshal(m.Params, &p)
	d.Type, d.Message = p.Type, p.Message
	b.dialogs.mu.Lock()
	b.dialogs.seen = append(b.dialogs.seen, d)
	accept := !b.dialogs.dismiss
	b.dialogs.mu.Unlock()
	// Called by the connection's reader: the answer's reply is read by
	// that same goroutine, so it is sent from another.
	go b.conn.call("Page.handleJavaScriptDialog", map[string]any{"accept": accept}, nil)
}
