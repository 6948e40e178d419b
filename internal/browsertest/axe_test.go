package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// axePage is the header of the console before issue 28, a yellow brand
// on red at 4.1:1, beside a well-formed twin; the page forbids every
// script of its own, as the console does.
const axePage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Thử</title></head>
<body><main>
<h1>Thử</h1>
<p id="bad" style="background:#c8102e;color:#ffd400;font-size:18px;font-weight:bold">Cổ động trực quan</p>
<p id="good" style="background:#c8102e;color:#fff;font-size:18px;font-weight:bold">Cổ động trực quan</p>
</main></body></html>`

func TestAxeFindsWhatAPersonCannotRead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		fmt.Fprint(w, axePage)
	}))
	defer srv.Close()
	b := Start(t, Options{Viewport: Phone})
	b.Navigate(srv.URL)
	for run := range 2 { // the second run reuses the engine already in the page
		found, err := b.Axe()
		if err != nil {
			t.Fatal(err)
		}
		var serious []string
		for _, f := range found {
			if f.Serious() {
				serious = append(serious, f.Rule+" "+f.Target)
			}
		}
		if want := []string{"color-contrast #bad"}; !slices.Equal(serious, want) {
			t.Errorf("run %d: serious findings %q, want %q (all: %v)", run, serious, want, found)
		}
	}
}

// cardsPage is a table laid out as cards on a phone, three times: the
// first hides its header row as the console did before issue 28; the
// second hides it only visually but draws each cell's label into its
// name; the third gives the label an empty alternative text.
const cardsPage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Thử</title><style>
table, tbody, tr, td { display: block; }
.gone thead { display: none; }
.twice thead, .kept thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
td[data-label]::before { content: attr(data-label) ": "; }
.kept td[data-label]::before { content: attr(data-label) ": " / ""; }
</style></head>
<body><main><h1>Thử</h1>
<table class="gone"><thead><tr><th>Tên</th><th>Nhóm</th></tr></thead><tbody><tr><td>Chợ</td><td>Thôn 1</td></tr></tbody></table>
<table class="twice"><thead><tr><th>Tên</th><th>Nhóm</th></tr></thead><tbody><tr><td>Chợ</td><td data-label="Nhóm">Thôn 1</td></tr></tbody></table>
<table class="kept"><thead><tr><th>Tên</th><th>Nhóm</th></tr></thead><tbody><tr><td>Chợ</td><td data-label="Nhóm">Thôn 1</td></tr></tbody></table>
</main></body></html>`

func TestTableReadingProblems(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, cardsPage)
	}))
	defer srv.Close()
	b := Start(t, Options{Viewport: Phone})
	b.Navigate(srv.URL)
	got, err := b.TableReadingProblems()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"table.gone: 2 cells with no header", "table.twice: 1 cells that repeat their header"}; !slices.Equal(got, want) {
		t.Errorf("tables read badly: %q, want %q", got, want)
	}
}
