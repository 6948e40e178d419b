package web

import (
	"embed"
	"net"
	"net/http"
	"strings"
)

//go:embed page
var page embed.FS

// contentSecurity lets the page load only its own script, style, pictures
// and event stream.
const contentSecurity = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (d *Display) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", servePage("page/index.html"))
	mux.HandleFunc("GET /player.js", servePage("page/player.js"))
	mux.HandleFunc("GET /player.css", servePage("page/player.css"))
	mux.HandleFunc("GET /events", d.serveEvents)
	mux.HandleFunc("GET /frame/{file}", d.serveFrame)
	return localOnly(mux)
}

// localOnly refuses requests for any other host name, so a web site that
// points its own name at 127.0.0.1 (DNS rebinding) cannot read the page.
func localOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			http.Error(w, "Trang hiển thị chỉ dành cho trình duyệt trên máy này.", http.StatusForbidden)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurity)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// servePage serves one embedded file; no-cache makes a reloaded page
// pick up a new player's script.
func servePage(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, page, name)
	}
}

// serveFrame serves the newest picture by its sha256. Only the newest is
// kept: a page that asks for an older one has a newer event coming.
func (d *Display) serveFrame(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	d.mu.Lock()
	pic, current := d.png, d.frame.ID
	d.mu.Unlock()
	if !ok || id == "" || id != current {
		http.Error(w, "Không có hình này.", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", "public, max-age=31536000, immutable") // named by content
	w.Write(pic)
}
