//go:build race

package main

// raceEnabled is set when the tests run with the race detector, which
// makes the corpus-wide searches of TestEveryWordFindsItsPosts take many
// minutes while finding no race: the Makefile runs that test again without it.
const raceEnabled = true
