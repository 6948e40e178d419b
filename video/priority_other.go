//go:build !unix

package video

// lowPriority leaves the process as it is where nice does not exist.
func lowPriority(int) {}
