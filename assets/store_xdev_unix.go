//go:build unix

package assets

import "syscall"

// errCrossDevice is rename's refusal across file systems.
var errCrossDevice error = syscall.EXDEV
