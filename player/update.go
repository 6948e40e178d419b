package player

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"codong/atomicfile"
	"codong/protocol"
)

// Self-update: the player asks its controller which build it should
// run, each time a link opens and every UpdateEvery. A build other than
// its own, signed by the pinned key for the pinned installation, is
// downloaded beside the executable and checked (size, sha256); the
// player then stops and hands an *UpdateReady to its command, which
// tries the build (selfupdate.go) before it replaces anything.

// Defaults of self-update.
const (
	DefaultUpdateEvery = 10 * time.Minute
	DefaultUpdateTrial = 5 * time.Minute
	// downloadLimit bounds the download of one build: a board on a slow
	// rural line may need many minutes for 64 MiB.
	downloadLimit = 30 * time.Minute
	// maxFailed bounds the releases a board remembers as failed.
	maxFailed = 20
)

// TrialEnv names the environment variable that starts a player on
// trial: it writes its version into the file the variable names once it
// has linked to its controller, and exits.
const TrialEnv = "CODONG_PLAYER_TRIAL"

// Platform is the release platform of this build, as protocol.Platforms
// name them.
func Platform() string {
	arch := runtime.GOARCH
	if arch == "arm" {
		arch = "armv7"
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "GOARM" && s.Value != "" {
					arch = "armv" + strings.TrimSuffix(s.Value, ",softfloat")
				}
			}
		}
	}
	return runtime.GOOS + "/" + arch
}

// updateState is what the board keeps of updates across restarts, in
// its cache directory: the report it owes the controller, and the
// releases that failed here (protocol.Release.FailureKey), never tried
// again until they are rolled out again.
type updateState struct {
	Report *protocol.UpdateReport `json:"report,omitempty"`
	Failed []string               `json:"failed,omitempty"`
}

const updateStateFile = "update.json"

func loadUpdateState(dir string) updateState {
	var st updateState
	if data, err := os.ReadFile(filepath.Join(dir, updateStateFile)); err == nil {
		json.Unmarshal(data, &st)
	}
	return st
}

func (st *updateState) save(dir string) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, updateStateFile), data, 0o600)
}

func (st *updateState) failed(key string) bool {
	for _, s := range st.Failed {
		if s == key {
			return true
		}
	}
	return false
}

// fail remembers a release as failed and the report owed for it.
func (st *updateState) fail(key string, r protocol.UpdateReport) {
	if !st.failed(key) {
		st.Failed = append(st.Failed, key)
	}
	if len(st.Failed) > maxFailed {
		st.Failed = st.Failed[len(st.Failed)-maxFailed:]
	}
	st.Report = &r
}

// noteLinked tells the updater (or the trial) that a link is open.
func (p *Player) noteLinked() {
	select {
	case p.linked <- struct{}{}:
	default:
	}
}

// updates asks for a build whenever a link opens and every UpdateEvery,
// until one is ready or ctx ends.
func (p *Player) updates(ctx context.Context) {
	t := time.NewTicker(p.cfg.UpdateEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.linked:
		case <-t.C:
		}
		p.sendUpdateReport(ctx)
		u, err := p.checkUpdate(ctx)
		if err != nil {
			if ctx.Err() == nil {
				p.log.Warn("chưa kiểm tra hay tải được bản cập nhật; sẽ thử lại", "err", err)
			}
			continue
		}
		if u != nil {
			p.mu.Lock()
			p.ready = u
			p.mu.Unlock()
			p.log.Info("đã tải và kiểm tra bản cập nhật; dừng để chạy thử bản mới", "from", u.From, "to", u.To)
			p.stop()
			return
		}
	}
}

// trial is the life of a player on trial: once linked, it writes its
// version where its parent looks, and stops.
func (p *Player) trial(ctx context.Context) {
	select {
	case <-ctx.Done():
		return
	case <-p.linked:
	}
	if err := os.WriteFile(p.cfg.Trial, []byte(p.cfg.Version), 0o600); err != nil {
		p.log.Error("không ghi được kết quả chạy thử", "err", err)
	}
	p.stop()
}

// sendUpdateReport tells the controller what became of the last update,
// once; a controller that does not answer is told on the next link.
func (p *Player) sendUpdateReport(ctx context.Context) {
	st := loadUpdateState(p.cfg.CacheDir)
	if st.Report == nil {
		return
	}
	body, _ := json.Marshal(st.Report)
	resp, err := p.request(ctx, http.MethodPost, protocol.UpdateReportPath, "", bytes.NewReader(body))
	if err != nil {
		p.log.Warn("chưa gửi được báo cáo cập nhật; sẽ gửi lại", "err", err)
		return
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		p.log.Warn("máy chủ không nhận báo cáo cập nhật", "status", resp.Status)
		return
	}
	st.Report = nil
	if err := st.save(p.cfg.CacheDir); err != nil {
		p.log.Error("không lưu được trạng thái cập nhật", "err", err)
	}
}

func (p *Player) request(ctx context.Context, method, path, query string, body io.Reader) (*http.Response, error) {
	u, err := url.JoinPath(p.controllers.current().String(), path)
	if err != nil {
		return nil, err
	}
	if query != "" {
		u += "?" + query
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+p.credentials().Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return p.http.Do(req)
}

// checkUpdate asks for the board's release and, when it is another
// build than this one and holds, downloads it. nil, nil: nothing to do.
func (p *Player) checkUpdate(ctx context.Context) (*UpdateReady, error) {
	resp, err := p.request(ctx, http.MethodGet, protocol.ReleasePath, url.Values{"platform": {Platform()}}.Encode(), nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNoContent, http.StatusNotFound:
		// Nothing rolled out, or a controller that predates releases.
		return nil, nil
	default:
		return nil, fmt.Errorf("máy chủ trả về %s", resp.Status)
	}
	var r protocol.Release
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<10)).Decode(&r); err != nil {
		return nil, fmt.Errorf("đề nghị cập nhật không đọc được: %w", err)
	}
	st := loadUpdateState(p.cfg.CacheDir)
	if r.Version == p.cfg.Version || st.failed(r.FailureKey()) {
		return nil, nil
	}
	cr := p.credentials()
	key, err := cr.pinnedKey()
	if err == nil && key == nil {
		err = errors.New("chưa ghim khoá của máy chủ")
	}
	if err == nil {
		err = protocol.VerifyRelease(&r, key, cr.Installation)
	}
	if err == nil && r.Platform != Platform() {
		err = fmt.Errorf("bản dịch cho %s, bảng chạy %s", r.Platform, Platform())
	}
	if err != nil {
		p.refuseRelease(ctx, &st, r, err)
		return nil, nil
	}
	path, err := p.download(ctx, r)
	var bad *badBuildError
	if errors.As(err, &bad) {
		p.refuseRelease(ctx, &st, r, err)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &UpdateReady{Path: path, Exe: p.cfg.Executable, From: p.cfg.Version, To: r.Version, Release: r.ID, Failure: r.FailureKey(),
		CacheDir: p.cfg.CacheDir, Trial: p.cfg.UpdateTrial}, nil
}

// refuseRelease keeps a release from being tried again and tells the
// controller why.
func (p *Player) refuseRelease(ctx context.Context, st *updateState, r protocol.Release, why error) {
	p.log.Error("từ chối bản cập nhật", "version", r.Version, "release", r.ID, "err", why)
	st.fail(r.FailureKey(), protocol.UpdateReport{Release: r.ID, From: p.cfg.Version, To: r.Version, Outcome: protocol.UpdateRefused, Reason: why.Error()})
	if err := st.save(p.cfg.CacheDir); err != nil {
		p.log.Error("không lưu được trạng thái cập nhật", "err", err)
	}
	p.sendUpdateReport(ctx)
}

// newBuildPath is where a new build waits beside exe: "codong-player.new",
// or on Windows "codong-player.new.exe", as Windows runs only a file
// whose extension says it is a program.
func newBuildPath(exe string) string {
	if ext := filepath.Ext(exe); strings.EqualFold(ext, ".exe") {
		return strings.TrimSuffix(exe, ext) + ".new" + ext
	}
	return exe + ".new"
}

// badBuildError: the file served is not the build signed.
type badBuildError struct{ why string }

func (e *badBuildError) Error() string { return e.why }

// download writes the release's build beside the executable (the same
// file system, so it can be renamed over it) and checks it.
func (p *Player) download(ctx context.Context, r protocol.Release) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, downloadLimit)
	defer cancel()
	u, err := url.JoinPath(p.controllers.current().String(), protocol.ReleaseBuildPath+strconv.FormatInt(r.ID, 10)+"/build")
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+p.credentials().Token)
	client := *p.http
	client.Timeout = downloadLimit
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("tải bản cập nhật: máy chủ trả về %s", resp.Status)
	}
	path := newBuildPath(p.cfg.Executable)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return "", fmt.Errorf("không ghi được bản cập nhật cạnh chương trình: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(resp.Body, r.Size+1))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
	case n > r.Size:
		err = &badBuildError{fmt.Sprintf("tệp tải về dài hơn %d byte đã ký", r.Size)}
	case n < r.Size:
		err = fmt.Errorf("tệp tải về mới được %d trên %d byte", n, r.Size)
	case hex.EncodeToString(h.Sum(nil)) != r.SHA256:
		err = &badBuildError{"tệp tải về không khớp mã sha256 đã ký"}
	}
	if err != nil {
		os.Remove(path)
		return "", err
	}
	return path, nil
}
