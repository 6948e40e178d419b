package alert

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/wneessen/go-mail"

	"codong/controller/store"
)

// The Sender delivers the events the Watcher records: to each webhook a
// JSON body signed with the hook's secret, to each e-mail address a
// message over SMTP. A delivery that fails is tried again later, each
// wait twice the last (from RetryFirst up to an hour), until it is taken
// or a day has passed since the event; every attempt and its error are
// kept for the alert history page.

// SenderConfig is what a Sender needs.
type SenderConfig struct {
	Store *store.Store
	Log   *slog.Logger
	Now   func() time.Time
	// Client sends webhooks (DefaultClient with WebhookTimeout if nil).
	Client *http.Client
	// Every is how often due deliveries are looked for; RetryFirst is
	// the first wait after a failure.
	Every, RetryFirst time.Duration
	Holder            string
	// MailRoots check the mail server's certificate (nil: the system's).
	MailRoots *x509.CertPool
}

// Defaults of SenderConfig, and the bounds of a delivery.
const (
	DefaultSendEvery  = time.Second
	DefaultRetryFirst = 30 * time.Second
	retryMost         = time.Hour
	giveUpAfter       = 24 * time.Hour
	WebhookTimeout    = 10 * time.Second
	mailTimeout       = 20 * time.Second
	sendBatch         = 50
)

// Sender delivers recorded events.
type Sender struct{ cfg SenderConfig }

// NewSender makes a Sender; Run starts it.
func NewSender(cfg SenderConfig) *Sender {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Client == nil {
		// Link-local and unspecified addresses (a cloud's metadata
		// service at 169.254.169.254) are never a receiver.
		dialer := &net.Dialer{Timeout: WebhookTimeout, Control: refuseLinkLocal}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DialContext = dialer.DialContext
		tr.Proxy = nil
		cfg.Client = &http.Client{Timeout: WebhookTimeout, Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if cfg.Every <= 0 {
		cfg.Every = DefaultSendEvery
	}
	if cfg.RetryFirst <= 0 {
		cfg.RetryFirst = DefaultRetryFirst
	}
	return &Sender{cfg: cfg}
}

// Run sends what is due every Every until ctx ends, while this
// controller holds the lease.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := s.cfg.Store.LeadAlerts(ctx, s.cfg.Holder, 3*DefaultEvery+time.Second); err != nil {
			continue
		}
		s.SendDue(ctx)
	}
}

// SendDue attempts every delivery whose time has come.
func (s *Sender) SendDue(ctx context.Context) {
	now := s.cfg.Now()
	due, err := s.cfg.Store.DueDeliveries(ctx, now, sendBatch)
	if err != nil {
		s.cfg.Log.Error("alerts: cannot read deliveries", "err", err)
		return
	}
	if len(due) == 0 {
		return
	}
	tree, err := s.cfg.Store.Units(ctx)
	if err != nil {
		s.cfg.Log.Error("alerts: cannot read units", "err", err)
		return
	}
	var smtp *store.SMTP
	for _, d := range due {
		boards := d.Event.For(tree, store.AlertTarget{UnitID: d.UnitID, Group: d.Group})
		var err error
		switch d.Kind {
		case store.TargetWebhook:
			err = s.webhook(ctx, d, boards)
		case store.TargetEmail:
			if smtp == nil {
				got, serr := s.cfg.Store.SMTPSettings(ctx)
				if serr != nil {
					err = serr
					break
				}
				smtp = &got
			}
			err = s.email(ctx, *smtp, d, boards)
		default:
			err = fmt.Errorf("kind %q", d.Kind)
		}
		var next time.Time
		if err != nil {
			s.cfg.Log.Warn("alerts: delivery failed", "delivery", d.ID, "to", d.Target, "attempt", d.Attempts+1, "err", err)
			// The page shows what went wrong in words, not the network's
			// or the mail library's (which could also map another
			// unit's network from its receivers' errors).
			err = said(d.Kind, err)
			wait := s.cfg.RetryFirst << min(d.Attempts, 20)
			if wait > retryMost || wait <= 0 {
				wait = retryMost
			}
			if next = now.Add(wait); next.Sub(d.Event.At) > giveUpAfter {
				next = time.Time{}
			}
		}
		if derr := s.cfg.Store.DeliveryDone(ctx, d.ID, err, next); derr != nil {
			s.cfg.Log.Error("alerts: cannot record a delivery", "delivery", d.ID, "err", derr)
		}
	}
}

// Payload is a webhook's body.
type Payload struct {
	Event    string             `json:"event"`
	At       time.Time          `json:"at"`
	Summary  string             `json:"summary"`
	Boards   []store.AlertBoard `json:"boards"`
	Delivery int64              `json:"delivery"`
}

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the body
// with the hook's secret.
const SignatureHeader = "X-Codong-Signature"

// Sign is the value of SignatureHeader for body.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func (s *Sender) webhook(ctx context.Context, d store.DueDelivery, boards []store.AlertBoard) error {
	body, err := json.Marshal(Payload{Event: d.Event.Event, At: d.Event.At.UTC(), Summary: summaryFor(d.Event, boards), Boards: boards, Delivery: d.ID})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "codong-alerts")
	req.Header.Set("X-Codong-Event", d.Event.Event)
	req.Header.Set(SignatureHeader, Sign(d.Secret, body))
	resp, err := s.cfg.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return statusError(resp.StatusCode)
	}
	return nil
}

// Summaries says again, for the boards each event keeps, the summary of
// events AlertHistory kept only some boards of (a unit's history): the
// count is theirs, never the whole installation's.
func Summaries(events []store.AlertEvent) []store.AlertEvent {
	for i, ev := range events {
		if ev.Part {
			events[i].Summary = summaryFor(store.AlertEvent{Event: ev.Event, Summary: ev.Summary}, ev.Boards)
		}
	}
	return events
}

// summaryFor is the event's summary for the boards one target is told
// of: the count is theirs.
func summaryFor(ev store.AlertEvent, boards []store.AlertBoard) string {
	if len(boards) == len(ev.Boards) || ev.Event == store.EventDigest {
		return ev.Summary
	}
	for _, k := range kinds {
		switch ev.Event {
		case k.open:
			return k.opened(len(boards), DefaultOfflineAfter)
		case k.close:
			return k.closed(len(boards), DefaultOfflineAfter)
		}
	}
	return ev.Summary
}

// ErrNoSMTP: e-mail addresses are set but no mail server is.
var ErrNoSMTP = errors.New("chưa đặt máy chủ thư (SMTP): vào trang Cảnh báo để đặt")

func (s *Sender) email(ctx context.Context, cfg store.SMTP, d store.DueDelivery, boards []store.AlertBoard) error {
	if cfg.Host == "" {
		return ErrNoSMTP
	}
	m := mail.NewMsg()
	if err := m.From(cfg.From); err != nil {
		return err
	}
	if err := m.To(d.Target); err != nil {
		return err
	}
	summary := summaryFor(d.Event, boards)
	subject, _, _ := strings.Cut(summary, "\n")
	m.Subject("[Cổ động trực quan] " + subject)
	var b strings.Builder
	fmt.Fprintf(&b, "%s, lúc %s.\n\n", summary, d.Event.At.Format("15:04 02/01/2006 (MST)"))
	for _, bd := range boards {
		fmt.Fprintf(&b, "- %s (đơn vị %s)\n", bd.Name, bd.Unit)
	}
	b.WriteString("\nXem tình trạng các bảng và lịch sử cảnh báo ở trang Cảnh báo của máy chủ điều khiển.\n")
	m.SetBodyString(mail.TypeTextPlain, b.String())
	m.SetMessageID()
	m.SetDate()
	opts := []mail.Option{mail.WithPort(cfg.Port), mail.WithTimeout(mailTimeout)}
	// The port is the one set: these do not change it.
	if s.cfg.MailRoots != nil {
		opts = append(opts, mail.WithTLSConfig(&tls.Config{ServerName: cfg.Host, RootCAs: s.cfg.MailRoots, MinVersion: tls.VersionTLS12}))
	}
	switch cfg.TLS {
	case store.SMTPTLS:
		opts = append(opts, mail.WithSSL())
	case store.SMTPStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
	}
	c, err := mail.NewClient(cfg.Host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, m)
}

// LoadRoots reads the authorities of a PEM file (codong serve
// --mail-ca); an empty name is nil: the system's.
func LoadRoots(file string) (*x509.CertPool, error) {
	if file == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("đọc chứng chỉ CA của máy chủ thư %s: %w", file, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("tệp %s không chứa chứng chỉ PEM nào", file)
	}
	return pool, nil
}

// statusError is a receiver's answer other than 2xx.
type statusError int

func (e statusError) Error() string {
	return fmt.Sprintf("người nhận trả lời mã %d (không phải 2xx)", int(e))
}

// said is a delivery's failure as the page shows it: in Vietnamese, and
// no more than the officer needs to act on.
func said(kind string, err error) error {
	var se statusError
	switch {
	case errors.As(err, &se), errors.Is(err, ErrNoSMTP):
		return err
	case errors.Is(err, errLinkLocal):
		return errLinkLocal
	case kind == store.TargetEmail:
		return errors.New("không gửi được thư: máy chủ thư không trả lời, từ chối đăng nhập hay chứng chỉ của nó không tin được (xem nhật ký của máy chủ điều khiển)")
	}
	return errors.New("không kết nối được tới địa chỉ nhận (máy nhận tắt, sai địa chỉ hay bị chặn), hoặc nó không trả lời trong 10 giây")
}

var errLinkLocal = errors.New("địa chỉ nhận thuộc vùng link-local hay không xác định (như 169.254.x.x): không bao giờ gửi tới đó")

// refuseLinkLocal stops a webhook's connection to a link-local,
// unspecified or multicast address.
func refuseLinkLocal(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() {
		return errLinkLocal
	}
	return nil
}
