//go:build !unix

package datalock

// Take does nothing where flock is missing: controllers run on
// Linux; only the player is built for Windows.
func Take(string) (unlock func(), err error) { return func() {}, nil }
