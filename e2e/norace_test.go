//go:build !race

package e2e

// raceDetector: this test binary was built without -race.
const raceDetector = false
