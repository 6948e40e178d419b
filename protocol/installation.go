package protocol

// MaxInstallationBytes bounds an installation ID a player takes from a
// pairing ticket or a manifest and keeps in board.json. Controllers make
// 32 hex digits (128 random bits); the bound leaves room for longer.
const MaxInstallationBytes = 64

// ValidInstallation reports whether id has the form of an installation
// ID: 1 to MaxInstallationBytes lowercase hex digits.
func ValidInstallation(id string) bool {
	if id == "" || len(id) > MaxInstallationBytes {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
