package e2e

import (
	"bufio"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"codong/controller"
	"codong/controller/alert"
	"codong/internal/browsertest"
)

// mailbox is a real SMTP server on loopback that keeps what it is sent.
type mailbox struct {
	mu    sync.Mutex
	mails []string
	srv   *smtp.Server
	port  int
}

func startMailbox(t *testing.T) *mailbox {
	t.Helper()
	m := &mailbox{}
	m.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{box: m}, nil }))
	m.srv.Domain = "localhost"
	m.srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.port = l.Addr().(*net.TCPAddr).Port
	go m.srv.Serve(l)
	t.Cleanup(func() { m.srv.Close() })
	return m
}

func (m *mailbox) all() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.mails...)
}

type mailSession struct {
	box *mailbox
	to  []string
}

func (s *mailSession) Reset()        { s.to = nil }
func (s *mailSession) Logout() error { return nil }
func (s *mailSession) Mail(string, *smtp.MailOptions) error {
	return nil
}
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	s.box.mails = append(s.box.mails, "To: "+strings.Join(s.to, ",")+"\n"+string(data))
	s.box.mu.Unlock()
	return nil
}

// hookBox is a real webhook receiver on loopback: it keeps each body
// whose signature is right, and counts the others.
type hookBox struct {
	mu     sync.Mutex
	got    []alert.Payload
	forged int
	srv    *httptest.Server
}

func startHookBox(t *testing.T, secret string) *hookBox {
	t.Helper()
	hb := &hookBox{}
	hb.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		hb.mu.Lock()
		defer hb.mu.Unlock()
		if r.Header.Get(alert.SignatureHeader) != alert.Sign(secret, body) {
			hb.forged++
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var p alert.Payload
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		hb.got = append(hb.got, p)
	}))
	t.Cleanup(hb.srv.Close)
	return hb
}

func (hb *hookBox) events() []alert.Payload {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	return append([]alert.Payload(nil), hb.got...)
}

// alertTimes make a board offline after two seconds, and gather boards
// going wrong together for one second.
func alertTimes(c *controller.Config) {
	c.AlertOfflineAfter, c.AlertGroupWait, c.AlertEvery, c.AlertRetryFirst = 2*time.Second, time.Second, 200*time.Millisecond, 200*time.Millisecond
}

// TestAlertsWhenABoardGoesDark: a real player stops; the people
// responsible get exactly one e-mail and one signed webhook saying it is
// offline, and one of each when it is back; fifty players stopped at
// once are one message naming the fifty; the history page's API shows
// each event with its deliveries.
func TestAlertsWhenABoardGoesDark(t *testing.T) {
	t.Parallel()
	h := startControllerWith(t, t.TempDir(), "", alertTimes)
	box := startMailbox(t)
	const secret = "bí mật của bộ nhận tin, đủ dài"
	hooks := startHookBox(t, secret)
	h.api("POST", "/api/v1/alerts/smtp", map[string]any{"host": "127.0.0.1", "port": box.port, "from": "codong@lienminh.example", "tls": "none"}, nil)
	h.api("POST", "/api/v1/webhooks", map[string]any{"url": hooks.srv.URL + "/codong", "secret": secret}, nil)
	h.api("POST", "/api/v1/alert-emails", map[string]any{"email": "vanhoa@lienminh.example"}, nil)

	var made boardCreated
	h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED chợ Liên Minh", "size": "384x128"}, &made)
	dir := t.TempDir()
	stop := runPlayer(t, h.srv.URL, made.Token, dir, filepath.Join(dir, "frame.png"))
	online := func(want bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			var views []boardView
			h.api("GET", "/api/v1/boards", nil, &views)
			for _, v := range views {
				if v.ID == made.Board.ID && v.Online == want {
					return
				}
			}
		}
		t.Fatalf("the board never went online=%v", want)
	}
	online(true)
	// waitFor waits until the receivers hold n webhook events and n mails.
	waitFor := func(step string, n int) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if len(hooks.events()) >= n && len(box.all()) >= n {
				return
			}
		}
		t.Fatalf("%s: %d webhook events and %d mails, want %d of each", step, len(hooks.events()), len(box.all()), n)
	}
	stop()
	online(false)
	waitFor("offline", 1)
	runPlayer(t, h.srv.URL, made.Token, dir, filepath.Join(dir, "frame.png")) // runs to the end
	online(true)
	waitFor("back", 2)
	time.Sleep(3 * time.Second) // many looks: nothing more to tell
	events, mails := hooks.events(), box.all()
	if len(events) != 2 || len(mails) != 2 || hooks.forged != 0 {
		t.Fatalf("%d webhook events (%+v), %d mails, %d forged, want one offline and one back of each", len(events), events, len(mails), hooks.forged)
	}
	if events[0].Event != "board.offline" || events[1].Event != "board.back" || len(events[0].Boards) != 1 || events[0].Boards[0].Name != "Bảng LED chợ Liên Minh" {
		t.Fatalf("webhook events %+v", events)
	}
	if !strings.Contains(mails[0], "vanhoa@lienminh.example") || !strings.Contains(decodedMail(t, mails[0]), "Bảng LED chợ Liên Minh") {
		t.Fatalf("the offline mail:\n%s", mails[0])
	}

	// Fifty boards lose power together: one message naming them.
	const many = 50
	var stops []func()
	for i := range many {
		var b boardCreated
		h.api("POST", "/api/v1/boards", map[string]string{"name": fmt.Sprintf("Bảng LED thôn %02d", i+1), "size": "192x64"}, &b)
		d := t.TempDir()
		stops = append(stops, runPlayer(t, h.srv.URL, b.Token, d, filepath.Join(d, "frame.png")))
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var views []boardView
		h.api("GET", "/api/v1/boards", nil, &views)
		n := 0
		for _, v := range views {
			if v.Online {
				n++
			}
		}
		if n == many {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d boards online", n, many)
		}
	}
	before := len(hooks.events())
	for _, s := range stops {
		s()
	}
	for deadline := time.Now().Add(30 * time.Second); len(hooks.events()) == before && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
	}
	time.Sleep(2 * time.Second)
	after := hooks.events()[before:]
	if len(after) != 1 || after[0].Event != "board.offline" || len(after[0].Boards) != many {
		t.Fatalf("fifty boards stopped at once: %d events, the first naming %d boards; want one naming %d", len(after), len(after[0].Boards), many)
	}

	var history []struct {
		Event      string `json:"event"`
		Deliveries []struct {
			State string `json:"state"`
		} `json:"deliveries"`
	}
	h.api("GET", "/api/v1/alerts", nil, &history)
	if len(history) != 3 || history[0].Event != "board.offline" || len(history[0].Deliveries) != 2 {
		t.Fatalf("alert history %+v", history)
	}
}

// decodedMail is a mail's text, its quoted-printable body decoded
// enough to find words in (lines joined at soft breaks, =XX bytes).
func decodedMail(t *testing.T, raw string) string {
	t.Helper()
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(raw))
	for sc.Scan() {
		line := sc.Text()
		soft := strings.HasSuffix(line, "=")
		line = strings.TrimSuffix(line, "=")
		for i := 0; i < len(line); i++ {
			if line[i] == '=' && i+2 < len(line)+0 && i+2 <= len(line)-1 {
				var c byte
				if _, err := fmt.Sscanf(line[i+1:i+3], "%02X", &c); err == nil {
					b.WriteByte(c)
					i += 2
					continue
				}
			}
			b.WriteByte(line[i])
		}
		if !soft {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestAlertsPageOnAPhone: the alerts page, on a phone and a desk, shows
// a board gone dark and who was told (one receiver that took it, one that
// keeps failing, with its error), the receivers and the forms; it does
// not scroll sideways and axe-core finds nothing serious.
func TestAlertsPageOnAPhone(t *testing.T) {
	t.Parallel()
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			h := startControllerWith(t, t.TempDir(), "", alertTimes)
			const secret = "bí mật của bộ nhận tin, đủ dài"
			hooks := startHookBox(t, secret)
			h.api("POST", "/api/v1/webhooks", map[string]any{"url": hooks.srv.URL + "/codong", "secret": secret}, nil)
			h.api("POST", "/api/v1/webhooks", map[string]any{"url": "http://127.0.0.1:9/khong-co-ai", "secret": secret}, nil)
			h.api("POST", "/api/v1/groups", map[string]string{"name": "Chợ"}, nil)
			var made boardCreated
			h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED chợ Liên Minh", "size": "384x128"}, &made)
			dir := t.TempDir()
			stop := runPlayer(t, h.srv.URL, made.Token, dir, filepath.Join(dir, "frame.png"))
			time.Sleep(time.Second)
			stop()
			for deadline := time.Now().Add(30 * time.Second); len(hooks.events()) == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			}
			time.Sleep(500 * time.Millisecond) // the dead receiver's first attempt

			u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp.view})}
			u.b.Navigate(h.srv.URL + "/login")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
			u.b.Navigate(h.srv.URL + "/alerts")
			main := u.text("main")
			for _, want := range []string{"1 bảng mất liên lạc", "Bảng LED chợ Liên Minh", "đã gửi", "đang thử lại", "khong-co-ai", "Máy chủ thư (SMTP)", "Thêm webhook"} {
				if !strings.Contains(main, want) {
					t.Errorf("the alerts page lacks %q: %q", want, main)
				}
			}
			if vp.name == "phone" {
				u.checkPhoneLayout()
			}
			u.checkAxe()
			u.keepShot(vp.name, "alerts", vp.view.Width)
		})
	}
}

// authSession is a mail session that takes AUTH PLAIN of one user.
type authSession struct {
	mailSession
	user, password string
	authed         *bool
}

func (s *authSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *authSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != s.user || password != s.password {
			return errors.New("sai tên hay mật khẩu")
		}
		*s.authed = true
		return nil
	}), nil
}

func (s *authSession) Mail(from string, o *smtp.MailOptions) error {
	if !*s.authed {
		return errors.New("chưa đăng nhập")
	}
	return nil
}

// TestAlertMailOverStartTLSWithAuth: the mail server asks for STARTTLS
// and a password, and its certificate comes from the district's private
// CA given with --mail-ca: the alert arrives; with a wrong password it
// does not, and the history says why.
func TestAlertMailOverStartTLSWithAuth(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	caFile, certFile, keyFile := writePrivateCA(t, dir)
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	box := &mailbox{}
	authed := false
	box.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		authed = false
		return &authSession{mailSession: mailSession{box: box}, user: "canhbao", password: "mật khẩu thư đủ dài", authed: &authed}, nil
	}))
	box.srv.Domain = "127.0.0.1"
	box.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go box.srv.Serve(l)
	t.Cleanup(func() { box.srv.Close() })
	port := l.Addr().(*net.TCPAddr).Port

	h := startControllerWith(t, filepath.Join(dir, "data"), "", func(c *controller.Config) { alertTimes(c); c.MailCA = caFile })
	h.api("POST", "/api/v1/alerts/smtp", map[string]any{"host": "127.0.0.1", "port": port, "from": "codong@lienminh.example", "tls": "starttls",
		"username": "canhbao", "password": "mật khẩu thư đủ dài"}, nil)
	h.api("POST", "/api/v1/alert-emails", map[string]any{"email": "vanhoa@lienminh.example"}, nil)
	var made boardCreated
	h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED chợ Liên Minh", "size": "384x128"}, &made)
	pdir := t.TempDir()
	stop := runPlayer(t, h.srv.URL, made.Token, pdir, filepath.Join(pdir, "frame.png"))
	time.Sleep(time.Second)
	stop()
	for deadline := time.Now().Add(30 * time.Second); len(box.all()) == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
	}
	if got := box.all(); len(got) != 1 || !strings.Contains(decodedMail(t, got[0]), "Bảng LED chợ Liên Minh") {
		t.Fatalf("mails over STARTTLS with a password: %q", got)
	}
	var smtpNow map[string]any
	h.api("GET", "/api/v1/alerts/smtp", nil, &smtpNow)
	if _, shown := smtpNow["password"]; shown {
		t.Fatalf("the mail server's password is shown back: %v", smtpNow)
	}

	// A wrong password: nothing arrives, and the history says why.
	h.api("POST", "/api/v1/alerts/smtp", map[string]any{"host": "127.0.0.1", "port": port, "from": "codong@lienminh.example", "tls": "starttls",
		"username": "canhbao", "password": "mật khẩu sai"}, nil)
	runPlayer(t, h.srv.URL, made.Token, pdir, filepath.Join(pdir, "frame.png"))
	var history []struct {
		Event      string `json:"event"`
		Deliveries []struct {
			State     string `json:"state"`
			LastError string `json:"last_error"`
		} `json:"deliveries"`
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		h.api("GET", "/api/v1/alerts", nil, &history)
		if len(history) == 2 && len(history[0].Deliveries) == 1 && history[0].Deliveries[0].LastError != "" {
			break
		}
	}
	if len(history) != 2 || history[0].Event != "board.back" || history[0].Deliveries[0].State != "pending" || history[0].Deliveries[0].LastError == "" || len(box.all()) != 1 {
		t.Fatalf("with a wrong password: history %+v, %d mails", history, len(box.all()))
	}
}
