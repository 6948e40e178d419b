package player

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"codong/atomicfile"
	"codong/protocol"
)

// credentials are what a board needs to be itself: its secret token and
// the controller's public key, pinned at pairing (or on first contact for
// boards set up by hand with a token). Saved readable by the player's
// user only.
type credentials struct {
	Token         string `json:"token"`
	ControllerKey string `json:"controller_key,omitempty"`
	// FlagToken is the hash of the last --token adopted from the command
	// line, so that a flag left in a start-up script does not undo a
	// re-pairing or bring a revoked token back at every restart.
	FlagToken string `json:"flag_token,omitempty"`
	// BoardID and Revision bind what the board accepts: a manifest for
	// another board, or older than one already adopted, is refused even
	// when properly signed (a replay of congress day, say).
	BoardID  int64 `json:"board_id,omitempty"`
	Revision int64 `json:"revision,omitempty"`
	// Installation is the ID of the installation (the controller's
	// database) the board belongs to, pinned with the key at pairing or
	// from the first manifest that names one (boards paired before
	// installations had IDs). Manifests and revocations of another
	// installation are refused even when signed with the pinned key: a
	// controller started on an empty database beside the old key file
	// is not the one that paired the board.
	Installation string `json:"installation,omitempty"`
}

const credentialsFile = "board.json"

func (c *cache) credentials() (credentials, error) {
	var cr credentials
	data, err := os.ReadFile(filepath.Join(c.dir, credentialsFile))
	if errors.Is(err, os.ErrNotExist) {
		return cr, nil
	}
	if err != nil {
		return cr, err
	}
	if err := json.Unmarshal(data, &cr); err != nil {
		return cr, fmt.Errorf("tệp thông tin bảng %s bị hỏng: %w", credentialsFile, err)
	}
	return cr, nil
}

func (c *cache) saveCredentials(cr credentials) error {
	data, err := json.Marshal(cr)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(c.dir, credentialsFile), data, 0o600)
}

// forgetCredentials sends the board back to pairing: its token was
// revoked. The pictures stay, so it keeps showing its last content.
func (c *cache) forgetCredentials() error {
	err := os.Remove(filepath.Join(c.dir, credentialsFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// pinnedKey returns the controller key the board trusts, or nil.
func (cr credentials) pinnedKey() (ed25519.PublicKey, error) {
	if cr.ControllerKey == "" {
		return nil, nil
	}
	return protocol.ParseKey(cr.ControllerKey)
}
