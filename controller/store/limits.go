package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"codong/playlists"
	"codong/protocol"
)

// Limits of everything stored from outside, checked here, where each
// resource's rules live, whatever the door it came in by (API, web form,
// command line). Together they bound the manifest a board receives: the
// controller can never be made to cut a manifest too big to send (see
// TestWorstCaseManifestFits), which would cut every board off with no way
// to undo it from the console. docs/security.md lists them.
const (
	// MaxNameRunes bounds a board's, playlist's or API token's name: a
	// name is read on a phone's screen in one line or two.
	MaxNameRunes = 100
	// MaxUsernameRunes bounds a user name, typed at every login.
	MaxUsernameRunes = 50
	// MaxGroupRunes bounds a group's name.
	MaxGroupRunes = 50
	// MaxGroups bounds the groups of one controller: a province's
	// communes, each with a few places.
	MaxGroups = 500
	// MaxBoardGroups bounds the groups one board is in (its place, its
	// commune, its kind: three or four are usual).
	MaxBoardGroups = 10
	// MaxCommentRunes bounds a reviewer's comment: a few sentences.
	MaxCommentRunes = 1000
	// MaxPowerWindows bounds a board's dimming windows: night off, evening
	// dimmed, a lunch break leave room to spare.
	MaxPowerWindows = 8
	// MaxPlaylists bounds the playlists of one unit: a board's manifest
	// carries those of its unit and the units above it. A campaign has a
	// handful (before, during, after, the congress success, per hamlet).
	MaxPlaylists = 100
	// MaxTotalItems bounds the items of the playlists one board may get
	// (each may carry a 400-character slogan into its manifest): those of
	// the playlist's unit, the units above and the units under it.
	// MaxItems per playlist alone would allow 20,000.
	MaxTotalItems = 2000
	// MaxSlogans bounds the slogans of one unit, drafts included.
	MaxSlogans = 5000
	// MaxContentRows bounds slogans, photos and playlists of the whole
	// installation, each: a province's hundred communes and their
	// hamlets, with room; every publication reads the playlists.
	MaxContentRows = 50_000
	// MaxUsers and MaxTokens bound the accounts and API tokens: a
	// province's installation has some ten people in each of its ~100
	// communes and more in its hamlets and agencies, and the scripts
	// of each.
	MaxUsers  = 5000
	MaxTokens = 10000
	// MaxBoards bounds the boards of one controller: a province's
	// communes, with room (the fleet is measured at 10,000).
	MaxBoards = 20_000
	// MaxPhotos bounds the photos of one unit, drafts included: an
	// exhibition is a few dozen pictures, a campaign a few hundred.
	MaxPhotos = 2000
	// MaxPhotoBytes bounds one uploaded photo file: a phone's JPEG is 2
	// to 8 MB, a camera's a little more.
	MaxPhotoBytes = 20 << 20
	// MaxUploadBytes bounds one upload request: several photos at once
	// from a phone, and the form around them.
	MaxUploadBytes = 64 << 20
	// MaxPhotoSide and MaxPhotoPixels bound a photo's dimensions, read
	// from its header before any pixel is decoded: decoding holds four
	// bytes a pixel in memory, so a small file claiming a huge picture
	// (a decompression bomb) is refused unread. 50 megapixels is a 48 MP
	// phone camera's full picture.
	MaxPhotoSide   = 12_000
	MaxPhotoPixels = 50_000_000
	// MaxPhotoScans, MaxPhotoWork and MaxPhotoDecodeBytes bound the cost
	// of decoding a photo, read from its structure before a pixel is
	// decoded (assets.InspectPhoto). A JPEG's decoder walks every block
	// of the picture once per scan, however few bytes the scan holds:
	// libjpeg's progressive script writes 6 to 10 scans, optimisers a few
	// dozen, and the work of 16 passes over 50 megapixels is about a
	// second; a thousand empty scans over 49 megapixels were two minutes.
	// The bytes are what the decoded image holds in the type Go decodes
	// it into (16-bit PNG: 8 a pixel; progressive JPEG: 4 more a sample
	// for its coefficients; an EXIF-turned photo: its upright copy): a
	// 48 MP phone photo, 4:2:0 and turned, needs 264 MB.
	MaxPhotoScans       = 200
	MaxPhotoWork        = 16 * MaxPhotoPixels
	MaxPhotoDecodeBytes = 300 << 20
	// MaxPhotoStoreBytes bounds the disk taken by photos' originals and
	// every rendered picture (DATA/photos and DATA/assets, or the
	// database's photo_originals): MaxPhotos × MaxPhotoBytes would be 40
	// GiB, more than the disk of a commune's controller. A campaign's few
	// hundred photos at 8 MB and their renditions fit in 8 GiB.
	MaxPhotoStoreBytes = 8 << 30
	// MaxCaptionRunes bounds a photo's caption: one or two lines on the
	// band below the picture.
	MaxCaptionRunes = 200
	// MaxCountdowns bounds the approved countdown slogans: each carries
	// playlists.CountdownWindow pictures into every manifest. A campaign
	// counts down to a handful of congresses (commune, province, nation).
	MaxCountdowns = 50
	// MaxCountdownTextRunes bounds a countdown's text: the number written
	// in place of its placeholder (up to five digits, for a date before
	// MaxCountdownYear) must leave it within playlists.MaxTitleRunes.
	MaxCountdownTextRunes = playlists.MaxTitleRunes - 2
	// MinCountdownYear and MaxCountdownYear bound a countdown's date: a
	// year outside is a typo.
	MinCountdownYear = 2000
	MaxCountdownYear = 2099
)

// ErrInvalidInput is wrapped by every InvalidError.
var ErrInvalidInput = errors.New("store: invalid input")

// InvalidError says which field broke which rule; the controller says it
// to people in their language.
type InvalidError struct {
	Field   string // e.g. FieldBoardName
	Problem string // one of the Problem constants
	Limit   int    // the limit broken, where there is one
}

// Fields, as InvalidError names them.
const (
	FieldBoards       = "boards"
	FieldBoardName    = "board.name"
	FieldBoardSize    = "board.size"
	FieldGroup        = "group"
	FieldGroups       = "groups"
	FieldBoardGroups  = "board.groups"
	FieldPower        = "board.power"
	FieldScrollSpeed  = "board.scroll_speed"
	FieldPlaylistName = "playlist.name"
	FieldPlaylists    = "playlists"
	FieldItems        = "items"
	FieldSloganText   = "slogan.text"
	FieldSlogans      = "slogans"
	FieldDays         = "slot.days"
	FieldSlotEnd      = "slot.end"
	FieldSlotBoard    = "slot.board"
	FieldUsername     = "user.username"
	FieldUsers        = "users"
	FieldTokenName    = "token.name"
	FieldTokens       = "tokens"
	FieldComment      = "comment"
	// FieldVersion is the version an edit was made from.
	FieldVersion   = "version"
	FieldPhotos    = "photos"
	FieldPhotoName = "photo.name"
	FieldCaption   = "photo.caption"
	FieldPhotoFit  = "photo.fit"
	// A countdown's date and message, and the number of countdowns.
	FieldCountdownDate  = "slogan.countdown.date"
	FieldCountdownAfter = "slogan.countdown.after"
	FieldCountdowns     = "countdowns"
)

// Problems, as InvalidError names them.
const (
	ProblemEmpty     = "empty"     // nothing visible
	ProblemTooLong   = "too_long"  // more than Limit characters
	ProblemTooMany   = "too_many"  // more than Limit entries
	ProblemInvisible = "invisible" // control, format or bidirectional-override characters
	ProblemDuplicate = "duplicate" // the same entry twice
	ProblemRange     = "range"     // a number outside its bounds
	ProblemUnknown   = "unknown"   // not an allowed value, or refers to nothing that exists
	// ProblemUnconfirmed: a value that is easily a typo (a window ending
	// before it starts) was sent without the confirmation it needs.
	ProblemUnconfirmed = "unconfirmed"
	// ProblemPlaceholder: a countdown's text without exactly one
	// playlists.CountdownPlaceholder, or another text with one.
	ProblemPlaceholder = "placeholder"
	ProblemDate        = "date" // not a date as playlists.DateLayout, or out of bounds
)

func (e *InvalidError) Error() string {
	if e.Limit > 0 {
		return fmt.Sprintf("store: %s: %s (limit %d)", e.Field, e.Problem, e.Limit)
	}
	return fmt.Sprintf("store: %s: %s", e.Field, e.Problem)
}

func (e *InvalidError) Unwrap() error { return ErrInvalidInput }

func invalid(field, problem string, limit int) error {
	return &InvalidError{Field: field, Problem: problem, Limit: limit}
}

// CleanName returns a name as it is stored (NFC, outer spaces trimmed)
// or says why it cannot be one: it must show at least one letter or
// digit, and hold no invisible characters that could make two names look
// alike or reorder what is shown after it (bidirectional overrides,
// zero-width characters, controls).
func CleanName(field, s string, maxRunes int) (string, error) {
	s = strings.TrimSpace(norm.NFC.String(s))
	if utf8.RuneCountInString(s) > maxRunes {
		return "", invalid(field, ProblemTooLong, maxRunes)
	}
	if err := visibleText(field, s, false); err != nil {
		return "", err
	}
	return s, nil
}

// visibleText refuses text with nothing to read, or with characters that
// do not show as themselves. Line breaks are allowed where lines are.
func visibleText(field, s string, lines bool) error {
	if !utf8.ValidString(s) {
		return invalid(field, ProblemInvisible, 0)
	}
	seen := false
	for _, r := range s {
		switch {
		case lines && r == '\n':
		case unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zl, unicode.Zp), r == utf8.RuneError:
			return invalid(field, ProblemInvisible, 0)
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			seen = true
		}
	}
	if !seen {
		return invalid(field, ProblemEmpty, 0)
	}
	return nil
}

// Board sizes in pixels: the smallest LED module to the largest screen
// the renderer is asked for; the same bounds a player's pairing request
// is held to, so an adopted player is always a valid board.
const (
	MinBoardSide = protocol.MinPairSide
	MaxBoardSide = protocol.MaxPairSide
)

// cleanBoard checks a board's name, size and groups.
func cleanBoard(b *Board) error {
	var err error
	if b.Name, err = CleanName(FieldBoardName, b.Name, MaxNameRunes); err != nil {
		return err
	}
	if b.Width < MinBoardSide || b.Height < MinBoardSide || b.Width > MaxBoardSide || b.Height > MaxBoardSide {
		return invalid(FieldBoardSize, ProblemRange, MaxBoardSide)
	}
	b.Groups, err = cleanGroups(b.Groups)
	return err
}

// Bounds of a board's scroll speed setting, in pixels per second; 0
// means the default for the board's height (playlists.ScrollSpeed).
const (
	MinScrollSpeed = playlists.MinScrollSpeed
	MaxScrollSpeed = playlists.MaxScrollSpeed
)

// checkScrollSpeed checks a board's scroll speed setting.
func checkScrollSpeed(speed int) error {
	if speed != 0 && (speed < MinScrollSpeed || speed > MaxScrollSpeed) {
		return invalid(FieldScrollSpeed, ProblemRange, MaxScrollSpeed)
	}
	return nil
}

// scrollSpeedNote says a board's scroll speed setting for the audit log.
func scrollSpeedNote(speed int) string {
	if speed == 0 {
		return "tốc độ chữ chạy: mặc định"
	}
	return fmt.Sprintf("tốc độ chữ chạy: %d điểm ảnh/giây", speed)
}

// checkPower checks a board's dimming windows.
func checkPower(ws []playlists.PowerWindow) error {
	if len(ws) > MaxPowerWindows {
		return invalid(FieldPower, ProblemTooMany, MaxPowerWindows)
	}
	for i, w := range ws {
		if err := w.Validate(); err != nil {
			return err
		}
		if slices.Contains(ws[:i], w) {
			return invalid(FieldPower, ProblemDuplicate, 0)
		}
	}
	return nil
}

// cleanSlot checks a new schedule slot and keeps its days in order, once
// each (a day ticked twice means that day). A new slot names its days
// (none ticked is a mistake, not "every day") and confirms a window that
// runs past midnight.
func cleanSlot(sl *playlists.Slot) error {
	sl.Group = strings.TrimSpace(sl.Group)
	if err := sl.Validate(); err != nil {
		return err
	}
	if len(sl.Days) == 0 {
		return invalid(FieldDays, ProblemEmpty, 0)
	}
	if len(sl.Days) > 7 {
		return invalid(FieldDays, ProblemTooMany, 7)
	}
	days := slices.Clone(sl.Days)
	slices.Sort(days)
	sl.Days = slices.Compact(days)
	if sl.Crosses() != sl.Overnight {
		if !sl.Crosses() {
			sl.Overnight = false // nothing to confirm
		} else {
			return invalid(FieldSlotEnd, ProblemUnconfirmed, 0)
		}
	}
	return nil
}

// CheckSloganText refuses slogan text that is too long for any board
// (the manifest's size bound counts on it) or hides characters: what is
// approved must be what the board shows. The typesetter (assets) checks
// it can set the text.
func CheckSloganText(text string) error {
	if utf8.RuneCountInString(text) > playlists.MaxTitleRunes {
		return invalid(FieldSloganText, ProblemTooLong, playlists.MaxTitleRunes)
	}
	return visibleText(FieldSloganText, strings.TrimSpace(text), true)
}

// CheckSlogan checks a slogan's text and, for a countdown, its
// placeholder, date and message (the typesetter checks it can set them).
func CheckSlogan(b SloganBody) error {
	holders := strings.Count(b.Text, playlists.CountdownPlaceholder)
	c := b.Countdown
	if c == nil {
		if holders > 0 {
			return invalid(FieldSloganText, ProblemPlaceholder, 0)
		}
		return CheckSloganText(b.Text)
	}
	if holders != 1 {
		return invalid(FieldSloganText, ProblemPlaceholder, 0)
	}
	if utf8.RuneCountInString(b.Text) > MaxCountdownTextRunes {
		return invalid(FieldSloganText, ProblemTooLong, MaxCountdownTextRunes)
	}
	if err := CheckSloganText(b.Text); err != nil {
		return err
	}
	if d, err := time.Parse(playlists.DateLayout, c.Date); err != nil || d.Year() < MinCountdownYear || d.Year() > MaxCountdownYear {
		return invalid(FieldCountdownDate, ProblemDate, 0)
	}
	if utf8.RuneCountInString(c.After) > playlists.MaxTitleRunes {
		return invalid(FieldCountdownAfter, ProblemTooLong, playlists.MaxTitleRunes)
	}
	if strings.Contains(c.After, playlists.CountdownPlaceholder) {
		return invalid(FieldCountdownAfter, ProblemPlaceholder, 0)
	}
	return visibleText(FieldCountdownAfter, strings.TrimSpace(c.After), true)
}

// cleanCaption returns a photo's caption as stored (NFC, trimmed); an
// empty caption means the photo has no band.
func cleanCaption(c string) (string, error) {
	c = strings.TrimSpace(norm.NFC.String(c))
	if c == "" {
		return "", nil
	}
	if utf8.RuneCountInString(c) > MaxCaptionRunes {
		return "", invalid(FieldCaption, ProblemTooLong, MaxCaptionRunes)
	}
	return c, visibleText(FieldCaption, c, false)
}

// checkComment bounds a reviewer's comment.
func checkComment(c string) error {
	if utf8.RuneCountInString(c) > MaxCommentRunes {
		return invalid(FieldComment, ProblemTooLong, MaxCommentRunes)
	}
	return nil
}

// checkCount refuses one more row where count (a COUNT query) already
// reaches limit.
func checkCount(ctx context.Context, q querier, field string, limit int, count string, args ...any) error {
	var n int
	if err := q.QueryRowContext(ctx, count, args...).Scan(&n); err != nil {
		return err
	}
	if n >= limit {
		return invalid(field, ProblemTooMany, limit)
	}
	return nil
}
