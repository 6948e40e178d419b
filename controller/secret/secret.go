// Package secret makes and checks the controller's secrets: bearer tokens
// (for API clients, boards and browser sessions) and user passwords.
// Tokens are random and long, so a plain sha256 is enough to store them;
// passwords are chosen by people, so they get a salted, slow PBKDF2.
package secret

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"codong/protocol"
)

// Token prefixes tell at a glance what a leaked token opens.
const (
	PrefixAPI     = "cda_"
	PrefixBoard   = protocol.BoardTokenPrefix
	PrefixSession = "cds_"
)

// NewToken returns a new token with 256 bits of randomness and the hash
// to store in its place.
func NewToken(prefix string) (token, hash string) {
	token = protocol.NewSecret(prefix)
	return token, HashToken(token)
}

// HashToken is how a presented token is looked up: the same hash the
// protocol uses, so a board's token and its revocation agree.
func HashToken(token string) string { return protocol.TokenHash(token) }

// NewPassword returns a random password for the first administrator:
// 20 characters from an alphabet without look-alikes (about 100 bits).
func NewPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// MinPasswordLength is the shortest password a person may set.
const MinPasswordLength = 12

// PasswordIterations follows OWASP's 2023 advice for PBKDF2-HMAC-SHA256.
const PasswordIterations = 600_000

// HashPassword returns "pbkdf2-sha256$ITER$SALT$KEY" with the default
// work factor.
func HashPassword(password string) (string, error) {
	return HashPasswordIter(password, PasswordIterations)
}

// HashPasswordIter is HashPassword with a chosen work factor; the factor
// is stored in the hash, so checking needs no configuration.
func HashPasswordIter(password string, iter int) (string, error) {
	salt := make([]byte, 16)
	rand.Read(salt)
	key, err := pbkdf2.Key(sha256.New, password, salt, iter, 32)
	if err != nil {
		return "", fmt.Errorf("secret: hash password: %w", err)
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", iter, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches a stored hash.
func CheckPassword(stored, password string) bool {
	parts := strings.Split(stored, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 || iter > 10_000_000 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[2])
	want, err2 := enc.DecodeString(parts[3])
	if err1 != nil || err2 != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}
