package player

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"codong/assets"
	"codong/player/display"
	"codong/protocol"
)

// pairPoll is how often a waiting player asks whether it was adopted.
const pairPoll = 3 * time.Second

// pair makes the board known to the controller: make a secret, register
// it, show the code the controller gives until an administrator adopts
// the board, then keep the secret and the controller's key. An expired
// code returns an error; the supervisor then starts over with a new one.
func (p *Player) pair(ctx context.Context) error {
	token := protocol.NewBoardToken()
	var ticket protocol.PairTicket
	req := protocol.PairRequest{Width: p.cfg.Width, Height: p.cfg.Height, Version: p.cfg.Version}
	if err := req.Validate(); err != nil {
		return fmt.Errorf("không ghép nối được (xem --size): %w", err)
	}
	if err := p.pairCall(ctx, http.MethodPost, token, req, &ticket); err != nil {
		return err
	}
	if _, err := protocol.ParseKey(ticket.ControllerKey); err != nil {
		return err
	}
	// A key given on the command line or pinned before (a board revoked
	// and pairing again) must be the one the controller signs with:
	// pairing never silently trusts another.
	pinned := p.credentials().ControllerKey
	if p.cfg.ControllerKey != "" {
		pinned = p.cfg.ControllerKey
	}
	if pinned != "" && pinned != ticket.ControllerKey {
		return fmt.Errorf("máy chủ trả lời bằng khoá %s, khác khoá đã ghim %s; không ghép nối (muốn chuyển sang máy chủ khác thì xoá tệp board.json)", ticket.ControllerKey, pinned)
	}
	if ticket.Installation != "" && !protocol.ValidInstallation(ticket.Installation) {
		return fmt.Errorf("máy chủ trả lời ghép nối với mã hệ thống %.80q không đúng dạng; không ghép nối", ticket.Installation)
	}
	installation := p.credentials().Installation
	if installation != "" && ticket.Installation != "" && installation != ticket.Installation {
		return fmt.Errorf("máy chủ thuộc hệ thống %s, khác hệ thống đã ghim %s (cùng khoá); không ghép nối (muốn chuyển sang hệ thống khác thì xoá tệp board.json)", ticket.Installation, installation)
	}
	if installation == "" {
		installation = ticket.Installation
	}
	p.log.Info("chờ ghép nối: nhập mã này ở trang “Bảng LED, màn hình” của máy chủ điều khiển", "code", ticket.Code, "expires", ticket.ExpiresAt)
	if err := p.showCode(ticket.Code); err != nil {
		p.log.Warn("không hiện được mã ghép nối trên màn hình", "err", err)
	}
	for {
		sleep(ctx, pairPoll)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var st protocol.PairState
		if err := p.pairCall(ctx, http.MethodGet, token, nil, &st); err != nil {
			// The code waits in the database that every controller
			// shares: ask the next one.
			p.log.Warn("không hỏi được máy chủ điều khiển bảng đã được ghép nối chưa", "err", err)
			p.switchController()
			continue
		}
		switch st.State {
		case protocol.PairAdopted:
			p.log.Info("đã ghép nối", "board", st.Board)
			old := p.credentials()
			return p.setCredentials(credentials{Token: token, ControllerKey: ticket.ControllerKey, Installation: installation, FlagToken: old.FlagToken, BoardID: st.BoardID, Revision: old.Revision})
		case protocol.PairExpired:
			return fmt.Errorf("mã ghép nối %s đã hết hạn; tạo mã mới", ticket.Code)
		}
	}
}

func (p *Player) pairCall(ctx context.Context, method, token string, body, out any) error {
	u, err := url.JoinPath(p.controllers.current().String(), protocol.PairPath)
	if err != nil {
		return err
	}
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.http.Do(req)
	if err != nil {
		// The installer reads this in the log: say it in words first,
		// the network's own (English) words after, for the technician.
		return fmt.Errorf("không liên lạc được với máy chủ điều khiển: %w", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode >= 300 {
		var e protocol.Error
		if json.Unmarshal(data, &e) == nil && e.Message != "" {
			return fmt.Errorf("máy chủ: %s", e.Message)
		}
		return fmt.Errorf("máy chủ trả về %s", resp.Status)
	}
	return json.Unmarshal(data, out)
}

// showCode draws the pairing code big on the board.
func (p *Player) showCode(code string) error {
	r, err := assets.NewRenderer(assets.Options{Logger: p.log})
	if err != nil {
		return err
	}
	size := assets.Size{W: p.cfg.Width, H: p.cfg.Height}
	out, err := r.Render(assets.Request{Text: "Mã ghép nối\n" + code, Size: size, Style: "led"})
	if err != nil {
		return err
	}
	return p.cfg.Display.Show(display.Frame{PNG: out.PNG, Width: size.W, Height: size.H, Scroll: out.Layout.Scroll, Brightness: 1})
}
