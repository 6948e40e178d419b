//go:build !unix

package controller

// lockDataDir does nothing where flock is missing: controllers run on
// Linux; only the player is built for Windows.
func lockDataDir(string) (unlock func(), err error) { return func() {}, nil }
