//go:build !race

package textfix

// raceEnabled is set when the tests run with the race detector, which
// makes kagome's dictionary ten times slower.
const raceEnabled = false
