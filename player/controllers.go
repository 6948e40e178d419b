package player

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
)

// MaxControllers bounds the addresses a player is given: an installation
// runs a few controllers over one database, and each address a dead
// controller holds costs the board one more backoff before it finds a
// live one.
const MaxControllers = 8

// ParseControllers reads the --controller flag: one base URL, or several
// separated by commas, each of the same installation. An error names the
// address as it was typed.
func ParseControllers(list string) ([]*url.URL, error) {
	items := strings.Split(list, ",")
	if len(items) > MaxControllers {
		return nil, errTooManyControllers(len(items))
	}
	urls := make([]*url.URL, 0, len(items))
	seen := make(map[string]bool, len(items))
	for _, raw := range items {
		raw = strings.TrimSpace(raw)
		u, err := url.Parse(raw)
		if err != nil || !isBaseURL(u) {
			return nil, errBadController(raw)
		}
		if seen[sameController(u)] {
			return nil, errTwice(raw)
		}
		seen[sameController(u)] = true
		urls = append(urls, u)
	}
	return urls, nil
}

// checkControllers refuses, in a Config, a list the player cannot use:
// empty, too long, an address that is not an http(s) base URL, or one
// given twice (the rotation would visit it twice as often).
func checkControllers(urls []*url.URL) error {
	if len(urls) == 0 {
		return errors.New("cần ít nhất một địa chỉ máy chủ điều khiển")
	}
	if len(urls) > MaxControllers {
		return errTooManyControllers(len(urls))
	}
	seen := make(map[string]bool, len(urls))
	for _, u := range urls {
		if u == nil {
			return errors.New("danh sách địa chỉ máy chủ có mục trống")
		}
		if !isBaseURL(u) {
			return errBadController(u.String())
		}
		if seen[sameController(u)] {
			return errTwice(u.String())
		}
		seen[sameController(u)] = true
	}
	return nil
}

func isBaseURL(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// sameController is what two spellings of one address share: host names
// are case-insensitive, and a trailing slash changes nothing.
func sameController(u *url.URL) string {
	return u.Scheme + "://" + strings.ToLower(u.Host) + strings.TrimSuffix(u.Path, "/")
}

func errBadController(addr string) error {
	return fmt.Errorf("địa chỉ máy chủ “%s” không hợp lệ; ví dụ http://127.0.0.1:8080", addr)
}

func errTooManyControllers(n int) error {
	return fmt.Errorf("có %d địa chỉ máy chủ; tối đa %d", n, MaxControllers)
}

func errTwice(addr string) error {
	return fmt.Errorf("địa chỉ máy chủ “%s” được ghi hai lần", addr)
}

// controllers is the rotation over the installation's controllers. The
// player stays on the address in use while it works and moves to the
// next, round-robin, when a link to it fails: all controllers share one
// database and one signing key, so any of them serves the board alike.
type controllers struct {
	mu   sync.Mutex
	urls []*url.URL
	cur  int
}

// current is the address to use now.
func (c *controllers) current() *url.URL {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.urls[c.cur]
}

// advance moves to the next address and returns it, and whether it
// differs from the one before (with a single address it never does).
func (c *controllers) advance() (next *url.URL, moved bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur = (c.cur + 1) % len(c.urls)
	return c.urls[c.cur], len(c.urls) > 1
}

// switchController moves the player to the next controller after a
// failure at the current one, and says so.
func (p *Player) switchController() {
	from := p.controllers.current()
	if to, moved := p.controllers.advance(); moved {
		p.log.Info("chuyển sang máy chủ điều khiển kế tiếp", "from", from.String(), "to", to.String())
	}
}
