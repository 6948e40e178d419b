// Package controller wires the codong controller together: its Config,
// the Server, the one route table that names every handler of
// controller/api, controller/console and controller/link with its role,
// the one error handler, and start and stop. Everything else lives in the
// packages it wires (README's "where things are").
package controller

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"runtime"
	"time"

	"codong/controller/diskguard"
	"codong/controller/letterhead"
	"codong/controller/netguard"
	"codong/controller/secret"
	"codong/controller/signkey"
	"codong/controller/store"
	"codong/controller/upload"
	"codong/controller/wall"
)

// Letterhead heads the printed documents (controller/letterhead).
type Letterhead = letterhead.Head

// Config is everything the controller is started with.
type Config struct {
	// Addr is where to listen, e.g. "127.0.0.1:8080".
	Addr string
	// DataDir holds the database, rendered assets and extra fonts.
	DataDir string
	// Database, when set, is a PostgreSQL URL (postgres://…) used instead
	// of the SQLite file in DataDir.
	Database string
	// TLSCert and TLSKey, when set, serve HTTPS with that certificate
	// (e.g. from a private CA; players then take --ca).
	TLSCert, TLSKey string
	// Demo adds two demo boards, and Run plays them inside the process
	// as real players drawing in memory (RunDemoBoards); their tokens
	// and caches live under DataDir/demo.
	Demo bool
	// AdminPassword, when set, is the first administrator's password
	// instead of a generated one (CODONG_ADMIN_PASSWORD).
	AdminPassword string
	// PasswordIterations is the PBKDF2 work factor for new passwords;
	// 0 means secret.PasswordIterations. Tests lower it.
	PasswordIterations int
	// Letterhead, where a field is set, fixes that field of the printed
	// documents' head (the report upward, the Tờ trình) over what the
	// settings page stores; a field set nowhere prints as a dotted blank
	// to fill in by hand, never as a made-up name. New refuses a kind it
	// does not know.
	Letterhead Letterhead
	// Location is the time zone schedules are read in.
	Location *time.Location
	// Now is the clock manifests are issued by (boards follow it) and the
	// calendar counts from; nil means time.Now. Tests move it across the
	// days of a campaign.
	Now func() time.Time
	// OfflineAfter is how long a board may be unheard before the wall
	// marks it offline; 0 means wall.DefaultOfflineAfter. Tests shorten it.
	OfflineAfter time.Duration
	// Alert… are alert.Config's OfflineAfter (codong serve
	// --offline-after), GroupWait, Every and RetryFirst; zero: its defaults.
	// MailCA is a PEM file of the authority the mail server's certificate
	// is checked against (--mail-ca); empty: the system's.
	MailCA                                                         string
	AlertOfflineAfter, AlertGroupWait, AlertEvery, AlertRetryFirst time.Duration
	Logger                                                         *slog.Logger
	// Announce receives the lines a person must see once at start-up
	// (the generated password); nil means the logger.
	Announce func(string)

	// Resource caps (see netguard/connlimit.go, deadlines.go, handshakes.go and
	// render/render_budget.go for why each default is what it is); zero means
	// the default. Tests set them low.
	//
	// MaxConns bounds open connections in all; 0 means the open-file
	// limit less netguard.FileReserve under Run, netguard.FallbackMaxConns elsewhere.
	MaxConns int
	// MaxConnsPerAddress bounds open connections from one IPv4 address
	// or IPv6 /64.
	MaxConnsPerAddress int
	// MaxHandshakes bounds requests from players not yet authenticated
	// (websocket upgrades, picture downloads and pairing) being handled
	// at once.
	MaxHandshakes int
	// MaxRenders bounds slogans being rendered at once; 0 means one per
	// CPU (GOMAXPROCS).
	MaxRenders int
	// BodyTimeout is how long a request body may take to arrive.
	BodyTimeout time.Duration
	// MaxUploads bounds photo uploads being received and checked at once
	// (controller/upload/gate.go); MaxDecodeBytes the memory their decoded photos
	// hold at once.
	MaxUploads     int
	MaxDecodeBytes int64
	// DiskReserve is the reserve file kept in the data folder for the
	// database's writes on a full disk (controller/diskguard); PhotoQuota bounds the
	// bytes of photos' originals and renditions (store.MaxPhotoStoreBytes).
	DiskReserve int64
	PhotoQuota  int64
}

func (c *Config) dbPath() string {
	if c.Database != "" {
		return c.Database
	}
	return filepath.Join(c.DataDir, "codong.db")
}

// checkDatabase refuses a database that is not a PostgreSQL URL: a path
// there would silently be taken for a SQLite file outside the data folder.
func (c *Config) checkDatabase() error {
	if c.Database != "" && !store.IsPostgres(c.Database) {
		// Not echoed: a mistyped URL may still hold a password.
		return fmt.Errorf("--db không phải địa chỉ PostgreSQL (cần bắt đầu bằng postgres://); dạng đúng: postgres://NGƯỜI_DÙNG:MẬT_KHẨU@MÁY:5432/TÊN. Bỏ trống để dùng SQLite trong thư mục dữ liệu")
	}
	return nil
}
func (c *Config) assetDir() string { return filepath.Join(c.DataDir, "assets") }

// photoDir holds uploaded photos' originals, by sha256: apart from the
// assets, which boards may fetch, and which asset pruning may clear.
func (c *Config) photoDir() string { return filepath.Join(c.DataDir, "photos") }
func (c *Config) fontDir() string  { return filepath.Join(c.DataDir, "fonts") }

// uploadDir holds uploads' files while they are received and checked:
// on the data folder's disk, whose free space is watched, and where a
// kept original is moved without a copy.
func (c *Config) uploadDir() string { return filepath.Join(c.DataDir, "uploads") }

func (c *Config) withDefaults() Config {
	out := *c
	if out.Addr == "" {
		out.Addr = "127.0.0.1:8080"
	}
	if out.DataDir == "" {
		out.DataDir = "codong-data"
	}
	if out.PasswordIterations <= 0 {
		out.PasswordIterations = secret.PasswordIterations
	}
	if out.Logger == nil {
		out.Logger = slog.Default()
	}
	if out.Now == nil {
		out.Now = time.Now
	}
	if out.OfflineAfter <= 0 {
		out.OfflineAfter = wall.DefaultOfflineAfter
	}
	if out.Location == nil {
		out.Location = defaultLocation()
	}
	if out.MaxConns <= 0 {
		// Run sets it from the open-file limit before this.
		out.MaxConns = netguard.FallbackMaxConns
	}
	if out.MaxConnsPerAddress <= 0 {
		out.MaxConnsPerAddress = netguard.DefaultMaxConnsPerAddress
	}
	if out.MaxHandshakes <= 0 {
		out.MaxHandshakes = netguard.DefaultMaxHandshakes
	}
	if out.MaxRenders <= 0 {
		out.MaxRenders = runtime.GOMAXPROCS(0)
	}
	if out.BodyTimeout <= 0 {
		out.BodyTimeout = netguard.DefaultBodyTimeout
	}
	if out.MaxUploads <= 0 {
		out.MaxUploads = upload.DefaultMaxUploads
	}
	if out.MaxDecodeBytes <= 0 {
		out.MaxDecodeBytes = upload.DefaultDecodeBytes
	}
	if out.DiskReserve <= 0 {
		out.DiskReserve = diskguard.DefaultReserve
	}
	if out.PhotoQuota <= 0 {
		out.PhotoQuota = store.MaxPhotoStoreBytes
	}
	if out.Announce == nil {
		log := out.Logger
		out.Announce = func(s string) { log.Info(s) }
	}
	return out
}

// defaultLocation is Vietnam's time zone; the embedded tzdata provides
// it, the fixed zone is a last resort (Vietnam has no daylight saving).
func defaultLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}

// openStore opens the database; a PostgreSQL server that does not answer
// or refuses is said in Vietnamese, naming the server but never the
// password (the driver's words follow for the technician).
//
// A data folder that holds the signing key belongs to an installation
// whose boards pinned that key: its database must be there. Opening an
// empty one would start a new installation signing with the old key,
// and it would revoke every board that connects (it knows none of
// them). So then an empty or missing database is refused, and nothing
// is created; a new installation is made only in a folder with no key.
func (c *Config) openStore(ctx context.Context) (*store.Store, error) {
	open := store.Open
	if signkey.Exists(c.DataDir) {
		open = store.OpenExisting
	}
	st, err := open(ctx, c.dbPath())
	if errors.Is(err, store.ErrEmpty) {
		return nil, c.emptyDatabaseError()
	}
	if err != nil && c.Database != "" && !errors.Is(err, store.ErrNewerSchema) {
		where := "PostgreSQL"
		if u, perr := url.Parse(c.Database); perr == nil {
			where += " tại " + u.Host + u.Path
		}
		return nil, fmt.Errorf("không mở được cơ sở dữ liệu %s (kiểm tra máy chủ PostgreSQL đang chạy, tên người dùng, mật khẩu và tên cơ sở dữ liệu trong --db): %w", where, err)
	}
	return st, err
}

// emptyDatabaseError says why the controller does not start on an empty
// database beside a key, and the two ways on: restore, or start anew on
// purpose.
func (c *Config) emptyDatabaseError() error {
	key := filepath.Join(c.DataDir, signkey.File)
	what, restore := "cơ sở dữ liệu "+c.dbPath()+" không có hoặc trống", "chép lại tệp codong.db từ bản sao lưu mới nhất (bản do codong backup tạo) vào thư mục dữ liệu"
	if c.Database != "" {
		what, restore = "cơ sở dữ liệu PostgreSQL ở --db trống (chưa có bảng nào của codong; trỏ nhầm cơ sở dữ liệu?)", "kiểm tra --db trỏ đúng cơ sở dữ liệu của hệ thống, hoặc nạp lại bản pg_dump mới nhất vào đó"
	}
	return fmt.Errorf("không chạy: thư mục dữ liệu %s có khoá ký %s của một hệ thống đã chạy, nhưng %s. "+
		"Chạy tiếp sẽ lập một hệ thống mới ký bằng khoá cũ, không biết bảng nào, và mọi bảng kết nối tới sẽ bị thu hồi, tắt nội dung. "+
		"Để khôi phục: %s, rồi chạy lại (các bước ở docs/operations.md, mục “Khôi phục”). "+
		"Nếu thật sự muốn lập một hệ thống mới từ đầu: dời khoá đi (ví dụ mv %s %s.cu) rồi chạy lại; mọi bảng sẽ phải ghép nối lại",
		c.DataDir, signkey.File, what, restore, key, key)
}
