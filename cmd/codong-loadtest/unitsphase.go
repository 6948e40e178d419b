package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Targets of the units phase (issue 22): a commune's pages answer in
// under 200 ms and a province's in under 1 s, at 100 communes × 100
// boards. A row meets its target when its p99 is under it.
const (
	communeTargetMs  = 200
	provinceTargetMs = 1000
)

// unitsResult is the units phase: what was made, and each timed request.
type unitsResult struct {
	Units        int     `json:"units"`
	Created      int     `json:"units_created"` // the rest were reused from an earlier run
	Root         string  `json:"root"`
	Commune      string  `json:"commune"` // the commune whose pages are timed
	People       int     `json:"people"`  // in the communes; one more person is the province's
	PeopleReused int     `json:"people_reused"`
	SetupMs      float64 `json:"setup_ms"`
	Repeats      int     `json:"repeats"`
	// Pages says whether the console's pages were timed with real
	// sessions (logged in through the login form).
	Pages bool          `json:"pages"`
	Rows  []*unitTiming `json:"rows"`
	// What cleanup did: units cannot be deleted, people only disabled.
	KeptUnits    int  `json:"kept_units"`
	KeptPeople   int  `json:"kept_people"`
	Disabled     int  `json:"people_disabled"`
	TokenRevoked bool `json:"commune_token_revoked"`
}

// unitTiming is one request asked Repeats times in a row.
type unitTiming struct {
	Title    string  `json:"title"`
	Level    string  `json:"level"` // "province" or "commune"
	Path     string  `json:"path"`
	Spread   spread  `json:"spread"`
	Bytes    int     `json:"bytes"` // of the last answer
	TargetMs float64 `json:"target_ms"`
	Met      bool    `json:"met"`
	// CPUMs is the controller's CPU per request (the idle rate
	// subtracted), -1 when not measured; Cost is the whole row's.
	CPUMs float64    `json:"controller_cpu_ms_per_request"`
	Cost  *phaseCost `json:"cost,omitempty"`
	Error string     `json:"error,omitempty"`
}

// caller asks the controller as one person: a bearer token, or a
// browser session's cookie.
type caller struct {
	client *http.Client
	token  string
}

// unitsPhase times the pages and reads of the province (the admin token,
// a session of a root-unit person) and of the first commune (an operator
// token made in it, a session of one of its people).
func (h *harness) unitsPhase(ctx context.Context) error {
	u, r := h.units, h.rep.Units
	if u == nil {
		return fmt.Errorf("chưa có đơn vị (giai đoạn tạo bảng không chạy xong)")
	}
	r.Repeats = h.cfg.UnitReps
	commune := u.slugs[0]
	h.say("[7] Đơn vị: đo trang của tỉnh (%s) và của xã %s, mỗi trang %d lần", u.root, commune, h.cfg.UnitReps)
	var tok struct {
		Token string `json:"token"`
		Info  struct {
			ID int64 `json:"id"`
		} `json:"info"`
	}
	body := map[string]any{"name": "Thử tải " + unitName(0), "roles": []string{"operator"}, "unit": commune, "days": 1}
	if _, err := h.api.call(ctx, http.MethodPost, "/api/v1/tokens", body, &tok); err != nil {
		return fmt.Errorf("tạo mã truy cập của xã: %w", err)
	}
	u.communeToken, u.communeTokenID = tok.Token, tok.Info.ID
	admin := &caller{client: h.api.client, token: h.cfg.Token}
	communeAPI := &caller{client: h.api.client, token: u.communeToken}
	provincePerson, communePerson := u.people[len(u.people)-1], u.people[0]
	provinceSession, err := h.login(ctx, provincePerson)
	if err != nil {
		return err
	}
	communeSession, err := h.login(ctx, communePerson)
	if err != nil {
		return err
	}
	r.Pages = true
	q := url.QueryEscape(commune)
	type ask struct {
		title, level, path string
		as                 *caller
	}
	asks := []ask{
		{"Trang tổng quan /", "province", "/", provinceSession},
		{"Tường bảng của trang tổng quan", "province", "/api/v1/wall?boards=own", admin},
		{"Tường bảng, mọi bảng", "province", "/api/v1/wall", admin},
		{"Báo cáo (API)", "province", "/api/v1/report", admin},
		{"Trang báo cáo", "province", "/report", provinceSession},
		{"Trang tổng quan /", "commune", "/", communeSession},
		{"Tường bảng", "commune", "/api/v1/wall?unit=" + q, communeAPI},
		{"Báo cáo (API)", "commune", "/api/v1/report?unit=" + q, communeAPI},
		{"Trang báo cáo", "commune", "/report", communeSession},
	}
	var failed []string
	for _, a := range asks {
		row := h.timeRequest(ctx, a.title, a.level, a.path, a.as)
		r.Rows = append(r.Rows, row)
		if row.Error != "" {
			failed = append(failed, row.Path+": "+row.Error)
		}
		h.say("  %s %s: %s%s", levelName(row.Level), row.Path, fmtSpread(row.Spread), mark(row))
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s", strings.Join(failed, "; "))
	}
	return nil
}

// timeRequest asks path Repeats times in a row and measures each answer
// from the request to its last byte, and the controller's CPU over all.
func (h *harness) timeRequest(ctx context.Context, title, level, path string, as *caller) *unitTiming {
	row := &unitTiming{Title: title, Level: level, Path: path, TargetMs: communeTargetMs}
	if level == "province" {
		row.TargetMs = provinceTargetMs
	}
	var took []time.Duration
	c0 := readCost(h.cfg.PID)
	for range h.cfg.UnitReps {
		start := time.Now()
		status, n, err := as.get(ctx, h.api.base+path)
		if err == nil && status != http.StatusOK {
			err = fmt.Errorf("trả về %d", status)
		}
		if err != nil {
			row.Error = err.Error()
			break
		}
		took = append(took, time.Since(start))
		row.Bytes = n
	}
	row.Cost = costBetween(c0, readCost(h.cfg.PID), len(took), h.idleRate)
	row.CPUMs = -1
	if row.Cost.ControllerMeasured && len(took) > 0 {
		row.CPUMs = row.Cost.ControllerUsPerBoard / 1000
	}
	row.Spread = spreadOf(took)
	row.Met = row.Error == "" && row.Spread.N > 0 && row.Spread.P99Ms < row.TargetMs
	return row
}

// get asks url and reads the whole answer; a session that was sent to
// the login page is an error, not a fast answer.
func (c *caller) get(ctx context.Context, u string) (int, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, 0, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return resp.StatusCode, int(n), err
	}
	if c.token == "" && resp.Request.URL.Path != req.URL.Path {
		return resp.StatusCode, int(n), fmt.Errorf("phiên đăng nhập bị chuyển tới %s", resp.Request.URL.Path)
	}
	return resp.StatusCode, int(n), nil
}

// csrfField finds a form's anti-forgery field in a console page.
var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login opens a browser session for p through the console's login form,
// as a person would; the password the run set is one someone else set,
// so the first page asks for one's own, which the run then chooses.
func (h *harness) login(ctx context.Context, p *person) (*caller, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: requestTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: 2}}
	post := func(path string, form url.Values) (*http.Response, string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.api.base+path, strings.NewReader(form.Encode()))
		if err != nil {
			return nil, "", err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := client.Do(req)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		return resp, string(data), err
	}
	resp, page, err := post("/login", url.Values{"username": {p.username}, "password": {p.password}})
	if err != nil {
		return nil, fmt.Errorf("đăng nhập “%s”: %w", p.username, err)
	}
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path == "/login" {
		return nil, fmt.Errorf("đăng nhập “%s”: controller trả về %d ở %s", p.username, resp.StatusCode, resp.Request.URL.Path)
	}
	if resp.Request.URL.Path == "/password" {
		m := csrfField.FindStringSubmatch(page)
		if m == nil {
			return nil, fmt.Errorf("đăng nhập “%s”: trang đổi mật khẩu không có mã chống giả mạo", p.username)
		}
		own := newPassword()
		resp, _, err = post("/password", url.Values{"csrf": {m[1]}, "current": {p.password}, "password": {own}, "again": {own}})
		if err != nil {
			return nil, fmt.Errorf("đổi mật khẩu của “%s”: %w", p.username, err)
		}
		if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
			return nil, fmt.Errorf("đổi mật khẩu của “%s”: controller trả về %d ở %s", p.username, resp.StatusCode, resp.Request.URL.Path)
		}
		p.password = own
	}
	return &caller{client: client}, nil
}

// writeUnits prints the units phase for people.
func (r *Report) writeUnits(w io.Writer) {
	u := r.Units
	if u == nil {
		return
	}
	fmt.Fprintf(w, "\n7. Đơn vị: %s xã dưới %s (%s mới, %s dùng lại từ lần chạy trước), %s người dùng trong các xã và 1 người của tỉnh (%s dùng lại), tạo sau %s\n",
		fmtInt(int64(u.Units)), u.Root, fmtInt(int64(u.Created)), fmtInt(int64(u.Units-u.Created)), fmtInt(int64(u.People)), fmtInt(int64(u.PeopleReused)), fmtMs(u.SetupMs))
	switch {
	case u.KeptPeople > 0:
		fmt.Fprintf(w, "  Dọn dẹp: giữ lại %s người dùng và mã truy cập của xã (-keep); giữ lại %s đơn vị (đơn vị không xoá được, lần chạy sau dùng lại)\n", fmtInt(int64(u.KeptPeople)), fmtInt(int64(u.KeptUnits)))
	default:
		fmt.Fprintf(w, "  Dọn dẹp: khoá %s người dùng (người dùng không xoá được; lần chạy sau mở lại và đặt mật khẩu mới)%s; giữ lại %s đơn vị (đơn vị không xoá được, lần chạy sau dùng lại)\n",
			fmtInt(int64(u.Disabled)), revokedNote(u.TokenRevoked), fmtInt(int64(u.KeptUnits)))
	}
	if len(u.Rows) == 0 {
		return
	}
	fmt.Fprintf(w, "  Mỗi yêu cầu hỏi %d lần liền; tỉnh: mã quản trị và phiên của người thuộc đơn vị gốc; xã %s: mã operator và phiên của người thuộc xã ấy. Đạt khi p99 dưới mục tiêu.\n", u.Repeats, u.Commune)
	t := table(w)
	fmt.Fprintln(t, "  Cấp\tYêu cầu\tĐường dẫn\tThời gian (p50 / p99 / max)\tCPU controller mỗi yêu cầu\tCỡ trả lời\tMục tiêu\tĐạt")
	for _, x := range u.Rows {
		cpu := "—"
		if x.CPUMs >= 0 {
			cpu = fmtMs(x.CPUMs)
		}
		fmt.Fprintf(t, "  %s\t%s\t%s\t%s\t%s\t%s KB\t< %s\t%s\n", levelName(x.Level), x.Title, x.Path, fmtSpread(x.Spread), cpu,
			fmtFloat(float64(x.Bytes)/1024, 1), fmtMs(x.TargetMs), strings.TrimSpace(mark(x)))
	}
	t.Flush()
	for _, x := range u.Rows {
		if x.Error != "" {
			fmt.Fprintf(w, "  %s %s: không đo được, %s\n", levelName(x.Level), x.Path, x.Error)
		}
	}
}

func levelName(level string) string {
	if level == "province" {
		return "Tỉnh"
	}
	return "Xã"
}

func mark(x *unitTiming) string {
	switch {
	case x.Error != "":
		return " ✗ (lỗi)"
	case x.Met:
		return " ✓"
	}
	return fmt.Sprintf(" ✗ (vượt %s)", fmtMs(x.Spread.P99Ms-x.TargetMs))
}

func revokedNote(revoked bool) string {
	if revoked {
		return ", thu hồi mã truy cập của xã"
	}
	return ""
}
