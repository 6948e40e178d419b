package protocol

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// A player release is a build of codong-player the controller offers a
// board: the board downloads it with its token and takes it only when
// the installation's key (the one pinned at pairing) signed its
// platform, version, sha256 and size for this installation. The
// controller that serves it is not trusted for any of these: a build
// swapped on the controller's disk, or a record signed by another key,
// is refused.

// Paths of self-update on the controller, relative to its base URL.
// They sit beside the link, not inside it: a controller that predates
// them answers 404, which a player takes for "nothing offered".
const (
	// ReleasePath answers GET ?platform=P with the Release offered to
	// the asking board (200), or 204 when none is.
	ReleasePath = "/api/v1/player/release"
	// ReleaseBuildPath + ID + "/build" serves a release's file.
	ReleaseBuildPath = "/api/v1/player/releases/"
	// UpdateReportPath takes an UpdateReport (POST).
	UpdateReportPath = "/api/v1/player/update-report"
)

// Platforms a release may be built for, as GOOS/ARCH (armv7 is GOARCH
// arm with GOARM=7, the boards' Raspberry Pi 2 and 3 on 32-bit systems).
var Platforms = []string{"linux/arm64", "linux/armv7", "linux/amd64", "windows/amd64"}

// ValidPlatform tells whether p is one of Platforms.
func ValidPlatform(p string) bool {
	for _, q := range Platforms {
		if p == q {
			return true
		}
	}
	return false
}

// Limits of a release record.
const (
	// MaxReleaseBytes bounds a build: today's player is about 15 MiB.
	MaxReleaseBytes = 64 << 20
	// MaxReleaseVersionBytes bounds a version, as a status does.
	MaxReleaseVersionBytes = maxStatusNameBytes
)

// Release is one build offered to boards.
type Release struct {
	ID           int64  `json:"id"`
	Platform     string `json:"platform"`
	Version      string `json:"version"`
	SHA256       string `json:"sha256"`
	Size         int64  `json:"size"`
	Installation string `json:"installation"`
	// Signature is base64 ed25519 over Statement.
	Signature string `json:"signature"`
	// Rollout names the offer (the controller's rollout) and is not
	// signed: a board that failed a build tries it again only when it is
	// rolled out again, and a forged value gains nothing the signature
	// does not check.
	Rollout int64 `json:"rollout,omitempty"`
}

// FailureKey is how a board remembers a release it failed: the build
// and the rollout that offered it.
func (r *Release) FailureKey() string {
	return r.SHA256 + "@" + strconv.FormatInt(r.Rollout, 10)
}

// ErrReleaseSignature: the release was not signed by the pinned key for
// the pinned installation, or its fields were changed since.
var ErrReleaseSignature = errors.New("bản cập nhật không có chữ ký hợp lệ của khoá đã ghim")

// Check validates a release's fields against their limits.
func (r *Release) Check() error {
	switch {
	case !ValidPlatform(r.Platform):
		return fmt.Errorf("nền tảng “%.40s” không được hỗ trợ; chỉ có linux/arm64, linux/armv7, linux/amd64, windows/amd64", r.Platform)
	case r.Version == "" || len(r.Version) > MaxReleaseVersionBytes || !utf8.ValidString(r.Version):
		return fmt.Errorf("phiên bản phải có từ 1 tới %d byte", MaxReleaseVersionBytes)
	case !validSum(r.SHA256):
		return fmt.Errorf("mã băm của bản cập nhật phải là sha256 dạng hex chữ thường")
	case r.Size <= 0 || r.Size > MaxReleaseBytes:
		return fmt.Errorf("bản cập nhật %d byte, phải từ 1 byte tới %d MiB", r.Size, MaxReleaseBytes>>20)
	case r.Installation != "" && !ValidInstallation(r.Installation):
		return fmt.Errorf("mã hệ thống của bản cập nhật không đúng dạng")
	}
	for _, c := range r.Version {
		if c < ' ' || c == 0x7f {
			return fmt.Errorf("phiên bản có ký tự điều khiển")
		}
	}
	return nil
}

func validSum(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Statement is what the key signs: every field a board relies on, each
// on its own line after a tag no other signed statement starts with, so
// a release signature can be taken for nothing else, and the reverse.
func (r *Release) Statement() []byte {
	b := make([]byte, 0, 160+len(r.Version))
	b = append(b, "codong player release v1\n"...)
	b = append(append(b, r.Installation...), '\n')
	b = append(append(b, r.Platform...), '\n')
	b = append(append(b, r.Version...), '\n')
	b = append(append(b, r.SHA256...), '\n')
	return strconv.AppendInt(b, r.Size, 10)
}

// SignRelease sets r's signature by priv.
func SignRelease(r *Release, priv ed25519.PrivateKey) {
	r.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, r.Statement()))
}

// VerifyRelease checks that pinned signed r for installation (the
// board's pinned installation; "" when the board has none pinned yet,
// then the release must name none either) and that its fields are
// within their limits.
func VerifyRelease(r *Release, pinned ed25519.PublicKey, installation string) error {
	if err := r.Check(); err != nil {
		return err
	}
	sig, err := base64.StdEncoding.DecodeString(r.Signature)
	if err != nil || len(pinned) != ed25519.PublicKeySize || r.Installation != installation {
		return ErrReleaseSignature
	}
	if !ed25519.Verify(pinned, r.Statement(), sig) {
		return ErrReleaseSignature
	}
	return nil
}

// Outcomes of an update, as a board reports them.
const (
	UpdateTaken      = "taken"       // the board runs the release
	UpdateRolledBack = "rolled_back" // the release did not link in time; the board went back
	UpdateRefused    = "refused"     // the release's signature, size or sha256 did not hold
)

// UpdateReport is what a board tells the controller of an update.
type UpdateReport struct {
	Release int64  `json:"release"`
	From    string `json:"from"`
	To      string `json:"to"`
	Outcome string `json:"outcome"`
	// Reason is a Vietnamese sentence for a failure.
	Reason string `json:"reason,omitempty"`
}

// MaxUpdateReportBytes bounds the body of an update report.
const MaxUpdateReportBytes = 4 << 10

// Check validates a report against its limits.
func (u *UpdateReport) Check() error {
	switch {
	case u.Outcome != UpdateTaken && u.Outcome != UpdateRolledBack && u.Outcome != UpdateRefused:
		return fmt.Errorf("kết quả cập nhật “%.20s” không có", u.Outcome)
	case len(u.From) > MaxReleaseVersionBytes || len(u.To) > MaxReleaseVersionBytes:
		return fmt.Errorf("phiên bản dài quá %d byte", MaxReleaseVersionBytes)
	case utf8.RuneCountInString(u.Reason) > maxStatusProblemRun || !utf8.ValidString(u.Reason):
		return fmt.Errorf("lý do dài quá %d ký tự", maxStatusProblemRun)
	}
	return nil
}
