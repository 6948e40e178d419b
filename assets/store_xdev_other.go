//go:build !unix

package assets

import "errors"

// errCrossDevice: Windows' MoveFile moves across volumes itself.
var errCrossDevice = errors.New("assets: no cross-device rename error here")
