package console

import (
	"io"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// ServeStatic serves the embedded files under /static/ by exact name.
// Unlike http.FileServer it lists no directory and redirects nowhere,
// and a name that is no file, including one whose escapes decode to
// something no file can be called (invalid UTF-8 gave http.FS's 500),
// gets the controller's own 404.
func ServeStatic(files fs.FS) echo.HandlerFunc {
	return func(c echo.Context) error {
		name := strings.TrimPrefix(c.Request().URL.Path, "/static/")
		if name == "" || !fs.ValidPath(name) {
			return echo.ErrNotFound
		}
		f, err := files.Open(name)
		if err != nil {
			return echo.ErrNotFound
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil || info.IsDir() {
			return echo.ErrNotFound
		}
		content, ok := f.(io.ReadSeeker)
		if !ok {
			return echo.ErrNotFound
		}
		// Embedded files carry no time; ServeContent then sends no
		// Last-Modified and works out the type from the name.
		http.ServeContent(c.Response(), c.Request(), name, time.Time{}, content)
		return nil
	}
}
