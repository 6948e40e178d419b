// Package signkey keeps the key the controller signs manifests with: one
// per installation, in the data folder, the same on every controller of
// a shared database.
package signkey

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"codong/atomicfile"
	"codong/controller/store"
	"codong/protocol"
)

// The controller signs every manifest with its ed25519 key; players pin
// the public key when they pair, so nobody between them can put content
// on a board. The key lives in the data directory, readable by the
// controller's user only; losing it means re-pairing every board.
const File = "controller.key"

// Exists reports whether the data folder holds a signing key (a missing
// one is made on the first start).
func Exists(dataDir string) bool {
	_, err := os.Lstat(filepath.Join(dataDir, File))
	return err == nil
}

// LoadOrCreate reads the signing key, creating it on first start.
func LoadOrCreate(dataDir string) (ed25519.PrivateKey, error) {
	return load(dataDir, true)
}

// load reads the signing key; a missing one is created when create,
// an error otherwise.
func load(dataDir string, create bool) (ed25519.PrivateKey, error) {
	path := filepath.Join(dataDir, File)
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

// Public is a key's public half as players pin it.
func Public(priv ed25519.PrivateKey) string {
	return protocol.EncodeKey(priv.Public().(ed25519.PublicKey))
}

// PublicKey returns the encoded public key of a data directory's
// controller, for `codong board add` to print.
func PublicKey(dataDir string) (string, error) {
	priv, err := LoadOrCreate(dataDir)
	if err != nil {
		return "", err
	}
	return Public(priv), nil
}

// ExistingPublicKey is PublicKey without creating a key: for commands
// that must change nothing before they are confirmed.
func ExistingPublicKey(dataDir string) (string, error) {
	priv, err := load(dataDir, false)
	if err != nil {
		return "", err
	}
	return Public(priv), nil
}

// Agree records key as the installation's in the database, or refuses a
// key other than the one recorded: every controller of an installation
// signs with one key, because boards pinned it and refuse manifests
// signed with another.
func Agree(ctx context.Context, st *store.Store, key ed25519.PrivateKey, dataDir string) error {
	var mismatch *store.KeyMismatchError
	if err := st.AgreeSigningKey(ctx, Public(key)); errors.As(err, &mismatch) {
		return fmt.Errorf("khoá ký của máy chủ này (%s, trong %s) khác khoá của cơ sở dữ liệu (%s) mà các bảng đã ghim: bảng sẽ từ chối mọi bản kê máy chủ này ký. "+
			"Mọi máy chủ của một hệ thống phải dùng cùng một tệp %s: hãy chép tệp đó từ máy chủ đầu tiên hay từ bản sao lưu vào thư mục dữ liệu này; nếu khoá đã mất hẳn, xem codong key replace (docs/operations.md)",
			Public(key), filepath.Join(dataDir, File), mismatch.Recorded, File)
	} else if err != nil {
		return err
	}
	return nil
}

// EmptyDatabaseError says why a controller does not start on an empty
// database (dbPath; postgres: the --db one) beside the key of dataDir,
// and the two ways on: restore, or start anew on purpose.
func EmptyDatabaseError(dataDir, dbPath string, postgres bool) error {
	key := filepath.Join(dataDir, File)
	what, restore := "cơ sở dữ liệu "+dbPath+" không có hoặc trống", "chép lại tệp codong.db từ bản sao lưu mới nhất (bản do codong backup tạo) vào thư mục dữ liệu"
	if postgres {
		what, restore = "cơ sở dữ liệu PostgreSQL ở --db trống (chưa có bảng nào của codong; trỏ nhầm cơ sở dữ liệu?)", "kiểm tra --db trỏ đúng cơ sở dữ liệu của hệ thống, hoặc nạp lại bản pg_dump mới nhất vào đó"
	}
	return fmt.Errorf("không chạy: thư mục dữ liệu %s có khoá ký %s của một hệ thống đã chạy, nhưng %s. "+
		"Chạy tiếp sẽ lập một hệ thống mới ký bằng khoá cũ, không biết bảng nào, và mọi bảng kết nối tới sẽ bị thu hồi, tắt nội dung. "+
		"Để khôi phục: %s, rồi chạy lại (các bước ở docs/operations.md, mục “Khôi phục”). "+
		"Nếu thật sự muốn lập một hệ thống mới từ đầu: dời khoá đi (ví dụ mv %s %s.cu) rồi chạy lại; mọi bảng sẽ phải ghép nối lại",
		dataDir, File, what, restore, key, key)
}
