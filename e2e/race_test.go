//go:build race

package e2e

// raceDetector: this test binary was built with -race, which makes the
// Go side of every test several times heavier on the CPU.
const raceDetector = true
