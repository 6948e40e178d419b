package request

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

// Control characters (NUL, escape, the C1 block…) are never part of what
// a person means to store: PostgreSQL refuses a NUL in text outright (a
// 500 on some routes, a 400 on SQLite), and the others hide in names and
// logs. Every staff route refuses them once, here, before any handler or
// the store sees the request. Tab, line feed and carriage return stay
// allowed: slogans have lines, and the store's own rules (names on one
// line) say the rest in their own words.

// isControl reports a character refused in any text a request sends.
func isControl(r rune) bool {
	return unicode.Is(unicode.Cc, r) && r != '\t' && r != '\n' && r != '\r'
}

// FirstControl returns the first refused character in s, if any.
func FirstControl(s string) (rune, bool) {
	for _, r := range s {
		if isControl(r) {
			return r, true
		}
	}
	return 0, false
}

// ControlError says where a control character was found, naming it by
// its code point: the character itself would not show.
func ControlError(r rune, where string) error {
	return respond.BadRequest("control_character", fmt.Sprintf(
		"Nội dung gửi lên có ký tự điều khiển U+%04X (không hiển thị được) trong %s; hãy xoá ký tự đó (thường do dán từ nơi khác) rồi gửi lại.", r, where))
}

// RefuseControl is the route table's check of every text a staff
// request carries: the path (and so every path parameter), query keys
// and values, form fields, and every key and string of a JSON body.
// Uploaded files are data, not text: a multipart form's fields and file
// names are checked as the upload streams in (upload_form.go).
func RefuseControl(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := checkRequestText(c.Request()); err != nil {
			return err
		}
		return next(c)
	}
}

func checkRequestText(r *http.Request) error {
	if ch, bad := FirstControl(r.URL.Path); bad {
		return ControlError(ch, "địa chỉ")
	}
	if q, err := url.ParseQuery(r.URL.RawQuery); err == nil {
		if err := checkValues(q, "tham số"); err != nil {
			return err
		}
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	switch {
	case ctype == echo.MIMEMultipartForm:
		// Uploads stream to disk: their fields and file names are
		// checked as they arrive (upload_form.go), never parsed here.
		return nil
	case ctype == echo.MIMEApplicationForm:
		if err := r.ParseForm(); err != nil {
			return nil // the handler says what is wrong with the form
		}
		return checkValues(r.PostForm, "trường")
	case r.Body != nil && r.Body != http.NoBody && r.Method != http.MethodGet && r.Method != http.MethodDelete:
		return checkBody(r)
	}
	return nil
}

// checkValues checks form or query keys and values, in a fixed order so
// the same request always names the same field.
func checkValues(v url.Values, what string) error {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if ch, bad := FirstControl(k); bad {
			return ControlError(ch, "tên một "+what)
		}
		for _, s := range v[k] {
			if ch, bad := FirstControl(s); bad {
				return ControlError(ch, what+" “"+k+"”")
			}
		}
	}
	return nil
}

// checkBody reads a body (already bounded by the body limit) and puts it
// back for the handler. Raw control bytes are refused whatever the type
// (JSON allows none outside strings but tab, LF and CR); a JSON body's
// strings are checked once decoded, so "\u0000" is caught as well.
func checkBody(r *http.Request) error {
	raw, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		// Hand the handler the same failure it would have met.
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(raw), failingReader{err}))
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	for _, b := range raw {
		if isControl(rune(b)) && b < 0x80 {
			return ControlError(rune(b), "nội dung gửi kèm")
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil // not JSON: the handler refuses it in its own words
	}
	return checkJSON(v, "")
}

func checkJSON(v any, field string) error {
	where := "nội dung JSON"
	if field != "" {
		where = "trường “" + field + "”"
	}
	switch v := v.(type) {
	case string:
		if ch, bad := FirstControl(v); bad {
			return ControlError(ch, where)
		}
	case []any:
		for _, e := range v {
			if err := checkJSON(e, field); err != nil {
				return err
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ch, bad := FirstControl(k); bad {
				return ControlError(ch, "tên một trường")
			}
			if err := checkJSON(v[k], k); err != nil {
				return err
			}
		}
	}
	return nil
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

// EscapeControl writes text for the audit log and server logs with each
// control character as \u{…}: what was typed stays readable and the
// entry can always be stored.
func EscapeControl(s string) string {
	if _, bad := FirstControl(s); !bad {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) || r == '\t' || r == '\n' || r == '\r' {
			fmt.Fprintf(&b, `\u{%X}`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
