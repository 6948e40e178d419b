package controller

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"codong/atomicfile"
)

// The controller signs every manifest with its ed25519 key; players pin
// the public key when they pair, so nobody between them can put content
// on a board. The key lives in the data directory, readable by the
// controller's user only; losing it means re-pairing every board.
const keyFile = "controller.key"

// loadOrCreateKey reads the signing key, creating it on first start.
func loadOrCreateKey(dataDir string) (ed25519.PrivateKey, error) {
	return loadKey(dataDir, true)
}

// loadKey reads the signing key; a missing one is created when create,
// an error otherwise.
func loadKey(dataDir string, create bool) (ed25519.PrivateKey, error) {
	path := filepath.Join(dataDir, keyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !create {
		return nil, fmt.Errorf("không có khoá ký %s; chạy codong serve với thư mục dữ liệu này một lần để tạo khoá", path)
	}
	if errors.Is(err, os.ErrNotExist) {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		enc := base64.StdEncoding.EncodeToString(priv.Seed()) + "\n"
		if err := atomicfile.WriteFile(path, []byte(enc), 0o600); err != nil {
			return nil, fmt.Errorf("lưu khoá ký %s: %w", path, err)
		}
		return priv, nil
	}
	if err != nil {
		return nil, fmt.Errorf("đọc khoá ký %s: %w", path, err)
	}
	seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("khoá ký %s bị hỏng; khôi phục từ bản sao lưu (tạo khoá mới sẽ buộc ghép nối lại mọi bảng)", path)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// PublicKey returns the encoded public key of a data directory's
// controller, for `codong board add` to print.
func PublicKey(dataDir string) (string, error) {
	priv, err := loadOrCreateKey(dataDir)
	if err != nil {
		return "", err
	}
	return encodePublic(priv), nil
}

// ExistingPublicKey is PublicKey without creating a key: for commands
// that must change nothing before they are confirmed.
func ExistingPublicKey(dataDir string) (string, error) {
	priv, err := loadKey(dataDir, false)
	if err != nil {
		return "", err
	}
	return encodePublic(priv), nil
}
