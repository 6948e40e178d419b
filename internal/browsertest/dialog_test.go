package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestDialogs: a confirm is answered as told and recorded with its
// question; a page that asks before unloading is kept when told to
// stay, and left when told to go.
func TestDialogs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/away" {
			fmt.Fprint(w, `<!doctype html><title>away</title>`)
			return
		}
		fmt.Fprint(w, `<!doctype html><title>here</title><a href="/away">đi</a>
<script>addEventListener("beforeunload", (e) => { e.preventDefault(); e.returnValue = ""; });</script>`)
	}))
	defer srv.Close()
	b := Start(t, Options{})
	b.Navigate(srv.URL)
	for _, accept := range []bool{false, true} {
		b.AcceptDialogs(accept)
		var got bool
		if err := b.Eval(`confirm("Xoá thật không?")`, &got); err != nil || got != accept {
			t.Fatalf("confirm answered %v (%v), want %v", got, err, accept)
		}
	}
	if ds := b.Dialogs(); len(ds) != 2 || ds[0] != (Dialog{Type: "confirm", Message: "Xoá thật không?"}) {
		t.Fatalf("dialogs %+v", ds)
	}
	b.AcceptDialogs(false)
	var title string
	b.Eval(`document.querySelector("a").click()`, nil)
	b.Wait("the leave dialog", "document.title", &title, func() bool { return len(b.Dialogs()) == 3 })
	if d := b.Dialogs()[2]; d.Type != "beforeunload" || title != "here" {
		t.Fatalf("after staying: dialog %+v, page %q", d, title)
	}
	b.AcceptDialogs(true)
	b.LoadAfter("leave", func() error { return b.Eval(`document.querySelector("a").click()`, nil) })
	if b.Eval("document.title", &title); title != "away" {
		t.Fatalf("after leaving: page %q", title)
	}
}
