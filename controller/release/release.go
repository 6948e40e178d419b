// Package release keeps the player builds a controller offers its
// boards: it checks a build, stores it in the data folder under its
// sha256, and signs it with the installation's key for the store to
// record.
package release

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"codong/atomicfile"
	"codong/controller/store"
	"codong/protocol"
)

// Dir is the data folder's directory of release files.
const Dir = "player-releases"

// PlayerPackage is the import path of the player's main package, as its
// build information names it.
const PlayerPackage = "codong/cmd/codong-player"

// VersionVar is the variable `go build -ldflags "-X …=V"` sets to give a
// player build its version.
const VersionVar = "main.version"

// Path is where the file of a release with sum is kept.
func Path(dataDir, sum string) string {
	return filepath.Join(dataDir, Dir, sum)
}

// Add checks the build in file, keeps it in dataDir and records it,
// signed with key for installation. version "" means read it from the
// build (a player built with -ldflags "-X main.version=V").
func Add(ctx context.Context, st *store.Store, a store.Actor, dataDir string, key ed25519.PrivateKey, installation, platform, version, file string) (protocol.Release, error) {
	if !protocol.ValidPlatform(platform) {
		return protocol.Release{}, fmt.Errorf("nền tảng “%s” không được hỗ trợ; chọn một trong: %s", platform, strings.Join(protocol.Platforms, ", "))
	}
	data, err := readBounded(file)
	if err != nil {
		return protocol.Release{}, err
	}
	built, builtVersion, err := readBuild(file)
	switch {
	case built != "" && built != platform:
		return protocol.Release{}, fmt.Errorf("tệp %s được dịch cho %s, không phải %s", file, built, platform)
	case version == "" && builtVersion == "":
		return protocol.Release{}, fmt.Errorf("không đọc được phiên bản trong tệp %s (%v); hãy ghi rõ --version", file, err)
	case version == "":
		version = builtVersion
	}
	sum := sha256.Sum256(data)
	r := protocol.Release{Platform: platform, Version: version, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Installation: installation}
	if err := r.Check(); err != nil {
		return r, err
	}
	protocol.SignRelease(&r, key)
	if err := os.MkdirAll(filepath.Join(dataDir, Dir), 0o700); err != nil {
		return r, err
	}
	if err := atomicfile.WriteFile(Path(dataDir, r.SHA256), data, 0o600); err != nil {
		return r, fmt.Errorf("lưu bản cập nhật: %w", err)
	}
	added, err := st.AddRelease(ctx, a, r)
	if errors.Is(err, store.ErrReleaseExists) {
		// Recorded already, maybe by another controller of the same
		// database: the file is now in this data folder too, which is
		// what a second controller needs to serve it.
		rs, lerr := st.Releases(ctx)
		if lerr != nil {
			return r, lerr
		}
		for _, known := range rs {
			if known.Platform == r.Platform && known.SHA256 == r.SHA256 {
				return known.Release, ErrKnown
			}
		}
	}
	return added, err
}

// ErrKnown: the build was recorded before; Add only put its file in
// the data folder.
var ErrKnown = errors.New("release: build known")

// readBounded reads a build of at most protocol.MaxReleaseBytes.
func readBounded(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp %s: %w", file, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, protocol.MaxReleaseBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("không đọc được tệp %s: %w", file, err)
	case len(data) > protocol.MaxReleaseBytes:
		return nil, fmt.Errorf("tệp %s lớn quá %d MiB", file, protocol.MaxReleaseBytes>>20)
	case len(data) == 0:
		return nil, fmt.Errorf("tệp %s trống", file)
	}
	return data, nil
}

// readBuild reads the platform and the version a Go build of the player
// carries ("" where it says none). A file that is not a Go build, or is
// the build of another program, gives no version.
func readBuild(file string) (platform, version string, err error) {
	bi, err := buildinfo.ReadFile(file)
	if err != nil {
		return "", "", err
	}
	set := map[string]string{}
	for _, s := range bi.Settings {
		set[s.Key] = s.Value
	}
	platform = set["GOOS"] + "/" + set["GOARCH"]
	if set["GOARCH"] == "arm" {
		platform = set["GOOS"] + "/armv" + strings.TrimSuffix(set["GOARM"], ",softfloat")
	}
	if set["GOOS"] == "" {
		platform = ""
	}
	if bi.Path != PlayerPackage {
		return platform, "", fmt.Errorf("tệp là bản dịch của %s, không phải codong-player", bi.Path)
	}
	return platform, ldflagsVersion(set["-ldflags"]), nil
}

// ldflagsVersion finds "-X main.version=V" in a build's -ldflags.
func ldflagsVersion(flags string) string {
	fields := strings.Fields(flags)
	for i, f := range fields {
		f = strings.Trim(f, `'"`)
		if f == "-X" && i+1 < len(fields) {
			f = strings.Trim(fields[i+1], `'"`)
		} else {
			f = strings.TrimPrefix(f, "-X=")
		}
		if v, ok := strings.CutPrefix(f, VersionVar+"="); ok {
			return v
		}
		if v, ok := strings.CutPrefix(f, PlayerPackage+".version="); ok {
			return v
		}
	}
	return ""
}
